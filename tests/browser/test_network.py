"""Privacy: the pages ask nothing of any server but ours (no CDN, font, analytics)."""

import pytest
from playwright.sync_api import expect

from .helpers import WALK_PRODUCT

pytestmark = pytest.mark.browser

MAIN_PAGES = [
    "/",
    "/journey/",
    "/journey/infusion/",
    "/products/",
    "/products/yescarta/",
    "/urgent/",
    "/glossary/",
    "/glossary/cytokine-release-syndrome/",
    "/about/",
]


def test_every_request_goes_to_our_server(live_seeded, page, stage_plan):
    base = live_seeded
    requests, failed, bad_status, problems = [], [], [], []

    def on_failed(request):
        # A load the next navigation cancels (often the favicon) is aborted, not broken.
        if request.failure != "net::ERR_ABORTED":
            failed.append((request.url, request.failure))

    def on_response(response):
        if response.status >= 400:
            bad_status.append((response.url, response.status))

    def on_console(message):
        if message.type == "error":
            problems.append(f"console error: {message.text}")

    page.on("request", lambda request: requests.append(request.url))
    page.on("requestfailed", on_failed)
    page.on("response", on_response)
    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))

    for path in MAIN_PAGES:
        response = page.goto(base + path)
        assert response.ok, path
    # The htmx and form paths too: a product choice, a step swap, a stage swap, a definition.
    page.goto(base + "/")
    page.locator(f"#product-{WALK_PRODUCT}").check()
    page.get_by_role("button", name="Start the journey").click()
    expect(page.locator("#product-switch-select")).to_have_value(WALK_PRODUCT)
    page.get_by_role("link", name="Next step").click()
    expect(page.locator("#step-panel .step-count")).to_contain_text("Step 2 of")
    last = [count for slug, _name, count in stage_plan(WALK_PRODUCT) if slug == "evaluation"][0]
    page.goto(base + f"/journey/evaluation/?step={last}")
    page.locator("#step-panel a[rel=next]").click()
    expect(page.locator("#stage-heading")).to_be_focused()
    page.locator("#stage-main a.term").first.click()
    expect(page.locator(".term-def")).to_be_focused()

    outside = sorted({url for url in requests if not url.startswith(base + "/")})
    assert not outside, f"requests to other servers: {outside}"
    # The recording saw the page and its assets and htmx's own requests.
    assert any(url.endswith("/static/css/site.css") for url in requests)
    assert any(url.endswith("/static/js/app.js") for url in requests)
    assert any("/glossary/" in url for url in requests)
    assert len(requests) > len(MAIN_PAGES) * 3
    assert not failed, f"failed requests: {failed}"
    assert not bad_status, f"error responses: {bad_status}"
    assert not problems, "\n".join(problems)
