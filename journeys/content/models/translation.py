"""Content in another language: one `Translation` row per item and language, governed on its own.

`TRANSLATED_FIELDS` says which words of each kind of content a translation holds;
journeys/content/translations.py lays published translations over the English rows.
"""

import hashlib
import re

from django.contrib.contenttypes.fields import GenericForeignKey
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from journeys.content.models.base import Governed
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
from journeys.content.text import fingerprint, placeholder_problems, prerender

#: What a translation of each kind of content holds: the fields a reader sees in words.
#: Everything else (order, product, numbers, links, sources by default) is the English row's.
TRANSLATED_FIELDS = {
    Product: ("pronunciation", "summary", "how_given", "dose_plain", "boxed_warning"),
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
    # What staff type for the center that a reader reads as words: the name (where it is
    # not a proper name only) and the sentence the patient copies in the handwriting check,
    # which must be a familiar sentence in the reader's own language.
    CareCenter: ("name", "handwriting_sentence"),
}


def english_fingerprint(obj):
    """A checksum of the words a translation of `obj` is written from (TRANSLATED_FIELDS)."""
    names = TRANSLATED_FIELDS[type(obj)]
    words = "\x1f".join(repr(getattr(obj, name)) for name in names)
    return hashlib.sha256(words.encode()).hexdigest()[:32]


PLACEHOLDER_NAMES_RE = re.compile(r"\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}")


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
        """The kind of content translated, or None (not chosen yet, or not content)."""
        if self.content_type_id is None:
            return None
        model = self.content_type.model_class()
        return model if model in TRANSLATED_FIELDS else None

    def translated_names(self):
        return TRANSLATED_FIELDS.get(self.original_model, ())

    def filled_names(self):
        model = self.original_model
        if model is None:
            return set()
        return set(model.filled_fields()) & set(self.translated_names())

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
