"""The searches the page cache may keep: the site's own words, never a visitor's.

A search page shows the words typed, so it is cached only for a closed set of queries
made from this site's data, never from what visitors send: per language, the phrases of
vocabulary.yaml (every `says` and the `temperature` words: "throwing up", "fever",
"fiebre") and the names and abbreviations of the published glossary terms
("tocilizumab", "crs"), each folded as search compares words (words.py). A query is one
of them only as the phrase itself or with a phone's capital first letter ("Fever"), with
no other capital, accent or space: at most two spellings a phrase, so nothing a visitor
makes up adds a page to the cache. Nothing with a digit is in the set ("38.5", "cd19",
"day 0"): a number may be a temperature someone took.
"""

from django.utils import translation

from journeys.caching.content import content
from journeys.content import selectors
from journeys.content.search.vocabulary import TABLES, TEMPERATURE
from journeys.content.search.words import words


def _phrase(text):
    """`text` folded as a search phrase; "" when it holds a digit or no word."""
    phrase = " ".join(words(text))
    return "" if any(c.isdigit() for c in phrase) else phrase


#: vocabulary.yaml's phrases per language (read once, like the vocabulary itself).
VOCABULARY = {
    language: frozenset(filter(None, map(_phrase, (*TABLES[language], *TEMPERATURE[language]))))
    for language in TABLES
}


def glossary_phrases(language):
    """The published glossary terms' names and abbreviations in `language`, folded; made
    once per content version from the kept term list (selectors.glossary_terms)."""

    def make():
        with translation.override(language):
            terms = selectors.glossary_terms(preview=False)
        forms = (form for term in terms for form in (term.term, term.abbreviation))
        return frozenset(filter(None, map(_phrase, forms)))

    return content(("search-common-glossary", language), make)


def common_query(text, *, language):
    """Whether `text`, exactly as typed, is one of the site's own search phrases in
    `language`: "fever" or "Fever", never "FEVER", " fever", "fever fever" or "38.5"."""
    phrase = text[:1].lower() + text[1:]
    if not phrase or not phrase.isascii() or text not in (phrase, phrase[:1].upper() + phrase[1:]):
        return False  # "Kidney" with a Kelvin sign lowers to "kidney" but is neither spelling
    return phrase in VOCABULARY.get(language, ()) or phrase in glossary_phrases(language)
