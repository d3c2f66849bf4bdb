#!/usr/bin/env python
"""Profile one uncached page render in-process (production settings, page cache off).

    .venv/bin/python bench/profile_page.py /journey/infusion/ [--repeat 50] [--sort cumulative]

Prints the mean time per render, then the top of a cProfile report, so the closing notes
can say where the time goes. With `DJANGO_CONTENT_CACHE=false` every render starts from
nothing kept, as the first render after a content edit does.
"""

from inprocess import ROOT, load_content, time_and_profile  # noqa: F401 - sets Django up first

# isort: split

import argparse

from django.conf import settings
from django.test import Client


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
    load_content()
    client = Client()
    client.post("/", {"product": "yescarta", "role": "patient"})
    if args.journey:
        set_up_journey(client)
    assert client.get(args.path).status_code == 200
    mean, stats, lines = time_and_profile(
        client, args.path, repeat=args.repeat, sort=args.sort, lines=args.lines
    )
    kept = "content kept" if settings.CONTENT_CACHE else "nothing kept (DJANGO_CONTENT_CACHE=false)"
    print(f"{args.path}: {mean:.2f} ms per render, {kept}; queries: bench/page_weight.py")
    stats.print_stats(lines)


if __name__ == "__main__":
    main()
