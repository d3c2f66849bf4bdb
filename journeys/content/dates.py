"""Dates in the reader's language.

A format such as "F j, Y" also fixes the order of the parts, and Spanish puts the day
first ("31 de diciembre de 2026"). So each format the pages use is a translatable string
(context "date format"): translators give the order, Django gives the names.

A date (not a datetime) is written here with Django's own names and rules for the parts
the formats use (`_PARTS`), without building a DateFormat for each: a log page writes a
date for each of its ~30 days. A format with any other part goes to Django.
"""

import datetime

from django.utils import formats
from django.utils.dateformat import re_escaped, re_formatchars
from django.utils.dates import MONTHS, MONTHS_3, WEEKDAYS, WEEKDAYS_ABBR
from django.utils.translation import pgettext

#: Each format, looked up when used: a page formats a date per row (a log's 30 days, a
#: timeline's milestones), so one lookup per date, not one per format.
_FORMATS = {
    # December 31, 2026
    "long": lambda: pgettext("date format", "F j, Y"),
    # Thursday, December 31
    "weekday": lambda: pgettext("date format", "l, F j"),
    # Dec 31
    "short": lambda: pgettext("date format", "M j"),
    # Dec 31, 2026
    "short_year": lambda: pgettext("date format", "M j, Y"),
    # Thu, Dec 31, 2026
    "day_short_year": lambda: pgettext("date format", "D, M j, Y"),
    # December 2026
    "month_year": lambda: pgettext("date format", "F Y"),
}

NAMES = tuple(_FORMATS)


#: The parts of a format written here, each as django.utils.dateformat.DateFormat writes it.
_PARTS = {
    "b": lambda d: MONTHS_3[d.month],
    "D": lambda d: WEEKDAYS_ABBR[d.weekday()],
    "F": lambda d: MONTHS[d.month],
    "j": lambda d: d.day,
    "l": lambda d: WEEKDAYS[d.weekday()],
    "M": lambda d: MONTHS_3[d.month].title(),
    "Y": lambda d: f"{d.year:04d}",
}


def _written(day, format_string):
    """`day` in `format_string` as Django's Formatter.format writes it, or None when the
    format has a part not in _PARTS."""
    pieces = []
    for i, piece in enumerate(re_formatchars.split(format_string)):
        if i % 2:
            part = _PARTS.get(piece)
            if part is None:
                return None
            pieces.append(str(part(day)))
        elif piece:
            pieces.append(re_escaped.sub(r"\1", piece) if "\\" in piece else piece)
    return "".join(pieces)


def local_date(value, name="long"):
    """`value` formatted as `name` (one of NAMES) in the active language."""
    if value in (None, ""):
        return ""
    format_string = _FORMATS[name]()
    if type(value) is datetime.date:
        written = _written(value, format_string)
        if written is not None:
            return written
    return formats.date_format(value, format_string)


def date_writer(name="long"):
    """A function writing dates as `local_date(day, name)` does, for a page that writes
    many in one language (a timeline's rows): the format is looked up once, and each
    month or weekday name once per function, not once per date."""
    format_string = _FORMATS[name]()
    pieces = []  # (part, None) or (None, literal text)
    for i, piece in enumerate(re_formatchars.split(format_string)):
        if i % 2:
            if piece not in _PARTS:
                return lambda value: local_date(value, name)
            pieces.append((piece, None))
        elif piece:
            pieces.append((None, re_escaped.sub(r"\1", piece) if "\\" in piece else piece))
    names = {}  # (part, month or weekday) -> its name, written once

    def part(piece, day):
        if piece == "j":
            return str(day.day)
        if piece == "Y":
            return f"{day.year:04d}"
        index = day.weekday() if piece in "Dl" else day.month
        if (piece, index) not in names:
            names[piece, index] = str(_PARTS[piece](day))
        return names[piece, index]

    def write(value):
        if type(value) is not datetime.date:
            return local_date(value, name)
        return "".join(text if piece is None else part(piece, value) for piece, text in pieces)

    return write
