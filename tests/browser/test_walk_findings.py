"""The phone walk's look-and-feel findings of issue 30, checked in Chromium."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .helpers import PHONE
from .test_log import start_patient, today_section

pytestmark = pytest.mark.browser
OUT = Path("/tmp/walk-findings")


def test_log_and_packet_checkboxes_are_not_styled_as_check_questions(live_seeded, browser):
    """Item 6: the stage check section's style (`.check`: a 3 px bar and 2 rem above) landed
    on every warning-sign checkbox of the log and on the packet builder's choices."""
    OUT.mkdir(exist_ok=True)
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    try:
        start_patient(page, live_seeded)
        boxes = today_section(page).locator("form.log-form label:has(input[type=checkbox])")
        assert boxes.count() > 5
        style = boxes.first.evaluate(
            "el => { const s = getComputedStyle(el);"
            " return [s.borderTopWidth, s.marginTop, s.paddingTop]; }"
        )
        assert style[0] == "0px" and style[1] == "0px", style
        page.screenshot(path=str(OUT / "log-signs.png"), full_page=True)

        page.goto(live_seeded + "/print/")
        choice = page.locator(".packet-form label:has(input[type=checkbox])").first
        assert choice.evaluate("el => getComputedStyle(el).borderTopWidth") == "0px"

        # The stage check section keeps its own bar.
        page.goto(live_seeded + "/journey/infusion/")
        section = page.locator("#check-section")
        if section.count():
            assert section.evaluate("el => getComputedStyle(el).borderTopWidth") == "3px"
    finally:
        context.close()


def test_a_form_answer_lands_on_its_section_at_once(live_seeded, browser):
    """Item 20: after "Make a share link" the page slid to #share for 1-2 s (smooth scrolling
    on a long page); it must be there as soon as the page has loaded."""
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    try:
        start_patient(page, live_seeded)
        page.goto(live_seeded + "/my-journey/")
        page.get_by_role("button", name="Make a share link").click()
        page.wait_for_url("**/my-journey/#share")
        page.wait_for_load_state("load")
        top = page.evaluate("document.getElementById('share').getBoundingClientRect().top")
        assert -2 <= top <= 60, top
    finally:
        context.close()


def test_no_javascript_hints_stay_hidden_after_swaps_and_back_breaks_no_csp(live_seeded, browser):
    """Item 19: after an htmx swap the "without JavaScript" hints came back, and the browser's
    back button logged Content-Security-Policy errors for inline styles."""
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    csp_errors = []
    page.on(
        "console",
        lambda m: csp_errors.append(m.text) if "Content Security Policy" in m.text else None,
    )
    try:
        start_patient(page, live_seeded)
        day = today_section(page)
        assert day.locator(".no-js-hint").count() > 0
        expect(day.locator(".no-js-hint").first).to_be_hidden()
        form = day.locator("form.log-form").first
        form.get_by_label("Temperature").fill("98.6")
        form.get_by_role("button", name="Save this entry").click()
        expect(today_section(page).locator(".log-entry")).to_have_count(1)
        hints = today_section(page).locator(".no-js-hint")
        assert hints.count() > 0
        for n in range(hints.count()):
            expect(hints.nth(n)).to_be_hidden()

        page.goto(live_seeded + "/journey/infusion/")
        page.get_by_role("link", name="Next step").click()
        expect(page).to_have_url(re.compile(r"step=2"))
        page.get_by_role("link", name="Next step").click()
        expect(page).to_have_url(re.compile(r"step=3"))
        page.go_back()
        expect(page).to_have_url(re.compile(r"step=2"))
        page.go_back()
        page.wait_for_load_state("load")
        assert csp_errors == []
    finally:
        context.close()


def test_the_blank_sheet_gives_handwriting_a_real_column(live_seeded, browser):
    """Item 13: on the printed blank log the handwriting column was about an inch wide."""
    context = browser.new_context(viewport={"width": 720, "height": 900})  # 7.5 in at 96 dpi
    page = context.new_page()
    try:
        page.goto(live_seeded + "/my-journey/log/blank/")
        page.emulate_media(media="print")
        widths = page.evaluate(
            """() => [...document.querySelectorAll('table.blank tbody tr:first-child > *')]
                .map(th => th.getBoundingClientRect().width)"""
        )
        table = sum(widths)
        handwriting = widths[-1]
        # At least 2 inches (192 CSS px) and the widest column of the sheet.
        assert handwriting >= 192 and handwriting == max(widths), widths
        assert handwriting / table >= 0.27, widths
        pdf = OUT / "blank-sheet.pdf"
        page.pdf(path=str(pdf), format="Letter")
        assert pdf.stat().st_size > 0
    finally:
        context.close()


def test_choosing_espanol_in_the_packet_builder_shows_the_spanish_packet(live_seeded, browser):
    """Item 14: choosing Español changed nothing until "Show the packet"."""
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    try:
        page.goto(live_seeded + "/print/")
        page.select_option("#packet-lang", "es")
        expect(page).to_have_url(re.compile(r"/es/print/"))
        expect(page.locator("html")).to_have_attribute("lang", "es")
        expect(page.locator("h1").first).to_have_text("Imprimir un paquete")
    finally:
        context.close()
