"""Search (/search/): what a visitor types -> the item they need first, on every database.

The query table runs on whichever database the suite uses (SQLite: our stems;
PostgreSQL: its own full-text lexemes, `english` / `spanish`), so both paths must give
the same first result. The URL of the first result is what is checked: it is where the
visitor lands (the warning sign's anchor, the step, the glossary entry).
"""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from journeys.content.search import MAX_LENGTH
from journeys.content.search.words import fold
from journeys.models import Status, Translation, WarningSign

pytestmark = pytest.mark.django_db

#: (language, what the visitor types, where the first result goes)
FIRST_RESULT = [
    # symptoms: the warning sign, with whom to call, comes first
    ("en", "fever", "/urgent/#fever-or-chills"),
    ("en", "fevers", "/urgent/#fever-or-chills"),
    ("en", "feaver", "/urgent/#fever-or-chills"),
    ("en", "temp", "/urgent/#fever-or-chills"),
    ("en", "confused", "/urgent/#confusion-or-trouble-with-words"),
    ("en", "can't think", "/urgent/#confusion-or-trouble-with-words"),
    ("en", "shaking", "/urgent/#shaking-or-handwriting-changes"),
    ("en", "handwriting", "/urgent/#shaking-or-handwriting-changes"),
    ("en", "siezure", "/urgent/#seizure"),
    ("en", "passed out", "/urgent/#fainting-or-chest-pain"),
    ("en", "trouble breathing", "/urgent/#trouble-breathing"),
    ("en", "short of breath", "/urgent/#trouble-breathing"),
    ("en", "bruise", "/urgent/#bleeding-or-bruising"),
    ("en", "dizzy", "/urgent/#dizziness-or-fast-heartbeat"),
    ("en", "germs", "/urgent/#signs-of-infection"),
    # questions, glossary forms, short forms and misspellings
    ("en", "can he drive", "/journey/recovery/?step=2#step-panel"),
    ("en", "chemo", "/glossary/lymphodepletion/"),
    ("en", "CRS", "/glossary/cytokine-release-syndrome/"),
    ("en", "cytokine release syndrome", "/glossary/cytokine-release-syndrome/"),
    ("en", "ICANS", "/glossary/icans/"),
    ("en", "leukopheresis", "/glossary/leukapheresis/"),
    ("en", "infussion", "/glossary/infusion/"),
    ("en", "T cells", "/glossary/t-cell/"),
    ("en", "CD19", "/glossary/cd19/"),
    ("en", "bridging chemo", "/glossary/bridging-therapy/"),
    ("en", "yescarta", "/products/yescarta/"),
    ("en", "kymriah", "/products/kymriah/"),
    ("en", "what to pack", "/journey/leukapheresis/#checklist-heading"),
    # Spanish: the published Spanish words, accents or not
    ("es", "fiebre", "/es/urgent/#fever-or-chills"),
    ("es", "fievre", "/es/urgent/#fever-or-chills"),
    ("es", "temp", "/es/urgent/#fever-or-chills"),
    ("es", "escalofrios", "/es/urgent/#fever-or-chills"),
    ("es", "confusión", "/es/urgent/#confusion-or-trouble-with-words"),
    ("es", "confusion", "/es/urgent/#confusion-or-trouble-with-words"),
    ("es", "no puedo pensar", "/es/urgent/#confusion-or-trouble-with-words"),
    ("es", "no puede pensar", "/es/urgent/#confusion-or-trouble-with-words"),
    ("es", "no puede pensar bien", "/es/urgent/#confusion-or-trouble-with-words"),
    ("es", "SLC", "/es/glossary/cytokine-release-syndrome/"),
    ("es", "LLA", "/es/glossary/b-cell-acute-lymphoblastic-leukemia/"),
    ("es", "temblores", "/es/urgent/#shaking-or-handwriting-changes"),
    ("es", "convulsión", "/es/urgent/#seizure"),
    ("es", "convulcion", "/es/urgent/#seizure"),
    ("es", "mareado", "/es/urgent/#dizziness-or-fast-heartbeat"),
    ("es", "moretones", "/es/urgent/#bleeding-or-bruising"),
    ("es", "respirar", "/es/urgent/#trouble-breathing"),
    ("es", "infeccion", "/es/urgent/#signs-of-infection"),
    ("es", "manejar", "/es/journey/recovery/?step=2#step-panel"),
    ("es", "leucaferesis", "/es/glossary/leukapheresis/"),
    ("es", "linfodepleción", "/es/glossary/lymphodepletion/"),
    ("es", "citoquina", "/es/glossary/cytokine/"),
    ("es", "celulas T", "/es/glossary/t-cell/"),
]


