"""The content version: one number that every content write moves.

Content changes a few times a day and is read on every request. Everything cached
(`content.py`, `pages.py`) is keyed on this number: the one `ContentVersion` row, bumped
in the same transaction as any content write (`content_changed`, connected to every
content model's signals in apps.py). A request reads it once (`RequestScope`); when it
has moved, nothing cached under the old number is reached again, so an edit published in
admin shows at once on every process and every host, whatever the cache backend.
"""

import contextlib
import threading
from collections import Counter

from django.db.models import F

from journeys.caching.statements import Statement
from journeys.models import ContentVersion

_request = threading.local()
_batch = threading.local()


def _content_version():
    """The content version's one row (0 before the first content write)."""
    rows = _VERSION.rows()
    return rows[0][0] if rows else 0


@Statement
def _VERSION():
    """Read on every request of every page: built once (statements.py)."""
    return ContentVersion.objects.filter(pk=1).values_list("value")[:1]


def content_changed(**kwargs):
    """Signal receiver for every content write: a new version makes every cached page,
    fragment and value unreachable, on every process."""
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


def known_version():
    """The content version if this request has already read it, else None: for a response
    header that must never cost a query of its own (middleware.OfflineHeadersMiddleware)."""
    if not getattr(_request, "active", False):
        return None
    return _request.version


def occurrence(name):
    """How many times `name` has been asked for in this request, this call included
    (1, 2, ...; always 1 outside a request): a `{% kept %}` block rendered in a loop is
    told apart by it (pages.py), without a key part a template could forget."""
    if not getattr(_request, "active", False):
        return 1
    _request.seen[name] += 1
    return _request.seen[name]


class RequestScope:
    """Middleware: the content version is read at most once per request, and the
    fragment counts above start afresh with each request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        _request.active, _request.version, _request.seen = True, None, Counter()
        try:
            return self.get_response(request)
        finally:
            _request.active, _request.version, _request.seen = False, None, None
