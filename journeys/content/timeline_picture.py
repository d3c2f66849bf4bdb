"""The journey as a picture: where each stage, window and visit sits, as percentages.

A pure function of the stage rows, the day counts in force (`effective_numbers`) and the
center's follow-up days; the template draws it (`_timeline_picture.html`) as inline SVG.

Days are laid out on one axis, day 0 the infusion. A stage with a start day uses it (and
its end day, or its longest typical length when it has none); stages before it without
a start day are put back to back before it, each as long as its longest typical length.
Each stretch of days gets a width that grows with the log of its length, so a one-day
infusion stays visible beside years of follow-up, and a longer stage is always wider;
inside a stretch longer than a year, its first year takes most of its width.
A window of "N days after infusion" covers days 1..N, as in timeline.py.
"""

import math
from dataclasses import dataclass, field

#: Windows drawn under the stages: (key, the effective_numbers name).
WINDOWS = (
    ("daily-monitoring", "daily_monitoring_days"),
    ("stay-near", "stay_near_days"),
    ("caregiver", "caregiver_days"),
    ("no-driving", "no_driving_days"),
)
#: Days shown for a stage longer than this count as this many: the width stays finite.
LONGEST_DRAWN = 365
#: In a stage longer than that (years of follow-up), the share of its width for its first
#: LONGEST_DRAWN days (linear); the years after share the rest on a log scale.
FIRST_YEAR_SHARE = 0.8


@dataclass(frozen=True)
class Band:
    stage: object
    number: int
    first_day: int  # inclusive
    last_day: int  # inclusive
    x: float  # percent of the whole width
    width: float
    open_ended: bool = False
    dated: bool = True  # False: placed before the next stage by its typical length

    @property
    def middle(self):
        return round(self.x + self.width / 2, 2)

    @property
    def end(self):
        return round(self.x + self.width, 2)


@dataclass(frozen=True)
class Window:
    key: str
    days: int | None  # the N days after the infusion; None: not confirmed for the product
    x: float
    width: float
    name: str = ""  # the effective_numbers name
    note: str = ""  # "not sure yet": the products whose count differs

    @property
    def end(self):
        return round(self.x + self.width, 2)


@dataclass(frozen=True)
class Mark:
    key: str
    day: int
    x: float


@dataclass
class Picture:
    bands: list
    windows: list = field(default_factory=list)
    visits: list = field(default_factory=list)
    day_zero: float = 0.0
    numbering: int = 0  # the infusion's day number (1 where the label counts from day 1)
    today: Mark | None = None
    first_day: int = 0
    last_day: int = 0


def _weight(days):
    return 1 + math.log2(1 + min(days, LONGEST_DRAWN))


def stage_spans(stages):
    """(stage, first day, day after the last, open-ended, dated) for each stage, in order."""
    spans = [None] * len(stages)
    known = [i for i, s in enumerate(stages) if s.starts_day is not None]
    for i in known:
        s = stages[i]
        if s.ends_day is not None:
            last = s.ends_day
        else:
            last = s.starts_day + max(s.duration_max_days, 1) - 1
        spans[i] = [s.starts_day, last + 1, s.ends_day is None, True]
    # Stages before the first one with a start day: back to back, longest typical length.
    first_known = known[0] if known else len(stages)
    after = spans[first_known][0] if known else 0
    for i in range(first_known - 1, -1, -1):
        length = max(stages[i].duration_max_days, 1)
        spans[i] = [after - length, after, False, False]
        after -= length
    # Stages after one with a start day but without their own start follow it.
    for i, span in enumerate(spans):
        if span is None:
            start = spans[i - 1][1]
            spans[i] = [start, start + max(stages[i].duration_max_days, 1), False, False]
    # Overlaps (monitoring starts on infusion day): a stage starts after the previous one.
    for i in range(1, len(spans)):
        start = max(spans[i][0], spans[i - 1][1])
        spans[i][0] = start
        spans[i][1] = max(spans[i][1], start + 1)
    return spans


def _axis(spans):
    """Stretches of days, each stage and any gap between two, as (first day, day after the
    last, x, width), the widths in percent of the whole."""
    pieces = []
    for start, stop, _open, _dated in spans:
        if pieces and start > pieces[-1][1]:
            pieces.append((pieces[-1][1], start))
        pieces.append((start, stop))
    total = sum(_weight(stop - start) for start, stop in pieces)
    axis, x = [], 0.0
    for start, stop in pieces:
        width = _weight(stop - start) / total * 100
        axis.append((start, stop, x, width))
        x += width
    return axis


def _position(axis, day):
    """Where a moment falls: `day` may be fractional (day 3.5 = the middle of day 3)."""
    if day <= axis[0][0]:
        return 0.0
    for start, stop, left, width in axis:
        if day < stop:
            length, offset = stop - start, day - start
            if length > LONGEST_DRAWN:  # years: the first year takes most of the room
                if offset <= LONGEST_DRAWN:
                    return left + offset / LONGEST_DRAWN * FIRST_YEAR_SHARE * width
                rest = math.log1p(offset - LONGEST_DRAWN) / math.log1p(length - LONGEST_DRAWN)
                return left + (FIRST_YEAR_SHARE + rest * (1 - FIRST_YEAR_SHARE)) * width
            return left + offset / length * width
    return 100.0


def build_picture(*, stages, numbers, follow_up_days=(), today=None, numbering=0):
    """The picture for `stages` (in order, their days in the product's numbering:
    schedules.timed_stages); `today` is the offset from the infusion date, or None when
    no dates are set (then nothing is marked as today). `numbering` is the infusion's
    day number (0, or 1 where the label counts the first infusion as day 1)."""
    stages = list(stages)
    if not stages:
        return Picture(bands=[])
    spans = stage_spans(stages)
    axis = _axis(spans)

    def at(day):
        return _position(axis, day)

    bands = []
    for number, (stage, (start, stop, open_ended, dated)) in enumerate(
        zip(stages, spans, strict=True), start=1
    ):
        left = at(start)
        bands.append(
            Band(
                stage,
                number,
                start,
                stop - 1,
                round(left, 2),
                round(at(stop) - left, 2),
                open_ended,
                dated,
            )
        )
    windows = []
    notes = getattr(numbers, "by_product", {}) or {}
    for key, name in WINDOWS:
        if name not in numbers:
            continue
        days = numbers.get(name)
        left = at(1 + numbering)
        # Not confirmed for this product: a short mark, and the words say who tells you.
        width = at(days + 1 + numbering) - left if days else 1.5
        windows.append(
            Window(key, days, round(left, 2), round(width, 2), name, notes.get(name, ""))
        )
    visits = [
        Mark(f"follow-up-{d}", d + numbering, round(at(d + numbering + 0.5), 2))
        for d in sorted(set(follow_up_days))
    ]
    first_day, last_day = spans[0][0], spans[-1][1] - 1
    mark = None
    if today is not None:
        mark = Mark("today", today + numbering, round(at(today + numbering + 0.5), 2))
    return Picture(
        bands=bands,
        windows=windows,
        visits=visits,
        day_zero=round(at(numbering), 2),
        numbering=numbering,
        today=mark,
        first_day=first_day,
        last_day=last_day,
    )
