"""What families type (journeys/content/search/vocabulary.yaml) points only at what the
guide really says, and says honestly what it does not cover (issue 30)."""

import re

import pytest
from django.utils import translation

from journeys.content import selectors
from journeys.content.search import _index
from journeys.content.search.fuzzy import Lexicon, distance, similarity, trigrams
from journeys.content.search.query import parse
from journeys.content.search.vocabulary import TABLES, VocabularyError, read
from journeys.content.search.words import words
from journeys.models import Product

pytestmark = pytest.mark.django_db


def _content(language):
    """Every published text search reads in `language`, for every product: its words,
    and the texts as folded word sequences (to look for a phrase)."""
    known, texts = set(), []
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
            texts += [" ".join(words(text)) for doc in index.docs for text, _w in doc.fields]
    return known, texts


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_word_the_vocabulary_finds_is_in_the_published_content(seeded_db, language):
    known, _texts = _content(language)
    missing = {
        (key, word)
        for key, meaning in TABLES[language].items()
        for word in meaning.find
        if word not in known and not re.fullmatch(r"[a-z]", word)
    }
    assert not missing, sorted(missing)


@pytest.mark.parametrize("language", ["en", "es"])
def test_what_the_guide_does_not_cover_is_not_in_it(seeded_db, language):
    """A topic said to be "not covered" must really be absent: no text holds the phrase."""
    _known, texts = _content(language)
    said = [key for key, meaning in TABLES[language].items() if meaning.note == "none"]
    assert len(said) >= 20
    present = [key for key in said if any(re.search(rf"\b{key}\b", text) for text in texts)]
    assert not present, present


def test_the_issue_s_topics_are_in_the_vocabulary():
    en, es = TABLES["en"], TABLES["es"]
    for phrase in ("headache", "nausea", "throwing up", "rash", "hair loss", "sex", "vomiting"):
        assert phrase in en, phrase
    for phrase in ("dolor de cabeza", "nauseas", "vomito", "sarpullido", "caida del pelo", "sexo"):
        assert phrase in es, phrase
    # rash and hair loss are not in this guide; sex only comes near (pregnancy, birth control)
    assert en["rash"].note == en["hair loss"].note == "none"
    assert en["sex"].note == "little" and "pregnancy" in en["sex"].find


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (
            {"en": {"words": [{"says": ["rash"], "find": ["skin"], "note": "none"}]}},
            "finds nothing",
        ),
        ({"en": {"words": [{"says": ["rash"]}]}}, "no words to find"),
        (
            {"en": {"words": [{"says": ["a"], "find": ["b"]}, {"says": ["A"], "find": ["c"]}]}},
            "twice",
        ),
        ({"en": {"words": [{"says": ["rash"], "note": "maybe"}]}}, "note is one of"),
        ({"en": {"words": [{"says": ["?!"], "find": ["b"]}]}}, "no word"),
    ],
)
def test_a_mistake_in_the_vocabulary_file_is_refused(data, problem):
    with pytest.raises(VocabularyError, match=problem):
        read(data)


def test_trigram_similarity_is_pg_trgm_s():
    """The same measure as PostgreSQL's pg_trgm, so both databases pick the same word
    (tests/test_search_forgives.py compares them on PostgreSQL)."""
    assert trigrams("fever") == {"  f", " fe", "fev", "eve", "ver", "er "}
    assert similarity("fever", "feever") == pytest.approx(5 / 8)
    assert similarity("fever", "fever") == 1.0
    assert similarity("fever", "xyz") == 0.0


def test_edits_count_a_swap_of_two_letters_as_one():
    assert distance("siezure", "seizure") == 1
    assert distance("feever", "fever") == 1
    assert distance("diarea", "diarrhea") == 2
    assert distance("lymfodeplesion", "lymphodepletion") == 3
    assert distance("a", "abcdefgh") == 4  # past the limit


def test_a_correction_takes_the_fewest_edits_and_leaves_short_words_alone():
    lexicon = Lexicon({"fever": 18, "five": 2, "sex": 0, "six": 1}, ["rash"], "en")
    assert lexicon.correct("feever", lexicon.candidates("feever")).word == "fever"
    assert lexicon.correct("rashh", lexicon.candidates("rashh")).phrase
    assert lexicon.correct("sax", lexicon.candidates("sax")) is None  # 3 letters: never
    assert lexicon.correct("zzzzzz", lexicon.candidates("zzzzzz")) is None
    assert lexicon.knows("fevers") and lexicon.knows("feve") and not lexicon.knows("feever")


@pytest.mark.parametrize(
    ("q", "language", "temperature"),
    [
        ("99.5", "en", "99.5"),
        ("38,3", "es", "38,3"),
        ("101F", "en", "101F"),
        ("temp of 101", "en", "101"),
        ("fiebre de 39", "es", "39"),
        ("39 grados", "es", "39 grados"),
        ("day 38", "en", None),  # a day, not a temperature
        ("14 days", "en", None),
        ("cd19", "en", None),
    ],
)
def test_a_number_is_a_temperature_only_when_it_reads_as_one(q, language, temperature):
    query = parse(q, language=language)
    assert (query.temperatures[0] if query.temperatures else None) == temperature
