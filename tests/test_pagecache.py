"""The page cache: fast repeat pages, but never a shared nonce, CSRF token or stale word."""

import re

import pytest
from django.core.cache import cache, caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from journeys.caching.content import process_layer
from journeys.models import Step

from . import factories as f
from .cachestore import reachable, stored_keys, stored_values

pytestmark = pytest.mark.django_db


@pytest.fixture
def cached(settings, db):
    settings.PAGE_CACHE_SECONDS = 600
    cache.clear()
    f.care_center()
    stage = f.stage(slug="collection", order=1, name="Cell collection")
    step = f.step(stage, key="one", order=1, title="First", body="Old words.")
    f.product(slug="aucatzyl", brand_name="Aucatzyl")
    note_product = f.product(slug="kymriah", brand_name="Kymriah")
    f.step(stage, key="kym", order=2, title="Kymriah only", product=note_product)
    yield step
    cache.clear()


def page_keys():
    return [key for key in stored_keys(cache) if ":page:" in key]


def get(client, url, **headers):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **headers)
    return response, len(queries)


def nonce_of(response):
    return re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)


def test_second_request_comes_from_the_cache_with_its_own_nonce_and_token(cached):
    client = Client(enforce_csrf_checks=True)
    first, first_queries = get(client, "/journey/collection/")
    second, second_queries = get(client, "/journey/collection/")
    assert second_queries < first_queries and second_queries <= 2
    # The same page, but for the nonce and the CSRF token that are each visitor's own.
    pages = []
    for response in (first, second):
        html = response.content.decode().replace(nonce_of(response), "NONCE")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        pages.append(html.replace(token, "TOKEN"))
    assert "Old words." in pages[0] and pages[0] == pages[1]
    for response in (first, second):
        html = response.content.decode()
        assert f'nonce="{nonce_of(response)}"' in html
        assert "\x1e" not in html  # no placeholder left behind
    assert nonce_of(first) != nonce_of(second)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', second.content.decode()).group(
        1
    )
    response = client.post("/choose-product/", {"product": "", "csrfmiddlewaretoken": token})
    assert response.status_code == 302  # the cached page's token is this visitor's own


def test_a_content_change_shows_at_once(cached):
    client = Client()
    get(client, "/journey/collection/")
    step = Step.objects.get(pk=cached.pk)
    step.body = "New words."
    step.save()
    html = client.get("/journey/collection/").content.decode()
    assert "New words." in html and "Old words." not in html


def test_each_product_gets_its_own_page(cached):
    general, kymriah = Client(), Client()
    kymriah.post("/", {"product": "kymriah", "role": "patient"})
    get(general, "/journey/collection/")
    assert "Step 1 of 2" in kymriah.get("/journey/collection/").content.decode()
    assert "Step 1 of 1" in general.get("/journey/collection/").content.decode()


def test_htmx_fragment_and_whole_page_are_cached_apart(cached):
    client = Client()
    whole = client.get("/journey/collection/").content.decode()
    fragment = client.get(
        "/journey/collection/", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="step-panel"
    ).content.decode()
    assert "<html" in whole and "<html" not in fragment


def test_personal_pages_are_never_cached(cached):
    client = Client()
    item = f.checklist_item(Step.objects.get(pk=cached.pk).stage, text="Pack a bag.")
    client.post("/checklists/", {"item": item.pk, "stage": "collection", "checked": "1"})
    first, _ = get(client, "/checklists/")
    second, queries = get(client, "/checklists/")
    assert 'aria-pressed="true"' in second.content.decode()
    assert queries > 2  # a journey makes the page personal: rendered every time
    other = Client()
    assert 'aria-pressed="true"' not in other.get("/checklists/").content.decode()


