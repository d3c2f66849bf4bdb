"""The governance every piece of published content shares.

Every piece of patient-facing content carries the same governance fields
(`Governed`), so staff can see its status, sources and when it is due for
review. `Reviewed` is the review cycle itself (shared with the CareCenter),
`SeedTracked` what the seed loader and the history need, `ContentQuerySet` what
patients and staff may read. `Source` is what `Governed.sources` cites; its Meta
holds the one permission that publishes content. Also here: the field and
constraint helpers the content models use.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.query import ModelIterable
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from journeys.content.placeholders import DAY_COUNTS
from journeys.content.text import fingerprint, placeholder_problems, prerender, validate_markdown


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


#: Columns only staff work reads (the seed loader's copy, a waiting edit).
STAFF_ONLY = ("seed_data", "pending")


class ContentQuerySet(models.QuerySet):
    def published(self, *, preview=False):
        """What patients see: published rows.

        `preview=True` (a staff member previewing, see StaffPreviewMiddleware) gives every
        row instead, each with its waiting edit applied.
        """
        if preview:
            return self.with_pending_applied()
        # A patient's page never shows what the seed loader last wrote nor a waiting
        # edit: those JSON columns stay unread (each would be decoded on every row).
        staff_only = [f.attname for f in self.model._meta.concrete_fields if f.name in STAFF_ONLY]
        return self.filter(status=Status.PUBLISHED).defer(*staff_only)

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
    publishes it (journeys/content/governance/workflow.py). Governed content and the CareCenter
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
    language = models.CharField(
        _("language"),
        max_length=8,
        default="en",
        help_text=_(
            "The language the document is written in. Pages in another language say so "
            "beside its title, for example “(en inglés)”."
        ),
    )

    class Meta:
        ordering = ["title"]
        verbose_name = _("source")
        # The one permission that lets a medical reviewer publish any content.
        permissions = [("publish_content", _("Can publish content and send it back"))]

    def __str__(self):
        return self.title
