"""What's next for me: current stage, next milestone, open items and today's log."""

import datetime
from types import SimpleNamespace

import pytest

from journeys.journey.timeline import build_timeline, mark_today
from journeys.models import CareCenter
from journeys.whats_next import build_whats_next
from tests.test_timeline_picture import _stages

from .clock import frozen_today  # noqa: F401 - a fixture, used by name

INFUSION = datetime.date(2026, 6, 1)


def _center():
    return CareCenter(
        stay_near_days=14,
        no_driving_days=14,
        caregiver_days=14,
        daily_monitoring_days=7,
        follow_up_days=[30, 90, 180, 365],
        log_last_day=28,
    )


def _next(day, *, ticked=(), log_has_entry=False):
    stages = _stages()
    for pk, stage in enumerate(stages, start=1):
        stage.pk = pk
    today = INFUSION + datetime.timedelta(days=day)
    timeline = mark_today(build_timeline(infusion_date=INFUSION, center=_center()), today)
    items = {
        6: [
            SimpleNamespace(pk=60, checked=60 in ticked),
            SimpleNamespace(pk=61, checked=61 in ticked),
        ]
    }
    return build_whats_next(
        day=day,
        stages=stages,
        timeline=timeline,
        today=today,
        stage_items=items,
        log_last_day=28,
        log_has_entry=log_has_entry,
    )


@pytest.mark.parametrize(
    ("day", "stage", "milestone", "days_to"),
    [
        (-10, "manufacturing", "infusion", 10),
        (0, "infusion", "daily-monitoring", 1),
        (3, "monitoring", "may-drive", 12),
        (15, "recovery", "follow-up-30", 15),
        (400, "long-term", None, None),
    ],
)
def test_stage_and_next_milestone_by_day(day, stage, milestone, days_to):
    result = _next(day)
    assert result.stage.slug == stage
    assert (result.next_milestone.key if result.next_milestone else None) == milestone
    assert result.days_to_next == days_to


def test_open_items_and_the_log_only_when_they_apply():
    assert [i.pk for i in _next(3, ticked={60}).open_items] == [61]
    assert _next(3, ticked={60, 61}).open_items == []
    assert _next(15).open_items == []  # no items for recovery in this data
    assert _next(-10).in_log_period is False and _next(-10).log_has_entry is None
    assert _next(0).in_log_period and _next(0).log_has_entry is False
    assert _next(3, log_has_entry=True).log_has_entry is True
    assert _next(400).log_has_entry is None


@pytest.mark.django_db
@pytest.mark.usefixtures("frozen_today")
def test_start_and_my_journey_show_whats_next_and_the_picture_marks_today(client, seeded_db):
    from django.utils import timezone

    assert 'id="whats-next"' not in client.get("/").content.decode()
    journey_page = client.get("/journey/").content.decode()
    assert 'class="tl-today"' not in journey_page  # no dates: no today
    client.post("/", {"role": "patient", "product": "yescarta"})
    infusion = timezone.localdate() - datetime.timedelta(days=3)
    client.post("/my-journey/", {"infusion_date": infusion.isoformat()})
    for url in ("/", "/my-journey/"):
        page = client.get(url).content.decode()
        assert 'id="whats-next"' in page and "next for me</h2>" in page, url
        # Said in the section itself: the timeline on /my-journey/ links every stage.
        section = page.split('<section id="whats-next"', 1)[1].split("</section>", 1)[0]
        assert 'Now: <a href="/journey/monitoring/">' in section, url  # day 3: monitoring
        assert "daily log has no entry yet." in section, url
    page = client.get("/my-journey/").content.decode()
    assert page.count('class="tl-today"') == 2  # the wide and the tall drawing
    assert "Today is day 3." in page
    assert 'class="tl-today"' in client.get("/journey/").content.decode()
    spanish = client.get("/es/my-journey/").content.decode()
    assert "Lo que sigue para mí" in spanish and "Hoy es el día 3." in spanish