def test_query_parameters_no_view_reads_do_not_make_new_cache_entries(cached):
    f.step(Step.objects.get(pk=cached.pk).stage, key="two", order=3, title="Second step")
    client = Client()
    get(client, "/journey/collection/")
    entries = len(stored_keys(cache))
    assert entries >= 1
    for n in range(5):
        response, queries = get(client, f"/journey/collection/?v={n}&utm_source=x{n}")
        assert response.status_code == 200 and queries <= 2, n  # served from the one entry
    assert len(stored_keys(cache)) == entries
    pages = len(page_keys())
    step_two = client.get("/journey/collection/?step=2")
    assert step_two.status_code == 200 and "Second step" in step_two.content.decode()
    assert len(page_keys()) == pages + 1  # ?step= is read by the view: its own page


def test_the_printable_checklist_is_cached_for_visitors_and_personal_with_ticks(cached):
    item = f.checklist_item(Step.objects.get(pk=cached.pk).stage, text="Pack a bag.")
    visitor = Client()
    first, first_queries = get(visitor, "/checklists/print/")
    second, second_queries = get(visitor, "/checklists/print/")
    assert "Pack a bag." in second.content.decode()
    assert second_queries < first_queries and second_queries <= 2
    owner = Client()
    owner.post("/checklists/", {"item": item.pk, "stage": "collection", "checked": "1"})
    get(owner, "/checklists/print/")
    ticked, queries = get(owner, "/checklists/print/")
    assert queries > 2  # rendered every time, with this journey's ticks
    assert ticked.content.decode() != get(visitor, "/checklists/print/")[0].content.decode()


def test_the_words_people_type_are_cached_nowhere(cached):
    """A search page shows the words typed: unless they are the site's own phrases
    (tests/test_search_cache.py), it is never cached, in the shared cache (Redis) or in a
    process; the search index it reads is content, and is cached."""
    client = Client()
    first, first_queries = get(client, "/search/?q=old+words+zebra")
    again, again_queries = get(client, "/search/?q=old+words+zebra")
    assert first.status_code == again.status_code == 200
    assert again_queries < first_queries and "zebra" in again.content.decode()
    held = reachable([stored_values(cache), process_layer.values()])
    assert "Old words." in "".join(o for o in held if isinstance(o, str))  # the index is
    assert not any("zebra" in o for o in held if isinstance(o, str))  # the words typed are not
    assert len(caches.all()) == 1  # no other cache to hold them
    entries = len(stored_keys(cache))
    assert client.get("/search/").status_code == 200
    assert len(stored_keys(cache)) > entries  # the empty search page is cached like any page
    # Other words are another page; a published edit shows at once.
    other = client.get("/search/?q=first").content.decode()
    assert 'value="first"' in other and "zebra" not in other
    assert "Nothing matched" in client.get("/search/?q=zebra").content.decode()
    step = Step.objects.get(pk=cached.pk)
    step.body = "Words about a zebra."
    step.save()
    found = client.get("/search/?q=zebra").content.decode()
    assert "Nothing matched" not in found and "1 result for" in found


def test_made_up_headers_and_parameters_add_no_cache_entries(cached):
    """The key is a closed set: htmx as yes or no, a target from a known list, and only the
    query a view reads. Made-up HX-Target values, unknown parameters and ?step= on a page
    without steps each once made a new entry (3,000 requests, 51-73 MB per worker)."""
    client = Client()
    pages = ["/journey/collection/", "/urgent/", "/glossary/", "/journey/"]
    for page in pages:
        assert client.get(page).status_code == 200
        client.get(page, HTTP_HX_REQUEST="true")
    client.get("/journey/collection/", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="step-panel")
    client.get("/journey/collection/", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="stage-main")
    entries = set(stored_keys(cache))
    for n in range(300):
        page = pages[n % len(pages)]
        client.get(f"{page}?utm_source=x{n}&v={n}")
        client.get(page, HTTP_HX_REQUEST="true", HTTP_HX_TARGET=f"made-up-{n}")
        client.get(page, HTTP_HX_REQUEST=f"maybe-{n}")
        if page != "/journey/collection/":
            client.get(f"{page}?step={n % 7 + 1}")
    assert set(stored_keys(cache)) == entries


