"""What staff must review: overdue, due soon, flagged, waiting for a reviewer, reading level."""

import datetime
import statistics
from dataclasses import dataclass, field

from django.utils import timezone

from journeys.content.governance.diff import pending_changes
from journeys.content.governance.readability import (
    TARGET_EASE_ES,
    TARGET_GRADE,
    average_grade,
    grade,
    spanish_ease,
)
from journeys.content.models import CONTENT_MODELS
from journeys.content.models.care_center import CareCenter
from journeys.content.models.translation import Translation


@dataclass
class ReviewRow:
    model: str
    label: str
    pk: int
    next_review: datetime.date | None
    reason: str
    admin_url: str = ""
    changes: list = field(default_factory=list)  # a waiting edit's FieldChange rows


@dataclass
class ContentReport:
    today: datetime.date
    overdue: list = field(default_factory=list)
    due_soon: list = field(default_factory=list)
    awaiting_review: list = field(default_factory=list)
    hard_to_read: list = field(default_factory=list)
    site_grade: float | None = None
    median_grade: float | None = None
    hardest_grade: float | None = None
    graded_rows: int = 0
    translations_out_of_date: list = field(default_factory=list)
    hard_to_read_es: list = field(default_factory=list)
    spanish_median_ease: float | None = None
    spanish_lowest_ease: float | None = None
    spanish_graded_rows: int = 0


def _row(obj, reason):
    from django.urls import NoReverseMatch, reverse

    opts = obj._meta
    try:
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    except NoReverseMatch:
        url = ""
    next_review = getattr(obj, "next_review", None)  # the CareCenter has no review schedule
    return ReviewRow(str(opts.verbose_name), str(obj)[:80], obj.pk, next_review, reason, url)


def content_report(*, today=None, within_days=30, with_readability=True):
    today = today or timezone.localdate()
    report = ContentReport(today=today)
    grades = []
    report.awaiting_review.extend(_awaiting(CareCenter))
    for model in CONTENT_MODELS:
        overdue = list(model.objects.review_due(today=today))
        overdue_ids = {o.pk for o in overdue}
        for obj in overdue:
            reason = obj.review_reason or (
                "never reviewed" if obj.last_reviewed is None else f"due {obj.next_review}"
            )
            report.overdue.append(_row(obj, reason))
        for obj in model.objects.review_due(within_days=within_days, today=today).exclude(
            pk__in=overdue_ids
        ):
            report.due_soon.append(_row(obj, f"due {obj.next_review}"))
        report.awaiting_review.extend(_awaiting(model))
        if with_readability:
            grades.extend(_grade_published(model, report))
    report.translations_out_of_date = _out_of_date_translations()
    if with_readability:
        _grade_spanish(report)
        report.site_grade, report.graded_rows = average_grade(grades), len(grades)
        if grades:
            report.median_grade = round(statistics.median(grades), 1)
            report.hardest_grade = round(max(grades), 1)
    return report


def _out_of_date_translations():
    """Translations whose English has changed since they were written or last published."""
    rows = []
    originals = {}
    for translation in Translation.objects.select_related("content_type"):
        model = translation.content_type.model_class()
        if model not in originals:
            originals[model] = model.objects.in_bulk()
        original = originals[model].get(translation.object_id)
        if original is not None and translation.is_out_of_date(original):
            rows.append(_row(translation, "translation out of date: the English changed"))
    return rows


def _grade_spanish(report):
    eases = []
    for translation in Translation.objects.published().filter(language="es"):
        ease = spanish_ease(translation)
        if ease is None:
            continue
        eases.append(ease)
        if ease < TARGET_EASE_ES:
            report.hard_to_read_es.append(_row(translation, f"ease {ease}"))
    if eases:
        report.spanish_median_ease = round(statistics.median(eases), 1)
        report.spanish_lowest_ease = min(eases)
        report.spanish_graded_rows = len(eases)


def _awaiting(model):
    """Rows waiting for a medical reviewer, each with what its waiting edit changes."""
    rows = []
    for obj in model.objects.awaiting_review():
        row = _row(obj, "waiting for a medical reviewer")
        row.changes = pending_changes(obj)
        rows.append(row)
    return rows


def _grade_published(model, report):
    """Grade each published row once: add the hard ones to the report, return every grade."""
    grades = []
    for obj in model.objects.filter(status="published"):
        value = grade(obj)
        if value is None:
            continue
        grades.append(value)
        if value > TARGET_GRADE:
            report.hard_to_read.append(_row(obj, f"grade {value}"))
    return grades
