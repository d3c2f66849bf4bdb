"""Content cached by version (journeys/caching/): fast, and never a stale word.

The page cache is off here: these are the renders of pages that are never cached.
"""

import pytest
from django.db import connection
from django.db.models import F
from django.test import Client
from django.test.utils import CaptureQueriesContext

from journeys.models import ContentVersion, Step

from . import factories as f
from .cachestore import forget_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def content(settings, db):
    settings.CONTENT_CACHE = True
    forget_all()
    f.care_center()
    stage = f.stage(slug="collection", order=1, name="Cell collection")
    step = f.step(stage, key="one", order=1, title="First", body="Old words.")
    yield step
    forget_all()


def get(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def test_a_second_render_reads_only_the_content_version(content):
    client = Client()
    _, first = get(client, "/journey/collection/")
    html, again = get(client, "/journey/collection/")
    assert "Old words." in html
    assert first > again
    assert again == 1  # the content version; no session yet


def test_an_edit_saved_in_admin_shows_at_once(content):
    client = Client()
    get(client, "/journey/collection/")
    content.body = "New words."
    content.save()
    html, _ = get(client, "/journey/collection/")
    assert "New words." in html and "Old words." not in html


def test_an_edit_made_by_another_process_shows_at_once(content):
    """Another process writes the row and bumps the version; this one has kept the old."""
    client = Client()
    get(client, "/journey/collection/")
    Step.objects.filter(pk=content.pk).update(body="Words from elsewhere.")  # no signal here
    html, _ = get(client, "/journey/collection/")
    assert "Old words." in html  # nothing told this process yet: the version has not moved
    ContentVersion.objects.filter(pk=1).update(value=F("value") + 1)
    html, _ = get(client, "/journey/collection/")
    assert "Words from elsewhere." in html


def test_a_staff_preview_never_reads_or_fills_what_is_kept(content, staff_client):
    client = Client()
    get(client, "/journey/collection/")
    content.pending = {"body": "Waiting words."}
    Step.objects.filter(pk=content.pk).update(pending=content.pending)  # no version bump
    staff_client.get("/journey/collection/?preview=1")
    assert "Waiting words." in staff_client.get("/journey/collection/").content.decode()
    html, _ = get(client, "/journey/collection/")
    assert "Old words." in html and "Waiting words." not in html  # the published words


def test_one_journeys_ticks_never_show_on_another(content):
    stage = content.stage
    item = f.checklist_item(stage, key="bag", who="caregiver", text="Pack a bag.")
    first, second = Client(), Client()
    first.post("/checklists/", {"item": item.pk, "stage": stage.slug, "checked": "1"})
    assert "0 of 1 tasks left" in first.get("/checklists/").content.decode()
    assert "1 of 1 task left" in second.get("/checklists/").content.decode()
    assert "0 of 1 tasks left" in first.get("/checklists/").content.decode()


def test_kept_fragments_follow_the_product_and_the_role(content):
    """One process serves every product and role: each sees only its own words."""
    stage = content.stage
    kymriah, yescarta = f.product(slug="kymriah"), f.product(slug="yescarta")
    f.product_stage_note(stage, product=kymriah, text="Only for Kymriah people.")
    f.checklist_item(stage, key="cg", who="caregiver", text="A caregiver task.")
    f.checklist_item(stage, key="pt", who="patient", text="A patient task.")
    pages = {}
    for slug in ("kymriah", "yescarta", ""):
        for role in ("patient", "caregiver"):
            client = Client()
            client.post("/", {"product": slug, "role": role})
            pages[slug, role] = get(client, "/journey/collection/")[0]
    assert "Only for Kymriah people." in pages["kymriah", "patient"]
    assert "Only for Kymriah people." not in pages["yescarta", "patient"] + pages["", "caregiver"]
    for slug in ("kymriah", "yescarta", ""):
        patient, caregiver = pages[slug, "patient"], pages[slug, "caregiver"]
        assert patient.index("A patient task.") < patient.index("A caregiver task.")
        assert caregiver.index("A caregiver task.") < caregiver.index("A patient task.")
    assert yescarta.slug in pages["yescarta", "patient"]


def test_a_kept_fragment_carries_each_visitors_own_csrf_token(content):
    first, second = Client(), Client()
    tokens = []
    for client in (first, second):
        html, _ = get(client, "/journey/collection/")
        field = 'name="csrfmiddlewaretoken" value="'
        assert field in html and "\x1e" not in html
        tokens.append(html.split(field)[1].split('"')[0])
        assert client.cookies["csrftoken"].value  # the token on the page belongs to this cookie
    assert tokens[0] != tokens[1]


def _center_reads(queries):
    return [q["sql"] for q in queries if 'FROM "journeys_carecenter"' in q["sql"]]


def test_the_care_center_is_kept_like_content_and_an_edit_shows_at_once(content):
    from journeys.models import CareCenter

    client = Client()
    with CaptureQueriesContext(connection) as first:
        html = client.get("/urgent/").content.decode()
    assert len(_center_reads(first)) == 1  # read once, with the rest of the content
    center = CareCenter.objects.get()
    assert center.phone_after_hours in html
    with CaptureQueriesContext(connection) as again:
        client.get("/urgent/")
    assert len(again) <= 2 and _center_reads(again) == []
    center.phone_after_hours = "(555) 010-0177"
    center.save()
    assert "(555) 010-0177" in client.get("/urgent/").content.decode()
