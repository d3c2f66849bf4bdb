"""The numbers and names prose may show as `{placeholders}`: one definition.

Each placeholder says what it stands for and where its value comes from. A day count
that both the center and the product's label set uses the stricter (longer) of the two.
`text.fill_placeholders` knows only these names, and `effective_numbers` fills exactly
these, so the two cannot drift apart.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


def _stricter(*values):
    present = [v for v in values if v is not None]
    return max(present) if present else None


@dataclass(frozen=True)
class Placeholder:
    name: str
    meaning: str
    value: Callable[[Any, Any], Any]  # (center, product or None) -> value


def _strictest(field):
    return lambda center, product: _stricter(getattr(center, field), getattr(product, field, None))


def _center(field):
    return lambda center, product: getattr(center, field)


def _fever(center, product):
    return f"{center.fever_fahrenheit:.1f} °F ({center.fever_celsius:.1f} °C)"


PLACEHOLDERS = {
    p.name: p
    for p in (
        Placeholder("stay_near_days", "days to stay near the center", _strictest("stay_near_days")),
        Placeholder("no_driving_days", "days without driving", _strictest("no_driving_days")),
        Placeholder("caregiver_days", "days a caregiver stays with you", _center("caregiver_days")),
        Placeholder(
            "daily_monitoring_days", "days of daily checks", _strictest("daily_monitoring_days")
        ),
        Placeholder("center_name", "the care center's name", _center("display_name")),
        Placeholder("phone_day", "the daytime phone number", _center("phone_day")),
        Placeholder(
            "phone_after_hours", "the after-hours phone number", _center("phone_after_hours")
        ),
        Placeholder("emergency_number", "the emergency number", _center("emergency_number")),
        Placeholder("fever", "the temperature that counts as a fever, in °F and °C", _fever),
    )
}


def effective_numbers(*, center, product=None):
    """Every placeholder's value for this center and product (None = "not sure yet")."""
    return {name: p.value(center, product) for name, p in PLACEHOLDERS.items()}
