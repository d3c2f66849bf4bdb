"""A hostile-input sweep over every URL pattern: malformed path values, odd and oversized
query strings, wrong methods, missing or wrong CSRF tokens, huge and malformed bodies and
odd HX-* headers. Thousands of requests; no 5xx anywhere, and nothing stored changes."""

import itertools
import json

import pytest
from django.apps import apps
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.django_db

PATH_VALUES = [
    "",
    "x",
    "0",
    "-1",
    "99999999999999999999",
    "²",
    "１２",
    "nope",
    "a" * 300,
    "../../etc/passwd",
    "%2e%2e%2f",
    "%00",
    "%ff",
    "%C3%A9t%C3%A9",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "${jndi:ldap://x}",
    "{{7*7}}",
    "%0d%0aSet-Cookie:x=1",
    "leukapheresis",
    "t-cell",
    "yescarta",
]
QUERIES = [
    "",
    "?step=2",
    "?step=0",
    "?step=-3",
    "?step=1e9",
    "?step=%C2%B2",
    "?step=" + "9" * 400,
    "?step=1&step=2",
    "?preview=1",
    "?preview=%00",
    "?unknown=1&" + "&".join(f"k{i}=v" for i in range(50)),
    "?q=" + "x" * 8000,
    "?%ff=%fe",
    "?next=https://evil.example/",
]
HX_HEADERS = [
    {},
    {"HTTP_HX_REQUEST": "true"},
    {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "step-panel"},
    {
        "HTTP_HX_REQUEST": "true",
        "HTTP_HX_TARGET": "stage-main",
        "HTTP_HX_HISTORY_RESTORE_REQUEST": "true",
    },
    {
        "HTTP_HX_REQUEST": "garbage",
        "HTTP_HX_TARGET": "\u202e<>",
        "HTTP_HX_CURRENT_URL": "not a url",
    },
    {"HTTP_HX_REQUEST": "true", "HTTP_HX_TRIGGER": "x" * 5000, "HTTP_HX_BOOSTED": "maybe"},
]
BODIES = [
    ("application/x-www-form-urlencoded", "item=%ff%fe&stage=&checked=2"),
    (
        "application/x-www-form-urlencoded",
        "&".join(f"f{i}=1" for i in range(1500)),
    ),  # too many fields
    ("application/x-www-form-urlencoded", "product=" + "p" * 3_000_000),  # too big
    (
        "multipart/form-data; boundary=zzz",
        '--zzz\r\nContent-Disposition: form-data; name="a"\r\n\r\nb',
    ),
    ("multipart/form-data", "no boundary at all"),
    ("application/json", json.dumps({"item": 1, "checked": "1"})),
    ("text/plain", "\x00\x01\x02"),
    ("application/x-www-form-urlencoded", "infusion_date=2026-02-30&collection_date=yesterday"),
    ("application/x-www-form-urlencoded", "sharing=on&product=yescarta%00"),
]
METHODS = ["get", "post", "put", "patch", "delete", "head", "options"]


