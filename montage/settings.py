"""Montage settings: one file; whatever varies per deployment comes from the environment.

See README.md (Configuration) and .env.example for every variable.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name, default=None):
    value = os.environ.get(name)
    return default if value is None or value == "" else value


def env_list(name, default=""):
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


def env_bool(name, default):
    """Strict: only True/False (or 1/0) are accepted, anything else fails loudly."""
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value in ("True", "true", "1"):
        return True
    if value in ("False", "false", "0"):
        return False
    raise ImproperlyConfigured(f"{name} must be True or False (or 1/0), not {value!r}.")


def env_count(name, default):
    """A whole number >= 0, or refuse to start."""
    value = env_str(name, str(default))
    if not value.isascii() or not value.isdigit():
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.")
    return int(value)


DEBUG = env_bool("DJANGO_DEBUG", True)
TESTING = env_bool("MONTAGE_TESTING", False)

SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is required when DJANGO_DEBUG is off. "
            "Generate one with: python -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
    SECRET_KEY = "django-insecure-development-only-key-do-not-use-in-production"
elif not DEBUG and (len(SECRET_KEY) < 50 or SECRET_KEY.startswith("django-insecure")):
    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be a real secret of 50+ characters.")

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "csp",
    "axes",
    "ninja",  # the API's docs page and its local Swagger UI files
    "workouts",
]

MIDDLEWARE = [
    "montage.health.HealthMiddleware",  # /healthz, /readyz: before sessions, CSRF, host checks
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",  # static files: the proxy's log has those
    "montage.jsonlog.RequestLogMiddleware",  # one JSON line per request, X-Request-ID
    # Pages gzipped (WhiteNoise serves static files compressed already, before this runs).
    # BREACH: the CSRF token is masked afresh on every response and Django's gzip adds random
    # padding, so a secret's compressed length leaks nothing (issue 15).
    "django.middleware.gzip.GZipMiddleware",
    "workouts.middleware.RejectNulMiddleware",
    "workouts.middleware.ApiMethodNotAllowedMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "workouts.middleware.PrivatePagesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "workouts.middleware.UserTimezoneMiddleware",
    "workouts.middleware.HtmxMessagesMiddleware",
    "workouts.middleware.HtmxLoginRedirectMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "montage.urls"
WSGI_APPLICATION = "montage.wsgi.application"

# Django's form renderer, with plain <input> widgets written in Python (workouts/forms/renderer.py).
FORM_RENDERER = "workouts.forms.renderer.Renderer"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": False,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "workouts.context_processors.preferences",
            ],
            "builtins": [
                "template_partials.templatetags.partials",
                "django_htmx.templatetags.django_htmx",
                "workouts.templatetags.montage",
            ],
            # Partials over a cached loader: templates are parsed once per process (Django's
            # autoreloader clears the cache when a template changes in development).
            "loaders": [
                (
                    "template_partials.loader.Loader",
                    [
                        (
                            "django.template.loaders.cached.Loader",
                            [
                                "django.template.loaders.filesystem.Loader",
                                "django.template.loaders.app_directories.Loader",
                            ],
                        )
                    ],
                )
            ],
        },
    }
]

# --- Database: SQLite embedded by default, PostgreSQL through DATABASE_URL ---
DATA_DIR = Path(env_str("MONTAGE_DATA_DIR", str(BASE_DIR / "data")))
DATABASE_URL = env_str("DATABASE_URL")
# SQLite, wherever its file is (the default under MONTAGE_DATA_DIR, or a sqlite:/// URL).
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": (
        "PRAGMA journal_mode=WAL;"
        # FULL: a commit is synced to disk before it is acknowledged. With NORMAL a disk
        # failing mid-load lost acknowledged sets (issue 9); the cost is measured in
        # bench/README.md.
        "PRAGMA synchronous=FULL;"
        "PRAGMA foreign_keys=ON;"
    ),
}
if DATABASE_URL:
    # One persistent connection per worker process (gunicorn's sync workers serve one request at
    # a time), checked before reuse (CONN_HEALTH_CHECKS) so a restarted PostgreSQL costs one
    # reconnect, not an app restart; a connect gives up after MONTAGE_DB_CONNECT_TIMEOUT
    # seconds, so a database out of reach answers 503 quickly (montage/errors.py) instead of
    # hanging a worker. Not Django's psycopg pool: a pool per single-threaded worker holds
    # connections that worker can never use at once. Per request under tests, where the live
    # server's request threads would otherwise keep the test database open past its teardown.
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL,
            conn_max_age=0 if TESTING else env_count("MONTAGE_DB_CONN_MAX_AGE", 60),
            conn_health_checks=not TESTING,
        )
    }
    if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        DATABASES["default"]["OPTIONS"] = dict(SQLITE_OPTIONS)
    else:
        DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = env_count(
            "MONTAGE_DB_CONNECT_TIMEOUT", 3
        )
else:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "montage.sqlite3",
            # Tests use a file too (per process), so WAL and the busy timeout behave as in use.
            "TEST": {"NAME": str(DATA_DIR / f"test-{os.getpid()}.sqlite3")},
            "OPTIONS": dict(SQLITE_OPTIONS),
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "workouts.auth.ProfileBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "workouts:today"
LOGOUT_REDIRECT_URL = "home"


# How many reverse proxies (TLS terminators, load balancers) stand in front of the app, each
# appending the address it saw to X-Forwarded-For. 0: the client is REMOTE_ADDR and the header
# is ignored (anyone can send it). See workouts.auth.client_address.
MONTAGE_TRUSTED_PROXY_COUNT = env_count("MONTAGE_TRUSTED_PROXY_COUNT", 0)

# django-axes: lock a username for the one client address that failed (never for everyone),
# after repeated failed log-ins; further failures during the lock do not extend it.
AXES_FAILURE_LIMIT = env_count("MONTAGE_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# Failure counters and lock-outs in the database, shared by every app server.
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_CLIENT_IP_CALLABLE = "workouts.auth.client_address"
AXES_USERNAME_CALLABLE = "workouts.auth.attempted_username"
# A cap per client address across usernames (workouts.views.accounts.LoginView), per hour.
MONTAGE_LOGIN_ADDRESS_LIMIT = env_count("MONTAGE_LOGIN_ADDRESS_LIMIT", 30)
# Password-reset requests per hour, per client address and per email address.
MONTAGE_RESET_ADDRESS_LIMIT = env_count("MONTAGE_RESET_ADDRESS_LIMIT", 10)
MONTAGE_RESET_EMAIL_LIMIT = env_count("MONTAGE_RESET_EMAIL_LIMIT", 3)
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

# The JSON API (workouts/api/): writes per token per minute, counted in the cache (CACHES), so
# several app servers share the count when they share a cache.
MONTAGE_API_WRITES_PER_MINUTE = int(env_str("MONTAGE_API_WRITES_PER_MINUTE", "120"))

# --- Cache: Redis shared by every app server when REDIS_URL is set (Django's own backend,
# failing soft to local memory while Redis is down: montage/cache.py); otherwise this process's
# memory, which is all the embedded single-process default needs.
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "montage.cache.FailoverRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "montage",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
if DEBUG or TESTING:
    STATIC_ROOT.mkdir(exist_ok=True)  # WhiteNoise serves from the finders; keep it quiet
NODE_MODULES = BASE_DIR / "node_modules"
# Front-end packages from npm (package-lock.json), served as the project's own static files.
# Workbox's modules share one folder, as its loader expects; nothing is fetched from a CDN.
STATICFILES_DIRS = [
    ("vendor/chartjs", NODE_MODULES / "chart.js" / "dist"),
    ("vendor/idb", NODE_MODULES / "idb" / "build"),
    *(
        ("vendor/workbox", NODE_MODULES / f"workbox-{module}" / "build")
        for module in ("core", "routing", "strategies", "precaching", "expiration")
    ),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG or TESTING

EMAIL_BACKEND = env_str("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DJANGO_DEFAULT_FROM_EMAIL", "montage@localhost")
# Reset mail is sent in a background thread (workouts/outbox.py): a mail server that hangs must
# not hold that thread, or a worker waiting for it at exit, for ever.
EMAIL_TIMEOUT = 10

# --- Security ---
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads nothing from it; the token is in hx-headers
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(env_str("DJANGO_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
if MONTAGE_TRUSTED_PROXY_COUNT:
    # Only a proxy we were told about may say the request came over HTTPS.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# A strict Content-Security-Policy: no inline script, no eval, nothing from other origins.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "worker-src": ["'self'"],  # the service worker (/sw.js)
        "manifest-src": ["'self'"],  # the web app manifest
        "media-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
SESSION_ENGINE = "workouts.session_store"  # database sessions; malformed keys never queried

# JSON lines on stdout (montage/jsonlog.py): one per request from montage.request, plus
# whatever Django, axes and the app log at DJANGO_LOG_LEVEL or above; errors with traceback.
LOG_LEVEL = env_str("DJANGO_LOG_LEVEL", "WARNING")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "montage.jsonlog.JsonFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json",
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        # Django's default handlers (plain text on stderr in debug, mail to admins) replaced by
        # the root's JSON one.
        "django": {"handlers": [], "level": LOG_LEVEL, "propagate": True},
        "montage.request": {"level": "INFO" if env_bool("MONTAGE_ACCESS_LOG", True) else "WARNING"},
        # Django's own access line (runserver) would repeat montage.request's.
        "django.server": {"level": "WARNING"},
    },
}
