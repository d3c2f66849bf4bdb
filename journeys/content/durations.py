"""How long something lasts, in the unit people use: days, weeks, months or years.

"Usually 5475 days" means nothing to a reader; "15 years or longer" does. The stored
numbers stay in days (they are what labels and centers give); only the words change.
"""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

# (largest number of days shown in this unit, days per unit, unit)
UNITS = [(13, 1, "day"), (84, 7, "week"), (730, 365.25 / 12, "month"), (None, 365.25, "year")]


def _one(unit, n):
    return {
        "day": ngettext("%(n)d day", "%(n)d days", n),
        "week": ngettext("%(n)d week", "%(n)d weeks", n),
        "month": ngettext("%(n)d month", "%(n)d months", n),
        "year": ngettext("%(n)d year", "%(n)d years", n),
    }[unit] % {"n": n}


def _range(unit, low, high):
    return {
        "day": _("%(low)d to %(high)d days"),
        "week": _("%(low)d to %(high)d weeks"),
        "month": _("%(low)d to %(high)d months"),
        "year": _("%(low)d to %(high)d years"),
    }[unit] % {"low": low, "high": high}


def _unit_for(days):
    for limit, per, unit in UNITS:
        if limit is None or days <= limit:
            return per, unit


def how_long(low, high=None, *, open_ended=False):
    """ "2 to 4 weeks", "11 weeks", "15 years or longer" for a span of low..high days."""
    high = low if high is None else high
    per, unit = _unit_for(high)
    a, b = max(1, round(low / per)), max(1, round(high / per))
    if open_ended:
        return _("%(length)s or longer") % {"length": _one(unit, a)}
    return _one(unit, a) if a == b else _range(unit, a, b)
