import functools

import django
from adminsortable2.admin import SortableAdminBase, SortableInlineAdminMixin
from django import forms
from django.contrib import admin
from django.contrib.staticfiles import finders
from django.urls import path
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .governance.admin_import import resource_import_view
from .governance.admin_workflow import (
    WorkflowMixin,
    flag_if_label_changed,
    history_changes,
    publish_all,
    save_children,
    save_governed,
    save_relations,
    send_back_all,
    submit_all,
    waiting_edit_panel,
    workflow_summary,
)
from .governance.forms import TranslationForm
from .governance.readability import TARGET_EASE_ES, TARGET_GRADE, grade, spanish_ease
from .governance.workflow import can_publish
from .models import (
    CareCenter,
    ChecklistItem,
    CheckQuestion,
    CheckTally,
    GlossaryTerm,
    Guidance,
    Indication,
    Product,
    ProductStageNote,
    Question,
    Resource,
    Source,
    Stage,
    Step,
    Translation,
    WarningSign,
)


class SortableBase(SortableAdminBase):
    """django-admin-sortable2 swaps Django's actions.js for a copy per Django version and
    has none for 6.1 yet (a 404 that breaks the action bar); keep Django's own then."""

    # Django 6 lists scripts as Script objects, which compare equal to their path. (Calling
    # str methods on them raised inside this property, and the admin silently rendered no
    # scripts at all: no core.js, no prepopulate.js.)
    SORTABLE_ACTIONS = f"adminsortable2/js/actions-{django.VERSION[0]}.{django.VERSION[1]}.js"

    @property
    def media(self):
        media = super().media
        missing = not _static_exists(self.SORTABLE_ACTIONS)
        js = [
            "admin/js/actions.js" if missing and asset == self.SORTABLE_ACTIONS else asset
            for asset in media._js
        ]
        return forms.Media(css=media._css, js=js)


@functools.cache
def _static_exists(path):
    return finders.find(path) is not None


GOVERNANCE_FIELDSET = (
    _("Review and sources"),
    {
        "fields": (
            "status",
            "workflow_state",
            "row_version",
            "last_reviewed",
            "review_every",
            "audience",
            "language",
            "sources",
            "reading_grade",
        ),
    },
)


