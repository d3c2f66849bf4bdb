"""axe-core on every patient page, at phone width: zero violations."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from .helpers import PHONE, WALK_PRODUCT, page_paths

pytestmark = pytest.mark.browser


def test_axe_finds_nothing_on_any_page(live_seeded, page):
    axe = Axe()
    page.set_viewport_size(PHONE)
    # With a product chosen, stage pages also show their product notes and product steps.
    page.goto(live_seeded + "/")
    page.locator(f"#product-{WALK_PRODUCT}").check()
    page.get_by_role("button", name="Start the journey").click()
    expect(page.locator("#product-switch-select")).to_have_value(WALK_PRODUCT)

    paths = page_paths()
    assert len(paths) >= 20
    reports = {}
    for path in paths:
        response = page.goto(live_seeded + path)
        expected_status = 404 if path == "/no-such-page/" else 200
        assert response.status == expected_status, path
        results = axe.run(page)
        if results.violations_count:
            reports[path] = results.generate_report()

    # States only reached by htmx: a swapped-in step, and an open glossary definition.
    page.goto(live_seeded + "/journey/infusion/")
    page.get_by_role("link", name="Next step").click()
    expect(page.locator("#step-heading")).to_be_focused()
    page.locator("#stage-main a.term").first.click()
    expect(page.locator(".term-def")).to_be_focused()
    results = axe.run(page)
    if results.violations_count:
        reports["/journey/infusion/ (step swapped in, definition open)"] = results.generate_report()

    # Canary: the same harness does see a violation when there is one.
    page.evaluate(
        """() => { const img = document.createElement('img');
                   img.src = '/static/img/favicon.svg';
                   document.querySelector('main').append(img); }"""
    )
    canary = axe.run(page)
    assert "image-alt" in [v["id"] for v in canary.response["violations"]]

    for path, report in reports.items():
        print(f"\n===== axe: {path} =====\n{report}")
    assert not reports, f"axe violations on {len(reports)} page(s): {', '.join(reports)}"
