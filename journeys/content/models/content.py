"""Published content: products, stages and what a stage lists, warning signs, words, reading.

Every model here is `Governed` (journeys/content/models/base.py). Numbers that a label
can change are fields on `Product`, never words inside prose.
"""

from urllib.parse import urlencode

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from journeys.content.dates import local_date
from journeys.content.models.base import (
    Governed,
    MarkdownField,
    min_le_max,
    validate_day_count_names,
)


class DatePrecision(models.TextChoices):
    DAY = "day", _("Day, month and year")
    MONTH = "month", _("Month and year only")


#: Where a product has no Medication Guide URL of its own, the link searches DailyMed
#: (the National Library of Medicine's label site) for its generic name.
DAILYMED_SEARCH = "https://dailymed.nlm.nih.gov/dailymed/search.cfm?labeltype=all&{query}"


class Product(Governed):
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    brand_name = models.CharField(_("brand name"), max_length=100)
    generic_name = models.CharField(_("generic name"), max_length=150)
    pronunciation = models.CharField(_("pronunciation"), max_length=150, blank=True)
    manufacturer = models.CharField(_("manufacturer"), max_length=200)
    target_antigen = models.CharField(_("target antigen"), max_length=40)
    costimulatory_domain = models.CharField(_("costimulatory domain"), max_length=40)
    lentiviral_vector = models.BooleanField(
        _("made with a lentiviral vector"),
        default=False,
        help_text=_(
            "Products made with a lentiviral vector can make some HIV nucleic-acid tests read "
            "positive. When ticked, the wallet card tells clinicians so."
        ),
    )
    first_approval = models.DateField(_("first US approval"))
    first_approval_precision = models.CharField(
        _("first US approval known to"),
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        help_text=_(
            "Month and year only when the source gives no day: the date is then stored "
            "as the 1st of the month and shown without the day."
        ),
    )
    medication_guide_url = models.URLField(
        _("Medication Guide URL"),
        max_length=300,
        blank=True,
        help_text=_(
            "The product's Medication Guide on DailyMed. Leave blank to link a DailyMed "
            "search for the generic name."
        ),
    )
    summary = MarkdownField(_("summary"))
    how_given = MarkdownField(_("how it is given"), blank=True)
    dose_plain = MarkdownField(_("dose in plain words"), blank=True)
    boxed_warning = MarkdownField(_("boxed warning"))
    rems_required = models.BooleanField(_("REMS required"), default=False)
    manufacturing_days_min = models.PositiveSmallIntegerField(null=True, blank=True)
    manufacturing_days_max = models.PositiveSmallIntegerField(null=True, blank=True)
    lymphodepletion_days = models.PositiveSmallIntegerField(null=True, blank=True)
    infusion_after_ld_min_days = models.PositiveSmallIntegerField(null=True, blank=True)
    infusion_after_ld_max_days = models.PositiveSmallIntegerField(null=True, blank=True)
    daily_monitoring_days = models.PositiveSmallIntegerField(null=True, blank=True)
    stay_near_days = models.PositiveSmallIntegerField(null=True, blank=True)
    no_driving_days = models.PositiveSmallIntegerField(null=True, blank=True)
    caregiver_days = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text=_("Only if the label sets how long a caregiver stays; else the center's rule."),
    )
    unconfirmed_numbers = models.JSONField(
        _("numbers not confirmed"),
        default=list,
        blank=True,
        validators=[validate_day_count_names],
        help_text=_(
            "Day counts whose number for this product is not confirmed, e.g. "
            '["daily_monitoring_days"]. Pages then say the care team will tell the '
            "patient, instead of showing the center's number as the product's."
        ),
    )
    second_infusion_day = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text=_(
            "Split doses only: the label's day number of the second infusion, "
            "counting the first infusion as day 1."
        ),
    )
    second_infusion_window_days = models.PositiveSmallIntegerField(null=True, blank=True)
    label_version = models.CharField(_("label version"), max_length=60, blank=True)
    label_date = models.DateField(_("label date"), null=True, blank=True)

    class Meta:
        ordering = ["brand_name"]
        verbose_name = _("product")
        constraints = [
            min_le_max("manufacturing_days_min", "manufacturing_days_max"),
            min_le_max("infusion_after_ld_min_days", "infusion_after_ld_max_days"),
        ]

    def __str__(self):
        return self.brand_name

    def get_absolute_url(self):
        return reverse("journeys:product_detail", args=[self.slug])

    @property
    def first_approval_label(self):
        """The first approval as far as it is known: "August 30, 2017" or "February 2021"."""
        if self.first_approval_precision == DatePrecision.MONTH:
            return local_date(self.first_approval, "month_year")
        return local_date(self.first_approval, "long")

    @property
    def medication_guide_link(self):
        return self.medication_guide_url or DAILYMED_SEARCH.format(
            query=urlencode({"query": self.generic_name})
        )