class ReviewDueFilter(admin.SimpleListFilter):
    title = _("review due")
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [
            ("overdue", _("Overdue or flagged")),
            ("30", _("Due within 30 days")),
            ("ok", _("Not due")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "overdue":
            return queryset.review_due()
        if self.value() == "30":
            return queryset.review_due(within_days=30)
        if self.value() == "ok":
            return queryset.exclude(pk__in=queryset.review_due(within_days=30).values("pk"))
        return queryset


class AwaitingReviewFilter(admin.SimpleListFilter):
    title = _("waiting for a reviewer")
    parameter_name = "awaiting"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.awaiting_review()
        return queryset


class GovernedAdmin(WorkflowMixin, SimpleHistoryAdmin):
    list_filter = ["status", AwaitingReviewFilter, ReviewDueFilter, "audience", "language"]
    autocomplete_fields = ["sources"]
    readonly_fields = ["updated_at", "workflow_state", "reading_grade", "waiting_edit"]
    history_list_display = ["waiting_edit_changes"]
    save_on_top = True
    actions = ["submit_for_review", "publish", "send_back"]

    # -- what staff see ------------------------------------------------------

    def view_on_site(self, obj):
        """Staff land on the real patient page in preview, so drafts and edits show."""
        if hasattr(obj, "get_absolute_url"):
            url = obj.get_absolute_url()
            return url.replace("#", "?preview=1#", 1) if "#" in url else f"{url}?preview=1"
        return None

    @admin.display(description=_("next review"))
    def next_review(self, obj):
        due = obj.next_review
        if due is None:
            return _("never reviewed")
        return due

    @admin.display(boolean=True, description=_("review due"))
    def review_due(self, obj):
        return bool(obj.review_reason) or obj.is_review_due(timezone.localdate())

    @admin.display(description=_("reading grade"))
    def reading_grade(self, obj):
        value = grade(obj) if obj and obj.pk else None
        if value is None:
            return "—"
        if value > TARGET_GRADE:
            return format_html(
                '<strong class="grade-warning">{} ⚠ {}</strong>', value, _("above grade 8")
            )
        return value

    @admin.display(description=_("status"), ordering="status")
    def status_shown(self, obj):
        if obj.pending:
            return _("%(status)s · edit waiting") % {"status": obj.get_status_display()}
        return obj.get_status_display()

    @admin.display(description=_("workflow"))
    def workflow_state(self, obj):
        return workflow_summary(obj)

    # -- saving: editors' changes to published content wait for review -------

    def get_object(self, request, object_id, from_field=None):
        """The change form opens on the waiting edit, so a second save builds on it."""
        obj = super().get_object(request, object_id, from_field)
        if obj is not None and obj.pending:
            obj.apply_pending()
        return obj

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if obj is not None and obj.pending:
            fieldsets.insert(0, (_("Edit waiting for review"), {"fields": ["waiting_edit"]}))
        return fieldsets

    @admin.display(description=_("what the edit changes"))
    def waiting_edit(self, obj):
        return waiting_edit_panel(obj)

    @admin.display(description=_("waiting edit"))
    def waiting_edit_changes(self, record):
        return history_changes(record)

    def save_model(self, request, obj, form, change):
        save_governed(
            self,
            request,
            obj,
            form,
            change,
            lambda: super(GovernedAdmin, self).save_model(request, obj, form, change),
        )

    def save_related(self, request, form, formsets, change):
        save_relations(
            form, formsets, lambda formset: self.save_formset(request, form, formset, change)
        )

    def save_formset(self, request, form, formset, change):
        save_children(
            request,
            formset,
            lambda: super(GovernedAdmin, self).save_formset(request, form, formset, change),
        )

    # -- actions -------------------------------------------------------------

    @admin.action(description=_("Submit for review"))
    def submit_for_review(self, request, queryset):
        submit_all(queryset)
        self.message_user(request, _("Submitted for review."))

    @admin.action(description=_("Publish (medical reviewers)"), permissions=["publish"])
    def publish(self, request, queryset):
        publish_all(request, queryset)
        self.message_user(request, _("Published."))

    @admin.action(description=_("Send back to editors"), permissions=["publish"])
    def send_back(self, request, queryset):
        send_back_all(request, queryset)
        self.message_user(request, _("Sent back as a draft."))

    def has_publish_permission(self, request):
        return can_publish(request.user)


class GovernedInline(WorkflowMixin):
    autocomplete_fields = ["sources"]
    extra = 0
    show_change_link = True


@admin.register(Source)
class SourceAdmin(SimpleHistoryAdmin):
    list_display = ["title", "publisher", "slug", "accessed", "license"]
    search_fields = ["title", "publisher", "url", "slug"]
    list_filter = ["publisher", "license"]
    prepopulated_fields = {"slug": ["title"]}


@admin.register(CareCenter)
class CareCenterAdmin(GovernedAdmin):
    """The numbers patients call go through review too: an editor's change waits."""

    list_display = ["name", "phone_day", "phone_after_hours", "status_shown"]
    list_filter = [AwaitingReviewFilter]
    autocomplete_fields = []
    readonly_fields = ["updated_at", "workflow_state", "waiting_edit"]
    fieldsets = [
        (None, {"fields": ["name", "address"]}),
        (_("Phone numbers"), {"fields": ["phone_day", "phone_after_hours", "emergency_number"]}),
        (
            _("Your center's rules (may be stricter than a label)"),
            {
                "fields": [
                    "daily_monitoring_days",
                    "stay_near_days",
                    "no_driving_days",
                    "caregiver_days",
                    "follow_up_days",
                    "fever_celsius",
                ]
            },
        ),
        (
            _("Daily check log"),
            {"fields": ["temperature_checks_per_day", "log_last_day", "handwriting_sentence"]},
        ),
        (_("Review"), {"fields": ["workflow_state", "row_version"]}),
    ]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not CareCenter.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


class IndicationInline(GovernedInline, SortableInlineAdminMixin, admin.StackedInline):
    model = Indication


@admin.register(Product)
class ProductAdmin(SortableBase, GovernedAdmin):
    list_display = [
        "brand_name",
        "generic_name",
        "target_antigen",
        "first_approval_shown",
        "status_shown",
        "next_review",
        "review_due",
        "reading_grade",
    ]
    search_fields = ["brand_name", "generic_name", "manufacturer", "slug"]
    list_filter = [*GovernedAdmin.list_filter, "target_antigen"]
    prepopulated_fields = {"slug": ["brand_name"]}
    inlines = [IndicationInline]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        flag_if_label_changed(request, obj, form, change)

    @admin.display(description=_("first US approval"), ordering="first_approval")
    def first_approval_shown(self, obj):
        return obj.first_approval_label

    fieldsets = [
        (
            None,
            {
                "fields": [
                    "brand_name",
                    "slug",
                    "generic_name",
                    "pronunciation",
                    "manufacturer",
                    "target_antigen",
                    "costimulatory_domain",
                    ("first_approval", "first_approval_precision"),
                    "medication_guide_url",
                    "summary",
                    "how_given",
                    "dose_plain",
                    "boxed_warning",
                    "rems_required",
                ]
            },
        ),
        (
            _("Numbers from the label"),
            {
                "fields": [
                    ("manufacturing_days_min", "manufacturing_days_max"),
                    "lymphodepletion_days",
                    ("infusion_after_ld_min_days", "infusion_after_ld_max_days"),
                    "daily_monitoring_days",
                    "stay_near_days",
                    "no_driving_days",
                    "caregiver_days",
                    "unconfirmed_numbers",
                    ("second_infusion_day", "second_infusion_window_days"),
                    ("label_version", "label_date"),
                ]
            },
        ),
        GOVERNANCE_FIELDSET,
    ]


class StageChildInline(GovernedInline, SortableInlineAdminMixin, admin.StackedInline):
    autocomplete_fields = ["sources", "product"]


class StepInline(StageChildInline):
    model = Step
    fields = ["key", "title", "body", "product", "status", "sources"]


class GuidanceInline(StageChildInline, admin.TabularInline):
    model = Guidance
    fields = ["key", "kind", "text", "product", "status", "sources"]


class ChecklistItemInline(StageChildInline, admin.TabularInline):
    model = ChecklistItem
    fields = ["key", "who", "text", "product", "status", "sources"]


class QuestionInline(StageChildInline, admin.TabularInline):
    model = Question
    fields = ["key", "text", "product", "status", "sources"]


class ProductStageNoteInline(GovernedInline, admin.StackedInline):
    model = ProductStageNote
    autocomplete_fields = ["sources", "product"]
    fields = ["product", "text", "status", "sources"]


@admin.register(Stage)
class StageAdmin(SortableBase, GovernedAdmin):
    list_display = [
        "order",
        "name",
        "duration_min_days",
        "duration_max_days",
        "status_shown",
        "next_review",
        "review_due",
        "reading_grade",
    ]
    list_display_links = ["name"]
    search_fields = ["name", "summary", "what_happens", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [
        StepInline,
        GuidanceInline,
        ChecklistItemInline,
        QuestionInline,
        ProductStageNoteInline,
    ]
    fieldsets = [
        (None, {"fields": ["name", "slug", "order", "summary", "what_happens", "timing"]}),
        (
            _("Typical timing"),
            {
                "fields": [
                    ("duration_min_days", "duration_max_days"),
                    ("starts_day", "ends_day"),
                ]
            },
        ),
        GOVERNANCE_FIELDSET,
    ]


class StageChildAdmin(GovernedAdmin):
    """Stage children also have their own lists, so staff can filter and search across stages."""

    list_filter = ["stage", "product", *GovernedAdmin.list_filter]
    autocomplete_fields = ["sources", "stage", "product"]
    list_select_related = ["stage", "product"]


@admin.register(Step)
class StepAdmin(StageChildAdmin):
    list_display = [
        "title",
        "stage",
        "order",
        "product",
        "status_shown",
        "review_due",
        "reading_grade",
    ]
    search_fields = ["title", "body", "key"]


@admin.register(Guidance)
class GuidanceAdmin(StageChildAdmin):
    list_display = [
        "__str__",
        "kind",
        "stage",
        "product",
        "status_shown",
        "review_due",
        "reading_grade",
    ]
    list_filter = ["kind", *StageChildAdmin.list_filter]
    search_fields = ["text", "key"]


@admin.register(ChecklistItem)
class ChecklistItemAdmin(StageChildAdmin):
    list_display = [
        "__str__",
        "who",
        "stage",
        "product",
        "status_shown",
        "review_due",
        "reading_grade",
    ]
    list_filter = ["who", *StageChildAdmin.list_filter]
    search_fields = ["text", "key"]


@admin.register(Question)
class QuestionAdmin(StageChildAdmin):
    list_display = ["__str__", "stage", "product", "status_shown", "review_due", "reading_grade"]
    search_fields = ["text", "key"]


@admin.register(ProductStageNote)
class ProductStageNoteAdmin(StageChildAdmin):
    list_display = ["__str__", "stage", "product", "status_shown", "review_due", "reading_grade"]
    search_fields = ["text"]


@admin.register(Indication)
class IndicationAdmin(GovernedAdmin):
    list_display = [
        "disease",
        "product",
        "accelerated",
        "approved_on",
        "status_shown",
        "review_due",
        "reading_grade",
    ]
    list_filter = ["product", "accelerated", *GovernedAdmin.list_filter]
    search_fields = ["disease", "who", "key"]
    autocomplete_fields = ["sources", "product"]
    list_select_related = ["product"]


@admin.register(WarningSign)
class WarningSignAdmin(GovernedAdmin):
    list_display = [
        "name",
        "category",
        "action",
        "order",
        "status_shown",
        "review_due",
        "reading_grade",
    ]
    list_filter = ["category", "action", "products", "stages", *GovernedAdmin.list_filter]
    search_fields = ["name", "symptoms", "why", "slug"]
    autocomplete_fields = ["sources", "stages", "products"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(GovernedAdmin):
    list_display = [
        "term",
        "abbreviation",
        "pronunciation",
        "status_shown",
        "review_due",
        "reading_grade",
    ]
    search_fields = ["term", "abbreviation", "definition", "slug"]
    prepopulated_fields = {"slug": ["term"]}


@admin.register(Resource)
class ResourceAdmin(GovernedAdmin):
    list_display = [
        "title",
        "publisher",
        "status_shown",
        "next_review",
        "review_due",
        "reading_grade",
    ]
    list_filter = ["stages", "products", *GovernedAdmin.list_filter]
    search_fields = ["title", "body", "publisher", "slug"]
    autocomplete_fields = ["sources", "stages", "products"]
    prepopulated_fields = {"slug": ["title"]}
    change_list_template = "admin/journeys/resource/change_list.html"

    def get_urls(self):
        urls = super().get_urls()
        upload = path(
            "import/",
            self.admin_site.admin_view(self.import_view),
            name="journeys_resource_import",
        )
        return [upload, *urls]

    def import_view(self, request):
        return resource_import_view(self, request)


class OutOfDateFilter(admin.SimpleListFilter):
    title = _("English changed since")
    parameter_name = "stale"

    def lookups(self, request, model_admin):
        return [("yes", _("Translation out of date"))]

    def queryset(self, request, queryset):
        if self.value() != "yes":
            return queryset
        stale = [t.pk for t in queryset.select_related("content_type") if t.is_out_of_date()]
        return queryset.filter(pk__in=stale)


@admin.register(Translation)
class TranslationAdmin(GovernedAdmin):
    form = TranslationForm
    list_display = [
        "__str__",
        "content_type",
        "language",
        "status_shown",
        "out_of_date",
        "review_due",
        "reading_ease",
    ]
    list_filter = ["language", OutOfDateFilter, "content_type", *GovernedAdmin.list_filter]
    ordering = ["pk"]  # the order the seeds give: products, stages and their items, signs, words
    search_fields = ["fields"]
    readonly_fields = [*GovernedAdmin.readonly_fields, "reading_ease", "out_of_date", "english"]
    fieldsets = [
        (_("Which item"), {"fields": ["content_type", "object_id", "language", "english"]}),
        (
            _("Review and sources"),
            {
                "fields": [
                    "status",
                    "workflow_state",
                    "row_version",
                    "out_of_date",
                    "last_reviewed",
                    "review_every",
                    "sources",
                    "reading_ease",
                ]
            },
        ),
    ]

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        form = self.get_form(request, obj)(instance=obj) if obj is not None else None
        if form is not None and form.word_fields:
            words = [key for _name, key in form.word_fields]
            fieldsets.insert(1, (_("Translated words"), {"fields": words}))
        return fieldsets

    def get_queryset(self, request):
        # Each row names its English item: one query per kind, not one per row.
        return (
            super()
            .get_queryset(request)
            .select_related("content_type")
            .prefetch_related("original")
        )

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["fields"] = None  # the word boxes are made by the form itself
        return super().get_form(request, obj, change=change, **kwargs)

    @admin.display(description=_("the English item"))
    def english(self, obj):
        original = obj.original if obj and obj.pk else None
        return str(original) if original is not None else "—"

    @admin.display(boolean=True, description=_("translation out of date"))
    def out_of_date(self, obj):
        return bool(obj and obj.pk and obj.is_out_of_date())

    @admin.display(description=_("Spanish reading ease"))
    def reading_ease(self, obj):
        value = spanish_ease(obj) if obj and obj.pk else None
        if value is None:
            return "—"
        if value < TARGET_EASE_ES:
            return format_html(
                '<strong class="grade-warning">{} ⚠ {}</strong>', value, _("below “fairly easy”")
            )
        return value


# Issue 16: check questions, and how people answer them (counts only, nobody's answers).
@admin.register(CheckQuestion)
class CheckQuestionAdmin(StageChildAdmin):
    list_display = [
        "__str__",
        "stage",
        "first_answers",
        "first_wrong",
        "wrong_share",
        "status_shown",
        "review_due",
        "reading_grade",
    ]
    list_select_related = ["stage", "product", "tally"]
    search_fields = ["text", "key"]
    fieldsets = [
        (None, {"fields": ["stage", "key", "order", "product", "text", "step_key"]}),
        (
            _("Answers"),
            {
                "fields": [
                    "answer_1",
                    "explain_1",
                    "answer_2",
                    "explain_2",
                    "answer_3",
                    "explain_3",
                    "correct",
                ]
            },
        ),
        GOVERNANCE_FIELDSET,
    ]

    def _tally(self, obj):
        try:
            return obj.tally
        except CheckTally.DoesNotExist:
            return None

    @admin.display(description=_("first answers"), ordering="tally__answered")
    def first_answers(self, obj):
        tally = self._tally(obj)
        return tally.answered if tally else 0

    @admin.display(description=_("first answer wrong"), ordering="tally__first_wrong")
    def first_wrong(self, obj):
        tally = self._tally(obj)
        return tally.first_wrong if tally else 0

    @admin.display(description=_("wrong at first"))
    def wrong_share(self, obj):
        tally = self._tally(obj)
        if not tally or not tally.answered:
            return "–"
        return f"{round(100 * tally.first_wrong / tally.answered)} %"
