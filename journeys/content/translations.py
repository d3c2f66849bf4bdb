"""Content in the reader's language: published translations put on copies of the English rows.

The English row holds the structure (order, product, numbers, links); a `Translation`
holds the words a reader sees in another language, governed on its own. Every kept
selector's result goes through `localize` for the active language (`kept`, below),
so views and templates stay the same in every language. An item with no published
translation keeps its English words and is marked `untranslated`: the prose tags say
so in the reader's language and mark the words `lang="en"`, never a blank.
"""

import copy
import dataclasses
import functools
import json

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import DateField, OuterRef, Q, Subquery, TextField
from django.utils.translation import get_language

from journeys.caching.content import content, enabled, key_part
from journeys.content.models.base import Status
from journeys.content.models.translation import TRANSLATED_FIELDS, Translation
from journeys.content.union import typed

BASE_LANGUAGE = settings.LANGUAGE_CODE


def reader_language():
    """The active language if the site speaks it, else the base language (English)."""
    language = (get_language() or BASE_LANGUAGE).split("-")[0]
    codes = {code for code, _name in settings.LANGUAGES}
    return language if language in codes else BASE_LANGUAGE


def kept(fn):
    """A selector's result in the reader's language, cached per content version, its
    arguments and that language (journeys/caching/content.py); `preview=True` (a staff
    preview: drafts, waiting edits) is never cached. Selectors take content only, never a
    journey, so nothing of a patient's is cached through here."""

    @functools.wraps(fn)
    def wrapper(*args, preview=False, **kwargs):
        language = reader_language()

        def make():
            return localize(
                fn(*args, preview=preview, **kwargs), language=language, preview=preview
            )

        if preview or not enabled():
            return make()
        key = (fn.__module__, fn.__qualname__, language, *map(key_part, args))
        key += tuple(sorted((name, key_part(value)) for name, value in kwargs.items()))
        return content(key, make)

    return wrapper


#: The columns a read in another language adds to each row (`with_translations`): the
#: published translation's words and stored HTML, None when there is none.
WORDS, HTML = "translation_words", "translation_html"
#: The published translation's own review date (pages say when *their* words were reviewed).
REVIEWED = "translation_reviewed"


def translation_columns(model, language, *, as_text=False):
    """Subqueries for the published translation of each `model` row in `language`: one
    row at most (unique per item and language), read through the outer row's key, so a
    page reads the translations of the rows it shows in the same query as the rows.

    `as_text` gives the JSON as text, for a UNION of kinds (content/union.py; `from_text`
    reads it back)."""
    found = Translation.objects.published().filter(
        content_type=ContentType.objects.get_for_model(model),
        object_id=OuterRef("pk"),
        language=language,
    )
    columns = {WORDS: found.values("fields")[:1], HTML: found.values("rendered")[:1]}
    columns[REVIEWED] = found.values("last_reviewed")[:1]
    if as_text:
        types = {WORDS: TextField(), HTML: TextField(), REVIEWED: DateField()}
        return {name: typed(Subquery(q), types[name]) for name, q in columns.items()}
    return {name: Subquery(q) for name, q in columns.items()}


def from_text(words, html, reviewed):
    """The columns `translation_columns(as_text=True)` read, as a row read
    `with_translations` holds them (for `localize`)."""
    return {
        WORDS: json.loads(words) if words is not None else None,
        HTML: json.loads(html) if html is not None else None,
        REVIEWED: reviewed,
    }


def with_translations(queryset, *, language=None, preview=False):
    """`queryset` with each row's published translation in the reader's language read
    along (`translation_columns`), for `localize`. A staff preview reads none here:
    `localize` reads its translations, waiting edits applied, in a query of its own."""
    language = language or reader_language()
    if preview or language == BASE_LANGUAGE or queryset.model not in TRANSLATED_FIELDS:
        return queryset
    return queryset.annotate(**translation_columns(queryset.model, language))


def in_language(model, language=None):
    """The shape of a kept query (content/union.py) of `model` rows read
    `with_translations` in `language`: the language, and the content type id its
    subqueries hold (None in the base language, where there are none)."""
    language = language or reader_language()
    if language == BASE_LANGUAGE or model not in TRANSLATED_FIELDS:
        return language, None
    return language, ContentType.objects.get_for_model(model).pk


def words_in(model, names, rows, *, own=()):
    """Rows of `names` followed by the published translation's words (None where there
    is none), read in another language than the base one, as dicts of `names` in that
    language: no model instance built.

    A name in `own` is blank where the translation does not give it, rather than the
    English: an English pronunciation read by a Spanish voice says something else."""
    words = TRANSLATED_FIELDS.get(model, ())
    found = []
    for *values, given in rows:
        row = dict(zip(names, values, strict=True))
        given = given or {}
        for name in names:
            if name in words and given.get(name) not in (None, "", []):
                row[name] = given[name]
            elif name in own:
                row[name] = ""
        found.append(row)
    return found


