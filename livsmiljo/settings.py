"""One settings file, driven by environment variables; defaults run on SQLite under the data folder."""

import os
import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("LIVSMILJO_DATA_DIR", BASE_DIR / "var")).resolve()
MEDIA_ROOT = DATA_DIR / "files"
INDEX_DIR = DATA_DIR / "index"
DATA_DIR.mkdir(parents=True, exist_ok=True)  # the SQLite file (and the test database) live here

SECRET_KEY = os.environ.get("LIVSMILJO_SECRET_KEY", "dev-only-insecure-key-change-me-in-production")
DEBUG = os.environ.get("LIVSMILJO_DEBUG", "0") == "1"
ALLOWED_HOSTS = [
    h for h in os.environ.get("LIVSMILJO_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]").split(",") if h
]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("LIVSMILJO_CSRF_TRUSTED_ORIGINS", "").split(",") if o]
TESTING = os.environ.get("LIVSMILJO_TESTING") == "1" or "pytest" in sys.modules

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "channels",
    "django_htmx",
    "csp",
    "ninja",  # Swagger UI for /api/docs from the package's own static files, not a CDN
    "django_tasks",
    "django_tasks_db",
    "livsmiljo",
    "livsmiljo.organisations",
    "livsmiljo.documents",
    "livsmiljo.search",
    "livsmiljo.analysis",
    "livsmiljo.workshops",
    "livsmiljo.homework",
    "livsmiljo.matrix",
    "livsmiljo.reports",
    "livsmiljo.network",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "livsmiljo.security.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "livsmiljo.urls"
ASGI_APPLICATION = "livsmiljo.asgi.application"
WSGI_APPLICATION = "livsmiljo.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    }
]

# Background work that cannot silently die (issue 9). SQLite waits this long for a write lock per
# statement; work that still finds the database locked retries with backoff for up to
# LIVSMILJO_LOCK_RETRY_SECONDS. A run whose heartbeat is older than LIVSMILJO_RUN_STALE_SECONDS is taken to
# have lost its process and is resumed by the worker, at most LIVSMILJO_RUN_MAX_RESUMES times.
LIVSMILJO_SQLITE_TIMEOUT = float(os.environ.get("LIVSMILJO_SQLITE_TIMEOUT", "30"))
LIVSMILJO_LOCK_RETRY_SECONDS = float(os.environ.get("LIVSMILJO_LOCK_RETRY_SECONDS", "600"))
LIVSMILJO_RUN_STALE_SECONDS = float(os.environ.get("LIVSMILJO_RUN_STALE_SECONDS", "120"))
LIVSMILJO_RUN_MAX_RESUMES = int(os.environ.get("LIVSMILJO_RUN_MAX_RESUMES", "3"))

# DATABASE_URL: SQLite (the default, a file under the data folder) or PostgreSQL with pgvector
# (postgres://user:password@host:5432/name); anything else stops here (issue 14), and PostgreSQL without
# pgvector stops `migrate` and `serve` (livsmiljo/dbcheck.py). LIVSMILJO_DB_CONN_MAX_AGE keeps connections
# open between requests (seconds; 0 closes each one, which suits the ASGI server's thread per request).
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{DATA_DIR / 'livsmiljo.sqlite3'}"),
        conn_max_age=int(os.environ.get("LIVSMILJO_DB_CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
}
SUPPORTED_DATABASE_ENGINES = ("django.db.backends.sqlite3", "django.db.backends.postgresql")
if DATABASES["default"]["ENGINE"] not in SUPPORTED_DATABASE_ENGINES:
    raise ImproperlyConfigured(
        f"DATABASE_URL pekar på en databas som Livsmiljö inte stöder ({DATABASES['default']['ENGINE']}): "
        "använd SQLite eller PostgreSQL med pgvector. / DATABASE_URL names a database Livsmiljö does not "
        "support: use SQLite or PostgreSQL with pgvector."
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Options from the URL (?sslmode=require …) win; the name shows in pg_stat_activity for the DBA.
    DATABASES["default"]["OPTIONS"] = {
        "connect_timeout": 10,
        "application_name": "livsmiljo",
        **DATABASES["default"].get("OPTIONS", {}),
    }
    # Per process, like the SQLite file below, so two test runs on one server do not drop each other's.
    DATABASES["default"]["TEST"] = {"NAME": f"test_{DATABASES['default']['NAME']}_{os.getpid()}"}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "timeout": LIVSMILJO_SQLITE_TIMEOUT,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # A file, not memory: browser tests serve the test database from an ASGI server in another thread.
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / f"test-{os.getpid()}.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "organisations.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Svenska")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "livsmiljo" / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # WhiteNoise warns on every request without it; files come from the finders
MEDIA_URL = "/media/"
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# Uploads: the limit is checked by the ingestion service; Django keeps large uploads on disk.
LIVSMILJO_MAX_UPLOAD_MB = int(os.environ.get("LIVSMILJO_MAX_UPLOAD_MB", "50"))
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FILES = 100
# OCR of scanned PDF pages: the Tesseract program (with Swedish data, tesseract-ocr-swe) on this machine.
LIVSMILJO_TESSERACT_CMD = os.environ.get("LIVSMILJO_TESSERACT_CMD", "tesseract")

# Background work: a database-backed queue, worked by `livsmiljo serve` (or `livsmiljo worker`).
# Set LIVSMILJO_TASKS=immediate to run tasks in the request (tests and scripts).
TASKS_IMMEDIATE = os.environ.get("LIVSMILJO_TASKS", "immediate" if TESTING else "database") == "immediate"
TASKS: dict[str, dict[str, object]] = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if TASKS_IMMEDIATE
            else "django_tasks_db.DatabaseBackend"
        ),
        "QUEUES": [],
    }
}

