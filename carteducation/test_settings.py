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

# Tests see every write at once; tests/test_pagecache.py turns the page cache on.
PAGE_CACHE_SECONDS = 0

# Every test reads content fresh from its own database; tests/test_memo.py turns it on.
CONTENT_MEMO = False

# Rate limits count in the cache across tests; tests/test_ratelimits.py turns them on.
RATELIMIT_ENABLE = False
