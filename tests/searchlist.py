"""The query list (bench/search_queries.yaml): what families type, and what they need first.

Shared by the check (tests/test_search_hits.py) and the figures
(`.venv/bin/python bench/search_hits.py`): each query goes through /search/ as a visitor's
request would, on whichever database the caller runs.
"""

from dataclasses import dataclass, field
from pathlib import Path

import yaml

PATH = Path(__file__).resolve().parent.parent / "bench" / "search_queries.yaml"
#: `first` for a topic the guide does not cover: the search must say so, and show nothing.
UNCOVERED = "uncovered"


@dataclass
class Entry:
    language: str
    q: str
    first: str
    kind: str = "word"
    of: str = ""  # a misspelling: the word of the content it is within two letters of
    product: str = ""


@dataclass
class Outcome:
    entry: Entry
    hit: bool
    got: list = field(default_factory=list)
    found: object = None


def load(path=PATH):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    entries = []
    for language in ("en", "es"):
        for row in data[language]:
            entries.append(Entry(language=language, **row))
    return entries


def search(client, entry):
    """The `Found` for `entry`, as its visitor would get it (product chosen if any)."""
    if entry.product:
        chosen = client.post("/", {"role": "patient", "product": entry.product})
        assert chosen.status_code < 400, (entry.product, chosen.status_code)
    prefix = "/es" if entry.language == "es" else ""
    response = client.get(f"{prefix}/search/", {"q": entry.q})
    assert response.status_code == 200, (entry.q, response.status_code)
    return response.context["found"]


def judge(entry, found):
    got = [r.doc.url for r in found.results[:3]]
    if entry.first == UNCOVERED:
        hit = bool(found.uncovered) and not found.results
    else:
        hit = bool(got) and got[0] == entry.first
    return Outcome(entry, hit, got, found)


def run(client_for, entries):
    """Every entry's outcome; `client_for(entry)` gives the client to search with."""
    return [judge(entry, search(client_for(entry), entry)) for entry in entries]


def rates(outcomes):
    """{language: (hits, total)}."""
    counts = {}
    for outcome in outcomes:
        hits, total = counts.get(outcome.entry.language, (0, 0))
        counts[outcome.entry.language] = (hits + outcome.hit, total + 1)
    return counts


def report(outcomes):
    """Lines to print: the hit rate per language, then each miss."""
    lines = []
    for language, (hits, total) in sorted(rates(outcomes).items()):
        lines.append(f"{language}: {hits}/{total} first results as expected ({hits / total:.1%})")
    for outcome in outcomes:
        if not outcome.hit:
            e = outcome.entry
            product = f" [{e.product}]" if e.product else ""
            lines.append(f"  MISS {e.language} {e.q!r}{product}: want {e.first}, got {outcome.got}")
    return lines
