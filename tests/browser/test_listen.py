"""Issue 31, item 4: "Listen" in a real browser. A stand-in for window.speechSynthesis (installed
before the page's scripts run) records every call the page makes: the words of each utterance,
its language and voice, pause, resume and cancel. So the tests read exactly what a voice would
have been asked to say, and whether pause and stop reached the speech API."""

import json
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from .helpers import DESKTOP, PHONE, tab_to

pytestmark = pytest.mark.browser

FAKE_SPEECH = """
(() => {
  const calls = [];
  const queue = [];
  // Every call also goes to the tab's session storage, so the test sees what a page did as
  // it was left.
  const record = (call) => {
    calls.push(call);
    const kept = JSON.parse(sessionStorage.getItem("speech-calls") || "[]");
    sessionStorage.setItem("speech-calls", JSON.stringify(kept.concat([call])));
  };
  let paused = false;
  const voice = (name, lang, isDefault) =>
    ({name, lang, localService: true, default: isDefault, voiceURI: "test-" + lang});
  const voices = [
    voice("Test English (United States)", "en-US", true),
    voice("Test Español (España)", "es-ES", false),
    voice("Test Español (Estados Unidos)", "es_US", false),  // as Android spells it
    voice("Test Deutsch", "de-DE", false),
  ];
  class Utterance {
    constructor(text) {
      Object.assign(this, {text, lang: "", voice: null, onend: null, onerror: null});
    }
  }
  const synth = {
    get speaking() { return queue.length > 0; },
    get pending() { return queue.length > 1; },
    get paused() { return paused; },
    getVoices() { return voices; },
    speak(u) {
      record({call: "speak", text: u.text, lang: u.lang, voice: u.voice ? u.voice.lang : null});
      queue.push(u);
    },
    pause() { record({call: "pause"}); paused = true; },
    resume() { record({call: "resume"}); paused = false; },
    cancel() {
      record({call: "cancel"});
      paused = false;
      queue.splice(0).forEach(u => u.onerror && u.onerror({error: "canceled"}));
    },
    addEventListener() {}, removeEventListener() {},
  };
  Object.defineProperty(window, "speechSynthesis", {value: synth, configurable: true});
  window.SpeechSynthesisUtterance = Utterance;
  // The voice reaches the end of everything queued.
  window.__speech = {calls, finish() { queue.splice(0).forEach(u => u.onend && u.onend({})); }};
})();
"""

NO_SPEECH = """
delete window.speechSynthesis;
delete Window.prototype.speechSynthesis;
delete window.SpeechSynthesisUtterance;
"""

# The step's words as the reader sees them: its heading and body, not the step count or the
# Back / Next links (innerText leaves out what is not rendered).
STEP_TEXT = """() => {
  const panel = document.querySelector('#step-panel');
  return [...panel.children]
    .filter(el => !el.matches('.step-top, nav, progress'))
    .map(el => el.innerText.replace(/\\s+/g, ' ').trim())
    .filter(Boolean).join(' ');
}"""


def shown_words(region, heading):
    """A region's words as the reader sees them: its heading and what follows the heading's
    row (the row also holds the Listen button)."""
    return region.evaluate(
        """(el, heading) => {
            const row = el.querySelector('.heading-row');
            return [el.querySelector(heading), ...[...el.children].filter(c => c !== row)]
              .map(c => c.innerText.replace(/\\s+/g, ' ').trim()).filter(Boolean).join(' ');
        }""",
        heading,
    )


def calls(page):
    return page.evaluate("() => window.__speech.calls.slice()")


def spoken(page, since=0):
    return [c for c in calls(page)[since:] if c["call"] == "speak"]


def said(page, since=0):
    return " ".join(c["text"] for c in spoken(page, since))


def count(page):
    return len(calls(page))


def first_step_with_a_term(page, base, stage_plan):
    """The first step (not a stage's last) whose words link a glossary term."""
    for slug, _name, steps in stage_plan():
        for number in range(1, steps):
            page.goto(f"{base}/journey/{slug}/?step={number}")
            if page.locator("#step-panel a.term").count():
                return page.url
    pytest.fail("no step links a glossary term")


