"""The `{placeholders}` content may hold: each name, what it stands for, and the sentence
said instead when its value is unknown for a product. A leaf module: `text.py` (which the
models import) reads the names from here; `numbers.py` gives each one its value.
"""

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Placeholder:
    name: str
    meaning: str
    #: Said instead of the whole sentence when the value is unknown for this product.
    unknown: Any = ""


PLACEHOLDERS = {
    p.name: p
    for p in (
        Placeholder(
            "stay_near_days",
            "days to stay near the center",
            _("Your care team will tell you how long to stay near the center."),
        ),
        Placeholder(
            "no_driving_days",
            "days without driving",
            _("Your care team will tell you how long you must not drive."),
        ),
        Placeholder(
            "caregiver_days",
            "days a caregiver stays with you",
            _("Your care team will tell you how long a caregiver needs to stay with you."),
        ),
        Placeholder(
            "daily_monitoring_days",
            "days of daily checks",
            _("Your care team will tell you how many days they will check on you every day."),
        ),
        Placeholder("center_name", "the care center's name"),
        Placeholder("phone_day", "the daytime phone number"),
        Placeholder("phone_after_hours", "the after-hours phone number"),
        Placeholder("emergency_number", "the emergency number"),
        Placeholder("fever", "the temperature that counts as a fever, in °F and °C"),
        Placeholder(
            "split_dose",
            "a sentence on a split dose (day 1 and the second infusion's day), or nothing",
        ),
    )
}


#: The day counts a product's label may set and the center sets too.
DAY_COUNTS = ("daily_monitoring_days", "stay_near_days", "no_driving_days", "caregiver_days")
