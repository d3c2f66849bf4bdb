#!/usr/bin/env python
"""Mean CPU ms of a search served from the page cache against /healthz, in-process.

    .venv/bin/python bench/search_cached.py [--repeat 500] [--rounds 3]

Production settings with the page cache on (600 s; bench/inprocess.py turns it off for
the other benches) on the local-memory cache, seed content. Each round times every path
`repeat` times, warm (one request first), the paths in turn, as a visitor with no session
and as one who chose a product (a session row read per request); each path's best round
counts, as the machine is shared. "x /healthz" is /healthz's ms over the path's: the share
of /healthz's requests per second one process would serve. A search for the site's own
words ("fever") comes from the page cache; other words ("can he drive") are rendered
every time from the kept index; /urgent/ is any other cached page.
"""

from inprocess import load_content  # sets Django up first

# isort: split

import argparse
import time

from django.conf import settings
from django.test import Client

PATHS = ["/healthz", "/urgent/", "/search/?q=fever", "/search/?q=Fever", "/search/?q=can+he+drive"]


def mean_ms(client, path, repeat):
    assert client.get(path).status_code == 200, path
    start = time.process_time()  # CPU time: the other users of a shared machine count less
    for _ in range(repeat):
        client.get(path)
    return (time.process_time() - start) / repeat * 1000


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    settings.PAGE_CACHE_SECONDS = 600
    load_content()
    visitors = {"no session": Client(), "product chosen": Client()}
    visitors["product chosen"].post("/", {"product": "yescarta", "role": "patient"})
    for name, client in visitors.items():
        times = {path: [] for path in PATHS}
        for _ in range(args.rounds):  # the paths taken in turn, so a busy moment hits all
            for path in PATHS:
                times[path].append(mean_ms(client, path, args.repeat))
        best = {path: min(ms) for path, ms in times.items()}
        print(f"{name} (best of {args.rounds} rounds x {args.repeat}):")
        for path, ms in best.items():
            print(f"  {path:28} {ms:7.3f} ms  {best['/healthz'] / ms:5.2f}x /healthz")


if __name__ == "__main__":
    main()
