"""Published content kept in each process for as long as the content version stays.

Content changes a few times a day and is read on every request, so each process keeps
what it read (a stage with its steps, the warning signs, the glossary links...) keyed
on the content version: the one row that every content write bumps in the same
transaction (`content_changed`, below). A request reads that version once
(`ContentVersionMiddleware`); when it has moved, everything kept is dropped, so an edit
published in admin shows at once on every process, whatever the cache backend.

This is not the page cache: pages with a patient's own journey, ticks or dates are
rendered on every request from the kept content. A staff preview never uses it.
Kept objects are shared between requests: callers must not change them.
"""

import contextlib
import functools
import threading
from collections import OrderedDict

from django.conf import settings
from django.db import models
from django.db.models import F

from .models import ContentVersion

#: How many results a process keeps (each product x role x stage is one).
MAX_ENTRIES = 1024

_request = threading.local()
_lock = threading.Lock()
_kept = OrderedDict()
_kept_version = [None]


def _content_version():
    """The content version's one row (0 before the first content write)."""
    return ContentVersion.objects.filter(pk=1).values_list("value", flat=True).first() or 0


_batch = threading.local()


def content_changed(**kwargs):
    """Signal receiver for every content write: a new version makes old pages and
    everything kept for them unreachable, on every process."""
    if getattr(_batch, "depth", 0):
        _batch.changed = True  # one bump when the batch ends (one_version_bump)
        return
    _bump()


def _bump():
    if not ContentVersion.objects.filter(pk=1).update(value=F("value") + 1):
        ContentVersion.objects.get_or_create(pk=1, defaults={"value": 1})


@contextlib.contextmanager
def one_version_bump():
    """Many content writes (a seed load), one new version at the end: inside the caller's
    transaction, so no page ever sees the new rows under the old version."""
    _batch.depth = getattr(_batch, "depth", 0) + 1
    outer = _batch.depth == 1
    if outer:
        _batch.changed = False
    try:
        yield
    finally:
        _batch.depth -= 1
    if outer and _batch.changed:
        _bump()


def current_version():
    """The content version, read once per request (every call outside a request)."""
    if not getattr(_request, "active", False):
        return _content_version()
    if _request.version is None:
        _request.version = _content_version()
    return _request.version


#: Other per-process stores that a clean start empties too (see `also_forget`).
_forget_hooks = []


def also_forget(clear):
    """Register `clear()` to run with `forget()`: a store kept outside the content version
    (PostgreSQL's lexemes of typed words) must start empty with the rest, or a "first
    render" would read fewer queries depending on what ran before it."""
    _forget_hooks.append(clear)
    return clear


def forget():
    """Drop everything kept (tests; a process that wants a clean start)."""
    with _lock:
        _kept.clear()
        _kept_version[0] = None
    for clear in _forget_hooks:
        clear()


def key_part(value):
    if isinstance(value, models.Model):
        return (value._meta.label, value.pk)
    if isinstance(value, list | tuple):
        return tuple(key_part(v) for v in value)
    if isinstance(value, set | frozenset):
        return tuple(sorted(key_part(v) for v in value))
    return value


def kept(fn):
    """Keep `fn`'s result per content version, arguments and reading language;
    `preview=True` bypasses. The result is in the reader's language (translations.py)."""
    from .translations import localize, reader_language

    @functools.wraps(fn)
    def wrapper(*args, preview=False, **kwargs):
        language = reader_language()

        def make():
            return localize(
                fn(*args, preview=preview, **kwargs), language=language, preview=preview
            )

        if preview or not getattr(settings, "CONTENT_MEMO", True):
            return make()
        key = (fn.__qualname__, language, *map(key_part, args))
        key += tuple(sorted((name, key_part(value)) for name, value in kwargs.items()))
        return _get_or_make(key, make)

    return wrapper


def cached(key, make):
    """`make()`'s value kept under `key` for this content version (no language added)."""
    return _get_or_make(("cached", *key), make)


def fragment(key, render):
    """Rendered HTML kept like a selector's result: `key` must name all it depends on."""
    if not getattr(settings, "CONTENT_MEMO", True):
        return render()
    return _get_or_make(("fragment", *key), render)


def _get_or_make(key, make):
    """The kept value for `key` in this content version, made (and kept) when missing."""
    version = current_version()
    with _lock:
        if _kept_version[0] != version:
            _kept.clear()
            _kept_version[0] = version
        if key in _kept:
            _kept.move_to_end(key)
            return _kept[key]
    value = make()
    with _lock:
        if _kept_version[0] == version:
            _kept[key] = value
            while len(_kept) > MAX_ENTRIES:
                _kept.popitem(last=False)
    return value


class ContentVersionMiddleware:
    """Reads the content version at most once per request, for `kept` and the page cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        _request.active, _request.version = True, None
        try:
            return self.get_response(request)
        finally:
            _request.active, _request.version = False, None
