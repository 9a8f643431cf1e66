"""Settings for rehapro-kb, every deploy-time value read from the environment."""

import os
import tempfile
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on", "ja"}
_FALSE = {"0", "false", "no", "off", "nein", ""}


def env_bool(name, default):
    """Read a boolean from the environment; refuse anything that is not clearly one."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean (use true/false).")


def env_int(name, default, minimum=0):
    """Read an integer of at least `minimum` (non-negative by default) from the environment."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not an integer.") from None
    if value < 0:
        raise ImproperlyConfigured(f"{name}={raw!r} must not be negative.")
    if value < minimum:
        raise ImproperlyConfigured(f"{name}={raw!r} must be at least {minimum}.")
    return value


RATE_PERIODS = {
    "s": 1,
    "sec": 1,
    "m": 60,
    "min": 60,
    "h": 3600,
    "hour": 3600,
    "d": 86400,
    "day": 86400,
}


def env_rate(name, default):
    """Read a rate like "120/min" as (requests, seconds); "off" or "0" for no limit."""
    raw = os.environ.get(name, default).strip().lower()
    if raw in ("off", "0", ""):
        return None
    count, _slash, period = raw.partition("/")
    if not count.isdigit() or int(count) < 1 or period not in RATE_PERIODS:
        raise ImproperlyConfigured(
            f"{name}={raw!r} is not a rate (use e.g. 120/min, 10/s, 5000/hour or off)."
        )
    return int(count), RATE_PERIODS[period]


def env_list(name, default):
    """Read a comma-separated list from the environment."""
    raw = os.environ.get(name, default)
    return [item.strip() for item in raw.split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it to a long random value "
            "(python -c 'import secrets; print(secrets.token_urlsafe(50))'), "
            "or set DJANGO_DEBUG=true for local development."
        )
    SECRET_KEY = "django-insecure-local-development-only-never-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django_filters",
    "rehapro_kb.app_labels.TaggitConfig",
    "reversion",
    "csp",
    "rehapro_kb.app_labels.AxesConfig",
    "rehapro_kb",
    "forums",
    "citations",
    "compare",
    "glossary",
    "practices",
    "lines",
    "sitesearch",
    "imports",
    "demo_data",
    "site_pages",
    "insights",
    "api",
    "linkcheck",
    "django_tasks",
    "django_tasks_db",
    "jobs",
]

MIDDLEWARE = [
    "rehapro_kb.request_id.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Before everything else that works per request: throttled clients cost the least.
    "api.middleware.ApiMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # After sessions, before CommonMiddleware (Django's documented order): the language
    # comes from the URL alone (/en/ or none), so the admin outside i18n_patterns stays German.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
    # Last, so its process_exception runs first: a lost database gives the 503 page.
    "rehapro_kb.database_down.DatabaseDownMiddleware",
]

ROOT_URLCONF = "rehapro_kb.urls"
WSGI_APPLICATION = "rehapro_kb.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "site_pages.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DJANGO_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] not in (
    "django.db.backends.sqlite3",
    "django.db.backends.postgresql",
):
    raise ImproperlyConfigured("DATABASE_URL must point to SQLite or PostgreSQL.")
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Behind PgBouncer in transaction mode, server-side cursors break exports.
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = env_bool(
        "DJANGO_DISABLE_SERVER_SIDE_CURSORS", False
    )
    # JIT compilation costs up to a second on the export and facet queries, whose
    # estimated cost is high but which run in tens of milliseconds without it.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"

# Background tasks (imports, undo, large exports) progress through a second connection to the
# same PostgreSQL database, so a job's progress is seen while its transaction is still open.
# SQLite allows one writer at a time: there progress inside a transaction goes to a file
# (jobs/progress.py).
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["progress"] = {
        **DATABASES["default"],
        "CONN_MAX_AGE": 0,
        "TEST": {"MIRROR": "default"},
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "de"
# German at the root, English under /en/ (i18n_patterns in urls.py); content stays German.
LANGUAGES = [("de", "Deutsch"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))


def media_storage():
    """Uploaded files: a local folder, or an S3-compatible store shared by several app servers."""
    kind = os.environ.get("DJANGO_MEDIA_STORAGE", "local").strip().lower()
    if kind == "local":
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    if kind != "s3":
        raise ImproperlyConfigured(f"DJANGO_MEDIA_STORAGE={kind!r} is neither local nor s3.")
    bucket = os.environ.get("DJANGO_S3_BUCKET", "")
    if not bucket:
        raise ImproperlyConfigured("DJANGO_MEDIA_STORAGE=s3 needs DJANGO_S3_BUCKET.")
    # Credentials come from boto3's own sources (AWS_ACCESS_KEY_ID, ..., or an instance role).
    # Files stay private in the bucket: the app serves them after checking who may see them.
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": os.environ.get("DJANGO_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("DJANGO_S3_REGION") or None,
            "location": os.environ.get("DJANGO_S3_PREFIX", "media"),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }


