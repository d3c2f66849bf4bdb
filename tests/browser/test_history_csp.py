"""Issue 30, finding 19: after htmx swaps, the browser's back button logged
Content-Security-Policy errors for inline styles. Every way a page swaps a part and
changes the address (steps, stages, the packet builder, search), then back and forward,
and back from a page opened by a plain link: no CSP violation, seen both as the console
shows it and as the page's own `securitypolicyviolation` events."""

import re

import pytest
from playwright.sync_api import expect

from .helpers import PHONE

pytestmark = pytest.mark.browser

#: Runs in every document before its own scripts (Playwright's init scripts are not
#: subject to the page's CSP): each violation is kept in sessionStorage, so one reported
#: just before a page is replaced (a history restore, a reload) is not lost.
LISTEN = """
document.addEventListener("securitypolicyviolation", (e) => {
  const seen = JSON.parse(sessionStorage.getItem("csp-violations") || "[]");
  seen.push([location.pathname + location.search, e.violatedDirective, e.blockedURI,
             (e.sample || "").slice(0, 80)]);
  sessionStorage.setItem("csp-violations", JSON.stringify(seen));
}, true);
"""


def violations(page):
    return page.evaluate("() => JSON.parse(sessionStorage.getItem('csp-violations') || '[]')")


def settle(page):
    page.wait_for_load_state("load")
    page.wait_for_timeout(300)  # a history restore swaps after the address changes


def test_back_and_forward_after_htmx_swaps_break_no_csp(live_seeded, browser):
    base = live_seeded
    context = browser.new_context(viewport=PHONE)
    context.add_init_script(LISTEN)
    page = context.new_page()
    console = []
    page.on(
        "console",
        lambda m: (
            console.append((page.url, m.text))
            if "Content Security Policy" in m.text or "Content-Security-Policy" in m.text
            else None
        ),
    )
    page.on("pageerror", lambda e: console.append((page.url, str(e))))
    try:
        # The listener hears what the CSP refuses: an inline style attribute, as htmx's
        # injected <style> or a swapped-in style="" would be.
        page.goto(base + "/journey/infusion/")
        page.evaluate(
            """() => document.querySelector("main").insertAdjacentHTML(
                "beforeend", '<p style="color: red">probe</p>')"""
        )
        page.wait_for_function("() => sessionStorage.getItem('csp-violations')")
        assert [v[1] for v in violations(page)] == ["style-src-attr"], violations(page)
        assert console, "the console did not report the probe's refused style"
        page.evaluate("() => sessionStorage.removeItem('csp-violations')")
        console.clear()

        # Steps and a stage swapped in place, each pushing an address. First, what a
        # screenshot tool (Playwright's hides the caret), a password manager or a reading
        # extension does to a page: styles set through the CSSOM, which the CSP allows,
        # leave style attributes behind ("" once removed). htmx's settle copied them onto
        # the restored page with setAttribute, which the CSP refuses: that was the walk's
        # error on Back (issue 30, finding 19).
        page.goto(base + "/journey/infusion/")
        page.evaluate(
            """() => document.querySelectorAll("input").forEach((input, n) => {
                input.style.caretColor = "transparent";
                input.style.removeProperty("caret-color");
                if (n === 0) input.style.outlineOffset = "1px";
            })"""
        )
        page.screenshot(path="/tmp/history-csp-before.png", full_page=True)
        page.get_by_role("link", name="Next step").click()
        expect(page).to_have_url(re.compile(r"step=2"))
        page.get_by_role("link", name="Next step").click()
        expect(page).to_have_url(re.compile(r"step=3"))
        while page.get_by_role("link", name="Next step").count():
            page.get_by_role("link", name="Next step").click()
            page.wait_for_timeout(150)
        page.get_by_role("link", name=re.compile(r"^Next stage")).click()
        expect(page).to_have_url(re.compile(r"/journey/monitoring/"))
        page.get_by_role("link", name="Next step").click()
        expect(page).to_have_url(re.compile(r"/journey/monitoring/\?step=2"))
        for _ in range(4):
            page.go_back()
            settle(page)
        for _ in range(2):
            page.go_forward()
            settle(page)
        # A plain link away from a swapped page, then back to it (and to the one before).
        page.get_by_role("link", name="Get help now").click()
        expect(page).to_have_url(re.compile(r"/urgent/"))
        page.go_back()
        settle(page)
        page.go_back()
        settle(page)
        page.reload()
        settle(page)

        # The packet builder and search replace the address as choices change.
        page.goto(base + "/print/")
        page.locator("#part-stages").uncheck()
        expect(page).to_have_url(re.compile(r"part=checklist"))
        page.locator("#paper-a4").check()
        expect(page).to_have_url(re.compile(r"paper=a4"))
        page.goto(base + "/search/")
        page.locator("#search-q, input[name=q]").last.fill("fever")
        expect(page).to_have_url(re.compile(r"q=fever"))
        page.get_by_role("link", name="Get help now").click()
        expect(page).to_have_url(re.compile(r"/urgent/"))
        for _ in range(3):
            page.go_back()
            settle(page)

        # The daily log: an entry and a day swapped in, away by a plain link, and back.
        from .test_log import DAYS_AGO, start_patient, today_section

        start_patient(page, base)
        form = today_section(page).locator("form.log-form").first
        form.get_by_label("Temperature").fill("98.6")
        form.get_by_role("button", name="Save this entry").click()
        expect(today_section(page).locator(".log-entry")).to_have_count(1)
        page.locator(f"#day-{DAYS_AGO - 1} a.open-day").click()
        expect(page.locator(f"#day-{DAYS_AGO - 1} form.log-form")).to_have_count(1)
        page.get_by_role("link", name="Get help now").click()
        expect(page).to_have_url(re.compile(r"/urgent/"))
        page.go_back()
        settle(page)

        seen = violations(page)
        assert seen == [], seen
        assert console == [], console
    finally:
        context.close()
