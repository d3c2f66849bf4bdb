"""What the admin does when staff save, publish or send back content.

admin/ declares the admin classes; they call these. The rules themselves live in
workflow.py (who may publish, how a waiting edit is kept and published).
"""

from django.contrib import messages
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from journeys.content.governance.diff import pending_changes
from journeys.content.governance.forms import GovernedForm, NewlineField, governed_form
from journeys.content.governance.workflow import (
    can_publish,
    change_record,
    content_propose,
    content_publish,
    content_send_back,
    content_submit,
    product_label_changed,
)
from journeys.content.models.base import Status
from journeys.content.models.content import Product

LABEL_FIELDS = {"label_version", "label_date"}
REASON_FIELDS = ("publish_reason", "publish_reason_language")


class WorkflowMixin:
    """Shared by content admins and inlines: the form that guards every save."""

    form = GovernedForm
    formfield_overrides = {models.TextField: {"form_class": NewlineField}}

    def get_form(self, request, obj=None, **kwargs):
        return governed_form(super().get_form(request, obj, **kwargs), request.user)

    def get_fieldsets(self, request, obj=None):
        """The publishing reason is the main form's, for reviewers (GovernedAdmin adds it)."""
        return [
            (name, {**opts, "fields": [f for f in opts["fields"] if f not in REASON_FIELDS]})
            for name, opts in super().get_fieldsets(request, obj)
        ]

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form = governed_form(formset.form, request.user)
        return formset


def keeps_as_pending(user, instance):
    """True when saving `instance` must not change what patients see yet."""
    if can_publish(user) or not instance.pk:
        return False
    stored = type(instance).objects.filter(pk=instance.pk).values_list("status", flat=True)
    return stored.first() == Status.PUBLISHED


#: What only the review cycle writes. A save from a form never takes them from the version
#: the form was opened on (a history revert opens an old one): they come from the stored row.
REVIEW_STAMPS = ("published_at", "published_by", "pending", "pending_status", "review_reason")
#: Form values that are not the row's words.
NOT_WORDS = {"row_version", "sources", "status", "id", "DELETE", "ORDER"}


def _words_changed(form, base):
    """{field: value} of what the form sends that differs from `base` (the stored row with
    its waiting edit applied): compared with what is stored, not with the version the form
    was opened on."""
    model = type(base)
    names = {f.name: f for f in model._meta.get_fields() if f.concrete}
    changes = {}
    for name, value in form.cleaned_data.items():
        field = names.get(name)
        if name in NOT_WORDS or field is None or field.primary_key or not field.editable:
            continue
        if field.many_to_many:
            if name in form.changed_data:
                changes[name] = value
            continue
        if field.is_relation:
            differs = getattr(value, "pk", value) != getattr(base, field.attname)
        else:
            differs = value != getattr(base, name)
        if differs:
            changes[name] = value
    return changes


def _sources_changed(form, stored):
    if "sources" not in form.cleaned_data:
        return None
    sent = sorted(s.pk for s in form.cleaned_data["sources"])
    current = stored.pending.get("sources")
    if current is None:
        current = sorted(stored.sources.values_list("pk", flat=True))
    return sent if sent != sorted(current) else None


def propose_from_form(form):
    """Keep an editor's save of published words as a waiting edit, sent to the reviewers.

    What the form sends is compared with the stored row and its waiting edit (if any), so
    a history revert's old words become the edit too. Returns the stored row, which
    patients keep reading unchanged.
    """
    obj = form.instance
    stored = type(obj)._base_manager.get(pk=obj.pk)
    base = type(obj)._base_manager.get(pk=obj.pk)
    base.apply_pending()
    changes = _words_changed(form, base)
    source_ids = _sources_changed(form, stored) if hasattr(stored, "sources") else None
    content_propose(obj=stored, changes=changes, source_ids=source_ids, submit=True)
    # Nothing of the form reaches the stored row's relations either (simple_history's
    # revert view calls save_m2m itself, not save_related).
    form.save_m2m = lambda: None
    return stored


def keep_review_stamps(form, obj):
    """Put the stored row's review stamps (and its status, when the form has none) on
    `obj` before it is saved: a form opened on an old version never writes old ones."""
    stored = getattr(form, "stored", None)
    if stored is None:
        return
    for name in REVIEW_STAMPS:
        attname = obj._meta.get_field(name).attname
        setattr(obj, attname, getattr(stored, attname))
    if "status" not in form.cleaned_data:
        obj.status = stored.status


