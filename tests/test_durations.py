"""Lengths of time in the unit people use, never "Usually 5475 days"."""

import re

import pytest

from journeys.content.durations import how_long


@pytest.mark.parametrize(
    ("low", "high", "open_ended", "expected"),
    [
        (1, 1, False, "1 day"),
        (2, 4, False, "2 to 4 days"),
        (7, 28, False, "1 to 4 weeks"),
        (14, 28, False, "2 to 4 weeks"),
        (76, 76, False, "11 weeks"),
        (90, 180, False, "3 to 6 months"),
        (5475, 5475, True, "15 years or longer"),
        (730, 1095, False, "2 to 3 years"),
    ],
)
def test_how_long(low, high, open_ended, expected):
    assert how_long(low, high, open_ended=open_ended) == expected


@pytest.mark.django_db
def test_the_journey_page_says_years_and_weeks_not_thousands_of_days(client, seeded_db):
    html = client.get("/journey/").content.decode()
    assert "15 years or longer" in html and "11 weeks" in html
    days = [int(n) for n in re.findall(r"Usually (?:\d+ to )?(\d+) days?\b", html)]
    assert days and max(days) <= 13, days  # days only for short spans
    assert "5475" not in html and "76 days" not in html
