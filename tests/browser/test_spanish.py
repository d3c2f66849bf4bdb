"""The site in Spanish, in a real browser: the walk by keyboard and without JavaScript,
the caregiver's share flow, axe on every Spanish page, and both print-outs as PDF."""

import datetime
import re
import subprocess

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import translation
from playwright.sync_api import expect

from .helpers import PHONE, WALK_PRODUCT, page_paths, tab_to, wait_for_focus
from .test_caregiver import PAPER, PRINT_BUDGET, pdf_pages, pdf_text

pytestmark = pytest.mark.browser


def es(message, **values):
    """An interface message as the Spanish catalog says it."""
    with translation.override("es"):
        text = translation.gettext(message)
    assert text != message, f"no Spanish for {message!r}"
    return text % values if values else text


def start_in_spanish(page, base, product=WALK_PRODUCT, role="patient"):
    page.goto(base + "/es/")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    page.check(f"#role-{role}")
    page.check(f"#product-{product}")
    page.get_by_role("button", name=es("Start the journey")).click()


def test_axe_finds_nothing_on_any_spanish_page(live_seeded, page, screenshot_dir):
    axe = Axe()
    page.set_viewport_size(PHONE)
    start_in_spanish(page, live_seeded)
    reports = {}
    for path in page_paths():
        response = page.goto(live_seeded + "/es" + path)
        assert response.status == (404 if path == "/no-such-page/" else 200), path
        expect(page.locator("html")).to_have_attribute("lang", "es")
        results = axe.run(page)
        if results.violations_count:
            reports[path] = results.generate_report()
    for path in ["/journey/infusion/", "/urgent/", "/products/aucatzyl/", "/glossary/"]:
        page.goto(live_seeded + "/es" + path)
        name = "es-" + (path.strip("/").replace("/", "-") or "start")
        page.screenshot(path=str(screenshot_dir / f"{name}.png"), full_page=True)
    for path, report in reports.items():
        print(f"\n===== axe (es): {path} =====\n{report}")
    assert not reports, f"axe violations on {len(reports)} Spanish page(s): {', '.join(reports)}"


def test_keyboard_walk_in_spanish_with_the_switch_back_to_english(live_seeded, page, stage_plan):
    base = live_seeded
    plan = stage_plan(WALK_PRODUCT)
    start_in_spanish(page, base)
    first_slug, _name, count = plan[0]
    expect(page).to_have_url(f"{base}/es/journey/{first_slug}/")
    for number in range(2, count + 1):
        link = tab_to(page, "#step-panel a[rel=next]")
        assert link["text"] == es("Next step")
        page.keyboard.press("Enter")
        expect(page).to_have_url(f"{base}/es/journey/{first_slug}/?step={number}")
        wait_for_focus(page, "step-heading")
    link = tab_to(page, "#step-panel a[rel=next]")
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{base}/es/journey/{plan[1][0]}/")
    expect(page.locator(".stage-count")).to_have_text(
        es("Stage %(n)s of %(total)s", n=2, total=len(plan))
    )
    # The switch, by keyboard: the same page in English, the product still chosen.
    tab_to(page, 'a.language-switch[hreflang="en"]')
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{base}/journey/{plan[1][0]}/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("#product-switch-select")).to_have_value(WALK_PRODUCT)


def test_the_walk_works_in_spanish_without_javascript(live_seeded, browser, stage_plan):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    try:
        page = context.new_page()
        start_in_spanish(page, live_seeded)
        plan = stage_plan(WALK_PRODUCT)
        slug, _name, count = plan[0]
        for number in range(2, count + 1):
            page.locator("#step-panel a[rel=next]").click()
            expect(page).to_have_url(f"{live_seeded}/es/journey/{slug}/?step={number}#step-panel")
        page.locator("#step-panel a[rel=next]").click()
        expect(page).to_have_url(f"{live_seeded}/es/journey/{plan[1][0]}/")
        expect(page.locator("html")).to_have_attribute("lang", "es")
    finally:
        context.close()