def _search(client, q, language="en", **headers):
    prefix = "/es" if language == "es" else ""
    return client.get(f"{prefix}/search/", {"q": q}, **headers)


@pytest.fixture
def seeded(seeded_db):
    return seeded_db


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_first_result_is_the_one_the_visitor_needs(client, seeded, language):
    """Every row of FIRST_RESULT in one test per language (the seeds load once), every
    miss reported at once."""
    misses = {}
    for lang, q, first in FIRST_RESULT:
        if lang != language:
            continue
        response = _search(client, q, language)
        assert response.status_code == 200, q
        results = response.context["found"].results
        if not results or results[0].doc.url != first:
            misses[q] = [(r.doc.url, round(r.score, 2)) for r in results[:3]]
            continue
        # The page links straight there, highlights the words and says where it is.
        html = response.content.decode()
        assert f'href="{first}"' in html, q
        assert "<mark>" in html, q
        assert 'class="search-where"' in html, q
    assert not misses, misses


@pytest.mark.parametrize(
    "q", ["dolor de cabeza", "me duele la cabeza", "le duele la cabeza", "dolor cabeza"]
)
def test_a_spanish_headache_does_not_lead_to_another_pain(client, seeded, q):
    """ "dolor" alone must not put chest pain (fainting) first for a headache (issue 28)."""
    results = _search(client, q, "es").context["found"].results
    assert not results or results[0].doc.url != "/es/urgent/#fainting-or-chest-pain", [
        r.doc.url for r in results[:3]
    ]


def test_the_table_covers_both_languages_and_enough_queries():
    assert len(FIRST_RESULT) >= 30
    assert {lang for lang, _q, _url in FIRST_RESULT} == {"en", "es"}


def test_accents_do_not_matter_and_spanish_reads_the_spanish_words(client, seeded):
    with_accent = _search(client, "convulsión", "es").context["found"]
    without = _search(client, "CONVULSION", "es").context["found"]
    assert [r.doc.url for r in with_accent.results] == [r.doc.url for r in without.results]
    # The same word on the English site finds no Spanish warning sign.
    english = _search(Client(), "escalofríos").context["found"]  # a reader of the English site
    assert all(r.doc.kind != "sign" for r in english.results)
    assert fold("Señales de Infección") == "senales de infeccion"


def test_a_warning_sign_comes_before_a_glossary_entry_or_step_with_the_same_word(client, seeded):
    found = _search(client, "fever").context["found"]
    kinds = [r.doc.kind for r in found.results]
    assert kinds[0] == "sign"
    assert "sign" not in kinds[kinds.index(next(k for k in kinds if k != "sign")) :]


def test_drafts_and_waiting_edits_never_show_even_in_staff_preview(staff_client, seeded):
    sign = WarningSign.objects.get(slug="fever-or-chills")
    sign.pending = {"name": "Zebrafish secret", "symptoms": "Zebrafish secret"}
    sign.pending_status = Status.DRAFT
    sign.save()
    found = staff_client.get("/search/", {"q": "zebrafish", "preview": "1"}).context["found"]
    assert found.results == []
    sign.status = Status.DRAFT  # as staff would: a save, which moves the content version
    sign.save()
    for client_q in ("fever", "chills"):
        response = staff_client.get("/search/", {"q": client_q, "preview": "1"})
        assert all(
            r.doc.url != "/urgent/#fever-or-chills" for r in response.context["found"].results
        )


