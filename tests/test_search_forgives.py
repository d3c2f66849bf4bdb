"""Search that forgives (issue 30, finding 4): a word typed a letter or two wrong is
corrected, "Did you mean …?" when nothing matches, a temperature finds the fever sign, and a
topic this guide does not cover is said so, with whom to ask: never a made-up answer."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from journeys.content import selectors
from journeys.content.search import _index, postgres

pytestmark = pytest.mark.django_db


def _search(client, q, language="en", **headers):
    prefix = "/es" if language == "es" else ""
    return client.get(f"{prefix}/search/", {"q": q}, **headers)


@pytest.mark.parametrize(
    ("q", "first", "says"),
    [
        ("feever", "/urgent/#fever-or-chills", "Showing results for “fever”"),
        ("fevor", "/urgent/#fever-or-chills", "Showing results for “fever”"),
        ("infushion", "/glossary/infusion/", "Showing results for “infusion”"),
        ("headache", "/urgent/#headache-nausea-or-aches", ""),
        ("nausea", "/urgent/#headache-nausea-or-aches", ""),
        ("99.5", "/urgent/#fever-or-chills", "“99.5” looks like a temperature"),
        ("38.3", "/urgent/#fever-or-chills", "“38.3” looks like a temperature"),
        ("sex", "/journey/evaluation/#dos-donts-heading", "This guide says little about “sex”"),
    ],
)
def test_what_found_nothing_before_now_finds_what_the_guide_says(client, seeded_db, q, first, says):
    """The words of issue 30's walk that gave 0 results and no "did you mean"."""
    response = _search(client, q)
    assert response.status_code == 200
    found = response.context["found"]
    assert found.results and found.results[0].doc.url == first, [
        r.doc.url for r in found.results[:3]
    ]
    html = response.content.decode()
    assert says in html
    assert "<mark>" in html  # the corrected word is highlighted where it was found


@pytest.mark.parametrize(
    ("q", "language", "says"),
    [
        ("rash", "en", "This guide does not cover “rash”."),
        ("hair loss", "en", "This guide does not cover “hair loss”."),
        ("sarpullido", "es", "Esta guía no habla de “sarpullido”."),
        ("se me cae el pelo", "es", "Esta guía no habla de “se me cae el pelo”."),
    ],
)
def test_a_topic_the_guide_does_not_cover_is_said_so_with_whom_to_ask(
    client, seeded_db, q, language, says
):
    response = _search(client, q, language)
    found = response.context["found"]
    assert found.results == [] and found.uncovered
    html = response.content.decode()
    assert says in html
    assert 'href="tel:' in html  # the care team's lines, to ask them
    assert 'href="%s/urgent/"' % ("/es" if language == "es" else "") in html
    # "hair loss" found "Changes in how you move" before (through "lose interest")
    assert "Changes in how you move" not in html and "Nothing matched" not in html
    # said in the live region too, where a screen reader hears it while typing
    fragment = _search(client, q, language, HTTP_HX_REQUEST="true").content.decode()
    assert fragment.count(says.split(" “")[0]) >= 2 and "<html" not in fragment


@pytest.mark.parametrize(
    ("language", "link", "says"),
    [
        ("en", "/search/?q=lymphodepletion", "Did you mean"),
        ("es", "/es/search/?q=linfodeplecion", "¿Quiso decir"),
    ],
)
def test_did_you_mean_when_nothing_matches_with_htmx_and_without(
    client, seeded_db, language, link, says
):
    # three letters wrong: too far to correct on its own, near enough to offer
    full = _search(client, "lymfodeplesion", language)
    assert full.context["found"].results == []
    html = full.content.decode()
    assert f'{says} <a href="{link}">' in html
    assert 'id="search-count" class="search-count" role="status">' in html
    fragment = _search(client, "lymfodeplesion", language, HTTP_HX_REQUEST="true")
    body = fragment.content.decode()
    assert "<html" not in body and f'<a href="{link}">' in body
    assert says in body.split('hx-swap-oob="innerHTML">')[1].split("</p>")[0]  # the live region
    # the link is the corrected search, and it finds the word
    followed = client.get(link).context["found"]
    assert followed.results and "lymphodepletion" in followed.results[0].doc.url


