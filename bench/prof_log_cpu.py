#!/usr/bin/env python
"""CPU ms per render of the daily log page (28 days x 4 readings), content cache ON.

Same journey as bench/profile_log.py; median of time.process_time over --repeat renders,
taken in --rounds rounds (median of the round medians; p10 of all: the least disturbed by
other work on a shared machine), then the number of queries and,
with --profile, a cProfile report.

.venv/bin/python bench/prof_log_cpu.py [PATH] [--repeat 40] [--rounds 5] [--profile]
"""

from inprocess import load_content  # noqa: F401 - sets Django up first
from profile_log import set_up_log

# isort: split

import argparse
import cProfile
import pstats
import statistics
import time

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", default="/my-journey/log/")
    parser.add_argument("--repeat", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--sort", default="cumulative")
    parser.add_argument("--lines", type=int, default=50)
    parser.add_argument("--filter", default="")
    parser.add_argument("--sql", action="store_true")
    parser.add_argument("--dump", help="write the page's HTML here")
    args = parser.parse_args()
    load_content()
    client = Client()
    set_up_log(client)
    response = client.get(args.path)
    assert response.status_code == 200, response.status_code
    if args.dump:
        with open(args.dump, "wb") as out:
            out.write(response.content)
    for _ in range(10):
        client.get(args.path)
    medians, every = [], []
    for _ in range(args.rounds):
        times = []
        for _ in range(args.repeat):
            start = time.process_time()
            client.get(args.path)
            times.append((time.process_time() - start) * 1000)
        medians.append(statistics.median(times))
        every += times
    with CaptureQueriesContext(connection) as queries:
        client.get(args.path)
    print(
        f"{args.path}: median CPU {statistics.median(medians):.2f} ms, "
        f"p10 {statistics.quantiles(every, n=10)[0]:.2f} ms "
        f"(rounds {', '.join(f'{m:.2f}' for m in medians)}), "
        f"{len(queries.captured_queries)} queries, {len(response.content):,} bytes"
    )
    if args.sql:
        for query in queries.captured_queries:
            print("  ", query["sql"][:400])
    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(args.repeat):
            client.get(args.path)
        profiler.disable()
        stats = pstats.Stats(profiler).sort_stats(args.sort)
        if args.filter:
            stats.print_stats(args.filter, args.lines)
        else:
            stats.print_stats(args.lines)


if __name__ == "__main__":
    main()
