"""Whole pages and template fragments, cached without anyone's nonce or CSRF token.

A page or fragment carries a fresh CSP nonce and a CSRF token on every response, so it
is stored with both replaced by holes (`punch`), and every answer from the cache gets
this request's own values (`fill`): the one placeholder scheme of the app.

Both are keyed by a closed set (`_parts`): the view, host and path, only the query the
view reads (`cached_page(query=...)`), htmx as a yes or no, a target from a known list,
the chosen product and role, the language and the content version (version.py). Nothing
else a visitor sends makes a new entry. A request that shows anything of the visitor's
own (`personal`: a journey, progress, a flash message, a staff preview) is never cached,
and neither is any fragment of it.
"""

import functools
import hashlib
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language

from journeys.caching.content import content, enabled
from journeys.caching.version import current_version, occurrence
from journeys.journey import session as keys

NONCE_HOLE = "\x1enonce\x1e"
CSRF_HOLE = "\x1ecsrf\x1e"
KEPT_HEADERS = ("Content-Type", "Vary", "Content-Language")


def request_csrf_token(request):
    """One CSRF token per request, so a rendered page contains exactly this one."""
    if not hasattr(request, "_page_csrf_token"):
        request._page_csrf_token = get_token(request)
    return request._page_csrf_token


def csrf_context(request):
    """Context processor: the token above, for `{% csrf_token %}` and `{{ csrf_token }}`,
    made when a template first writes it (as Django's own processor): a fragment without
    a form (a search as you type) masks no token."""
    return {"csrf_token": SimpleLazyObject(functools.partial(request_csrf_token, request))}


def punch(html, request):
    """`html` with this request's nonce and CSRF token replaced by holes, to be stored."""
    nonce = getattr(request, "_csp_nonce", None)
    if nonce:
        html = html.replace(str(nonce), NONCE_HOLE)
    token = getattr(request, "_page_csrf_token", None)
    if token:
        html = html.replace(token, CSRF_HOLE)
    return html


def fill(html, request):
    """Stored `html` with this request's own nonce and CSRF token in the holes."""
    if NONCE_HOLE in html:
        html = html.replace(NONCE_HOLE, str(request._csp_nonce))  # the CSP header sends it
    if CSRF_HOLE in html:
        html = html.replace(CSRF_HOLE, request_csrf_token(request))
    return html


def personal(request):
    """Whether this request shows something of the visitor's own: a journey (dates, ticks,
    the log), progress, a flash message. Such a page is never cached, and nothing of it is
    kept (`{% kept %}` renders it afresh): only published content is cached."""
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


def _parts(request):
    """The closed set a page depends on when nothing in it is the visitor's own."""
    session = request.session
    return [
        request.resolver_match.view_name if request.resolver_match else "",
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


def _key(kind, parts):
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
    return f"{kind}:{digest}"


def cached_page(view=None, *, query=None):
    """Serve a GET from the page cache when nothing about the visitor makes it personal.

    The key is the closed set of `_parts`: `query(request)` gives the (name, value) pairs
    of the query string the view reads (none by default), and must take a bounded set of
    values (a choice from a form, or a closed list made from the site's own data: the
    search's common phrases), so that odd query strings cannot fill the cache; it
    returns None for a request that must not be cached at all (words people type). A
    refused value is a 4xx, and only a 200 is kept. The view's links carry only that
    query (`page_path`), and its `{% kept %}` fragments are keyed on the same set."""
    if view is None:
        return functools.partial(cached_page, query=query)

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        page_query = query(request) if query else []
        if page_query is None:
            return view(request, *args, **kwargs)
        request.page_query = page_query
        seconds = getattr(settings, "PAGE_CACHE_SECONDS", 0)
        if not seconds or not _cacheable(request):
            return view(request, *args, **kwargs)
        key = _key("page", _parts(request))
        hit = cache.get(key)
        if hit is not None:
            body, headers = hit
            response = HttpResponse(fill(body, request))
            for name, value in headers.items():
                response.headers[name] = value
            return response
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming and not response.cookies:
            body = punch(response.content.decode(response.charset), request)
            headers = {n: response.headers[n] for n in KEPT_HEADERS if n in response.headers}
            cache.set(key, (body, headers), seconds)
        return response

    return wrapper


def kept_fragment(request, block, render):
    """The HTML of a template block (`{% kept %}`), kept like content (content.py).

    Its key is derived, never listed by hand: the page's closed set (`_parts`), which
    block (`block`: template and position) and how many times it has rendered in this
    request (a block inside a loop). A page outside the page cache's closed set (no
    `cached_page`) or showing anything of the visitor's own renders it afresh."""
    if (
        request is None
        or not enabled()
        or getattr(request, "page_query", None) is None
        or personal(request)
    ):
        return render()
    parts = _parts(request)[:-1]  # content() adds the version itself
    key = ("fragment", *parts, block, occurrence(block))
    return fill(content(key, lambda: punch(str(render()), request)), request)


def sitewide_fragment(request, block, render):
    """The HTML of a `{% kept sitewide %}` block: one that shows nothing of the page's own
    (path, query, items) nor of the visitor's own, only published words and the site's
    links (the header's menu, the footer's notice and phone lines). It is kept on every
    page, a personal one too (no journey can be in it), keyed by a closed set without the
    path: the view's name (the menu marks the page it is on), host, product, role,
    language and content version, the block and its turn. A staff preview renders it
    afresh (a preview never reaches what is kept)."""
    if request is None or not enabled() or getattr(request, "staff_preview", False):
        return render()
    try:
        host = request.get_host()
    except DisallowedHost:  # the 400 page for a host not served: nothing is kept for it
        return render()
    session = getattr(request, "session", None) or {}
    match = getattr(request, "resolver_match", None)
    key = (
        "sitewide",
        match.view_name if match else "",
        host,
        session.get(keys.PRODUCT, ""),
        session.get(keys.ROLE, ""),
        get_language() or "",
        block,
        occurrence(block),
    )
    return fill(content(key, lambda: punch(str(render()), request)), request)
