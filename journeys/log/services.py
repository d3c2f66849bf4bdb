"""Writes to the daily log: add, correct, remove, undo, the handwriting image.

Keyword-only functions named `log_<entity>_<action>`. Every write is scoped by the journey,
so an id from another journey is "not found", never someone else's entry.
"""

import datetime
import io

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from journeys.journey.models import Journey
from journeys.log.models import LogDay, LogEntry

MAX_PNG_BYTES = 100 * 1024
MAX_PNG_SIZE = (1200, 400)
#: How long a removed entry can still be brought back with Undo.
UNDO_WINDOW = datetime.timedelta(minutes=15)
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def log_changed(*, journey_id):
    """Move the journey's log revision, in the caller's transaction: what a process keeps
    of this log (`selectors.log_days`) is then built again on the next read, everywhere."""
    Journey.objects.filter(pk=journey_id).update(log_revision=F("log_revision") + 1)


def log_day_date(*, journey, day):
    return journey.infusion_date + datetime.timedelta(days=day)


def log_taken_at(*, journey, day, time):
    """The moment of an entry: the day's date and the time, in the site's time zone."""
    moment = datetime.datetime.combine(log_day_date(journey=journey, day=day), time)
    return timezone.make_aware(moment)


def log_entry_add(*, journey, day, taken_at, temperature, unit, signs, key):
    """Add an entry once per `key`. Returns (entry, created).

    Two devices adding at the same moment each insert their own row (nothing is read and
    written back); the same key twice (a double tap, a resent form, two racing requests)
    meets the unique constraint, and the second gets the first's entry.
    """
    existing = LogEntry.objects.filter(journey=journey, key=key).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            log_entry_room(journey=journey, day=day)
            entry = LogEntry.objects.create(
                journey=journey,
                day=day,
                taken_at=taken_at,
                temperature=temperature,
                unit=unit,
                key=key,
            )
            entry.signs.set(signs)
            log_changed(journey_id=journey.pk)
    except IntegrityError:
        entry = LogEntry.objects.filter(journey=journey, key=key).first()
        if entry is None:
            raise
        return entry, False
    return entry, True


class LogFull(ValidationError):
    """The day or the whole log holds as many entries as it keeps (settings.LOG_MAX_*)."""


class DatesMoved(ValidationError):
    """The infusion date was changed (on another phone) while this write was on its way:
    its day number would now mean another date, so nothing is stored."""


def log_journey_lock(*, journey):
    """Lock the journey's row (PostgreSQL; SQLite writes one at a time anyway) and raise
    DatesMoved unless its infusion date is still the one the write numbered its day from.
    A change of the dates (renumber.log_dates_set) takes the same lock."""
    row = (
        Journey.objects.select_for_update()
        .filter(pk=journey.pk)
        .values_list("infusion_date", flat=True)
    )
    stored = list(row)
    if stored and stored[0] != journey.infusion_date:
        raise DatesMoved(
            _(
                "The dates were changed on another phone just now. Nothing was saved yet. "
                "Reload the log, check the day and the time, and save again."
            ),
            code="date_moved",
        )


def log_entry_room(*, journey, day):
    """Raise LogFull unless the day and the journey can take one more entry.

    Called inside the adding transaction, with the journey's row locked (PostgreSQL), so
    two racing adds cannot both take the last place. Removed entries count until they
    are erased, so removing and adding again cannot grow the table either.
    """
    log_journey_lock(journey=journey)
    entries = LogEntry.objects.filter(journey=journey)
    most_a_day = settings.LOG_MAX_ENTRIES_PER_DAY
    if entries.filter(day=day).count() >= most_a_day:
        raise LogFull(
            _(
                "This day has reached the most entries the log keeps for one day "
                "(%(count)d). Correct an entry instead, or remove one to add another."
            )
            % {"count": most_a_day},
            code="day_full",
        )
    most = settings.LOG_MAX_ENTRIES_PER_JOURNEY
    if entries.count() >= most:
        raise LogFull(
            _(
                "This log has reached the most entries it keeps (%(count)d). Correct an "
                "entry instead, or remove one to add another."
            )
            % {"count": most},
            code="log_full",
        )


def log_entry_correct(*, entry, taken_at, temperature, unit, signs):
    with transaction.atomic():
        entry.taken_at = taken_at
        entry.temperature = temperature
        entry.unit = unit
        entry.save(update_fields=["taken_at", "temperature", "unit"])
        entry.signs.set(signs)
        log_changed(journey_id=entry.journey_id)
    return entry


def log_entry_remove(*, entry):
    if entry.removed_at is None:
        with transaction.atomic():
            entry.removed_at = timezone.now()
            entry.save(update_fields=["removed_at"])
            log_changed(journey_id=entry.journey_id)
    return entry


