"""Content models for CAR-T Journey.

Every piece of patient-facing content carries the same governance fields
(`Governed`), so staff can see its status, sources and when it is due for
review. Numbers that a label or a care center can change are fields on
`Product` and `CareCenter`, never words inside prose.
"""

import datetime
import hashlib
import re
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.query import ModelIterable
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .dates import local_date
from .numbers import DAY_COUNTS
from .text import fingerprint, placeholder_problems, prerender, validate_markdown


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    PUBLISHED = "published", _("Published")


class Audience(models.TextChoices):
    PATIENT = "patient", _("Patients")
    CAREGIVER = "caregiver", _("Caregivers")
    ALL = "all", _("Patients and caregivers")


class ReviewInterval(models.TextChoices):
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    SEMIANNUALLY = "semiannually", _("Every six months")
    ANNUALLY = "annually", _("Annually")


REVIEW_INTERVAL_DAYS = {
    ReviewInterval.MONTHLY: 30,
    ReviewInterval.QUARTERLY: 91,
    ReviewInterval.SEMIANNUALLY: 182,
    ReviewInterval.ANNUALLY: 365,
}


class SeedTracked(models.Model):
    """A row that `load_seeds` may write.

    `seed_data` is the row as the loader last wrote it; a field whose value now
    differs was edited by staff since, and the loader must not overwrite it
    unless told to.
    """

    seed_data = models.JSONField(default=dict, blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True


class PendingAppliedIterable(ModelIterable):
    """Yields rows with their waiting edit put on them (not saved): what a staff preview shows."""

    def __iter__(self):
        for obj in super().__iter__():
            if obj.pending:
                obj.apply_pending()
            yield obj


class ContentQuerySet(models.QuerySet):
    def published(self, *, preview=False):
        """What patients see: published rows.

        `preview=True` (a staff member previewing, see StaffPreviewMiddleware) gives every
        row instead, each with its waiting edit applied.
        """
        if preview:
            return self.with_pending_applied()
        return self.filter(status=Status.PUBLISHED)

    def with_pending_applied(self):
        clone = self.all()
        clone._iterable_class = PendingAppliedIterable
        return clone

    def for_role(self, role):
        """What a patient or a caregiver reads: rows for everyone plus those for their role.

        Anything but "caregiver" (no choice yet) reads as the patient, like the start page.
        """
        if role == Audience.CAREGIVER:
            return self.exclude(audience=Audience.PATIENT)
        return self.exclude(audience=Audience.CAREGIVER)

    def for_product(self, product):
        """Rows for everyone, plus the rows limited to `product` (None = general journey)."""
        if product is None:
            return self.filter(product__isnull=True)
        return self.filter(Q(product__isnull=True) | Q(product=product))

    def review_due(self, within_days=0, today=None):
        """Rows whose next review falls on or before today + within_days."""
        today = today or timezone.localdate()
        horizon = today + datetime.timedelta(days=within_days)
        due = Q(last_reviewed__isnull=True)
        for interval, days in REVIEW_INTERVAL_DAYS.items():
            due |= Q(
                review_every=interval,
                last_reviewed__lte=horizon - datetime.timedelta(days=days),
            )
        return self.filter(due | ~Q(review_reason=""))

    def awaiting_review(self):
        return self.filter(Q(status=Status.IN_REVIEW) | Q(pending_status=Status.IN_REVIEW))


class Reviewed(SeedTracked):
    """A row whose changes wait for a medical reviewer: the review cycle's own fields.

    The row's fields are what patients see; an edit waits in `pending` until a reviewer
    publishes it (journeys/governance/workflow.py). Governed content and the CareCenter
    (whose phone numbers patients call) share this.
    """

    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    last_reviewed = models.DateField(_("last reviewed"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("published by"),
    )
    # An edit to published content waits here until a reviewer approves it, so
    # patients keep seeing the published words (see journeys/README.md).
    pending = models.JSONField(_("pending edit"), default=dict, blank=True, editable=False)
    pending_status = models.CharField(
        _("pending edit status"),
        max_length=12,
        blank=True,
        choices=[(Status.DRAFT, _("Draft")), (Status.IN_REVIEW, _("In review"))],
        editable=False,
    )
    review_reason = models.CharField(
        _("flagged for review because"), max_length=200, blank=True, editable=False
    )

    objects = ContentQuerySet.as_manager()

    class Meta:
        abstract = True

    def before_publish(self):
        """Called by the review workflow just before a reviewer's publish is saved."""

    def apply_pending(self):
        """Put the pending edit's values on this instance (not saved). Returns source ids."""
        for attname, value in self.pending.items():
            if attname == "sources":
                continue
            field = self._meta.get_field(attname.removesuffix("_id"))
            setattr(self, field.attname, field.to_python(value))
        return self.pending.get("sources")


class Governed(Reviewed):
    """Patient-facing content: reviewed, scheduled for re-review, cited, for an audience."""

    review_every = models.CharField(
        _("review every"),
        max_length=12,
        choices=ReviewInterval.choices,
        default=ReviewInterval.QUARTERLY,
    )
    audience = models.CharField(
        _("audience"), max_length=10, choices=Audience.choices, default=Audience.ALL
    )
    language = models.CharField(_("language"), max_length=8, default="en")
    sources = models.ManyToManyField(
        "journeys.Source", related_name="+", blank=True, verbose_name=_("sources")
    )
    # Each filled field's HTML, rendered when the row is saved: {field: [fingerprint,
    # block HTML, one-line HTML]}, placeholders kept for fill_html (see `html`).
    rendered = models.JSONField(default=dict, blank=True, editable=False)

    #: One-line text fields that are filled like prose (Markdown fields always are).
    FILLED_LINES = ()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.render_fields()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "rendered" not in update_fields:
            kwargs["update_fields"] = [*update_fields, "rendered"]
        super().save(*args, **kwargs)

    @classmethod
    def filled_fields(cls):
        """The text fields whose `{placeholders}` are filled when shown."""
        if "_filled_fields" not in cls.__dict__:
            cls._filled_fields = tuple(
                f.name
                for f in cls._meta.concrete_fields
                if isinstance(f, MarkdownField) or f.name in cls.FILLED_LINES
            )
        return cls._filled_fields

    @classmethod
    def shown_as_written(cls):
        """Text fields shown exactly as written (names, titles): no placeholder may go in."""
        filled = set(cls.filled_fields())
        return [
            f.name
            for f in cls._meta.concrete_fields
            if isinstance(f, (models.CharField, models.TextField))
            and not isinstance(f, models.SlugField)
            and not f.choices
            and f.editable
            and f.name not in filled
            and f.name != "language"
        ]

    def clean_fields(self, exclude=None):
        errors = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        exclude = set(exclude or ())
        for names, filled in ((self.filled_fields(), True), (self.shown_as_written(), False)):
            for name in names:
                if name in exclude or name in errors:
                    continue
                problems = placeholder_problems(getattr(self, name), filled=filled)
                if problems:
                    errors[name] = problems
        if errors:
            raise ValidationError(errors)

    def render_fields(self):
        """Store each filled field's HTML (called on save)."""
        self.rendered = {
            name: [fingerprint(text), *prerender(text)]
            for name in self.filled_fields()
            if (text := getattr(self, name))
        }

    def html(self, name, *, line=False):
        """A filled field's HTML, placeholders unfilled: stored when it still matches the
        text (a preview of a waiting edit does not), rendered otherwise."""
        text = getattr(self, name)
        if not text:
            return ""
        stored = self.rendered.get(name)
        if stored and stored[0] == fingerprint(text):
            return stored[2] if line else stored[1]
        return prerender(text)[1 if line else 0]

    @property
    def next_review(self):
        if self.last_reviewed is None:
            return None
        return self.last_reviewed + datetime.timedelta(days=REVIEW_INTERVAL_DAYS[self.review_every])

    def is_review_due(self, today=None):
        today = today or timezone.localdate()
        return self.next_review is None or self.next_review <= today


class MarkdownField(models.TextField):
    """Staff-written Markdown, limited so that rendering it stays fast (text.validate_markdown).

    It is a TextField in the database and in migrations; only the validation differs.
    """

    default_validators = [validate_markdown]

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.TextField", args, kwargs


def min_le_max(low, high):
    return models.CheckConstraint(
        condition=Q(**{f"{low}__isnull": True})
        | Q(**{f"{high}__isnull": True})
        | Q(**{f"{low}__lte": F(high)}),
        name=f"%(app_label)s_%(class)s_{low}_le_{high}",
    )


def validate_day_list(value):
    if not isinstance(value, list) or not all(
        isinstance(day, int) and not isinstance(day, bool) and 0 <= day <= 5475 for day in value
    ):
        raise ValidationError(_("Enter a list of whole days after infusion, like [30, 90]."))


def validate_day_count_names(value):
    if not isinstance(value, list) or not all(name in DAY_COUNTS for name in value):
        raise ValidationError(
            _("Enter a list of day counts, chosen from: %(names)s.")
            % {"names": ", ".join(DAY_COUNTS)}
        )


class Source(SeedTracked):
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    title = models.CharField(_("title"), max_length=300)
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    url = models.URLField(_("URL"), max_length=500)
    accessed = models.DateField(_("date accessed"), null=True, blank=True)
    license = models.CharField(_("licence"), max_length=100, blank=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("source")
        # The one permission that lets a medical reviewer publish any content.
        permissions = [("publish_content", _("Can publish content and send it back"))]

    def __str__(self):
        return self.title


PHONE_NUMBER = re.compile(r"\+?[0-9(][0-9 ().\-]*")


def validate_phone_number(value):
    """A number a phone can dial from a tel: link: digits, with spaces ( ) . - and a leading +."""
    digits = sum(ch.isdigit() for ch in value)
    if not PHONE_NUMBER.fullmatch(value.strip()) or digits < 3:
        raise ValidationError(
            _(
                "Enter a phone number a phone can dial: digits, with spaces, ( ) . - "
                "and a leading +."
            ),
            code="phone",
        )


#: What seeds/care_center.yaml ships so that `make run` works; a live site replaces them all.
EXAMPLE_CENTER_NAMES = ("Your CAR-T treatment center", "Your care center")
EXAMPLE_CENTER_ADDRESSES = ("Replace with your center's address",)
#: 555-0100 to 555-0199 (and the 555 area code) are set aside for fiction: no one answers.
FICTIONAL_PHONE = re.compile(r"555\D{0,3}01\d")


class CareCenter(Reviewed):
    """The one care center that deploys the site; its numbers may be stricter than a label's.

    Patients call these numbers, so a change waits for a medical reviewer like content.
    """

    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PUBLISHED
    )

    name = models.CharField(_("name"), max_length=200)
    phone_day = models.CharField(
        _("phone (daytime)"), max_length=40, validators=[validate_phone_number]
    )
    phone_after_hours = models.CharField(
        _("phone (24 hours / after hours)"), max_length=40, validators=[validate_phone_number]
    )
    emergency_number = models.CharField(
        _("emergency number"), max_length=20, default="911", validators=[validate_phone_number]
    )
    address = models.TextField(_("address"), blank=True)
    stay_near_days = models.PositiveSmallIntegerField(
        _("days to stay near the center after infusion"), default=14
    )
    no_driving_days = models.PositiveSmallIntegerField(
        _("days without driving after infusion"), default=14
    )
    caregiver_days = models.PositiveSmallIntegerField(
        _("days a caregiver stays with the patient"), default=14
    )
    daily_monitoring_days = models.PositiveSmallIntegerField(
        _("days of daily monitoring after infusion"), default=7
    )
    follow_up_days = models.JSONField(
        _("follow-up visits (days after infusion)"),
        default=list,
        blank=True,
        validators=[validate_day_list],
        help_text=_("Your center's usual follow-up visits, as days after infusion, e.g. [30, 90]."),
    )
    fever_celsius = models.FloatField(
        _("fever starts at (°C)"),
        default=38.0,
        validators=[MinValueValidator(37.5), MaxValueValidator(39.0)],
        help_text=_(
            "The temperature your center treats as a fever, in °C; pages show it in °F too "
            "(38.0 °C = 100.4 °F)."
        ),
    )

    temperature_checks_per_day = models.PositiveSmallIntegerField(
        _("temperature checks a day (daily log)"),
        default=4,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text=_("How many times a day the log asks the family to take the temperature."),
    )
    log_last_day = models.PositiveSmallIntegerField(
        _("last day of the daily log (days after infusion)"),
        default=28,
        validators=[MinValueValidator(7), MaxValueValidator(100)],
        help_text=_("The daily log runs from infusion day (day 0) through this day."),
    )
    handwriting_sentence = models.CharField(
        _("handwriting check sentence"),
        max_length=120,
        default="The quick brown fox jumps over the lazy dog.",
        help_text=_("The short sentence the patient writes each day in the daily log."),
    )

    class Meta:
        verbose_name = _("care center")
        constraints = [
            models.CheckConstraint(condition=Q(pk=1), name="journeys_carecenter_single_row"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # There is exactly one center per deployment.
        self.pk = 1
        super().save(*args, **kwargs)

    @classmethod
    def load(cls):
        return cls.objects.filter(pk=1).first() or cls(name=EXAMPLE_CENTER_NAMES[0])

    def example_fields(self):
        """The fields that still hold the example values `make run` ships (see checks.py)."""
        fields = []
        if self.name in EXAMPLE_CENTER_NAMES:
            fields.append("name")
        for name in ("phone_day", "phone_after_hours"):
            if not getattr(self, name) or FICTIONAL_PHONE.search(getattr(self, name)):
                fields.append(name)
        if self.address in EXAMPLE_CENTER_ADDRESSES:
            fields.append("address")
        return fields

    @property
    def fever_fahrenheit(self):
        return round(self.fever_celsius * 9 / 5 + 32, 1)

    @property
    def has_example_name(self):
        return self.name in EXAMPLE_CENTER_NAMES

    @property
    def display_name(self):
        """The name as prose uses it mid-sentence: "near your treatment center" until the
        center has put in its real name (never "near Your CAR-T treatment center")."""
        return str(_("your treatment center")) if self.has_example_name else self.name

    @property
    def display_address(self):
        return "" if self.address in EXAMPLE_CENTER_ADDRESSES else self.address


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


#: Every model the seed files fill, in the order they must be loaded.
CONTENT_MODELS = [
    Product,
    Indication,
    Stage,
    Step,
    Guidance,
    ChecklistItem,
    Question,
    CheckQuestion,
    ProductStageNote,
    WarningSign,
    GlossaryTerm,
]
# Resource is defined below and appended there, so CONTENT_MODELS covers it too.


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


CONTENT_MODELS.append(Resource)


class ContentVersion(models.Model):
    """One number that changes whenever any content changes (see journeys/pagecache.py)."""

    value = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(pk=1), name="journeys_contentversion_single_row"),
        ]

    def __str__(self):
        return str(self.value)


#: What a translation of each kind of content holds: the fields a reader sees in words.
#: Everything else (order, product, numbers, links, sources by default) is the English row's.
TRANSLATED_FIELDS = {
    Product: ("summary", "how_given", "dose_plain", "boxed_warning"),
    Indication: ("disease", "who"),
    Stage: ("name", "summary", "timing", "what_happens"),
    Step: ("title", "body"),
    Guidance: ("text",),
    ChecklistItem: ("text",),
    Question: ("text",),
    CheckQuestion: (
        "text",
        "answer_1",
        "explain_1",
        "answer_2",
        "explain_2",
        "answer_3",
        "explain_3",
    ),
    ProductStageNote: ("text",),
    WarningSign: ("name", "symptoms", "why"),
    GlossaryTerm: ("term", "definition", "abbreviation", "pronunciation", "also_matches"),
    Resource: ("title", "body"),
}


def english_fingerprint(obj):
    """A checksum of the words a translation of `obj` is written from (TRANSLATED_FIELDS)."""
    names = TRANSLATED_FIELDS[type(obj)]
    words = "\x1f".join(repr(getattr(obj, name)) for name in names)
    return hashlib.sha256(words.encode()).hexdigest()[:32]


class Translation(Governed):
    """One content item in another language, governed on its own.

    It has its own status, review dates, sources and history, like any content. It
    records which version of the English it was written from (`translates`); when the
    English is published again with other words, the translation is out of date (admin,
    /admin/review/, content_report) while patients keep reading its published words.
    """

    content_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.CASCADE, verbose_name=_("kind of item")
    )
    object_id = models.PositiveBigIntegerField(_("English item"))
    original = GenericForeignKey("content_type", "object_id")
    fields = models.JSONField(_("translated words"), default=dict, blank=True)
    translates = models.CharField(
        _("written from the English version"), max_length=64, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("translation")
        ordering = ["content_type", "object_id", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "language"],
                name="journeys_translation_one_per_language",
            ),
        ]
        indexes = [models.Index(fields=["language", "status"])]

    def __str__(self):
        original = self.original
        return f"{self.language}: {original}" if original is not None else self.language

    @property
    def original_model(self):
        return self.content_type.model_class()

    def translated_names(self):
        return TRANSLATED_FIELDS.get(self.original_model, ())

    def filled_names(self):
        return set(self.original_model.filled_fields()) & set(self.translated_names())

    def render_fields(self):
        """Store each filled field's HTML, as the English row does (see Governed.html)."""
        filled = self.filled_names()
        self.rendered = {
            name: [fingerprint(text), *prerender(text)]
            for name, text in self.fields.items()
            if name in filled and isinstance(text, str) and text
        }

    def clean_fields(self, exclude=None):
        errors = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        problems = self.field_problems()
        if problems:
            errors.setdefault("fields", []).extend(problems)
        if errors:
            raise ValidationError(errors)

    def field_problems(self, original=None):
        """What is wrong with the translated words: unknown fields, unknown placeholders,
        or a placeholder set that differs from the English field's."""
        original = original or self.original
        names = self.translated_names()
        filled = self.filled_names()
        problems = []
        for name, text in (self.fields or {}).items():
            if name not in names:
                problems.append(
                    _("“%(name)s” is not a field this kind of item translates.") % {"name": name}
                )
                continue
            if not isinstance(text, str):
                continue
            problems += [f"{name}: {p}" for p in placeholder_problems(text, filled=name in filled)]
            if original is not None and name in filled:
                english = set(PLACEHOLDER_NAMES_RE.findall(getattr(original, name) or ""))
                here = set(PLACEHOLDER_NAMES_RE.findall(text))
                if english != here:
                    problems.append(
                        _("%(name)s: use the same placeholders as the English (%(english)s).")
                        % {"name": name, "english": ", ".join(sorted(english)) or "none"}
                    )
        return problems

    def is_out_of_date(self, original=None):
        """The English has other words than the ones this translation was written from."""
        original = original or self.original
        return original is not None and self.translates != english_fingerprint(original)

    def before_publish(self):
        """Publishing a translation says it now matches the English as it stands."""
        if self.original is not None:
            self.translates = english_fingerprint(self.original)


PLACEHOLDER_NAMES_RE = re.compile(r"\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}")
CONTENT_MODELS.append(Translation)


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


# The daily check log lives in its own package; its models are journeys models.
from .log.models import LogDay, LogEntry  # noqa: E402, F401
