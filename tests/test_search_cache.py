"""The search page in the page cache (issue 26): kept for the site's own words only.

A search for one of the site's own phrases (vocabulary.yaml, the glossary's names), as
the phrase or with a phone's capital first letter, is served from the page cache like
any page; every other query is the visitor's own words and is cached nowhere, exactly as
before (tests/test_pagecache.py, `test_the_words_people_type_are_cached_nowhere`).
"""

import importlib

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from journeys.content.search import MAX_LENGTH, QueryError, clean
from journeys.content.search.common import VOCABULARY, common_query, glossary_phrases
from journeys.models import Step

from . import factories as f
from .cachestore import stored_keys, stored_pages

pytestmark = pytest.mark.django_db

FRAGMENT = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "search-results"}


@pytest.fixture
def cached(settings, db):
    settings.PAGE_CACHE_SECONDS = 600
    f.care_center()
    stage = f.stage(slug="after", order=1, name="After the infusion")
    step = f.step(stage, key="fever", order=1, title="Watch for fever", body="Old words.")
    f.glossary_term(slug="crs", term="Cytokine release syndrome", abbreviation="CRS")
    f.glossary_term(slug="kinase", term="Kinase")
    return step


def page_keys():
    return {key for key in stored_keys(cache) if ":page:" in key}


def get(client, url, **headers):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **headers)
    return response, len(queries)


@pytest.mark.parametrize("typed", ["fever", "Fever"])
def test_a_common_search_is_served_from_the_page_cache(cached, typed):
    client = Client()
    before = page_keys()
    first, first_queries = get(client, f"/search/?q={typed}")
    assert first.status_code == 200 and "Old words." in first.content.decode()
    assert len(page_keys()) == len(before) + 1
    # An edit that does not move the content version (a queryset update sends no signal):
    # only a page served from the cache still shows the old words.
    Step.objects.filter(pk=cached.pk).update(body="Changed words.")
    second, second_queries = get(Client(), f"/search/?q={typed}")
    html = second.content.decode()
    assert second.status_code == 200 and "Old words." in html and "Changed words." not in html
    assert second_queries < first_queries and second_queries <= 2
    assert f'value="{typed}"' in html  # the box holds what this visitor typed
    assert len(page_keys()) == len(before) + 1


@pytest.mark.parametrize(
    "query",
    [
        "q=FeVeR",
        "q=FEVER",
        "q=+fever",
        "q=fever+",
        "q=fever++chills",
        "q=fever+fever",
        "q=f%C3%A9ver",
        "q=my+name+is+ann",
        "q=38.5",
        "q=fever+38.5",
        "q=zebra",
        "q=",
        "q=fever&q=fever",
        "q=zebra&q=fever",
        "q=%E2%84%AAinase",  # a Kelvin sign lowers to "k": "kinase", but not as typed
    ],
)
def test_other_words_and_spellings_add_no_cache_entry(cached, query):
    client = Client()
    client.get("/search/?q=warm+the+index")  # the index is content, and is cached
    keys = set(stored_keys(cache))
    for _ in range(2):
        response = client.get(f"/search/?{query}")
        assert response.status_code == 200
        client.get(f"/search/?{query}", **FRAGMENT)
    assert set(stored_keys(cache)) == keys


def _count_searches(monkeypatch):
    """How many times the view really searched (a page served from the cache does not)."""
    view = importlib.import_module("journeys.views.search")
    calls = []
    real = view.search_run

    def counted(**kwargs):
        calls.append(kwargs["text"])
        return real(**kwargs)

    monkeypatch.setattr(view, "search_run", counted)
    return calls


def test_a_device_with_a_journey_gets_its_search_rendered_every_time(cached, monkeypatch):
    owner = Client()
    item = f.checklist_item(Step.objects.get(pk=cached.pk).stage, text="Pack a bag.")
    owner.post("/checklists/", {"item": item.pk, "stage": "after", "checked": "1"})
    keys = page_keys()
    searched = _count_searches(monkeypatch)
    for headers in ({}, {}, FRAGMENT, FRAGMENT):
        response = owner.get("/search/?q=fever", **headers)
        assert response.status_code == 200 and "Old words." in response.content.decode()
    assert searched == ["fever"] * 4  # rendered every time, never served from the cache
    assert page_keys() == keys
    visitor = Client()
    visitor.get("/search/?q=fever")
    visitor.get("/search/?q=fever")
    assert searched == ["fever"] * 5  # a visitor's second one is


