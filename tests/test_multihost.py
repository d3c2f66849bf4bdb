"""Two app servers on one PostgreSQL and one Redis, as a center runs them (issue 26).

Two gunicorn servers, two workers each, with production settings, on loopback only,
started and stopped by this module on a database of their own. A reviewer's publish
shows on every worker of both at the next request, and a patient's log written through
one and read through the other is gone from both the moment "forget me" is pressed.

Runs where CI's second leg runs: `DATABASE_URL=postgres://…` and `CACHE_URL=redis://…`.
"""

import datetime
import http.client
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from http.cookies import SimpleCookie
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
DATABASE_URL = os.environ.get("DATABASE_URL", "")
CACHE_URL = os.environ.get("CACHE_URL", "")
#: A Redis database no test worker uses (the workers take 1 to 15: test_settings.py).
REDIS_DB = 0

pytestmark = pytest.mark.skipif(
    not (DATABASE_URL.startswith("postgres") and CACHE_URL.startswith("redis")),
    reason="needs PostgreSQL and Redis (DATABASE_URL=postgres://…, CACHE_URL=redis://…), "
    "as in CI's second leg",
)


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _run(env, *args):
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env,
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
        timeout=300,
    )


def _database(url, name):
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))


def _admin_sql(statement):
    import psycopg

    with psycopg.connect(_database(DATABASE_URL, "postgres"), autocommit=True) as conn:
        conn.execute(statement)


@pytest.fixture(scope="module")
def servers():
    """[base URL of server 1, of server 2] and the environment they share."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    name = f"cartjourney_multihost_{worker}"
    work = Path(tempfile.mkdtemp(prefix="cart-multihost-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "carteducation.settings",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(60),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_STATIC_ROOT": str(work / "static"),
        "DATABASE_URL": _database(DATABASE_URL, name),
        "CACHE_URL": f"{CACHE_URL.rstrip('/')}/{REDIS_DB}",
    }
    env.pop("PYTEST_XDIST_WORKER", None)
    _admin_sql(f'DROP DATABASE IF EXISTS "{name}"')
    _admin_sql(f'CREATE DATABASE "{name}"')
    processes = []
    try:
        _run(env, "migrate", "--no-input", "-v0")
        _run(env, "load_seeds", "-v0")
        _run(env, "collectstatic", "--no-input", "-v0")
        import redis

        redis.Redis.from_url(env["CACHE_URL"]).flushdb()
        bases = []
        for _ in range(2):
            port = _free_port()
            processes.append(
                subprocess.Popen(
                    [sys.executable, "-m", "gunicorn", "carteducation.wsgi", "-w", "2"]
                    + ["-b", f"127.0.0.1:{port}", "--log-level", "warning"],
                    env=env,
                    cwd=ROOT,
                    stdout=subprocess.DEVNULL,
                )
            )
            bases.append(("127.0.0.1", port))
        for host, port in bases:
            _wait_until_up(host, port)
        yield bases, env
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        shutil.rmtree(work, ignore_errors=True)
        _admin_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _wait_until_up(host, port, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if Device().get((host, port), "/healthz").status == 200:
                return
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"the server at {host}:{port} did not come up")


class Reply:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    @property
    def text(self):
        return self.body.decode("utf-8", errors="replace")


class Device:
    """A browser on one phone: its cookies go to whichever server it asks (production's
    cookies are marked Secure; this loopback test sends them over plain HTTP)."""

    def __init__(self, cookies=None):
        self.cookies = dict(cookies or {})

    def request(self, server, method, path, data=None):
        host, port = server
        headers = {"Host": f"{host}:{port}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if method == "POST":
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["X-CSRFToken"] = self.cookies.get("csrftoken", "")
            headers["Origin"] = f"http://{host}:{port}"
            body = urllib.parse.urlencode(data or {}, doseq=True)
        connection = http.client.HTTPConnection(host, port, timeout=30)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            reply = Reply(response.status, response.headers, response.read())
        finally:
            connection.close()
        for raw in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(raw).items():
                if morsel["max-age"] == "0" or morsel.value == "":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return reply

    def get(self, server, path):
        return self.request(server, "GET", path)

    def post(self, server, path, data):
        if "csrftoken" not in self.cookies:
            self.get(server, "/my-journey/")  # a form page: the CSRF cookie
        return self.request(server, "POST", path, data)


def _manage_shell(env, code):
    _run(env, "shell", "-c", code)


def test_a_reviewers_publish_shows_on_every_worker_of_both_servers(servers):
    bases, env = servers
    device = Device()
    path = "/journey/evaluation/"
    for server in bases:  # warm every worker: many requests spread over both
        for _ in range(12):
            page = device.get(server, path)
            assert page.status == 200 and "Published across both hosts" not in page.text
    _manage_shell(
        env,
        "from django.contrib.auth import get_user_model\n"
        "from journeys.content.governance.workflow import content_propose, content_publish\n"
        "from journeys.models import Stage\n"
        "user = get_user_model().objects.create_superuser('reviewer', 'r@example.org', 'x')\n"
        "stage = Stage.objects.get(slug='evaluation')\n"
        "content_propose(obj=stage, changes={'summary': 'Published across both hosts.'},"
        " submit=True)\n"
        'content_publish(obj=Stage.objects.get(pk=stage.pk), user=user, reason="Checked.")\n',
    )
    for server in bases:
        for n in range(12):
            page = device.get(server, path)
            assert page.status == 200
            assert "Published across both hosts." in page.text, (server, n)


def test_forget_me_on_one_server_erases_the_log_read_through_the_other(servers):
    bases, _env = servers
    one, two = bases
    device = Device()
    infusion = datetime.date.today() - datetime.timedelta(days=2)
    assert device.post(one, "/my-journey/", {"infusion_date": infusion.isoformat()}).status == 302
    entry = {"day": "1", "time": "08:15", "temperature": "100.7", "unit": "F"}
    entry["key"] = secrets.token_hex(16)
    assert device.post(one, "/my-journey/log/", entry).status == 302
    pages = {
        "/my-journey/log/": "100.7",
        "/my-journey/log/entries.csv": "100.7",
        "/my-journey/log/print/": "100.7",
        "/my-journey/calendar.ics": "BEGIN:VCALENDAR",
    }
    for server in (two, one):  # written through one, read through the other
        for path, shown in pages.items():
            reply = device.get(server, path)
            assert reply.status == 200 and shown in reply.text, (server, path)
    stale = Device(device.cookies)  # the same cookies, kept by another tab
    assert device.post(two, "/my-journey/forget/", {}).status == 200
    for who in (device, stale):
        for server in (one, two):
            for path in pages:
                reply = who.get(server, path)
                assert "100.7" not in reply.text, (server, path)
                assert re.search(r"BEGIN:VCALENDAR", reply.text) is None, (server, path)
