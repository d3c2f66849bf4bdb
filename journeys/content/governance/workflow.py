"""The review workflow: draft -> in review -> published, for every content model.

Rules, enforced here (the admin only calls these):
- Anyone with change permission may edit and submit for review.
- Only holders of `journeys.publish_content` (medical reviewers) may publish or send back.
- An edit to content that is already published never reaches patients directly: it is
  kept as a *pending edit* on the row (`pending`, `pending_status`) until a reviewer
  publishes it. Patients keep reading the published words meanwhile; staff can preview
  the edit on the real page. Nothing is lost: every save is also a history version.
"""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from journeys.content.models.base import Status
from journeys.content.models.changes import PublishedChange

PUBLISH_PERMISSION = "journeys.publish_content"
WORKFLOW_FIELDS = {"status", "sources"}


def can_publish(user):
    return bool(user and user.has_perm(PUBLISH_PERMISSION))


def _require_publisher(user):
    if not can_publish(user):
        raise PermissionDenied(_("Only a medical reviewer can publish or send back content."))


def _json(value):
    return DjangoJSONEncoder().default(value) if isinstance(value, datetime.date) else value


def content_propose(*, obj, changes, source_ids=None, submit=False):
    """Keep `changes` ({field name: value}) as a pending edit of a published row."""
    pending = dict(obj.pending)
    for name, value in changes.items():
        if name in WORKFLOW_FIELDS:
            continue
        field = obj._meta.get_field(name)
        if field.is_relation:
            pending[field.attname] = getattr(value, "pk", value)
        else:
            pending[field.attname] = _json(value)
    if source_ids is not None:
        pending["sources"] = sorted(source_ids)
    obj.pending = pending
    obj.pending_status = Status.IN_REVIEW if submit else Status.DRAFT
    obj.save(update_fields=["pending", "pending_status", "updated_at"])
    return obj


def _move(obj, *, source, target):
    """Move the waiting edit (if any) to `target`; else the row itself, when at `source`."""
    if obj.pending:
        obj.pending_status = target
        obj.save(update_fields=["pending_status", "updated_at"])
    elif obj.status == source:
        obj.status = target
        obj.save(update_fields=["status", "updated_at"])
    return obj


def content_submit(*, obj):
    """Send a draft (or a pending edit) to the medical reviewers."""
    return _move(obj, source=Status.DRAFT, target=Status.IN_REVIEW)


REASON_MAX = 200


def clean_reason(reason):
    """The reviewer's one-line reason, or a ValidationError saying what is missing."""
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError(
            _(
                "Write a one-line reason for publishing (for example “New label, March 2026: "
                "dose wording”). It is shown to the public on the “What changed” page."
            ),
            code="reason",
        )
    if len(reason) > REASON_MAX:
        raise ValidationError(
            _("Keep the reason to one line of at most %(n)d characters.") % {"n": REASON_MAX},
            code="reason_length",
        )
    return reason


def change_record(*, obj, user, reason, reason_language="en"):
    """Note on the public list that `obj` was published now, with the reviewer's reason.

    The item's words are taken from the row as published (never a waiting edit)."""
    language = getattr(obj, "language", "en") or "en"
    item = str(obj)
    words = getattr(obj, "fields", None)  # a Translation: its own words, not the English
    if isinstance(words, dict):
        named = ("name", "title", "term", "brand_name", "disease", "text")
        item = next((words[k] for k in named if words.get(k)), None) or str(obj.original or "")
    return PublishedChange.objects.create(
        content_type=ContentType.objects.get_for_model(type(obj)),
        object_id=obj.pk,
        item=" ".join(item.split())[:200],
        item_language=language,
        reason=clean_reason(reason),
        reason_language=reason_language if reason_language in ("en", "es") else "en",
        published_at=obj.published_at or timezone.now(),
        published_by=user,
    )


@transaction.atomic
def content_publish(*, obj, user, reason, reason_language="en", today=None):
    """Publish a row (with its pending edit, if any). Stamps who, when, and last reviewed.

    `reason` (one line, required) is shown with the item and date on /changes/."""
    _require_publisher(user)
    reason = clean_reason(reason)
    source_ids = obj.apply_pending() if obj.pending else None
    obj.pending = {}
    obj.pending_status = ""
    obj.status = Status.PUBLISHED
    obj.published_at = timezone.now()
    obj.published_by = user
    obj.last_reviewed = today or timezone.localdate()
    obj.review_reason = ""
    obj.before_publish()
    obj.save()
    if source_ids is not None:
        obj.sources.set(source_ids)
    change_record(obj=obj, user=user, reason=reason, reason_language=reason_language)
    return obj


def content_send_back(*, obj, user):
    """Return content in review to its editors as a draft."""
    _require_publisher(user)
    return _move(obj, source=Status.IN_REVIEW, target=Status.DRAFT)


def product_label_changed(*, product, reason):
    """Flag everything that cites the product for review. Returns how many rows."""
    from journeys.content.models.content import (
        ChecklistItem,
        Guidance,
        Indication,
        ProductStageNote,
        Question,
        Step,
        WarningSign,
    )

    count = 0
    for model in [Indication, Step, Guidance, ChecklistItem, Question, ProductStageNote]:
        count += model.objects.filter(product=product).update(review_reason=reason)
    count += WarningSign.objects.filter(products=product).update(review_reason=reason)
    return count
