"""The admin form every content model uses: what it guards and how it reads a save.

- Line endings: browsers send Markdown with \\r\\n; it is stored with \\n, so an unchanged
  field must not look changed (NewlineField).
- Waiting edits: a row with an edit waiting opens on the edit, so a second save builds on
  it instead of silently replacing it.
- Row version: a save made on a form opened before someone else's save is refused, never
  merged (optimistic locking on `updated_at`).
- Status: only medical reviewers are offered "Published"; editors cannot pick it, and a
  crafted POST is refused too.
- The STORED row decides: a history revert opens the form on an old version of the row
  (maybe a published one a reviewer has since withdrawn). What an editor may do, and what
  the save changes, is always read from the row as it is stored now (`self.stored`).
"""

from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from journeys.content.governance.workflow import can_publish, clean_reason
from journeys.content.models.base import MarkdownField, Status
from journeys.content.models.changes import REASON_LANGUAGES


class NewlineField(forms.CharField):
    """A text field that stores every line ending as \\n."""

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n").replace("\r", "\n") if value else value


def row_version(instance):
    return instance.updated_at.isoformat() if instance.pk and instance.updated_at else ""


class PublishReasonForm(forms.Form):
    """The one-line reason a reviewer gives on publishing, shown on /changes/ as written."""

    publish_reason = forms.CharField(
        label=_("Reason for publishing (shown to the public)"),
        max_length=200,
        required=False,
        help_text=_(
            "One line, required whenever this save publishes: what changed and why. It is "
            "shown as written, with the date, on the public “What changed” page."
        ),
        widget=forms.TextInput(attrs={"size": 80}),
    )
    publish_reason_language = forms.ChoiceField(
        label=_("Language of the reason"), choices=REASON_LANGUAGES, initial="en", required=False
    )

    def clean_publish_reason(self):
        try:
            return clean_reason(self.cleaned_data.get("publish_reason"))
        except forms.ValidationError as error:
            raise forms.ValidationError(error.messages[0], code="reason") from None


class GovernedForm(forms.ModelForm):
    row_version = forms.CharField(widget=forms.HiddenInput, required=False)
    publish_reason = PublishReasonForm.base_fields["publish_reason"]
    publish_reason_language = forms.ChoiceField(
        label=_("Language of the reason"), choices=REASON_LANGUAGES, initial="en", required=False
    )

    #: Set by the admin (GovernedAdmin.get_form): who is saving.
    user = None

    #: Set by GovernedAdmin.save_model (admin_workflow.save_governed): the stored row when
    #: the save became a waiting edit, else None. Django hands the same form to
    #: save_related, which then leaves the row's relations alone.
    pending_edit = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = self.instance
        #: The row as it is stored now (None when adding), whatever version the form shows.
        self.stored = stored_row(instance)
        if self.stored is not None and self.prefix is None:  # the main form (inlines do not lock)
            # The stored row's version, not the instance's: a history revert opens on an
            # old version of the row, and must still be saveable.
            self.fields["row_version"].initial = row_version(self.stored)
        if self.prefix is not None or not can_publish(self.user):
            # Only a reviewer's own save of a row can publish it, so only they give a reason.
            del self.fields["publish_reason"], self.fields["publish_reason_language"]
        sources = (instance.pending or {}).get("sources") if instance.pk else None
        if sources is not None and "sources" in self.fields:
            self.initial["sources"] = sources
        self._limit_status()

    def stored_status(self):
        return self.stored.status if self.stored is not None else None

    def _limit_status(self):
        status = self.fields.get("status")
        if status is None or can_publish(self.user):
            return
        stored_status = self.stored_status()
        if stored_status == Status.PUBLISHED:
            # Editors change published words through a waiting edit, never the status.
            status.disabled = True
            status.help_text = _("Your saved changes go to a medical reviewer.")
            self.initial["status"] = stored_status
            # The locked menu says what is true: the published words, and an edit waiting
            # (its label only: the value stays "published", the field is disabled).
            waiting = {
                Status.IN_REVIEW: _("Published; an edit is in review"),
                Status.DRAFT: _("Published; an edit is in draft"),
            }.get(self.stored.pending_status if self.stored.pending else "")
            if waiting:
                status.choices = [(Status.PUBLISHED, waiting)]
        else:
            # Not offered in the menu; a crafted POST still gets clean_status's clear refusal.
            status.widget.choices = [c for c in status.choices if c[0] != Status.PUBLISHED]
            if self.initial.get("status") == Status.PUBLISHED:
                # An old, published version opened from history: it comes back as it is now.
                self.initial["status"] = stored_status or Status.DRAFT

    def clean_status(self):
        value = self.cleaned_data.get("status")
        original = self.stored_status()
        if (
            value == Status.PUBLISHED
            and original != Status.PUBLISHED
            and not can_publish(self.user)
        ):
            raise forms.ValidationError(
                _("Only a medical reviewer can publish. Choose “In review” to submit it.")
            )
        return value

    def publishes(self):
        """True when this save by a reviewer changes what patients see (needs a reason)."""
        if self.prefix is not None or not can_publish(self.user):
            return False
        if self.cleaned_data.get("status", self.instance.status) != Status.PUBLISHED:
            return False
        if not self.instance.pk:
            return True
        stored = type(self.instance).objects.filter(pk=self.instance.pk).first()
        if stored is None or stored.status != Status.PUBLISHED or stored.pending:
            return True
        ignored = {"row_version", "publish_reason", "publish_reason_language"}
        if set(self.changed_data) - ignored:
            return True
        # A form opened on an older version (history's Revert) changes the stored words
        # even when nothing was typed: compare with the row as stored.
        for name, value in self.cleaned_data.items():
            if name in ignored or name == "sources" or name not in (self._meta.fields or ()):
                continue
            field = stored._meta.get_field(name)
            if not field.is_relation and getattr(stored, field.attname) != value:
                return True
        return False

    def clean(self):
        cleaned = super().clean()
        self.publish_reason_clean = ""
        if "publish_reason" in self.fields and self.publishes():
            try:
                self.publish_reason_clean = clean_reason(cleaned.get("publish_reason"))
            except forms.ValidationError as error:
                self.add_error("publish_reason", error.messages[0])
        if self.instance.pk:
            stored = stored_row(self.instance)
            sent = self.data.get(self.add_prefix("row_version"), "")
            if stored is not None and sent and sent != row_version(stored):
                raise forms.ValidationError(
                    _(
                        "Someone else saved this item after you opened it, so your changes "
                        "were not saved. Copy what you wrote, reload the page to see their "
                        "version, and make your change again."
                    ),
                    code="stale",
                )
        return cleaned


