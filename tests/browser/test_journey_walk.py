"""The whole journey: by keyboard with htmx, with the back button, and without JavaScript."""

import re

import pytest
from playwright.sync_api import expect

from .helpers import WALK_PRODUCT, active_element, expect_step, stage_url, tab_to, wait_for_focus

pytestmark = pytest.mark.browser


def test_keyboard_walk_through_every_stage(live_seeded, page, stage_plan):
    """Keyboard only, no mouse: choose a product, then Next step / Next stage to the end."""
    base = live_seeded
    plan = stage_plan(WALK_PRODUCT)
    assert len(plan) >= 2, "the walk needs stages to cross"

    # Start page: Tab into the product radios, arrow to the product, Space, Tab to submit, Enter.
    page.goto(base + "/")
    tab_to(page, "input[name=product]")
    for _ in range(20):
        if page.evaluate("() => document.activeElement.id") == f"product-{WALK_PRODUCT}":
            break
        page.keyboard.press("ArrowDown")
    else:
        pytest.fail(f"the arrow keys never reached #product-{WALK_PRODUCT}")
    page.keyboard.press("Space")
    expect(page.locator(f"#product-{WALK_PRODUCT}")).to_be_checked()
    submit = tab_to(page, ".start-form button[type=submit]")
    assert submit["text"] == "Start the journey"
    page.keyboard.press("Enter")

    first_slug, first_name, _ = plan[0]
    expect(page).to_have_url(stage_url(base, first_slug))
    expect(page.locator("#stage-heading")).to_have_text(first_name)
    # From here on every move must be an htmx swap: a full page load would drop this flag.
    page.evaluate("() => { window.__noFullLoad = true; }")

    visited = []
    for index, (slug, name, count) in enumerate(plan):
        visited.append(slug)
        expect(page.locator(".stage-count")).to_have_text(f"Stage {index + 1} of {len(plan)}")
        expect(page.locator("#stage-heading")).to_have_text(name)
        # The product chosen by keyboard is still the one shown (and its own steps counted).
        expect(page.locator("#product-switch-select")).to_have_value(WALK_PRODUCT)
        expect_step(page, 1, count)

        headings = [page.locator("#step-heading").inner_text()]
        for number in range(2, count + 1):
            link = tab_to(page, "#step-panel a[rel=next]")
            assert link["text"] == "Next step", f"{slug} step {number - 1}: {link}"
            page.keyboard.press("Enter")
            expect(page).to_have_url(stage_url(base, slug, number))
            expect_step(page, number, count)
            wait_for_focus(page, "step-heading")
            headings.append(active_element(page)["text"])
        assert all(headings) and len(set(headings)) == count, f"{slug}: {headings}"

        if index + 1 < len(plan):
            next_slug, next_name, _ = plan[index + 1]
            link = tab_to(page, "#step-panel a[rel=next]")
            assert link["text"] == f"Next stage: {next_name}"
            page.keyboard.press("Enter")
            expect(page).to_have_url(stage_url(base, next_slug))
            wait_for_focus(page, "stage-heading", next_name)
        else:
            # The very last step of the last stage: no way forward but back to the timeline.
            expect(page.locator("#step-panel a[rel=next]")).to_have_count(0)
            expect(page.locator("#step-panel .step-nav a").last).to_have_text(
                "Back to the whole journey"
            )

    assert visited == [slug for slug, _, _ in plan]
    assert len(set(visited)) == len(plan)
    assert page.evaluate("() => window.__noFullLoad === true"), "a step move reloaded the page"
    assert page.title().startswith(plan[-1][1])


