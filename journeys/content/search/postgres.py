"""PostgreSQL's full-text search: its parser and stemmer in the language's configuration.

Computing `to_tsvector` for every item on every search costs more than the 50 ms a
search may take once the content grows (no stored vector column: that would need a
migration). So each document's weighted vector (setweight A/B/C, the `english` or
`spanish` configuration, accents folded before, as `unaccent` may not be installed) is
computed by PostgreSQL once per content version, in one query, and cached with the index
(journeys/caching/content.py); each search then asks PostgreSQL for the lexemes of the
visitor's words (one query, nothing kept) and ranks them
against the kept vectors with the same weights as the SQLite path (engine.py). A word
the guide does not use gets its nearest words from `pg_trgm`'s `similarity()` in that
same query (fuzzy.py picks among them, as on SQLite).
"""

import re

from django.db import connection

from journeys.content.search.fuzzy import LENGTH_SLACK, SQL_SIMILARITY
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


#: The typed words' lexemes and, for each word the guide does not use, the words of the
#: guide near it by pg_trgm's similarity (the extension: migration 0006), in one query.
LOOKUP_SQL = (
    "SELECT q.t, '', to_tsvector(%s::regconfig, q.t)::text FROM unnest(%s::text[]) AS q(t) "
    "UNION ALL "
    "SELECT u.t, v.w, to_tsvector(%s::regconfig, v.w)::text "
    "FROM unnest(%s::text[]) AS u(t) CROSS JOIN unnest(%s::text[]) AS v(w) "
    "WHERE abs(length(u.t) - length(v.w)) <= %s AND similarity(u.t, v.w) >= %s"
)


def lookup(words, unknown, pool, language):
    """({word: lexemes}, {unknown word: candidate words}) in one query.

    `words` are the query's words (typed and added), `unknown` those the guide does not
    use, `pool` the guide's words to compare them with; every candidate's lexemes come
    too, so a correction needs no second query.
    """
    config = CONFIG.get(language, "simple")
    folded = list(dict.fromkeys(fold(word) for word in words))
    if not unknown:
        return (_lexemes(folded, config) if folded else {}), {}
    with connection.cursor() as cursor:
        cursor.execute(
            LOOKUP_SQL,
            [config, folded, config, list(unknown), list(pool), LENGTH_SLACK, SQL_SIMILARITY],
        )
        rows = cursor.fetchall()
    known, candidates = {}, {word: [] for word in unknown}
    for typed, near, vector in rows:
        if near:
            candidates[typed].append(near)
            known[near] = tuple(_parse(vector))
        else:
            known[typed] = tuple(_parse(vector))
    return known, candidates


def query_terms(groups, language, known=None):
    """Each group's words as PostgreSQL's lexemes (`known` holds those already asked
    for; the rest in one query). `groups` are [(own words, extra words)]; a stopword gives
    no lexeme and drops out."""
    config = CONFIG.get(language, "simple")
    known = dict(known or {})
    flat = [fold(word) for own, extra in groups for word in (*own, *extra)]
    missing = [word for word in flat if word not in known]
    if missing:
        known.update(_lexemes(missing, config))
    result = []
    for own, extra in groups:
        mine = tuple(dict.fromkeys(x for w in own for x in known[fold(w)]))
        more = tuple(
            x for x in dict.fromkeys(x for w in extra for x in known[fold(w)]) if x not in mine
        )
        result.append((mine, more))
    return result
