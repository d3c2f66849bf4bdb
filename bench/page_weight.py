#!/usr/bin/env python
"""Page weight and queries per page: bytes of HTML, CSS and JS, raw and gzip-compressed.

Renders every main page in-process with production settings against a fresh SQLite
copy of the seed content, and prints a table. Run it with `make bench`.
"""

import gzip
import os
import re
import secrets
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="cart-weight-"))
os.environ.update(
    DJANGO_SETTINGS_MODULE="carteducation.settings",
    DJANGO_DEBUG="false",
    DJANGO_SECRET_KEY=secrets.token_urlsafe(60),
    DJANGO_ALLOWED_HOSTS="testserver",
    DJANGO_SECURE_SSL_REDIRECT="false",
    DJANGO_STATIC_ROOT=str(WORK / "static"),
    DJANGO_PAGE_CACHE_SECONDS="0",
    DATABASE_URL=f"sqlite:///{WORK / 'weight.sqlite3'}",
)

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

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
]
ASSET_RE = re.compile(r'(?:src|href)="/static/([^"]+\.(?:css|js))"')


def gz(data):
    return len(gzip.compress(data, compresslevel=6))


def main():
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    call_command("load_seeds", verbosity=0)
    from journeys import memo

    client = Client()
    client.post("/", {"product": "yescarta", "role": "patient"})
    assets = set()
    print("Queries: a first render with nothing kept in the process (after a content edit),")
    print("then the same page again (content kept, journeys/memo.py). Product: Yescarta.")
    print()
    print("| page | queries, first | queries, again | HTML bytes | HTML gzip |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for path, headers in PAGES:
        memo.forget()
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
