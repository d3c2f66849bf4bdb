"""Date arithmetic for each product's numbers, including the day the rules change and month ends."""

import datetime

import pytest

from journeys.journey.timeline import build_timeline
from journeys.models import CareCenter, Product

D = datetime.date


def center(**kw):
    defaults = dict(
        name="C",
        phone_day="1",
        phone_after_hours="2",
        stay_near_days=14,
        no_driving_days=14,
        caregiver_days=14,
        daily_monitoring_days=7,
        follow_up_days=[30, 90],
    )
    return CareCenter(**(defaults | kw))


# The label numbers the shipped seeds hold (tests/test_content.py checks the seeds agree).
PRODUCTS = {
    "yescarta": dict(
        lymphodepletion_days=3,
        infusion_after_ld_min_days=3,
        infusion_after_ld_max_days=3,
        daily_monitoring_days=7,
        stay_near_days=14,
        no_driving_days=14,
    ),
    "breyanzi": dict(
        lymphodepletion_days=3,
        infusion_after_ld_min_days=2,
        infusion_after_ld_max_days=7,
        daily_monitoring_days=7,
        stay_near_days=14,
        no_driving_days=14,
    ),
    "aucatzyl": dict(
        stay_near_days=28,
        no_driving_days=56,
        second_infusion_day=10,
        second_infusion_window_days=2,
        unconfirmed_numbers=["daily_monitoring_days", "caregiver_days"],
    ),
}


def by_key(milestones):
    return {m.key: m for m in milestones}


def test_yescarta_chemo_days_minus_five_to_minus_three():
    t = by_key(
        build_timeline(
            infusion_date=D(2026, 3, 2), center=center(), product=Product(**PRODUCTS["yescarta"])
        )
    )
    # Day 0 is March 2; days -5..-3 cross the end of February (28 days in 2026).
    assert (t["lymphodepletion"].start, t["lymphodepletion"].end) == (
        D(2026, 2, 25),
        D(2026, 2, 27),
    )
    assert t["infusion"].start == D(2026, 3, 2)


def test_rules_cover_days_one_to_n_and_change_on_day_n_plus_one():
    t = by_key(
        build_timeline(
            infusion_date=D(2026, 1, 25), center=center(), product=Product(**PRODUCTS["yescarta"])
        )
    )
    assert (t["daily-monitoring"].start, t["daily-monitoring"].end) == (
        D(2026, 1, 26),
        D(2026, 2, 1),
    )
    assert t["stay-near"].end == D(2026, 2, 8)  # day 14, across the January month end
    assert t["no-driving"].end == D(2026, 2, 8)
    assert t["may-drive"].start == D(2026, 2, 9)  # day 15: the first day the rule no longer applies


def test_a_range_of_days_becomes_a_window():
    t = by_key(
        build_timeline(
            infusion_date=D(2026, 5, 10), center=center(), product=Product(**PRODUCTS["breyanzi"])
        )
    )
    # Chemo ends 2 to 7 days before infusion and lasts 3 days.
    assert (t["lymphodepletion"].start, t["lymphodepletion"].end) == (D(2026, 5, 1), D(2026, 5, 8))


def test_aucatzyl_two_infusions_and_its_longer_rules():
    t = by_key(
        build_timeline(
            infusion_date=D(2026, 12, 28), center=center(), product=Product(**PRODUCTS["aucatzyl"])
        )
    )
    assert t["infusion"].start == D(2026, 12, 28)
    assert t["second-infusion"].start == D(
        2027, 1, 6
    )  # day 10 when day 1 is Dec 28, across the year end
    assert "2 days" in t["second-infusion"].note
    assert t["stay-near"].end == D(2027, 1, 25)  # 28 days
    assert t["may-drive"].start == D(2027, 2, 23)  # day 57
    assert (
        "lymphodepletion" not in t
    )  # its chemo schedule is not confirmed, so no dates are invented


def test_a_stricter_center_wins_over_the_label():
    t = by_key(
        build_timeline(
            infusion_date=D(2026, 1, 1),
            center=center(no_driving_days=30),
            product=Product(**PRODUCTS["yescarta"]),
        )
    )
    assert t["no-driving"].end == D(2026, 1, 31)
    assert t["may-drive"].start == D(2026, 2, 1)


def test_the_label_wins_over_a_more_lenient_center():
    t = by_key(
        build_timeline(
            infusion_date=D(2026, 1, 1),
            center=center(stay_near_days=7),
            product=Product(**PRODUCTS["aucatzyl"]),
        )
    )
    assert t["stay-near"].end == D(2026, 1, 29)


def test_leap_day_and_follow_up_visits():
    t = by_key(
        build_timeline(
            infusion_date=D(2028, 2, 15),
            center=center(),
            product=None,
            collection_date=D(2028, 1, 20),
        )
    )
    assert t["stay-near"].end == D(2028, 2, 29)
    assert t["follow-up-30"].start == D(2028, 3, 16)
    assert t["follow-up-90"].start == D(2028, 5, 15)
    assert t["collection"].start == D(2028, 1, 20)
    assert "second-infusion" not in t


def test_milestones_are_in_date_order_then_by_how_long_they_last():
    milestones = build_timeline(
        infusion_date=D(2026, 6, 1),
        center=center(),
        product=Product(**PRODUCTS["aucatzyl"]),
        collection_date=D(2026, 5, 1),
    )
    # Day 0 is June 1. The windows all start on day 1 and end on day 28 (stay near) and
    # 56 (no driving); daily checks and the caregiver period are not confirmed for
    # Aucatzyl, so they have no dates. The second infusion is on day 10 (June 10), the
    # 30-day visit on July 1, driving again on day 57 (July 28).
    assert [m.key for m in milestones] == [
        "collection",
        "infusion",
        "stay-near",
        "no-driving",
        "second-infusion",
        "follow-up-30",
        "may-drive",
        "follow-up-90",
    ]


@pytest.mark.django_db
def test_shipped_products_hold_the_numbers_used_above(seeded_db):
    for slug, numbers in PRODUCTS.items():
        product = Product.objects.get(slug=slug)
        for field, value in numbers.items():
            assert getattr(product, field) == value, (slug, field)
