"""A hostile-input sweep over every URL pattern: malformed path values, odd and oversized
query strings, wrong methods, missing or wrong CSRF tokens, huge and malformed bodies and
odd HX-* headers. Thousands of requests; no 5xx anywhere, and nothing stored changes."""

import json
from functools import partial

import pytest
from django.apps import apps
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

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


def pattern_paths(pattern):
    """One URL pattern with every malformed value in place of its parameters."""
    if pattern.startswith("admin/") and "<" in pattern:
        return set()
    if pattern.startswith("^") or "(?P" in pattern:
        return set()
    parts = pattern.split("<")
    if len(parts) == 1:
        return {"/" + pattern}
    paths = set()
    for value in PATH_VALUES:
        path = parts[0]
        for part in parts[1:]:
            path += value + part.split(">", 1)[1]
        paths.add("/" + path)
    return paths


def concrete_paths():
    """Each URL pattern with every malformed value in place of its parameters."""
    return sorted(set().union(*map(pattern_paths, url_patterns())))


#: Patterns without parameters give one path each: a few of them share one test.
PLAIN_PATTERNS_PER_TEST = 4


def sweep_cases():
    """The sweep cut into tests that xdist workers share: one per URL pattern with
    parameters (its path with each malformed value), and a test for each run of up to
    PLAIN_PATTERNS_PER_TEST patterns without. A path is `(path, long_queries)`: the
    oversized query strings go to every third path of the whole sorted list, as they did
    when one test swept every path."""
    every_path = concrete_paths()
    every_third = set(every_path[::3])
    groups, plain, seen = [], [], set()
    for pattern in url_patterns():
        paths = sorted(pattern_paths(pattern) - seen)
        seen.update(paths)
        if not paths:
            continue
        if "<" in pattern:
            groups += [plain] if plain else []
            groups.append([(pattern, paths)])
            plain = []
        else:
            plain.append((pattern, paths))
            if len(plain) == PLAIN_PATTERNS_PER_TEST:
                groups.append(plain)
                plain = []
    groups += [plain] if plain else []
    return [
        pytest.param(
            tuple((path, path in every_third) for _, paths in group for path in paths),
            id=" ".join("/" + pattern for pattern, _ in group),
        )
        for group in groups
    ]


SWEEP_CASES = sweep_cases()

#: The paths the single sweep test swept before it was cut up (issue 25): the cut-up
#: sweep sweeps at least as many. It sent 16,019 requests then; since the malformed
#: queries go out as GET, HEAD and POST only (PUT, PATCH, DELETE and OPTIONS still go to
#: every path, bare and with a step) and the missing or wrong CSRF token goes with two
#: bodies rather than nine (`_bodies_and_csrf`), the English sweep alone sends at least
#: the 10,000 of issue 29 (the admin and Spanish sweep add about 7,000).
SINGLE_TEST_PATHS, SWEEP_REQUESTS = 209, 10_000


class Clients:
    """The sweep's two clients: one that skips CSRF checks and one that enforces them."""

    def __init__(self):
        self.plain = Client(raise_request_exception=False)
        self.csrf = Client(raise_request_exception=False, enforce_csrf_checks=True)
        self.csrf.get("/")
        self.token = self.csrf.cookies["csrftoken"].value


def _send(method, url, clients):
    return getattr(clients.plain, method)(url)


def _send_hx(url, headers, clients):
    return clients.plain.get(url, **headers)


def _post_body(path, content_type, body, csrf, clients):
    token = {"none": None, "wrong": "wrong", "right": clients.token}[csrf]
    csrf_headers = {"HTTP_X_CSRFTOKEN": token} if token else {}
    return clients.csrf.generic("POST", path, body, content_type=content_type, **csrf_headers)


def requests_for(paths):
    """Every request the sweep sends for `paths`, in order, as `(what, send,
    must_be_refused)`; `send(clients)` sends it. The test sends these and the count below
    counts these, so the two cannot drift apart."""
    yield from _methods_and_queries(paths)
    yield from _hx_headers(paths)
    yield from _oversized_queries(paths)
    yield from _bodies_and_csrf(paths)


def _methods_and_queries(paths):
    """Every method on the bare path and with a step; the malformed queries with the
    methods the views read a query for (GET, HEAD and POST)."""
    for path, _ in paths:
        for query in QUERIES[:6]:
            for method in METHODS if query in QUERIES[:2] else ("get", "head", "post"):
                yield f"{method.upper()} {path}{query}", partial(_send, method, path + query), False


def _hx_headers(paths):
    for path, _ in paths:
        for headers in HX_HEADERS:
            yield f"GET {path} {headers}", partial(_send_hx, path + "?step=2", headers), False


