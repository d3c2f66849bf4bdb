"""Search across published content, symptoms first (see README "Search").

`search_run` is the one entry point: the view passes what the visitor typed and who
they are (language, product, role); it gets a `Found` back or a `QueryError`.
"""

from dataclasses import dataclass

from journeys.caching.content import content
from journeys.content.models.base import Audience
from journeys.content.search import engine, postgres, words
from journeys.content.search.index import build_docs, searchable_rows
from journeys.content.search.query import MAX_LENGTH, QueryError, clean, parse

__all__ = ["MAX_LENGTH", "Found", "QueryError", "clean", "search_run"]


@dataclass
class Found:
    query: str
    results: list
    total: int
    engine: str


def _index(*, language, product, role, numbers, products):
    def make():
        rows = searchable_rows(product=product)
        docs = build_docs(rows=rows, products=products, product=product, role=role, numbers=numbers)
        engine.name_keys(docs, language)
        if postgres.available():
            postgres.document_terms(docs, language)
        else:
            engine.python_terms(docs, language)
        return engine.Index(docs)

    # Anyone but a caregiver reads as the patient (QuerySet.for_role): two variants, not three.
    key = ("search-docs", language, product.pk if product else None, role == Audience.CAREGIVER)
    return content(key, make)


def search_run(*, text, language, product, role, numbers, products, limit=engine.MAX_RESULTS):
    """Published items matching `text` in `language`, best first (QueryError if bad)."""
    text = clean(text)
    if not text:
        return Found("", [], 0, "")
    query = parse(text, language=language)
    index = _index(
        language=language, product=product, role=role, numbers=numbers, products=products
    )
    python_stems = query.stems()
    if postgres.available():
        groups = postgres.query_terms([(g.own, g.extra) for g in query.groups], language)
        used = "postgresql"
    else:
        groups = python_stems
        used = "sqlite"
    exact = " ".join(words.terms(text, language))
    ranked = engine.rank(index, groups, exact=exact)
    stems = [s for own, extra in python_stems for s in (*own, *extra)]
    shown = ranked[:limit]
    for result in shown:
        doc = result.doc
        result.title = engine.highlight(doc.title, stems, language, length=300)
        result.snippet = engine.highlight(doc.text, stems, language)
        result.also = ""
        if doc.names and "<mark>" not in result.title + result.snippet:
            # Found by another name (a misspelling, a short form): show which one.
            result.also = engine.highlight(", ".join(doc.names), stems, language, length=300)
    return Found(text, shown, len(ranked), used)
