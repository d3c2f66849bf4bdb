"""/search/: every published item in the reader's language, symptoms first.

A GET form, so it works without JavaScript and every search is a URL; under htmx the
same URL answers with the results only (`#search-results`), as the visitor types.
"""

from django.shortcuts import render
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from journeys.caching.pages import cached_page
from journeys.content import selectors
from journeys.content.search import MAX_LENGTH, QueryError, search_run
from journeys.content.translations import reader_language
from journeys.journey import session as keys
from journeys.journey.services import chosen_product
from journeys.journey.session import device_of
from journeys.views.common import page_context, wants_fragment


def _untyped(request):
    """The empty search page is cached like any page; a page with words typed is not
    cached anywhere (the words are the visitor's own): the search index it reads is."""
    return None if "q" in request.GET else []


@require_safe
@vary_on_headers("HX-Request", "HX-History-Restore-Request")
@cached_page(query=_untyped)
def search(request):
    product = chosen_product(device_of(request))
    context = page_context(request, product=product)
    raw = request.GET.get("q", "")
    status = 200
    found = error = None
    try:
        found = search_run(
            text=raw,
            language=reader_language(),
            product=product,
            role=request.session.get(keys.ROLE, ""),
            numbers=context["numbers"],
            products=selectors.products(preview=False),  # search never shows drafts
        )
    except QueryError as problem:
        error, status = problem.message, 400
    context.update(
        q=raw[:MAX_LENGTH] if error is None else "",
        found=found,
        error=error,
        max_length=MAX_LENGTH,
    )
    template = "journeys/search.html"
    if wants_fragment(request):
        # htmx does not swap a 4xx answer: while typing, the message comes as a 200 fragment.
        template += "#search-results"
        context["fragment"] = True
        status = 200
    return render(request, template, context, status=status)
