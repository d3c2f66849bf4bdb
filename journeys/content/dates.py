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


#: The parts that are names, each with what picks the name: a page's ~30 days have only
#: 7 weekdays and a month or two, so a `date_writer` translates each name once.
_NAME_OF = {"b": "month", "D": "weekday", "F": "month", "l": "weekday", "M": "month"}


def date_writer(name="long"):
    """A function writing dates as `local_date(value, name)` does, byte for byte, for one
    render of many dates (a log page's days): the format is looked up once, and each
    weekday or month name translated once (names in the active language, so a writer
    lives no longer than the render that made it)."""
    format_string = _FORMATS[name]()
    pieces = re_formatchars.split(format_string)
    if any(i % 2 and piece not in _PARTS for i, piece in enumerate(pieces)):
        return lambda value: local_date(value, name)
    plan = [
        (piece, _NAME_OF.get(piece)) if i % 2 else (re_escaped.sub(r"\1", piece), "")
        for i, piece in enumerate(pieces)
        if i % 2 or piece
    ]
    names = {}

    def write(value):
        if type(value) is not datetime.date:
            return local_date(value, name)
        out = []
        for piece, kind in plan:
            if kind == "":
                out.append(piece)
            elif kind is None:
                out.append(str(_PARTS[piece](value)))
            else:
                key = (piece, value.month if kind == "month" else value.weekday())
                written = names.get(key)
                if written is None:
                    written = names[key] = str(_PARTS[piece](value))
                out.append(written)
        return "".join(out)

    return write
