""" "What's next for me": the current stage, the next dated milestone, today's open
caregiver items and, during the log period, whether today's log has an entry.

`build_whats_next` is pure (unit-tested for days before, on and after the infusion);
`whats_next_for` gathers its inputs for one journey (a few queries, only for a device
that has a journey with dates).
"""

from dataclasses import dataclass, field

from django.utils import timezone

from journeys.content import checklists, selectors
from journeys.content.schedules import first_infusion_day, timed_stages
from journeys.content.timeline_picture import stage_spans
from journeys.journey.services import checked_item_ids
from journeys.journey.timeline import build_timeline, mark_today
from journeys.log.models import LogEntry


@dataclass
class WhatsNext:
    day: int  # today, relative to the infusion (day 0)
    stage: object = None  # the stage today falls in (typical timing)
    next_milestone: object = None  # timeline.Milestone
    days_to_next: int | None = None
    open_items: list = field(default_factory=list)  # caregiver items of the stage, unticked
    in_log_period: bool = False
    log_has_entry: bool | None = None  # None outside the log period


def current_stage(stages, day):
    """The stage that `day` falls in, laid out as on the timeline picture: stages
    without a start day sit back to back before the first one that has one."""
    stages = list(stages)
    if not stages:
        return None
    spans = stage_spans(stages)
    if day < spans[0][0]:
        return stages[0]
    for stage, (start, stop, _open, _dated) in zip(stages, spans, strict=True):
        if start <= day < stop:
            return stage
    return stages[-1]


def build_whats_next(
    *, day, stages, timeline, today, stage_items=(), log_last_day=0, log_has_entry=False
):
    """What matters on `day` (relative to infusion) = `today`: `timeline` is the journey's
    milestones marked against today, `stage_items` {stage pk: [caregiver items with
    `checked`]}."""
    stage = current_stage(stages, day)
    result = WhatsNext(day=day, stage=stage)
    upcoming = [m for m in timeline if m.state == ""]
    if upcoming:
        result.next_milestone = upcoming[0]
        result.days_to_next = (upcoming[0].start - today).days
    if stage is not None:
        result.open_items = [i for i in dict(stage_items).get(stage.pk, []) if not i.checked]
    result.in_log_period = 0 <= day <= log_last_day
    result.log_has_entry = bool(log_has_entry) if result.in_log_period else None
    return result


def whats_next_for(
    request, journey, *, product, today=None, timeline=None, stages=None, entry_days=None
):
    """WhatsNext for this journey today, or None when it has no infusion date.

    A page that built them already passes them on, so nothing is computed twice in a
    request: `timeline` (the journey's milestones marked against `today`), `stages` (the
    stages with the product's days: schedules.timed_stages) and `entry_days` (the days of
    the log holding a reading: log.selectors.log_entry_days)."""
    if journey is None or journey.infusion_date is None:
        return None
    today = today or timezone.localdate()
    center = request.care_center
    day = (today - journey.infusion_date).days
    if timeline is None:
        timeline = mark_today(
            build_timeline(
                infusion_date=journey.infusion_date,
                collection_date=journey.collection_date,
                center=center,
                product=product,
            ),
            today,
        )
    preview = request.staff_preview
    if stages is None:
        # The stages with the product's own days (schedules.py), in its numbering.
        stages = timed_stages(
            selectors.stage_list(preview=preview),
            product=product,
            center=center,
            products=selectors.products(preview=preview),
        )
    checked = checked_item_ids(journey)
    cg_stages, _total, _left = checklists.caregiver_stages(
        product=product, preview=preview, checked_ids=checked
    )
    in_log = 0 <= day <= center.log_last_day
    if not in_log:
        has_entry = False
    elif entry_days is not None:
        has_entry = day in entry_days
    else:
        has_entry = LogEntry.objects.shown().filter(journey=journey, day=day).exists()
    result = build_whats_next(
        day=day + first_infusion_day(product),
        stages=stages,
        timeline=timeline,
        today=today,
        stage_items={s.pk: s.caregiver_items for s in cg_stages},
        log_last_day=center.log_last_day + first_infusion_day(product),
        log_has_entry=has_entry,
    )
    return result