STORAGES = {
    "default": media_storage(),
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Tests and local production-mode runs serve static files straight from the finders.
WHITENOISE_USE_FINDERS = env_bool("DJANGO_STATIC_FROM_FINDERS", DEBUG)
WHITENOISE_AUTOREFRESH = DEBUG

# Public pages are cached for anonymous visitors until the content changes
# (rehapro_kb/page_cache.py); 0 switches the page cache off.
PAGE_CACHE_SECONDS = env_int("DJANGO_PAGE_CACHE_SECONDS", 0 if DEBUG else 600)
# The practice list's facet counts without any filter (every published practice counted) are
# kept this long, or until the content version changes (practices/facet_pass.py); 0: never.
FACET_CACHE_SECONDS = env_int("DJANGO_FACET_CACHE_SECONDS", 3600)
# While the database is unreachable, a cached page up to this old is served with a notice.
PAGE_CACHE_STALE_SECONDS = env_int("DJANGO_PAGE_CACHE_STALE_SECONDS", 6 * 3600)
# How long a process keeps the glossary's synonyms for search before reading them again
# (an edit in this process applies at once; other processes follow within this time).
SEARCH_SYNONYMS_SECONDS = env_int("DJANGO_SEARCH_SYNONYMS_SECONDS", 60)
# Forum and Thementisch pages list every practice up to this many; beyond it, each
# category/status group shows its first entries and links to the filtered practice list.
FORUM_PAGE_FULL_LIMIT = env_int("DJANGO_FORUM_PAGE_FULL_LIMIT", 300)
FORUM_PAGE_GROUP_LIMIT = env_int("DJANGO_FORUM_PAGE_GROUP_LIMIT", 20, 1)


def cache_settings():
    """Return CACHES: one shared Redis by DJANGO_CACHE_URL, else a per-process cache."""
    url = os.environ.get("DJANGO_CACHE_URL", "").strip()
    if not url:
        return {
            "default": {
                "BACKEND": "rehapro_kb.bounded_cache.ByteBoundedLocMemCache",
                "OPTIONS": {
                    "MAX_BYTES": env_int("DJANGO_PAGE_CACHE_MAX_BYTES", 64 * 1024 * 1024, 1),
                    "MAX_ENTRY_BYTES": env_int(
                        "DJANGO_PAGE_CACHE_MAX_ENTRY_BYTES", 2 * 1024 * 1024, 1
                    ),
                },
            }
        }
    if not url.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured(f"DJANGO_CACHE_URL={url!r} is not a redis:// URL.")
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": os.environ.get("DJANGO_CACHE_KEY_PREFIX", "rehapro-kb"),
        }
    }


CACHES = {
    **cache_settings(),
    # The read API's request counters (api/throttle.py), apart so pages do not evict them.
    # Per process: with N worker processes a client gets up to N times DJANGO_API_RATE.
    "api": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "api-rate",
        "OPTIONS": {"MAX_ENTRIES": 10_000},
    },
}
# A shared cache holds the content version for every app server: no query to find a page.
PAGE_CACHE_VERSION_IN_CACHE = CACHES["default"]["BACKEND"].endswith("RedisCache")

# Security: secure by default, switched off explicitly where TLS ends elsewhere.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
if env_bool("DJANGO_BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
# No inline script or style anywhere: every asset is a file served by WhiteNoise.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
    }
}

LOGIN_URL = "admin:login"

