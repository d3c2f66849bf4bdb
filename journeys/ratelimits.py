"""Limits on what strangers can make the site store (django-ratelimit, counted in the cache).

Why a library: django-ratelimit is maintained, counts atomically in the shared cache
(Redis in production) across workers, and gives the decorator, method filter and a
settings switch that hand-written counters would have to re-invent.
"""

from django.conf import settings
from django_ratelimit.decorators import ratelimit


def client_ip(request):
    """The client's address, for login lockouts (AXES_CLIENT_IP_CALLABLE) and rate limits.

    With settings.PROXY_COUNT = N proxies in front, each appends the address it saw to
    X-Forwarded-For, so the N-th entry from the right is the client as our first proxy saw
    it. Anything to its left came from the client and is not trusted.
    """
    count = settings.PROXY_COUNT
    if count:
        hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        hops = [h for h in hops if h]
        if len(hops) >= count:
            return hops[-count]
    return request.META.get("REMOTE_ADDR", "")


def client_address(group, request):
    return client_ip(request) or "unknown"


def limit_writes(view):
    """At most settings.RATELIMIT_WRITES POSTs per client address to this group of views."""
    return ratelimit(
        group="anonymous-writes",
        key=client_address,
        rate=lambda group, request: settings.RATELIMIT_WRITES,
        method="POST",
        block=True,
    )(view)
