"""What every governed admin shares: the review workflow's lists, filters, actions and saving.

The rules themselves live in journeys/content/governance/; these classes call them.
"""

import functools

import django
from adminsortable2.admin import SortableAdminBase
from django import forms
from django.contrib import admin
from django.contrib.admin import helpers
from django.contrib.staticfiles import finders
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from journeys.content.governance.admin_workflow import (
    REASON_FIELDS,
    WorkflowMixin,
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
from journeys.content.governance.forms import PublishReasonForm
from journeys.content.governance.readability import TARGET_GRADE, grade
from journeys.content.governance.workflow import can_publish


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


@functools.cache  # a function of a constant in code (SORTABLE_ACTIONS) and the shipped files
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


class SafeHistoryAdmin(SimpleHistoryAdmin):
    """simple_history's history pages, with a malformed id a 404 (it was a 500: ValueError
    "Field 'id' expected a number but got 'x'", found by the hostile sweep)."""

    def _valid_ids(self, object_id, version_id=None):
        from django.core.exceptions import ValidationError
        from django.http import Http404

        try:
            self.model._meta.pk.to_python(object_id)
            if version_id is not None and not str(version_id).isdecimal():
                raise ValidationError("version")
        except (ValidationError, ValueError, TypeError):
            raise Http404 from None

    def history_view(self, request, object_id, extra_context=None):
        self._valid_ids(object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._valid_ids(object_id, version_id)
        return super().history_form_view(request, object_id, version_id, extra_context)


class GovernedAdmin(WorkflowMixin, SafeHistoryAdmin):
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
        if can_publish(request.user):
            fieldsets.append((_("Publishing"), {"fields": list(REASON_FIELDS)}))
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
        """Asks for the one-line public reason first (like Django's delete confirmation)."""
        sent = "publish_reason" in request.POST
        form = PublishReasonForm(request.POST if sent else None)
        if sent and form.is_valid():
            publish_all(
                request,
                queryset,
                reason=form.cleaned_data["publish_reason"],
                reason_language=form.cleaned_data["publish_reason_language"] or "en",
            )
            self.message_user(request, _("Published."))
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Publish: give a reason"),
            "opts": self.model._meta,
            "queryset": queryset,
            "form": form,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "media": self.media,
        }
        return TemplateResponse(
            request, "admin/publish_reason.html", context, status=400 if sent else 200
        )

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
