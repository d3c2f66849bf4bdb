"""Real-browser tests: Debian's Chromium, driven by Playwright, against the live server.

Every test here needs the live server to see the seed content, so the data is
written with `transactional_db` (committed, visible to the server thread) by the
`live_seeded` fixture; pytest-django flushes it again after each test. Loading the
seeds takes about a second, so the tests walk many pages each rather than being
split one page per test.
"""

import gc
import os
import threading
import time
from pathlib import Path

import pytest
from django.conf import settings

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

SEEDS_DIR = Path(settings.BASE_DIR) / "seeds"
SCREENSHOT_DIR = Path(settings.BASE_DIR) / "test-output" / "screenshots"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """pytest-playwright's launch options plus Debian's Chromium (Playwright downloads none)."""
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        message = (
            f"Chromium is not installed at {CHROMIUM}: the browser tests need it "
            "(apt-get install chromium)."
        )
        if os.environ.get("SKIP_BROWSER_TESTS") == "1":
            pytest.skip(f"{message} SKIP_BROWSER_TESTS=1 asked to skip them.")
        pytest.fail(
            f"{message} Set SKIP_BROWSER_TESTS=1 to run the other tests without them.",
            pytrace=False,
        )
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": [*browser_type_launch_args.get("args", []), *CHROMIUM_ARGS],
    }


@pytest.fixture
def live_seeded(transactional_db, live_server):
    """The shipped seed content, committed so the live server thread sees it.

    Returns the live server's base URL (no trailing slash).
    """
    from journeys.content.seeds import seeds_load

    seeds_load(directory=SEEDS_DIR)
    return live_server.url


@pytest.fixture
def stage_plan():
    """Callable: [(slug, name, step_count)] for every published stage, in order, for a product
    and a role (the walks read as a patient unless they say otherwise).

    Read from the database, so the walks follow the content rather than a copy of it;
    product-only steps (Aucatzyl has one in infusion) are counted, and steps written for
    the other role (issue 27: a caregiver's own wording) are not.
    """
    from journeys.models import Product, Stage, Step

    def plan(product_slug=None, role="patient"):
        product = Product.objects.get(slug=product_slug) if product_slug else None
        return [
            (
                stage.slug,
                stage.name,
                Step.objects.published()
                .filter(stage=stage)
                .for_product(product)
                .for_role(role)
                .count(),
            )
            for stage in Stage.objects.published().order_by("order")
        ]

    return plan


@pytest.fixture(scope="session")
def screenshot_dir():
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    return SCREENSHOT_DIR


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """The service worker (issue 31) is blocked in the `page` fixture's contexts: the offline
    tests make their own contexts, where it runs. Elsewhere its background refreshes reach
    the live server after a test's last step, while the test's database is being flushed
    ("database table is locked" in one clean-clone CI run)."""
    return {**browser_context_args, "service_workers": "block"}


class _InFlight:
    """The live server's app, counting the requests it is still answering (a request ends
    when the server closes its response, as WSGI says).

    On SQLite the requests are answered one at a time: the test database is in memory, one
    connection the server's threads share, and two requests using it at once (a page and
    the htmx request it starts) made SQLite answer "bad parameter or other API misuse" to
    one of them (a 500 in a clean-clone CI run). PostgreSQL gives each thread its own."""

    def __init__(self, app, *, one_at_a_time=False):
        self.app = app
        self.count = 0
        self._lock = threading.Lock()
        self._turn = threading.Lock() if one_at_a_time else None

    def _done(self):
        with self._lock:
            self.count -= 1
        if self._turn is not None:
            self._turn.release()

    def __call__(self, environ, start_response):
        with self._lock:
            self.count += 1
        if self._turn is not None:
            self._turn.acquire()
        try:
            result = self.app(environ, start_response)
        except BaseException:
            self._done()
            raise
        return _Closing(result, self._done)


class _Closing:
    def __init__(self, result, done):
        self.result = result
        self.done = done

    def __iter__(self):
        return iter(self.result)

    def close(self):
        try:
            if hasattr(self.result, "close"):
                self.result.close()
        finally:
            self.done()


@pytest.fixture(autouse=True)
def _server_idle_before_the_flush(request):
    """At a browser test's end, every browser context is closed and the live server has
    answered its last request before the test database is flushed. A request still being
    answered (a service worker's refresh, an htmx swap the test did not wait for) held a
    table while the flush ran: "database table is locked" at teardown, in two clean-clone
    CI runs. Requesting the database and server here puts this teardown before theirs."""
    if "live_server" not in request.fixturenames:
        yield
        return
    request.getfixturevalue("transactional_db")
    live_server = request.getfixturevalue("live_server")
    httpd = live_server.thread.httpd
    if not isinstance(httpd.get_app(), _InFlight):
        from django.db import connection

        sqlite = connection.vendor == "sqlite"
        httpd.set_app(_InFlight(httpd.get_app(), one_at_a_time=sqlite))
    browser = request.getfixturevalue("browser")
    yield
    for context in list(browser.contexts):
        context.close()
    deadline = time.monotonic() + 10
    while httpd.get_app().count > 0 and time.monotonic() < deadline:
        time.sleep(0.02)
    # A query the server left unfinished (an iterator dropped half read) keeps its statement
    # open on the connection the server shares with the test until it is collected.
    gc.collect()


@pytest.fixture(autouse=True, scope="session")
def _flush_waits_out_a_locked_table():
    """The test database (in-memory SQLite, one connection the live server's threads share)
    is flushed after each browser test; a statement a request thread left open can hold a
    table for a moment after the last response ("database table is locked" at a teardown in
    three clean-clone CI runs, after the idle wait above). The flush is tried again then, for
    up to 5 s. SQLite in tests only: PostgreSQL, production's database, has no such lock."""
    from django.db import OperationalError
    from django.test.testcases import TransactionTestCase

    teardown = TransactionTestCase._fixture_teardown

    def patient_teardown(self):
        for attempt in range(25):
            try:
                return teardown(self)
            except Exception as problem:  # flush wraps the OperationalError in CommandError
                cause = problem if isinstance(problem, OperationalError) else problem.__cause__
                if attempt == 24 or "locked" not in str(cause):
                    raise
                gc.collect()
                time.sleep(0.2)

    TransactionTestCase._fixture_teardown = patient_teardown
    yield
    TransactionTestCase._fixture_teardown = teardown
