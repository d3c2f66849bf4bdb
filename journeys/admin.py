from adminsortable2.admin import SortableAdminBase, SortableInlineAdminMixin
from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import (
    CareCenter,
    ChecklistItem,
    GlossaryTerm,
    Guidance,
    Indication,
    Product,
    ProductStageNote,
    Question,
    Source,
    Stage,
    Step,
    WarningSign,
)

admin.site.site_header = _("CAR-T Journey staff")
admin.site.site_title = _("CAR-T Journey staff")
admin.site.index_title = _("Content")

GOVERNANCE_FIELDSET = (
    _("Review and sources"),
    {
        "fields": ("status", "last_reviewed", "review_every", "audience", "language", "sources"),
    },
)


class ReviewDueFilter(admin.SimpleListFilter):
    title = _("review due")
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [
            ("overdue", _("Overdue")),
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


class GovernedAdmin(admin.ModelAdmin):
    list_filter = ["status", ReviewDueFilter, "audience", "language"]
    autocomplete_fields = ["sources"]
    readonly_fields = ["updated_at"]
    save_on_top = True

    @admin.display(description=_("next review"))
    def next_review(self, obj):
        due = obj.next_review
        if due is None:
            return _("never reviewed")
        return due

    @admin.display(boolean=True, description=_("review due"))
    def review_due(self, obj):
        return obj.is_review_due(timezone.localdate())


class GovernedInline:
    autocomplete_fields = ["sources"]
    extra = 0
    show_change_link = True


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["title", "publisher", "slug", "accessed", "license"]
    search_fields = ["title", "publisher", "url", "slug"]
    list_filter = ["publisher", "license"]
    prepopulated_fields = {"slug": ["title"]}


@admin.register(CareCenter)
class CareCenterAdmin(admin.ModelAdmin):
    list_display = ["name", "phone_day", "phone_after_hours"]
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
                ]
            },
        ),
    ]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not CareCenter.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


class IndicationInline(GovernedInline, SortableInlineAdminMixin, admin.StackedInline):
    model = Indication


@admin.register(Product)
class ProductAdmin(SortableAdminBase, GovernedAdmin):
    list_display = [
        "brand_name",
        "generic_name",
        "target_antigen",
        "first_approval",
        "status",
        "next_review",
        "review_due",
    ]
    search_fields = ["brand_name", "generic_name", "manufacturer", "slug"]
    list_filter = [*GovernedAdmin.list_filter, "target_antigen"]
    prepopulated_fields = {"slug": ["brand_name"]}
    inlines = [IndicationInline]
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
                    "first_approval",
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
class StageAdmin(SortableAdminBase, GovernedAdmin):
    list_display = [
        "order",
        "name",
        "duration_min_days",
        "duration_max_days",
        "status",
        "next_review",
        "review_due",
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
    list_display = ["title", "stage", "order", "product", "status", "review_due"]
    search_fields = ["title", "body", "key"]


@admin.register(Guidance)
class GuidanceAdmin(StageChildAdmin):
    list_display = ["__str__", "kind", "stage", "product", "status", "review_due"]
    list_filter = ["kind", *StageChildAdmin.list_filter]
    search_fields = ["text", "key"]


@admin.register(ChecklistItem)
class ChecklistItemAdmin(StageChildAdmin):
    list_display = ["__str__", "who", "stage", "product", "status", "review_due"]
    list_filter = ["who", *StageChildAdmin.list_filter]
    search_fields = ["text", "key"]


@admin.register(Question)
class QuestionAdmin(StageChildAdmin):
    list_display = ["__str__", "stage", "product", "status", "review_due"]
    search_fields = ["text", "key"]


@admin.register(ProductStageNote)
class ProductStageNoteAdmin(StageChildAdmin):
    list_display = ["__str__", "stage", "product", "status", "review_due"]
    search_fields = ["text"]


@admin.register(Indication)
class IndicationAdmin(GovernedAdmin):
    list_display = ["disease", "product", "accelerated", "approved_on", "status", "review_due"]
    list_filter = ["product", "accelerated", *GovernedAdmin.list_filter]
    search_fields = ["disease", "who", "key"]
    autocomplete_fields = ["sources", "product"]
    list_select_related = ["product"]


@admin.register(WarningSign)
class WarningSignAdmin(GovernedAdmin):
    list_display = ["name", "category", "action", "order", "status", "review_due"]
    list_filter = ["category", "action", "products", "stages", *GovernedAdmin.list_filter]
    search_fields = ["name", "symptoms", "why", "slug"]
    autocomplete_fields = ["sources", "stages", "products"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(GovernedAdmin):
    list_display = ["term", "abbreviation", "pronunciation", "status", "review_due"]
    search_fields = ["term", "abbreviation", "definition", "slug"]
    prepopulated_fields = {"slug": ["term"]}
