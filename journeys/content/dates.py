"""Dates in the reader's language.

A format such as "F j, Y" also fixes the order of the parts, and Spanish puts the day
first ("31 de diciembre de 2026"). So each format the pages use is a translatable string
(context "date format"): translators give the order, Django gives the names.
"""

from django.utils import formats
from django.utils.translation import pgettext


def _formats():
    return {
        # December 31, 2026
        "long": pgettext("date format", "F j, Y"),
        # Thursday, December 31
        "weekday": pgettext("date format", "l, F j"),
        # Dec 31
        "short": pgettext("date format", "M j"),
        # Dec 31, 2026
        "short_year": pgettext("date format", "M j, Y"),
        # Thu, Dec 31, 2026
        "day_short_year": pgettext("date format", "D, M j, Y"),
        # December 2026
        "month_year": pgettext("date format", "F Y"),
    }


NAMES = tuple(_formats())


def local_date(value, name="long"):
    """`value` formatted as `name` (one of NAMES) in the active language."""
    if value in (None, ""):
        return ""
    return formats.date_format(value, _formats()[name])
