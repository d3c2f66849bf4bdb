"""The admin of translations: the words per item and language, and whether the English moved on."""

from django.contrib import admin
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from journeys.content.admin.governed import GovernedAdmin
from journeys.content.governance.forms import TranslationForm
from journeys.content.governance.readability import TARGET_EASE_ES, spanish_ease
from journeys.content.governance.terms import translation_refused_forms
from journeys.content.models.translation import Translation


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
        "term_check",
    ]
    list_filter = ["language", OutOfDateFilter, "content_type", *GovernedAdmin.list_filter]
    ordering = ["pk"]  # the order the seeds give: products, stages and their items, signs, words
    search_fields = ["fields"]
    readonly_fields = [
        *GovernedAdmin.readonly_fields,
        "reading_ease",
        "term_check",
        "out_of_date",
        "english",
    ]
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
                    "term_check",
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

    def get_search_results(self, request, queryset, search_term):
        """Staff search for the words they see, in the English item's words or the
        translation's (its values, never its JSON keys, where "driving" is part of a field
        name on every product): the rows holding the query as a phrase, or, when none does,
        the rows holding every word of it. A few hundred rows: read here."""
        terms = [term.casefold() for term in search_term.split()]
        if not terms:
            return queryset, False
        phrase = " ".join(terms)
        matched, phrased = [], []
        for row in queryset.select_related("content_type").prefetch_related("original"):
            original = row.original
            words = [str(value) for value in (row.fields or {}).values()]
            if original is not None:
                words += [str(getattr(original, name, "")) for name in row.translated_names()]
                words.append(str(original))
            text = " ".join(" ".join(words).casefold().split())
            if phrase in text:
                phrased.append(row.pk)
            elif all(term in text for term in terms):
                matched.append(row.pk)
        return queryset.filter(pk__in=phrased or matched), False

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

    @admin.display(description=_("Agreed terms"))
    def term_check(self, obj):
        """The translator's term list (governance/terms.py), as the pages are held to it."""
        if not (obj and obj.pk) or obj.language != "es":
            return "—"
        refused = translation_refused_forms(obj)
        if not refused:
            return _("Uses the agreed terms")
        return format_html(
            '<strong class="grade-warning">⚠ {}</strong><ul>{}</ul>',
            _("Words the agreed term list refuses:"),
            format_html_join(
                "",
                "<li>“{}” → “{}”</li>",
                ((r.found, r.preferred) for r in refused),
            ),
        )
