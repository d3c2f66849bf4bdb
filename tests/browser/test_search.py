"""Search in a real browser: from the header by keyboard, results as you type (htmx) with
the query kept in the URL, straight to the sign; without JavaScript; in Spanish; axe."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from .helpers import PHONE, tab_to

pytestmark = pytest.mark.browser


def test_search_by_keyboard_as_you_type_and_straight_to_the_sign(live_seeded, page, screenshot_dir):
    base = live_seeded
    page.set_viewport_size(PHONE)
    page.goto(base + "/journey/")
    tab_to(page, "#header-q")
    page.keyboard.type("fevr")
    page.keyboard.press("Enter")
    expect(page).to_have_url(base + "/search/?q=fevr")
    first = page.locator(".search-result").first
    expect(first.locator(".search-title a")).to_have_text("Fever or chills")
    expect(first.locator(".search-where")).to_contain_text("Get help now")

    # As you type: htmx swaps the results in and keeps the query in the URL (no reload).
    page.evaluate("() => { window.__samePage = true; }")
    tab_to(page, "#search-q")
    page.keyboard.press("Control+A")
    page.keyboard.type("can't think")
    expect(first.locator(".search-title a")).to_contain_text("Confusion")
    expect(page).to_have_url(re.compile(r"/search/\?q=can%27t(\+|%20)think$"))
    assert page.evaluate("() => window.__samePage === true"), "the page was reloaded"
    expect(page.locator("#search-q")).to_be_focused()
    expect(page.locator("#search-count[role=status]")).to_contain_text("for “can't think”")
    expect(first.locator("mark").first).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "search-phone.png"), full_page=False)

    tab_to(page, ".search-result .search-title a")
    page.keyboard.press("Enter")
    expect(page).to_have_url(base + "/urgent/#confusion-or-trouble-with-words")

    # A refused query while typing: the message, the field kept, no 500.
    page.goto(base + "/search/?q=fever")
    page.fill("#search-q", "?!?!")
    expect(page.locator("#search-error")).to_contain_text("type a word")

    axe = Axe()
    failures = {}
    for path in ["/search/?q=chemo", "/search/?q=%3F%21", "/es/search/?q=fiebre", "/search/"]:
        page.goto(base + path)
        results = axe.run(page)
        if results.violations_count:
            failures[path] = results.generate_report()
    assert not failures, failures


def test_search_without_javascript_and_in_spanish(live_seeded, browser, screenshot_dir):
    base = live_seeded
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    page.goto(base + "/es/")
    page.fill("#header-q", "temblando")
    page.press("#header-q", "Enter")
    expect(page).to_have_url(base + "/es/search/?q=temblando")
    first = page.locator(".search-result").first
    expect(first.locator(".search-title a")).to_have_text("Temblores o cambios en su letra")
    page.fill("#search-q", "CONFUSION")
    page.get_by_role("button", name="Buscar", exact=True).click()
    expect(first.locator(".search-title a")).to_contain_text("Confusión")
    first.locator(".search-title a").click()
    expect(page).to_have_url(base + "/es/urgent/#confusion-or-trouble-with-words")
    # This phone chose Spanish on its first visit: a plain link keeps it (issue 28).
    page.goto(base + "/search/?q=" + "x" * 201)
    expect(page.locator("#search-error")).to_contain_text("200 caracteres")
    page.screenshot(path=str(screenshot_dir / "search-nojs-error.png"))
    context.close()


def test_search_forgives_as_you_type_and_without_javascript(
    live_seeded, page, browser, screenshot_dir
):
    """Issue 30: a word typed wrong is corrected and says so, "Did you mean" leads to the
    corrected search, and a topic the guide does not cover says so, with the care team's
    lines; the same without JavaScript, in Spanish; axe finds nothing."""
    base = live_seeded
    page.set_viewport_size(PHONE)
    page.goto(base + "/search/")
    page.fill("#search-q", "feever")
    first = page.locator(".search-result").first
    expect(first.locator(".search-title a")).to_have_text("Fever or chills")
    expect(page.locator(".search-note").first).to_contain_text("Showing results for “fever”")
    expect(page.locator("#search-count[role=status]")).to_contain_text("Showing results for")
    expect(first.locator("mark").first).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "search-corrected.png"))

    page.fill("#search-q", "lymfodeplesion")
    suggestion = page.locator(".search-suggestion a")
    expect(suggestion).to_have_text("lymphodepletion")
    expect(page.locator("#search-count[role=status]")).to_contain_text("Did you mean")
    page.screenshot(path=str(screenshot_dir / "search-did-you-mean.png"))
    suggestion.click()
    expect(page).to_have_url(base + "/search/?q=lymphodepletion")
    expect(page.locator("#search-q")).to_have_value("lymphodepletion")
    expect(first.locator(".search-title a")).to_have_text("Lymphodepletion")

    page.fill("#search-q", "hair loss")
    note = page.locator(".search-uncovered")
    expect(note).to_contain_text("This guide does not cover “hair loss”")
    expect(note.locator('a[href^="tel:"]').first).to_be_visible()
    expect(page.locator(".search-result")).to_have_count(0)
    page.screenshot(path=str(screenshot_dir / "search-not-covered.png"))

    page.fill("#search-q", "99.5")
    expect(page.locator(".search-note").first).to_contain_text("looks like a temperature")
    expect(first.locator(".search-title a")).to_have_text("Fever or chills")
    page.screenshot(path=str(screenshot_dir / "search-temperature.png"))

    axe = Axe()
    failures = {}
    for path in [
        "/search/?q=feever",
        "/search/?q=lymfodeplesion",
        "/search/?q=rash",
        "/search/?q=99.5",
        "/es/search/?q=sarpullido",
    ]:
        page.goto(base + path)
        results = axe.run(page)
        if results.violations_count:
            failures[path] = results.generate_report()
    assert not failures, failures

    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    plain = context.new_page()
    plain.goto(base + "/es/search/?q=fievre")
    expect(plain.locator(".search-result .search-title a").first).to_have_text(
        "Fiebre o escalofríos"
    )
    expect(plain.locator(".search-note").first).to_contain_text(
        "Mostramos resultados para “fiebre”"
    )
    plain.fill("#search-q", "limfodeplesiom")
    plain.get_by_role("button", name="Buscar", exact=True).click()
    plain.locator(".search-suggestion a").click()
    expect(plain).to_have_url(re.compile(r"/es/search/\?q=linfodeplecion$"))
    expect(plain.locator(".search-result .search-title a").first).to_have_text("Linfodepleción")
    plain.goto(base + "/es/search/?q=sarpullido")
    expect(plain.locator(".search-uncovered")).to_contain_text("Esta guía no habla de “sarpullido”")
    plain.screenshot(path=str(screenshot_dir / "search-nojs-not-covered-es.png"))
    context.close()
