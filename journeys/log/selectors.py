"""Reads that build the log pages: a fixed number of queries whatever the number of days.

The entries (one query), the ids of their signs (one query) and the days that have a
handwriting image (one query, without the image bytes). Warning signs and the center come
from the kept content, so 1 day or 28 days of entries cost the same.

A family reloads the log many times a day and writes to it a few times, so each process
keeps the days it built (`keep=True`) under the journey's log revision, which every write
moves in its own transaction (`services.log_changed`): a reload costs no query of its own,
and a write from any device or process shows at once. The key also holds everything else
the days show (the content version, the language, today's date, the time zone), and a
removed entry's undo line is kept only until its undo window ends. Nothing is kept longer
than `KEPT_FOR`: a log is a patient's, and it need not stay in a process's memory after
the family has stopped reading it ("forget me" drops it at once in its own process).
"""

import copy
import datetime
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import cached_property

from django.conf import settings
from django.utils import timezone
from django.utils.translation import get_language

from .. import memo
from ..models import WarningSign
from .models import LogDay, LogEntry, Unit
from .services import UNDO_WINDOW
from .temperature import convert, fever_threshold, is_fever

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
    other_value: object = None
    removed: bool = False
    all_signs: list = field(default_factory=list, repr=False)
    time_text: str = ""  # HH:MM in the site's time zone

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
    day: int
    date: datetime.date
    entries: list = field(default_factory=list)
    handwriting_at: datetime.datetime | None = None
    is_today: bool = False

    @property
    def shown_entries(self):
        return [e for e in self.entries if not e.removed]

    @property
    def crossings(self):
        return sum(1 for e in self.shown_entries if e.fever)


def fever_sign(signs):
    return next((s for s in signs if s.slug == FEVER_SIGN_SLUG), None)


def entry_calls(*, fever, signs, all_signs):
    """The instructions an entry repeats: the fever sign's when at or above the threshold,
    then each sign's own (every published sign says whom to call). Nothing otherwise."""
    calls = []
    if fever:
        sign = fever_sign(all_signs)
        action = sign.action if sign else WarningSign.Action.CALL_CARE_TEAM
        calls.append(Call(action=action, sign=sign, fever=True))
    for sign in signs:
        if sign.action in WarningSign.Action.values and not (
            fever and sign.slug == FEVER_SIGN_SLUG
        ):
            calls.append(Call(action=sign.action, sign=sign))
    calls.sort(key=lambda c: not c.emergency)
    return calls


def entry_view(entry, *, sign_ids, signs_by_pk, all_signs, thresholds, zone):
    signs = [signs_by_pk[pk] for pk in sign_ids if pk in signs_by_pk]
    if len(signs) > 1:
        signs.sort(key=lambda s: (s.order, s.name))
    value = entry.temperature
    return EntryView(
        entry=entry,
        signs=signs,
        fever=is_fever(value, thresholds[entry.unit]),
        other_value=convert(value, entry.unit) if value is not None else None,
        removed=entry.removed_at is not None,
        all_signs=all_signs,
        time_text=entry.taken_at.astimezone(zone).strftime("%H:%M"),
    )


#: How many journeys' logs a process keeps (about 150 KB each with 28 days x 4 entries,
#: `bench/profile_log.py`: a center has a few dozen patients in their first four weeks at
#: a time), and for how long at most.
KEPT_LOGS = 64
#: Pieces of HTML kept with them (an open day or two, the print-out's table).
KEPT_FRAGMENTS = 4 * KEPT_LOGS
KEPT_FOR = datetime.timedelta(minutes=10)
_kept_logs = OrderedDict()
_kept_lock = threading.Lock()


@memo.also_forget
def forget_kept_logs():
    with _kept_lock:
        _kept_logs.clear()


def kept_key(*, journey, center, signs, today, include_removed):
    thresholds = tuple(fever_threshold(center, unit) for unit in Unit.values)
    return (
        journey.pk,
        journey.created_at,
        journey.log_revision,
        journey.infusion_date,
        include_removed,
        today,
        timezone.get_current_timezone_name(),
        memo.current_version(),
        get_language(),
        center.log_last_day,
        thresholds,
        tuple(s.pk for s in signs),
    )


_kept_fragments = OrderedDict()


@memo.also_forget
def forget_kept_fragments():
    with _kept_lock:
        _kept_fragments.clear()


