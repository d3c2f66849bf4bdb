"""Spanish, end to end: content governed on its own, pages under /es/, the interface too."""

import datetime
import re
import textwrap
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.utils import timezone, translation
from django.utils.html import escape

from journeys.content.governance.reports import content_report
from journeys.content.governance.workflow import content_publish
from journeys.content.seeds import SeedValidationError, seeds_load
from journeys.models import (
    TRANSLATED_FIELDS,
    GlossaryTerm,
    Journey,
    Product,
    Resource,
    Status,
    Step,
    Translation,
)

from .cachestore import forget_all
from .clock import frozen_today  # noqa: F401 - a fixture, used by name

pytestmark = pytest.mark.django_db
PO_FILE = Path(settings.BASE_DIR) / "locale" / "es" / "LC_MESSAGES" / "django.po"


@pytest.fixture(params=[False, True], ids=["fresh", "kept"])
def memo_mode(request, settings):
    settings.CONTENT_CACHE = request.param
    forget_all()
    yield
    forget_all()


def spanish_of(obj):
    content_type = ContentType.objects.get_for_model(type(obj))
    return Translation.objects.get(content_type=content_type, object_id=obj.pk, language="es")


# -- the shipped content --------------------------------------------------------


def test_every_published_english_item_has_a_published_spanish_one(seeded_db):
    missing = []
    for model in TRANSLATED_FIELDS:
        if model is Resource:
            continue  # further reading is imported by staff, in the language it exists in
        content_type = ContentType.objects.get_for_model(model)
        translated = set(
            Translation.objects.published()
            .filter(content_type=content_type, language="es")
            .values_list("object_id", flat=True)
        )
        missing += [
            f"{model.__name__} {o}" for o in model.objects.published() if o.pk not in translated
        ]
    assert not missing, missing[:20]


def test_spanish_uses_the_same_placeholders_and_is_fairly_easy_to_read(seeded_db):
    report = content_report()
    assert report.spanish_graded_rows > 200
    assert report.spanish_median_ease >= 70, report.spanish_median_ease
    for translation_row in Translation.objects.filter(language="es"):
        assert translation_row.field_problems() == [], (
            str(translation_row),
            translation_row.fields,
        )


# -- pages ---------------------------------------------------------------------------


def test_a_spanish_page_reads_spanish_and_says_so(client, seeded_db, memo_mode):
    html = client.get("/es/journey/leukapheresis/").content.decode()
    stage = spanish_of(Step.objects.get(stage__slug="leukapheresis", order=1).stage)
    assert '<html lang="es">' in html
    assert stage.fields["name"] in html
    assert 'hreflang="en" href="http://testserver/journey/leukapheresis/"' in html
    assert 'hreflang="es" href="http://testserver/es/journey/leukapheresis/"' in html
    english = Client().get("/journey/leukapheresis/").content.decode()  # a new reader
    assert stage.fields["name"] not in english and '<html lang="en">' in english


def test_the_switch_keeps_the_reader_on_the_same_page(client, seeded_db):
    html = client.get("/es/products/yescarta/").content.decode()
    assert (
        '<a class="language-switch" href="/products/yescarta/?language=en" hreflang="en" '
        'lang="en" data-prefix="" data-choice="en">English</a>' in html
    )
    assert 'data-choice="es">Español</a>' not in html  # it is here
    html = Client().get("/products/yescarta/").content.decode()
    assert (
        '<a class="language-switch" href="/es/products/yescarta/?language=es" hreflang="es" '
        'lang="es" data-prefix="/es" data-choice="es">Español</a>' in html
    )


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/journey/",
        "/journey/infusion/",
        "/journey/infusion/?step=2",
        "/search/?q=fever",
        "/glossary/",
        "/glossary/cytokine-release-syndrome/",
        "/products/yescarta/",
        "/my-journey/",
        "/my-journey/log/",
        "/checklists/",
        "/print/",
        "/urgent/",
        "/changes/",
    ],
)
@pytest.mark.parametrize("prefix", ["", "/es"])
def test_every_page_names_itself_in_each_language_as_translate_url_would(seeded_db, path, prefix):
    """The hreflang alternates and the switch come from the request's own URL match
    (templatetags/journeys.py), not from resolving the path again: the same addresses as
    Django's translate_url gives for this page, in each language."""
    from django.urls import translate_url

    response = Client().get(prefix + path)
    assert response.status_code == 200, (prefix + path, response.status_code)
    html = response.content.decode()
    alternates = dict(re.findall(r'hreflang="(\w+)" href="http://testserver([^"]+)"', html))
    assert set(alternates) == {code for code, _name in settings.LANGUAGES}
    for code, url in alternates.items():
        assert url.replace("&amp;", "&") == translate_url(prefix + path, code), (code, url)
    assert alternates["en"].split("?")[0] != alternates["es"].split("?")[0]


