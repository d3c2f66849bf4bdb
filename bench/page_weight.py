#!/usr/bin/env python
"""Page weight and queries per page: bytes of HTML, CSS and JS, raw and gzip-compressed.

Renders every main page in-process with production settings against a fresh SQLite
copy of the seed content, and prints a table. Run it with `make bench`.
"""

from inprocess import ROOT, load_content  # noqa: F401 - sets Django up first

# isort: split

import gzip
import re
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

PAGES = [
    ("/", {}),
    ("/journey/", {}),
    ("/journey/infusion/", {}),
    ("/journey/infusion/?step=2", {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "step-panel"}),
    ("/products/", {}),
    ("/products/yescarta/", {}),
    ("/urgent/", {}),
    ("/glossary/", {}),
    ("/glossary/cytokine-release-syndrome/", {}),
    ("/checklists/", {}),
    ("/checklists/print/", {}),
    ("/my-journey/", {}),
    ("/about/", {}),
    ("/search/?q=fever", {}),
    ("/print/", {}),
    ("/es/journey/infusion/", {}),
    ("/es/urgent/", {}),
    ("/es/glossary/", {}),
    ("/es/checklists/", {}),
    ("/es/my-journey/", {}),
]
ASSET_RE = re.compile(r'(?:src|href)="/static/([^"]+\.(?:css|js))"')


def gz(data):
    return len(gzip.compress(data, compresslevel=6))


def main():
    load_content()
    from tests.cachestore import forget_all

    client = Client()
    client.post("/", {"product": "yescarta", "role": "patient"})
    assets = set()
    print("Queries: a first render with nothing kept in the process (after a content edit),")
    print("then the same page again (content cached, journeys/caching/). Product: Yescarta.")
    print()
    print("| page | queries, first | queries, again | HTML bytes | HTML gzip |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for path, headers in PAGES:
        forget_all()
        with CaptureQueriesContext(connection) as first:
            response = client.get(path, **headers)
        assert response.status_code == 200, (path, response.status_code)
        with CaptureQueriesContext(connection) as again:
            client.get(path, **headers)
        html = response.content
        assets.update(ASSET_RE.findall(html.decode()))
        label = path + (" (htmx fragment)" if headers else "")
        print(f"| `{label}` | {len(first)} | {len(again)} | {len(html):,} | {gz(html):,} |")
    print()
    print("| asset | bytes | gzip |")
    print("| --- | ---: | ---: |")
    total_raw = total_gz = 0
    for name in sorted(assets):
        data = (Path(settings.STATIC_ROOT) / name).read_bytes()
        total_raw += len(data)
        total_gz += gz(data)
        print(f"| `{name}` | {len(data):,} | {gz(data):,} |")
    print(f"| **all CSS + JS** | **{total_raw:,}** | **{total_gz:,}** |")


if __name__ == "__main__":
    main()