class Indication(Governed):
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="indications")
    key = models.SlugField(_("key"), max_length=60)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    disease = models.CharField(_("disease"), max_length=200)
    who = MarkdownField(_("who it is for"))
    accelerated = models.BooleanField(
        _("accelerated approval"),
        null=True,
        blank=True,
        default=False,
        help_text=_(
            "Leave unknown when the current approval type is not confirmed: it is then not shown."
        ),
    )
    approved_on = models.DateField(_("approved on"), null=True, blank=True)

    class Meta:
        ordering = ["order"]
        verbose_name = _("indication")
        constraints = [
            models.UniqueConstraint(fields=["product", "key"], name="journeys_indication_key"),
        ]

    def __str__(self):
        return f"{self.product}: {self.disease}"

    def get_absolute_url(self):
        return self.product.get_absolute_url()


class Stage(Governed):
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), unique=True)
    name = models.CharField(_("name"), max_length=150)
    summary = MarkdownField(_("summary"))
    what_happens = MarkdownField(_("what happens"))
    timing = models.CharField(_("timing in plain words"), max_length=300, blank=True)

    FILLED_LINES = ("timing",)
    duration_min_days = models.PositiveSmallIntegerField(_("shortest typical length (days)"))
    duration_max_days = models.PositiveSmallIntegerField(_("longest typical length (days)"))
    starts_day = models.SmallIntegerField(
        _("starts on day"), null=True, blank=True, help_text=_("Relative to infusion day 0.")
    )
    ends_day = models.SmallIntegerField(_("ends on day"), null=True, blank=True)

    class Meta:
        ordering = ["order"]
        verbose_name = _("stage")
        constraints = [
            min_le_max("duration_min_days", "duration_max_days"),
            min_le_max("starts_day", "ends_day"),
            models.CheckConstraint(condition=Q(order__gte=1), name="journeys_stage_order_positive"),
        ]

    def __str__(self):
        return self.name

    #: The slug of the stage whose length each product's label gives (manufacturing_days_*).
    MANUFACTURING = "manufacturing"

    def get_absolute_url(self):
        return reverse("journeys:stage_detail", args=[self.slug])

    @property
    def is_manufacturing(self):
        return self.slug == self.MANUFACTURING


class StageChild(Governed):
    """Something listed inside one stage, in order, optionally for one product only."""

    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="%(class)ss")
    key = models.SlugField(_("key"), max_length=60)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    product = models.ForeignKey(
        Product,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Leave empty to show it for every product."),
    )

    class Meta:
        abstract = True
        ordering = ["order"]
        constraints = [
            models.UniqueConstraint(fields=["stage", "key"], name="%(app_label)s_%(class)s_key"),
        ]

    def get_absolute_url(self):
        return self.stage.get_absolute_url()


class Step(StageChild):
    title = models.CharField(_("title"), max_length=200)
    body = MarkdownField(_("body"))

    FILLED_LINES = ("title",)

    class Meta(StageChild.Meta):
        verbose_name = _("step")

    def __str__(self):
        return self.title


class Guidance(StageChild):
    class Kind(models.TextChoices):
        DO = "do", _("Do")
        DONT = "dont", _("Don't")

    kind = models.CharField(_("kind"), max_length=4, choices=Kind.choices)
    text = MarkdownField(_("text"))

    class Meta(StageChild.Meta):
        verbose_name = _("do or don't")
        verbose_name_plural = _("do's and don'ts")

    def __str__(self):
        return self.text[:80]


class ChecklistItem(StageChild):
    class Who(models.TextChoices):
        PATIENT = "patient", _("Patient")
        CAREGIVER = "caregiver", _("Caregiver")

    who = models.CharField(_("who"), max_length=10, choices=Who.choices)
    text = MarkdownField(_("text"))

    class Meta(StageChild.Meta):
        verbose_name = _("checklist item")

    def __str__(self):
        return self.text[:80]


class Question(StageChild):
    text = MarkdownField(_("text"))

    class Meta(StageChild.Meta):
        verbose_name = _("question to ask")
        verbose_name_plural = _("questions to ask")

    def __str__(self):
        return self.text[:80]