def test_the_fragment_and_the_whole_page_are_cached_apart(cached):
    client = Client()
    keys = page_keys()
    whole, _ = get(client, "/search/?q=fever")
    fragment, _ = get(client, "/search/?q=fever", **FRAGMENT)
    assert len(page_keys()) == len(keys) + 2
    whole_again, whole_queries = get(Client(), "/search/?q=fever")
    fragment_again, fragment_queries = get(Client(), "/search/?q=fever", **FRAGMENT)
    assert whole_queries <= 2 and fragment_queries <= 2
    assert "<html" in whole_again.content.decode()
    assert "<html" not in fragment_again.content.decode()
    assert "Old words." in fragment_again.content.decode()
    # A made-up target counts as none: one entry more at most, however many are sent.
    for n in range(20):
        Client().get("/search/?q=fever", HTTP_HX_REQUEST="true", HTTP_HX_TARGET=f"made-up-{n}")
    assert len(page_keys()) == len(keys) + 3


def test_a_refused_search_is_never_cached(cached, monkeypatch):
    """Only a 200 is kept: a 400 for a query the key would hold is rendered every time."""
    view = importlib.import_module("journeys.views.search")

    def refuse(**kwargs):
        raise QueryError("Refused.")

    monkeypatch.setattr(view, "search_run", refuse)
    keys = page_keys()
    for _ in range(2):
        response = Client().get("/search/?q=fever")
        assert response.status_code == 400 and "Refused." in response.content.decode()
    assert page_keys() == keys


def test_every_common_phrase_is_a_query_search_accepts(seeded_db):
    """So no kept page or fragment can be an error message (htmx gets a refused query as
    a 200 fragment), and each phrase has its two spellings only."""
    for language in ("en", "es"):
        with translation.override(language):
            phrases = VOCABULARY[language] | glossary_phrases(language)
        assert len(phrases) > 100
        for phrase in phrases:
            assert len(phrase) <= MAX_LENGTH and clean(phrase) == phrase, phrase
            assert not any(c.isdigit() for c in phrase), phrase
            capital = phrase[0].upper() + phrase[1:]
            assert common_query(phrase, language=language), phrase
            assert common_query(capital, language=language), phrase
            if len(phrase) > 1:
                assert not common_query(phrase.upper(), language=language), phrase
                assert not common_query(f" {phrase}", language=language), phrase


def test_glossary_names_and_abbreviations_are_common_as_folded(cached):
    client = Client()
    keys = page_keys()
    for typed in ("crs", "Crs", "cytokine+release+syndrome", "Kinase"):
        assert client.get(f"/search/?q={typed}").status_code == 200
    assert len(page_keys()) == len(keys) + 4
    for typed in ("CRS", "Cytokine+Release+Syndrome", "cytokine+release"):
        assert client.get(f"/search/?q={typed}").status_code == 200
    assert len(page_keys()) == len(keys) + 4
    # A term published later joins the set at once (a new content version).
    f.glossary_term(slug="apheresis", term="Apheresis")
    client.get("/search/?q=apheresis")
    assert len(page_keys()) == len(keys) + 5


def test_the_spanish_phrases_are_cached_on_the_spanish_page(seeded_db, settings):
    settings.PAGE_CACHE_SECONDS = 600
    client = Client()
    client.cookies["django_language"] = "es"
    keys = page_keys()
    first, first_queries = get(client, "/es/search/?q=fiebre")
    assert first.status_code == 200 and len(page_keys()) == len(keys) + 1
    cached_fiebre, fiebre_queries = get(Client(), "/es/search/?q=fiebre")
    assert cached_fiebre.status_code == 200 and fiebre_queries <= 2 < first_queries
    get(Client(), "/es/search/?q=Fiebre")  # the phone's capital: its own entry
    again, queries = get(Client(), "/es/search/?q=Fiebre")
    assert again.status_code == 200 and queries <= 2
    assert 'value="Fiebre"' in again.content.decode()
    assert len(page_keys()) == len(keys) + 2
    # Each language has its own set: "fiebre" is no English phrase, "fever" no Spanish one.
    english = Client()
    english.cookies["django_language"] = "en"
    assert english.get("/search/?q=fiebre").status_code == 200
    assert client.get("/es/search/?q=fever").status_code == 200
    assert len(page_keys()) == len(keys) + 2


def test_a_cached_searchs_links_carry_only_the_query_it_is_kept_under(cached):
    """The language switch and hreflang keep `?q=fever` for everyone, never what the first
    visitor added; a search that is not cached keeps its whole address, as before."""
    Client().get("/search/?q=fever&utm_source=POISON")
    later = Client().get("/search/?q=fever").content.decode()
    assert "POISON" not in later
    assert 'hreflang="es" href="http://testserver/es/search/?q=fever"' in later
    assert 'class="language-switch" href="/es/search/?q=fever&amp;language=es"' in later
    assert [p for p in stored_pages(cache) if "POISON" in p] == []
    own = Client().get("/search/?q=zebra&utm_source=x").content.decode()
    assert 'hreflang="es" href="http://testserver/es/search/?q=zebra&amp;utm_source=x"' in own
