"""A new infusion date after the log has readings, in a real browser at phone size (issue 30,
finding 2): the dates form says first what a new date does; a date that would put readings
outside the log's days asks, with the date typed still in the form, focus on the question,
in English with JavaScript and in Spanish without; after Yes every reading keeps its date,
and the print-out lists the ones now outside the log. A reading typed on a log page opened
before the change comes back under the date the page showed. axe finds nothing."""

import datetime
import io
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from .helpers import PHONE

pytestmark = pytest.mark.browser
OUT = Path("/tmp/log-browser")


def ago(days):
    return timezone.localdate() - datetime.timedelta(days=days)


def png():
    buffer = io.BytesIO()
    image = Image.new("L", (300, 100), 255)
    for x in range(40, 260):
        image.putpixel((x, 50 + (x % 20) - 10), 0)
    image.save(buffer, "PNG")
    return buffer.getvalue()


def start(page, base, days_ago):
    page.goto(base + "/")
    page.check("#product-yescarta")
    page.get_by_role("button", name="Start the journey").click()
    page.goto(base + "/my-journey/")
    page.fill("#id_infusion_date", ago(days_ago).isoformat())
    page.get_by_role("button", name="Show my timeline").click()
    expect(page.locator("#timeline-heading")).to_be_visible()


def write_log(days):
    """Readings at 08:00 on each of `days` (offsets) and a handwriting sample on the first."""
    from journeys.log.models import LogDay, LogEntry
    from journeys.log.services import log_taken_at
    from journeys.models import Journey

    journey = Journey.objects.get()
    for n, day in enumerate(days):
        LogEntry.objects.create(
            journey=journey,
            day=day,
            taken_at=log_taken_at(journey=journey, day=day, time=datetime.time(8, 0)),
            temperature="38.4" if n == 1 else "98.8",
            unit="F" if n != 1 else "C",
            key=f"{n + 1:032x}",
        )
    LogDay.objects.create(journey=journey, day=days[0], handwriting=png())
    return journey


def axe_clean(page):
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def test_a_new_infusion_date_asks_first_and_keeps_every_reading_on_its_date(live_seeded, browser):
    from journeys.log.models import LogEntry

    OUT.mkdir(exist_ok=True)
    base = live_seeded
    context = browser.new_context(viewport=PHONE)
    try:
        page = context.new_page()
        start(page, base, days_ago=6)
        # Yescarta's log starts on day -5 (the baseline before chemotherapy).
        write_log([-5, 0, 3, 6])
        page.goto(base + "/my-journey/")
        hint = page.locator("#id_infusion_date_helptext")
        expect(hint).to_contain_text("If you change this date, the log counts its days again")

        page.fill("#id_infusion_date", ago(4).isoformat())  # two days later
        page.get_by_role("button", name="Show my timeline").click()
        ask = page.locator("#dates-ask")
        expect(ask).to_be_visible()
        expect(ask).to_contain_text("1 reading and 1 handwriting sample")
        expect(ask).to_contain_text("(day -5 to day 28)")
        expect(ask).to_contain_text("print-out")
        # Focus is on the question, which is on the first screen; the date typed is kept.
        page.wait_for_function("() => document.activeElement.id === 'dates-ask'")
        assert ask.bounding_box()["y"] < PHONE["height"]
        expect(page.locator("#id_infusion_date")).to_have_value(ago(4).isoformat())
        page.screenshot(path=str(OUT / "dates-ask-en.png"))
        page.screenshot(path=str(OUT / "dates-ask-en-full.png"), full_page=True)
        axe_clean(page)

        ask.get_by_role("button", name="Yes, change the date to").click()
        expect(page.locator(".messages")).to_contain_text("each reading kept the date")
        days = dict(LogEntry.objects.values_list("temperature", "day"))
        assert sorted(LogEntry.objects.values_list("day", flat=True)) == [-7, -2, 1, 4]
        assert days[next(t for t in days if str(t) == "38.4")] == -2

        page.goto(base + "/my-journey/log/")
        note = page.locator("#log-outside")
        expect(note).to_contain_text("1 reading is from a day outside the log's days.")
        expect(note).to_contain_text("1 handwriting sample is from a day outside")
        page.screenshot(path=str(OUT / "log-outside-en.png"))
        axe_clean(page)

        page.goto(base + "/my-journey/log/print/")
        first = page.locator("table.log-table tbody tr").first
        expect(first).to_contain_text("Day -7")
        expect(first).to_contain_text("(outside the log's days)")
        expect(page.locator(".thumb-list li").first).to_contain_text("(outside the log's days)")
        page.screenshot(path=str(OUT / "log-print-outside-en.png"), full_page=True)
        axe_clean(page)
    finally:
        context.close()


