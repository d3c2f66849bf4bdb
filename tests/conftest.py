import os

# live_server runs Django in a thread while Playwright's sync API owns an event loop.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from django.conf import settings  # noqa: E402

SEEDS_DIR = Path(settings.BASE_DIR) / "seeds"


@pytest.fixture
def seeded_db(db):
    """The shipped seed content, loaded inside the test's transaction.

    History versions are not written for this load: these tests read content, and the
    history tables would triple the time of every load (the loader's own tests keep them).
    """
    from django.test import override_settings

    from journeys.seeds import seeds_load

    with override_settings(SIMPLE_HISTORY_ENABLED=False):
        seeds_load(directory=SEEDS_DIR)


@pytest.fixture
def memo_on(settings):
    """Content kept in the process, as production runs (journeys/memo.py); the test
    settings turn it off so that each test reads its own database."""
    from journeys import memo

    settings.CONTENT_MEMO = True
    memo.forget()
    yield
    memo.forget()


@pytest.fixture
def staff_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("staff", "staff@example.org", "pw-12345")
    client.force_login(user)
    return client


@pytest.fixture
def staff_groups(db):
    """The Editors and Medical reviewers groups, as the data migrations make them.

    Transactional tests flush the database, data-migration rows included, so tests that
    need the groups after such a flush ask for this fixture.
    """
    import importlib

    from django.apps import apps

    for name in [
        "0003_staff_groups",
        "0005_resource_permissions",
        "0017_staff_permissions_translations_checks",
    ]:
        module = importlib.import_module(f"journeys.migrations.{name}")
        for operation in module.Migration.operations:
            operation.code(apps, None)


@pytest.fixture(autouse=True)
def _english_between_tests():
    """Each test starts and ends in the default language: a test that reads a page in
    Spanish must not leave the next one (whatever order xdist gives) reading Spanish."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()
