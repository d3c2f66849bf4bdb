#!/usr/bin/env python
"""Search under load with ten times the content: gunicorn (production settings, 2
workers) and wrk with 20 connections, as bench/load.py, after the server's database got
(times - 1) copies of every step, do/don't, checklist item, question, glossary term,
warning sign and product (tests/test_query_budget.py's _multiply_content).

    .venv/bin/python bench/search_load.py [--times 10] [--seconds 5]
"""

import argparse
import os
import subprocess
import sys

from load import Device, print_table, run_wrk
from server import ROOT, production_server

SEARCHES = [
    ("search `fever`", "/search/?q=fever", {}),
    ("search as you type (htmx) `can he drive`", "/search/?q=can+he+drive", {"HX-Request": "true"}),
    ("search, a misspelling `leukopheresis`", "/search/?q=leukopheresis", {}),
    ("Spanish search `fiebre`", "/es/search/?q=fiebre", {}),
]

MULTIPLY = """
import sys
sys.path.insert(0, {root!r})
import django
django.setup()
from tests.test_query_budget import _multiply_content
_multiply_content({times})
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--times", type=int, default=10)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--connections", type=int, default=20)
    args = parser.parse_args()
    extra = {"DJANGO_PAGE_CACHE_SECONDS": "0", "DJANGO_WRITE_RATE": "10000/m"}
    with production_server(workers=2, extra_env=extra) as (base, env):
        code = MULTIPLY.format(root=str(ROOT), times=args.times)
        subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, check=True)
        visitor = Device(base)
        visitor.post("/", {"product": "yescarta", "role": "caregiver"})
        cookie = {"Cookie": visitor.cookie_header()}
        pages = [("trivial view", "/healthz", {})] + SEARCHES
        for _label, path, headers in pages:  # warm up: each worker builds its index once
            run_wrk(base + path, headers | cookie, 4, 2, 1)
        results = [
            (label, path, run_wrk(base + path, headers | cookie, args.connections, args.seconds, 2))
            for label, path, headers in pages
        ]
    print(
        f"gunicorn -w 2, wrk -t2 -c{args.connections} -d{args.seconds}s, {os.cpu_count()} cores, "
        f"production settings, {env['DATABASE_URL'].split(':')[0]}, {args.times}x content"
    )
    print()
    print_table(f"Search with {args.times}x content, page cache off", results)


if __name__ == "__main__":
    main()