def log_entry_restore(*, entry):
    with transaction.atomic():
        entry.removed_at = None
        entry.save(update_fields=["removed_at"])
        log_changed(journey_id=entry.journey_id)
    return entry


def log_entries_expire(*, journey):
    """Removed entries past the undo window are erased for good."""
    cutoff = timezone.now() - UNDO_WINDOW
    with transaction.atomic():
        erased, _by_model = LogEntry.objects.filter(journey=journey, removed_at__lt=cutoff).delete()
        if erased:
            log_changed(journey_id=journey.pk)


def handwriting_check(data):
    """Raise ValidationError unless `data` is a PNG that decodes, ≤ 100 KB and ≤ 1200×400 px."""
    if not data:
        raise ValidationError(_("Write the sentence first, then save it."), code="empty")
    if len(data) > MAX_PNG_BYTES:
        raise ValidationError(_("That image is too large (100 KB at most)."), code="size")
    if not data.startswith(PNG_SIGNATURE):
        raise ValidationError(_("The handwriting must be a PNG image."), code="format")
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format != "PNG":
                raise ValidationError(_("The handwriting must be a PNG image."), code="format")
            width, height = image.size
            if width > MAX_PNG_SIZE[0] or height > MAX_PNG_SIZE[1]:
                raise ValidationError(
                    _("That image is too big (1200 × 400 pixels at most)."), code="dimensions"
                )
            image.load()  # decode every pixel: a truncated or corrupt file fails here
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(
            _("That image could not be read. Please write it again."), code="corrupt"
        ) from None


#: The pixel modes kept as they are; any other (a palette, 16-bit, CMYK...) becomes RGBA.
KEPT_MODES = {"1", "L", "LA", "RGB", "RGBA"}


def handwriting_reencode(data):
    """The checked PNG drawn again from its pixels: the first frame only, no text, colour
    profile or other chunk, nothing after the image's end. What is stored and served back
    is only ever an image this code wrote."""
    with Image.open(io.BytesIO(data)) as image:
        image.seek(0)
        frame = image if image.mode in KEPT_MODES else image.convert("RGBA")
        clean = Image.frombytes(frame.mode, frame.size, frame.tobytes())
    buffer = io.BytesIO()
    clean.save(buffer, "PNG", optimize=True)
    out = buffer.getvalue()
    if len(out) > MAX_PNG_BYTES:
        raise ValidationError(_("That image is too large (100 KB at most)."), code="size")
    return out


#: `log_handwriting_save(expected=...)` left out: a plain form replaces the day's image.
UNCHECKED = object()


class HandwritingConflict(ValidationError):
    """Another device saved the day's handwriting after this one last saw the day."""


def handwriting_stamp(moment):
    """Which of a day's handwriting images a page showed (whole seconds; None for none):
    a save made offline sends it back, so a newer image from another phone is not replaced."""
    return int(moment.timestamp()) if moment is not None else None


def log_handwriting_save(*, journey, day, data, expected=UNCHECKED):
    """Keep the day's handwriting (one image a day: a new one replaces the old), re-encoded.

    The same picture sent again (its answer was lost, the phone sends it once more) changes
    nothing. With `expected` (a `handwriting_stamp`, sent by a save made offline), an image
    another phone saved meanwhile is kept and HandwritingConflict raised.
    """
    handwriting_check(data)
    data = handwriting_reencode(data)
    most = settings.LOG_MAX_HANDWRITING_PER_DAY
    with transaction.atomic():
        log_journey_lock(journey=journey)
        row = LogDay.objects.filter(journey=journey, day=day).first()
        if row is not None and bytes(row.handwriting) == data:
            return row
        current = handwriting_stamp(row.handwriting_at if row is not None else None)
        if expected is not UNCHECKED and current != expected:
            raise HandwritingConflict(
                _(
                    "Another phone saved the handwriting for this day while this one was "
                    "offline. Yours was not sent, so nothing was replaced."
                ),
                code="handwriting_conflict",
            )
        if row is not None and row.handwriting_saves >= most:
            raise LogFull(
                _(
                    "The handwriting for this day was saved as often as the log allows for "
                    "one day (%(count)d). The last one you saved is kept."
                )
                % {"count": most},
                code="handwriting_full",
            )
        if row is None:
            row = LogDay.objects.create(
                journey=journey, day=day, handwriting=data, handwriting_saves=1
            )
        else:
            row.handwriting = data
            row.handwriting_saves = F("handwriting_saves") + 1
            row.save(update_fields=["handwriting", "handwriting_saves", "handwriting_at"])
        log_changed(journey_id=journey.pk)
    return row
