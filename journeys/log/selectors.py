"""Reads that build the log pages: a fixed number of queries whatever the number of days.

The entries with the ids of their signs (one query) and the days that have a
handwriting image (one query, without the image bytes). Warning signs and the center come
from the kept content, so 1 day or 28 days of entries cost the same.

Nothing of a log is kept in a process between requests: a log is a patient's, and the
page is fast because these reads are few and small, not because a copy is held.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.db.models import CharField
from django.db.models.functions import Cast
from django.utils import timezone

from journeys.caching.statements import Statement
from journeys.content.models.content import WarningSign
from journeys.log.models import LogDay, LogEntry, Unit
from journeys.log.services import UNDO_WINDOW
from journeys.log.temperature import TENTH, convert, fever_threshold, is_fever

#: The published warning sign whose instruction a temperature at or above the threshold repeats.
FEVER_SIGN_SLUG = "fever-or-chills"


@dataclass
class Call:
    """What to do, repeated from a sign (or the fever threshold) under an entry."""

    action: str  # WarningSign.Action
    sign: WarningSign | None = None
    fever: bool = False

    @property
    def emergency(self):
        return self.action == WarningSign.Action.CALL_EMERGENCY


@dataclass
class Reading:
    """One entry as the pages show it: read with values(), not as a model instance, so 28
    days of entries cost a fraction of a millisecond to build."""

    pk: int
    day: int
    taken_at: datetime.datetime
    temperature: object
    unit: str
    removed_at: datetime.datetime | None

    def get_unit_display(self):
        return Unit(self.unit).label


@dataclass
class EntryView:
    entry: Reading
    signs: list
    fever: bool
    removed: bool = False
    all_signs: list = field(default_factory=list, repr=False)
    time_text: str = ""  # HH:MM in the site's time zone

    @cached_property
    def other_value(self):
        """The temperature in the other unit: worked out when a page shows it (the open
        day, the print-out, the CSV), not for each of a closed day's readings."""
        value = self.entry.temperature
        return None if value is None else convert(value, self.entry.unit)

    @property
    def other_unit(self):
        return Unit.CELSIUS if self.entry.unit == Unit.FAHRENHEIT else Unit.FAHRENHEIT

    @cached_property
    def calls(self):
        if self.removed:
            return []
        return entry_calls(fever=self.fever, signs=self.signs, all_signs=self.all_signs)


@dataclass
class DayView:
    day: int  # offset from the (first) infusion date: forms, links and rows use it
    date: datetime.date
    number: int = 0  # the day number shown: the product's own numbering (schedules.py)
    entries: list = field(default_factory=list)
    handwriting_at: datetime.datetime | None = None
    is_today: bool = False
    #: A day outside the log's days that still holds readings or handwriting: the infusion
    #: date was changed after they were written (log/renumber.py). Printed, never dropped.
    outside: bool = False

    @property
    def shown_entries(self):
        return [e for e in self.entries if not e.removed]

    @property
    def crossings(self):
        return sum(1 for e in self.shown_entries if e.fever)


def fever_sign(signs):
    return next((s for s in signs if s.slug == FEVER_SIGN_SLUG), None)


#: The instructions a sign may give (an enum's `values` is worked out on each read).
_ACTIONS = frozenset(WarningSign.Action.values)


def entry_calls(*, fever, signs, all_signs):
    """The instructions an entry repeats: the fever sign's when at or above the threshold,
    then each sign's own (every published sign says whom to call). Nothing otherwise."""
    calls = []
    if fever:
        sign = fever_sign(all_signs)
        action = sign.action if sign else WarningSign.Action.CALL_CARE_TEAM
        calls.append(Call(action=action, sign=sign, fever=True))
    for sign in signs:
        if sign.action in _ACTIONS and not (fever and sign.slug == FEVER_SIGN_SLUG):
            calls.append(Call(action=sign.action, sign=sign))
    calls.sort(key=lambda c: not c.emergency)
    return calls


def entry_view(entry, *, sign_ids, signs_by_pk, all_signs, thresholds, zone):
    signs = [signs_by_pk[pk] for pk in sign_ids if pk in signs_by_pk]
    if len(signs) > 1:
        signs.sort(key=lambda s: (s.order, s.name))
    value = entry.temperature
    local = entry.taken_at.astimezone(zone)
    return EntryView(
        entry=entry,
        signs=signs,
        fever=is_fever(value, thresholds[entry.unit]),
        removed=entry.removed_at is not None,
        all_signs=all_signs,
        time_text=f"{local.hour:02d}:{local.minute:02d}",  # strftime("%H:%M"), a third the time
    )


def log_bounds(product):
    """(first offset, numbering) of a log for `product`: the log starts on the earliest
    day its chemotherapy may start (so the first handwriting sample comes before it), or
    on the infusion day when those days are not known; days are shown in the product's
    own numbering (schedules.first_infusion_day)."""
    from journeys.content.schedules import chemo_for, first_infusion_day

    chemo = chemo_for(product)
    first = max(chemo.first, FIRST_OFFSET_LIMIT) if chemo else 0
    return first, first_infusion_day(product)


#: The earliest day a log may start (the database allows no earlier day).
FIRST_OFFSET_LIMIT = -60


