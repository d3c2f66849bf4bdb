"""Search across published content, symptoms first (see README "Search").

`search_run` is the one entry point: the view passes what the visitor typed and who
they are (language, product, role); it gets a `Found` back or a `QueryError`.
"""

from dataclasses import dataclass
from urllib.parse import quote_plus

from journeys.caching.content import content
from journeys.content.models.base import Audience
from journeys.content.search import engine, postgres, snippets, words
from journeys.content.search.index import build_docs, searchable_rows
from journeys.content.search.query import MAX_LENGTH, QueryError, clean, parse

__all__ = ["MAX_LENGTH", "Found", "QueryError", "clean", "search_run"]


@dataclass
class Found:
    query: str
    results: list
    total: int
    engine: str
    #: the words searched when a word typed wrong was corrected ("fever" for "feever")
    corrected: str = ""
    #: nothing matched: the nearest words of the guide, for "Did you mean …?"
    suggestion: str = ""
    #: phrases the guide does not cover ("rash"), and those it says little about ("sex")
    uncovered: tuple = ()
    little: tuple = ()
    #: a number typed that is a temperature ("99.5")
    temperature: str = ""

    @property
    def suggestion_query(self):
        """The suggestion as a URL's query value ("Did you mean …?" links to its search)."""
        return quote_plus(self.suggestion)


def _index(*, language, product, role, numbers, products):
    def make():
        rows = searchable_rows(product=product)
        docs = build_docs(rows=rows, products=products, product=product, role=role, numbers=numbers)
        counts, texts = engine.read_words(docs)
        if postgres.available():  # each document's lexemes, PostgreSQL's stems
            postgres.document_terms(docs, language)
            return engine.Index(docs, language, counts)
        return engine.Index(docs, language, counts, texts=texts)

    # Anyone but a caregiver reads as the patient (QuerySet.for_role): two variants, not three.
    key = ("search-docs", language, product.pk if product else None, role == Audience.CAREGIVER)
    return content(key, make)


def _near(query, lexicon, language):
    """The words of the query the guide does not use, their candidates (pg_trgm on
    PostgreSQL, the lexicon's trigrams on SQLite) and, on PostgreSQL, the lexemes asked
    for with them."""
    unknown = [g.typed for g in query.groups if g.fuzzy and not lexicon.knows(g.typed)]
    if not postgres.available():
        return unknown, {word: lexicon.candidates(word) for word in unknown}, None
    typed = [word for g in query.groups for word in (*g.own, *g.extra)]
    pool = sorted({near for word in unknown for near in lexicon.pool(word)})
    known, candidates = postgres.lookup(typed, unknown, pool, language) if typed else ({}, {})
    return unknown, candidates, known


def search_run(*, text, language, product, role, numbers, products, limit=engine.MAX_RESULTS):
    """Published items matching `text` in `language`, best first (QueryError if bad)."""
    text = clean(text)
    if not text:
        return Found("", [], 0, "")
    query = parse(text, language=language)
    index = _index(
        language=language, product=product, role=role, numbers=numbers, products=products
    )
    lexicon = index.lexicon
    unknown, candidates, known = _near(query, lexicon, language)
    corrections = {}
    for word in unknown:
        found = lexicon.correct(word, candidates.get(word, ()))
        if found is not None:
            corrections[word] = found
    query = query.correct(corrections)
    # A word the guide never uses, left uncorrected, cannot help: it does not count
    # against the words that match ("my mom has a fever" ranks as "fever").
    query = query.keep(lambda g: g.extra or any(lexicon.knows(word) for word in g.own))
    python_stems = query.stems()
    if postgres.available():
        pairs = [(g.own, g.extra) for g in query.groups]
        groups = postgres.query_terms(pairs, language, known) if pairs else []
        used = "postgresql"
    else:
        groups = python_stems
        used = "sqlite"
    exact = " ".join(words.terms(query.words_searched(), language))
    ranked = engine.rank(index, groups, exact=exact) if groups else []
    stems = [s for own, extra in python_stems for s in (*own, *extra)]
    shown = ranked[:limit]
    marks = snippets.Marks(stems, language)
    for result in shown:
        doc = result.doc
        result.title = marks.highlight(doc.title, length=300)
        result.snippet = marks.highlight(doc.text)
        result.also = ""
        if doc.names and "<mark>" not in result.title + result.snippet:
            # Found by another name (a misspelling, a short form): show which one.
            result.also = marks.highlight(", ".join(doc.names), length=300)
    found = Found(text, shown, len(ranked), used)
    found.uncovered, found.little = query.uncovered, query.little
    found.temperature = query.temperatures[0] if query.temperatures else ""
    if ranked and corrections:
        found.corrected = query.words_searched()
    elif not ranked and unknown and not query.uncovered:
        offers = {}
        for word in unknown:
            near = lexicon.suggest(word, candidates.get(word, ()))
            if near is not None:
                offers[word] = near.word
        if offers:
            found.suggestion = " ".join(offers.get(word, word) for word in words.words(text))
    return found
