"""Security round three (issue 29): each test here failed on the code before its fix.

Item 1 (review bypass from history) has its own file, tests/test_review_bypass.py;
items 3 and 5 (page-cache growth and links) are in tests/test_pagecache.py.
"""

import datetime
import io
import re

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from PIL import Image, PngImagePlugin

from journeys.content.governance.resources import ResourceError, resource_import
from journeys.content.models.translation import TRANSLATED_FIELDS
from journeys.log.models import LogDay, LogEntry
from journeys.models import Journey

from . import factories as f
from .clock import frozen_today  # noqa: F401 - a fixture, used by name

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]
HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def content(db):
    f.care_center(phone_day="555-0111", phone_after_hours="555-0122")
    f.warning_sign(slug="fever-or-chills", name="Fever or chills", order=1)
    stage = f.stage(slug="collection", order=1, name="Cell collection")
    return f.checklist_item(stage, key="ride", text="Plan a ride")


def start(client, days_ago=3, prefix=""):
    infusion = timezone.localdate() - datetime.timedelta(days=days_ago)
    response = client.post(f"{prefix}/my-journey/", {"infusion_date": infusion.isoformat()})
    assert response.status_code == 302
    return Journey.objects.get(pk=client.session["journey"])


def add(client, n, day=3, prefix="", **extra):
    data = {"day": str(day), "time": "08:00", "temperature": "98.6", "unit": "F"}
    data["key"] = f"{n:032x}"
    return client.post(f"{prefix}/my-journey/log/", data, **extra)


