"""The log after its last day, in a real browser at phone size, in English and Spanish:
the page says it has ended, first, with the print-out and CSV as buttons and whom to call;
no form offers a reading; axe finds nothing (issue 30, finding 2)."""

import datetime
import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import expect

from .helpers import PHONE

pytestmark = pytest.mark.browser
OUT = Path("/tmp/log-browser")


def test_the_ended_log_says_so_first_in_both_languages(live_seeded, browser):
    from journeys.log.models import LogEntry
    from journeys.log.services import log_taken_at
    from journeys.models import Journey

    OUT.mkdir(exist_ok=True)
    base = live_seeded
    context = browser.new_context(viewport=PHONE)
    try:
        page = context.new_page()
        page.goto(base + "/")
        page.check("#product-yescarta")
        page.get_by_role("button", name="Start the journey").click()
        page.goto(base + "/my-journey/")
        infusion = timezone.localdate() - datetime.timedelta(days=40)
        page.fill("#id_infusion_date", infusion.isoformat())
        page.get_by_role("button", name="Show my timeline").click()
        journey = Journey.objects.get()
        for day, value in [(27, "99.1"), (28, "100.8")]:
            LogEntry.objects.create(
                journey=journey,
                day=day,
                taken_at=log_taken_at(journey=journey, day=day, time=datetime.time(8, 0)),
                temperature=value,
                unit="F",
                key=f"{day:032x}",
            )
        for lang, prefix, heading, button in [
            ("en", "", "The log period has ended", "Print the log"),
            ("es", "/es", "Terminó el período del registro", "Imprimir el registro"),
        ]:
            page.goto(base + prefix + "/my-journey/log/")
            ended = page.locator("section.log-ended")
            expect(ended.get_by_role("heading", name=heading)).to_be_visible()
            # Seen first: the notice starts within the first screen of the phone.
            assert ended.bounding_box()["y"] < PHONE["height"] / 2
            expect(ended.get_by_role("link", name=button)).to_be_visible()
            expect(ended.locator("a[href$='entries.csv']")).to_be_visible()
            expect(ended.locator("a[href^='tel:']").first).to_be_visible()
            expect(page.locator("input[name=temperature]")).to_have_count(0)
            expect(page.locator("canvas, input[type=file]")).to_have_count(0)
            page.screenshot(path=str(OUT / f"log-ended-{lang}.png"), full_page=True)
            results = Axe().run(page)
            assert results.violations_count == 0, results.generate_report()
            # A day opened to read: its entry can be corrected, nothing added.
            page.locator("#day-28 a.open-day").click()
            expect(page.locator("#day-28 .log-entry")).to_contain_text("100.8")
            expect(page.locator("#day-28 input[name=temperature]")).to_have_count(0)
            page.screenshot(path=str(OUT / f"log-ended-day-{lang}.png"), full_page=False)
    finally:
        context.close()


def test_a_past_days_form_asks_when_the_reading_was_taken(live_seeded, browser):
    """While the log runs, a past day opens with a form that asks for the time that
    reading was taken (no time now), and takes a picture of that day's handwriting."""
    from .test_log import DAYS_AGO, start_patient, today_section

    OUT.mkdir(exist_ok=True)
    context = browser.new_context(viewport=PHONE)
    try:
        page = context.new_page()
        start_patient(page, live_seeded)
        expect(today_section(page).locator("input[name=time]")).not_to_have_value("")
        past = page.locator(f"#day-{DAYS_AGO - 1}")
        past.locator("a.open-day").click()
        expect(
            past.get_by_role("heading", name=re.compile(r"^Add a reading you took on"))
        ).to_be_visible()
        expect(past.locator("input[name=time]")).to_have_value("")
        expect(past.locator("canvas")).to_have_count(0)
        expect(past.locator("input[type=file]")).to_have_count(1)
        past.get_by_label("Temperature").fill("99.1")
        past.get_by_role("button", name="Save this entry").click()
        # No time: the form says so and keeps the temperature.
        expect(past.locator(".field-error").first).to_contain_text("Enter the time")
        expect(past.get_by_label("Temperature")).to_have_value("99.1")
        past.locator("input[name=time]").fill("21:30")
        past.get_by_role("button", name="Save this entry").click()
        expect(past.locator(".log-entry")).to_contain_text("21:30")
        past.scroll_into_view_if_needed()
        page.screenshot(path=str(OUT / "log-past-day.png"))
    finally:
        context.close()
