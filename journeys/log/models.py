"""The daily check log: entries (time, temperature, warning signs) and one handwriting image a day.

Nothing here is free text: an entry is a time, an optional temperature with the unit it was
typed in, and ids of published warning signs. Every row hangs off its `Journey` with
CASCADE, so "forget me" and `purge_journeys` erase the log in the same transaction as the
journey. The handwriting PNG is a BinaryField on the day's row for the same reason: no file
storage to clean up, nothing left behind when the journey goes.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

#: How far from the infusion date a stored day may be, either way. A log's own days are
#: fewer (selectors.FIRST_OFFSET_LIMIT .. CareCenter.log_last_day), but a reading keeps the
#: date it was taken: when the infusion date is changed, its day is numbered again from the
#: new date and may fall outside the log (it is still printed and in the CSV). The infusion
#: date is at most two years back or one year ahead, so this is never reached by a reading
#: typed on its day; `services.log_renumber` refuses a change that would pass it. The
#: handwriting image's URL (`signedday`) takes the same range.
LOG_DAY_LIMIT = 999


def _day_in_reach():
    return Q(day__gte=-LOG_DAY_LIMIT, day__lte=LOG_DAY_LIMIT)


class Unit(models.TextChoices):
    FAHRENHEIT = "F", "°F"
    CELSIUS = "C", "°C"


class LogEntryQuerySet(models.QuerySet):
    def shown(self):
        """Entries not removed (a removed entry waits for undo until the journey goes)."""
        return self.filter(removed_at__isnull=True)


class LogEntry(models.Model):
    journey = models.ForeignKey(
        "journeys.Journey", on_delete=models.CASCADE, related_name="log_entries"
    )
    day = models.SmallIntegerField(_("days from the (first) infusion date"))
    taken_at = models.DateTimeField(_("time"))
    temperature = models.DecimalField(
        _("temperature"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    unit = models.CharField(_("unit"), max_length=1, choices=Unit.choices, default=Unit.FAHRENHEIT)
    signs = models.ManyToManyField("journeys.WarningSign", related_name="+", blank=True)
    # The form's idempotency key: a double tap or a resent form makes one entry.
    key = models.CharField(max_length=32)
    created_at = models.DateTimeField(auto_now_add=True)
    removed_at = models.DateTimeField(null=True, blank=True)

    objects = LogEntryQuerySet.as_manager()

    class Meta:
        app_label = "journeys"
        ordering = ["day", "taken_at", "pk"]
        verbose_name = _("log entry")
        verbose_name_plural = _("log entries")
        constraints = [
            models.UniqueConstraint(fields=["journey", "key"], name="journeys_logentry_key_once"),
            models.CheckConstraint(
                condition=_day_in_reach(), name="journeys_logentry_day_in_reach"
            ),
            models.CheckConstraint(
                condition=Q(temperature__isnull=True)
                | Q(unit="C", temperature__gte=30, temperature__lte=45)
                | Q(unit="F", temperature__gte=86, temperature__lte=113),
                name="journeys_logentry_temperature_range",
            ),
        ]
        indexes = [models.Index(fields=["journey", "day"], name="journeys_logentry_day")]

    def __str__(self):
        return f"{self.journey} day {self.day} {self.taken_at:%H:%M}"


class LogDay(models.Model):
    """One day of the log that has a handwriting image (at most one image a day)."""

    journey = models.ForeignKey(
        "journeys.Journey", on_delete=models.CASCADE, related_name="log_days"
    )
    day = models.SmallIntegerField(_("days from the (first) infusion date"))
    handwriting = models.BinaryField(_("handwriting (PNG)"))
    handwriting_at = models.DateTimeField(auto_now=True)
    #: How many times this day's handwriting was saved (capped: LOG_MAX_HANDWRITING_PER_DAY).
    handwriting_saves = models.PositiveSmallIntegerField(default=1)

    class Meta:
        app_label = "journeys"
        ordering = ["day"]
        verbose_name = _("log day")
        constraints = [
            models.UniqueConstraint(fields=["journey", "day"], name="journeys_logday_once"),
            models.CheckConstraint(condition=_day_in_reach(), name="journeys_logday_day_in_reach"),
        ]

    def __str__(self):
        return f"{self.journey} day {self.day}"
