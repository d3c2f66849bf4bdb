"""Rows the site keeps for itself, not content and not a patient's."""

from django.db import models
from django.db.models import Q


class ContentVersion(models.Model):
    """One number that changes whenever any content changes (see journeys/caching/version.py)."""

    value = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(pk=1), name="journeys_contentversion_single_row"),
        ]

    def __str__(self):
        return str(self.value)