def forget_kept_log(*, journey_pk):
    """Drop everything this process keeps of one journey's log (its key starts with the pk)."""
    with _kept_lock:
        for store in (_kept_logs, _kept_fragments):
            for key in [k for k in store if k[0] == journey_pk]:
                del store[key]


def _until(now, until):
    """The end of a kept value: its own (an undo window) or `KEPT_FOR` from now."""
    return min(until, now + KEPT_FOR) if until is not None else now + KEPT_FOR


def _kept(store, key, now):
    """The value kept under `key` in `store` while its time lasts, else None."""
    with _kept_lock:
        kept = store.get(key)
        if kept is not None:
            store.move_to_end(key)
    return kept[0] if kept is not None and now < kept[1] else None


def _keep(store, key, value, *, now, until, limit):
    with _kept_lock:
        store[key] = (value, _until(now, until))
        while len(store) > limit:
            store.popitem(last=False)


def kept_fragment(*, journey, center, signs, today, include_removed, part, until, build, keep=True):
    """`build()`'s HTML for a piece of a log page, kept in this process under the log's
    key (`kept_key`) and `part`, and only until `until` (a removed entry's undo window).
    Without `keep` it is built every time."""
    if not (keep and getattr(settings, "CONTENT_MEMO", True)):
        return build()
    base = kept_key(
        journey=journey,
        center=center,
        signs=signs,
        today=today,
        include_removed=include_removed,
    )
    key, now = (*base, *part), timezone.now()
    html = _kept(_kept_fragments, key, now)
    if html is None:
        html = build()
        _keep(_kept_fragments, key, html, now=now, until=until, limit=KEPT_FRAGMENTS)
    return html


def log_days(*, journey, center, signs, today=None, now=None, include_removed=True, keep=False):
    """Every day of the log, day 0 to the center's last day, each with its entries.

    With `keep`, the days are kept in this process under the journey's log revision (see
    the module's docstring); the caller gets its own copy of each day to annotate."""
    now = now or timezone.now()
    today = today or timezone.localdate()
    options = {"journey": journey, "center": center, "signs": signs, "today": today}
    options["include_removed"] = include_removed
    if not (keep and getattr(settings, "CONTENT_MEMO", True)):
        return _build_days(now=now, **options)
    key = kept_key(**options)
    days = _kept(_kept_logs, key, now)
    if days is None:
        days = _build_days(now=now, **options)
        removed = [v.entry.removed_at for d in days for v in d.entries if v.removed]
        until = min(removed) + UNDO_WINDOW if removed else None
        _keep(_kept_logs, key, days, now=now, until=until, limit=KEPT_LOGS)
    return [copy.copy(day) for day in days]


def _build_days(*, journey, center, signs, today, now, include_removed):
    entries = LogEntry.objects.filter(journey=journey)
    if include_removed:
        entries = entries.exclude(removed_at__lt=now - UNDO_WINDOW)
    else:
        entries = entries.shown()
    entries = [
        Reading(*row)
        for row in entries.values_list("pk", "day", "taken_at", "temperature", "unit", "removed_at")
    ]
    thresholds = {unit: fever_threshold(center, unit) for unit in Unit.values}
    zone = timezone.get_current_timezone()
    through = LogEntry.signs.through
    sign_ids = {}
    if entries:
        rows = through.objects.filter(logentry__journey=journey).values_list(
            "logentry_id", "warningsign_id"
        )
        for entry_id, sign_id in rows:
            sign_ids.setdefault(entry_id, []).append(sign_id)
    images = dict(LogDay.objects.filter(journey=journey).values_list("day", "handwriting_at"))
    signs_by_pk = {s.pk: s for s in signs}
    days = [
        DayView(
            day=n,
            date=journey.infusion_date + datetime.timedelta(days=n),
            handwriting_at=images.get(n),
        )
        for n in range(center.log_last_day + 1)
    ]
    for day in days:
        day.is_today = day.date == today
    for entry in entries:
        if 0 <= entry.day < len(days):
            days[entry.day].entries.append(
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


def log_today(*, journey, today=None):
    """Today's day number, or None before the infusion; may run past the log's last day."""
    today = today or timezone.localdate()
    if journey is None or journey.infusion_date is None:
        return None
    n = (today - journey.infusion_date).days
    return n if n >= 0 else None
