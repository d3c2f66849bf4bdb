"""Answer counters: how check questions are answered, counted for everyone together."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from journeys.content.models.content import CheckQuestion


class CheckTally(models.Model):
    """How a check question is answered, counted for everyone together.

    Two counters and the question, nothing else: no visitor, no time, no journey, no
    address. A device's first answer to a question adds 1 to `answered` (and to
    `first_wrong` when it was wrong), atomically with F(); the device's session
    remembers it answered, so answering again is not counted again.
    """

    question = models.OneToOneField(
        CheckQuestion, on_delete=models.CASCADE, related_name="tally", primary_key=True
    )
    answered = models.PositiveIntegerField(_("first answers"), default=0)
    first_wrong = models.PositiveIntegerField(_("first answers that were wrong"), default=0)

    class Meta:
        verbose_name = _("check question tally")
        verbose_name_plural = _("check question tallies")

    def __str__(self):
        return f"{self.question}: {self.first_wrong}/{self.answered}"