REDIS_URL = os.environ.get("REDIS_URL", "")
# Every key this site writes to Redis starts with this, so one Redis can serve several sites (or test runs:
# each test process has its own prefix, and its keys are cleared between tests, see conftest.py).
REDIS_PREFIX = os.environ.get("LIVSMILJO_REDIS_PREFIX", f"test-{os.getpid()}" if TESTING else "livsmiljo")
CHANNEL_LAYERS = {
    "default": (
        {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {
                # redis-py 8 cuts every read after 5 s by default; channels_redis waits for a client's
                # messages with a blocking pop of up to 5 s, so an idle projector's connection was closed
                # (redis-py issue 4091; tests/test_multiprocess.py idles past it).
                # redis-py 8 also caps a pool at 100 connections; 300 phones leaving at once ran out
                # (MaxConnectionsError in group_discard, BENCHMARKS.md "Votes lost"). Redis allows 10,000.
                "hosts": [{"address": REDIS_URL, "socket_timeout": 30, "max_connections": 1000}],
                "prefix": f"{REDIS_PREFIX}:asgi",
                "capacity": 5000,  # as the in-memory layer's: a projector must not drop results under load
            },
        }
        if REDIS_URL
        else {"BACKEND": "channels.layers.InMemoryChannelLayer", "CONFIG": {"capacity": 5000}}
    )
}

# Shared cache and rate limits (issue 9; SECURITY.md, "Rate limits"). Limits count in the cache, so it must be
# one that every server process shares and that survives a restart: Redis when REDIS_URL is set, else a table
# in the database (created by the migration livsmiljo/migrations/0001_cache_table.py, i.e. by `migrate`).
# MAX_ENTRIES is high so that culling (a third of the table once full) never drops live counters.
CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": REDIS_PREFIX,
        }
        if REDIS_URL
        else {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "livsmiljo_cache",
            "OPTIONS": {"MAX_ENTRIES": 200_000},
        }
    )
}
# Sessions (sign-ins, and the browser a join-code limit counts against) are read from Redis when it is there,
# and always written to the database too ("cached_db"): a Redis restart, a flush or an eviction under memory
# pressure signs nobody out, while most requests read the session without a database query.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db" if REDIS_URL else "django.contrib.sessions.backends.db"
)
# `livsmiljo serve` runs this many web processes unless --workers says otherwise; more than one needs Redis
# (a live meeting's messages travel between the processes through it; `serve` and `check-deploy` say so).
LIVSMILJO_WEB_WORKERS = int(os.environ.get("LIVSMILJO_WEB_WORKERS", "1"))
# A task worker writes a heartbeat into the shared cache every few seconds; the health endpoint and
# `check-deploy` count a worker as running while its heartbeat is younger than this.
LIVSMILJO_WORKER_STALE_SECONDS = float(os.environ.get("LIVSMILJO_WORKER_STALE_SECONDS", "60"))
# Proxies (IP addresses or networks, comma-separated) whose X-Forwarded-For is believed; default none, so a
# client cannot pick its own address. `livsmiljo serve` leaves the header alone too (uvicorn's
# proxy_headers off).
LIVSMILJO_TRUSTED_PROXIES = [
    p.strip() for p in os.environ.get("LIVSMILJO_TRUSTED_PROXIES", "").split(",") if p.strip()
]
# Sign-in: wrong passwords are counted per user name and per address; the user-name lock also refuses the
# right password until the window has passed (livsmiljo/organisations/backends.py).
AUTHENTICATION_BACKENDS = ["livsmiljo.organisations.backends.RateLimitedModelBackend"]

