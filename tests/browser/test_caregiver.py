"""Caregiver features in a real browser: a shared checklist across two devices, print-outs
that fit their page budget, and keyboard and axe checks on the new pages."""

import datetime
import subprocess

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from .helpers import PHONE, tab_to

pytestmark = pytest.mark.browser

PAPER = {"Letter": "Letter", "A4": "A4"}
PRINT_BUDGET = {"/checklists/print/": 1, "/my-journey/wallet-card/": 1}
#: What the fridge sheet must carry, whatever the paper (the seeds' center, a real name set below).
ON_THE_SHEET = ["100.4 °F (38.0 °C)", "(555) 010-0100", "(555) 010-0199", "911"]
LONG_NAME = "Lakeside Comprehensive Cancer Center and Research Hospital"


def pdf_pages(path):
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in out.splitlines() if line.startswith("Pages:")))


def set_dates_by_keyboard(page, base, infusion):
    page.goto(base + "/my-journey/")
    tab_to(page, "#id_infusion_date")
    page.keyboard.type(infusion.strftime("%m%d%Y"))
    tab_to(page, ".dates-form button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.locator("#timeline-heading")).to_be_visible()


def test_two_devices_share_one_checklist(live_seeded, browser):
    base = live_seeded
    patient = browser.new_context(viewport=PHONE)
    caregiver = browser.new_context(viewport=PHONE)
    try:
        p = patient.new_page()
        p.goto(base + "/")
        p.check("#product-yescarta")
        p.get_by_role("button", name="Start the journey").click()
        p.goto(base + "/checklists/")
        total = p.locator(".check-item").count()
        assert total >= 10
        expect(p.locator("#checklist-count")).to_have_text(f"{total} of {total} tasks left")

        # The patient ticks the first item by keyboard; htmx swaps it and keeps focus on it.
        first = p.locator(".check-item").first
        first_id = first.get_attribute("id")
        tab_to(p, f"#{first_id} button")
        p.keyboard.press("Enter")
        expect(p.locator(f"#{first_id} button")).to_have_attribute("aria-pressed", "true")
        expect(p.locator("#checklist-count")).to_have_text(f"{total - 1} of {total} tasks left")
        p.wait_for_function(
            f"() => document.activeElement === document.querySelector('#{first_id} button')",
            timeout=3000,
        )

        p.goto(base + "/my-journey/")
        p.get_by_role("button", name="Make a share link").click()
        share_url = p.locator("#share-link").input_value()
        assert share_url.startswith(base + "/j/")

        # The caregiver's phone opens the link, says yes, and sees the same ticks.
        c = caregiver.new_page()
        c.goto(share_url)
        expect(c.get_by_role("heading", level=1)).to_have_text("Follow this journey on this phone?")
        c.get_by_role("button", name="Follow this journey").click()
        expect(c).to_have_url(base + "/checklists/")
        expect(c.locator(".messages")).to_contain_text("You are now following this journey")
        expect(c.locator("#checklist-count")).to_have_text(f"{total - 1} of {total} tasks left")
        expect(c.locator(f"#{first_id} button")).to_have_attribute("aria-pressed", "true")
        second_id = c.locator(".check-item").nth(1).get_attribute("id")
        c.locator(f"#{second_id} button").click()
        expect(c.locator("#checklist-count")).to_have_text(f"{total - 2} of {total} tasks left")

        p.goto(base + "/checklists/")
        expect(p.locator(f"#{second_id} button")).to_have_attribute("aria-pressed", "true")

        # Turning sharing off kills the link, on the caregiver's phone too.
        p.goto(base + "/my-journey/")
        p.get_by_role("button", name="Turn sharing off…").click()
        # One tap is not enough: the next page asks, and "Keep sharing on" is the way back.
        expect(p.get_by_role("heading", level=1)).to_have_text("Turn sharing off?")
        expect(p.get_by_role("link", name="Keep sharing on")).to_be_visible()
        p.get_by_role("button", name="Yes, turn sharing off").click()
        c.goto(share_url)
        expect(c.get_by_role("heading", level=1)).to_have_text("This link does not work")
        c.goto(base + "/checklists/")
        expect(c.locator("#checklist-count")).to_have_text(f"{total} of {total} tasks left")
        expect(c.locator(".notice-box")).to_contain_text("This link was turned off.")
    finally:
        patient.close()
        caregiver.close()


def test_ticking_works_without_javascript(live_seeded, browser):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    try:
        page = context.new_page()
        page.goto(live_seeded + "/checklists/")
        total = page.locator(".check-item").count()
        item_id = page.locator(".check-item").nth(3).get_attribute("id")
        page.locator(f"#{item_id} button").click()
        expect(page).to_have_url(f"{live_seeded}/checklists/#{item_id}")
        expect(page.locator(f"#{item_id} button")).to_have_attribute("aria-pressed", "true")
        expect(page.locator("#checklist-count")).to_have_text(f"{total - 1} of {total} tasks left")
    finally:
        context.close()


def pdf_text(path):
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_print_outs_fit_their_page_budget(live_seeded, page, screenshot_dir, capsys):
    from journeys.models import CareCenter

    base = live_seeded
    CareCenter.objects.update(name=LONG_NAME)  # a real name makes the header longer
    page.set_viewport_size(PHONE)
    page.goto(base + "/")
    page.check("#product-aucatzyl")  # the product with the most caregiver items
    page.get_by_role("button", name="Start the journey").click()
    set_dates_by_keyboard(page, base, datetime.date.today() + datetime.timedelta(days=30))
    page.goto(base + "/checklists/")
    page.locator(".check-item button").first.click()
    expect(page.locator(".check-item.done")).to_have_count(1)

    out_dir = screenshot_dir.parent / "print"
    out_dir.mkdir(parents=True, exist_ok=True)
    figures = []
    for path, budget in PRINT_BUDGET.items():
        page.goto(base + path)
        page.emulate_media(media="print")
        assert page.locator(".site-nav").is_hidden() and page.locator(".help-now").is_hidden()
        for paper in PAPER:
            name = path.strip("/").replace("/", "-")
            pdf = out_dir / f"{name}-{paper}.pdf"
            page.pdf(path=str(pdf), format=paper, print_background=True)
            pages = pdf_pages(pdf)
            figures.append((path, paper, pages, pdf.stat().st_size))
            subprocess.run(
                ["pdftoppm", "-png", "-r", "50", str(pdf), str(out_dir / f"{name}-{paper}")],
                check=True,
            )
            assert pages <= budget, f"{path} on {paper} prints on {pages} pages (budget {budget})"
            if path == "/checklists/print/":
                text = " ".join(pdf_text(pdf).split())
                missing = [words for words in [*ON_THE_SHEET, LONG_NAME] if words not in text]
                assert not missing, f"{path} on {paper} lacks {missing}"
        page.emulate_media(media=None)
    with capsys.disabled():
        print("\nprint-outs (path, paper, pages, PDF bytes):")
        for row in figures:
            print("  ", *row)

    # Every caregiver item is on the sheet, nothing cut off.
    page.goto(base + "/checklists/print/")
    items = page.locator(".print-list li").count()
    page.goto(base + "/checklists/")
    assert items == page.locator(".check-item").count()


def test_new_pages_have_no_axe_violations(live_seeded, page):
    base = live_seeded
    page.set_viewport_size(PHONE)
    page.goto(base + "/")
    page.check("#product-yescarta")
    page.get_by_role("button", name="Start the journey").click()
    page.goto(base + "/my-journey/")
    page.fill(
        "#id_infusion_date", (datetime.date.today() + datetime.timedelta(days=20)).isoformat()
    )
    page.get_by_role("button", name="Show my timeline").click()
    page.goto(base + "/checklists/")
    page.locator(".check-item button").first.click()
    expect(page.locator(".check-item.done")).to_have_count(1)
    page.goto(base + "/my-journey/")
    page.get_by_role("button", name="Make a share link").click()

    axe = Axe()
    failures = {}
    for path in [
        "/my-journey/",
        "/checklists/",
        "/checklists/print/",
        "/my-journey/wallet-card/",
        "/my-journey/forget/",
    ]:
        page.goto(base + path)
        results = axe.run(page)
        if results.violations_count:
            failures[path] = results.generate_report()
    # Bad input pages too: a refused date and a dead share link.
    page.goto(base + "/my-journey/")
    page.fill("#id_infusion_date", "1990-01-01")
    page.get_by_role("button", name="Show my timeline").click()
    expect(page.locator(".error")).to_contain_text("more than two years ago")
    results = axe.run(page)
    if results.violations_count:
        failures["/my-journey/ (error)"] = results.generate_report()
    page.goto(base + "/j/not-a-real-token/")
    results = axe.run(page)
    if results.violations_count:
        failures["/j/…"] = results.generate_report()
    assert not failures, "\n\n".join(f"{k}\n{v}" for k, v in failures.items())


#: A credit card (ISO/IEC 7810 ID-1) is 85.6 × 54 mm; 96 CSS px to the inch.
CARD_MM = (85.6, 54.0)
PX_PER_MM = 96 / 25.4


def test_the_wallet_card_prints_at_card_size_with_the_clinician_side_in_english(
    live_seeded, browser, screenshot_dir
):
    """Issue 27 item 4: printed as a PDF on Letter and A4 (one page), every panel the size
    of a credit card with nothing cut off, the patient side in Spanish and the clinician
    side in English, the HIV-test note only for a lentiviral product."""
    from journeys.models import CareCenter

    base = live_seeded
    CareCenter.objects.update(name=LONG_NAME, address="1200 Lakeside Drive\nSpringfield, IL 62701")
    out_dir = screenshot_dir.parent / "print"
    out_dir.mkdir(parents=True, exist_ok=True)
    # A viewport as wide as the printed page (Letter less its margins), so the card is
    # measured as it prints; on a phone's screen it stacks (see site.css).
    for slug, lentiviral in (("carvykti", True), ("yescarta", False)):
        context = browser.new_context(viewport={"width": 820, "height": 1000})
        page = context.new_page()
        try:
            page.goto(base + "/")
            page.check(f"#product-{slug}")
            page.get_by_role("button", name="Start the journey").click()
            infusion = datetime.date.today() + datetime.timedelta(days=20)
            set_dates_by_keyboard(page, base, infusion)
            page.goto(base + "/es/my-journey/wallet-card/")
            page.emulate_media(media="print")
            for paper in PAPER:
                pdf = out_dir / f"wallet-card-{slug}-es-{paper}.pdf"
                page.pdf(path=str(pdf), format=paper, print_background=True)
                assert pdf_pages(pdf) == 1
                subprocess.run(
                    ["pdftoppm", "-png", "-r", "100", str(pdf), str(out_dir / pdf.stem)],
                    check=True,
                )
                # Without -layout, pdftotext reads each panel as its own block.
                plain = subprocess.run(
                    ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
                ).stdout
                text = " ".join(plain.split())
                for words in [
                    "Recibí terapia de células CAR-T",
                    "For doctors and nurses",
                    "CAR-T cell therapy: risk of CRS and neurologic toxicity;",
                    "contact the treating team.",
                    "Do not donate blood, organs, tissue or cells.",
                    "Treating team",
                    "Lakeside Comprehensive Cancer Center",
                    f"{infusion.day} {infusion:%b %Y}",
                ]:
                    assert words in text, f"{slug} card on {paper} lacks {words!r}"
                assert ("HIV nucleic-acid tests" in text) is lentiviral
            panels = page.locator(".wallet-card .card-panel")
            assert panels.count() == 4
            for i in range(4):
                box = panels.nth(i).bounding_box()
                width, height = box["width"] / PX_PER_MM, box["height"] / PX_PER_MM
                assert abs(width - CARD_MM[0]) < 1 and abs(height - CARD_MM[1]) < 1, (
                    i,
                    width,
                    height,
                )
                cut = panels.nth(i).evaluate("el => el.scrollHeight - el.clientHeight")
                assert cut <= 1, f"panel {i} of the {slug} card cuts off {cut}px of text"
        finally:
            context.close()
