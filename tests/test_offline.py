"""Issue 31 without a browser: the manifest, the service worker's script, the headers that tell
the worker what it may keep, "forget me" clearing the phone, and a handwriting sample saved
offline that meets a newer one from another phone (tests/browser/test_offline.py has the
browser's side)."""

import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client, override_settings
from PIL import Image

from journeys.caching.version import current_version
from journeys.log.models import LogDay

from .clock import frozen_today  # noqa: F401 - a fixture, used by name
from .test_log import content, png, same_pixels, start, upload  # noqa: F401 - content: fixture

STATIC = Path(settings.BASE_DIR) / "static"
HX = {"HTTP_HX_REQUEST": "true"}


def kept_as(response):
    return response.headers.get("X-Offline-Cache")


# --------------------------------------------------------------------------- #
# Installable
# --------------------------------------------------------------------------- #


@pytest.mark.django_db
@pytest.mark.parametrize(("prefix", "lang"), [("", "en"), ("/es", "es")])
def test_the_manifest_is_complete_in_the_pages_language(client, prefix, lang):
    response = client.get(f"{prefix}/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/manifest+json")
    data = json.loads(response.content)
    assert data["name"] == "CAR-T Journey" and data["short_name"]
    assert data["lang"] == lang
    assert data["start_url"] == f"{prefix}/" and data["id"] == f"{prefix}/"
    assert data["display"] == "standalone"
    assert data["theme_color"] == "#0b5c73" and data["background_color"] == "#ffffff"
    sizes = {}
    for icon in data["icons"]:
        assert icon["src"].startswith(settings.STATIC_URL if settings.STATIC_URL[0] == "/" else "/")
        path = STATIC / icon["src"].split("/static/", 1)[1]
        assert path.is_file(), icon
        if icon["type"] == "image/png":
            with Image.open(path) as image:
                assert f"{image.width}x{image.height}" == icon["sizes"]
            sizes.setdefault(icon.get("purpose", "any"), set()).add(icon["sizes"])
    assert {"192x192", "512x512"} <= sizes["any"]
    assert "512x512" in sizes["maskable"]
    if lang == "es":
        assert data["description"].startswith("La terapia de células CAR-T")


@pytest.mark.django_db
@pytest.mark.parametrize(("prefix"), ["", "/es"])
def test_every_page_links_its_languages_manifest_and_the_offline_script(seeded_db, prefix):
    html = Client().get(f"{prefix}/urgent/").content.decode()
    assert f'<link rel="manifest" href="{prefix}/manifest.webmanifest">' in html
    assert 'src="/static/js/offline.js"' in html and 'data-worker="/sw.js"' in html
    keep = re.search(r'data-keep="([^"]*)"', html).group(1).split()
    assert keep == [f"{prefix}/urgent/", f"{prefix}/my-journey/wallet-card/", f"{prefix}/offline/"]
    saved_at = re.search(r'data-msg-saved-at="([^"]*)"', html).group(1)
    assert "__TIME__" in saved_at and "{" not in saved_at
    assert saved_at.startswith("Sin conexión" if prefix else "Offline — showing")


