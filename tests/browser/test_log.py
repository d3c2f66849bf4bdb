"""The daily check log in a real browser (phone size): two devices, call instructions, the
handwriting pad by touch and by mouse, keyboard-only and no-JavaScript entries, axe, print-outs."""

import datetime
import re
import subprocess
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import expect

from .helpers import PHONE, tab_to

pytestmark = pytest.mark.browser
OUT = Path("/tmp/log-browser")
DAYS_AGO = 2


def pdf_pages(path):
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in out.splitlines() if line.startswith("Pages:")))


def start_patient(page, base, product="yescarta"):
    """Choose a product and set an infusion date DAYS_AGO days ago (the server's today)."""
    page.goto(base + "/")
    page.check(f"#product-{product}")
    page.get_by_role("button", name="Start the journey").click()
    page.goto(base + "/my-journey/")
    infusion = timezone.localdate() - datetime.timedelta(days=DAYS_AGO)
    page.fill("#id_infusion_date", infusion.isoformat())
    page.get_by_role("button", name="Show my timeline").click()
    expect(page.locator("#timeline-heading")).to_be_visible()
    page.goto(base + "/my-journey/log/")
    expect(page.locator(f"#day-{DAYS_AGO}")).to_be_visible()


def today_section(page):
    return page.locator(f"#day-{DAYS_AGO}")


def add_entry(page, *, temperature="", unit="°F", signs=()):
    day = today_section(page)
    form = day.locator("form.log-form").first
    form.get_by_label("Temperature").fill(temperature)
    form.get_by_label(unit, exact=True).check()
    for sign in signs:
        form.get_by_label(sign, exact=True).check()
    count = day.locator(".log-entry").count()
    form.get_by_role("button", name="Save this entry").click()
    expect(today_section(page).locator(".log-entry")).to_have_count(count + 1)


def test_patient_and_caregiver_share_the_log_and_see_the_call_instructions(live_seeded, browser):
    OUT.mkdir(exist_ok=True)
    base = live_seeded
    patient = browser.new_context(viewport=PHONE)
    caregiver = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True)
    try:
        p = patient.new_page()
        start_patient(p, base)
        add_entry(p, temperature="38,2", unit="°C")
        entry = today_section(p).locator(".log-entry").last
        calls = entry.locator(".log-calls")
        expect(calls).to_contain_text("This temperature is 100.4 °F (38.0 °C) or higher")
        expect(calls).to_contain_text("Call your care team now.")
        expect(calls).to_contain_text("(555) 010-0199")
        expect(calls).to_contain_text("(555) 010-0100")
        expect(entry).to_contain_text("38.2 °C (100.8 °F)")
        # The new entry has the focus (htmx swapped the day in).
        p.wait_for_function("() => document.activeElement.classList.contains('entry-line')")
        p.screenshot(path=str(OUT / "log-fever.png"), full_page=True)

        p.goto(base + "/my-journey/")
        p.get_by_role("button", name="Make a share link").click()
        share_url = p.locator("#share-link").input_value()

        c = caregiver.new_page()
        c.goto(share_url)
        c.get_by_role("button", name="Follow this journey").click()
        c.get_by_role("link", name="Daily check log").click()
        expect(today_section(c)).to_contain_text("38.2 °C")
        add_entry(c, signs=["Confusion, trouble with words, or very sleepy"])
        entry = today_section(c).locator(".log-entry").last
        expect(entry.locator(".log-calls")).to_contain_text(
            "Confusion, trouble with words, or very sleepy:"
        )
        expect(entry.locator(".log-calls")).to_contain_text("Call your care team now.")
        c.screenshot(path=str(OUT / "log-sign.png"), full_page=True)

        p.goto(base + "/my-journey/log/")
        expect(today_section(p).locator(".log-entry")).to_have_count(2)
        expect(today_section(p)).to_contain_text("Confusion, trouble with words, or very sleepy")
        # The unit picked last is remembered on the patient's phone.
        expect(today_section(p).get_by_label("°C", exact=True)).to_be_checked()

        # Handwriting: a past day takes a picture of the sentence written that day (the
        # printed sheet), never the pad (tests/test_log_end.py); today's pad by touch on the
        # caregiver's phone, then again by mouse on the patient's (one sample a day: the
        # newest is kept).
        c.goto(base + "/my-journey/log/?day=0")
        expect(c.locator("#day-0 canvas")).to_have_count(0)
        c.locator("#day-0 input[type=file]").set_input_files(
            {"name": "day0.png", "mimeType": "image/png", "buffer": sample_png()}
        )
        c.locator("#day-0").get_by_role("button", name="Upload").click()
        expect(c.locator("#day-0 .compare img")).to_have_count(1)

        c.goto(base + "/my-journey/log/")
        draw_by_touch(c, today_section(c).locator("canvas"))
        today_section(c).get_by_role("button", name="Save the handwriting").click()
        expect(today_section(c).locator(".saved-note")).to_be_visible(timeout=15000)
        expect(today_section(c).locator(".compare img")).to_have_count(2)

        p.goto(base + "/my-journey/log/")
        draw_by_mouse(p, today_section(p).locator("canvas"))
        today_section(p).get_by_role("button", name="Save the handwriting").click()
        # The save encodes the canvas, posts it and swaps the day in: slow on a busy machine.
        expect(today_section(p).locator(".saved-note")).to_be_visible(timeout=15000)
        compare = today_section(p).locator(".compare img")
        expect(compare).to_have_count(2)
        expect(compare.nth(0)).to_have_attribute("alt", "Handwriting from day 0")
        expect(compare.nth(1)).to_have_attribute("alt", f"Handwriting from day {DAYS_AGO}")
        loaded = "() => [...document.querySelectorAll('.compare img')]"
        p.wait_for_function(loaded + ".every(i => i.complete && i.naturalWidth > 0)")
        p.screenshot(path=str(OUT / "log-handwriting.png"), full_page=True)

        from journeys.log.models import LogDay

        assert sorted(LogDay.objects.values_list("day", flat=True)) == [0, DAYS_AGO]
        assert all(
            bytes(row.handwriting)[:8] == b"\x89PNG\r\n\x1a\n" for row in LogDay.objects.all()
        )
    finally:
        patient.close()
        caregiver.close()


