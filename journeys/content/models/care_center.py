"""The one care center that deploys the site: its phone numbers and its own day counts.

Patients call these numbers, so a change waits for a medical reviewer like content
(`Reviewed`); the numbers a label or the center can change are fields, never words
inside prose.
"""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

from journeys.content.models.base import Reviewed, Status, validate_day_list

PHONE_NUMBER = re.compile(r"\+?[0-9(][0-9 ().\-]*")


def validate_phone_number(value):
    """A number a phone can dial from a tel: link: digits, with spaces ( ) . - and a leading +."""
    digits = sum(ch.isdigit() for ch in value)
    if not PHONE_NUMBER.fullmatch(value.strip()) or digits < 3:
        raise ValidationError(
            _(
                "Enter a phone number a phone can dial: digits, with spaces, ( ) . - "
                "and a leading +."
            ),
            code="phone",
        )


#: What seeds/care_center.yaml ships so that `make run` works; a live site replaces them all.
EXAMPLE_CENTER_NAMES = (
    "Your CAR-T treatment center",
    "Your care center",
    # the same, should staff translate the example name
    "Su centro de tratamiento CAR-T",
    "Su centro de atención",
)
EXAMPLE_CENTER_ADDRESSES = ("Replace with your center's address",)
#: 555-0100 to 555-0199 (and the 555 area code) are set aside for fiction: no one answers.
FICTIONAL_PHONE = re.compile(r"555\D{0,3}01\d")


@dataclass(frozen=True)
class PhoneLine:
    """One of the center's numbers and when it answers."""

    number: str
    all_day: bool
    kind: str  # "day" or "after_hours"

    @property
    def label(self):
        """What the line is called, in the reader's language (no colon)."""
        if self.all_day:
            return gettext("Any time (24 hours)")
        if self.kind == "day":
            return pgettext("phone line", "Daytime")
        return pgettext("phone line", "After hours")


class CareCenter(Reviewed):
    """The one care center that deploys the site; its numbers may be stricter than a label's.

    Patients call these numbers, so a change waits for a medical reviewer like content.
    """

    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PUBLISHED
    )

    name = models.CharField(_("name"), max_length=200)
    phone_day = models.CharField(
        _("phone (daytime)"), max_length=40, validators=[validate_phone_number]
    )
    phone_day_24_hours = models.BooleanField(
        _("the daytime line answers 24 hours"),
        default=False,
        help_text=_(
            "Tick only if someone answers this number day and night, every day. Pages call "
            "a line “any time (24 hours)” only when it is ticked."
        ),
    )
    phone_after_hours = models.CharField(
        _("phone (after hours)"), max_length=40, validators=[validate_phone_number]
    )
    phone_after_hours_24_hours = models.BooleanField(
        _("the after-hours line answers 24 hours"),
        default=False,
        help_text=_(
            "Tick only if this number is answered day and night, every day (not only evenings "
            "and weekends). The wallet card and the print-outs then call it the 24-hour number."
        ),
    )
    emergency_number = models.CharField(
        _("emergency number"), max_length=20, default="911", validators=[validate_phone_number]
    )
    address = models.TextField(_("address"), blank=True)
    stay_near_days = models.PositiveSmallIntegerField(
        _("days to stay near the center after infusion"), default=14
    )
    no_driving_days = models.PositiveSmallIntegerField(
        _("days without driving after infusion"), default=14
    )
    caregiver_days = models.PositiveSmallIntegerField(
        _("days a caregiver stays with the patient"), default=14
    )
    daily_monitoring_days = models.PositiveSmallIntegerField(
        _("days of daily monitoring after infusion"), default=7
    )
    follow_up_days = models.JSONField(
        _("follow-up visits (days after infusion)"),
        default=list,
        blank=True,
        validators=[validate_day_list],
        help_text=_("Your center's usual follow-up visits, as days after infusion, e.g. [30, 90]."),
    )
    fever_celsius = models.FloatField(
        _("fever starts at (°C)"),
        default=38.0,
        validators=[MinValueValidator(37.5), MaxValueValidator(39.0)],
        help_text=_(
            "The temperature your center treats as a fever, in °C; pages show it in °F too "
            "(38.0 °C = 100.4 °F)."
        ),
    )

    temperature_checks_per_day = models.PositiveSmallIntegerField(
        _("temperature checks a day (daily log)"),
        default=4,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text=_("How many times a day the log asks the family to take the temperature."),
    )
    log_last_day = models.PositiveSmallIntegerField(
        _("last day of the daily log (days after infusion)"),
        default=28,
        validators=[MinValueValidator(7), MaxValueValidator(100)],
        help_text=_("The daily log runs from infusion day (day 0) through this day."),
    )
    handwriting_sentence = models.CharField(
        _("handwriting check sentence"),
        max_length=120,
        default="The quick brown fox jumps over the lazy dog.",
        help_text=_("The short sentence the patient writes each day in the daily log."),
    )

    class Meta:
        verbose_name = _("care center")
        constraints = [
            models.CheckConstraint(condition=Q(pk=1), name="journeys_carecenter_single_row"),
        ]

    def __str__(self):
        return self.name

    @classmethod
    def filled_fields(cls):
        """No placeholders are filled in the center's words (see Governed.filled_fields)."""
        return ()

    def save(self, *args, **kwargs):
        # There is exactly one center per deployment.
        self.pk = 1
        super().save(*args, **kwargs)

    @classmethod
    def load(cls):
        return cls.objects.filter(pk=1).first() or cls(name=EXAMPLE_CENTER_NAMES[0])

    def example_fields(self):
        """The fields that still hold the example values `make run` ships (see checks.py)."""
        fields = []
        if self.name in EXAMPLE_CENTER_NAMES:
            fields.append("name")
        for name in ("phone_day", "phone_after_hours"):
            if not getattr(self, name) or FICTIONAL_PHONE.search(getattr(self, name)):
                fields.append(name)
        if self.address in EXAMPLE_CENTER_ADDRESSES:
            fields.append("address")
        return fields

    @property
    def phone_lines(self):
        """The care team's lines as the center describes them, a 24-hour line first.

        A line is called "any time (24 hours)" only when the center ticked it as one.
        """
        lines = [
            PhoneLine(self.phone_day, all_day=self.phone_day_24_hours, kind="day"),
            PhoneLine(
                self.phone_after_hours, all_day=self.phone_after_hours_24_hours, kind="after_hours"
            ),
        ]
        return sorted((line for line in lines if line.number), key=lambda line: not line.all_day)

    @property
    def phone_24_hours(self):
        """The number the center says answers 24 hours, or "" when it named none."""
        return next((line.number for line in self.phone_lines if line.all_day), "")

    @property
    def fever_fahrenheit(self):
        return round(self.fever_celsius * 9 / 5 + 32, 1)

    @property
    def has_example_name(self):
        return self.name in EXAMPLE_CENTER_NAMES

    @property
    def display_name(self):
        """The name as prose uses it mid-sentence: "near your treatment center" until the
        center has put in its real name (never "near Your CAR-T treatment center")."""
        return str(_("your treatment center")) if self.has_example_name else self.name

    @property
    def display_address(self):
        return "" if self.address in EXAMPLE_CENTER_ADDRESSES else self.address