# Optional OpenAI-compatible endpoint for abstractive text; empty means everything stays on the machine.
# The URL is the base ("https://llm.example.se/v1") or the full ".../chat/completions" address; the
# meeting summary (livsmiljo/reports/summaries.py) then asks the model and shows its text only when every
# sentence's citations check out (SECURITY.md, "Language model"). LIVSMILJO_LLM_TIMEOUT: seconds to wait
# for the reply before the extractive summary is used instead.
LIVSMILJO_LLM_URL = os.environ.get("LIVSMILJO_LLM_URL", "")
LIVSMILJO_LLM_MODEL = os.environ.get("LIVSMILJO_LLM_MODEL", "")
LIVSMILJO_LLM_KEY = os.environ.get("LIVSMILJO_LLM_KEY", "")
LIVSMILJO_LLM_TIMEOUT = float(os.environ.get("LIVSMILJO_LLM_TIMEOUT", "20"))

# Headers and HTTPS (issue 9; SECURITY.md, "Headers and settings").
# Content-Security-Policy (django-csp): scripts and styles only from this site's /static/, no inline
# script, style or event handler, no eval; connect-src also gets this host's ws:/wss: URL from
# livsmiljo.security. Swagger UI's page adds data: images (its icons) in livsmiljo/api.py.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
# LIVSMILJO_HTTPS=1 when the site is reached over HTTPS: cookies only over HTTPS, HSTS for a year, http://
# redirected. Behind a TLS-terminating proxy that sets X-Forwarded-Proto (and strips it from clients), also
# LIVSMILJO_HTTPS_PROXY_HEADER=1; without a proxy the header would be the client's to forge.
LIVSMILJO_HTTPS = os.environ.get("LIVSMILJO_HTTPS", "0") == "1"
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LIVSMILJO_HTTPS
SECURE_SSL_REDIRECT = LIVSMILJO_HTTPS and os.environ.get("LIVSMILJO_HTTPS_REDIRECT", "1") == "1"
# A load balancer asks for /halsa/ over plain HTTP inside the network; it gets the answer, not a redirect.
SECURE_REDIRECT_EXEMPT = [r"^halsa/$"]
SECURE_HSTS_SECONDS = int(os.environ.get("LIVSMILJO_HSTS_SECONDS", "31536000")) if LIVSMILJO_HTTPS else 0
# Subdomains and the browsers' preload list bind the whole domain: the region's decision, so off unless set.
SECURE_HSTS_INCLUDE_SUBDOMAINS = os.environ.get("LIVSMILJO_HSTS_SUBDOMAINS", "0") == "1"
SECURE_HSTS_PRELOAD = os.environ.get("LIVSMILJO_HSTS_PRELOAD", "0") == "1"
if LIVSMILJO_HTTPS and os.environ.get("LIVSMILJO_HTTPS_PROXY_HEADER", "0") == "1":
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Expected 4xx responses (PermissionDenied, Http404) log one line; 5xx keep their traceback.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"expected_errors": {"()": "livsmiljo.security.ExpectedErrorsWithoutTraceback"}},
    "formatters": {"json": {"()": "livsmiljo.logs.JsonFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["expected_errors"]}},
    "loggers": {"django.request": {"filters": ["expected_errors"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("LIVSMILJO_LOG_LEVEL", "WARNING")},
}
# LIVSMILJO_LOG_FORMAT=json: one JSON object per line (livsmiljo/logs.py), for a log collector.
LIVSMILJO_LOG_FORMAT = os.environ.get("LIVSMILJO_LOG_FORMAT", "text")
if LIVSMILJO_LOG_FORMAT == "json":
    LOGGING["handlers"]["console"]["formatter"] = "json"  # type: ignore[index]
