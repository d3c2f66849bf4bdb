"""A product's schedule around the infusion, per use (indication) where its label differs.

Every window a page, picture, print-out, calendar file or CSV shows is read from here
(journeys/content/schedules.py turns the rows into what the pages need): the chemotherapy days,
the gap before the infusion, a split dose and how its days are numbered, and the four
day counts after the infusion. Each group of fields cites its source and the label
section (`citations`). A field left empty and named in `unconfirmed` is not known for
this product: pages say the care team will tell the patient. A day count left empty and
not named there is one no label sets: the center's own rule applies.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from journeys.content.models.base import Governed, min_le_max
from journeys.content.models.content import Product

#: The groups of fields a citation covers, each with the fields it holds.
CITED_GROUPS = {
    "chemo": ("chemo_days_min", "chemo_days_max", "chemo_gap_min_days", "chemo_gap_max_days"),
    "infusion": ("first_infusion_day", "second_infusion_day", "second_infusion_window_days"),
    "daily_monitoring": ("daily_monitoring_days",),
    "stay_near": ("stay_near_days",),
    "no_driving": ("no_driving_days",),
    "caregiver": ("caregiver_days",),
}
#: What `unconfirmed` may name.
UNCONFIRMED_NAMES = (
    "chemo",
    "daily_monitoring_days",
    "stay_near_days",
    "no_driving_days",
    "caregiver_days",
)


def validate_unconfirmed(value):
    if not isinstance(value, list) or not all(name in UNCONFIRMED_NAMES for name in value):
        raise ValidationError(
            _("Enter a list chosen from: %(names)s.") % {"names": ", ".join(UNCONFIRMED_NAMES)}
        )


def validate_citations(value):
    """{group: {"source": slug, "section": "PI §2.2"}} for the groups of CITED_GROUPS."""
    ok = isinstance(value, dict) and all(
        group in CITED_GROUPS
        and isinstance(cite, dict)
        and set(cite) == {"source", "section"}
        and all(isinstance(v, str) and v.strip() for v in cite.values())
        for group, cite in value.items()
    )
    if not ok:
        raise ValidationError(
            _(
                'Enter each citation as group: {"source": source slug, "section": label '
                "section}; the groups are: %(groups)s."
            )
            % {"groups": ", ".join(CITED_GROUPS)}
        )


class Use(models.TextChoices):
    """The uses whose schedules differ on a label (words shown to patients)."""

    ALL = "all", _("leukemia (ALL)")
    LYMPHOMA = "lymphoma", _("lymphoma")
    LBCL = "lbcl", _("lymphoma (large B-cell)")
    FL = "fl", _("lymphoma (follicular)")
    MCL = "mcl", _("lymphoma (mantle cell)")


class ProductSchedule(Governed):
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="schedules")
    key = models.SlugField(
        _("key"),
        max_length=60,
        help_text=_('"all-uses" when the label gives one schedule, else one key per use.'),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    use = models.CharField(
        _("for which use"),
        max_length=12,
        blank=True,
        choices=Use.choices,
        help_text=_("Where the label differs by use; empty when one schedule fits every use."),
    )
    chemo_days_min = models.PositiveSmallIntegerField(
        _("days of chemotherapy (fewest)"), null=True, blank=True
    )
    chemo_days_max = models.PositiveSmallIntegerField(
        _("days of chemotherapy (most)"), null=True, blank=True
    )
    chemo_gap_min_days = models.PositiveSmallIntegerField(
        _("days from the end of chemotherapy to the infusion (fewest)"),
        null=True,
        blank=True,
        help_text=_(
            'As the label says it: "give the infusion 2 to 7 days after chemotherapy ends" '
            "is 2 and 7. The last chemotherapy day is then day -3 at the latest (2 days "
            "without chemotherapy, then the infusion)."
        ),
    )
    chemo_gap_max_days = models.PositiveSmallIntegerField(
        _("days from the end of chemotherapy to the infusion (most)"), null=True, blank=True
    )
    first_infusion_day = models.SmallIntegerField(
        _("day number of the (first) infusion"),
        default=0,
        help_text=_(
            "0 for most products (infusion day is day 0); 1 where the label counts the first "
            "infusion as day 1 (a split dose). Every page, the log and its CSV number the "
            "days this way."
        ),
    )
    second_infusion_day = models.PositiveSmallIntegerField(
        _("day number of the second infusion"),
        null=True,
        blank=True,
        help_text=_("Split doses only, in the numbering above (day 10 for a day-1 first dose)."),
    )
    second_infusion_window_days = models.PositiveSmallIntegerField(
        _("the second infusion may move by (days)"), null=True, blank=True
    )
    daily_monitoring_days = models.PositiveSmallIntegerField(
        _("days of daily monitoring after the infusion"), null=True, blank=True
    )
    stay_near_days = models.PositiveSmallIntegerField(
        _("days to stay near the center after the infusion"), null=True, blank=True
    )
    no_driving_days = models.PositiveSmallIntegerField(
        _("days without driving after the infusion"), null=True, blank=True
    )
    caregiver_days = models.PositiveSmallIntegerField(
        _("days a caregiver stays after the infusion"), null=True, blank=True
    )
    unconfirmed = models.JSONField(
        _("not confirmed"),
        default=list,
        blank=True,
        validators=[validate_unconfirmed],
        help_text=_(
            'What is not confirmed for this product, e.g. ["chemo", "caregiver_days"]: pages '
            "then say the care team will tell the patient."
        ),
    )
    citations = models.JSONField(
        _("label sections cited"),
        default=dict,
        blank=True,
        validators=[validate_citations],
        help_text=_(
            'For each group of fields, its source and label section: {"chemo": {"source": '
            '"ref-20", "section": "PI §2.2"}}.'
        ),
    )

    FILLED_LINES = ()

    class Meta:
        ordering = ["product__brand_name", "order"]
        verbose_name = _("product schedule")
        constraints = [
            models.UniqueConstraint(fields=["product", "key"], name="journeys_schedule_key"),
            min_le_max("chemo_days_min", "chemo_days_max"),
            min_le_max("chemo_gap_min_days", "chemo_gap_max_days"),
            models.CheckConstraint(
                condition=Q(first_infusion_day__gte=0) & Q(first_infusion_day__lte=1),
                name="journeys_schedule_first_day_0_or_1",
            ),
        ]

    def __str__(self):
        return f"{self.product}: {self.get_use_display()}" if self.use else str(self.product)

    def get_absolute_url(self):
        return self.product.get_absolute_url()

    def clean(self):
        super().clean()
        errors = {}
        chemo = CITED_GROUPS["chemo"]
        if "chemo" not in (self.unconfirmed or []) and any(
            getattr(self, name) is None for name in chemo
        ):
            errors["unconfirmed"] = _(
                'Fill in every chemotherapy field, or name "chemo" as not confirmed.'
            )
        if self.second_infusion_day is not None and self.second_infusion_day <= (
            self.first_infusion_day or 0
        ):
            errors["second_infusion_day"] = _("The second infusion comes after the first.")
        for group, names in CITED_GROUPS.items():
            given = any(
                getattr(self, name) not in (None, 0)
                for name in names
                if name != "first_infusion_day"
            )
            if given and group not in (self.citations or {}):
                errors.setdefault("citations", []).append(
                    _("Cite the label section for %(group)s.") % {"group": group}
                )
        if errors:
            raise ValidationError(errors)
