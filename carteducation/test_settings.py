"""Settings for the test suite: the real settings with a test key and faster hashing."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-" + "k3y-for-the-test-suite-" * 3)
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "false")

from .settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0

# Tests run with production's caches: the page cache, the content kept per process and the
# log's keeping stay on (a test about turning one off says so itself). Every cache starts
# empty for each test (tests/conftest.py), since each test has its own database state.
# With CACHE_URL (CI's PostgreSQL leg) the cache is Redis, one database per xdist worker so
# that one worker's clearing never empties another's.
if os.environ.get("CACHE_URL", "").startswith("redis"):
    _worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw")
    CACHES["default"]["LOCATION"] = (  # noqa: F405
        os.environ["CACHE_URL"].rstrip("/") + f"/{1 + int(_worker or 0) % 15}"
    )

# Rate limits count in the cache across tests; tests/test_ratelimits.py turns them on.
RATELIMIT_ENABLE = False