def _oversized_queries(paths):
    for path, long_queries in paths:
        if long_queries:
            for query in QUERIES[6:]:
                yield f"GET {path}{query[:60]}", partial(_send, "get", path + query), False


def _bodies_and_csrf(paths):
    """Each body to each path but admin's with the right CSRF token; the first two bodies
    (a form with broken bytes, one with too many fields) with no token and with a wrong one
    too, which must be refused: the token is checked before a view reads the body, so what
    the body holds does not change the refusal (issue 26: the sweep's 3 MB body went to
    every path three times)."""
    for path, _ in paths:
        if path.startswith("/admin/"):
            continue
        for number, (content_type, body) in enumerate(BODIES):
            for csrf in ("none", "wrong", "right") if number < 2 else ("right",):
                what = f"POST {path} {content_type} {body[:40]!r} csrf={csrf}"
                send = partial(_post_body, path, content_type, body, csrf)
                yield what, send, csrf != "right"


def stored_state():
    state = {}
    for model in apps.get_models():
        if model._meta.app_label in {"sessions", "axes", "admin"}:
            continue
        state[model._meta.label] = sorted(
            json.dumps(row, sort_keys=True, default=str) for row in model.objects.values()
        )
    return state


def test_the_cut_up_sweep_sends_every_request_the_single_test_sent(capsys):
    """No database: the cases cover every path once, the oversized queries go to the same
    third of the paths, and the requests add up to at least the single test's count."""
    cases = [case.values[0] for case in SWEEP_CASES]
    every_path = concrete_paths()
    assert len(every_path) > 100
    swept = [path for paths in cases for path, _ in paths]
    assert sorted(swept) == every_path
    assert {path for paths in cases for path, long in paths if long} == set(every_path[::3])
    count = sum(1 for paths in cases for _ in requests_for(paths))
    with capsys.disabled():
        print(
            f"\nhostile-input sweep: {count} requests over {len(swept)} paths, {len(cases)} tests"
        )
    assert count >= SWEEP_REQUESTS
    assert len(swept) >= SINGLE_TEST_PATHS


@pytest.mark.parametrize("paths", SWEEP_CASES)
def test_no_5xx_anywhere_and_nothing_stored_changes(seeded_db, paths):
    """One case of the sweep, with its own two clients (one cookie jar per case)."""
    before = stored_state()
    clients = Clients()
    failures, count = [], 0
    for what, send, must_be_refused in requests_for(paths):
        response = send(clients)
        count += 1
        if response.status_code >= 500:
            failures.append((response.status_code, what))
        if must_be_refused and response.status_code < 400:
            failures.append((response.status_code, f"accepted without CSRF: {what}"))
    assert count, "no request sent"
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
        (follower, "post", "/my-journey/share/", {"sharing": "off", "confirm": "yes"}),
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


# --------------------------------------------------------------------------- #
# Issue 29: the sweep reaches every admin URL (logged in, as a superuser and as an
# editor) and every patient URL in Spanish too.
# --------------------------------------------------------------------------- #

#: Path values for admin URLs: a real pk ("1"), and the malformed ones admin must 404.
ADMIN_VALUES = ["1", "x", "99999999999999999999", "%ff"]
#: Path values for the Spanish patient URLs (the English ones get every PATH_VALUE above).
SPANISH_VALUES = PATH_VALUES[1:5] + PATH_VALUES[12:14] + PATH_VALUES[-2:]
ADMIN_QUERIES = [
    "",
    "?q=%ff%fe&o=99&p=-1&all=&e=1&_changelist_filters=%00x&status__exact=<x>",
    "?_popup=1&_to_field=password&review=bogus&awaiting=maybe",
]
ADMIN_BODIES = [
    ("application/x-www-form-urlencoded", "status=published&_save=1&row_version=%ff&id=x"),
    ("application/x-www-form-urlencoded", "action=publish&_selected_action=x&select_across=9"),
    ("multipart/form-data", "no boundary at all"),
]


def every_pattern(resolver=None, prefix=""):
    """Every URL pattern, admin's nested ones included, and each patient pattern also
    under the Spanish prefix (the i18n patterns' prefix is empty for English)."""
    from django.urls.resolvers import LocalePrefixPattern

    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if isinstance(entry.pattern, LocalePrefixPattern):
                for language in ("", "es/"):
                    yield from every_pattern(entry, prefix + language)
            else:
                yield from every_pattern(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern)


def pattern_with(pattern, value):
    """The pattern with `value` in place of every parameter (route or regex)."""
    import re

    path = re.sub(r"<[^>]+>", value, pattern)
    path = re.sub(r"\((?:\?P<\w+>)?[^()]*\)", value, path)
    return "/" + path.replace("^", "").replace("$", "")