def localize(value, *, language=None, preview=False):
    """`value` (rows, lists of rows, dataclasses of lists...) in `language`: copies of the
    rows carrying the translated words, with their related rows localized too. The
    originals are untouched (kept rows are shared between requests).

    Rows read `with_translations` carry their translation; the translations of any other
    rows in `value` are read in one query, for those rows only."""
    language = language or reader_language()
    if language == BASE_LANGUAGE:
        return value
    walker = _Walker(language)
    walker.read(value, preview=preview)
    return walker.walk(value)


def _rows_in(value, seen):
    """Every model instance in `value`, related rows and lists of rows included."""
    if id(value) in seen:
        return
    if isinstance(value, models.Model):
        if READ_IN in value.__dict__:
            return  # it came with its translation, and so did all it holds
        seen.add(id(value))
        yield value
        for related in value._state.fields_cache.values():
            yield from _rows_in(related, seen)
        for held in value.__dict__.values():
            if isinstance(held, list) and held and isinstance(held[0], models.Model):
                yield from _rows_in(held, seen)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _rows_in(item, seen)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        seen.add(id(value))
        for f in dataclasses.fields(value):
            yield from _rows_in(getattr(value, f.name), seen)


class _Walker:
    def __init__(self, language):
        self.language = language
        self.found = {}  # (model, pk) -> (words, HTML, reviewed) of rows read without them
        self.done = {}  # id(original) -> copy: shared rows stay shared, cycles end

    def read(self, value, *, preview):
        """The translations of the rows in `value` that came without theirs, in one query."""
        wanted = {}
        for row in _rows_in(value, set()):
            if type(row) in TRANSLATED_FIELDS and WORDS not in row.__dict__:
                wanted.setdefault(type(row), set()).add(row.pk)
        if not wanted:
            return
        # Each kind's own (content type, ids) terms, the content type's id from Django's
        # ContentType cache: SQLite then looks each row up in the unique index.
        kinds = {ContentType.objects.get_for_model(model).pk: model for model in wanted}
        which = Q()
        for kind, model in kinds.items():
            which |= Q(content_type_id=kind, object_id__in=sorted(wanted[model]))
        rows = Translation.objects.filter(which, language=self.language).order_by()
        if preview:  # every status, each with its waiting edit applied (published(preview))
            for t in rows.with_pending_applied():
                model = kinds[t.content_type_id]
                self.found[model, t.object_id] = (t.fields, t.rendered, t.last_reviewed)
            return
        for kind, pk, status, words, html, reviewed in rows.values_list(
            "content_type_id", "object_id", "status", "fields", "rendered", "last_reviewed"
        ):
            if status == Status.PUBLISHED:  # a draft never shows
                self.found[kinds[kind], pk] = (words, html, reviewed)

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
        if obj.__dict__.get(READ_IN) == self.language:
            return obj  # in this language already, and all it holds (translate_read)
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
            _translate(obj, clone, names, self.language, self.found)
        for name, held in obj.__dict__.items():
            if isinstance(held, list) and held and isinstance(held[0], models.Model):
                clone.__dict__[name] = self.walk(held)
        return clone


def _translate(obj, clone, names, language, found):
    """`clone` (a copy of `obj`, or `obj` itself) in `language`: its translation from the
    row (read `with_translations`) or from `found`; marked `untranslated` if it has none."""
    if WORDS in obj.__dict__:
        words, html = obj.__dict__[WORDS], obj.__dict__[HTML]
        reviewed = obj.__dict__.get(REVIEWED)
    else:
        words, html, reviewed = found.get((type(obj), obj.pk), (None, None, None))
        # Said on the copy, so a copy localized again reads nothing (stage_page).
        clone.__dict__[WORDS], clone.__dict__[HTML] = words, html
        clone.__dict__[REVIEWED] = reviewed
    words, html = words or {}, html or {}
    loaded = [name for name in names if name in obj.__dict__]
    if not any(obj.__dict__.get(name) for name in loaded):
        return
    if not words:
        clone.untranslated = language
        return
    for name in loaded:
        if words.get(name) not in (None, "", []):
            clone.__dict__[name] = words[name]
    if "rendered" in obj.__dict__:
        clone.rendered = {**obj.rendered, **html}
    clone.translated = language
    if reviewed is not None:  # the date the reader's words were reviewed
        clone.last_reviewed = reviewed


#: Said on a row that `translate_read` put in a language: localizing it again in that
#: language leaves it (and what it holds) as it is.
READ_IN = "read_in_language"


def translate_read(rows, language):
    """`rows` read with their translation in `language` (`translation_columns`, then
    `from_text` into each row's dict), put in that language where they are, not copied:
    for a selector that builds them for this call alone, and whose rows hold nothing, or
    only rows already in `language`. `localize` (and so `kept`) then leaves them as they
    are. The base language needs nothing."""
    if language == BASE_LANGUAGE:
        return rows
    for row in rows:
        names = TRANSLATED_FIELDS.get(type(row))
        if names:
            _translate(row, row, names, language, {})
        row.__dict__[READ_IN] = language
    return rows
