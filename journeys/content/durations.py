"""How long something lasts, in the unit people use: days, weeks, months or years.

"Usually 5475 days" means nothing to a reader; "15 years or longer" does. The stored
numbers stay in days (they are what labels and centers give); only the words change.
"""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

# (largest number of days shown in this unit, days per unit, unit)
UNITS = [(13, 1, "day"), (84, 7, "week"), (730, 365.25 / 12, "month"), (None, 365.25, "year")]


#: Each unit's words, looked up when used (a page says a length per stage and window): one
#: translation lookup per length, not one per unit.
_ONE = {
    "day": lambda n: ngettext("%(n)d day", "%(n)d days", n),
    "week": lambda n: ngettext("%(n)d week", "%(n)d weeks", n),
    "month": lambda n: ngettext("%(n)d month", "%(n)d months", n),
    "year": lambda n: ngettext("%(n)d year", "%(n)d years", n),
}
_RANGE = {
    "day": lambda: _("%(low)d to %(high)d days"),
    "week": lambda: _("%(low)d to %(high)d weeks"),
    "month": lambda: _("%(low)d to %(high)d months"),
    "year": lambda: _("%(low)d to %(high)d years"),
}


def _one(unit, n):
    return _ONE[unit](n) % {"n": n}


def _range(unit, low, high):
    return _RANGE[unit]() % {"low": low, "high": high}


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
