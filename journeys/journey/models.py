"""A patient's journey: their product, dates and ticks, reached by session or share link.

Nothing identifying: no account, no name, no free text. The daily log hangs off the
journey too (journeys/log/models.py).
"""

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from journeys.content.models.content import ChecklistItem, Product


class JourneyQuerySet(models.QuerySet):
    def idle_since(self, cutoff):
        return self.filter(last_seen_at__lt=cutoff)


class Journey(models.Model):
    """One patient's progress, without an account and without anything identifying.

    It holds a product, dates and ticked checklist items: no name, no contact
    details, no free text. It is reached from the session of the device that made
    it, or through a share link whose token can be turned off at any time.
    """

    token = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    product = models.ForeignKey(
        Product, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    infusion_date = models.DateField(null=True, blank=True)
    collection_date = models.DateField(null=True, blank=True)
    # The dates are the owner's; a device that follows the share link may change them
    # only when the owner allows it.
    caregiver_may_edit_dates = models.BooleanField(default=False)
    checked_items = models.ManyToManyField(
        ChecklistItem, through="JourneyCheck", related_name="+", blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_seen_at = models.DateTimeField(default=timezone.now, db_index=True)
    # Moves by one in the same transaction as every write to the daily log
    # (`journeys.log.services`), so a process may keep what it built of the log until
    # it moves: the journey's row is read on every request anyway.
    log_revision = models.PositiveBigIntegerField(default=0, editable=False)

    objects = JourneyQuerySet.as_manager()

    class Meta:
        verbose_name = _("journey")
        constraints = [
            models.CheckConstraint(
                condition=Q(collection_date__isnull=True)
                | Q(infusion_date__isnull=True)
                | Q(collection_date__lte=F("infusion_date")),
                name="journeys_journey_collection_before_infusion",
            ),
        ]

    def __str__(self):
        return f"Journey {self.pk}"


class JourneyCheck(models.Model):
    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="checks")
    item = models.ForeignKey(ChecklistItem, on_delete=models.CASCADE, related_name="+")
    checked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["journey", "item"], name="journeys_journeycheck_once"),
        ]

    def __str__(self):
        return f"{self.journey} ✓ {self.item_id}"
