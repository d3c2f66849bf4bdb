"""The one caching mechanism (journeys/caching/): what it holds, how much, and for how long."""

import datetime
import pathlib
import pickle
import re

import pytest
from django import template
from django.core.cache import cache
from django.test import Client, RequestFactory
from django.utils import timezone
from django_htmx.middleware import HtmxDetails

from journeys.caching import content as caching
from journeys.caching.content import content, process_layer
from journeys.caching.version import RequestScope, content_changed, current_version
from journeys.content.dates import local_date
from journeys.models import Journey

from . import factories as f
from .cachestore import reachable, stored_keys, stored_values
from .clock import frozen_today  # noqa: F401 - a fixture, used by name

pytestmark = pytest.mark.django_db

JOURNEYS = pathlib.Path(__file__).resolve().parent.parent / "journeys"


@pytest.fixture
def small_layer(monkeypatch):
    """The per-process layer with a bound small enough to fill in a test."""
    monkeypatch.setattr(process_layer, "limit", 20_000)
    process_layer.clear()
    yield process_layer
    process_layer.clear()


def _held_bytes():
    return sum(
        len(pickle.dumps(value, pickle.HIGHEST_PROTOCOL)) for value in process_layer.values()
    )


def test_the_process_layer_stays_under_its_bound_in_bytes(small_layer):
    """Filled well past its bound, the layer holds at most `limit` bytes (measured here
    afresh from what it holds), drops the least recently used first, and every value is
    still served (from Django's cache) once the layer has let it go."""
    made = []

    def value(n):
        def make():
            made.append(n)
            return {"n": n, "words": "x" * 1_000}  # about 1 KB pickled

        return make

    for n in range(100):  # about 100 KB through a 20 KB layer
        assert content(("filler", n), value(n))["n"] == n
        assert small_layer.size <= small_layer.limit
        assert _held_bytes() <= small_layer.limit
    assert small_layer.size == _held_bytes() > small_layer.limit // 2
    held = {v["n"] for v in small_layer.values()}
    assert 99 in held and 0 not in held  # the oldest went first
    assert content(("filler", 0), value(0))["n"] == 0  # from the shared cache...
    assert made == list(range(100))  # ...not made again
    too_big = content(("big",), lambda: "y" * 50_000)
    assert too_big == "y" * 50_000 and "y" * 50_000 not in small_layer.values()
    assert small_layer.size <= small_layer.limit


def test_a_version_move_drops_the_process_layer(small_layer):
    made = []

    def make():
        made.append(1)
        return ["published words"]

    content(("words",), make)
    assert small_layer.values() == [["published words"]]
    before = current_version()
    content_changed()
    assert current_version() == before + 1
    assert content(("words",), make) == ["published words"]
    assert len(made) == 2  # made again under the new version, not read from the old one
    assert small_layer.version == before + 1 and small_layer.values() == [["published words"]]
    assert any(f"content:{before + 1}:" in key for key in stored_keys(cache))


def test_content_caching_off_makes_every_time(settings, small_layer):
    settings.CONTENT_CACHE = False
    made = []
    for _ in range(3):
        content(("off",), lambda: made.append(1))
    assert len(made) == 3 and small_layer.values() == []


def _journey_pages_client():
    f.care_center()
    stage = f.stage(slug="collection", order=1, name="Cell collection")
    f.step(stage, key="one", order=1, title="First", body="Words.")
    item = f.checklist_item(stage, key="bag", who="caregiver", text="Pack a bag.")
    client = Client()
    infusion = timezone.localdate() - datetime.timedelta(days=2)
    client.post("/my-journey/", {"infusion_date": infusion.isoformat()})
    client.post("/checklists/", {"item": item.pk, "stage": stage.slug, "checked": "1"})
    return client


@pytest.mark.usefixtures("frozen_today")
def test_no_journey_data_is_held_after_a_journeys_pages():
    """Dates and ticks of a journey stay in the database: after its pages (the log
    included) nothing of it is in the process layer or in Django's cache, while the
    published content those pages read is."""
    client = _journey_pages_client()
    journey = Journey.objects.get()
    day = journey.infusion_date
    assert day == timezone.localdate() - datetime.timedelta(days=2)
    pages = ["/my-journey/", "/checklists/", "/checklists/print/", "/journey/collection/"]
    pages += ["/my-journey/log/", "/my-journey/log/print/", "/my-journey/calendar.ics"]
    for path in pages:
        assert client.get(path).status_code == 200, path
    held = reachable([process_layer.values(), stored_values(cache)])
    texts = "\x1f".join(o for o in held if isinstance(o, str))
    assert "Pack a bag." in texts  # content is cached...
    assert day not in [o for o in held if isinstance(o, datetime.date)]  # ...the journey is not
    for trace in (day.isoformat(), local_date(day, "long"), local_date(day, "day_short_year")):
        assert trace not in texts, trace
    assert 'aria-pressed="true"' not in texts  # the tick


