"""The translator's term list held by a test: every Spanish page, print-out, calendar
file and CSV is read as a reader reads it, and a refused form (journeys/content/governance/terms.py)
fails the test, with the preferred term beside it."""

import datetime
import re
from html.parser import HTMLParser

import pytest
from django.test import Client, RequestFactory
from django.utils import timezone, translation

from journeys.content.governance.terms import TERMS, refused_forms
from journeys.models import GlossaryTerm, Product, Stage, WarningSign

from .clock import frozen_today  # noqa: F401 - a fixture, used by name

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
SEEN_ATTRIBUTES = ("alt", "title", "aria-label", "placeholder", "content")


class SpanishWords(HTMLParser):
    """The words a Spanish reader sees or hears, leaving out what is marked English
    (`lang="en"`: names of English-only sources, untranslated notes, the wallet card's
    clinician side) and scripts."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.words = []
        self._stack = []  # (tag, english or hidden)

    @property
    def _skipping(self):
        return any(skip for _tag, skip in self._stack)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        skip = attrs.get("lang", "").startswith("en") or tag in ("script", "style")
        if not (skip or self._skipping):
            if tag == "meta" and attrs.get("name") not in ("description",):
                pass
            else:
                self.words += [attrs[a] for a in SEEN_ATTRIBUTES if attrs.get(a)]
        if tag not in VOID:
            self._stack.append((tag, skip))
        self.words.append("\n")

    def handle_endtag(self, tag):
        for i in range(len(self._stack) - 1, -1, -1):
            if self._stack[i][0] == tag:
                del self._stack[i:]
                break
        self.words.append("\n")

    def handle_data(self, data):
        if not self._skipping:
            self.words.append(data)

    @property
    def text(self):
        return re.sub(r"[ \t\r\f\v]+", " ", "".join(self.words))


def spanish_words(response_or_html, content_type="text/html"):
    if not isinstance(response_or_html, str):
        content_type = response_or_html["Content-Type"]
        response_or_html = response_or_html.content.decode()
    if not content_type.startswith("text/html"):
        return response_or_html
    reader = SpanishWords()
    reader.feed(response_or_html)
    return reader.text


def _report(found):
    """Each refused form once, with the first page it was read on."""
    first = {}
    for line in found:
        page, refused = line.split(": ", 1)
        first.setdefault(refused, page)
    return "\n".join(f"{page}: {refused}" for refused, page in first.items())


def _problems(client, paths, label):
    found = []
    for path in paths:
        response = client.get("/es" + path)
        expected = (400, 404) if path in ERROR_PATHS else (200,)
        assert response.status_code in expected, (label, path, response.status_code)
        for refused in refused_forms(spanish_words(response)):
            found.append(f"{label} /es{path}: {refused}")
    return found


SEARCHES = [
    "fiebre",
    "no puede pensar",
    "dolor de cabeza",
    "manejar",
    "tarjeta",
    "cuidador",
    "leucemia",
    "señales de alarma",
    "xqzv",  # nothing found
]
ERROR_PATHS = ["/no-such-page/", "/journey/no-such-stage/", "/search/?q=%01", "/print/?part=nope"]


def _choose(client, product, role):
    response = client.post("/es/", {"product": product.slug if product else "", "role": role})
    assert response.status_code == 302


@pytest.mark.parametrize("role", ["patient", "caregiver"])
def test_no_refused_term_on_spanish_searches_and_error_pages(seeded_db, role):
    """Searches and error pages. Every content page (each stage step by step, product,
    glossary entry, resource, urgent, about, checklists), for every product choice and
    role, is read with this same check by the reader's-eye crawl
    (tests/test_reader_eye.py), which opens them anyway."""
    client = Client()
    _choose(client, None, role)
    paths = [f"/search/?q={q}" for q in SEARCHES] + ERROR_PATHS
    found = _problems(client, paths, f"[{role}, not sure]")
    assert not found, _report(found)


def test_no_refused_term_in_a_dated_journey_its_log_print_outs_calendar_and_csv(seeded_db):
    for product in [None, *Product.objects.published().order_by("slug")]:
        client = Client()
        _choose(client, product, "patient")
        today = timezone.localdate()
        infusion = today - datetime.timedelta(days=3)
        response = client.post(
            "/es/my-journey/",
            {
                "infusion_date": infusion.isoformat(),
                "collection_date": (today - datetime.timedelta(days=30)).isoformat(),
            },
        )
        assert response.status_code == 302
        # a log with a fever and every sign, so every instruction the log repeats is read
        page = client.get("/es/my-journey/log/?day=3").content.decode()
        signs = sorted(set(re.findall(r'name="signs" value="(\d+)"', page)))
        assert signs
        for n, (temperature, unit) in enumerate([("38.6", "C"), ("101.5", "F"), ("99", "F")]):
            response = client.post(
                "/es/my-journey/log/",
                {
                    "day": 3,
                    "time": f"0{n + 7}:00",
                    "temperature": temperature,
                    "unit": unit,
                    "signs": signs if n == 0 else [],
                    "key": f"{n:032x}",
                },
            )
            assert response.status_code in (200, 302), response.content[:300]
        paths = [
            "/my-journey/",
            "/my-journey/log/",
            "/my-journey/log/?day=3",
            "/my-journey/log/?day=0",
            "/my-journey/log/print/",
            "/my-journey/log/blank/",
            "/my-journey/log/entries.csv",
            "/my-journey/calendar.ics",
            "/my-journey/wallet-card/",
            "/my-journey/forget/",
            "/checklists/print/",
            "/print/",
            "/print/?" + "&".join(f"part={p}" for p in _packet_parts()),
            "/print/?ahead=1&" + "&".join(f"part={p}" for p in _packet_parts()),
        ]
        found = _problems(client, paths, f"[dated, {product or 'not sure'}]")
        assert not found, _report(found)


def _packet_parts():
    from journeys.content.packet import PARTS

    return list(PARTS)


def test_no_refused_term_on_the_server_error_page(seeded_db):
    from django.views.defaults import server_error

    with translation.override("es"):
        html = server_error(RequestFactory().get("/es/journey/")).content.decode()
    assert "Algo salió mal" in html
    assert not [str(r) for r in refused_forms(spanish_words(html))]


def test_the_term_check_fails_when_a_refused_form_is_put_back(seeded_db):
    """Put back what the translator refused, in content and in the interface, and the
    same reading of the page finds it, with the preferred term."""
    from django.contrib.contenttypes.models import ContentType

    from journeys.caching import version as memo
    from journeys.models import Translation

    sign = WarningSign.objects.published().get(slug="fever-or-chills")
    spanish = Translation.objects.get(
        content_type=ContentType.objects.get_for_model(WarningSign), object_id=sign.pk
    )
    spanish.fields = {
        **spanish.fields,
        "why": spanish.fields["why"]
        + " Llame fuera del horario de oficina. Vea las señales de alerta.",
    }
    spanish.save()
    memo.content_changed()
    client = Client()
    _choose(client, None, "patient")
    found = _problems(client, ["/urgent/"], "[put back]")
    assert any("fuera de horario" in f for f in found), found
    assert any("señales de alarma" in f for f in found), found


def test_every_term_refuses_what_it_lists_and_keeps_the_preferred_term():
    """The table itself: each refused example is caught, each preferred term passes."""
    examples = {
        "after hours": "al 555 fuera del horario de oficina",
        "warning signs": "Conozca las señales de alerta.",
        "wallet card": "su tarjeta para la cartera",
        "cytokine release syndrome": "síndrome de liberación de citocinas (SLC)",
        "B-cell acute lymphoblastic leukemia": "Leucemia (ALL) de células B",
        "care team": "llame a su equipo de atención",
        "fever": "38,6 °C (101,5 °F)",
        "a clear no": "No exactamente. Llame ahora.",
        "length of a period from infusion": "Al menos 14 días después de la infusión.",
        "antigen marker": "se agarra a una marca (un antígeno) que tienen",
        "the English handwriting sentence": "“The quick brown fox jumps over the lazy dog.”",
        "an English sentence left on a Spanish page": "Llame ya: call your care team now.",
    }
    by_concept = {t.concept: t for t in TERMS}
    for concept, text in examples.items():
        assert [r.concept for r in refused_forms(text)] == [concept] or concept in [
            r.concept for r in refused_forms(text)
        ], (concept, refused_forms(text))
    preferred = " ".join(
        t.preferred
        for t in TERMS
        if t.concept
        not in ("the English handwriting sentence", "an English sentence left on a Spanish page")
    )
    assert not refused_forms(preferred), refused_forms(preferred)
    # a mark on the log is a mark, not a marker
    assert not refused_forms("Las temperaturas de ese número o más tienen la marca ▲.")
    assert by_concept["fever"].preferred == "fiebre: 100.4 °F (38.0 °C) o más"


def test_spanish_words_leave_out_what_is_marked_english():
    html = (
        '<p>Su equipo médico.</p><p lang="en">Leukemia (ALL) — <b>after hours</b></p>'
        '<img alt="tarjeta para la cartera"><p>fin</p>'
    )
    text = spanish_words(html)
    assert "ALL" not in text and "after hours" not in text
    assert "cartera" in text and "fin" in text


def test_the_pages_read_cover_every_stage_sign_and_term(seeded_db):
    """The crawl that reads every content page with this check (tests/test_reader_eye.py)
    reads what exists: every published stage, sign and glossary entry."""
    from .test_reader_eye import content_paths

    paths = content_paths(None, "patient") + content_paths(None, "caregiver")
    for stage in Stage.objects.published():
        assert any(p.startswith(stage.get_absolute_url()) for p in paths), stage
    for term in GlossaryTerm.objects.published():
        assert term.get_absolute_url() in paths
    body = Client().get("/es/urgent/").content.decode()
    for_everyone = WarningSign.objects.published().filter(products__isnull=True)
    for slug in for_everyone.values_list("slug", flat=True):
        assert f'id="{slug}"' in body or f"#{slug}" in body, slug


def test_staff_see_the_term_check_on_a_spanish_translations_change_page(staff_client, seeded_db):
    from django.contrib.contenttypes.models import ContentType

    from journeys.models import CareCenter, Translation

    sign = WarningSign.objects.published().get(slug="fever-or-chills")
    spanish = Translation.objects.get(
        content_type=ContentType.objects.get_for_model(WarningSign), object_id=sign.pk
    )
    url = f"/admin/journeys/translation/{spanish.pk}/change/"
    html = staff_client.get(url).content.decode()
    assert "Uses the agreed terms" in html
    spanish.fields = {**spanish.fields, "why": "Llame fuera del horario de oficina."}
    spanish.save()
    html = staff_client.get(url).content.decode()
    assert "Words the agreed term list refuses:" in html
    assert "“fuera del horario” → “fuera de horario”" in html
    # the center's own words are a translation like any other
    center = Translation.objects.get(
        content_type=ContentType.objects.get_for_model(CareCenter), language="es"
    )
    page = staff_client.get(f"/admin/journeys/translation/{center.pk}/change/")
    assert page.status_code == 200
    assert 'name="words_handwriting_sentence"' in page.content.decode()
