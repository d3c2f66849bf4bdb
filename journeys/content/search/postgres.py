"""PostgreSQL's full-text search: its parser and stemmer in the language's configuration.

Computing `to_tsvector` for every item on every search costs more than the 50 ms a
search may take once the content grows (no stored vector column: that would need a
migration). So each document's weighted vector (setweight A/B/C, the `english` or
`spanish` configuration, accents folded before, as `unaccent` may not be installed) is
computed by PostgreSQL once per content version, in one query, and cached with the index
(journeys/caching/content.py); each search then asks PostgreSQL for the lexemes of the
visitor's words (one query, nothing kept) and ranks them
against the kept vectors with the same weights as the SQLite path (engine.py).
"""

import re

from django.db import connection

from journeys.content.search.words import fold

CONFIG = {"en": "english", "es": "spanish"}
LEXEME_RE = re.compile(r"'((?:[^']|'')*)'(?::([0-9A-D,]+))?")


def available():
    return connection.vendor == "postgresql"


def _parse(vector):
    """A tsvector's text ("'fever':1A,4C 'chill':3B") -> {lexeme: best weight}."""
    terms = {}
    for lexeme, positions in LEXEME_RE.findall(vector or ""):
        lexeme = lexeme.replace("''", "'")
        weights = [p[-1] if p[-1] in "ABC" else "D" for p in (positions or "D").split(",")]
        terms[lexeme] = min(weights)  # "A" < "B" < "C" < "D"
    return terms


def document_terms(docs, language):
    """Give each document PostgreSQL's lexemes, best weight per lexeme (one query)."""
    config = CONFIG.get(language, "simple")
    columns = {"A": [], "B": [], "C": []}
    for doc in docs:
        for letter in columns:
            columns[letter].append(
                fold(" ".join(text for text, weight in doc.fields if weight == letter))
            )
    sql = (
        "SELECT (setweight(to_tsvector(%s::regconfig, a), 'A') || "
        "setweight(to_tsvector(%s::regconfig, b), 'B') || "
        "setweight(to_tsvector(%s::regconfig, c), 'C'))::text "
        "FROM unnest(%s::text[], %s::text[], %s::text[]) WITH ORDINALITY AS d(a, b, c, n) "
        "ORDER BY n"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [config, config, config, columns["A"], columns["B"], columns["C"]])
        vectors = [row[0] for row in cursor.fetchall()]
    for doc, vector in zip(docs, vectors, strict=True):
        doc.terms = _parse(vector)
    return docs


def _lexemes(words, config):
    """{word: lexemes} for `words`, in one query. Nothing is kept: the words are what a
    visitor typed, and no process memory or shared cache holds what people type."""
    unique = list(dict.fromkeys(words))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT to_tsvector(%s::regconfig, t)::text FROM unnest(%s::text[]) "
            "WITH ORDINALITY AS q(t, n) ORDER BY n",
            [config, unique],
        )
        found = [tuple(_parse(row[0])) for row in cursor.fetchall()]
    return dict(zip(unique, found, strict=True))


def query_terms(groups, language):
    """Each group's words as PostgreSQL's lexemes (at most one query for the search).

    `groups` are [(own words, extra words)]; a stopword gives no lexeme and drops out.
    """
    config = CONFIG.get(language, "simple")
    flat = [fold(word) for own, extra in groups for word in (*own, *extra)]
    if not flat:
        return []
    known = _lexemes(flat, config)
    result = []
    for own, extra in groups:
        mine = tuple(dict.fromkeys(x for w in own for x in known[fold(w)]))
        more = tuple(
            x for x in dict.fromkeys(x for w in extra for x in known[fold(w)]) if x not in mine
        )
        result.append((mine, more))
    return result
