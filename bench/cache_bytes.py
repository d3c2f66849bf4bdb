"""How much the one caching module holds after every patient page is read (journeys/caching/).

`.venv/bin/python bench/cache_bytes.py` renders every page a visitor without a journey
reads (every stage, product and glossary term, the lists, the print-outs, a search) as
each product choice and role, in both languages, with production settings on a fresh
SQLite copy of the seeds, then prints what the per-process layer holds (its bound is
counted in pickled bytes), how much live memory the process frees when the layer is
dropped (tracemalloc), and how many entries Django's cache holds. Prints, never asserts.
"""

from inprocess import load_content  # noqa: F401 - sets Django up first

# isort: split

import gc
import tracemalloc

from django.core.cache import cache
from django.test import Client


def pages():
    from journeys.models import GlossaryTerm, Product, Stage

    paths = ["/", "/journey/", "/products/", "/urgent/", "/glossary/", "/about/"]
    paths += ["/checklists/", "/checklists/print/", "/print/", "/search/", "/search/?q=fever"]
    paths += [f"/journey/{s.slug}/" for s in Stage.objects.published()]
    paths += [f"/products/{p.slug}/" for p in Product.objects.published()]
    paths += [f"/glossary/{t.slug}/" for t in GlossaryTerm.objects.published()]
    return paths


def main():
    load_content()
    from django.conf import settings

    from journeys.caching.content import process_layer
    from journeys.models import Product

    tracemalloc.start()
    gc.collect()
    before = tracemalloc.get_traced_memory()[0]
    paths = pages()
    choices = ["", *Product.objects.published().values_list("slug", flat=True)]
    count = 0
    for product in choices:
        for role in ("patient", "caregiver"):
            client = Client()
            client.post("/", {"product": product, "role": role})
            for language in ("", "/es"):
                for path in paths:
                    assert client.get(language + path).status_code == 200, path
                    count += 1
    gc.collect()
    full = tracemalloc.get_traced_memory()[0]
    held, entries = process_layer.size, len(process_layer.values())
    process_layer.clear()
    gc.collect()
    dropped = tracemalloc.get_traced_memory()[0]
    shared = len(cache._cache) if hasattr(cache, "_cache") else "?"
    mb = 1024 * 1024
    print(f"{count} renders ({len(paths)} pages x {len(choices)} products x 2 roles x 2 languages)")
    print(f"process layer: {entries} values, {held / mb:.1f} MB pickled")
    print(f"  (bound CONTENT_PROCESS_BYTES = {settings.CONTENT_PROCESS_BYTES / mb:.0f} MB)")
    print(f"live memory freed by dropping it: {(full - dropped) / mb:.1f} MB")
    print(f"memory the process grew by over the run: {(full - before) / mb:.1f} MB")
    print(f"entries in Django's cache (locmem here, Redis with CACHE_URL): {shared}")


if __name__ == "__main__":
    main()