def sample_png():
    import io

    from PIL import Image

    image = Image.new("L", (600, 200), 255)
    for x in range(40, 400):
        image.putpixel((x, 100 + (x % 7)), 0)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def draw_by_touch(page, canvas):
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    cdp = page.context.new_cdp_session(page)
    x0, y = box["x"] + 20, box["y"] + box["height"] / 2
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x0, "y": y}]})
    for step in range(1, 20):
        point = {"x": x0 + step * 10, "y": y + (step % 4) * 5}
        cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [point]})
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    assert page.locator("form[data-handwriting][data-drawn='1']").count() == 1


def draw_by_mouse(page, canvas):
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    x0, y = box["x"] + 20, box["y"] + box["height"] / 2
    page.mouse.move(x0, y)
    page.mouse.down()
    for step in range(1, 20):
        page.mouse.move(x0 + step * 12, y - (step % 3) * 6)
    page.mouse.up()
    assert page.locator("form[data-handwriting][data-drawn='1']").count() == 1


def test_keyboard_only_and_without_javascript(live_seeded, browser):
    base = live_seeded
    context = browser.new_context(viewport=PHONE)
    try:
        page = context.new_page()
        start_patient(page, base)
        field = today_section(page).locator("input[name=temperature]")
        tab_to(page, f"#{field.get_attribute('id')}")
        page.keyboard.type("99.1")
        tab_to(page, f"#day-{DAYS_AGO} form.log-form button[type=submit]")
        page.keyboard.press("Enter")
        expect(today_section(page).locator(".log-entry")).to_have_count(1)
        expect(today_section(page)).to_contain_text("99.1 °F (37.3 °C)")
        expect(today_section(page).locator(".log-calls")).to_have_count(0)
        # A bad value, by keyboard: the form comes back with the message tied to the field.
        field = today_section(page).locator("input[name=temperature]")
        tab_to(page, f"#{field.get_attribute('id')}")
        page.keyboard.type("１００")
        tab_to(page, f"#day-{DAYS_AGO} form.log-form button[type=submit]")
        page.keyboard.press("Enter")
        expect(today_section(page).locator(".form-problem")).to_be_focused()
        field = today_section(page).locator("input[name=temperature]")
        expect(field).to_have_attribute("aria-invalid", "true")
        expect(field).to_have_value("１００")
        expect(today_section(page).locator(".log-entry")).to_have_count(1)
        page.screenshot(path=str(OUT / "log-error.png"), full_page=True)
        cookies = context.cookies()
    finally:
        context.close()

    nojs = browser.new_context(viewport=PHONE, java_script_enabled=False)
    try:
        nojs.add_cookies(cookies)
        page = nojs.new_page()
        page.goto(base + "/my-journey/log/")
        expect(today_section(page).locator("[data-pad]")).to_be_hidden()
        form = today_section(page).locator("form.log-form")
        form.get_by_label("Temperature").fill("100.4")
        form.get_by_role("button", name="Save this entry").click()
        expect(page).to_have_url(re.compile(rf"/my-journey/log/\?day={DAYS_AGO}#entry-\d+$"))
        expect(today_section(page).locator(".log-entry")).to_have_count(2)
        expect(today_section(page).locator(".log-calls")).to_contain_text(
            "This temperature is 100.4 °F (38.0 °C) or higher"
        )
        # Remove and undo without JavaScript.
        today_section(page).get_by_role("button", name="Remove the").last.click()
        expect(today_section(page)).to_contain_text("entry was removed")
        today_section(page).get_by_role("button", name="Undo").click()
        expect(today_section(page).locator(".log-calls")).to_have_count(1)
    finally:
        nojs.close()


