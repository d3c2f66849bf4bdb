"""Glossary words: a definition in place with JavaScript, the word-list page without."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

STAGE = "/journey/evaluation/"


def _definition_text(slug):
    """The definition as the page shows it: placeholders filled, whitespace collapsed."""
    from journeys.content.numbers import effective_numbers
    from journeys.content.text import fill_placeholders
    from journeys.models import CareCenter, GlossaryTerm

    term = GlossaryTerm.objects.get(slug=slug)
    text = fill_placeholders(term.definition, effective_numbers(center=CareCenter.load()))
    return term.term, " ".join(text.split())


def _slug(href):
    match = re.fullmatch(r"/glossary/([\w-]+)/", href)
    assert match, href
    return match.group(1)


def test_term_opens_in_place_and_closes_again(live_seeded, page):
    page.goto(live_seeded + STAGE)
    link = page.locator("#stage-main a.term").first
    expect(link).to_have_attribute("aria-expanded", "false")
    slug = _slug(link.get_attribute("href"))
    name, definition = _definition_text(slug)
    after_link = link.locator("xpath=following-sibling::*[1]")

    link.click()
    definition_box = page.locator(f"#def-{slug}")
    expect(definition_box).to_be_visible()
    # Inserted right after the word, not somewhere else and not by a page load.
    expect(after_link).to_have_class(re.compile(r"\bterm-def\b"))
    expect(after_link).to_have_id(f"def-{slug}")
    expect(page).to_have_url(live_seeded + STAGE)
    expect(page.locator(".term-def")).to_have_count(1)
    expect(definition_box.locator(".term-def-name")).to_contain_text(name)
    shown = " ".join(definition_box.inner_text().split())
    assert definition in shown, f"{definition!r} not in {shown!r}"
    expect(link).to_have_attribute("aria-expanded", "true")
    expect(link).to_have_attribute("aria-controls", f"def-{slug}")
    expect(definition_box).to_be_focused()

    link.click()
    expect(page.locator(".term-def")).to_have_count(0)
    expect(link).to_have_attribute("aria-expanded", "false")
    expect(link).to_be_focused()
    expect(page).to_have_url(live_seeded + STAGE)

    # Open once more; Escape closes it and gives the focus back to the word.
    link.click()
    expect(definition_box).to_be_focused()
    page.keyboard.press("Escape")
    expect(page.locator(".term-def")).to_have_count(0)
    expect(link).to_be_focused()
    expect(link).to_have_attribute("aria-expanded", "false")


def test_term_without_javascript_goes_to_the_word_list(live_seeded, new_context):
    page = new_context(java_script_enabled=False).new_page()
    page.goto(live_seeded + STAGE)
    link = page.locator("#stage-main a.term").first
    href = link.get_attribute("href")
    slug = _slug(href)
    name, definition = _definition_text(slug)

    with page.expect_navigation():
        link.click()
    expect(page).to_have_url(live_seeded + href)
    expect(page.locator("h1")).to_contain_text(name)
    expect(page.locator(f"#def-{slug}")).to_contain_text(definition)
    expect(page.locator(".site-header")).to_have_count(1)
