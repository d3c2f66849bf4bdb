"""A patient's dated timeline, computed from data fields only.

Every number comes from the product's schedule (journeys/content/schedules.py, per use where
its label differs) or the care center's rules (the stricter wins, through
`effective_numbers`); nothing is read from prose. The chemotherapy ends the number of days
before the infusion that the label gives plus one ("infuse 2 days after chemotherapy
ends": days -5 to -3 for 3 days of chemotherapy).
Day 0 is the infusion day. A rule of "N days after infusion" covers days 1 to N
inclusive, so the first day it no longer applies is day N + 1. For a split dose
(Aucatzyl) the first infusion is the label's "day 1"; the later rules count from it,
and the second infusion comes `second_infusion_day - 1` days later.
"""

import datetime
from dataclasses import dataclass, replace

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from journeys.content.numbers import effective_numbers
from journeys.content.schedules import Chemo, chemo_for, rows_for, second_infusion

DAY = datetime.timedelta(days=1)


@dataclass(frozen=True)
class Milestone:
    key: str
    title: str
    start: datetime.date
    end: datetime.date | None = None  # inclusive last day, for spans
    note: str = ""
    state: str = ""  # "past", "now" or "" (to come), once mark_today has run

    @property
    def last_day(self):
        return self.end or self.start


def _days(n):
    return datetime.timedelta(days=n)


def build_timeline(*, infusion_date, center, product=None, collection_date=None):
    """The milestones for one journey, in date order."""
    numbers = effective_numbers(center=center, product=product)
    milestones = []
    if collection_date:
        milestones.append(
            Milestone("collection", str(_("Cell collection (leukapheresis)")), collection_date)
        )
    milestones += _lymphodepletion(infusion_date, product)
    milestones += _infusions(infusion_date, product)
    milestones += _windows(infusion_date, numbers)
    milestones += _follow_ups(infusion_date, center)
    return sorted(milestones, key=lambda m: (m.start, m.last_day))


def _chemo_schedule(product):
    """(days of chemo, fewest and most days from its end to the infusion), or None when the
    product's schedule is not confirmed or differs by indication (the fields are null).
    Only for a product without a schedule row (journeys/content/schedules.py reads the rows)."""
    if rows_for(product):
        return chemo_for(product)
    ld_days = getattr(product, "lymphodepletion_days", None)
    gap_min = getattr(product, "infusion_after_ld_min_days", None)
    gap_max = getattr(product, "infusion_after_ld_max_days", None)
    if not ld_days or gap_min is None or gap_max is None:
        return None
    return ld_days, gap_min, gap_max


#: What the timeline cannot date, and says so: (placeholder, sentence).
_UNKNOWN_WINDOWS = [
    (
        "daily_monitoring_days",
        _("Your care team will tell you how many days of daily checks you need."),
    ),
    ("stay_near_days", _("Your care team will tell you how long to stay near the center.")),
    (
        "caregiver_days",
        _("Your care team will tell you how many days a caregiver needs to stay with you."),
    ),
    ("no_driving_days", _("Your care team will tell you how long you must not drive.")),
]


def undated_notes(*, center, product=None):
    """What the timeline leaves out because the product's number is not confirmed (or
    differs by indication), each as a "your care team will tell you" sentence."""
    notes = []
    if _chemo_schedule(product) is None:
        notes.append(
            str(
                _(
                    "Your care team will tell you the days of your chemotherapy "
                    "(lymphodepletion) before the infusion."
                )
            )
        )
    numbers = effective_numbers(center=center, product=product)
    notes += [str(sentence) for name, sentence in _UNKNOWN_WINDOWS if numbers[name] is None]
    return notes


def _lymphodepletion(infusion_date, product):
    schedule = _chemo_schedule(product)
    if schedule is None:
        return []
    if isinstance(schedule, Chemo):
        return [_chemo_milestone(infusion_date, schedule)]
    ld_days, gap_min, gap_max = schedule
    if gap_min == gap_max:
        last = infusion_date - _days(gap_min)
        note = ngettext("%(n)d day of chemotherapy.", "%(n)d days of chemotherapy.", ld_days) % {
            "n": ld_days
        }
        title = str(_("Lymphodepletion chemotherapy"))
        return [Milestone("lymphodepletion", title, last - _days(ld_days - 1), last, note)]
    return [
        Milestone(
            "lymphodepletion",
            str(_("Lymphodepletion chemotherapy (your team sets the exact days)")),
            infusion_date - _days(gap_max + ld_days - 1),
            infusion_date - _days(gap_min),
            str(_("The chemotherapy falls somewhere in these days.")),
        )
    ]


def _chemo_milestone(infusion_date, chemo):
    """The chemotherapy as the label sets it: exact days, or the days it may fall in."""
    start, end = infusion_date + _days(chemo.first), infusion_date + _days(chemo.last)
    if chemo.exact:
        note = ngettext(
            "%(n)d day of chemotherapy.", "%(n)d days of chemotherapy.", chemo.days_max
        ) % {"n": chemo.days_max}
        return Milestone(
            "lymphodepletion", str(_("Lymphodepletion chemotherapy")), start, end, note
        )
    return Milestone(
        "lymphodepletion",
        str(_("Lymphodepletion chemotherapy (your team sets the exact days)")),
        start,
        end,
        str(_("The chemotherapy falls somewhere in these days.")),
    )


def _infusions(infusion_date, product):
    if rows_for(product):
        found = second_infusion(product)
        second_day, window = found if found else (None, 0)
    else:
        second_day = getattr(product, "second_infusion_day", None)
        window = getattr(product, "second_infusion_window_days", None) or 0
    if not second_day:
        return [Milestone("infusion", str(_("Infusion day (day 0)")), infusion_date)]
    note = ""
    if window:
        note = ngettext(
            "It may move by up to %(n)d day either way.",
            "It may move by up to %(n)d days either way.",
            window,
        ) % {"n": window}
    return [
        Milestone("infusion", str(_("First infusion (day 1)")), infusion_date),
        Milestone(
            "second-infusion",
            str(_("Second infusion (day %(day)d)") % {"day": second_day}),
            infusion_date + _days(second_day - 1),
            note=note,
        ),
    ]


def _windows(infusion_date, numbers):
    """The rules that hold for days 1..N after the infusion, and the day driving may resume."""
    spans = [
        ("daily-monitoring", _("Daily checks by your care team"), "daily_monitoring_days"),
        ("stay-near", _("Stay near your treatment center"), "stay_near_days"),
        ("caregiver", _("A caregiver stays with you"), "caregiver_days"),
        ("no-driving", _("No driving"), "no_driving_days"),
    ]
    milestones = [
        Milestone(key, str(title), infusion_date + DAY, infusion_date + _days(numbers[name]))
        for key, title, name in spans
        if numbers[name]
    ]
    if numbers["no_driving_days"]:
        milestones.append(
            Milestone(
                "may-drive",
                str(_("You may drive again if your care team agrees")),
                infusion_date + _days(numbers["no_driving_days"] + 1),
            )
        )
    return milestones


def _follow_ups(infusion_date, center):
    return [
        Milestone(
            f"follow-up-{days}",
            str(_("Follow-up visit (about day %(day)d)") % {"day": days}),
            infusion_date + _days(days),
            note=str(_("Your center will confirm the exact date.")),
        )
        for days in sorted(set(center.follow_up_days or []))
    ]


def mark_today(milestones, today):
    """The milestones with `state` set: "past" when over, "now" when today falls in them."""

    def state(m):
        if m.last_day < today:
            return "past"
        return "now" if m.start <= today else ""

    return [replace(m, state=state(m)) for m in milestones]