class CheckQuestion(StageChild):
    """ "Check your understanding" at the end of a stage: one question, three answers.

    Each answer has its own explanation (why it is right or not); `step_key` names the
    step of the stage that explains it, so the page links back there. Questions are
    about what to do and when to call, never trivia. Who answered what is never stored:
    a device keeps its own answers in its session, and `CheckTally` counts, per question,
    first answers and first answers that were wrong.
    """

    text = MarkdownField(_("question"))
    answer_1 = models.CharField(_("answer 1"), max_length=300)
    explain_1 = MarkdownField(_("why answer 1 is right or not"))
    answer_2 = models.CharField(_("answer 2"), max_length=300)
    explain_2 = MarkdownField(_("why answer 2 is right or not"))
    answer_3 = models.CharField(_("answer 3"), max_length=300)
    explain_3 = MarkdownField(_("why answer 3 is right or not"))
    correct = models.PositiveSmallIntegerField(
        _("right answer"), choices=[(1, _("answer 1")), (2, _("answer 2")), (3, _("answer 3"))]
    )
    step_key = models.CharField(
        _("step that explains it"),
        max_length=60,
        blank=True,
        help_text=_("The key of the step in this stage that explains the answer."),
    )

    FILLED_LINES = ("answer_1", "answer_2", "answer_3")
    ANSWERS = (1, 2, 3)

    class Meta(StageChild.Meta):
        verbose_name = _("check question")
        verbose_name_plural = _("check questions")
        constraints = [
            *StageChild.Meta.constraints,
            models.CheckConstraint(
                condition=Q(correct__gte=1) & Q(correct__lte=3),
                name="journeys_checkquestion_correct_1_to_3",
            ),
        ]

    def __str__(self):
        return self.text[:80]


class ProductStageNote(Governed):
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="stage_notes")
    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="product_notes")
    text = MarkdownField(_("text"))

    class Meta:
        ordering = ["stage", "product"]
        verbose_name = _("product note for a stage")
        verbose_name_plural = _("product notes for stages")
        constraints = [
            models.UniqueConstraint(
                fields=["product", "stage"], name="journeys_productstagenote_unique"
            ),
        ]

    def __str__(self):
        return f"{self.product} · {self.stage}"

    def get_absolute_url(self):
        return self.stage.get_absolute_url()


class WarningSign(Governed):
    class Category(models.TextChoices):
        CRS = "crs", _("Cytokine release syndrome (CRS)")
        ICANS = "icans", _("Nervous system problems (ICANS)")
        INFECTION = "infection", _("Infection")
        OTHER = "other", _("Other")

    class Action(models.TextChoices):
        CALL_CARE_TEAM = "call_care_team", _("Call your care team now")
        CALL_EMERGENCY = "call_emergency", _("Call emergency services")

    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    category = models.CharField(_("category"), max_length=10, choices=Category.choices)
    name = models.CharField(_("name"), max_length=200)
    symptoms = MarkdownField(_("symptoms"))
    why = MarkdownField(_("why it matters"), blank=True)
    action = models.CharField(_("what to do"), max_length=20, choices=Action.choices)
    stages = models.ManyToManyField(Stage, related_name="warning_signs", blank=True)
    products = models.ManyToManyField(
        Product,
        related_name="warning_signs",
        blank=True,
        help_text=_("Leave empty when it matters for every product."),
    )

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("warning sign")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("journeys:urgent") + f"#{self.slug}"


class GlossaryTerm(Governed):
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    term = models.CharField(_("term"), max_length=150)
    abbreviation = models.CharField(_("abbreviation"), max_length=30, blank=True)
    pronunciation = models.CharField(_("pronunciation"), max_length=150, blank=True)
    definition = MarkdownField(_("definition"))
    also_matches = models.JSONField(
        _("also matches"),
        default=list,
        blank=True,
        help_text=_("Other forms of the term to link in text, as a list."),
    )

    class Meta:
        ordering = ["term"]
        verbose_name = _("glossary term")

    def __str__(self):
        return self.term

    def get_absolute_url(self):
        return reverse("journeys:glossary_detail", args=[self.slug])


class Resource(Governed):
    """A further-reading document imported from Markdown with YAML front matter."""

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    title = models.CharField(_("title"), max_length=300)
    body = MarkdownField(_("body"))
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    url = models.URLField(_("original URL"), max_length=500, blank=True)
    license = models.CharField(_("licence"), max_length=100, blank=True)
    version = models.CharField(_("version"), max_length=40, blank=True)
    tags = models.JSONField(_("tags"), default=list, blank=True)
    stages = models.ManyToManyField(Stage, related_name="resources", blank=True)
    products = models.ManyToManyField(Product, related_name="resources", blank=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("further-reading resource")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("journeys:resource_detail", args=[self.slug])