# Login throttling (django-axes): lock a user name from one address after repeated failures.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
TRUSTED_PROXY_COUNT = env_int("DJANGO_TRUSTED_PROXY_COUNT", 0)
# Requests per client IP to the read API (/api/), e.g. "120/min"; "off" for no limit.
API_RATE = env_rate("DJANGO_API_RATE", "120/min")
AXES_FAILURE_LIMIT = env_int("DJANGO_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("DJANGO_LOGIN_COOLOFF_MINUTES", 60) / 60
# The pair, not each alone: all researchers may share one address (an office, the reverse
# proxy), so failures for other names must not lock them out; nor may anyone elsewhere lock
# a researcher out by guessing with their name.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "rehapro_kb.client_ip.client_ip"
AXES_LOCKOUT_TEMPLATE = "account_locked.html"
AXES_HTTP_RESPONSE_CODE = 429

TAGGIT_CASE_INSENSITIVE = True

# The site's identity, shown in the header, the legal pages and the social-preview metadata.
SITE_NAME = os.environ.get("DJANGO_SITE_NAME", "Transferpraxis rehapro")
SITE_OPERATOR = os.environ.get("DJANGO_SITE_OPERATOR", "Forschungsverbund rehapro")
SITE_DESCRIPTION = os.environ.get(
    "DJANGO_SITE_DESCRIPTION",
    "Wie rehapro-Modellprojekte ihre Ansätze verstetigen: Praxisbeispiele, Hürden und "
    "Fachforen „Jobcenter der Zukunft“.",
)
# A path below static/ (SVG or PNG); replace the file or point this elsewhere to rebrand.
SITE_LOGO = os.environ.get("DJANGO_SITE_LOGO", "img/logo.svg")
SITE_CONTACT_EMAIL = os.environ.get("DJANGO_SITE_CONTACT_EMAIL", "")
# The public address (https://wissen.example.org) for sitemap and previews; empty: the request's.
SITE_URL = os.environ.get("DJANGO_SITE_URL", "").rstrip("/")

# Link checker (linkcheck/): seconds per request, seconds between two requests to one host,
# hosts checked in parallel; the User-Agent names the site and where to reach its operator
# (DJANGO_LINKCHECK_CONTACT_URL, else SITE_URL's contact page, else SITE_CONTACT_EMAIL).
LINKCHECK_TIMEOUT = env_int("DJANGO_LINKCHECK_TIMEOUT", 10, minimum=1)
LINKCHECK_HOST_INTERVAL = env_int("DJANGO_LINKCHECK_HOST_INTERVAL", 2)
LINKCHECK_CONCURRENCY = env_int("DJANGO_LINKCHECK_CONCURRENCY", 4, minimum=1)
LINKCHECK_CONTACT_URL = os.environ.get("DJANGO_LINKCHECK_CONTACT_URL", "")
LINKCHECK_VERSION = "0.1.0"  # the project's version (pyproject.toml)
# Addresses resolving to loopback or private networks are not requested (no SSRF via content).
LINKCHECK_ALLOW_PRIVATE_HOSTS = env_bool("DJANGO_LINKCHECK_ALLOW_PRIVATE_HOSTS", False)

# Contact form: submissions per address and hour; optional e-mail to Administration.
FEEDBACK_PER_HOUR = env_int("DJANGO_FEEDBACK_PER_HOUR", 5, minimum=1)
FEEDBACK_NOTIFY_EMAIL = os.environ.get("DJANGO_FEEDBACK_NOTIFY_EMAIL", "")
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("DJANGO_EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "webmaster@localhost")

# Background tasks (Django's Tasks API, backported by django-tasks): by default queued in the
# database and run by `manage.py db_worker`, so no extra server is needed.
TASKS_BACKEND = os.environ.get("DJANGO_TASKS_BACKEND", "django_tasks_db.DatabaseBackend")
TASKS = {"default": {"BACKEND": TASKS_BACKEND}}
# Progress of a job inside an open SQLite transaction (jobs/progress.py): worker and web
# process on one machine read and write the same folder.
JOBS_PROGRESS_DIR = Path(
    os.environ.get("DJANGO_JOBS_PROGRESS_DIR", Path(tempfile.gettempdir()) / "rehapro-kb-jobs")
)
# A running job whose worker gave no sign of life for this long counts as interrupted.
JOBS_STALE_SECONDS = env_int("DJANGO_JOBS_STALE_SECONDS", 120, minimum=10)
# Exports with more rows than this are built by a background task and then downloaded.
EXPORT_TASK_ROWS = env_int("DJANGO_EXPORT_TASK_ROWS", 10_000, minimum=1)
# How long a built export file is offered for download.
EXPORT_FILE_HOURS = env_int("DJANGO_EXPORT_FILE_HOURS", 4, minimum=1)
# At most this many large exports are built at once (anyone may start one, without login).
EXPORT_TASKS_AT_ONCE = env_int("DJANGO_EXPORT_TASKS_AT_ONCE", 2, minimum=1)

# A published practice last checked longer ago than this is overdue for review (admin work list).
REVIEW_INTERVAL_DAYS = env_int("DJANGO_REVIEW_INTERVAL_DAYS", 365, minimum=1)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "rehapro_kb.request_id.RequestIdFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s %(message)s"}
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