def test_a_caregiver_follows_a_journey_in_spanish(live_seeded, browser):
    base = live_seeded
    patient = browser.new_context(viewport=PHONE)
    caregiver = browser.new_context(viewport=PHONE)
    try:
        p = patient.new_page()
        start_in_spanish(p, base, product="yescarta")
        p.goto(base + "/es/my-journey/")
        infusion = datetime.date.today() + datetime.timedelta(days=20)
        p.fill("#id_infusion_date", infusion.isoformat())
        p.get_by_role("button", name=es("Show my timeline")).click()
        expect(p.locator("#timeline")).to_be_visible()
        p.get_by_role("button", name=es("Make a share link")).click()
        share_url = p.locator("#share-link").input_value()
        assert share_url.startswith(base + "/es/j/")

        c = caregiver.new_page()
        c.goto(share_url)
        expect(c.locator("html")).to_have_attribute("lang", "es")
        c.get_by_role("button", name=es("Follow this journey")).click()
        expect(c).to_have_url(base + "/es/checklists/")
        first = c.locator(".check-item").first
        first_id = first.get_attribute("id")
        c.locator(f"#{first_id} button").click()  # htmx swaps the item in
        expect(c.locator(f"#{first_id} button")).to_have_attribute("aria-pressed", "true")
        c.goto(base + "/es/my-journey/")
        expect(c.locator("#timeline .milestone").first).to_be_visible()
        # The patient, in English, sees the caregiver's tick.
        p.goto(base + "/checklists/")
        expect(p.locator(f"#{first_id} button")).to_have_attribute("aria-pressed", "true")
    finally:
        patient.close()
        caregiver.close()


def test_spanish_print_outs_fit_their_page_budget(live_seeded, page, screenshot_dir):
    base = live_seeded
    start_in_spanish(page, base)
    page.goto(base + "/es/my-journey/")
    page.fill(
        "#id_infusion_date", (datetime.date.today() + datetime.timedelta(days=30)).isoformat()
    )
    page.get_by_role("button", name=es("Show my timeline")).click()
    out_dir = screenshot_dir.parent / "print"
    out_dir.mkdir(parents=True, exist_ok=True)
    titles = {
        "/checklists/print/": es("CAR-T caregiver checklist"),
        "/my-journey/wallet-card/": es("I have had CAR-T cell therapy"),
    }
    for path, budget in PRINT_BUDGET.items():
        page.goto(base + "/es" + path)
        page.emulate_media(media="print")
        for paper in PAPER:
            name = "es-" + path.strip("/").replace("/", "-")
            pdf = out_dir / f"{name}-{paper}.pdf"
            page.pdf(path=str(pdf), format=paper, print_background=True)
            subprocess.run(
                ["pdftoppm", "-png", "-r", "50", str(pdf), str(out_dir / f"{name}-{paper}")],
                check=True,
            )
            pages = pdf_pages(pdf)
            assert pages <= budget, f"/es{path} on {paper} prints on {pages} pages"
            text = " ".join(pdf_text(pdf).split())
            assert titles[path] in text, f"/es{path} on {paper}: no {titles[path]!r}"
        page.emulate_media(media=None)


def test_the_daily_log_in_spanish_by_keyboard_and_without_javascript(live_seeded, browser):
    from django.utils import timezone

    base = live_seeded
    days_ago = 2
    context = browser.new_context(viewport=PHONE)
    try:
        page = context.new_page()
        start_in_spanish(page, base, product="yescarta")
        page.goto(base + "/es/my-journey/")
        infusion = timezone.localdate() - datetime.timedelta(days=days_ago)
        page.fill("#id_infusion_date", infusion.isoformat())
        page.get_by_role("button", name=es("Show my timeline")).click()
        page.goto(base + "/es/my-journey/log/")
        expect(page.locator("html")).to_have_attribute("lang", "es")
        today = page.locator(f"#day-{days_ago}")
        field = today.locator("input[name=temperature]")
        tab_to(page, f"#{field.get_attribute('id')}")
        page.keyboard.type("38,5")  # a comma decimal, as Spanish writes it
        today.locator("input[name=unit][value=C]").check()
        tab_to(page, f"#day-{days_ago} form.log-form button[type=submit]")
        page.keyboard.press("Enter")  # htmx posts and swaps the day
        expect(today.locator(".log-entry")).to_have_count(1)
        expect(today.locator(".log-calls")).to_be_visible()
        results = Axe().run(page)
        assert not results.violations_count, results.generate_report()
        cookies = context.cookies()
    finally:
        context.close()

    nojs = browser.new_context(viewport=PHONE, java_script_enabled=False)
    try:
        nojs.add_cookies(cookies)
        page = nojs.new_page()
        page.goto(base + "/es/my-journey/log/")
        today = page.locator(f"#day-{days_ago}")
        form = today.locator("form.log-form").first
        form.locator("input[name=temperature]").fill("37,1")
        form.locator("input[name=unit][value=C]").check()
        form.locator("button[type=submit]").click()
        expect(page).to_have_url(re.compile(rf"/es/my-journey/log/\?day={days_ago}#entry-\d+$"))
        expect(today.locator(".log-entry")).to_have_count(2)
        expect(page.locator("html")).to_have_attribute("lang", "es")
    finally:
        nojs.close()
