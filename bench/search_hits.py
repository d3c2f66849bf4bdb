#!/usr/bin/env python
"""Search hit rate: the query list (bench/search_queries.yaml), first result per language.

    .venv/bin/python bench/search_hits.py

Loads the seeds with production settings (as bench/search.py does), sends every query of
the list through /search/ as its visitor would (the product chosen when the list names
one), and prints, per language, how many first results are the expected ones, then each
miss with what came first. tests/test_search_hits.py asserts the same list.
"""

from inprocess import ROOT, load_content  # noqa: F401 - sets Django up first

# isort: split

import sys

from django.db import connection
from django.test import Client
from django.test.utils import setup_test_environment


def main():
    load_content()
    setup_test_environment()  # responses carry their context, as in the tests
    sys.path.insert(0, str(ROOT))
    from tests import searchlist

    entries = searchlist.load()
    outcomes = searchlist.run(lambda entry: Client(), entries)
    print(f"database: {connection.vendor}; {len(entries)} queries ({searchlist.PATH.name})")
    for line in searchlist.report(outcomes):
        print(line)
    misspelt = [o for o in outcomes if o.entry.kind == "misspelling"]
    found = sum(o.hit for o in misspelt)
    print(f"misspellings found: {found}/{len(misspelt)}")


if __name__ == "__main__":
    main()
