"""One settings file, driven by environment variables; defaults run on SQLite under the data folder."""

import os
import sys
from pathlib import Path

import dj_database_url
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
    "django_tasks",
    "django_tasks_db",
    "livsmiljo",
    "livsmiljo.organisations",
    "livsmiljo.documents",
    "livsmiljo.search",
    "livsmiljo.analysis",
    "livsmiljo.workshops",
    "livsmiljo.homework",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
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

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{DATA_DIR / 'livsmiljo.sqlite3'}"), conn_max_age=0
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 30,
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

# Background work: a database-backed queue, worked by `livsmiljo serve` (or `livsmiljo db_worker`).
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
CHANNEL_LAYERS = {
    "default": (
        {"BACKEND": "channels_redis.core.RedisChannelLayer", "CONFIG": {"hosts": [REDIS_URL]}}
        if REDIS_URL
        else {"BACKEND": "channels.layers.InMemoryChannelLayer", "CONFIG": {"capacity": 5000}}
    )
}

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Optional OpenAI-compatible endpoint for abstractive text; empty means everything stays on the machine.
LIVSMILJO_LLM_URL = os.environ.get("LIVSMILJO_LLM_URL", "")
LIVSMILJO_LLM_MODEL = os.environ.get("LIVSMILJO_LLM_MODEL", "")
LIVSMILJO_LLM_KEY = os.environ.get("LIVSMILJO_LLM_KEY", "")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LIVSMILJO_LOG_LEVEL", "WARNING")},
}