def stored_row(instance):
    """The row as the database holds it now (no waiting edit applied), or None."""
    if not instance.pk:
        return None
    return type(instance)._base_manager.filter(pk=instance.pk).first()


def governed_form(form_class, user):
    """`form_class` (a GovernedForm made by the admin) bound to the user who saves."""
    return type(form_class.__name__, (form_class,), {"user": user})


class TranslationForm(GovernedForm):
    """A translation's words, one box per field of the English item it translates.

    The boxes are packed into the row's `fields` (JSON); the English stands beside each
    box as its help text, so a translator sees what they translate.
    """

    class Meta:
        fields = [
            "content_type",
            "object_id",
            "language",
            "status",
            "last_reviewed",
            "review_every",
            "sources",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = self.instance
        self.word_fields = []
        kind = self.fields.get("content_type")
        if kind is not None:
            # Only kinds of content have translations (never users, journeys, sessions...).
            from django.contrib.contenttypes.models import ContentType

            from journeys.content.models.translation import TRANSLATED_FIELDS

            kinds = ContentType.objects.get_for_models(*TRANSLATED_FIELDS).values()
            kind.queryset = ContentType.objects.filter(pk__in=[k.pk for k in kinds])
        if not instance.pk:
            return
        original = instance.original
        words = instance.fields or {}
        for name in instance.translated_names():
            english_field = type(original)._meta.get_field(name)
            english = getattr(original, name, "") if original is not None else ""
            waiting = waiting_english(original, name)
            key = f"words_{name}"
            if name == "also_matches":
                self.fields[key] = NewlineField(
                    label=english_field.verbose_name,
                    required=False,
                    help_text=english_help(
                        ", ".join(english or []),
                        None if waiting is None else ", ".join(waiting or []),
                        original,
                        intro=_("Other forms to link, separated by commas."),
                    ),
                )
                self.initial[key] = ", ".join(words.get(name) or [])
            else:
                longest = max(len(english or ""), len(waiting or ""))
                multiline = isinstance(english_field, MarkdownField) or longest > 120
                self.fields[key] = NewlineField(
                    label=english_field.verbose_name,
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 6}) if multiline else forms.TextInput(),
                    help_text=english_help(english, waiting, original),
                )
                self.initial[key] = words.get(name, "")
            self.word_fields.append((name, key))

    def clean(self):
        cleaned = super().clean()
        if self.word_fields:
            words = {}
            for name, key in self.word_fields:
                value = (cleaned.get(key) or "").strip()
                if name == "also_matches":
                    value = [w.strip() for w in value.split(",") if w.strip()]
                if value:
                    words[name] = value
            self.instance.fields = words
            for problem in self.instance.field_problems():
                self.add_error(None, problem)
            cleaned["fields"] = words
        return cleaned

    @property
    def changed_data(self):
        names = [name for name in super().changed_data if not name.startswith("words_")]
        if any(name.startswith("words_") for name in super().changed_data):
            names.append("fields")
        return names


def waiting_english(original, name):
    """The English item's waiting edit of `name` (the words a translation must follow
    once it is published), or None when no edit of that field waits."""
    if original is None or not original.pending:
        return None
    attname = original._meta.get_field(name).attname
    if attname not in original.pending:
        return None
    value = original.pending[attname]
    return None if value == getattr(original, attname, None) else value


def english_help(english, waiting, original, *, intro=""):
    """What stands under a translation's box: the English it translates; with an English
    edit waiting, that edit first (said to be waiting), then the published words patients
    read until a reviewer publishes it. Staff-written words: escaped."""
    lead = format_html("{} ", intro) if intro else ""
    if waiting is None:
        return format_html("{}{} {}", lead, _("English:"), english)
    if original.pending_status == Status.IN_REVIEW:
        says = _("English edit waiting for review:")
    else:
        says = _("English edit in draft (not yet sent for review):")
    return format_html(
        "{}<strong>{}</strong> {}<br>{} {}",
        lead,
        says,
        waiting,
        _("Published English (what patients read until the edit is published):"),
        english,
    )