def url_patterns(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        pattern = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            if pattern.startswith("admin/") and pattern != "admin/":
                continue
            yield from url_patterns(entry, pattern if pattern != "admin/" else "admin/")
        elif isinstance(entry, URLPattern):
            yield pattern


def concrete_paths():
    """Each URL pattern with every malformed value in place of its parameters."""
    paths = set()
    for pattern in url_patterns():
        if pattern.startswith("admin/") and "<" in pattern:
            continue
        if pattern.startswith("^") or "(?P" in pattern:
            continue
        parts = pattern.split("<")
        if len(parts) == 1:
            paths.add("/" + pattern)
            continue
        for value in PATH_VALUES:
            path = parts[0]
            for part in parts[1:]:
                path += value + part.split(">", 1)[1]
            paths.add("/" + path)
    return sorted(paths)


def stored_state():
    state = {}
    for model in apps.get_models():
        if model._meta.app_label in {"sessions", "axes", "admin"}:
            continue
        state[model._meta.label] = sorted(
            json.dumps(row, sort_keys=True, default=str) for row in model.objects.values()
        )
    return state


def test_no_5xx_anywhere_and_nothing_stored_changes(seeded_db, capsys):
    before = stored_state()
    client = Client(raise_request_exception=False)
    csrf_client = Client(raise_request_exception=False, enforce_csrf_checks=True)
    csrf_client.get("/")
    token = csrf_client.cookies["csrftoken"].value
    failures, count = [], 0

    def check(response, what):
        nonlocal count
        count += 1
        if response.status_code >= 500:
            failures.append((response.status_code, what))

    paths = concrete_paths()
    assert len(paths) > 100
    for path, query in itertools.product(paths, QUERIES[:6]):
        for method in METHODS:
            response = getattr(client, method)(path + query)
            check(response, f"{method.upper()} {path}{query}")
    for path, headers in itertools.product(paths, HX_HEADERS):
        check(client.get(path + "?step=2", **headers), f"GET {path} {headers}")
    for path, query in itertools.product(paths[::3], QUERIES[6:]):
        check(client.get(path + query), f"GET {path}{query[:60]}")
    posting = [p for p in paths if not p.startswith("/admin/")]
    for path, (content_type, body) in itertools.product(posting, BODIES):
        for csrf_headers in ({}, {"HTTP_X_CSRFTOKEN": "wrong"}, {"HTTP_X_CSRFTOKEN": token}):
            response = csrf_client.generic(
                "POST", path, body, content_type=content_type, **csrf_headers
            )
            check(response, f"POST {path} {content_type} {body[:40]!r} csrf={bool(csrf_headers)}")
            if not csrf_headers or csrf_headers["HTTP_X_CSRFTOKEN"] == "wrong":
                if response.status_code < 400:
                    failures.append((response.status_code, f"accepted without CSRF: POST {path}"))

    with capsys.disabled():
        print(f"\nhostile-input sweep: {count} requests over {len(paths)} paths")
    assert not failures, failures[:20]
    assert stored_state() == before


def test_the_second_round_of_attacks_gets_4xx_and_changes_nothing(seeded_db):
    """Issue 11: joining links, a caregiver's date POSTs, bracket runs, oversized bodies."""
    from journeys.models import Journey, Stage, Step

    owner = Client()
    owner.post("/my-journey/", {"infusion_date": "2026-12-01"})
    owner.post("/my-journey/share/", {"sharing": "on"})
    journey = Journey.objects.get()
    follower = Client(raise_request_exception=False)
    follower.post(f"/j/{journey.token}/")
    stage = Stage.objects.get(slug="infusion")
    # Saved before the limits existed: a bracket run straight into the database.
    Step.objects.filter(stage=stage, key="infusion").update(body="[" * 20_000)
    before = stored_state()
    client = Client(raise_request_exception=False)
    attacks = [
        (client, "get", f"/j/{journey.token}/", {}),
        (client, "post", f"/j/{journey.token}x/", {}),
        (client, "post", "/j/" + "A" * 43 + "/", {"replace": "yes"}),
        (owner, "post", f"/j/{journey.token}/", {"replace": "yes"}),
        (follower, "post", "/my-journey/", {"infusion_date": "2027-01-01"}),
        (follower, "post", "/my-journey/share/", {"sharing": "off"}),
        (
            follower,
            "post",
            "/my-journey/share/",
            {"sharing": "on", "caregiver_may_edit_dates": "on"},
        ),
        (client, "get", "/journey/infusion/?step=3", {}),
        (client, "get", "/journey/infusion/?v=" + "[" * 3000, {}),
    ]
    statuses = []
    for who, method, url, data in attacks:
        statuses.append((url[:40], getattr(who, method)(url, data).status_code))
    oversized = client.generic(
        "POST", "/checklists/", b"x" * 3_000_000, content_type="application/x-www-form-urlencoded"
    )
    statuses.append(("oversized", oversized.status_code))
    assert all(status < 500 for _, status in statuses), statuses
    assert dict(statuses)["oversized"] == 413
    assert stored_state() == before
    journey.refresh_from_db()
    assert str(journey.infusion_date) == "2026-12-01" and journey.token
