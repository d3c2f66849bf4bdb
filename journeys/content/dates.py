"""Dates in the reader's language.

A format such as "F j, Y" also fixes the order of the parts, and Spanish puts the day
first ("31 de diciembre de 2026"). So each format the pages use is a translatable string
(context "date format"): translators give the order, Django gives the names.
"""

from django.utils import formats
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


def local_date(value, name="long"):
    """`value` formatted as `name` (one of NAMES) in the active language."""
    if value in (None, ""):
        return ""
    return formats.date_format(value, _FORMATS[name]())
