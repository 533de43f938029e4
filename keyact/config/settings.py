"""keyact settings: one file, driven by environment variables.

Without any variable keyact runs on a SQLite file in the working directory. With
``KEYACT_ENV=production`` the secret key and the database URL become mandatory.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent.parent
PROJECT_DIR = PACKAGE_DIR.parent


def env_str(name: str, default: str = "") -> str:
    """A string from the environment, or the default."""
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    """A boolean from the environment: 1/true/yes/on (any case) mean true."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    """An integer from the environment, or the default."""
    value = os.environ.get(name)
    return default if value in (None, "") else int(value)


def env_list(name: str, default: list[str]) -> list[str]:
    """A comma-separated list from the environment."""
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


KEYACT_ENV = env_str("KEYACT_ENV", "development")
PRODUCTION = KEYACT_ENV == "production"
DATA_DIR = Path(env_str("KEYACT_DATA_DIR", str(Path.cwd())))

if PRODUCTION and not env_str("SECRET_KEY"):
    raise RuntimeError("KEYACT_ENV=production requires SECRET_KEY")
if PRODUCTION and not env_str("DATABASE_URL"):
    raise RuntimeError("KEYACT_ENV=production requires DATABASE_URL")

SECRET_KEY = env_str("SECRET_KEY", "keyact-insecure-development-key-change-me")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["*"] if not PRODUCTION else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "ninja",  # serves Swagger UI for /api/v1/docs from its own static files, not a CDN
    "django_htmx",
    "template_partials",
    "django_bootstrap5",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "keyact.core",
    "keyact.users",
    "keyact.orgs",
    "keyact.customers",
    "keyact.deals",
    "keyact.activities",
    "keyact.playbook",
    "keyact.keyactivities",
    "keyact.tracking",
    "keyact.integrations",
    "keyact.insights",
    "keyact.workspace",
    "keyact.config",
    "keyact.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Refuses an oversized body from its Content-Length before anything reads it.
    "keyact.core.middleware.RequestSizeLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "keyact.users.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    # Last, so it sees the authenticated user and every response a view or axes produced.
    "keyact.core.middleware.PrivateCacheMiddleware",
]

ROOT_URLCONF = "keyact.config.urls"
WSGI_APPLICATION = "keyact.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "keyact.orgs.context_processors.membership",
                "keyact.core.context_processors.navigation",
            ],
        },
    }
]

DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'keyact.sqlite3'}")
DATABASES = {
    "default": dj_database_url.parse(DATABASE_URL, conn_max_age=600, conn_health_checks=True)
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and one writer work at once; IMMEDIATE avoids lock upgrades failing.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
            " PRAGMA busy_timeout=20000;"
        ),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "users.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Login throttling (django-axes, ADR 0008). The client address comes from the trusted proxies
# only: KEYACT_TRUSTED_PROXY_HOPS is the number of proxies in front of keyact (0: none, the
# X-Forwarded-For header is ignored; 1: one load balancer that appends the client's address).
KEYACT_TRUSTED_PROXY_HOPS = env_int("KEYACT_TRUSTED_PROXY_HOPS", 0)
AXES_CLIENT_IP_CALLABLE = "keyact.core.client_address.client_address"
# Unknown devices: failures per address and per username count separately; a device that logged
# in as the user before (signed cookie) only counts that username's failures from its address.
AXES_LOCKOUT_PARAMETERS = "keyact.users.login_throttle.lockout_parameters"
AXES_HANDLER = "keyact.users.login_throttle.LoginThrottleHandler"
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 10)
AXES_COOLOFF_TIME = 0.5
AXES_RESET_ON_SUCCESS = False  # LoginThrottleHandler resets only the (username, address) pair
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_ENABLED = env_bool("AXES_ENABLED", True)

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("zh-hans", _("Simplified Chinese"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "staticfiles"
# Front-end packages come from npm (package.json); keyact.config.staticfiles serves the files
# keyact uses from node_modules under vendor/<package>/ (ADR 0003).
NODE_MODULES = Path(env_str("KEYACT_NODE_MODULES", str(PROJECT_DIR / "node_modules")))
# keyact's own project-wide assets (keyact/static/keyact/...).
STATICFILES_DIRS: list[str | Path | tuple[str, Path]] = [PACKAGE_DIR / "static"]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "keyact.config.staticfiles.NpmFilesFinder",
]
# `keyact serve` (and production) collect the static files into STATIC_ROOT with hashed,
# compressed names (KEYACT_STATIC_MANIFEST, set by the console script for serve and demo);
# development and the tests serve them straight from the finders, no collectstatic needed.
STATIC_MANIFEST = env_bool("KEYACT_STATIC_MANIFEST", PRODUCTION)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if STATIC_MANIFEST
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not STATIC_MANIFEST
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# The largest request body accepted at all (uploads included), judged from Content-Length before
# the body is read: the largest upload (10 MB) plus the form around it.
KEYACT_MAX_REQUEST_BYTES = env_int("KEYACT_MAX_REQUEST_BYTES", 11 * 1024 * 1024)
# Per-user upload limits (keyact.core.uploads): files and bytes an hour, bytes kept in all.
KEYACT_UPLOADS_PER_HOUR = env_int("KEYACT_UPLOADS_PER_HOUR", 60)
KEYACT_UPLOAD_BYTES_PER_HOUR = env_int("KEYACT_UPLOAD_BYTES_PER_HOUR", 200 * 1024 * 1024)
KEYACT_UPLOAD_QUOTA_BYTES = env_int("KEYACT_UPLOAD_QUOTA_BYTES", 2 * 1024 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content-Security-Policy (django-csp): scripts, styles, fonts and images from keyact itself only.
# No inline scripts or style attributes anywhere; charts and htmx read their data from the page.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}

# Insights of up to this many closed deals are computed inside the page request; larger ones
# (and all of them when 0) go to the task worker (`keyact worker`).
KEYACT_INSIGHTS_INLINE_DEALS = env_int("KEYACT_INSIGHTS_INLINE_DEALS", 5000)

KEYACT_PAGE_SIZE = 50
KEYACT_MAX_PAGE_SIZE = 200

# Forms (django-bootstrap5): mark only invalid fields; a green tick on a refused login misleads.
BOOTSTRAP5 = {
    "success_css_class": "",
    "field_renderers": {"default": "keyact.core.form_rendering.InvalidOnlyFieldRenderer"},
}
