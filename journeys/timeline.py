"""A patient's dated timeline, computed from data fields only.

Every number comes from the product's label fields or the care center's rules
(the stricter wins, through `effective_numbers`); nothing is read from prose.
Day 0 is the infusion day. A rule of "N days after infusion" covers days 1 to N
inclusive, so the first day it no longer applies is day N + 1. For a split dose
(Aucatzyl) the first infusion is the label's "day 1"; the later rules count from it,
and the second infusion comes `second_infusion_day - 1` days later.
"""

import datetime
from dataclasses import dataclass, replace

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .numbers import effective_numbers

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

    ld_days = getattr(product, "lymphodepletion_days", None)
    gap_min = getattr(product, "infusion_after_ld_min_days", None)
    gap_max = getattr(product, "infusion_after_ld_max_days", None)
    if ld_days and gap_min is not None and gap_max is not None:
        if gap_min == gap_max:
            last = infusion_date - _days(gap_min)
            milestones.append(
                Milestone(
                    "lymphodepletion",
                    str(_("Lymphodepletion chemotherapy")),
                    last - _days(ld_days - 1),
                    last,
                    ngettext("%(n)d day of chemotherapy.", "%(n)d days of chemotherapy.", ld_days)
                    % {"n": ld_days},
                )
            )
        else:
            milestones.append(
                Milestone(
                    "lymphodepletion",
                    str(_("Lymphodepletion chemotherapy (your team sets the exact days)")),
                    infusion_date - _days(gap_max + ld_days - 1),
                    infusion_date - _days(gap_min),
                    str(_("The chemotherapy falls somewhere in these days.")),
                )
            )

    second_day = getattr(product, "second_infusion_day", None)
    if second_day:
        milestones.append(Milestone("infusion", str(_("First infusion (day 1)")), infusion_date))
        second = infusion_date + _days(second_day - 1)
        window = getattr(product, "second_infusion_window_days", None) or 0
        note = ""
        if window:
            note = ngettext(
                "It may move by up to %(n)d day either way.",
                "It may move by up to %(n)d days either way.",
                window,
            ) % {"n": window}
        milestones.append(
            Milestone(
                "second-infusion",
                str(_("Second infusion (day %(day)d)") % {"day": second_day}),
                second,
                note=note,
            )
        )
    else:
        milestones.append(Milestone("infusion", str(_("Infusion day (day 0)")), infusion_date))

    def span(key, title, days, note=""):
        if days:
            milestones.append(
                Milestone(key, title, infusion_date + DAY, infusion_date + _days(days), note)
            )

    span(
        "daily-monitoring",
        str(_("Daily checks by your care team")),
        numbers["daily_monitoring_days"],
    )
    span("stay-near", str(_("Stay near your treatment center")), numbers["stay_near_days"])
    span("caregiver", str(_("A caregiver stays with you")), numbers["caregiver_days"])
    span("no-driving", str(_("No driving")), numbers["no_driving_days"])
    if numbers["no_driving_days"]:
        milestones.append(
            Milestone(
                "may-drive",
                str(_("You may drive again if your care team agrees")),
                infusion_date + _days(numbers["no_driving_days"] + 1),
            )
        )
    for days in sorted(set(center.follow_up_days or [])):
        milestones.append(
            Milestone(
                f"follow-up-{days}",
                str(_("Follow-up visit (about day %(day)d)") % {"day": days}),
                infusion_date + _days(days),
                note=str(_("Your center will confirm the exact date.")),
            )
        )
    return sorted(milestones, key=lambda m: (m.start, m.last_day))


def mark_today(milestones, today):
    """The milestones with `state` set: "past" when over, "now" when today falls in them."""

    def state(m):
        if m.last_day < today:
            return "past"
        return "now" if m.start <= today else ""

    return [replace(m, state=state(m)) for m in milestones]