@pytest.mark.django_db
def test_the_worker_is_served_from_the_root_as_written(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    assert response["Service-Worker-Allowed"] == "/"
    assert response["Cache-Control"] == "no-cache"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response.content.decode() == (STATIC / "js" / "sw.js").read_text(encoding="utf-8")
    # One worker for the whole site: no Spanish copy, no redirect for a Spanish phone.
    assert client.get("/es/sw.js").status_code == 404
    spanish = Client(HTTP_ACCEPT_LANGUAGE="es")
    spanish.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    assert spanish.get("/sw.js").status_code == 200
    assert client.post("/sw.js").status_code == 405


@pytest.mark.django_db
@override_settings(PAGE_CACHE_SECONDS=600)
def test_the_worker_and_manifest_answer_the_same_whatever_the_page_cache_holds(client):
    first = [client.get(p) for p in ("/sw.js", "/manifest.webmanifest")]
    again = [client.get(p) for p in ("/sw.js", "/manifest.webmanifest")]
    for one, two in zip(first, again, strict=True):
        assert one.content == two.content and one["Content-Type"] == two["Content-Type"]
        assert "X-Offline-Cache" not in one and "X-Offline-Cache" not in two


@pytest.mark.django_db
def test_the_csp_names_the_worker_and_the_manifest(client):
    for path in ("/manifest.webmanifest", "/sw.js", "/offline/"):
        csp = client.get(path)["Content-Security-Policy"]
        assert "worker-src 'self';" in csp and "manifest-src 'self';" in csp, path
        assert "unsafe" not in csp and "blob:" not in csp, path  # nothing loosened for it


# --------------------------------------------------------------------------- #
# What the worker may keep
# --------------------------------------------------------------------------- #


@pytest.mark.django_db
def test_pages_tell_the_worker_what_it_may_keep_and_in_which_cache(seeded_db):
    visitor = Client()
    version = str(current_version())
    for path in ("/", "/urgent/", "/journey/infusion/", "/journey/infusion/?step=2", "/offline/"):
        for _ in range(2):  # the page cache's first answer and its kept one
            response = visitor.get(path)
            assert kept_as(response) == "content", path
            assert response["X-Content-Version"] == version, path
    assert kept_as(visitor.get("/es/urgent/")) == "content"
    # Never kept: typed words, odd queries, fragments, problems, admin, print-outs.
    for path in (
        "/search/?q=fever",
        "/urgent/?utm=1",
        "/print/",
        "/no-such-page/",
        "/admin/login/",
    ):
        assert kept_as(visitor.get(path)) is None, path
    assert kept_as(visitor.get("/journey/infusion/?step=2", **HX)) is None
    assert kept_as(visitor.post("/journey/infusion/check/", {})) is None
    # A patient's own pages: the journey's cache, which "forget me" deletes.
    for path in ("/my-journey/", "/my-journey/wallet-card/", "/checklists/", "/my-journey/log/"):
        assert kept_as(visitor.get(path)) == "journey", path
    # Once the device has a journey, every page it shows may hold something of it.
    visitor.post(
        "/checklists/", {"item": _first_item(), "stage": _first_item_stage(), "checked": "1"}
    )
    assert kept_as(visitor.get("/urgent/")) == "journey"
    assert kept_as(visitor.get("/journey/infusion/")) == "journey"


def _first_item():
    from journeys.models import ChecklistItem

    return str(ChecklistItem.objects.published().order_by("pk").first().pk)


def _first_item_stage():
    from journeys.models import ChecklistItem

    return ChecklistItem.objects.published().order_by("pk").first().stage.slug


@pytest.mark.django_db
def test_a_staff_preview_is_never_kept_on_a_phone(seeded_db, admin_client):
    assert kept_as(admin_client.get("/urgent/")) == "content"
    admin_client.get("/urgent/?preview=1")
    assert kept_as(admin_client.get("/urgent/")) is None


@pytest.mark.django_db
def test_the_version_header_costs_no_query(seeded_db, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(middleware):
        with override_settings(MIDDLEWARE=middleware, PAGE_CACHE_SECONDS=0):
            visitor = Client()
            visitor.get("/about/")  # warm the content kept per version
            with CaptureQueriesContext(connection) as queries:
                response = visitor.get("/about/")
        return len(queries), response

    without = [m for m in settings.MIDDLEWARE if not m.endswith("OfflineHeadersMiddleware")]
    with_count, response = count(settings.MIDDLEWARE)
    without_count, plain = count(without)
    assert response["X-Content-Version"] and "X-Content-Version" not in plain
    assert with_count == without_count


# --------------------------------------------------------------------------- #
# Forget me empties the phone
# --------------------------------------------------------------------------- #


@pytest.mark.django_db
@pytest.mark.usefixtures("frozen_today")
def test_forget_me_and_leaving_a_shared_journey_clear_the_phone(client, content):  # noqa: F811
    start(client)
    page = client.get("/my-journey/forget/")
    assert "Clear-Site-Data" not in page  # asking first clears nothing
    erased = client.post("/my-journey/forget/")
    assert erased.status_code == 200
    assert erased["Clear-Site-Data"] == '"cache", "storage"'  # never "cookies": no logout
    assert "data-offline-forget" in erased.content.decode()
    # A caregiver's phone leaving a shared journey is cleared the same way.
    start(client)
    client.post("/my-journey/share/", {"sharing": "on"})
    from journeys.models import Journey

    token = Journey.objects.get(pk=client.session["journey"]).token
    caregiver = Client()
    caregiver.post(f"/j/{token}/")
    left = caregiver.post("/my-journey/forget/")
    assert left["Clear-Site-Data"] == '"cache", "storage"'
    assert "The journey is removed from this phone" in left.content.decode()
    assert Journey.objects.filter(token=token).exists()  # the patient keeps theirs


@pytest.mark.django_db
@pytest.mark.usefixtures("frozen_today")
def test_a_link_turned_off_tells_the_phone_to_drop_the_journeys_pages(client, content):  # noqa: F811
    start(client)
    client.post("/my-journey/share/", {"sharing": "on"})
    from journeys.models import Journey

    token = Journey.objects.get(pk=client.session["journey"]).token
    caregiver = Client()
    caregiver.post(f"/j/{token}/")
    assert "data-offline-forget" not in caregiver.get("/my-journey/").content.decode()
    client.post("/my-journey/share/", {"sharing": "off", "confirm": "yes"})
    assert "data-offline-forget" in caregiver.get("/my-journey/").content.decode()


# --------------------------------------------------------------------------- #
# Handwriting saved offline
# --------------------------------------------------------------------------- #


def hand_upload(client, data, day=3, seen=None):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fields = {"day": str(day), "image": SimpleUploadedFile("hw.png", data, "image/png")}
    if seen is not None:
        fields["seen"] = seen
    return client.post("/my-journey/log/handwriting/", fields, **HX)


def stamp(day=3):
    row = LogDay.objects.get(day=day)
    return str(int(row.handwriting_at.timestamp()))


@pytest.mark.django_db
@pytest.mark.usefixtures("frozen_today")
def test_the_log_page_says_which_handwriting_it_showed(client, content):  # noqa: F811
    start(client)
    html = client.get("/my-journey/log/").content.decode()
    assert 'data-outbox="handwriting" data-seen=""' in html
    assert 'data-outbox="entry"' in html
    upload(client, png())
    html = client.get("/my-journey/log/").content.decode()
    assert f'data-seen="{stamp()}"' in html


@pytest.mark.django_db
@pytest.mark.usefixtures("frozen_today")
def test_a_sample_saved_offline_never_replaces_a_newer_one_from_another_phone(client, content):  # noqa: F811
    start(client)
    # This phone saw day 3 without handwriting, went offline and wrote; meanwhile the other
    # phone saved its own sample.
    theirs, mine = png((300, 100)), png((400, 100))
    assert upload(client, theirs).status_code == 302
    response = hand_upload(client, mine, seen="")
    assert response.status_code == 409 and response["X-Conflict"] == "handwriting"
    assert "Another phone saved the handwriting for this day" in response.content.decode()
    row = LogDay.objects.get(day=3)
    assert same_pixels(bytes(row.handwriting), theirs) and row.handwriting_saves == 1
    # Having seen it, the person chooses to send theirs anyway: without `seen`, as before.
    assert hand_upload(client, mine).status_code == 200
    assert same_pixels(bytes(LogDay.objects.get(day=3).handwriting), mine)
    # A sample whose `seen` is the image now stored replaces it.
    newest = png((500, 100))
    assert hand_upload(client, newest, seen=stamp()).status_code == 200
    assert same_pixels(bytes(LogDay.objects.get(day=3).handwriting), newest)


@pytest.mark.django_db
@pytest.mark.usefixtures("frozen_today")
def test_the_same_sample_sent_twice_is_saved_once(client, content):  # noqa: F811
    start(client)
    sample = png((300, 100))
    assert hand_upload(client, sample, day=2, seen="").status_code == 200
    saves = LogDay.objects.get(day=2).handwriting_saves
    # Its answer was lost; the phone sends it again with what it saw before: no conflict
    # with itself, nothing counted twice.
    assert hand_upload(client, sample, day=2, seen="").status_code == 200
    assert LogDay.objects.get(day=2).handwriting_saves == saves == 1


@pytest.mark.django_db
@pytest.mark.usefixtures("frozen_today")
@pytest.mark.parametrize("seen", ["abc", "-1", "1" * 13, "1.5"])
def test_a_bad_seen_value_is_refused(client, content, seen):  # noqa: F811
    start(client)
    response = hand_upload(client, png(), seen=seen)
    assert response.status_code == 400
    assert not LogDay.objects.exists()


# --------------------------------------------------------------------------- #
# The pages
# --------------------------------------------------------------------------- #


@pytest.mark.django_db
@pytest.mark.parametrize(("prefix", "words"), [("", "No connection"), ("/es", "Sin conexión")])
def test_the_no_connection_page(seeded_db, prefix, words):
    from journeys.models import CareCenter

    response = Client().get(f"{prefix}/offline/")
    html = response.content.decode()
    assert response.status_code == 200 and f"<h1>{words}</h1>" in html
    center = CareCenter.load()
    assert center.emergency_number in html and center.phone_day in html
    assert f'href="{prefix}/urgent/"' in html and f'href="{prefix}/my-journey/log/"' in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("prefix", "words"),
    [
        ("", ["What this phone keeps for use offline", "Not sent yet", "never sent anywhere"]),
        ("/es", ["Lo que este teléfono guarda para usar sin conexión", "Todavía no se envió"]),
    ],
)
def test_the_about_page_says_what_the_phone_keeps_and_how_to_remove_it(seeded_db, prefix, words):
    html = Client().get(f"{prefix}/about/").content.decode()
    for text in words:
        assert text in html
    assert f'<a href="{prefix}/my-journey/forget/">' in html
