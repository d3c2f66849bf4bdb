"""Temperatures as people type them, both units, and the center's fever threshold.

Values are kept as typed (one decimal, in the unit picked) and compared in that unit, so
exactly 100.4 °F and exactly 38.0 °C both count as a fever, with no rounding in between.
"""

import re
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from journeys.log.models import Unit

# ASCII digits only: "３８" and "٣٨" are digits to str.isdigit() but not to a thermometer.
TEMPERATURE_RE = re.compile(r"[0-9]{2,3}(?:[.,][0-9])?", re.ASCII)
RANGES = {Unit.CELSIUS: (Decimal(30), Decimal(45)), Unit.FAHRENHEIT: (Decimal(86), Decimal(113))}
TENTH = Decimal("0.1")


def to_fahrenheit(celsius):
    return (Decimal(celsius) * 9 / 5 + 32).quantize(TENTH, rounding=ROUND_HALF_UP)


def to_celsius(fahrenheit):
    return ((Decimal(fahrenheit) - 32) * 5 / 9).quantize(TENTH, rounding=ROUND_HALF_UP)


def convert(value, unit):
    """`value` in `unit`, in the other unit (a sum and a product: nothing to keep)."""
    return to_fahrenheit(value) if unit == Unit.CELSIUS else to_celsius(value)


def parse_temperature(raw, unit):
    """The temperature typed in `unit`, as a Decimal with one decimal; "" is None.

    A comma decimal ("38,5") is accepted. Raises ValidationError with a message a person can act on.
    """
    text = (raw or "").strip()
    if not text:
        return None
    if unit not in RANGES:
        raise ValidationError(_("Choose °F or °C."), code="unit")
    if not TEMPERATURE_RE.fullmatch(text):
        raise ValidationError(
            _("Type the temperature with the digits 0 to 9, like 98.6 or 37,0."),
            code="format",
        )
    value = Decimal(text.replace(",", "."))
    low, high = RANGES[unit]
    if not low <= value <= high:
        other = Unit.FAHRENHEIT if unit == Unit.CELSIUS else Unit.CELSIUS
        olow, ohigh = RANGES[other]
        hint = ""
        if olow <= value <= ohigh:
            hint = " " + _("Did you mean %(unit)s?") % {"unit": other.label}
        raise ValidationError(
            _("A temperature in %(unit)s is between %(low)s and %(high)s.")
            % {"unit": Unit(unit).label, "low": low, "high": high}
            + hint,
            code="range",
        )
    return value


def fever_threshold(center, unit):
    """The center's fever threshold in `unit`, as pages show it (one decimal)."""
    if unit == Unit.CELSIUS:
        return Decimal(str(center.fever_celsius)).quantize(TENTH, rounding=ROUND_HALF_UP)
    return Decimal(str(center.fever_fahrenheit)).quantize(TENTH, rounding=ROUND_HALF_UP)


def is_fever(value, threshold):
    """The log's one fever check: a temperature at or above the center's threshold in the
    unit it was typed in (`fever_threshold(center, unit)`); no temperature is no fever."""
    return value is not None and Decimal(value) >= threshold
