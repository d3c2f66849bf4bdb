import os

# live_server runs Django in a thread while Playwright's sync API owns an event loop.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from django.conf import settings  # noqa: E402

SEEDS_DIR = Path(settings.BASE_DIR) / "seeds"


def _load_seeds():
    """History versions are not written for this load: these tests read content, and the
    history tables would triple the time of every load (the loader's own tests keep them)."""
    from django.test import override_settings

    from journeys.content.seeds import seeds_load

    with override_settings(SIMPLE_HISTORY_ENABLED=False):
        seeds_load(directory=SEEDS_DIR)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The shipped seeds, loaded once per test database (each xdist worker has its own).

    Every test then works inside its own transaction, rolled back at its end, so a test
    that changes content changes it for itself only."""
    with django_db_blocker.unblock():
        _load_seeds()


@pytest.fixture
def seeded_db(db):
    """The shipped seed content. Loaded once per test database (`django_db_setup`); a
    transactional test (the browser's live server) flushes the database at its end, so
    after one the seeds are loaded again, inside this test's transaction."""
    from journeys.models import Stage

    if not Stage.objects.exists():
        _load_seeds()


#: Fixtures that want the shipped seeds in the database.
SEEDED = {"seeded_db", "live_seeded"}


@pytest.fixture(autouse=True)
def _content_as_the_test_asks(request):
    """A test that asks for `seeded_db` reads the seeds loaded once per database; any other
    test that uses the database builds the few rows it needs (tests/factories.py) and
    starts from no content at all: the seed rows are deleted inside its own transaction
    (rolled back at its end) or, for a transactional test, before it starts (it flushes
    the database at its end anyway)."""
    names = set(request.fixturenames)
    marker = request.node.get_closest_marker("django_db")
    if names & SEEDED or not (marker or names & {"db", "transactional_db", "live_server"}):
        return
    transactional = (
        (marker and marker.kwargs.get("transaction"))
        or "transactional_db" in names
        or "live_server" in names
    )
    request.getfixturevalue("transactional_db" if transactional else "db")
    _delete_content()


def _delete_content():
    from django.apps import apps
    from django.db import connection, transaction

    from journeys.models import ContentVersion

    quote = connection.ops.quote_name
    # One transaction (a savepoint inside a test's own): foreign keys are checked at its end.
    with transaction.atomic(), connection.cursor() as cursor:
        for model in apps.get_app_config("journeys").get_models(include_auto_created=True):
            if model is not ContentVersion:
                cursor.execute(f"DELETE FROM {quote(model._meta.db_table)}")


@pytest.fixture
def memo_on(settings):
    """Content cached, as production runs (journeys/caching/). It is on for
    every test now; this fixture stays as a name for tests that are about it."""
    settings.CONTENT_CACHE = True


@pytest.fixture(autouse=True)
def _empty_caches():
    """Every cache and memo starts empty for each test: each test has its own database
    state, and a content version can repeat from one test to the next after a rollback."""
    from .cachestore import forget_all

    forget_all()
    yield
    forget_all()


@pytest.fixture
def staff_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("staff", "staff@example.org", "pw-12345")
    client.force_login(user)
    return client


@pytest.fixture
def staff_groups(db):
    """The Editors and Medical reviewers groups, as every `migrate` makes them
    (journeys/content/governance/groups.py).

    Tests that use the groups ask for this fixture, so they have them whatever ran
    before: a transactional test's flush empties the groups table (the post_migrate it
    sends makes them again, unless a test inhibits it).
    """
    from journeys.content.governance.groups import staff_groups_sync

    staff_groups_sync()


@pytest.fixture(autouse=True)
def _english_between_tests():
    """Each test starts and ends in the default language: a test that reads a page in
    Spanish must not leave the next one (whatever order xdist gives) reading Spanish."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()
