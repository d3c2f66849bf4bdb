"""A new infusion date and the log: every reading keeps the date it was taken.

The log numbers its days from the infusion date (`LogEntry.day`, `LogDay.day`). When the
family changes that date, the days are numbered again in the same transaction as the new
date: a reading from its real date (`taken_at`, in the site's time zone), a handwriting
sample by the change in days (it is a picture of the day it was drawn). Nothing moves to
another date, and nothing is deleted.

A new date can put readings outside the log's days (before its first day or after its last).
They are kept, printed and in the CSV with their own dates, and back in the log if the date
is changed back; but that is never done without asking: `log_dates_set` raises `AskFirst`
with what would fall outside, and does it only when the request carries the answer to that
very question (`LogShift.token`).
"""

import datetime
import hashlib
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from journeys.journey.models import Journey
from journeys.journey.services import journey_may_edit_dates, journey_set_dates
from journeys.log.models import LOG_DAY_LIMIT, LogDay, LogEntry
from journeys.log.services import log_changed


@dataclass
class OutsideDay:
    """A date whose readings (or handwriting) the new infusion date puts outside the log."""

    date: datetime.date
    readings: int = 0
    handwriting: bool = False


@dataclass
class LogShift:
    """What a new infusion date does to the log: how many days everything is renumbered by,
    and what was in the log's days and would fall outside them."""

    old_date: datetime.date | None
    new_date: datetime.date
    first_day: int
    last_day: int
    outside: list = field(default_factory=list)  # OutsideDay, by date
    in_log: int = 0  # readings and handwriting samples the log holds (0: nothing to renumber)

    @property
    def days(self):
        """How much each day number changes (the handwriting's, and a reading's)."""
        if self.old_date is None:
            return 0
        return (self.old_date - self.new_date).days

    @property
    def readings_outside(self):
        return sum(day.readings for day in self.outside)

    @property
    def handwriting_outside(self):
        return sum(1 for day in self.outside if day.handwriting)

    @property
    def token(self):
        """The answer to this very question: the dates, and what falls outside. A page
        asked before another device added a reading (or with another date typed since)
        carries another token, and is asked again."""
        text = repr(
            (
                self.old_date,
                self.new_date,
                [(d.date, d.readings, d.handwriting) for d in self.outside],
            )
        )
        return hashlib.sha256(text.encode()).hexdigest()[:32]


class AskFirst(Exception):
    """The new date puts readings outside the log's days: the family is asked first."""

    def __init__(self, shift):
        super().__init__("readings would fall outside the log")
        self.shift = shift


class OutOfReach(ValidationError):
    """The new date is so far from the readings that their day numbers cannot be stored."""


def _entry_date(taken_at):
    return timezone.localtime(taken_at).date()


def log_shift(*, journey, infusion_date, first_day, last_day):
    """What changing `journey`'s infusion date to `infusion_date` does to its log. Reads
    two small queries (no image bytes); removed entries waiting for undo are not counted."""
    shift = LogShift(
        old_date=journey.infusion_date,
        new_date=infusion_date,
        first_day=first_day,
        last_day=last_day,
    )
    if journey.infusion_date is None or journey.infusion_date == infusion_date:
        return shift

    def inside(day):
        return first_day <= day <= last_day

    outside = {}
    entries = list(LogEntry.objects.shown().filter(journey=journey).values_list("day", "taken_at"))
    hand = list(LogDay.objects.filter(journey=journey).values_list("day", flat=True))
    shift.in_log = len(entries) + len(hand)
    for day, taken_at in entries:
        date = _entry_date(taken_at)
        if inside(day) and not inside((date - infusion_date).days):
            outside.setdefault(date, OutsideDay(date=date)).readings += 1
    for day in hand:
        date = journey.infusion_date + datetime.timedelta(days=day)
        if inside(day) and not inside(day + shift.days):
            outside.setdefault(date, OutsideDay(date=date)).handwriting = True
    shift.outside = [outside[date] for date in sorted(outside)]
    return shift


def log_dates_set(
    *, device, journey, infusion_date, collection_date, first_day, last_day, confirm=""
):
    """Save the new dates and number the log's days again from them, in one transaction.

    Raises PermissionDenied (a follower not allowed to change the dates), AskFirst (the new
    date puts readings outside the log's days and `confirm` is not this question's token)
    or OutOfReach; nothing is written then. Returns the LogShift that was applied.
    """
    if not journey_may_edit_dates(device, journey):
        raise PermissionDenied("the dates are the owner's")
    kept = journey.infusion_date, journey.collection_date
    try:
        with transaction.atomic():
            # The journey's row is locked (PostgreSQL) and read again: a reading being added
            # on another phone waits, then sees the new date (log_entry_add checks it).
            locked = Journey.objects.select_for_update().filter(pk=journey.pk)
            journey.infusion_date = locked.values_list("infusion_date", flat=True).first()
            shift = log_shift(
                journey=journey,
                infusion_date=infusion_date,
                first_day=first_day,
                last_day=last_day,
            )
            if shift.outside and confirm != shift.token:
                raise AskFirst(shift)
            journey_set_dates(
                device=device,
                journey=journey,
                infusion_date=infusion_date,
                collection_date=collection_date,
            )
            if shift.old_date is not None and shift.old_date != infusion_date:
                log_renumber(journey=journey, old_date=shift.old_date, new_date=infusion_date)
    except Exception:
        # Nothing was written: the page shows the dates saved before, not the ones refused.
        journey.infusion_date, journey.collection_date = kept
        raise
    return shift


def log_renumber(*, journey, old_date, new_date):
    """Number the journey's log days from `new_date` (in the caller's transaction).

    A reading's day comes from its real date; it changes by the same number of days as a
    handwriting's, unless the row was left on another date before (then it goes back to
    the date it was taken). `LogDay` holds one row a day (a unique constraint checked row
    by row on SQLite and PostgreSQL alike), so its rows move one at a time, the one moving
    furthest ahead first: no row ever lands on a day another still holds.
    """
    moves = {}
    for pk, day, taken_at in LogEntry.objects.filter(journey=journey).values_list(
        "pk", "day", "taken_at"
    ):
        new_day = (_entry_date(taken_at) - new_date).days
        if new_day != day:
            moves.setdefault(new_day - day, []).append((pk, new_day))
    days = (old_date - new_date).days
    hand = list(LogDay.objects.filter(journey=journey).values_list("pk", "day"))
    reached = [d for moved in moves.values() for _pk, d in moved]
    reached += [d + days for _pk, d in hand]
    if any(abs(d) > LOG_DAY_LIMIT for d in reached):
        raise OutOfReach(
            _(
                "That date is too far from the readings in your daily log. Please check the "
                "year. Nothing was changed."
            ),
            code="out_of_reach",
        )
    for change, moved in moves.items():
        LogEntry.objects.filter(pk__in=[pk for pk, _day in moved]).update(day=F("day") + change)
    if days:
        for pk, _day in sorted(hand, key=lambda row: row[1], reverse=days > 0):
            LogDay.objects.filter(pk=pk).update(day=F("day") + days)
    log_changed(journey_id=journey.pk)
