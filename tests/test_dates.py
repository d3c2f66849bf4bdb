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
        write = dates.date_writer(name)  # a timeline's rows: names looked up once
        assert [write(day) for day in DAYS] == written
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
    assert dates.date_writer("long")(day) == "March 4th of March"
    assert dates.date_writer("long")(moment) == dates.local_date(moment, "long")
    monkeypatch.setitem(dates._FORMATS, "long", lambda: r"\Y\e\a\r Y, j")  # escaped letters
    assert dates.date_writer("long")(day) == formats.date_format(day, r"\Y\e\a\r Y, j")


@pytest.mark.parametrize(
    "data",
    [
        None,  # as the page first shows it (initial values)
        {"infusion_date": "2026-12-01", "collection_date": ""},
        {"infusion_date": "", "collection_date": "2026-13-40"},  # errors: aria-invalid, autofocus
        {"infusion_date": "2026-\"<&>'", "collection_date": "2020-01-01"},  # escaped
    ],
)
def test_the_dates_forms_inputs_read_as_djangos_widget_templates_write_them(data):
    """The dates form writes its inputs in Python (views/dates_form.DateInput): the same
    bytes as Django's input.html and attrs.html, whatever state the field is in."""
    from django import forms
    from django.utils.safestring import mark_safe

    from journeys.views.dates_form import DateInput, DatesForm

    initial = {"infusion_date": datetime.date(2026, 12, 1), "collection_date": None}
    form = DatesForm(data, initial=initial, has_log=True)
    if data:
        form.is_valid()
    written_all = ""
    for field in form:
        written = str(field)
        assert "<input" in written and isinstance(field.field.widget, DateInput)
        django_widget = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
        django_widget.attrs = field.field.widget.attrs  # autofocus, when the form set it
        django_widget.is_required = field.field.required
        field.field.widget = django_widget
        assert written == str(field)
        written_all += written
    if data and not data["infusion_date"]:
        assert 'aria-invalid="true"' in written_all and " autofocus" in written_all
    widget = DateInput(attrs={"type": "date", "data-x": mark_safe("a&amp;b"), "hidden": False})
    twin = forms.DateInput(attrs={"type": "date", "data-x": mark_safe("a&amp;b"), "hidden": False})
    assert widget.render("d", "x<y") == twin.render("d", "x<y")


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