def test_the_question_without_javascript_in_spanish(live_seeded, browser):
    OUT.mkdir(exist_ok=True)
    base = live_seeded
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    try:
        page = context.new_page()
        start(page, base, days_ago=6)
        write_log([-5, 0, 3])
        page.goto(base + "/es/my-journey/")
        page.fill("#id_infusion_date", ago(4).isoformat())
        page.locator("form.dates-form button[type=submit]").last.click()
        ask = page.locator("#dates-ask")
        expect(ask).to_contain_text("1 anotación y 1 muestra de letra")
        expect(ask).to_contain_text("No se borra nada")
        expect(page.locator("#id_infusion_date")).to_have_value(ago(4).isoformat())
        page.screenshot(path=str(OUT / "dates-ask-es-nojs.png"))
        # axe runs as a script in the page: the same question, on the same journey, with it.
        scripted = browser.new_context(viewport=PHONE, storage_state=context.storage_state())
        try:
            js = scripted.new_page()
            js.goto(base + "/es/my-journey/")
            js.fill("#id_infusion_date", ago(4).isoformat())
            js.locator("form.dates-form button[type=submit]").last.click()
            expect(js.locator("#dates-ask")).to_contain_text("No se borra nada")
            axe_clean(js)
        finally:
            scripted.close()
        ask.get_by_role("button", name="Sí, cambiar la fecha").click()
        expect(page.locator(".messages")).to_contain_text("cada anotación conservó la fecha")
    finally:
        context.close()


def test_a_log_page_opened_before_the_change_puts_the_reading_under_its_date(live_seeded, browser):
    """The patient's phone has the log open on today (day 3); the caregiver's phone (or
    another tab) corrects the infusion date to a day earlier. The reading typed on the old
    page is not stored under day 3 (now yesterday): the whole log comes back renumbered,
    the reading as typed under today (day 4), focus on the reason."""
    from journeys.log.models import LogEntry

    OUT.mkdir(exist_ok=True)
    base = live_seeded
    context = browser.new_context(viewport=PHONE)
    try:
        page = context.new_page()
        start(page, base, days_ago=3)
        page.goto(base + "/my-journey/log/")
        today = page.locator("#day-3")
        today.get_by_label("Temperature").fill("101.2")

        other = context.new_page()  # the same journey on another tab
        other.goto(base + "/my-journey/")
        other.fill("#id_infusion_date", ago(4).isoformat())
        other.get_by_role("button", name="Show my timeline").click()
        expect(other.locator(".messages")).to_be_visible()
        other.close()

        today.get_by_role("button", name="Save this entry").click()
        moved = page.locator("#day-4")
        expect(moved.locator("div.errorlist")).to_contain_text(
            "The dates changed since this page was opened"
        )
        expect(moved.get_by_label("Temperature")).to_have_value("101.2")
        page.wait_for_function("() => document.activeElement.classList.contains('errorlist')")
        assert LogEntry.objects.count() == 0
        expect(page.locator("#day-3 h2")).to_contain_text(ago(1).strftime("%B ") + str(ago(1).day))
        page.screenshot(path=str(OUT / "log-moved-form.png"))
        axe_clean(page)
        moved.get_by_role("button", name="Save this entry").click()
        expect(page.locator("#day-4 .log-entry")).to_contain_text("101.2")
        entry = LogEntry.objects.get()
        assert entry.day == 4
        assert timezone.localtime(entry.taken_at).date() == timezone.localdate()
    finally:
        context.close()
