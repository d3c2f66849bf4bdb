#!/usr/bin/env python
"""Glossary linking: the trie expression against the plain alternation it replaced.

    .venv/bin/python bench/glossary_linker.py

Links 300 stored HTML texts of the seeds (each language) with a fresh linker, the way a
first render after a publish does, with the glossary as shipped and then with ten times
as many distinct terms (each copy named "<term> variant N"). Prints the best CPU time of
five runs for the linker of journeys/content/glossary.py and for the alternation of every form,
longest first (tests/test_glossary_linker.py `AlternationLinker`), which links the same.
"""

from inprocess import ROOT, load_content  # noqa: F401 - sets Django up first

# isort: split

import time

from django.utils import translation

from journeys.content.glossary import GlossaryLinker
from journeys.models import GlossaryTerm
from tests.test_glossary_linker import AlternationLinker, _published_html
from tests.test_query_budget import _multiply_content


def best(fn, runs=5):
    times = []
    for _ in range(runs):
        start = time.process_time()
        fn()
        times.append((time.process_time() - start) * 1000)
    return min(times)


def measure(label):
    for language in ("en", "es"):
        with translation.override(language):
            terms = list(GlossaryTerm.objects.published())
            texts = _published_html(language)[:300]
            cells = []
            for linker in (AlternationLinker, GlossaryLinker):

                def link(linker=linker, terms=terms, texts=texts):
                    fresh = linker(terms)
                    for html in texts:
                        fresh.link(html)

                cells.append(f"{best(link):.1f}")
            print(
                f"| {label} | {language} | {len(terms)} | {len(texts)} | "
                + " | ".join(cells)
                + " |"
            )


def main():
    load_content()
    print("| glossary | language | terms | texts | alternation ms | trie ms |")
    print("| --- | --- | ---: | ---: | ---: | ---: |")
    measure("as shipped")
    _multiply_content(10)
    copies = list(GlossaryTerm.objects.filter(slug__contains="-x"))
    for term in copies:
        term.term = f"{term.term} variant {term.slug.rsplit('-x', 1)[1]}"
        term.abbreviation, term.also_matches = "", []
    GlossaryTerm.objects.bulk_update(copies, ["term", "abbreviation", "also_matches"])
    measure("10x distinct terms")


if __name__ == "__main__":
    main()
