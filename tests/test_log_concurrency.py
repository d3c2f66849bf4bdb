"""The daily log under load: two devices at the same moment, and a fixed query count.

The concurrency test commits for real (transaction=True), so each thread's connection sees
the others' rows; run it on PostgreSQL (DATABASE_URL=postgres://…) as production does.
"""

import datetime
import threading

import pytest
from django.db import connection, connections
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from journeys.log.models import LogDay, LogEntry
from journeys.models import Journey

from . import factories as f
from .cachestore import forget_all
from .clock import frozen_today  # noqa: F401 - a fixture, used by name
from .test_log import png

pytestmark = pytest.mark.usefixtures("frozen_today")


def _devices():
    """A patient's client and a caregiver's client on the same journey (infusion 28 days ago)."""
    infusion = timezone.localdate() - datetime.timedelta(days=28)
    patient = Client()
    patient.post("/my-journey/", {"infusion_date": infusion.isoformat()})
    patient.post("/my-journey/share/", {"sharing": "on"})
    journey = Journey.objects.get()
    caregiver = Client()
    caregiver.post(f"/j/{journey.token}/")
    return journey, patient, caregiver


def _post_together(posts):
    """Send each (client, data) at the same moment from its own thread; the status codes."""
    barrier = threading.Barrier(len(posts))
    results = [None] * len(posts)

    def run(index, client, data):
        try:
            barrier.wait(timeout=10)
            results[index] = client.post("/my-journey/log/", data).status_code
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=run, args=(n, client, data))
        for n, (client, data) in enumerate(posts)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


needs_postgres = pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="SQLite's in-memory test database locks whole tables across threads; "
    "run with DATABASE_URL=postgres://… (production's database)",
)


def entry(key, temperature):
    return {"day": "27", "time": "08:00", "temperature": temperature, "unit": "F", "key": key}


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_two_devices_adding_at_the_same_moment_both_keep_theirs():
    f.care_center()
    journey, patient, caregiver = _devices()
    for round_ in range(5):
        results = _post_together(
            [
                (patient, entry(f"{round_:02d}" + "a" * 30, "99.1")),
                (caregiver, entry(f"{round_:02d}" + "b" * 30, "99.2")),
            ]
        )
        assert results == [302, 302]
    assert LogEntry.objects.filter(journey=journey).count() == 10
    assert LogEntry.objects.filter(temperature="99.1").count() == 5
    assert LogEntry.objects.filter(temperature="99.2").count() == 5


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_the_same_form_sent_twice_at_the_same_moment_makes_one_entry():
    f.care_center()
    journey, patient, caregiver = _devices()
    for round_ in range(5):
        key = f"{round_:02d}" + "c" * 30
        results = _post_together([(patient, entry(key, "99.1")), (caregiver, entry(key, "99.1"))])
        assert results == [302, 302]
    assert LogEntry.objects.filter(journey=journey).count() == 5


@pytest.mark.django_db
def test_the_log_costs_the_same_queries_for_1_or_28_days(settings, capsys):
    settings.CONTENT_CACHE = True
    forget_all()
    f.care_center()
    signs = [f.warning_sign() for _ in range(5)]
    journey, patient, _caregiver = _devices()
    pages = ["/my-journey/log/", "/my-journey/log/print/", "/my-journey/log/entries.csv"]

    def count(url):
        with CaptureQueriesContext(connection) as ctx:
            response = patient.get(url)
        assert response.status_code == 200, url
        return len(ctx.captured_queries)

    def fill(days):
        for day in days:
            LogDay.objects.create(journey=journey, day=day, handwriting=png())
            for n in range(4):
                e = LogEntry.objects.create(
                    journey=journey,
                    day=day,
                    taken_at=timezone.now() - datetime.timedelta(days=28 - day, hours=n),
                    temperature="99.0",
                    unit="F",
                    key=f"{day:03d}{n:029d}",
                )
                e.signs.set(signs[:2])

    fill([0])
    for url in pages:
        count(url)  # warm the kept content, as a running process has
    one_day = {url: count(url) for url in pages}
    fill(range(1, 29))
    assert LogEntry.objects.count() == 29 * 4
    all_days = {url: count(url) for url in pages}
    with capsys.disabled():
        print("\nlog queries (1 day / 29 days of entries):")
        for url in pages:
            print(f"  {url:32} {one_day[url]:3} / {all_days[url]:3}")
    assert all_days == one_day
    assert max(one_day.values()) <= 10
    forget_all()