def test_a_cached_pages_links_are_the_same_for_every_visitor(cached):
    """The first visitor's query string never reaches later visitors through the cache:
    not in the product switch's return address, the language switch or hreflang."""
    poison = "utm_source=POISON"
    first = Client().get(f"/journey/collection/?{poison}").content.decode()
    later = Client().get("/journey/collection/").content.decode()
    assert "POISON" not in first and "POISON" not in later
    assert 'name="next" value="/journey/collection/"' in later
    assert 'hreflang="es" href="http://testserver/es/journey/collection/"' in later
    stepped = Client().get(f"/journey/collection/?step=1&{poison}").content.decode()
    assert "POISON" not in stepped and 'name="next" value="/journey/collection/?step=1"' in stepped


MADE_UP = [
    lambda n: ("HTTP_HX_TARGET", f"made-up-{n}"),
    lambda n: ("HTTP_HX_TRIGGER", f"trigger-{n}"),
    lambda n: ("HTTP_HX_CURRENT_URL", f"http://testserver/x/{n}"),
    lambda n: ("HTTP_HX_REQUEST", f"maybe-{n}"),
    lambda n: ("HTTP_ACCEPT_LANGUAGE", f"x-{n},es;q=0.{n % 9}"),
    lambda n: ("HTTP_COOKIE", f"django_language=zz{n}"),
]


def test_three_thousand_made_up_values_add_no_cache_entries(cached):
    """Issue 29, item 3, whatever the key's design: 3,000 requests each carrying a made-up
    value (HX-* headers, Accept-Language, a language cookie, unknown parameters, ?step= on
    pages without steps, in both languages) leave the shared cache's keys as they were."""
    pages = ["/journey/collection/", "/urgent/", "/glossary/", "/journey/", "/products/"]
    pages += [f"/es{p}" for p in pages]
    client = Client()
    client.cookies["django_language"] = "en"  # no first-visit redirects
    for page in pages:
        for headers in ({}, {"HTTP_HX_REQUEST": "true"}):
            assert client.get(page, **headers).status_code == 200
    client.get("/journey/collection/", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="step-panel")
    client.get("/journey/collection/", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="stage-main")
    client.get("/es/journey/collection/", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="step-panel")
    client.get("/es/journey/collection/", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="stage-main")
    entries = set(stored_keys(cache))
    for n in range(3000):
        page = pages[n % len(pages)]
        kind = n % 8
        if kind < len(MADE_UP):
            name, value = MADE_UP[kind](n)
            extra = {"HTTP_HX_REQUEST": "true"} if name.startswith("HTTP_HX_") else {}
            response = Client().get(page, **(extra | {name: value}))
        elif kind == 6:
            response = client.get(f"{page}?utm_source=x{n}&made_up_{n}={n}")
        else:
            stepless = page.removeprefix("/es") != "/journey/collection/"
            response = client.get(f"{page}?step={n % 50 + 1}" if stepless else f"{page}?v={n}")
        assert response.status_code < 500, (page, n)
    assert set(stored_keys(cache)) == entries


def _without_tokens(html):
    html = re.sub(r'nonce="[^"]*"', 'nonce=""', html)
    return re.sub(r"\b[A-Za-z0-9]{64}\b", "CSRF-TOKEN", html)  # the form's and htmx's


@pytest.mark.parametrize(
    "page", ["/journey/collection/", "/es/journey/collection/", "/glossary/", "/urgent/"]
)
def test_a_cached_page_is_the_page_every_visitor_would_get_fresh(cached, page):
    """Issue 29, item 5: a page cached for a first visitor who came with a query string and
    odd headers is, link for link, the page a later visitor gets rendered afresh."""
    poison = "utm_source=POISON-Call-555-0100&next=//evil.example&lang=xx"
    first = Client(HTTP_REFERER="https://evil.example/POISON")
    first.get(f"{page}?{poison}", HTTP_ACCEPT_LANGUAGE="es")
    served = Client().get(page).content.decode()
    cache.clear()
    fresh = Client().get(page).content.decode()
    assert "POISON" not in served and "evil.example" not in served
    assert _without_tokens(served) == _without_tokens(fresh)
