"""Screenshots for people to look at, and reflow: no sideways scrolling on small screens."""

import hashlib
import struct

import pytest
from playwright.sync_api import expect

from .helpers import DESKTOP, NARROW, PHONE, page_paths, scroll_widths

pytestmark = pytest.mark.browser


def _png_size(path):
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", data[16:24])


def test_screenshots_at_phone_and_desktop_width(live_seeded, page, screenshot_dir):
    def pages():
        """(name, how to get there) for the main pages; the step one is reached by an htmx swap."""
        yield "start", lambda: page.goto(live_seeded + "/")
        yield "journey", lambda: page.goto(live_seeded + "/journey/")
        yield "stage", lambda: page.goto(live_seeded + "/journey/infusion/")

        def swapped_step():
            page.goto(live_seeded + "/journey/infusion/")
            page.get_by_role("link", name="Next step").click()
            expect(page.locator("#step-panel .step-count")).to_contain_text("Step 2 of")
            expect(page.locator("#step-heading")).to_be_focused()

        yield "step-after-swap", swapped_step
        yield "product", lambda: page.goto(live_seeded + "/products/yescarta/")
        yield "urgent", lambda: page.goto(live_seeded + "/urgent/")
        yield "glossary", lambda: page.goto(live_seeded + "/glossary/")

    written = []
    for label, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        page.set_viewport_size(viewport)
        for name, visit in pages():
            visit()
            scroll_width, client_width = scroll_widths(page)
            assert scroll_width <= viewport["width"], (
                f"{name} scrolls sideways at {viewport['width']}px: {scroll_width}px wide"
            )
            path = screenshot_dir / f"{label}-{name}.png"
            path.unlink(missing_ok=True)
            page.screenshot(path=path, full_page=True)
            width, height = _png_size(path)
            # Full page: as wide as the viewport (nothing sticks out) and at least as tall.
            assert width == viewport["width"], f"{path.name} is {width}px wide"
            assert height >= viewport["height"], f"{path.name} is only {height}px tall"
            written.append(path)
    # Every visit showed its own page: two equal pictures mean a visit went nowhere.
    pictures = {}
    for path in written:
        pictures.setdefault(hashlib.sha256(path.read_bytes()).hexdigest(), []).append(path.name)
    same = [names for names in pictures.values() if len(names) > 1]
    assert not same, f"identical screenshots (a visit did not change the page): {same}"


def test_no_sideways_scroll_at_320px(live_seeded, page):
    page.set_viewport_size(NARROW)
    too_wide = {}
    for path in page_paths():
        page.goto(live_seeded + path)
        scroll_width, client_width = scroll_widths(page)
        assert client_width == NARROW["width"]
        if scroll_width > NARROW["width"]:
            too_wide[path] = scroll_width
    assert not too_wide, f"pages wider than {NARROW['width']}px: {too_wide}"


def test_stage_pages_reflow_at_200_percent_text(live_seeded, page, stage_plan):
    """Text twice its size (as browser text zoom does) at phone width: no sideways scroll."""
    page.set_viewport_size(PHONE)
    too_wide = {}
    for slug, _, count in stage_plan():
        for step in (1, count):
            path = f"/journey/{slug}/?step={step}"
            page.goto(live_seeded + path)
            before = page.evaluate(
                "() => parseFloat(getComputedStyle(document.documentElement).fontSize)"
            )
            after = page.evaluate(
                """() => {
                    const html = document.documentElement;
                    html.style.fontSize = (2 * parseFloat(getComputedStyle(html).fontSize)) + 'px';
                    return parseFloat(getComputedStyle(html).fontSize);
                }"""
            )
            assert after == 2 * before
            scroll_width, _ = scroll_widths(page)
            if scroll_width > PHONE["width"]:
                too_wide[path] = scroll_width
    assert not too_wide, f"stage pages wider than {PHONE['width']}px at 200% text: {too_wide}"


DOUBLE_TEXT = """() => {
    const html = document.documentElement;
    html.style.fontSize = (2 * parseFloat(getComputedStyle(html).fontSize)) + 'px';
}"""


def test_every_page_reflows_at_200_percent_text_and_the_menu_leaves_room(live_seeded, page):
    """Start page product names, the /about/ table, forms: none wider than a phone at 200%
    text; the header (brand, help, menu) takes at most 32% of the first screen."""
    page.set_viewport_size(PHONE)
    too_wide, too_tall = {}, {}
    for path in page_paths():
        page.goto(live_seeded + path)
        page.evaluate(DOUBLE_TEXT)
        scroll_width, _ = scroll_widths(page)
        if scroll_width > PHONE["width"]:
            too_wide[path] = scroll_width
        header = page.locator(".site-header").bounding_box()["height"]
        if header > 0.32 * PHONE["height"]:
            too_tall[path] = header
    assert not too_wide, f"pages wider than {PHONE['width']}px at 200% text: {too_wide}"
    assert not too_tall, f"header taller than 32% of {PHONE['height']}px: {too_tall}"
    # The folded menu opens (without JavaScript too: <details>) and its links work.
    page.goto(live_seeded + "/")
    page.get_by_text("Menu").click()
    page.get_by_role("link", name="Word list").click()
    expect(page).to_have_url(live_seeded + "/glossary/")
