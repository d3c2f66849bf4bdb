"""Content in the reader's language: published translations put on copies of the English rows.

The English row holds the structure (order, product, numbers, links); a `Translation`
holds the words a reader sees in another language, governed on its own. Every kept
selector's result goes through `localize` for the active language (journeys/memo.py),
so views and templates stay the same in every language. An item with no published
translation keeps its English words and is marked `untranslated`: the prose tags say
so in the reader's language and mark the words `lang="en"`, never a blank.
"""

import copy
import dataclasses

from django.conf import settings
from django.db import models
from django.utils.translation import get_language

from .models import TRANSLATED_FIELDS, Translation

BASE_LANGUAGE = settings.LANGUAGE_CODE


def reader_language():
    """The active language if the site speaks it, else the base language (English)."""
    language = (get_language() or BASE_LANGUAGE).split("-")[0]
    codes = {code for code, _name in settings.LANGUAGES}
    return language if language in codes else BASE_LANGUAGE


def table(*, language, preview=False):
    """Every translation patients may read in `language`: {(app, model, pk): row}.

    One query, kept per content version like any content (a preview reads afresh).
    """
    from . import memo

    def read():
        rows = Translation.objects.published(preview=preview).filter(language=language)
        rows = rows.select_related("content_type")  # the kind of item, in the same query
        return {(t.content_type.app_label, t.content_type.model, t.object_id): t for t in rows}

    if preview or not getattr(settings, "CONTENT_MEMO", True):
        return read()
    return memo.cached(("translations", language), read)


def localize(value, *, language=None, preview=False):
    """`value` (rows, lists of rows, dataclasses of lists...) in `language`: copies of the
    rows carrying the translated words, with their related rows localized too. The
    originals are untouched (kept rows are shared between requests)."""
    language = language or reader_language()
    if language == BASE_LANGUAGE:
        return value
    walker = _Walker(table(language=language, preview=preview), language)
    return walker.walk(value)


class _Walker:
    def __init__(self, rows, language):
        self.rows = rows
        self.language = language
        self.done = {}  # id(original) -> copy: shared rows stay shared, cycles end

    def walk(self, value):
        if isinstance(value, models.Model):
            return self.row(value)
        if isinstance(value, list):
            return [self.walk(v) for v in value]
        if isinstance(value, tuple):
            return tuple(self.walk(v) for v in value)
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            if id(value) in self.done:
                return self.done[id(value)]
            walked = {f.name: self.walk(getattr(value, f.name)) for f in dataclasses.fields(value)}
            changed = {k: v for k, v in walked.items() if v is not getattr(value, k)}
            if not changed:
                clone = value  # nothing in it is translated (a timeline milestone)
            elif value.__dataclass_params__.frozen:
                clone = dataclasses.replace(value, **changed)
            else:
                clone = copy.copy(value)
                for name, held in changed.items():
                    setattr(clone, name, held)
            self.done[id(value)] = clone
            return clone
        return value

    def row(self, obj):
        if id(obj) in self.done:
            return self.done[id(obj)]
        clone = type(obj).__new__(type(obj))
        clone.__dict__ = obj.__dict__.copy()
        self.done[id(obj)] = clone
        clone._state = copy.copy(obj._state)
        clone._state.fields_cache = {
            name: self.walk(related) for name, related in obj._state.fields_cache.items()
        }
        names = TRANSLATED_FIELDS.get(type(obj))
        if names:
            self._translate(obj, clone, names)
        for name, held in obj.__dict__.items():
            if isinstance(held, list) and held and isinstance(held[0], models.Model):
                clone.__dict__[name] = self.walk(held)
        return clone

    def _translate(self, obj, clone, names):
        found = self.rows.get((obj._meta.app_label, obj._meta.model_name, obj.pk))
        words = found.fields if found is not None else {}
        loaded = [name for name in names if name in obj.__dict__]
        if not any(obj.__dict__.get(name) for name in loaded):
            return
        if not words:
            clone.untranslated = self.language
            return
        for name in loaded:
            if words.get(name) not in (None, "", []):
                clone.__dict__[name] = words[name]
        if "rendered" in obj.__dict__:
            clone.rendered = {**obj.rendered, **found.rendered}
        clone.translated = self.language