def log_days(
    *,
    journey,
    center,
    signs,
    today=None,
    now=None,
    include_removed=True,
    first_offset=0,
    numbering=0,
    outside=False,
):
    """Every day of the log, `first_offset` (0: the infusion day) to the center's last day,
    each with its entries and the day number shown (offset + `numbering`). With `outside`,
    also the days before or after those that hold readings or handwriting (marked
    `outside`), in order: the print-out and the CSV never leave a reading out."""
    now = now or timezone.now()
    today = today or timezone.localdate()
    return _build_days(
        journey=journey,
        center=center,
        signs=signs,
        today=today,
        now=now,
        include_removed=include_removed,
        first_offset=first_offset,
        numbering=numbering,
        outside=outside,
    )


def _build_days(
    *, journey, center, signs, today, now, include_removed, first_offset, numbering, outside
):
    # A removed entry shows for undo within UNDO_WINDOW, and never on paper. Every entry
    # is read, removed ones too: they count towards the journey's most entries until
    # log_entries_expire erases them, so they are as few as that.
    cutoff = now - UNDO_WINDOW if include_removed else None
    entries, sign_ids = [], {}
    for *fields, sign_id in _ENTRY_ROWS.rows(journey=journey.pk):
        removed_at = fields[5]
        if removed_at is not None and (cutoff is None or removed_at < cutoff):
            continue
        if not entries or entries[-1].pk != fields[0]:
            if fields[3] is not None:  # read as text (_ENTRY_ROWS)
                fields[3] = Decimal(fields[3]).quantize(TENTH)
            entries.append(Reading(*fields))
        if sign_id is not None:
            sign_ids.setdefault(fields[0], []).append(sign_id)
    thresholds = {unit: fever_threshold(center, unit) for unit in Unit.values}
    zone = timezone.get_current_timezone()
    images = dict(_IMAGE_DAYS.rows(journey=journey.pk))
    signs_by_pk = {s.pk: s for s in signs}
    days = [
        DayView(
            day=n,
            date=journey.infusion_date + datetime.timedelta(days=n),
            number=n + numbering,
            handwriting_at=images.get(n),
        )
        for n in range(first_offset, center.log_last_day + 1)
    ]
    by_offset = {day.day: day for day in days}
    if outside:
        for n in {entry.day for entry in entries} | set(images):
            if n not in by_offset:
                by_offset[n] = DayView(
                    day=n,
                    date=journey.infusion_date + datetime.timedelta(days=n),
                    number=n + numbering,
                    handwriting_at=images.get(n),
                    outside=True,
                )
        days = sorted(by_offset.values(), key=lambda day: day.day)
    for day in days:
        day.is_today = day.date == today
    for entry in entries:
        if entry.day in by_offset:
            by_offset[entry.day].entries.append(
                entry_view(
                    entry,
                    sign_ids=sign_ids.get(entry.pk, []),
                    signs_by_pk=signs_by_pk,
                    all_signs=signs,
                    thresholds=thresholds,
                    zone=zone,
                )
            )
    return days


@Statement
def _ENTRY_ROWS(*, journey):
    """A journey's entries with the ids of their signs, in one read: a row per (entry,
    sign), an entry without signs once with None (a LEFT JOIN on the through table only).
    Built once (caching/statements.py): every log page and print-out reads it.

    The temperature is read as its text and made a Decimal by `_build_days`: Django's
    SQLite converter builds a decimal context for each value (~1.5 us more a value,
    ~0.17 ms for a 28-day log; the value is the same: one decimal, as typed)."""
    return LogEntry.objects.filter(journey=journey).values_list(
        "pk",
        "day",
        "taken_at",
        Cast("temperature", CharField()),
        "unit",
        "removed_at",
        "signs",
    )


@Statement
def _IMAGE_DAYS(*, journey):
    """The days of a journey's log with a handwriting sample, and when it was saved (not
    the image bytes)."""
    return LogDay.objects.filter(journey=journey).values_list("day", "handwriting_at")


def log_today(*, journey, today=None, first_offset=0):
    """Today's offset from the infusion date, or None before the log starts; may run past
    the log's last day."""
    today = today or timezone.localdate()
    if journey is None or journey.infusion_date is None:
        return None
    n = (today - journey.infusion_date).days
    return n if n >= first_offset else None


def log_entry_days(*, journey):
    """The days (offsets) of the journey's log that hold a reading not removed: one small
    query, which answers both `log_has_items` and "has today an entry" on a page."""
    return {day for (day,) in _ENTRY_DAYS.rows(journey=journey.pk)}


@Statement
def _ENTRY_DAYS(*, journey):
    """Read on each page of a journey: built once (caching/statements.py)."""
    return LogEntry.objects.shown().filter(journey=journey).order_by().values_list("day")


def log_has_items(*, journey, entry_days=None):
    """Whether the journey's log holds a reading or a handwriting sample. With the days
    that hold a reading (`log_entry_days`) already read, no query when there is one, else
    one plain query each (a single query of two EXISTS costs more to build than both)."""
    if entry_days is None:
        entry_days = log_entry_days(journey=journey)
    return bool(entry_days) or bool(_HANDWRITING.rows(journey=journey.pk))


@Statement
def _HANDWRITING(*, journey):
    """Whether the journey holds a handwriting sample: built once."""
    return LogDay.objects.filter(journey=journey).values_list("pk")[:1]
