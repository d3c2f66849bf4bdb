"""The translator's browser walk (issue 28), in a real browser: "Pida ayuda ahora" stays on
a 390 px phone screen at 200% text, and a phone that chose Spanish keeps it on plain links."""

import pytest
from playwright.sync_api import expect

from .helpers import PHONE, page_paths, scroll_widths

pytestmark = pytest.mark.browser

DOUBLE_TEXT = """() => {
    const html = document.documentElement;
    html.style.fontSize = (2 * parseFloat(getComputedStyle(html).fontSize)) + 'px';
}"""

#: How far the help button reaches, and whether its words fit inside it.
HELP_BOX = """() => {
    const help = document.querySelector('.help-now');
    const box = help.getBoundingClientRect();
    return {right: box.right, left: box.left, text: help.textContent.trim(),
            clipped: help.scrollWidth > help.clientWidth + 1};
}"""


def test_get_help_now_stays_on_a_phone_screen_at_200_percent_text_in_spanish(
    live_seeded, page, screenshot_dir
):
    page.set_viewport_size(PHONE)
    off_screen = {}
    for path in page_paths():
        page.goto(live_seeded + "/es" + path)
        page.evaluate(DOUBLE_TEXT)
        help_box = page.evaluate(HELP_BOX)
        scroll_width, _ = scroll_widths(page)
        if (
            help_box["right"] > PHONE["width"]
            or help_box["clipped"]
            or scroll_width > PHONE["width"]
        ):
            off_screen[path] = (help_box, scroll_width)
        header = page.locator(".site-header").bounding_box()["height"]
        if header > 0.4 * PHONE["height"]:
            off_screen[path] = ("header", header)
        if path == "/urgent/":
            assert help_box["text"] == "Pida ayuda ahora"
            page.screenshot(path=str(screenshot_dir / "es-help-now-200pct-390.png"))
    assert not off_screen, off_screen


def test_a_phone_that_chose_spanish_follows_a_plain_link_in_spanish(live_seeded, browser):
    context = browser.new_context(viewport=PHONE, locale="en-US")
    try:
        page = context.new_page()
        page.goto(live_seeded + "/journey/")
        expect(page.locator("html")).to_have_attribute("lang", "en")
        page.locator('a.language-switch[hreflang="es"]').click()
        expect(page).to_have_url(live_seeded + "/es/journey/")
        page.goto(live_seeded + "/journey/infusion/")
        expect(page).to_have_url(live_seeded + "/es/journey/infusion/")
        expect(page.locator("html")).to_have_attribute("lang", "es")
        page.locator('a.language-switch[hreflang="en"]').click()
        expect(page).to_have_url(live_seeded + "/journey/infusion/")
        page.goto(live_seeded + "/urgent/")
        expect(page.locator("html")).to_have_attribute("lang", "en")
    finally:
        context.close()