def test_log_pages_have_no_axe_violations_and_print(live_seeded, browser):
    OUT.mkdir(exist_ok=True)
    base = live_seeded
    context = browser.new_context(viewport=PHONE)
    try:
        page = context.new_page()
        start_patient(page, base)
        add_entry(page, temperature="38.2", unit="°C")
        add_entry(
            page, temperature="98.6", unit="°F", signs=["Trouble breathing or catching your breath"]
        )
        draw_by_mouse(page, today_section(page).locator("canvas"))
        today_section(page).get_by_role("button", name="Save the handwriting").click()
        # Encoding, posting and swapping the day in: slow on a busy machine (as above).
        expect(today_section(page).locator(".compare img")).to_have_count(1, timeout=15000)
        axe = Axe()
        failures = {}
        states = {
            "log": "/my-journey/log/",
            "log day 0": "/my-journey/log/?day=0",
            "print": "/my-journey/log/print/",
            "blank": "/my-journey/log/blank/",
        }
        for name, path in states.items():
            page.goto(base + path)
            results = axe.run(page)
            if results.violations_count:
                failures[name] = results.generate_report()
        page.goto(base + "/my-journey/log/")
        today_section(page).get_by_role("link", name="Correct").first.click()
        expect(today_section(page).locator("form.editing")).to_be_visible()
        results = axe.run(page)
        if results.violations_count:
            failures["correcting"] = results.generate_report()
        today_section(page).locator("form.editing input[name$=temperature]").fill("50")
        today_section(page).get_by_role("button", name="Save the correction").click()
        expect(today_section(page).locator(".form-problem")).to_be_visible()
        results = axe.run(page)
        if results.violations_count:
            failures["correction refused"] = results.generate_report()
        for name, report in failures.items():
            print(f"\n===== axe: {name} =====\n{report}")
        assert not failures, f"axe violations: {', '.join(failures)}"

        figures = []
        for path, name, budget in [
            ("/my-journey/log/print/", "log-print", 1),
            ("/my-journey/log/blank/?through=14", "log-blank-14", 2),
        ]:
            page.goto(base + path)
            page.emulate_media(media="print")
            assert page.locator(".site-nav").is_hidden()
            for paper in ["Letter", "A4"]:
                pdf = OUT / f"{name}-{paper}.pdf"
                page.pdf(path=str(pdf), format=paper, print_background=True)
                pages = pdf_pages(pdf)
                figures.append((path, paper, pages))
                subprocess.run(
                    ["pdftoppm", "-png", "-r", "60", str(pdf), str(OUT / f"{name}-{paper}")],
                    check=True,
                )
                assert pages == budget, f"{path} on {paper}: {pages} pages, expected {budget}"
            page.emulate_media(media=None)
        print("\nlog print-outs (path, paper, pages):", figures)
    finally:
        context.close()


