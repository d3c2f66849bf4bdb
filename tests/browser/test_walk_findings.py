"""The phone walk's look-and-feel findings of issue 30, checked in Chromium."""

from pathlib import Path

import pytest

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
