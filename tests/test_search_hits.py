"""The query list (bench/search_queries.yaml) run through /search/: what families type finds
what they need first (issue 30). Not a timing: every row is a visitor's request.

At least 95% of the first results are the expected ones in each language, and every
misspelling in the list (within two letters of a word the guide uses, and not in the
vocabulary) is corrected by the fuzzy match and finds it.
"""

import pytest
from django.test import Client
from django.utils import translation

from journeys.content import selectors
from journeys.content.search import _index
from journeys.content.search.fuzzy import distance
from journeys.content.search.vocabulary import TABLES
from journeys.content.search.words import words
from journeys.models import Product

from . import searchlist

pytestmark = pytest.mark.django_db

ENTRIES = searchlist.load()
TARGET = 0.95


def test_the_list_has_sixty_real_queries_a_language_of_every_kind():
    for language in ("en", "es"):
        mine = [e for e in ENTRIES if e.language == language]
        assert len(mine) >= 60, language
        kinds = {e.kind for e in mine}
        assert {"symptom", "number", "misspelling", "uncovered", "question"} <= kinds, kinds
        assert len({e.q for e in mine}) == len(mine), "a query is listed twice"
    assert sum(e.kind == "misspelling" for e in ENTRIES) >= 30


@pytest.mark.parametrize("language", ["en", "es"])
def test_at_least_95_percent_find_what_they_need_first(seeded_db, language):
    outcomes = searchlist.run(
        lambda entry: Client(), [e for e in ENTRIES if e.language == language]
    )
    hits, total = searchlist.rates(outcomes)[language]
    assert hits / total >= TARGET, "\n".join(searchlist.report(outcomes))
    # A topic the guide does not cover is said so, with nothing made up for it.
    for outcome in outcomes:
        if outcome.entry.first == searchlist.UNCOVERED:
            assert outcome.found.uncovered, outcome.entry.q


def _lexicon(language):
    """Every word of the published content in `language`, whatever the product."""
    known = set()
    with translation.override(language):
        for product in [None, *Product.objects.all()]:
            index = _index(
                language=language,
                product=product,
                role="patient",
                numbers={},
                products=selectors.products(preview=False),
            )
            known |= set(index.lexicon.counts)
    return known


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_misspelling_is_near_a_word_of_the_content_and_is_found(seeded_db, language):
    misspelt = [e for e in ENTRIES if e.language == language and e.kind == "misspelling"]
    assert len(misspelt) >= 15
    content_words = _lexicon(language)
    table = TABLES[language]
    for entry in misspelt:
        typed = words(entry.q)
        assert entry.of in content_words, (entry.q, entry.of)
        assert min(distance(word, entry.of) for word in typed) <= 2, entry.q
        # Found by the fuzzy match, not by a word the vocabulary or the content holds.
        wrong = [word for word in typed if distance(word, entry.of) <= 2 and word != entry.of]
        assert wrong and not any(word in content_words or word in table for word in wrong), entry.q
    outcomes = searchlist.run(lambda entry: Client(), misspelt)
    missed = [o for o in outcomes if not o.hit or not o.found.corrected]
    assert not missed, "\n".join(searchlist.report(missed))
