#!/usr/bin/env python
"""Profile one uncached page render in-process (production settings, page cache off).

    .venv/bin/python bench/profile_page.py /journey/infusion/ [--repeat 50] [--sort cumulative]

Prints the mean time and queries per render, then the top of a cProfile report, so the
closing notes can say where the time of a first render goes.
"""

import argparse
import cProfile
import os
import pstats
import secrets
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="cart-profile-"))
os.environ.update(
    DJANGO_SETTINGS_MODULE="carteducation.settings",
    DJANGO_DEBUG="false",
    DJANGO_SECRET_KEY=secrets.token_urlsafe(60),
    DJANGO_ALLOWED_HOSTS="testserver",
    DJANGO_SECURE_SSL_REDIRECT="false",
    DJANGO_STATIC_ROOT=str(WORK / "static"),
    DJANGO_PAGE_CACHE_SECONDS="0",
    DATABASE_URL=os.environ.get("DATABASE_URL", f"sqlite:///{WORK / 'profile.sqlite3'}"),
)

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402


def set_up_journey(client):
    import datetime

    from journeys.models import ChecklistItem

    today = datetime.date.today()
    client.post(
        "/my-journey/",
        {
            "infusion_date": today - datetime.timedelta(days=5),
            "collection_date": today - datetime.timedelta(days=40),
        },
    )
    for item in ChecklistItem.objects.filter(who="caregiver").select_related("stage"):
        client.post("/checklists/", {"item": item.pk, "stage": item.stage.slug, "checked": "1"})


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", default="/journey/infusion/")
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--sort", default="cumulative")
    parser.add_argument("--lines", type=int, default=35)
    parser.add_argument(
        "--journey", action="store_true", help="as a device with dates and every item ticked"
    )
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    call_command("load_seeds", verbosity=0)
    client = Client()
    client.post("/", {"product": "yescarta", "role": "patient"})
    if args.journey:
        set_up_journey(client)
    assert client.get(args.path).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        client.get(args.path)
    start = time.perf_counter()
    for _ in range(args.repeat):
        client.get(args.path)
    mean = (time.perf_counter() - start) / args.repeat * 1000
    print(f"{args.path}: {mean:.2f} ms per render, {len(queries)} queries")
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(args.repeat):
        client.get(args.path)
    profiler.disable()
    pstats.Stats(profiler).sort_stats(args.sort).print_stats(args.lines)


if __name__ == "__main__":
    main()