def png(size=(300, 100), **save):
    buffer = io.BytesIO()
    image = Image.new("L", size, 255)
    for x in range(min(200, size[0])):
        image.putpixel((x, size[1] // 2), 0)
    image.save(buffer, "PNG", **save)
    return buffer.getvalue()


def upload(client, data, day=3, **extra):
    file = SimpleUploadedFile("hw.png", data, content_type="image/png")
    return client.post("/my-journey/log/handwriting/", {"day": str(day), "image": file}, **extra)


# --------------------------------------------------------------------------- #
# Item 2: caps on the daily log
# --------------------------------------------------------------------------- #


def test_the_caps_are_settings_a_family_never_reaches(settings):
    assert 24 <= settings.LOG_MAX_ENTRIES_PER_DAY <= 60
    assert settings.LOG_MAX_ENTRIES_PER_DAY < settings.LOG_MAX_ENTRIES_PER_JOURNEY <= 1000
    assert 1 <= settings.LOG_MAX_HANDWRITING_PER_DAY <= 30


@pytest.mark.parametrize(
    "prefix,words",
    [
        ("", "the most entries the log keeps for one day"),
        ("/es", "máximo de anotaciones que guarda el registro"),
    ],
)
@pytest.mark.parametrize("htmx", [False, True], ids=["no-js", "htmx"])
def test_entries_per_day_stop_at_the_cap_with_a_clear_message(
    client, content, settings, prefix, words, htmx
):
    settings.LOG_MAX_ENTRIES_PER_DAY = 4
    start(client, prefix=prefix)
    for n in range(4):
        assert add(client, n, prefix=prefix).status_code in {200, 302}
    refused = add(client, 99, prefix=prefix, **(HX if htmx else {}))
    assert refused.status_code == 422
    assert words in refused.content.decode()
    assert LogEntry.objects.filter(day=3).count() == 4
    assert add(client, 100, day=2, prefix=prefix).status_code == 302  # another day still takes one


def test_entries_per_journey_stop_at_the_cap(client, content, settings):
    settings.LOG_MAX_ENTRIES_PER_JOURNEY = 5
    start(client)
    for n in range(5):
        assert add(client, n, day=n % 4).status_code == 302
    refused = add(client, 50, day=1)
    assert refused.status_code == 422 and "the most entries it keeps" in refused.content.decode()
    assert LogEntry.objects.count() == 5


def test_handwriting_saves_per_day_stop_at_the_cap(client, content, settings):
    settings.LOG_MAX_HANDWRITING_PER_DAY = 3
    start(client)
    for width in (300, 310, 320):
        assert upload(client, png((width, 100))).status_code == 302
    kept = bytes(LogDay.objects.get(day=3).handwriting)
    refused = upload(client, png((330, 100)))
    assert refused.status_code == 422 and "handwriting" in refused.content.decode()
    assert bytes(LogDay.objects.get(day=3).handwriting) == kept
    assert upload(client, png((330, 100)), day=2).status_code == 302


# --------------------------------------------------------------------------- #
# Item 4: the admin login and staff sessions
# --------------------------------------------------------------------------- #


@pytest.fixture
def limits_on(settings):
    settings.RATELIMIT_ENABLE = True
    cache.clear()
    yield
    cache.clear()


def test_spraying_usernames_from_one_address_is_throttled_before_the_password(
    django_user_model, limits_on
):
    django_user_model.objects.create_user("nurse", password="right-password-123", is_staff=True)
    client = Client(REMOTE_ADDR="198.51.100.9")
    answers = [
        client.post("/admin/login/?next=/admin/", {"username": f"u{n}", "password": "x"})
        for n in range(50)
    ]
    codes = [r.status_code for r in answers]
    assert 429 in codes[:20], codes
    first = codes.index(429)
    assert set(codes[first:]) == {429}
    assert "Too many" in answers[first].content.decode()
    # Another address is not held up.
    other = Client(REMOTE_ADDR="198.51.100.10")
    ok = other.post("/admin/login/", {"username": "nurse", "password": "right-password-123"})
    assert ok.status_code == 302


def test_many_failures_across_usernames_lock_the_address(django_user_model, settings):
    django_user_model.objects.create_user("nurse", password="right-password-123", is_staff=True)
    client = Client(REMOTE_ADDR="198.51.100.20")
    for n in range(settings.AXES_ADDRESS_FAILURE_LIMIT):
        client.post("/admin/login/", {"username": f"someone{n}", "password": "x"})
    # The right password of a user never tried from here is refused too, from this address.
    locked = client.post("/admin/login/", {"username": "nurse", "password": "right-password-123"})
    assert locked.status_code == 429
    other = Client(REMOTE_ADDR="198.51.100.21")
    ok = other.post("/admin/login/", {"username": "nurse", "password": "right-password-123"})
    assert ok.status_code == 302


def test_a_few_failures_of_one_user_still_lock_that_user(django_user_model, settings):
    django_user_model.objects.create_user("nurse", password="right-password-123", is_staff=True)
    client = Client(REMOTE_ADDR="198.51.100.30")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/admin/login/", {"username": "nurse", "password": "wrong"})
    locked = client.post("/admin/login/", {"username": "nurse", "password": "right-password-123"})
    assert locked.status_code == 429


def staff_login(django_user_model):
    django_user_model.objects.create_user("nurse", password="right-password-123", is_staff=True)
    client = Client()
    response = client.post("/admin/login/", {"username": "nurse", "password": "right-password-123"})
    assert response.status_code == 302
    return client


def test_a_staff_session_ends_after_two_idle_hours(django_user_model, time_machine):
    client = staff_login(django_user_model)
    assert client.get("/admin/").status_code == 200
    assert client.session.get_expiry_age() <= 2 * 3600
    time_machine.shift(datetime.timedelta(hours=1, minutes=50))
    assert client.get("/admin/").status_code == 200  # activity keeps it open
    time_machine.shift(datetime.timedelta(hours=2, minutes=1))
    assert client.get("/admin/").status_code == 302  # to the login page


def test_a_staff_session_ends_after_twelve_hours_however_busy(django_user_model, time_machine):
    client = staff_login(django_user_model)
    for _ in range(11):
        time_machine.shift(datetime.timedelta(hours=1))
        assert client.get("/admin/").status_code == 200
    time_machine.shift(datetime.timedelta(hours=1, minutes=1))
    assert client.get("/admin/").status_code == 302


def test_patients_sessions_stay_long(client, content, settings):
    start(client)
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE
    assert settings.SESSION_COOKIE_AGE >= 30 * 24 * 3600


# --------------------------------------------------------------------------- #
# Item 6: `next` is a local path or nothing
# --------------------------------------------------------------------------- #


@pytest.mark.parametrize(
    "target",
    [
        "x",
        "journeys:journey",
        "admin:index",
        "//evil.example/",
        "/\\evil.example",
        "https://evil.example/",
        " /journey/",
        "javascript:alert(1)",
        "",
    ],
)
def test_choose_product_never_follows_anything_but_a_local_path(client, content, target):
    response = client.post("/choose-product/", {"product": "", "next": target})
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_choose_product_without_a_good_next_goes_back_where_it_came_from(client, content):
    response = client.post(
        "/choose-product/",
        {"product": "", "next": "x"},
        HTTP_REFERER="http://testserver/glossary/?a=1",
    )
    assert response["Location"] == "/glossary/?a=1"
    response = client.post(
        "/choose-product/", {"product": "", "next": "x"}, HTTP_REFERER="https://evil.example/"
    )
    assert response["Location"] == "/"


def test_choose_product_follows_a_local_path(client, content):
    response = client.post("/choose-product/", {"product": "", "next": "/es/journey/?step=2"})
    assert response["Location"] == "/es/journey/?step=2"


# --------------------------------------------------------------------------- #
# Item 7: a new session id whenever a journey comes onto a device
# --------------------------------------------------------------------------- #


def test_creating_a_journey_by_dates_rotates_the_session_id(client, content):
    client.post("/choose-product/", {"product": "", "next": "/"})
    planted = client.session.session_key
    assert planted
    journey = start(client)
    assert client.session.session_key != planted
    attacker = Client()
    attacker.cookies["sessionid"] = planted
    assert attacker.session.get("journey") != journey.pk
    page = attacker.get("/my-journey/log/entries.csv")
    assert page.status_code == 404


def test_creating_a_journey_by_a_tick_rotates_the_session_id(client, content):
    client.post("/choose-product/", {"product": "", "next": "/"})
    planted = client.session.session_key
    client.post("/checklists/", {"item": content.pk, "stage": "collection", "checked": "1"})
    assert client.session.get("journey")
    assert client.session.session_key != planted


# --------------------------------------------------------------------------- #
# Item 8: staff forms never 500
# --------------------------------------------------------------------------- #


@pytest.fixture
def editor(django_user_model, staff_groups):
    user = django_user_model.objects.create_user("ed", password="pw-12345", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    client = Client()
    client.force_login(user)
    return client


def test_translation_kind_of_item_offers_only_content(editor, content):
    html = editor.get("/admin/journeys/translation/add/").content.decode()
    select = re.search(r'<select name="content_type".*?</select>', html, re.S).group(0)
    offered = {int(v) for v in re.findall(r'<option value="(\d+)"', select)}
    content_types = {ContentType.objects.get_for_model(m).pk for m in TRANSLATED_FIELDS}
    assert offered == content_types


@pytest.mark.parametrize("model", ["auth.user", "journeys.journey", "sessions.session"])
def test_a_translation_of_something_that_is_not_content_is_a_form_error(editor, content, model):
    app_label, name = model.split(".")
    ct = ContentType.objects.get(app_label=app_label, model=name)
    response = editor.post(
        "/admin/journeys/translation/add/",
        {"content_type": ct.pk, "object_id": "1", "language": "es", "status": "draft"},
    )
    assert response.status_code == 200
    assert "errornote" in response.content.decode()


FUZZ = [
    "[" * 4000,
    "{" * 4000,
    "- " * 3000,
    "a: " + "[" * 4000 + "\n",
    "title: " + "\x07\x1b\x7f" + "x\n",
    "title: " + "9" * 100_000 + "\n",
    "title: " + "x" * 400_000 + "\n",
    "version: " + "1" * 5000 + "\n",
    "lastReviewed: 9999-99-99\n",
    "lastReviewed: 1e400\n",
    "tags: " + "[" * 2000 + "]" * 2000 + "\n",
    "title: !!python/object:os.system x\n",
    "title: !!binary AAAA\n",
    "? " * 2000,
    "title: \ud800\n",
]


@pytest.mark.parametrize("front", FUZZ, ids=range(len(FUZZ)))
def test_the_importer_turns_every_bad_file_into_a_form_error(editor, content, front):
    text = f"---\n{front}\n---\nSome words.\n"
    if "\ud800" not in text:  # a str from a file never holds a lone surrogate
        try:
            resource_import(name="fuzz.md", text=text, may_publish=False)
        except ResourceError:
            pass
    encoded = text.encode("utf-8", "surrogatepass")
    upload = SimpleUploadedFile("fuzz.md", encoded, content_type="text/markdown")
    response = editor.post("/admin/journeys/resource/import/", {"document": upload})
    assert response.status_code in {200, 302, 400, 413}


def test_random_front_matter_is_read_or_refused_never_raised_otherwise(db):
    """2,000 random documents made of YAML's own punctuation, control characters, deep
    brackets and long runs: each is read or refused with a ResourceError."""
    import random

    from journeys.content.governance.resources import resource_read

    rng = random.Random(29)
    pieces = [
        "[",
        "]",
        "{",
        "}",
        ":",
        "- ",
        "? ",
        "!",
        "&a",
        "*a",
        "|",
        ">",
        "'",
        '"',
        "#",
        "\n",
        "\t",
        " ",
        "\x07",
        "\x1b",
        "\x85",
        "\u2028",
        "title",
        "tags",
        "9" * 50,
        "lastReviewed: ",
        "2026-02-30",
        "%YAML 1.1",
        "!!int",
        "0x",
        "1e999",
        "~",
    ]
    for _ in range(2000):
        front = "".join(rng.choice(pieces) * rng.choice([1, 1, 2, 50, 700]) for _ in range(12))
        try:
            resource_read(name="fuzz.md", text=f"---\n{front}\n---\nWords.\n")
        except ResourceError:
            pass


# --------------------------------------------------------------------------- #
# Item 9: handwriting is re-encoded before it is stored
# --------------------------------------------------------------------------- #


def test_handwriting_with_trailing_html_is_stored_without_it(client, content):
    start(client)
    data = png() + b"<html><script>alert(1)</script></html>"
    assert upload(client, data).status_code == 302
    stored = bytes(LogDay.objects.get(day=3).handwriting)
    assert b"<script>" not in stored and stored.endswith(b"IEND\xaeB`\x82")


def test_handwriting_text_chunks_are_stripped(client, content):
    start(client)
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "<svg onload=alert(1)>")
    assert upload(client, png(pnginfo=info)).status_code == 302
    stored = bytes(LogDay.objects.get(day=3).handwriting)
    assert b"tEXt" not in stored and b"onload" not in stored


def test_an_animated_png_keeps_its_first_frame_only(client, content):
    start(client)
    frames = [Image.new("L", (120, 40), shade) for shade in (0, 128, 255)]
    buffer = io.BytesIO()
    frames[0].save(buffer, "PNG", save_all=True, append_images=frames[1:], duration=100)
    assert upload(client, buffer.getvalue()).status_code == 302
    stored = bytes(LogDay.objects.get(day=3).handwriting)
    with Image.open(io.BytesIO(stored)) as image:
        assert getattr(image, "n_frames", 1) == 1
        assert image.convert("L").getpixel((5, 5)) == 0
    assert b"acTL" not in stored and b"fdAT" not in stored


# --------------------------------------------------------------------------- #
# Item 10: security headers on every response the app sends
# --------------------------------------------------------------------------- #


def assert_security_headers(response):
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_400_for_a_bad_host_carries_the_security_headers(client):
    response = client.get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert_security_headers(response)


def test_the_413_for_a_large_body_carries_the_security_headers(client):
    response = client.generic(
        "POST", "/choose-product/", b"x", CONTENT_LENGTH="5000000", CONTENT_TYPE="text/plain"
    )
    assert response.status_code == 413
    assert_security_headers(response)


def test_the_admin_history_page_has_no_inline_style(editor, content):
    stage = f.stage(slug="infusion", order=2, name="Infusion")
    html = editor.get(f"/admin/journeys/stage/{stage.pk}/history/").content.decode()
    assert "paginator" in html
    assert " style=" not in html


def test_the_400_for_a_bad_host_carries_the_headers_under_ssl_redirect(settings):
    settings.SECURE_SSL_REDIRECT = True
    response = Client(raise_request_exception=False).get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert_security_headers(response)


@pytest.mark.usefixtures("seeded_db")
def test_no_admin_page_has_an_inline_style(admin_client):
    """The CSP blocks inline style=; no list, add, change or history page of any model has
    one (the history list had `style="border-top: 0"`)."""
    from django.contrib import admin

    from journeys.content.governance.resources import resource_import

    resource_import(name="r.md", text=RESOURCE_DOC, may_publish=True)
    pages = ["/admin/", "/admin/review/", "/admin/journeys/resource/import/"]
    for model in admin.site._registry:
        opts = model._meta
        base = f"/admin/{opts.app_label}/{opts.model_name}/"
        pages += [base, base + "add/"]
        obj = model._default_manager.order_by("pk").first()
        if obj is not None:
            pages += [f"{base}{obj.pk}/change/", f"{base}{obj.pk}/history/"]
            record = getattr(obj, "history", None)
            if record is not None:
                obj.save()
                pages.append(f"{base}{obj.pk}/history/{obj.history.latest().history_id}/")
    for page in pages:
        response = admin_client.get(page)
        assert response.status_code in {200, 403}, page
        html = response.content.decode()
        assert not re.search(r"<[^>]+\sstyle=", html), page


RESOURCE_DOC = (
    "---\ntitle: Further reading\nsource: Test\nurl: https://example.org/\n"
    "license: CC-BY-4.0\nlastReviewed: 2026-01-01\nreviewFrequency: annually\n"
    "audienceLevel: all\nlanguage: en\nstatus: active\nversion: 1\n---\nWords.\n"
)