def test_a_full_log_of_28_days_prints_readably(live_seeded, browser):
    """28 days x 4 entries and a handwriting image a day: the table and the thumbnails."""
    from journeys.log.models import LogDay, LogEntry
    from journeys.log.services import log_taken_at
    from journeys.models import Journey

    from ..test_log import png

    OUT.mkdir(exist_ok=True)
    context = browser.new_context(viewport=PHONE)
    try:
        page = context.new_page()
        start_patient(page, live_seeded)
        journey = Journey.objects.get()
        journey.infusion_date = timezone.localdate() - datetime.timedelta(days=28)
        journey.save(update_fields=["infusion_date"])
        for day in range(28):
            LogDay.objects.create(journey=journey, day=day, handwriting=png((1200, 400)))
            for n, value in enumerate(["98.6", "99.5", "100.4", "99.0"]):
                LogEntry.objects.create(
                    journey=journey,
                    day=day,
                    taken_at=log_taken_at(
                        journey=journey, day=day, time=datetime.time(6 + n * 5, 0)
                    ),
                    temperature=value,
                    unit="F",
                    key=f"{day:04d}{n:028d}",
                )
        page.goto(live_seeded + "/my-journey/log/print/")
        expect(page.locator(".log-table tbody tr")).to_have_count(28)
        expect(page.locator(".thumb-list img")).to_have_count(28)
        page.emulate_media(media="print")
        for paper in ["Letter", "A4"]:
            pdf = OUT / f"log-print-28-{paper}.pdf"
            page.pdf(path=str(pdf), format=paper, print_background=True)
            subprocess.run(
                ["pdftoppm", "-png", "-r", "50", str(pdf), str(OUT / f"log-print-28-{paper}")],
                check=True,
            )
            pages = pdf_pages(pdf)
            print(f"\n28-day log on {paper}: {pages} pages")
            assert pages <= 3, f"{paper}: {pages} pages"
    finally:
        context.close()


def test_at_the_days_cap_the_form_says_so_and_keeps_what_was_typed(live_seeded, browser, settings):
    """Issue 29, item 2: with JavaScript (htmx) and in Spanish, the cap's message is
    announced and focused, the typed value stays, and no entry is added."""
    OUT.mkdir(exist_ok=True)
    settings.LOG_MAX_ENTRIES_PER_DAY = 1
    context = browser.new_context(viewport=PHONE)
    try:
        page = context.new_page()
        start_patient(page, live_seeded)
        add_entry(page, temperature="98.6")
        form = today_section(page).locator("form.log-form").first
        form.get_by_label("Temperature").fill("99.5")
        form.get_by_role("button", name="Save this entry").click()
        problem = today_section(page).locator(".errorlist[role=alert]")
        expect(problem).to_contain_text("the most entries the log keeps for one day")
        expect(problem).to_be_focused()
        expect(today_section(page).locator("input[name=temperature]")).to_have_value("99.5")
        expect(today_section(page).locator(".log-entry")).to_have_count(1)
        page.screenshot(path=str(OUT / "log-cap.png"), full_page=True)
        page.goto(live_seeded + "/es/my-journey/log/")
        form = today_section(page).locator("form.log-form").first
        form.locator("input[name=temperature]").fill("99.5")
        form.locator("button[type=submit]").click()
        expect(today_section(page).locator(".errorlist[role=alert]")).to_contain_text(
            "el máximo de anotaciones que guarda el registro"
        )
        page.screenshot(path=str(OUT / "log-cap-es.png"), full_page=True)
    finally:
        context.close()
