"""Small helpers shared by the browser tests (not a test module)."""

import re

import pytest
from playwright.sync_api import Page, expect

# The start page's product radios, and the product the walks choose. Aucatzyl has a
# step of its own (in infusion), so the step counts show whether the choice stuck.
WALK_PRODUCT = "aucatzyl"

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
NARROW = {"width": 320, "height": 800}


def page_paths():
    """Every patient page the site has, as paths: for the axe and layout sweeps."""
    from journeys.models import GlossaryTerm, Product, Stage

    paths = ["/", "/journey/"]
    for stage in Stage.objects.published().order_by("order"):
        paths += [stage.get_absolute_url(), stage.get_absolute_url() + "?step=2"]
    paths.append("/products/")
    paths += [p.get_absolute_url() for p in Product.objects.published().order_by("slug")]
    paths += ["/urgent/", "/glossary/"]
    paths.append(GlossaryTerm.objects.published().order_by("slug").first().get_absolute_url())
    paths += ["/about/", "/changes/", "/no-such-page/"]
    paths += ["/checklists/", "/checklists/print/", "/my-journey/", "/my-journey/wallet-card/"]
    paths.append("/search/?q=fever")
    paths += ["/print/", "/my-journey/log/blank/"]
    return paths


def active_element(page: Page) -> dict:
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            return el ? {tag: el.tagName.toLowerCase(), id: el.id,
                         text: el.textContent.trim().slice(0, 200),
                         rel: el.getAttribute('rel') || ''} : null;
        }"""
    )


def tab_to(page: Page, selector: str, max_presses: int = 80) -> dict:
    """Press Tab until the focused element matches `selector`; fail if it never does."""
    for _ in range(max_presses):
        page.keyboard.press("Tab")
        if page.evaluate(
            "s => !!document.activeElement && document.activeElement.matches(s)", selector
        ):
            return active_element(page)
    pytest.fail(f"{max_presses} presses of Tab never reached {selector!r} on {page.url}")


def wait_for_focus(page: Page, element_id: str, text: str | None = None, timeout: float = 5000):
    """Wait until the element with `element_id` (still in the document) has the focus."""
    try:
        page.wait_for_function(
            """([id, text]) => {
                const el = document.activeElement;
                return !!el && el.id === id && el.isConnected
                    && el === document.getElementById(id)
                    && (text === null || el.textContent.trim() === text);
            }""",
            arg=[element_id, text],
            timeout=timeout,
        )
    except Exception:  # noqa: BLE001 - report where the focus went instead
        pytest.fail(
            f"focus did not land on #{element_id}"
            + (f" ({text!r})" if text else "")
            + f" on {page.url}; it is on {active_element(page)}"
        )


def expect_step(page: Page, number: int, count: int):
    expect(page.locator("#step-panel .step-count")).to_have_text(f"Step {number} of {count}")


def scroll_widths(page: Page) -> tuple[int, int]:
    """(scrollWidth, viewport width) of the document."""
    return tuple(
        page.evaluate(
            "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
    )


def stage_url(base: str, slug: str, step: int | None = None, fragment: str = "") -> re.Pattern:
    """The exact URL of a stage (and step) page, as an anchored pattern."""
    url = f"{base}/journey/{slug}/" + (f"?step={step}" if step else "") + fragment
    return re.compile("^" + re.escape(url) + "$")