def test_listen_reads_the_visible_words_of_the_step_in_the_pages_language(
    live_seeded, browser, stage_plan
):
    from journeys.models import GlossaryTerm

    base = live_seeded
    context = browser.new_context(viewport=PHONE)
    context.add_init_script(FAKE_SPEECH)
    try:
        page = context.new_page()
        # A step whose words link a glossary term; the term gets a pronunciation for the test.
        url = first_step_with_a_term(page, base, stage_plan)
        panel = page.locator("#step-panel")
        term = panel.locator("a.term").first
        expect(term).to_be_visible()
        slug = term.get_attribute("href").rstrip("/").rsplit("/", 1)[1]
        word = term.inner_text()
        glossary = GlossaryTerm.objects.get(slug=slug)
        glossary.pronunciation = "TEST-say-WORD"
        glossary.save()  # a content write: the cached page gives way
        page.reload()

        listen = panel.get_by_role("button", name="Listen", exact=True)
        expect(listen).to_be_visible()
        expect(panel.get_by_role("button", name="Stop")).to_be_hidden()
        expected = page.evaluate(STEP_TEXT)
        assert len(expected) > 40
        expected_said = expected.replace(word, "test say word", 1)

        # Words on the page that nobody sees must never be read.
        page.evaluate(
            """() => {
                const p = document.querySelector('#step-panel p:not(.step-count)');
                const add = (html) => p.insertAdjacentHTML('beforeend', html);
                add(' <span hidden>HIDDEN-ATTRIBUTE</span>');
                add(' <span aria-hidden="true">ARIA-HIDDEN</span>');
                add(' <span class="visually-hidden">SCREEN-READER-ONLY</span>');
                add(' <span id="css-none">DISPLAY-NONE</span>');
                document.getElementById('css-none').style.display = 'none';
                add(' <span id="css-invisible">VISIBILITY-HIDDEN</span>');
                document.getElementById('css-invisible').style.visibility = 'hidden';
            }"""
        )
        listen.click()
        speech = spoken(page)
        assert len(speech) >= 2, speech  # sentence by sentence
        assert said(page) == expected_said
        for hidden in ["HIDDEN", "ARIA", "SCREEN-READER", "DISPLAY-NONE", "VISIBILITY"]:
            assert hidden not in said(page)
        assert "Step " not in said(page) and "Next step" not in said(page)
        assert {(c["lang"], c["voice"]) for c in speech} == {("en-US", "en-US")}
        assert all(len(c["text"]) <= 200 for c in speech)

        # Pause, resume and stop reach the speech API; the button says what it will do.
        pause = panel.get_by_role("button", name="Pause")
        expect(pause).to_be_visible()
        stop = panel.get_by_role("button", name="Stop")
        expect(stop).to_be_visible()
        before = count(page)
        pause.click()
        assert [c["call"] for c in calls(page)[before:]] == ["pause"]
        resume = panel.get_by_role("button", name="Resume")
        expect(resume).to_be_visible()
        resume.click()
        assert [c["call"] for c in calls(page)[before:]] == ["pause", "resume"]
        stop.click()
        assert [c["call"] for c in calls(page)[before:]] == ["pause", "resume", "cancel"]
        expect(listen).to_be_visible()
        expect(stop).to_be_hidden()
        expect(listen).to_be_focused()  # Stop went away under the focus: it comes back here

        # By keyboard: Enter starts, Space pauses, Tab reaches Stop, Enter stops.
        page.keyboard.press("Shift+Tab")
        tab_to(page, "#step-panel [data-listen-play]")
        before = count(page)
        page.keyboard.press("Enter")
        assert said(page, before) == expected_said
        expect(panel.get_by_role("button", name="Pause")).to_be_focused()
        before = count(page)
        page.keyboard.press("Space")
        assert [c["call"] for c in calls(page)[before:]] == ["pause"]
        page.keyboard.press("Tab")
        expect(stop).to_be_focused()
        page.keyboard.press("Enter")
        assert [c["call"] for c in calls(page)[before:]] == ["pause", "cancel"]
        expect(listen).to_be_focused()

        # The end of the words puts the button back to "Listen".
        listen.click()
        expect(panel.get_by_role("button", name="Pause")).to_be_visible()
        page.evaluate("() => window.__speech.finish()")
        expect(listen).to_be_visible()
        expect(stop).to_be_hidden()

        # An open definition is not part of the step: it is not read.
        term.click()
        definition = page.locator(".term-def")
        expect(definition).to_be_visible()
        before = count(page)
        listen.click()
        assert said(page, before) == expected_said
        assert definition.inner_text().split(":", 1)[-1].strip()[:30] not in said(page, before)
        # A step change (htmx swaps the panel) stops the voice; the new step has its own button.
        before = count(page)
        panel.get_by_role("link", name="Next step").click()
        number = int(url.rsplit("=", 1)[1])
        expect(page.locator("#step-panel .step-count")).to_contain_text(f"Step {number + 1} of")
        assert "cancel" in [c["call"] for c in calls(page)[before:]]
        listen = page.locator("#step-panel").get_by_role("button", name="Listen", exact=True)
        expect(listen).to_be_visible()
        before = count(page)
        listen.click()
        assert said(page, before) == page.evaluate(STEP_TEXT)

        # Spanish: a Spanish voice (the United States' first), utterances marked Spanish.
        page.goto(base + "/es/journey/infusion/")
        panel = page.locator("#step-panel")
        listen = panel.get_by_role("button", name="Escuchar", exact=True)
        expect(listen).to_be_visible()
        expected = page.evaluate(STEP_TEXT)
        before = count(page)
        listen.click()
        speech = spoken(page, before)
        assert speech and {(c["lang"], c["voice"]) for c in speech} == {("es-US", "es_US")}
        assert said(page, before) == expected
        page.evaluate("() => window.__speech.finish()")
        expect(listen).to_be_visible()
        # Words still in English on a Spanish page (marked lang="en", as an untranslated
        # part is) are read by an English voice.
        page.evaluate(
            """() => document.querySelector('#step-panel nav').insertAdjacentHTML(
                'beforebegin', '<div lang="en"><p>Not translated yet.</p></div>')"""
        )
        before = count(page)
        listen.click()
        speech = spoken(page, before)
        assert speech[-1] == {
            "call": "speak",
            "text": "Not translated yet.",
            "lang": "en-US",
            "voice": "en-US",
        }
        assert {c["lang"] for c in speech[:-1]} == {"es-US"}
        expect(panel.get_by_role("button", name="Pausar")).to_be_visible()
        panel.get_by_role("button", name="Pausar").click()
        expect(panel.get_by_role("button", name="Continuar")).to_be_visible()
        panel.get_by_role("button", name="Parar").click()
        assert [c["call"] for c in calls(page)[-2:]] == ["pause", "cancel"]

        # Leaving the page stops the voice (Chrome would go on speaking).
        listen.click()
        page.goto(base + "/es/urgent/")
        tab = json.loads(page.evaluate("() => sessionStorage.getItem('speech-calls')"))
        assert tab[-1]["call"] == "cancel" and tab[-2]["call"] == "speak"
    finally:
        context.close()


