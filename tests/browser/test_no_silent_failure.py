"""Issue 30, item 1 and item 3: nothing typed is lost without a word, and saving the handwriting
leaves the person where they were. Chromium with the browser context set offline.

Since issue 31 a browser with service workers keeps a tick, an entry or a handwriting sample
sent offline on the phone ("Not sent yet") and sends it when the connection is back
(tests/browser/test_offline.py has the whole of it). A browser without them still says
"Not saved" and keeps what was typed in the form: both are tested here.
"""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from .helpers import PHONE
from .test_log import draw_by_mouse, start_patient, today_section

pytestmark = pytest.mark.browser
OUT = Path("/tmp/no-silent-failure")


def focused_class(page):
    return page.evaluate("document.activeElement && document.activeElement.className")


def without_service_workers(browser):
    """A browser context like one without service workers (older or locked-down browsers)."""
    context = browser.new_context(viewport=PHONE)
    context.add_init_script("delete Navigator.prototype.serviceWorker;")
    return context


def test_without_service_workers_an_entry_sent_offline_says_not_saved_keeps_the_input_and_911(
    live_seeded, browser
):
    from journeys.log.models import LogEntry

    OUT.mkdir(exist_ok=True)
    context = without_service_workers(browser)
    page = context.new_page()
    try:
        start_patient(page, live_seeded)
        form = today_section(page).locator("form.log-form").first
        form.get_by_label("Temperature").fill("38.9")
        form.get_by_label("°C", exact=True).check()
        # Ticking a 911 sign says "call emergency services" at once, before anything is sent.
        calls = form.locator("[data-sign-now]")
        expect(calls).to_be_hidden()
        form.get_by_label("Having a seizure", exact=True).check()
        expect(calls.locator("[data-call-for=emergency]")).to_be_visible()
        expect(calls).to_contain_text("Call emergency services now: 911")
        expect(calls.locator("[data-call-for=team]")).to_be_hidden()

        context.set_offline(True)
        form.get_by_role("button", name="Save this entry").click()
        problem = form.locator(".send-problem")
        expect(problem).to_be_visible()
        expect(problem).to_contain_text("Not saved: there is no connection.")
        expect(problem).to_be_focused()
        # What was typed is all still there, and the 911 line too.
        expect(form.get_by_label("Temperature")).to_have_value("38.9")
        expect(form.get_by_label("Having a seizure", exact=True)).to_be_checked()
        expect(calls.locator("[data-call-for=emergency]")).to_be_visible()
        page.screenshot(path=str(OUT / "entry-offline.png"), full_page=False)
        assert LogEntry.objects.count() == 0

        # Back online, the same tap saves it, once, and the problem line goes.
        context.set_offline(False)
        form.get_by_role("button", name="Save this entry").click()
        expect(today_section(page).locator(".log-entry")).to_have_count(1)
        expect(page.locator(".send-problem")).to_have_count(0)
        assert LogEntry.objects.count() == 1
    finally:
        context.close()


def test_an_entry_sent_offline_waits_on_the_phone_and_the_911_line_stays(live_seeded, browser):
    from journeys.log.models import LogEntry

    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    try:
        start_patient(page, live_seeded)
        form = today_section(page).locator("form.log-form").first
        form.get_by_label("Temperature").fill("38.9")
        form.get_by_label("°C", exact=True).check()
        form.get_by_label("Having a seizure", exact=True).check()
        expect(form.locator("[data-call-for=emergency]")).to_be_visible()

        context.set_offline(True)
        form.get_by_role("button", name="Save this entry").click()
        # Not "Not saved" any more: kept on the phone, said so, and the 911 line stays on the
        # screen with the entry (the form is cleared for the next one, as after a save).
        waiting = today_section(page).locator(".log-entry.pending")
        expect(waiting.locator(".not-sent")).to_have_text("Not sent yet")
        expect(waiting).to_contain_text("38.9 °C")
        expect(waiting.locator(".log-calls")).to_contain_text("Call emergency services now: 911")
        expect(form.locator(".send-problem")).to_have_count(0)
        assert LogEntry.objects.count() == 0

        # Back online it is sent by itself, once, and the problem line never showed.
        context.set_offline(False)
        expect(today_section(page).locator(".not-sent")).to_have_count(0, timeout=15000)
        expect(today_section(page).locator(".log-entry")).to_have_count(1)
        expect(page.locator(".send-problem")).to_have_count(0)
        assert LogEntry.objects.count() == 1
    finally:
        context.close()


def test_handwriting_saved_keeps_focus_at_the_pad_and_offline_waits_on_the_phone(
    live_seeded, browser
):
    from journeys.log.models import LogDay

    OUT.mkdir(exist_ok=True)
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    try:
        start_patient(page, live_seeded)
        form = today_section(page).locator("form.log-form").first
        form.get_by_label("Temperature").fill("98.6")
        form.get_by_role("button", name="Save this entry").click()
        expect(today_section(page).locator(".log-entry")).to_have_count(1)

        pad = today_section(page).locator("form[data-handwriting]")
        draw_by_mouse(page, pad.locator("canvas"))
        context.set_offline(True)
        pad.get_by_role("button", name="Save the handwriting").click()
        # The save encodes the canvas first: slow on a busy machine.
        waiting = today_section(page).locator(".pending-handwriting")
        expect(waiting.locator(".not-sent")).to_have_text("Not sent yet", timeout=15000)
        expect(pad.locator(".send-problem")).to_have_count(0)
        assert not LogDay.objects.exists()
        context.set_offline(False)
        expect(today_section(page).locator(".pending-handwriting")).to_have_count(0, timeout=15000)
        expect(today_section(page).locator(".compare img")).to_have_count(1)
        assert LogDay.objects.get().handwriting_saves == 1

        # Saved with a connection, the focus stays at the pad (issue 30, item 3).
        pad = today_section(page).locator("form[data-handwriting]")
        draw_by_mouse(page, pad.locator("canvas"))
        pad.get_by_role("button", name="Save the handwriting").click()
        saved = today_section(page).locator(".saved-note")
        expect(saved).to_have_text("The handwriting is saved.", timeout=15000)
        expect(saved).to_be_focused()  # htmx settles, then app.js moves focus
        # Focus is not on a "Remove" button, and the note is on the screen, not 4,000 px away.
        focused_text = page.evaluate("document.activeElement.textContent")
        assert "Remove" not in focused_text
        box = saved.bounding_box()
        assert box and 0 <= box["y"] < PHONE["height"], box
        page.screenshot(path=str(OUT / "handwriting-saved.png"))
    finally:
        context.close()


def test_without_service_workers_a_checklist_tick_offline_says_not_saved(live_seeded, browser):
    from journeys.models import JourneyCheck

    context = without_service_workers(browser)
    page = context.new_page()
    try:
        page.goto(live_seeded + "/checklists/")
        item = page.locator(".check-item").first
        button = item.locator("button.tick")
        expect(button).to_have_attribute("aria-pressed", "false")
        context.set_offline(True)
        button.click()
        expect(item.locator(".send-problem")).to_contain_text("Not saved")
        expect(button).to_have_attribute("aria-pressed", "false")
        assert JourneyCheck.objects.count() == 0
        context.set_offline(False)
        button.click()
        expect(page.locator(".check-item").first.locator("button.tick")).to_have_attribute(
            "aria-pressed", "true"
        )
        expect(page.locator(".send-problem")).to_have_count(0)
    finally:
        context.close()
