"""What every patient page needs."""

from collections import defaultdict

from django.db.models import Q
from django.shortcuts import render
from django.utils.translation import gettext as _

from .. import memo, selectors
from .. import session as keys
from ..models import Audience, Source
from ..numbers import effective_numbers
from ..translations import reader_language


def wants_fragment(request):
    return bool(request.htmx) and not request.htmx.history_restore_request


def page_context(request, *, items=(), product=None):
    """What every patient page shows: product, numbers, glossary links, sources, review date."""
    preview = request.staff_preview
    role = request.session.get(keys.ROLE, "")
    products = selectors.products_menu(preview=preview)
    if preview:
        page_sources, page_reviewed = _page_meta(items)
    else:
        # the language too: a translation has its own review date
        key = ("page-meta", reader_language(), *((type(item).__name__, item.pk) for item in items))
        page_sources, page_reviewed = memo.fragment(key, lambda: _page_meta(items))
    return {
        "product": product,
        "products": products,
        "role": role,
        "is_caregiver": role == Audience.CAREGIVER,
        "numbers": effective_numbers(
            center=request.care_center, product=product, products=products
        ),
        "glossary": selectors.glossary_linker(preview=preview),
        "glossary_seen": set(),
        "page_sources": page_sources,
        "page_reviewed": page_reviewed,
    }


def _page_meta(items):
    """The sources the page's items cite, by title, and the oldest review date among them.

    One query for every kind of item on the page, whatever their number.
    """
    cited = Q()
    ids_by_model = defaultdict(set)
    for item in items:
        ids_by_model[type(item)].add(item.pk)
    for model, ids in ids_by_model.items():
        through = model.sources.through
        rows = through.objects.filter(**{f"{model._meta.model_name}_id__in": ids})
        cited |= Q(pk__in=rows.values("source_id"))
    sources = list(Source.objects.filter(cited).order_by("title", "pk")) if ids_by_model else []
    # In another language a translated item carries its translation's own review date
    # (translations.localize), so the page says when the words read here were reviewed.
    reviewed = [item.last_reviewed for item in items if item.last_reviewed]
    return sources, min(reviewed) if reviewed else None


def problem(request, message, *, status=400, title=None):
    """A friendly page for bad input: says what went wrong and where to go next."""
    context = {"message": message, "title": title or _("We could not do that")}
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