def test_no_listen_button_without_speech_synthesis_or_without_javascript(live_seeded, browser):
    from .test_log import start_patient

    base = live_seeded
    context = browser.new_context(viewport=PHONE)
    context.add_init_script(NO_SPEECH)
    try:
        page = context.new_page()
        start_patient(page, base)
        page.goto(base + "/my-journey/log/")
        form = page.locator("#day-2 form.log-form").first
        form.get_by_label("Temperature").fill("39")
        form.get_by_label("°C", exact=True).check()
        form.get_by_role("button", name="Save this entry").click()
        expect(page.locator("#day-2 .log-calls")).to_be_visible()
        for path in ["/journey/infusion/", "/es/journey/infusion/", "/urgent/", "/es/urgent/"]:
            page.goto(base + path)
            assert page.evaluate("() => 'speechSynthesis' in window") is False
            expect(page.locator("main h1").first).to_be_visible()
            expect(page.locator("[data-listen]")).to_have_count(0)
        # htmx swaps a step in: its control goes too, and the focus still lands on the step.
        page.goto(base + "/journey/infusion/")
        page.get_by_role("link", name="Next step").click()
        expect(page.locator("#step-heading")).to_be_focused()
        expect(page.locator("[data-listen]")).to_have_count(0)
        page.goto(base + "/my-journey/log/")
        expect(page.locator(".log-calls")).to_be_visible()
        expect(page.locator("[data-listen]")).to_have_count(0)
        cookies = context.cookies()
    finally:
        context.close()

    nojs = browser.new_context(viewport=PHONE, java_script_enabled=False)
    try:
        nojs.add_cookies(cookies)
        page = nojs.new_page()
        for path in ["/journey/infusion/", "/urgent/", "/my-journey/log/"]:
            page.goto(base + path)
            assert page.locator("[data-listen]").count() >= 1, path  # sent, but hidden
            for control in page.locator("[data-listen]").all():
                expect(control).to_be_hidden()
            expect(page.get_by_role("button", name=re.compile("^Listen"))).to_have_count(0)
    finally:
        nojs.close()