def test_nothing_near_gets_no_suggestion_and_no_correction(client, seeded_db):
    found = _search(client, "zzzzqqq").context["found"]
    assert found.results == [] and not found.suggestion and not found.corrected
    assert "Nothing matched" in _search(client, "zzzzqqq").content.decode()


def test_a_word_the_guide_never_uses_does_not_push_the_sign_down(client, seeded_db):
    plain = _search(client, "fever").context["found"].results
    padded = _search(client, "my mom has a fever").context["found"].results
    assert [r.doc.url for r in padded[:3]] == [r.doc.url for r in plain[:3]]
    assert padded[0].score == plain[0].score  # the warning sign still comes first


def test_a_common_word_among_a_sign_s_symptoms_does_not_put_the_sign_first(client, seeded_db):
    """ "stay" is in "cannot stay awake": "where will we stay" wants where to stay."""
    first = _search(client, "where will we stay").context["found"].results[0]
    assert first.doc.kind != "sign", first.doc.url
    # a rare one does: "nosebleed" is among the bleeding sign's symptoms only
    assert _search(client, "nosebleed").context["found"].results[0].doc.kind == "sign"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_trgm is PostgreSQL's")
@pytest.mark.parametrize("language", ["en", "es"])
def test_pg_trgm_offers_what_the_python_trigrams_offer(seeded_db, language):
    """On PostgreSQL the candidates come from pg_trgm's similarity(): the same words as
    the SQLite path's own trigrams, so both databases correct the same way."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        assert cursor.fetchone(), "migration 0006 creates pg_trgm"
    with translation.override(language):
        lexicon = _index(
            language=language,
            product=None,
            role="patient",
            numbers={},
            products=selectors.products(preview=False),
        ).lexicon
    typed = {
        "en": ["feever", "fevor", "infushion", "hedache", "tempature", "caregiber", "zzzzqq"],
        "es": ["fievre", "convulcion", "diarea", "temperatua", "sitocina", "banarme", "zzzzqq"],
    }[language]
    pool = sorted({near for word in typed for near in lexicon.pool(word)})
    _known, candidates = postgres.lookup(typed, typed, pool, language)
    for word in typed:
        mine = set(lexicon.candidates(word))
        assert mine <= set(candidates[word]), (word, mine - set(candidates[word]))
        python = lexicon.correct(word, mine)
        sql = lexicon.correct(word, candidates[word])
        assert (python and python.word) == (sql and sql.word), word


def test_a_forgiving_search_still_reads_at_most_four_queries(seeded_db, memo_on):
    client = Client()
    _search(client, "fever")  # the process keeps the index, as in production
    for q in ("feever", "rash", "lymfodeplesion", "99.5", "my mom has a fever"):
        with CaptureQueriesContext(connection) as ctx:
            assert _search(client, q).status_code == 200
        assert len(ctx.captured_queries) <= 4, (q, len(ctx.captured_queries))


def test_the_trigram_lists_are_built_when_needed_and_travel_with_a_cached_lexicon():
    """A search for words the guide uses never builds the trigram lists; a lexicon put in
    the cache carries them (its size is counted there, never grown after)."""
    import pickle

    from journeys.content.search.fuzzy import Lexicon

    lexicon = Lexicon.from_counts({"fever": 3, "infusion": 2}, [], "en")
    assert lexicon.knows("fever") and "grams" not in lexicon.__dict__
    copy = pickle.loads(pickle.dumps(lexicon))
    assert "grams" in lexicon.__dict__ and copy.__dict__["grams"] == lexicon.grams
    fresh = Lexicon.from_counts({"fever": 3, "infusion": 2}, [], "en")
    assert fresh.candidates("feever") == ["fever"]
