"""Settings for CAR-T Journey, read from the environment.

DJANGO_SECRET_KEY, DJANGO_DEBUG, DJANGO_ALLOWED_HOSTS and DATABASE_URL configure a
deployment; the defaults suit a laptop (SQLite file next to manage.py).
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)

# Only a developer's machine may run with a throwaway key; a production start
# without a real one must fail loudly rather than sign sessions with a known key.
INSECURE_DEV_KEY = "django-insecure-dev-only-never-use-in-production"
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it to a long random value, "
            "or set DJANGO_DEBUG=true on a development machine."
        )
    SECRET_KEY = INSECURE_DEV_KEY
elif not DEBUG and (
    SECRET_KEY.startswith("django-insecure") or len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5
):
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY is too weak for production: use at least 50 random characters."
    )

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "journeys.apps.CartAdminConfig",  # django.contrib.admin with our site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "adminsortable2",
    "simple_history",
    "axes",
    "journeys",
]

MIDDLEWARE = [
    # Outermost, so that every response the app sends carries the security headers: also
    # a 400 for a bad Host (raised inside SecurityMiddleware under SSL redirect) and the
    # 413 for a large body, which never reach the middleware further in.
    "journeys.middleware.SecurityHeadersMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Reads the content version once per request, for everything cached (journeys/caching/).
    "journeys.caching.version.RequestScope",
    # Tells the service worker which pages it may keep offline, and the content version.
    "journeys.middleware.OfflineHeadersMiddleware",
    "journeys.middleware.CareCenterMiddleware",
    "journeys.middleware.RequestSizeLimitMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "journeys.middleware.FirstVisitLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "journeys.middleware.RejectNulBytesMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "journeys.staff_login.StaffSessionMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Turns a rate-limited request into RATELIMIT_VIEW's friendly 429.
    "django_ratelimit.middleware.RatelimitMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "journeys.middleware.StaffPreviewMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "carteducation.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "journeys.context_processors.site",
                "journeys.caching.pages.csrf_context",
            ],
        },
    },
]

WSGI_APPLICATION = "carteducation.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    # django-axes counts failed staff logins and locks out a username + address pair.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("DJANGO_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 1  # hour
# A username + address pair locks after AXES_FAILURE_LIMIT failures; an address alone
# after AXES_ADDRESS_FAILURE_LIMIT failures across any usernames (journeys/staff_login.py).
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_ADDRESS_FAILURE_LIMIT = int(os.environ.get("DJANGO_LOGIN_ADDRESS_FAILURE_LIMIT", "20"))
AXES_HANDLER = "journeys.staff_login.AddressLockoutHandler"
# Login form POSTs per client address, counted before any password is checked.
ADMIN_LOGIN_RATE = os.environ.get("DJANGO_ADMIN_LOGIN_RATE", "10/m")
# Staff sessions: 2 hours without a request, 12 hours in all (patients keep SESSION_COOKIE_AGE).
STAFF_SESSION_IDLE_SECONDS = 2 * 60 * 60
STAFF_SESSION_MAX_SECONDS = 12 * 60 * 60
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "journeys/locked_out.html"
# The client's address, for login lockouts and rate limits (journeys.ratelimits.client_ip):
# with DJANGO_PROXY_COUNT=N proxies in front (1 for the documented nginx), the N-th entry
# from the right of X-Forwarded-For, which those proxies wrote; with none, the connection's
# own address. Entries a client forges sit further left and are never read.
PROXY_COUNT = int(os.environ.get("DJANGO_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "journeys.ratelimits.client_ip"
AXES_VERBOSE = False

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("es", _("Spanish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Spanish for US readers writes 38.6, not 38,6 (carteducation/formats/es/formats.py).
FORMAT_MODULE_PATH = ["carteducation.formats"]
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
TIME_ZONE = os.environ.get("DJANGO_TIME_ZONE", "America/New_York")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Hashed, compressed files that browsers may cache for a year (whitenoise).
WHITENOISE_MAX_AGE = 60 * 60 * 24 * 365
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Published content, rendered fragments and patient pages without anything of a journey are
# cached through journeys/caching/, keyed by the content version: in Redis when CACHE_URL
# points at it (one copy for every host), in each process's memory otherwise. Each process
# keeps the content it uses in front of that, up to CONTENT_PROCESS_BYTES (pickled size).
# DJANGO_CONTENT_CACHE=false builds content afresh on every request (to measure the core).
CONTENT_CACHE = os.environ.get("DJANGO_CONTENT_CACHE", "true").lower() in {"1", "true", "yes"}
CONTENT_CACHE_SECONDS = int(os.environ.get("DJANGO_CONTENT_CACHE_SECONDS", str(24 * 60 * 60)))
CONTENT_PROCESS_BYTES = int(os.environ.get("DJANGO_CONTENT_PROCESS_BYTES", str(16 * 1024 * 1024)))
PAGE_CACHE_SECONDS = int(os.environ.get("DJANGO_PAGE_CACHE_SECONDS", "600"))
if os.environ.get("CACHE_URL", "").startswith("redis"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["CACHE_URL"],
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }

# Patients have no accounts; the session only remembers the product they chose.
SESSION_COOKIE_AGE = 60 * 60 * 24 * 90
# The largest body any page takes: a further-reading upload (500 KB) and its form.
MAX_REQUEST_BYTES = 1_000_000
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_REQUEST_BYTES
# Anonymous writes (ticks, dates, product choices, share links) per client address
# (django-ratelimit, counted in the cache): a family never needs more; a script does.
RATELIMIT_WRITES = os.environ.get("DJANGO_WRITE_RATE", "60/m")
RATELIMIT_VIEW = "journeys.views.common.too_many_requests"
# The daily log keeps at most this much per journey (journeys/log/services.py): a family
# records a few checks a day; a script adding hundreds is refused with a clear message.
LOG_MAX_ENTRIES_PER_DAY = int(os.environ.get("DJANGO_LOG_ENTRIES_PER_DAY", "48"))
LOG_MAX_ENTRIES_PER_JOURNEY = int(os.environ.get("DJANGO_LOG_ENTRIES_PER_JOURNEY", "400"))
LOG_MAX_HANDWRITING_PER_DAY = int(os.environ.get("DJANGO_LOG_HANDWRITING_PER_DAY", "10"))
FILE_UPLOAD_MAX_MEMORY_SIZE = MAX_REQUEST_BYTES
# A journey nobody opens for this many days is erased by `purge_journeys` (run it daily);
# /about/ tells patients the number.
JOURNEY_IDLE_DAYS = int(os.environ.get("JOURNEY_IDLE_DAYS", "90"))

# Hosts of the center's own web pages, which content may cite as sources
# (journeys/content/source_kinds.py), e.g. "cancer.example.org". Comma-separated.
JOURNEYS_CENTER_HOSTS = env_list("JOURNEYS_CENTER_HOSTS")
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "journeys.middleware.csrf_failure"

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    # The service worker (/sw.js) and the web app manifest come from this site only.
    "worker-src": [CSP.SELF],
    "manifest-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=(), browsing-topics=()"
)
X_FRAME_OPTIONS = "DENY"

if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}