def test_listen_on_warning_signs_and_the_logs_calls_and_axe_finds_nothing(
    live_seeded, browser, screenshot_dir
):
    from .test_log import start_patient

    base = live_seeded
    axe = Axe()
    reports = {}
    context = browser.new_context(viewport=PHONE)
    context.add_init_script(FAKE_SPEECH)
    try:
        page = context.new_page()
        # One warning sign: its name, symptoms and why, and nothing of the others.
        page.goto(base + "/urgent/")
        sign = page.locator("li[data-listen-region]").first
        name = sign.locator("h3").inner_text()
        sign.get_by_role("button", name=f"Listen — {name}").click()
        words = said(page)
        assert words.startswith(name)
        assert words == shown_words(sign, "h3")
        others = page.locator("li[data-listen-region] h3").all_inner_texts()[1:]
        assert not any(other in words for other in others)
        page.evaluate("() => window.__speech.finish()")

        # The whole page: every sign, the numbers to call, without the buttons' own words.
        before = count(page)
        page.get_by_role("button", name="Listen to this page").click()
        words = said(page, before)
        for heading in page.locator("li[data-listen-region] h3").all_inner_texts():
            assert heading in words
        assert "Tell whoever answers" in words
        assert "Listen" not in words and "Pause" not in words
        expect(page.get_by_role("button", name="Pause")).to_be_visible()
        for viewport, label in [(PHONE, "phone"), (DESKTOP, "desktop")]:
            page.set_viewport_size(viewport)
            page.screenshot(path=str(screenshot_dir / f"listen-urgent-{label}.png"))
        page.set_viewport_size(PHONE)
        results = axe.run(page)  # while reading: Pause and Stop shown
        if results.violations_count:
            reports["/urgent/ (reading)"] = results.generate_report()
        page.get_by_role("button", name="Stop", exact=True).click()

        # The stage page's list of warning signs.
        page.goto(base + "/journey/infusion/")
        warnings = page.locator("section.stage-warnings")
        warnings.get_by_role("button", name="Listen — Call for help if you notice").click()
        words = said(page)
        assert words.startswith("Call for help if you notice")
        assert words == shown_words(warnings, "h2")

        # The log's call instructions after an entry, the care team's numbers read out.
        start_patient(page, base)
        form = page.locator("#day-2 form.log-form").first
        form.get_by_label("Temperature").fill("39")
        form.get_by_label("°C", exact=True).check()
        form.get_by_role("button", name="Save this entry").click()
        box = page.locator("#day-2 .log-calls")
        expect(box).to_be_visible()
        listen = box.get_by_role("button", name=re.compile(r"^Listen — the \d\d:\d\d entry$"))
        expect(listen).to_be_visible()
        before = count(page)
        listen.click()
        words = said(page, before)
        assert words.startswith("This temperature is 100.4 °F (38.0 °C) or higher")
        assert "Call your care team now." in words and "(555) 010-0199" in words
        assert "·" not in words  # the separator between the numbers is a pause, not a word
        visible = " ".join(box.locator("p.call").inner_text().split())
        assert words == visible.replace(" · ", ", ")
        results = axe.run(page)
        if results.violations_count:
            reports["/my-journey/log/ (reading)"] = results.generate_report()

        # Axe with the buttons shown, in both languages; and a look at them.
        for language in ["", "/es"]:
            for path in ["/journey/infusion/", "/urgent/", "/my-journey/log/"]:
                page.goto(base + language + path)
                expect(page.locator("[data-listen]").first).to_be_visible()
                results = axe.run(page)
                if results.violations_count:
                    reports[language + path] = results.generate_report()
            page.goto(base + language + "/journey/infusion/")
            for viewport, label in [(PHONE, "phone"), (DESKTOP, "desktop")]:
                page.set_viewport_size(viewport)
                page.locator("#step-panel").scroll_into_view_if_needed()
                name = f"listen-stage{language.replace('/', '-')}-{label}.png"
                page.screenshot(path=str(screenshot_dir / name))
            page.set_viewport_size(PHONE)
            page.goto(base + language + "/urgent/")
            page.screenshot(
                path=str(screenshot_dir / f"listen-urgent{language.replace('/', '-')}.png")
            )
    finally:
        context.close()
    for path, report in reports.items():
        print(f"\n===== axe: {path} =====\n{report}")
    assert not reports, f"axe violations on {len(reports)} page(s): {', '.join(reports)}"