def test_a_first_visit_follows_the_browser_and_a_choice_sticks(seeded_db):
    browser = Client(HTTP_ACCEPT_LANGUAGE="es-US,es;q=0.9,en;q=0.5")
    response = browser.get("/urgent/")
    assert response.status_code == 302 and response["Location"] == "/es/urgent/"
    assert browser.get("/es/urgent/").status_code == 200
    # A plain link follows the language chosen, not only on the first visit.
    response = browser.get("/journey/infusion/")
    assert response.status_code == 302 and response["Location"] == "/es/journey/infusion/"
    # The reader picks English with the switch: English is remembered, the mark goes.
    response = browser.get("/urgent/?language=en")
    assert response.status_code == 302 and response["Location"] == "/urgent/"
    assert browser.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert browser.get("/urgent/").status_code == 200
    assert browser.get("/journey/").status_code == 200
    # Opening a Spanish link someone sent does not change the choice.
    assert browser.get("/es/journey/").status_code == 200
    assert browser.get("/journey/").status_code == 200
    english_browser = Client(HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert english_browser.get("/urgent/").status_code == 200


def test_an_item_without_spanish_shows_the_english_with_a_note(client, seeded_db, memo_mode):
    step = Step.objects.filter(stage__slug="infusion").first()
    spanish_of(step).delete()
    html = client.get("/es/journey/infusion/").content.decode()
    assert '<div lang="en">' in html and 'class="untranslated"' in html
    assert step.title in html  # the English words, never a blank


def _linked(html, slug):
    """The words linked to glossary entry `slug` on a Spanish page."""
    return re.findall(rf'<a class="term" href="/es/glossary/{slug}/"[^>]*>([^<]+)</a>', html)


def test_a_spanish_page_links_the_spanish_words_of_the_glossary(client, seeded_db, memo_mode):
    term = spanish_of(GlossaryTerm.objects.get(slug="infusion")).fields["term"]
    html = client.get("/es/journey/infusion/").content.decode()
    assert [w.casefold() for w in _linked(html, "infusion")] == [term.casefold()]
    fragment = client.get("/es/glossary/infusion/", HTTP_HX_REQUEST="true").content.decode()
    assert spanish_of(GlossaryTerm.objects.get(slug="infusion")).fields["definition"][:30] in (
        fragment
    )


def test_a_draft_spanish_translation_never_shows(client, seeded_db, memo_mode):
    """Whichever way a page reads its translations: with its rows (products, glossary),
    by the rows it shows (a stage's steps), or as the glossary's forms only."""
    step = Step.objects.filter(stage__slug="infusion").order_by("order").first()
    product = Product.objects.get(slug="yescarta")
    term = GlossaryTerm.objects.get(slug="infusion")
    drafts = [spanish_of(step), spanish_of(product), spanish_of(term)]
    for draft in drafts:
        draft.status = Status.DRAFT
        draft.save()
    stage = client.get("/es/journey/infusion/").content.decode()
    assert drafts[0].fields["title"] not in stage
    assert step.title in stage and 'class="untranslated"' in stage
    assert not _linked(stage, "infusion")  # no Spanish form of a draft is linked
    page = client.get("/es/products/yescarta/").content.decode()
    assert drafts[1].fields["summary"][:40] not in page
    assert product.summary[:40] in page and 'class="untranslated"' in page
    glossary = client.get("/es/glossary/").content.decode()
    assert f">{drafts[2].fields['term']}</a>" not in glossary
    assert f">{term.term}</a>" in glossary


def test_staff_preview_shows_a_waiting_spanish_edit_and_patients_the_published_one(
    staff_client, seeded_db
):
    step = Step.objects.filter(stage__slug="infusion").order_by("order").first()
    product = Product.objects.get(slug="yescarta")
    for obj, name in ((step, "title"), (product, "summary")):
        spanish = spanish_of(obj)
        spanish.pending = {"fields": {**spanish.fields, name: f"Palabras en espera: {name}."}}
        spanish.pending_status = Status.IN_REVIEW
        spanish.save()
    for url, name in (("/es/journey/infusion/", "title"), ("/es/products/yescarta/", "summary")):
        preview = staff_client.get(url + "?preview=1").content.decode()
        assert f"Palabras en espera: {name}." in preview
        assert f"Palabras en espera: {name}." not in Client().get(url).content.decode()


def test_a_spanish_first_render_runs_no_markdown(client, seeded_db, monkeypatch):
    """Translations store their HTML when saved, as English rows do (Translation.rendered)."""
    import markdown

    from journeys.caching.version import content_changed

    client.post("/", {"product": "yescarta", "role": "patient"})
    content_changed()
    monkeypatch.setattr(markdown, "markdown", lambda *a, **k: pytest.fail("Markdown rendered"))
    for url in ("/journey/infusion/", "/products/yescarta/", "/urgent/", "/glossary/", "/print/"):
        assert client.get("/es" + url).status_code == 200, url


@pytest.mark.usefixtures("frozen_today")
def test_a_caregiver_reads_in_spanish_what_the_patient_set_up_in_english(seeded_db):
    patient, caregiver = Client(), Client()
    patient.post("/", {"product": "yescarta", "role": "patient"})
    infusion = timezone.localdate() + datetime.timedelta(days=4)
    patient.post("/my-journey/", {"infusion_date": infusion.isoformat()})
    patient.post("/my-journey/share/", {"sharing": "on"})
    token = Journey.objects.get().token
    caregiver.post(f"/es/j/{token}/")
    html = caregiver.get("/es/my-journey/").content.decode()
    assert '<html lang="es">' in html and "milestone" in html
    ics = caregiver.get("/es/my-journey/calendar.ics").content.decode()
    with translation.override("es"):
        from django.utils.translation import gettext

        spanish_title = gettext("Infusion day (day 0)")
    assert spanish_title != "Infusion day (day 0)"
    assert f"SUMMARY:{spanish_title}" in ics.replace("\r\n ", "")
    assert spanish_title in html


# -- governance ---------------------------------------------------------------------


def test_a_changed_english_item_flags_its_spanish_and_patients_keep_the_old_spanish(
    client, seeded_db, django_user_model
):
    reviewer = django_user_model.objects.create_superuser("rev", "rev@example.org", "pw-12345")
    step = Step.objects.filter(stage__slug="infusion").first()
    spanish = spanish_of(step)
    assert not spanish.is_out_of_date()

    step.pending = {"body": "New English words about the first step."}
    step.pending_status = Status.IN_REVIEW
    step.save()
    content_publish(obj=Step.objects.get(pk=step.pk), user=reviewer, reason="Checked.")

    spanish.refresh_from_db()
    assert spanish.is_out_of_date()
    flagged = [row.pk for row in content_report().translations_out_of_date]
    assert spanish.pk in flagged
    page = client.get("/es/journey/infusion/").content.decode()
    assert spanish.fields["title"] in page  # patients keep the published Spanish
    assert "New English words" not in page

    spanish.pending = {"fields": {**spanish.fields, "body": "Palabras nuevas en español."}}
    spanish.pending_status = Status.IN_REVIEW
    spanish.save()
    assert "Palabras nuevas" not in client.get("/es/journey/infusion/").content.decode()
    content_publish(obj=Translation.objects.get(pk=spanish.pk), user=reviewer, reason="Revisado.")
    assert not Translation.objects.get(pk=spanish.pk).is_out_of_date()
    assert "Palabras nuevas en español." in client.get("/es/journey/infusion/").content.decode()


def test_review_dashboard_and_report_list_out_of_date_translations(staff_client, seeded_db):
    step = Step.objects.filter(stage__slug="infusion").first()
    Step.objects.filter(pk=step.pk).update(body="Changed English.")
    html = staff_client.get("/admin/review/").content.decode()
    assert "Translations out of date" in html and "translation out of date" in html
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("content_report", stdout=out)
    assert "Translations out of date: 1" in out.getvalue()
    assert "Spanish reading ease (Fernández-Huerta" in out.getvalue()


def test_staff_edit_a_translation_in_admin_with_the_english_beside_it(staff_client, seeded_db):
    step = Step.objects.filter(stage__slug="infusion").first()
    spanish = spanish_of(step)
    url = f"/admin/journeys/translation/{spanish.pk}/change/"
    page = staff_client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="words_body"' in html and step.body[:30] in html


# -- the seed files -------------------------------------------------------------------

SEED = """\
sources:
  - slug: ref-1
    title: A source
    url: https://example.org/1
defaults:
  status: published
  last_reviewed: 2026-11-21
  sources: [ref-1]
glossary:
  - slug: t-cell
    term: T cell
    definition: A white blood cell. Call {phone_day}.
    es:
      status: published
      last_reviewed: 2026-12-01
      term: Célula T
      definition: Un glóbulo blanco. Llame al {phone_day}.
"""

BAD_SPANISH = {
    "unknown placeholder": ("Llame al {phone_day}.", "Llame al {phone_dia}.", 17, "{phone_dia}"),
    "missing placeholder": ("Llame al {phone_day}.", "Llame a su equipo.", 17, "same placeholders"),
    "unknown key": (
        "      term: Célula T\n",
        "      term: Célula T\n      colour: red\n",
        17,
        "unknown key 'colour'",
    ),
    "not a mapping": (
        "    es:\n      status: published\n      last_reviewed: 2026-12-01\n      term: Célula T\n"
        "      definition: Un glóbulo blanco. Llame al {phone_day}.\n",
        "    es: Célula T\n",
        13,
        "'es' must be a mapping",
    ),
}


def _seed_dir(tmp_path, text):
    (tmp_path / "seed.yaml").write_text(textwrap.dedent(text), encoding="utf-8")
    return tmp_path


def test_spanish_in_the_seeds_loads_and_loads_again_unchanged(tmp_path):
    folder = _seed_dir(tmp_path, SEED)
    first = seeds_load(directory=folder).counts()
    assert first["created"] == 3  # the source, the term and its Spanish
    again = seeds_load(directory=folder).counts()
    assert again["created"] == 0 and again["updated"] == 0
    term = Translation.objects.get()
    assert term.fields["term"] == "Célula T" and term.status == Status.PUBLISHED
    assert not term.is_out_of_date()


@pytest.mark.parametrize("case", BAD_SPANISH)
def test_bad_spanish_in_the_seeds_is_refused_with_file_and_line(tmp_path, case):
    old, new, line, message = BAD_SPANISH[case]
    assert old in SEED
    folder = _seed_dir(tmp_path, SEED.replace(old, new))
    with pytest.raises(SeedValidationError) as excinfo:
        seeds_load(directory=folder)
    places = [(e.line, e.message) for e in excinfo.value.errors]
    assert any(line_ == line and message in text for line_, text in places), places
    assert not Translation.objects.exists()


# -- the interface ------------------------------------------------------------------


def _catalog():
    """(msgid, msgstr or [plural msgstrs], fuzzy) for every entry of the Spanish .po file."""
    entries, current = [], None
    text = PO_FILE.read_text(encoding="utf-8")
    for block in re.split(r"\n\s*\n", text):
        if "msgid" not in block:
            continue
        fuzzy = "#, fuzzy" in block or ", fuzzy" in block
        parts = {}
        key = None
        for line in block.splitlines():
            if line.startswith("#"):
                continue
            match = re.match(r'(msgctxt|msgid_plural|msgid|msgstr(?:\[\d\])?) "(.*)"$', line)
            if match:
                key = match[1]
                parts[key] = _unquote(match[2])
            elif line.startswith('"') and key:
                parts[key] += _unquote(line[1:-1])
        current = parts
        if current.get("msgid"):
            strs = [v for k, v in current.items() if k.startswith("msgstr")]
            entries.append((current["msgid"], strs, fuzzy, current.get("msgctxt")))
    return entries


def _unquote(value):
    return value.encode("latin-1", "backslashreplace").decode("unicode_escape")


def test_every_interface_message_is_translated_to_spanish():
    entries = _catalog()
    assert len(entries) > 400
    untranslated = [msgid for msgid, strs, fuzzy, _ctx in entries if fuzzy or not all(strs)]
    assert not untranslated, untranslated[:20]


def test_the_compiled_spanish_catalog_matches_its_source():
    """The .mo file the app loads says what the .po file says (make run compiles nothing)."""
    with translation.override("es"):
        from django.utils.translation import gettext, pgettext

        wrong = []
        for msgid, strs, _fuzzy, context in _catalog():
            if len(strs) != 1:
                continue
            got = pgettext(context, msgid) if context else gettext(msgid)
            if got != strs[0]:
                wrong.append(msgid)
    assert not wrong, wrong[:20]


SPANISH_PAGES = [
    "/es/",
    "/es/journey/",
    "/es/journey/monitoring/",
    "/es/products/",
    "/es/products/aucatzyl/",
    "/es/urgent/",
    "/es/glossary/",
    "/es/glossary/cytokine-release-syndrome/",
    "/es/about/",
    "/es/checklists/",
    "/es/checklists/print/",
    "/es/my-journey/",
    "/es/my-journey/wallet-card/",
]


def test_spanish_pages_show_no_english_interface_string(client, seeded_db):
    """Each interface message of three words or more must not appear in English."""
    english = [
        msgid
        for msgid, strs, _fuzzy, _ctx in _catalog()
        if len(strs) == 1
        and strs[0]
        and strs[0] != msgid
        and "%" not in msgid
        and "<" not in msgid
        and len(msgid.split()) >= 3
    ]
    client.post("/es/", {"product": "yescarta", "role": "patient"})
    found = []
    for path in SPANISH_PAGES:
        html = client.get(path).content.decode()
        found += [f"{path}: {msgid!r}" for msgid in english if msgid in html]
    assert not found, found[:20]


@pytest.mark.usefixtures("frozen_today")
def test_dates_read_in_spanish_word_order(client, seeded_db):
    """A Spanish reader sees "31 de diciembre de 2026", never "diciembre 31, 2026"."""
    from django.utils import dateformat

    client.post("/", {"role": "patient", "product": "yescarta"})
    infusion = timezone.localdate() - datetime.timedelta(days=2)
    client.post("/my-journey/", {"infusion_date": infusion.isoformat()})
    months = "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre"
    month = (months.split() + ["diciembre"])[infusion.month - 1]
    with translation.override("es"):
        weekday = dateformat.format(infusion, "l")
    card = client.get("/es/my-journey/wallet-card/").content.decode()
    assert f"{infusion.day} {month[:3]} {infusion.year}" in card
    log = client.get("/es/my-journey/log/").content.decode()
    assert f"Día 0 · {weekday} {infusion.day} de {month}" in log
    printed = client.get("/es/my-journey/log/print/").content.decode()
    assert f"{infusion.day} de {month} de {infusion.year}" in printed
    english = client.get("/my-journey/wallet-card/").content.decode()
    assert infusion.strftime("%b ") + f"{infusion.day}, {infusion.year}" in english


def test_the_spanish_product_page_shows_its_indications_and_its_own_words_in_spanish(
    client, seeded_db
):
    """The product comes from the one list of products, put in Spanish where it was read;
    the page's copy gets its indications after, and they are in Spanish too (a copy
    marked "already in Spanish" would leave them in English)."""
    from journeys.content.models.content import Indication

    product = Product.objects.get(slug="yescarta")
    indications = list(Indication.objects.published().filter(product=product))
    assert indications
    for _round in range(2):  # the first render, then what is kept
        page = client.get("/es/products/yescarta/").content.decode()
        assert 'class="untranslated"' not in page  # every word of the page in Spanish
        for indication in indications:
            spanish = spanish_of(indication).fields["disease"]
            assert spanish != indication.disease
            assert escape(spanish) in page, indication.disease
            assert escape(indication.disease) not in page