def test_back_button_and_reload_after_swaps(live_seeded, page, stage_plan):
    base = live_seeded
    plan = stage_plan()
    (slug, name, count), (next_slug, next_name, next_count) = plan[1], plan[2]

    page.goto(f"{base}/journey/{slug}/")
    expect_step(page, 1, count)
    page.get_by_role("link", name="Next step").click()
    expect(page).to_have_url(stage_url(base, slug, 2))
    expect_step(page, 2, count)
    step2_heading = page.locator("#step-heading").inner_text()
    page.get_by_role("link", name="Next step").click()
    expect(page).to_have_url(stage_url(base, slug, 3))
    expect_step(page, 3, count)

    page.go_back()
    expect(page).to_have_url(stage_url(base, slug, 2))
    expect(page.locator("#step-panel .step-count")).to_have_text(re.compile(r"^Step 2 of "))
    expect(page.locator("#step-heading")).to_have_text(step2_heading)
    # The history restore put back one whole page, not a fragment inside another.
    expect(page.locator(".site-header")).to_have_count(1)
    expect(page.locator("#stage-main")).to_have_count(1)
    expect(page.locator("#step-panel")).to_have_count(1)

    response = page.reload()
    assert response is not None and response.ok
    assert response.text().lstrip().lower().startswith("<!doctype html>")
    expect(page).to_have_url(stage_url(base, slug, 2))
    expect(page.locator(".site-header")).to_be_visible()
    expect(page.get_by_role("link", name="Get help now")).to_be_visible()
    expect(page.locator("#stage-heading")).to_have_text(name)
    expect(page.locator("#step-panel .step-count")).to_have_text(f"Step 2 of {count}")
    expect(page.locator(".site-footer")).to_have_count(1)

    # Back out of a stage change: the previous stage's last step comes back whole.
    page.goto(f"{base}/journey/{slug}/?step={count}")
    page.locator("#step-panel a[rel=next]").click()
    expect(page).to_have_url(stage_url(base, next_slug))
    expect(page.locator("#stage-heading")).to_have_text(next_name)
    page.go_back()
    expect(page).to_have_url(stage_url(base, slug, count))
    expect(page.locator("#stage-heading")).to_have_text(name)
    expect_step(page, count, count)
    expect(page.locator(".site-header")).to_have_count(1)
    page.go_forward()
    expect(page).to_have_url(stage_url(base, next_slug))
    expect(page.locator("#stage-heading")).to_have_text(next_name)
    expect_step(page, 1, next_count)
    expect(page.locator(".site-header")).to_have_count(1)


def test_walk_without_javascript(live_seeded, new_context, stage_plan):
    """Plain links and a plain form: every step of every stage, one page load each."""
    base = live_seeded
    plan = stage_plan(WALK_PRODUCT)
    # Reduced motion: the site scrolls smoothly to #step-panel otherwise, and Playwright
    # waits for each link to stop moving before it clicks (a second per step).
    context = new_context(java_script_enabled=False, reduced_motion="reduce")
    page = context.new_page()

    page.goto(base + "/")
    page.locator(f"#product-{WALK_PRODUCT}").check()
    page.get_by_role("button", name="Start the journey").click()
    expect(page).to_have_url(stage_url(base, plan[0][0]))

    visited = []
    loads = 0
    for index, (slug, name, count) in enumerate(plan):
        visited.append(slug)
        expect(page.locator("#stage-heading")).to_have_text(name)
        expect(page.locator("#product-switch-select")).to_have_value(WALK_PRODUCT)
        expect_step(page, 1, count)
        for number in range(2, count + 1):
            link = page.locator("#step-panel a[rel=next]")
            expect(link).to_have_text("Next step")
            with page.expect_navigation():
                link.click()
            loads += 1
            expect(page).to_have_url(stage_url(base, slug, number, "#step-panel"))
            expect_step(page, number, count)
            expect(page.locator(".site-header")).to_have_count(1)
        if index + 1 < len(plan):
            next_slug, next_name, _ = plan[index + 1]
            link = page.locator("#step-panel a[rel=next]")
            expect(link).to_have_text(f"Next stage: {next_name}")
            with page.expect_navigation():
                link.click()
            loads += 1
            expect(page).to_have_url(stage_url(base, next_slug))

    assert visited == [slug for slug, _, _ in plan]
    assert loads == sum(count for _, _, count in plan) - 1

    # "Back" is a plain link too.
    last_slug, _, last_count = plan[-1]
    with page.expect_navigation():
        page.locator("#step-panel a[rel=prev]").click()
    expect(page).to_have_url(stage_url(base, last_slug, last_count - 1, "#step-panel"))
    expect_step(page, last_count - 1, last_count)
