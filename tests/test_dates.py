"""Dates in the reader's language (journeys/content/dates.py): written without a DateFormat
for each date (issue 26), they must read exactly as Django's own date_format writes them."""

import datetime

import pytest
from django.utils import formats, translation

from journeys.content import dates

DAYS = [datetime.date(2026, 1, 1) + datetime.timedelta(days=n) for n in range(0, 400, 3)]


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("name", dates.NAMES)
def test_each_format_reads_as_djangos_date_format(language, name):
    with translation.override(language):
        format_string = dates._FORMATS[name]()
        written = [dates.local_date(day, name) for day in DAYS]
        assert written == [formats.date_format(day, format_string) for day in DAYS]
        assert len(set(written)) >= 13  # every month (and weekday) of more than a year
    if language == "es" and name == "long":
        with translation.override("es"):
            assert dates.local_date(datetime.date(2026, 12, 31)) == "31 de diciembre de 2026"


def test_a_part_not_written_here_and_a_datetime_go_to_django(monkeypatch):
    moment = datetime.datetime(2026, 3, 4, 9, 30)
    assert dates.local_date(moment, "long") == formats.date_format(moment, "F j, Y")
    monkeypatch.setitem(dates._FORMATS, "long", lambda: r"N jS \o\f F")  # "N", "S": Django's
    day = datetime.date(2026, 3, 4)
    assert dates._written(day, r"N jS \o\f F") is None
    assert dates.local_date(day, "long") == "March 4th of March"
    assert dates.local_date(None) == "" and dates.local_date("") == ""
