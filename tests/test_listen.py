"""Issue 31, item 4: "Listen" controls as the server sends them. They are rendered hidden (the
browser shows them only where it can speak: tests/browser/test_listen.py), inside the part of
the page they read, with their labels in the page's language; a glossary word carries its
pronunciation, in the reader's language only."""

import datetime
from html.parser import HTMLParser

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone, translation

from journeys.content import selectors
from journeys.models import GlossaryTerm, Stage, Translation, WarningSign

from .cachestore import forget_all

pytestmark = pytest.mark.django_db

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
LABELS = {
    "en": {"idle": "Listen", "playing": "Pause", "paused": "Resume", "stop": "Stop"},
    "es": {"idle": "Escuchar", "playing": "Pausar", "paused": "Continuar", "stop": "Parar"},
}
PAGE_LABEL = {"en": "Listen to this page", "es": "Escuchar esta página"}


class ListenControls(HTMLParser):
    """Every [data-listen] control: hidden or not, the words of each label, the region around it."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []
        self.controls = []
        self.where = None  # (control, key) the text read now belongs to

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in VOID:
            return
        self.stack.append((tag, attrs, self.where))
        if "data-listen" in attrs:
            regions = [a for _t, a, _w in self.stack[:-1] if "data-listen-region" in a]
            region = regions[-1] if regions else None
            control = {"hidden": "hidden" in attrs, "region": region, "texts": {}}
            self.controls.append(control)
            self.where = (control, None)
        elif self.where and self.where[0]:
            control = self.where[0]
            if "data-when" in attrs:
                self.where = (control, attrs["data-when"])
                control.setdefault("hidden_labels", {})[attrs["data-when"]] = "hidden" in attrs
            elif "data-listen-stop" in attrs:
                self.where = (control, "stop")
                control["stop_hidden"] = "hidden" in attrs
            elif "visually-hidden" in (attrs.get("class") or "").split():
                self.where = (control, "stop_name" if self.where[1] == "stop" else "name")

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        while self.stack:
            open_tag, _attrs, before = self.stack.pop()
            if open_tag == tag:
                self.where = before
                break

    def handle_data(self, data):
        if self.where and self.where[1]:
            texts = self.where[0]["texts"]
            texts[self.where[1]] = texts.get(self.where[1], "") + data


def controls_in(html):
    parser = ListenControls()
    parser.feed(html)
    return parser.controls


def check_labels(control, language, idle=None):
    texts = {key: value.strip() for key, value in control["texts"].items()}
    labels = LABELS[language]
    assert texts["idle"] == (idle or labels["idle"])
    assert texts["playing"] == labels["playing"] and texts["paused"] == labels["paused"]
    assert texts["stop"] == labels["stop"]
    # Only the "Listen" label shows until the script says it is reading; Stop only then.
    assert control["hidden_labels"] == {"idle": False, "playing": True, "paused": True}
    assert control["stop_hidden"] is True
    assert texts.get("name") == texts.get("stop_name")  # "Stop" names the same part
    return texts


def prefix(language):
    return "" if language == "en" else f"/{language}"


@pytest.fixture(autouse=True)
def _fresh():
    forget_all()
    yield
    forget_all()
    translation.activate("en")


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_stage_page_sends_a_hidden_listen_control_for_its_step_and_its_warning_signs(
    client, seeded_db, language
):
    stage = Stage.objects.published().get(slug="infusion")
    path = prefix(language) + stage.get_absolute_url()
    html = client.get(path).content.decode()
    controls = controls_in(html)
    assert len(controls) == 2, controls
    step, signs = controls
    assert all(control["hidden"] for control in controls)
    assert step["region"]["id"] == "step-panel"
    check_labels(step, language)
    assert "name" not in step["texts"]
    assert "stage-warnings" in signs["region"]["class"]
    texts = check_labels(signs, language)
    heading = {"en": "Call for help if you notice", "es": "Pida ayuda si nota"}[language]
    assert texts["name"] == f"— {heading}"

    # The step panel htmx swaps in (a step change) carries its own control, hidden too.
    fragment = client.get(
        path + "?step=2", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="step-panel"
    ).content.decode()
    assert "<html" not in fragment
    (swapped,) = controls_in(fragment)
    assert swapped["hidden"] and swapped["region"]["id"] == "step-panel"
    check_labels(swapped, language)
    # The step count is not read ("Step 2 of 5" is where you are, not what the step says).
    assert 'class="step-count" data-listen-skip' in fragment


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_urgent_page_sends_one_control_for_the_page_and_one_per_warning_sign(
    client, seeded_db, language
):
    html = client.get(prefix(language) + "/urgent/").content.decode()
    controls = controls_in(html)
    signs = WarningSign.objects.published().filter(products=None)  # no product chosen
    assert signs.count() >= 5
    assert len(controls) == 1 + signs.count()
    assert all(control["hidden"] for control in controls)
    whole, *each = controls
    assert "urgent" in whole["region"]["class"]
    check_labels(whole, language, idle=PAGE_LABEL[language])
    by_slug = {control["region"]["id"]: control for control in each}
    assert set(by_slug) == set(signs.values_list("slug", flat=True))
    for slug, control in by_slug.items():
        texts = check_labels(control, language)
        shown = html.split(f'<li id="{slug}" data-listen-region>', 1)[1].split("</h3>", 1)[0]
        assert texts["name"] == "— " + shown.split("<h3>", 1)[1]


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_logs_call_instructions_have_a_hidden_control(client, seeded_db, language):
    infusion = timezone.localdate() - datetime.timedelta(days=2)
    assert client.post("/my-journey/", {"infusion_date": infusion.isoformat()}).status_code == 302
    taken = "00:05"
    data = {"day": "2", "time": taken, "temperature": "39.0", "unit": "C", "key": "a" * 32}
    assert client.post("/my-journey/log/", data).status_code == 302
    html = client.get(prefix(language) + "/my-journey/log/").content.decode()
    controls = controls_in(html)
    assert len(controls) == 1, controls
    (control,) = controls
    assert control["hidden"]
    assert "log-calls" in control["region"]["class"]
    texts = check_labels(control, language)
    assert (
        texts["name"] == {"en": "— the 00:05 entry", "es": "— la anotación de las 00:05"}[language]
    )


def test_a_glossary_word_carries_its_pronunciation_in_the_readers_language_only(seeded_db):
    text = "<p>Tisagenlecleucel is a CAR-T product.</p>"
    english = selectors.glossary_linker(preview=False).link(text)
    assert 'data-say="TIS-a-JEN-lek-LOO-sel">Tisagenlecleucel</a>' in english
    with translation.override("es"):
        spanish = selectors.glossary_linker(preview=False).link(text)
    assert 'data-say="tis-a-YEN-lek-LU-sel">Tisagenlecleucel</a>' in spanish

    # A term without a pronunciation is read as written.
    plain = selectors.glossary_linker(preview=False).link("<p>Your T cells.</p>")
    assert ">T cells</a>" in plain and "data-say" not in plain

    # A Spanish translation that gives no pronunciation: the word is read as written, never
    # with the English sounds (a Spanish voice would say them as Spanish).
    term = GlossaryTerm.objects.get(slug="tisagenlecleucel")
    kind = ContentType.objects.get_for_model(GlossaryTerm)
    spanish_words = Translation.objects.get(content_type=kind, object_id=term.pk, language="es")
    spanish_words.fields = {k: v for k, v in spanish_words.fields.items() if k != "pronunciation"}
    spanish_words.save()
    forget_all()
    with translation.override("es"):
        spanish = selectors.glossary_linker(preview=False).link(text)
    assert ">Tisagenlecleucel</a>" in spanish and "data-say" not in spanish
    english = selectors.glossary_linker(preview=False).link(text)
    assert 'data-say="TIS-a-JEN-lek-LOO-sel"' in english


def test_pages_load_the_listen_script_from_static_files(client, seeded_db):
    html = client.get("/urgent/").content.decode()
    assert '/static/js/listen.js" nonce="' in html and "defer></script>" in html
