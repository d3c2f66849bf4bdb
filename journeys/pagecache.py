"""Caching rendered patient pages without caching anyone's nonce or CSRF token.

Whole pages carry a fresh CSP nonce and a CSRF token on every response, so they
cannot be cached as they are. A rendered page is stored with both replaced by
placeholders, and every response from the cache gets this request's own values.

The key holds everything a patient page depends on: the path and query, the htmx
headers, the chosen product and role, the language, and the content version
(journeys/memo.py: one row in the database, bumped in the same transaction as any
content write, so every app process sees a change at once, whichever cache backend).
Pages with flash messages, staff previews, or a patient's own journey are never cached.
"""

import functools
import hashlib
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache, caches
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.translation import get_language

from . import session as keys
from .memo import current_version

NONCE_HOLE = "\x1enonce\x1e"
CSRF_HOLE = "\x1ecsrf\x1e"
KEPT_HEADERS = ("Content-Type", "Vary", "Content-Language")


def request_csrf_token(request):
    """One CSRF token per request, so a rendered page contains exactly this one."""
    if not hasattr(request, "_page_csrf_token"):
        request._page_csrf_token = get_token(request)
    return request._page_csrf_token


def csrf_context(request):
    """Context processor: the token above, for `{% csrf_token %}` and `{{ csrf_token }}`."""
    return {"csrf_token": request_csrf_token(request)}


def personal(request):
    """Whether this request shows something of the visitor's own: a journey (dates, ticks,
    the log), progress, a flash message. Such a page is never cached, and nothing of it is
    kept in a process (`{% kept %}` renders it afresh): only published content is kept."""
    if getattr(request, "staff_preview", False) or "messages" in request.COOKIES:
        return True
    session = getattr(request, "session", None)  # an error page answered before sessions
    personal = (keys.MESSAGES, keys.JOURNEY, keys.LINK_TURNED_OFF, keys.PROGRESS)
    return session is not None and any(session.get(key) for key in personal)


def _cacheable(request):
    return request.method in ("GET", "HEAD") and not personal(request)


#: The htmx targets a cached view may answer differently for; any other value a client
#: sends counts as none, so made-up `HX-Target` headers never make new cache entries.
KNOWN_HX_TARGETS = ("step-panel", "stage-main", "search-results", "packet-live")


def step_query(request):
    """The query a stage page reads: `?step=N` (ASCII digits, as the view accepts)."""
    step = request.GET.get("step", "")
    return [("step", str(int(step)))] if step.isascii() and step.isdigit() else []


def page_path(request):
    """This page's address as its links may carry it (the language switch, hreflang, the
    product switch's return): on a view behind the page cache, the path and only the query
    its key holds, so a cached page's links are the same for every visitor and never carry
    a query string one of them made up (`?utm=…`); elsewhere the full path."""
    query = getattr(request, "page_query", None)
    if query is None:
        return request.get_full_path()
    return request.path + (f"?{urlencode(query)}" if query else "")


def _hx_target(request):
    target = request.headers.get("HX-Target", "")
    return target if target in KNOWN_HX_TARGETS else ""


def _key(request, view_name):
    session = request.session
    parts = [
        view_name,
        request.get_host(),
        request.path,
        urlencode(request.page_query),
        "hx" if request.htmx else "",
        _hx_target(request) if request.htmx else "",
        "restore" if request.htmx.history_restore_request else "",
        session.get(keys.PRODUCT, ""),
        session.get(keys.ROLE, ""),
        get_language() or "",
        str(current_version()),
    ]
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
    return f"page:{digest}"


def _fill(body, request):
    nonce = str(request._csp_nonce)  # evaluating it makes the CSP middleware send it
    return body.replace(NONCE_HOLE, nonce).replace(CSRF_HOLE, request_csrf_token(request))


def cached_page(view=None, *, query=None, store=None):
    """Serve a GET from the page cache when nothing about the visitor makes it personal.

    The key is built from a closed set: the path, `query(request)` (the (name, value)
    pairs of the query string the view reads; none by default), htmx as a yes or no, a
    target from `KNOWN_HX_TARGETS`, the product, role, language and content version. A
    refused value is a 4xx, and only a 200 is kept. In the shared cache `query` must take
    a bounded set of values (a choice from a form), so that odd query strings cannot fill
    it. What people type (a search) goes to `store="process"`: each process's own bounded
    memory, never the shared cache. The view's links carry only that query (`page_path`)."""
    if view is None:
        return functools.partial(cached_page, query=query, store=store)

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        request.page_query = query(request) if query else []
        seconds = getattr(settings, "PAGE_CACHE_SECONDS", 0)
        if not seconds or not _cacheable(request):
            return view(request, *args, **kwargs)
        key = _key(request, view.__name__)
        pages = caches[store] if store else cache
        hit = pages.get(key)
        if hit is not None:
            body, headers = hit
            response = HttpResponse(_fill(body, request))
            for name, value in headers.items():
                response.headers[name] = value
            return response
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming and not response.cookies:
            body = response.content.decode(response.charset)
            nonce = getattr(request, "_csp_nonce", None)
            if nonce:
                body = body.replace(str(nonce), NONCE_HOLE)
            token = getattr(request, "_page_csrf_token", None)
            if token:
                body = body.replace(token, CSRF_HOLE)
            headers = {n: response.headers[n] for n in KEPT_HEADERS if n in response.headers}
            pages.set(key, (body, headers), seconds)
        return response

    return wrapper
