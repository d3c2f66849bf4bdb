"""Django with production settings in this process, on a fresh copy of the seed content.

Shared by the in-process benchmarks (page_weight, profile_page, admin_save): import it
first, then call `load_content()`.
"""

import gc
import os
import secrets
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="cart-bench-"))
os.environ.update(
    DJANGO_SETTINGS_MODULE="carteducation.settings",
    DJANGO_DEBUG="false",
    DJANGO_SECRET_KEY=secrets.token_urlsafe(60),
    DJANGO_ALLOWED_HOSTS="testserver",
    DJANGO_SECURE_SSL_REDIRECT="false",
    DJANGO_STATIC_ROOT=str(WORK / "static"),
    DJANGO_PAGE_CACHE_SECONDS="0",
)
os.environ.setdefault("DATABASE_URL", f"sqlite:///{WORK / 'bench.sqlite3'}")

import django  # noqa: E402

django.setup()


def load_content():
    """Migrate, collect static files and load the seeds."""
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    call_command("load_seeds", verbosity=0)
    # As production does (carteducation/wsgi.py): what loading Django, the site and the
    # seeds made is moved out of the collector's generations, so a full collection during
    # a measured render walks only what the renders made, not the ~150,000 objects of
    # start-up (which made the renders here up to ~15% slower than a gunicorn worker's).
    gc.freeze()


def time_and_profile(client, path, *, repeat, sort, lines):
    """Render `path` `repeat` times for the mean (ms, returned), then again under cProfile,
    printing the top `lines` of the report by `sort`."""
    import cProfile
    import pstats
    import time

    start = time.perf_counter()
    for _ in range(repeat):
        client.get(path)
    mean = (time.perf_counter() - start) / repeat * 1000
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(repeat):
        client.get(path)
    profiler.disable()
    return mean, pstats.Stats(profiler).sort_stats(sort), lines