def test_a_draft_spanish_translation_is_not_searched(client, seeded):
    sign = WarningSign.objects.get(slug="fever-or-chills")
    first = _search(client, "escalofrios", "es").context["found"].results[0]
    assert first.doc.url == "/es/urgent/#fever-or-chills"
    for translation in Translation.objects.filter(
        content_type=ContentType.objects.get_for_model(WarningSign), object_id=sign.pk
    ):
        translation.status = Status.DRAFT  # saved as staff would, moving the content version
        translation.save()
    found = _search(client, "escalofrios", "es").context["found"]
    assert all(r.doc.url != "/es/urgent/#fever-or-chills" for r in found.results)


def test_product_only_content_follows_the_chosen_product(client, seeded):
    assert not any(
        r.doc.url.endswith("#tingling-or-weakness-carvykti")
        for r in _search(client, "tingling").context["found"].results
    )
    client.post("/", {"role": "patient", "product": "carvykti"})
    first = _search(client, "tingling").context["found"].results[0]
    assert first.doc.url == "/urgent/#tingling-or-weakness-carvykti"


@pytest.mark.parametrize(
    ("q", "words"),
    [
        ("fever " * 41, "200 characters"),
        ("fe\x1bver", "cannot read"),
        ("fever\u202e", "cannot read"),
        ("?!...---", "type a word"),
        ("¿¡«»", "type a word"),
    ],
)
def test_bad_input_gets_a_clear_message_and_a_400(client, db, q, words):
    response = _search(client, q)
    assert response.status_code == 400
    html = response.content.decode()
    assert words in html
    assert 'role="alert"' in html
    assert 'id="search-q"' in html  # the form is there to try again
    # While typing (htmx) the message replaces the results: htmx swaps only a 2xx answer.
    fragment = _search(client, q, HTTP_HX_REQUEST="true")
    assert fragment.status_code == 200
    assert words in fragment.content.decode()
    assert "<html" not in fragment.content.decode()


def test_a_nul_character_is_refused_before_the_view(client, db):
    response = _search(client, "fever\x00")
    assert response.status_code == 400
    assert "character this site does not use" in response.content.decode()


def test_a_query_of_exactly_the_limit_is_searched(client, seeded):
    q = ("fever " * 40)[:MAX_LENGTH]
    assert len(q) == MAX_LENGTH
    response = _search(client, q)
    assert response.status_code == 200
    assert response.context["found"].results[0].doc.url == "/urgent/#fever-or-chills"


def test_markup_in_the_query_is_shown_as_text(client, seeded):
    response = _search(client, '<img src=x onerror="alert(1)">fever')
    html = response.content.decode()
    assert response.status_code == 200
    assert "<img src=x" not in html
    assert "&lt;img src=x" in html


def test_empty_search_is_a_plain_page_and_the_header_field_is_on_other_pages(client, seeded):
    response = client.get("/search/")
    assert response.status_code == 200
    assert response.context["found"].results == []
    html = client.get("/urgent/").content.decode()
    assert 'action="/search/"' in html and 'id="header-q"' in html
    assert 'href="/print/"' in html  # the packet builder is in the menu of every page
    assert 'action="/es/search/"' in client.get("/es/urgent/").content.decode()


def test_htmx_gets_the_results_only_and_history_restore_the_whole_page(client, seeded):
    full = _search(client, "fever")
    fragment = _search(client, "fever", HTTP_HX_REQUEST="true")
    restore = _search(
        client, "fever", HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true"
    )
    assert "<html" in full.content.decode() and "<html" in restore.content.decode()
    body = fragment.content.decode()
    assert "<html" not in body and 'class="search-list"' in body
    # The count goes to the live region that stays in the page (out of band).
    assert '<p id="search-count" hx-swap-oob="innerHTML">' in body
    assert "results for “fever”" in body
    assert 'id="search-count" class="search-count" role="status">' in full.content.decode()
    assert "#}" not in full.content.decode()
    assert "HX-Request" in full["Vary"]


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_search_runs_at_most_four_queries(client, seeded, memo_on, language):
    client.post("/", {"role": "patient", "product": "yescarta"})
    _search(client, "fever", language)  # the process keeps the content, as in production
    counts = {}
    for q in ("confused", "can he drive", "chemo"):
        with CaptureQueriesContext(connection) as ctx:
            response = _search(client, q, language)
        assert response.status_code == 200
        counts[q] = len(ctx.captured_queries)
    assert max(counts.values()) <= 4, counts
