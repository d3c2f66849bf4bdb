"""What a medical reviewer published, when and why: the public list at /changes/.

One row per publication (journeys/content/governance/workflow.py `content_publish`, and a
reviewer's save that changes published words). The item's words are copied at the moment
they are published, so the list never shows a draft or a waiting edit; `/changes/` lists
only rows whose item is still published (a withdrawn item drops out).
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from journeys.content.models.base import Status

#: The languages a reviewer may write the reason in (shown as written, marked with it).
REASON_LANGUAGES = [("en", "English"), ("es", "Español")]


class PublishedChange(models.Model):
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    item = models.CharField(_("item as published"), max_length=200)
    item_language = models.CharField(_("language of the item"), max_length=8, default="en")
    reason = models.CharField(_("reason for publishing"), max_length=200)
    reason_language = models.CharField(
        _("language of the reason"), max_length=8, choices=REASON_LANGUAGES, default="en"
    )
    published_at = models.DateTimeField(_("published at"), db_index=True)
    # Kept for staff; never shown on the public page.
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("published change")
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        constraints = [
            models.CheckConstraint(condition=~models.Q(reason=""), name="journeys_change_reason"),
        ]

    def __str__(self):
        return f"{self.item} ({self.published_at:%Y-%m-%d})"

    @property
    def published_on(self):
        """The day it was published, in the site's time zone."""
        from django.utils import timezone

        return timezone.localdate(self.published_at)

    @property
    def kind(self):
        model = self.content_type.model_class()
        return model._meta.verbose_name if model else ""


def still_published(changes):
    """`changes` limited to rows whose item is published now (one OR of subqueries)."""
    condition = models.Q(pk__in=[])
    for content_type in ContentType.objects.filter(
        pk__in=changes.values("content_type").distinct()
    ):
        model = content_type.model_class()
        if model is None or not hasattr(model, "status"):
            continue
        published = model._base_manager.filter(status=Status.PUBLISHED).values("pk")
        condition |= models.Q(content_type=content_type, object_id__in=published)
    return changes.filter(condition)