def save_governed(model_admin, request, obj, form, change, save):
    """GovernedAdmin.save_model: an editor's change to published words waits for review.

    Sets `form.pending_edit` (the stored row) when the save became a waiting edit, so
    save_related and subclasses know not to write the row's relations.
    """
    form.pending_edit = None
    if change and keeps_as_pending(request.user, obj):
        form.pending_edit = propose_from_form(form)
        model_admin.message_user(
            request,
            _(
                "Your edit was sent to a medical reviewer. Patients still see the published "
                "words until a reviewer publishes it."
            ),
            messages.WARNING,
        )
        return
    if change:
        keep_review_stamps(form, obj)
    if change and obj.pending and can_publish(request.user):
        # The form showed the waiting edit; the reviewer saved it, so it is published now.
        obj.pending, obj.pending_status = {}, ""
        model_admin.message_user(
            request, _("The waiting edit is now part of the published words."), messages.INFO
        )
    if obj.status == Status.PUBLISHED and can_publish(request.user):
        # A reviewer saving published words vouches for them as they stand: a translation
        # now matches today's English (as the Publish action says), so its flag goes.
        before_publish = getattr(obj, "before_publish", None)
        if before_publish is not None:
            before_publish()
    reason = getattr(form, "publish_reason_clean", "")
    if reason:
        obj.published_at, obj.published_by = timezone.now(), request.user
    save()
    if reason:
        change_record(
            obj=obj,
            user=request.user,
            reason=reason,
            reason_language=form.cleaned_data.get("publish_reason_language") or "en",
        )


def save_relations(form, formsets, save_formset):
    """GovernedAdmin.save_related: a waiting edit keeps its sources in the edit, not the row."""
    if form.pending_edit is None:
        form.save_m2m()
    for formset in formsets:
        save_formset(formset)


def save_children(request, formset, save):
    """GovernedAdmin.save_formset: the same rule for rows edited inline."""
    if can_publish(request.user) or not hasattr(formset.model, "pending"):
        return save()
    formset.save(commit=False)
    for obj in formset.deleted_objects:
        obj.delete()
    for child_form in formset.forms:
        if not child_form.has_changed() or child_form in formset.deleted_forms:
            continue
        instance = child_form.instance
        if keeps_as_pending(request.user, instance):
            propose_from_form(child_form)
        else:
            if instance.pk:
                keep_review_stamps(child_form, instance)
            instance.save()
            child_form.save_m2m()


def submit_all(queryset):
    """The Submit for review action."""
    for obj in queryset:
        content_submit(obj=obj)


def send_back_all(request, queryset):
    """The Send back action (medical reviewers): each row, or its waiting edit, as a draft."""
    for obj in queryset:
        content_send_back(obj=obj, user=request.user)


def publish_all(request, queryset, *, reason, reason_language="en"):
    """The Publish action: each row with its waiting edit; a new label flags what cites it.

    `reason` is the reviewer's one line for /changes/ (checked by PublishReasonForm)."""
    for obj in queryset:
        label_changed = isinstance(obj, Product) and bool(LABEL_FIELDS & set(obj.pending))
        content_publish(obj=obj, user=request.user, reason=reason, reason_language=reason_language)
        if label_changed:
            flag_label_change(request, obj)


def flag_if_label_changed(request, product, form, change):
    """ProductAdmin.save_model: a saved (not waiting) new label flags what cites the product."""
    if change and form.pending_edit is None and LABEL_FIELDS & set(form.changed_data):
        flag_label_change(request, product)


def flag_label_change(request, product):
    reason = _("Label of %(product)s changed to %(version)s %(date)s") % {
        "product": product.brand_name,
        "version": product.label_version or "",
        "date": product.label_date or "",
    }
    count = product_label_changed(product=product, reason=str(reason).strip()[:200])
    messages.warning(
        request,
        _("The label changed: %(count)d items that cite %(product)s are flagged for review.")
        % {"count": count, "product": product.brand_name},
    )


def workflow_summary(obj):
    """One line for the change page: status, waiting edit, who published, why flagged."""
    if not obj or not obj.pk:
        return "—"
    parts = [obj.get_status_display()]
    if obj.pending:
        parts.append(
            _("edit waiting (%(state)s): patients still see the published words")
            % {"state": obj.get_pending_status_display()}
        )
    if obj.published_by:
        parts.append(
            _("published by %(user)s on %(date)s")
            % {"user": obj.published_by, "date": date_format(obj.published_at, "DATE_FORMAT")}
        )
    if obj.review_reason:
        parts.append(_("flagged: %(reason)s") % {"reason": obj.review_reason})
    return " · ".join(str(p) for p in parts)


def changes_html(changes):
    """FieldChange rows as a definition list, each with its word diff."""
    if not changes:
        return ""
    rows = format_html_join(
        "", '<dt>{}</dt><dd class="diff">{}</dd>', ((c.label, c.html) for c in changes)
    )
    return format_html('<dl class="waiting-edit-diff">{}</dl>', rows)


def waiting_edit_panel(obj):
    """The change page's notice and diff when an edit waits for review (obj = stored row)."""
    if not obj or not obj.pk or not obj.pending:
        return ""
    stored = type(obj).objects.get(pk=obj.pk)
    state = stored.get_pending_status_display() or _("Draft")
    return format_html(
        '<div class="waiting-edit"><p><strong>{}</strong> {}</p>{}</div>',
        _("You are editing the edit that waits for review (%(state)s).") % {"state": state},
        _("Patients still see the published words. What the edit changes:"),
        changes_html(pending_changes(stored)),
    )


def history_changes(record):
    """A history row's waiting edit, as the words it would change."""
    if not record.pending:
        return ""
    return changes_html(pending_changes(record.instance, pending=record.pending))
