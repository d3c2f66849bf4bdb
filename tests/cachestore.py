"""What a cache holds, read the same way from Django's local-memory and Redis backends
(the tests run on locmem, and on Redis in CI's PostgreSQL leg, as production does)."""

import pickle

from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache


def _backend(store):
    """`django.core.cache.cache` is a proxy to the default backend: the backend itself."""
    return caches["default"] if type(store).__name__ == "ConnectionProxy" else store


def stored_keys(store):
    """Every key a cache holds, as the backend stores it (prefix and version included)."""
    store = _backend(store)
    if isinstance(store, LocMemCache):
        return list(store._cache)
    if isinstance(store, RedisCache):
        return [key.decode() for key in store._cache.get_client().keys("*")]
    raise TypeError(f"no way to list the keys of {type(store).__name__}")


def stored_values(store):
    """Every value a cache holds, unpickled (content values twice: journeys/caching/content.py
    stores them pickled, so a date in them is an object here, not pickle bytes)."""
    store = _backend(store)
    if isinstance(store, LocMemCache):
        values = [pickle.loads(value) for value in store._cache.values()]
    elif isinstance(store, RedisCache):
        client = store._cache.get_client()
        serializer = store._cache._serializer
        values = [serializer.loads(client.get(key)) for key in client.keys("*")]
    else:
        raise TypeError(f"no way to read the values of {type(store).__name__}")
    return [pickle.loads(v) if isinstance(v, bytes) and v[:1] == b"\x80" else v for v in values]


def stored_pages(store):
    """The body of every page a cache holds (journeys/caching/pages.py keeps (body, headers))."""
    return [v[0] for v in stored_values(store) if isinstance(v, tuple) and len(v) == 2]


def forget_all():
    """Empty every cache and this process's layer in front of it (journeys/caching/)."""
    from journeys.caching.content import forget

    for store in caches.all():
        store.clear()
    forget()


def reachable(values):
    """Every object pickling `values` reaches (rows' fields, dates, strings...): what a
    cache holds, however deep, to look for something that must not be there."""
    import io

    found = []

    class Collector(pickle.Pickler):
        def persistent_id(self, obj):
            found.append(obj)
            return None

    Collector(io.BytesIO(), pickle.HIGHEST_PROTOCOL).dump(values)
    return found