def _render(source, request, **context):
    return RequestScope(
        lambda req: template.Template("{% load journeys %}" + source).render(
            template.Context({"request": req, **context})
        )
    )(request)


def _request(rf, path="/somewhere/"):
    request = rf.get(path)
    request.session = {}
    request.htmx = HtmxDetails(request)
    request.page_query = []  # as cached_page sets it
    return request


def test_a_kept_block_takes_no_key_and_tells_loop_turns_apart(rf: RequestFactory):
    """`{% kept %}` derives its key: a hand-written key part is refused, and a block in a
    loop is kept once per turn (the same turns give the same HTML on the next request)."""
    with pytest.raises(template.TemplateSyntaxError, match="takes no arguments"):
        template.Template('{% load journeys %}{% kept "name" product %}x{% endkept %}')
    source = "{% for x in xs %}{% kept %}[{{ x }}]{% endkept %}{% endfor %}"
    assert _render(source, _request(rf), xs=[1, 2, 3]) == "[1][2][3]"
    assert _render(source, _request(rf), xs=[1, 2, 3]) == "[1][2][3]"
    fragments = [k for k in stored_keys(cache) if ":content:" in k]
    assert len(fragments) == 3
    # The same block on another page is another entry; nothing else a visitor sends is.
    assert _render(source, _request(rf, "/elsewhere/"), xs=[4, 5, 6]) == "[4][5][6]"
    assert _render(source, _request(rf, "/elsewhere/?utm=x"), xs=[4, 5, 6]) == "[4][5][6]"
    assert len([k for k in stored_keys(cache) if ":content:" in k]) == 6


def test_a_kept_block_is_rendered_afresh_outside_the_page_cache_and_for_a_journey(rf):
    source = "{% kept %}[{{ x }}]{% endkept %}"
    outside = rf.get("/somewhere/")  # a view without cached_page: no closed set
    outside.session = {}
    assert _render(source, outside, x=1) == "[1]"
    journey = _request(rf)
    journey.session = {"journey": 7}
    assert _render(source, journey, x=2) == "[2]"
    assert stored_keys(cache) == [] and process_layer.values() == []


def test_a_sitewide_block_is_kept_on_a_personal_page_by_view_not_path(rf):
    """`{% kept sitewide %}` (the site header's menu, the footer's notice): kept on a
    journey's page too, and outside the page cache, keyed by the view, never the path or
    query; a staff preview renders it afresh."""
    from django.urls import resolve

    source = "{% kept sitewide %}[{{ x }}]{% endkept %}"

    def request(path, **session):
        made = rf.get(path)
        made.session = {"journey": 7, **session}  # personal, and no cached_page
        made.resolver_match = resolve("/my-journey/")
        return made

    assert _render(source, request("/my-journey/"), x=1) == "[1]"
    assert _render(source, request("/my-journey/"), x=2) == "[1]"  # kept
    assert _render(source, request("/my-journey/?utm=x"), x=3) == "[1]"  # no key of its own
    assert _render(source, request("/my-journey/", product="kymriah"), x=4) == "[4]"
    assert len([k for k in stored_keys(cache) if ":content:" in k]) == 2
    preview = request("/my-journey/")
    preview.staff_preview = True
    assert _render(source, preview, x=5) == "[5]"
    with pytest.raises(template.TemplateSyntaxError, match="takes no arguments"):
        template.Template("{% load journeys %}{% kept everywhere %}x{% endkept %}")


def test_only_the_caching_package_talks_to_djangos_cache_or_keeps_functools_caches():
    """One place caches: no other module in journeys/ imports Django's cache framework or
    wraps a function in a functools cache (one exception: a function of a constant)."""
    allowed = {"content/admin/governed.py": 1}  # _static_exists(SORTABLE_ACTIONS), a file we ship
    for path in JOURNEYS.rglob("*.py"):
        relative = path.relative_to(JOURNEYS).as_posix()
        if relative.startswith(("caching/", "migrations/")):
            continue
        source = path.read_text()
        assert "django.core.cache" not in source, relative
        caches = len(re.findall(r"functools\.(?:lru_cache|cache)\b|@(?:lru_)?cache\b", source))
        assert caches == allowed.get(relative, 0), relative
    assert caching.shared_key(3, ("a",)).startswith("content:3:")


def test_a_new_glossary_term_is_linked_after_its_publish(seeded_db):
    """The linker follows the glossary's words: a term published after the first link is
    found in the next text linked."""
    from journeys.content import selectors

    linker = selectors.glossary_linker(preview=False)
    assert "zorblaxine" not in linker.link("<p>Zorblaxine helps.</p>")
    f.glossary_term(term="Zorblaxine", slug="zorblaxine")
    content_changed()
    linked = selectors.glossary_linker(preview=False).link("<p>Zorblaxine helps.</p>")
    assert "/glossary/zorblaxine/" in linked
