"""Issue 16 in a real browser: the timeline picture at 320, 390 and 1280 px and printed in
grayscale, "what's next", and the check questions by keyboard, with and without JavaScript."""

import datetime
import subprocess

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from .helpers import DESKTOP, NARROW, PHONE, scroll_widths, tab_to

pytestmark = pytest.mark.browser


def _axe_clean(axe, page, where, reports):
    results = axe.run(page)
    if results.violations_count:
        reports[where] = results.generate_report()


def test_timeline_picture_whats_next_and_print(live_seeded, page, screenshot_dir):
    axe, reports = Axe(), {}
    page.goto(live_seeded + "/")
    page.locator("#product-yescarta").check()
    page.get_by_role("button", name="Start the journey").click()
    infusion = datetime.date.today() - datetime.timedelta(days=3)
    page.goto(live_seeded + "/my-journey/")
    page.fill("#id_infusion_date", infusion.isoformat())
    page.locator("form.dates-form button[type=submit]").click()

    heights = {}
    for label, viewport in (("320", NARROW), ("390", PHONE), ("1280", DESKTOP)):
        page.set_viewport_size(viewport)
        for name in ("journey", "my-journey"):
            page.goto(f"{live_seeded}/{name}/")
            wide, tall = page.locator("svg.tl-wide"), page.locator("svg.tl-tall")
            # Horizontal on wide screens, vertical on phones; never sideways scrolling.
            if viewport["width"] >= 576:
                expect(wide).to_be_visible()
                expect(tall).to_be_hidden()
            else:
                expect(tall).to_be_visible()
                expect(wide).to_be_hidden()
            scroll_width, _client = scroll_widths(page)
            assert scroll_width <= viewport["width"], (name, label, scroll_width)
            expect(page.locator("svg.tl-svg:visible line.tl-today")).to_have_count(1)
            heights[(name, label)] = page.evaluate("document.documentElement.scrollHeight")
            page.locator("figure.tl-picture").screenshot(
                path=screenshot_dir / f"timeline-{name}-{label}.png"
            )
            page.screenshot(path=screenshot_dir / f"issue16-{name}-{label}.png", full_page=True)
            if label == "390":
                _axe_clean(axe, page, f"/{name}/ at {label}", reports)
    print("\npage heights:", heights)

    # The text equivalent, for screen readers: every stage with its days, the windows,
    # the visits and today, in words.
    words = " ".join(page.locator("#tl-words").inner_text().split())
    # (Since issue 27 the windows are the product's schedule, said as lengths: "at least".)
    assert "Infusion day: Usually 1 day. Day 0." in words
    assert "Lymphodepletion chemotherapy: 3 days of chemotherapy. Day -5 to day -3." in words
    assert "Stay near your treatment center: at least 2 weeks after the infusion." in words
    assert "Today is day 3." in words
    expect(page.locator("svg.tl-wide")).to_have_attribute("aria-hidden", "true")

    # What's next: each line a link to where it is done.
    page.goto(live_seeded + "/")
    box = page.locator("#whats-next")
    expect(box.get_by_role("link", name="The first weeks: close monitoring")).to_be_visible()
    expect(box).to_contain_text("That is in 12 days.")
    expect(box.get_by_role("link", name="Add today's check")).to_have_attribute(
        "href", "/my-journey/log/"
    )
    _axe_clean(axe, page, "/ with what's next", reports)

    # Printed: the wide picture, in black and white.
    page.set_viewport_size(DESKTOP)
    page.goto(live_seeded + "/journey/")
    page.emulate_media(media="print")
    expect(page.locator("svg.tl-wide")).to_be_visible()
    pdf = screenshot_dir / "timeline-journey-print.pdf"
    page.pdf(path=str(pdf), format="Letter", print_background=True)
    page.emulate_media(media=None)
    stem = screenshot_dir / "timeline-journey-print-gray"
    subprocess.run(
        ["pdftoppm", "-png", "-gray", "-r", "60", "-f", "1", "-l", "1", str(pdf), str(stem)],
        check=True,
    )
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Day 0" in text and "Stay near your treatment center" in text
    assert not reports, "\n\n".join(f"{p}:\n{r}" for p, r in reports.items())


def _answer_by_keyboard(page, question_index, answer):
    """Tab into the question's radio group, then Space or arrows until `answer` is chosen."""
    group = page.locator("fieldset.check-question").nth(question_index)
    name = group.locator("input").first.get_attribute("name")
    tab_to(page, f'input[name="{name}"]')
    current = int(page.evaluate("document.activeElement.value"))
    if current == answer:
        page.keyboard.press("Space")
    for _ in range((answer - current) % 3):
        page.keyboard.press("ArrowDown")
    expect(group.locator(f'input[value="{answer}"]')).to_be_checked()


def test_check_questions_by_keyboard_with_and_without_javascript(live_seeded, browser):
    from journeys.models import CheckQuestion, Step

    question, second = CheckQuestion.objects.filter(stage__slug="monitoring").order_by("order")[:2]
    keys = list(
        Step.objects.published()
        .filter(stage__slug="monitoring", product__isnull=True)
        .exclude(audience="caregiver")  # the page shows a patient's steps
        .values_list("key", flat=True)
    )
    step_number = keys.index(question.step_key) + 1
    wrong = next(n for n in question.ANSWERS if n != question.correct)
    axe, reports = Axe(), {}
    for javascript in (True, False):
        context = browser.new_context(java_script_enabled=javascript, viewport=PHONE)
        page = context.new_page()
        page.goto(live_seeded + "/journey/monitoring/")
        section = page.locator("#check-section")
        expect(section.get_by_role("heading", name="Check your understanding")).to_be_visible()
        _answer_by_keyboard(page, 0, wrong)
        expect(page.locator(f"#q{question.pk}-{wrong}")).to_be_checked()
        page.keyboard.press("Enter")  # submits the form the radio is in
        expect(page.locator("#check-section .check-answer")).to_contain_text("Try another answer.")
        if javascript:
            expect(page.locator("#check-results")).to_be_focused()  # swapped in by htmx
        else:
            assert page.url.endswith("/journey/monitoring/#check-results")
        explains = page.locator(f"#check-{question.pk} .check-answer a")
        expect(explains).to_have_attribute(
            "href", f"/journey/monitoring/?step={step_number}#step-panel"
        )
        if javascript:  # axe runs in the page: it cannot without JavaScript
            _axe_clean(axe, page, "answered, swapped in by htmx", reports)

        _answer_by_keyboard(page, 0, question.correct)
        _answer_by_keyboard(page, 1, second.correct)
        page.keyboard.press("Enter")
        expect(page.locator(f"#check-{question.pk} .check-answer")).to_contain_text("You got it.")
        expect(page.locator(f"#check-{second.pk} .check-answer")).to_contain_text("You got it.")
        page.goto(live_seeded + "/journey/")
        expect(page.locator("#progress")).to_contain_text(
            "You have read 0 of 8 stages. You checked your understanding in 1 of 8."
        )
        context.close()
    assert not reports, "\n\n".join(f"{p}:\n{r}" for p, r in reports.items())
