"""Values made from published content, kept under the content version.

`content(key, make)` answers from, in order:

1. this process's own layer: the values it has used since the version last moved, bounded
   in bytes (`CONTENT_PROCESS_BYTES`, counted as the pickled size: the bytes the shared
   cache holds for the same value), least recently used dropped first, all dropped when
   the version moves;
2. Django's cache (`CACHES["default"]`: Redis when `CACHE_URL` is set, so every host
   shares one copy), under `content:<version>:<digest of key>`;
3. `make()`, whose value goes to both.

Only published content goes through here: callers key on content (a stage, a product,
the reader's language), never on a journey, and a staff preview never comes here.
Values are shared between requests in a process: callers must not change them.
"""

import hashlib
import pickle
import threading
from collections import OrderedDict

from django.conf import settings
from django.core.cache import cache
from django.db import models

from journeys.caching.version import current_version

#: Old versions' entries are never read again; this lets the shared cache let them go.
DEFAULT_SECONDS = 24 * 60 * 60
DEFAULT_PROCESS_BYTES = 16 * 1024 * 1024


def enabled():
    """`DJANGO_CONTENT_CACHE=false` builds everything afresh (to measure the core)."""
    return getattr(settings, "CONTENT_CACHE", True)


def key_part(value):
    """A value as a key part: a row by its model and pk (content is keyed by version)."""
    if isinstance(value, models.Model):
        return (value._meta.label, value.pk)
    if isinstance(value, list | tuple):
        return tuple(key_part(v) for v in value)
    if isinstance(value, set | frozenset):
        return tuple(sorted(key_part(v) for v in value))
    return value


class ProcessLayer:
    """The values of one content version, bounded by their pickled size in bytes."""

    def __init__(self, limit):
        self.limit = limit
        self.version = None
        self.size = 0
        self._items = OrderedDict()  # key -> (value, bytes)
        self._lock = threading.Lock()

    def get(self, version, key):
        """(True, value) when held for `version`; a new version drops everything."""
        with self._lock:
            if self.version != version:
                self._drop(version)
            held = self._items.get(key)
            if held is None:
                return False, None
            self._items.move_to_end(key)
            return True, held[0]

    def put(self, version, key, value, size):
        with self._lock:
            if self.version != version or size > self.limit:
                return  # made under a version that has moved on, or too big to hold
            old = self._items.pop(key, None)
            if old is not None:
                self.size -= old[1]
            self._items[key] = (value, size)
            self.size += size
            while self.size > self.limit:
                _, (_, dropped) = self._items.popitem(last=False)
                self.size -= dropped

    def clear(self):
        with self._lock:
            self._drop(None)

    def values(self):
        """What is held (tests look for journey data in it)."""
        with self._lock:
            return [value for value, _ in self._items.values()]

    def _drop(self, version):
        self._items.clear()
        self.size = 0
        self.version = version


process_layer = ProcessLayer(getattr(settings, "CONTENT_PROCESS_BYTES", DEFAULT_PROCESS_BYTES))


def shared_key(version, key):
    digest = hashlib.sha256(repr(key).encode()).hexdigest()[:40]
    return f"content:{version}:{digest}"


def content(key, make):
    """`make()`'s value for `key` under the current content version (see the top)."""
    if not enabled():
        return make()
    version = current_version()
    found, value = process_layer.get(version, key)
    if found:
        return value
    name = shared_key(version, key)
    blob = cache.get(name)
    if blob is not None:
        value = pickle.loads(blob)  # noqa: S301 - written by content() below, never by a visitor
    else:
        value = make()
        blob = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
        cache.set(name, blob, getattr(settings, "CONTENT_CACHE_SECONDS", DEFAULT_SECONDS))
    process_layer.put(version, key, value, len(blob))
    return value


def forget():
    """Drop this process's layer (tests; a process that wants a clean start). The shared
    cache is Django's: `cache.clear()` empties it."""
    process_layer.clear()
