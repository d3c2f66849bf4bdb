"""/search/: every published item in the reader's language, symptoms first.

A GET form, so it works without JavaScript and every search is a URL; under htmx the
same URL answers with the results only (`#search-results`), as the visitor types.

The page cache keeps the empty search page and the searches for the site's own words
(`common_query`: a vocabulary phrase or a glossary term, "fever" or "Fever"), whole or
as the fragment, under the query as typed; any other words are the visitor's own and
are rendered every time, kept nowhere (only the search index they read is cached).
"""

from django.shortcuts import render
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from journeys.caching.pages import cached_page
from journeys.content import selectors
from journeys.content.search import MAX_LENGTH, QueryError, search_run
from journeys.content.search.common import common_query
from journeys.content.translations import reader_language
from journeys.journey import session as keys
from journeys.views.common import page_context, visitor_product, wants_fragment


def _query_kept(request):
    """The query this page is cached under (journeys/caching/pages.py): none for the empty
    search page; `q` exactly as typed when it is one of the site's own search phrases
    (search/common.py: a closed set made from the vocabulary and the glossary, at most two
    spellings each); None for any other words, which are the visitor's own: that page is
    rendered every time and cached nowhere (the search index it reads is)."""
    if "q" not in request.GET:
        return []
    typed = request.GET.getlist("q")
    if len(typed) == 1 and common_query(typed[0], language=reader_language()):
        return [("q", typed[0])]
    return None


@require_safe
@vary_on_headers("HX-Request", "HX-History-Restore-Request")
@cached_page(query=_query_kept)
def search(request):
    product = visitor_product(request)
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
            # search never shows drafts: a staff preview's own list holds them
            products=selectors.products(preview=False)
            if request.staff_preview
            else context["products"],
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
