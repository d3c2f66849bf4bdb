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


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("name", dates.NAMES)
def test_a_date_writer_writes_what_local_date_writes(language, name):
    """`date_writer` (a log page's ~30 days: each name translated once) reads exactly as
    `local_date`, a datetime, an escaped letter and an empty value included."""
    with translation.override(language):
        write = dates.date_writer(name)
        assert [write(day) for day in DAYS] == [dates.local_date(day, name) for day in DAYS]
        moment = datetime.datetime(2026, 3, 4, 9, 30)
        assert write(moment) == dates.local_date(moment, name)
        assert write(None) == write("") == ""


def test_a_date_writer_hands_a_part_not_written_here_to_django(monkeypatch):
    monkeypatch.setitem(dates._FORMATS, "long", lambda: r"N jS \o\f F")
    assert dates.date_writer("long")(datetime.date(2026, 3, 4)) == "March 4th of March"
    monkeypatch.setitem(dates._FORMATS, "long", lambda: r"\D\a\y j \o\f F")
    assert dates.date_writer("long")(datetime.date(2026, 3, 4)) == "Day 4 of March"