def swept_paths(pattern):
    """Admin and Spanish patterns' paths for the issue 29 sweep (English: the sweep above)."""
    if pattern.startswith("admin/"):
        values = ADMIN_VALUES
    elif pattern.startswith("es/"):
        values = SPANISH_VALUES
    else:
        return set()
    if "<" not in pattern and "(" not in pattern:
        return {pattern_with(pattern, "")}
    return {pattern_with(pattern, value) for value in values}


def round3_cases():
    groups, plain = [], []
    for pattern in every_pattern():
        paths = sorted(swept_paths(pattern))
        if not paths:
            continue
        if len(paths) > 1:
            groups.append([(pattern, paths)])
        else:
            plain.append((pattern, paths))
            if len(plain) == 8:
                groups.append(plain)
                plain = []
    groups += [plain] if plain else []
    return [
        pytest.param(
            tuple(path for _, paths in group for path in paths),
            id=" ".join("/" + pattern[:60] for pattern, _ in group),
        )
        for group in groups
    ]


ROUND3_CASES = round3_cases()


class StaffClients:
    def __init__(self):
        from django.contrib.auth import get_user_model
        from django.contrib.auth.models import Group

        from journeys.content.governance.groups import staff_groups_sync

        staff_groups_sync()
        users = get_user_model().objects
        boss = users.filter(username="sweep-admin").first() or users.create_superuser(
            "sweep-admin", "a@example.org", "pw-12345"
        )
        editor = users.filter(username="sweep-editor").first()
        if editor is None:
            editor = users.create_user("sweep-editor", password="pw-12345", is_staff=True)
            editor.groups.add(Group.objects.get(name="Editors"))
        self.superuser = Client(raise_request_exception=False)
        self.superuser.force_login(boss)
        self.editor = Client(raise_request_exception=False)
        self.editor.force_login(editor)
        self.anonymous = Client(raise_request_exception=False)


def round3_requests(paths):
    """(what, send) for each request of the issue 29 sweep over `paths`."""
    for path in paths:
        admin = path.startswith("/admin/")
        for query in ADMIN_QUERIES if admin else QUERIES[:3]:
            yield f"GET {path}{query}", lambda c, u=path + query: c.superuser.get(u)
        yield f"editor GET {path}", lambda c, u=path: c.editor.get(u)
        yield f"anon GET {path}", lambda c, u=path: c.anonymous.get(u)
        yield f"HEAD {path}", lambda c, u=path: c.editor.head(u)
        for headers in HX_HEADERS[1:3]:
            yield f"GET {path} {headers}", lambda c, u=path, h=headers: c.superuser.get(u, **h)
        if path.rstrip("/").endswith("logout"):
            continue  # a POST would end the session the rest of the case uses
        bodies = ADMIN_BODIES if admin else BODIES[:3]
        posts = [("superuser", body) for body in bodies]
        posts += [("editor", bodies[0]), ("anonymous", bodies[0])]
        for who, (content_type, body) in posts:
            yield (
                f"{who} POST {path} {body[:30]!r}",
                lambda c, u=path, t=content_type, b=body, w=who: getattr(c, w).generic(
                    "POST", u, b, content_type=t
                ),
            )


def test_the_round3_sweep_covers_every_admin_and_spanish_pattern(capsys):
    patterns = list(every_pattern())
    admin = [p for p in patterns if p.startswith("admin/")]
    spanish = [p for p in patterns if p.startswith("es/")]
    assert len(admin) > 100 and len(spanish) == len(
        [
            p
            for p in patterns
            if not p.startswith(("admin/", "es/", "healthz", "robots", "fav", "sw.js"))
        ]
    )
    swept = {path for case in ROUND3_CASES for path in case.values[0]}
    for pattern in admin + spanish:
        assert swept_paths(pattern) <= swept, pattern
    count = sum(1 for case in ROUND3_CASES for _ in round3_requests(case.values[0]))
    english = sum(1 for case in SWEEP_CASES for _ in requests_for(case.values[0]))
    with capsys.disabled():
        print(
            f"\nissue 29 sweep: {count} requests over {len(swept)} admin and Spanish paths "
            f"({len(admin)} admin and {len(spanish)} Spanish patterns); with the English "
            f"sweep, {count + english} requests over all {len(patterns)} patterns"
        )
    assert count + english >= 10_000


@pytest.mark.parametrize("paths", ROUND3_CASES)
def test_no_5xx_in_admin_or_spanish(seeded_db, paths):
    clients = StaffClients()
    failures, count = [], 0
    for what, send in round3_requests(paths):
        response = send(clients)
        count += 1
        if response.status_code >= 500:
            failures.append((response.status_code, what))
    assert count
    assert not failures, failures[:20]
