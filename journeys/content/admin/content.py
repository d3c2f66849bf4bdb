"""The admin of published content: sources, the care center, products, stages and their
items, indications, warning signs, glossary terms, further reading, check questions.
"""

from adminsortable2.admin import SortableInlineAdminMixin
from django.contrib import admin
from django.urls import path
from django.utils.translation import gettext_lazy as _

from journeys.content.admin.governed import (
    GOVERNANCE_FIELDSET,
    AwaitingReviewFilter,
    GovernedAdmin,
    GovernedInline,
    SafeHistoryAdmin,
    SortableBase,
)
from journeys.content.governance.admin_import import resource_import_view
from journeys.content.governance.admin_workflow import flag_if_label_changed
from journeys.content.models.base import Source
from journeys.content.models.care_center import CareCenter
from journeys.content.models.content import (
    ChecklistItem,
    CheckQuestion,
    GlossaryTerm,
    Guidance,
    Indication,
    Product,
    ProductStageNote,
    Question,
    Resource,
    Stage,
    Step,
    WarningSign,
)
from journeys.content.models.schedule import ProductSchedule
from journeys.content.models.tallies import CheckTally


@admin.register(Source)
class SourceAdmin(SafeHistoryAdmin):
    list_display = ["title", "publisher", "slug", "accessed", "license", "language"]
    search_fields = ["title", "publisher", "url", "slug"]
    list_filter = ["publisher", "license", "language"]
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
        (
            _("Phone numbers"),
            {
                "fields": [
                    "phone_day",
                    "phone_day_24_hours",
                    "phone_after_hours",
                    "phone_after_hours_24_hours",
                    "emergency_number",
                ]
            },
        ),
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
                    "lentiviral_vector",
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
                    ("label_version", "label_date"),
                ],
                "description": _(
                    "The days around the infusion (chemotherapy, infusions, monitoring, "
                    "staying near, driving, caregiver) are the product's schedules: "
                    "Product schedules in this admin."
                ),
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


@admin.register(ProductSchedule)
class ProductScheduleAdmin(GovernedAdmin):
    """A product's days around the infusion: edited under review like any fact."""

    list_display = [
        "__str__",
        "product",
        "use",
        "chemo_window_shown",
        "stay_near_days",
        "no_driving_days",
        "status_shown",
        "review_due",
    ]
    list_filter = ["product", *GovernedAdmin.list_filter]
    search_fields = ["product__brand_name", "key"]
    autocomplete_fields = ["sources", "product"]
    list_select_related = ["product"]
    fieldsets = [
        (None, {"fields": ["product", "key", "order", "use"]}),
        (
            _("Chemotherapy before the infusion"),
            {
                "fields": [
                    ("chemo_days_min", "chemo_days_max"),
                    ("chemo_gap_min_days", "chemo_gap_max_days"),
                ]
            },
        ),
        (
            _("Infusion and day numbering"),
            {
                "fields": [
                    "first_infusion_day",
                    ("second_infusion_day", "second_infusion_window_days"),
                ]
            },
        ),
        (
            _("After the infusion"),
            {
                "fields": [
                    "daily_monitoring_days",
                    "stay_near_days",
                    "no_driving_days",
                    "caregiver_days",
                ]
            },
        ),
        (_("Not confirmed, and label sections cited"), {"fields": ["unconfirmed", "citations"]}),
        GOVERNANCE_FIELDSET,
    ]

    @admin.display(description=_("chemotherapy days"))
    def chemo_window_shown(self, obj):
        from journeys.content.schedules import chemo_window_text

        return chemo_window_text([obj])


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
