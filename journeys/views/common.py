"""What every patient page needs."""

import urllib.parse
from functools import partial

from django.shortcuts import render
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from journeys.caching.content import content
from journeys.content import selectors
from journeys.content.cited import cited_sources
from journeys.content.numbers import effective_numbers
from journeys.content.translations import reader_language
from journeys.journey import session as keys
from journeys.journey.services import chosen_product
from journeys.journey.session import device_of, products_for
from journeys.models import Audience


def local_path(target):
    """`target` when it is a path on this site ("/…", never "//host" or "/\\host"), else None.

    A redirect never reads a bare word as a view name, nor goes to another host or scheme.
    """
    if not isinstance(target, str) or not target.startswith("/") or len(target) > 2000:
        return None
    if target.startswith(("//", "/\\")) or any(ch in target for ch in "\r\n\t\\"):
        return None
    parts = urllib.parse.urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target


def back_to(request, target):
    """Where a form goes after its POST: `target` when it is a local path, else the page
    the form was sent from (its Referer, when on this host), else the home page."""
    path = local_path(target)
    if path is not None:
        return path
    referer = urllib.parse.urlsplit(request.headers.get("Referer", ""))
    if referer.netloc and referer.netloc == request.get_host():
        path = local_path(urllib.parse.urlunsplit(("", "", referer.path, referer.query, "")))
        if path is not None:
            return path
    return "/"


def wants_fragment(request):
    return bool(request.htmx) and not request.htmx.history_restore_request


def visitor_product(request):
    """The product this visitor picked, or None for "not sure yet" (from `products_for`)."""
    return chosen_product(device_of(request), products=products_for(request))


def page_context(request, *, items=(), product=None):
    """What every patient page shows: product, numbers, glossary links, sources, review date."""
    preview = request.staff_preview
    role = request.session.get(keys.ROLE, "")
    products = products_for(request)
    if preview:
        page_sources, page_reviewed = _page_meta(items)
    else:
        # the language too: a translation has its own review date
        key = ("page-meta", reader_language(), *((type(item).__name__, item.pk) for item in items))
        page_sources, page_reviewed = content(key, lambda: _page_meta(items))
    return {
        "product": product,
        "products": products,
        "role": role,
        "is_caregiver": role == Audience.CAREGIVER,
        "numbers": effective_numbers(
            center=request.care_center, product=product, products=products
        ),
        # Built when a page's prose first links a term: search and other pages without
        # prose read no glossary.
        "glossary": SimpleLazyObject(partial(selectors.glossary_linker, preview=preview)),
        "glossary_seen": set(),
        "page_sources": page_sources,
        "page_reviewed": page_reviewed,
    }


def _page_meta(items):
    """The sources the page's items cite, by title, and the oldest review date among them.

    One query for every kind of item on the page, whatever their number.
    """
    sources = cited_sources(items)
    # In another language a translated item carries its translation's own review date
    # (translations.localize), so the page says when the words read here were reviewed.
    reviewed = [item.last_reviewed for item in items if item.last_reviewed]
    return sources, min(reviewed) if reviewed else None


def problem(request, message, *, status=400, title=None, back=None):
    """A friendly page for bad input: says what went wrong and where to go next (`back`:
    (url, text), the way back to the form it came from)."""
    context = {"message": message, "title": title or _("We could not do that"), "back": back}
    return render(request, "journeys/problem.html", context, status=status)


def too_many_requests(request, exception=None):
    """RATELIMIT_VIEW: a friendly 429 when one address sends too many forms."""
    response = problem(
        request,
        _(
            "Too many changes were sent from this connection in a short time. "
            "Wait a minute and try again."
        ),
        status=429,
        title=_("Please wait a minute"),
    )
    response["Retry-After"] = "60"
    return response
