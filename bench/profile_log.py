#!/usr/bin/env python
"""Profile the daily log page with 28 days x 4 entries, in-process (page cache off).

Prints the time of a render and of a first render (nothing of the log kept yet), the
memory one journey's kept log takes in a process (tracemalloc), then the profile.

.venv/bin/python bench/profile_log.py [/my-journey/log/] [--repeat 30] [--sort tottime]
"""

from inprocess import load_content, time_and_profile  # noqa: F401 - sets Django up first

# isort: split

import argparse
import datetime
import gc
import tracemalloc

from django.test import Client
from django.utils import timezone


def set_up_log(client):
    """A patient's journey (Yescarta, infusion 27 days ago) with 28 days x 4 readings, some
    with warning signs, on `client`'s device."""
    from journeys.log.services import log_entry_add, log_taken_at
    from journeys.models import Journey, WarningSign

    client.post("/", {"product": "yescarta", "role": "patient"})
    today = timezone.localdate()
    client.post(
        "/my-journey/", {"infusion_date": (today - datetime.timedelta(days=27)).isoformat()}
    )
    journey = Journey.objects.get()
    signs = list(WarningSign.objects.published()[:2])
    for day in range(28):
        for k in range(4):
            taken = log_taken_at(journey=journey, day=day, time=datetime.time(6 + 4 * k, 0))
            log_entry_add(
                journey=journey,
                day=day,
                taken_at=taken,
                temperature=f"37.{k}",
                unit="C",
                signs=signs[: k % 2],
                key=f"k{day}-{k}",
            )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", default="/my-journey/log/")
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--sort", default="cumulative")
    parser.add_argument("--lines", type=int, default=35)
    args = parser.parse_args()
    load_content()
    client = Client()
    set_up_log(client)
    response = client.get(args.path)
    assert response.status_code == 200, response.status_code
    mean, stats, lines = time_and_profile(
        client, args.path, repeat=args.repeat, sort=args.sort, lines=args.lines
    )
    print(f"{args.path}: {mean:.2f} ms per render, {len(response.content):,} bytes of HTML")
    tracemalloc.start()
    gc.collect()
    before = tracemalloc.get_traced_memory()[0]
    client.get("/my-journey/log/")
    client.get("/my-journey/log/print/")
    gc.collect()
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    print(
        "memory a process still holds after the log page and the print-out "
        f"(nothing of a journey is kept): {(after - before) / 1024:.0f} KB"
    )
    stats.print_stats(lines)


if __name__ == "__main__":
    main()
