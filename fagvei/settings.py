"""fagvei settings: one file, every value from an environment variable with a
development default. Each variable is documented in README.md."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_secret(name: str, default: str) -> str:
    """A secret from ``NAME`` or from the file named by ``NAME_FILE`` (a container or
    systemd secret), never both. The file's trailing newline is not part of the secret."""
    path = os.environ.get(f"{name}_FILE", "").strip()
    if not path:
        return os.environ.get(name, default)
    if os.environ.get(name):
        raise ImproperlyConfigured(f"{name} and {name}_FILE are both set: set one of them")
    try:
        return Path(path).read_text(encoding="utf-8").rstrip("\r\n")
    except OSError as exc:
        raise ImproperlyConfigured(f"{name}_FILE={path!r}: cannot be read ({exc.strerror})") from None


TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off"}


def env_bool(name: str, default: bool) -> bool:
    """A yes/no variable; unset or empty means the default. Anything else than the
    words below is refused: a typo must not quietly turn a protection off."""
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name}={os.environ[name]!r}: expected 1/0, true/false, yes/no or on/off")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r}: expected a whole number") from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"{name}={value!r}: expected a whole number of at least {minimum}")
    return number


def env_path(name: str, default: str) -> Path:
    """A folder or file; a relative path is taken from the project folder."""
    path = Path(os.environ.get(name, "").strip() or default)
    return path if path.is_absolute() else BASE_DIR / path


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_origin(name: str, default: str) -> str:
    """An address as ``https://host[:port]``, without a path, a query or a trailing slash;
    empty when unset. Links that leave fagvei (calendar feeds) are built on it, so a
    mistyped value stops the start instead of sending people to a wrong place."""
    value = os.environ.get(name, default).strip()
    if not value:
        return ""
    parts = urlsplit(value)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise ImproperlyConfigured(f"{name}={value!r}: expected an address such as https://fagvei.example.no")
    if parts.path.strip("/") or parts.query or parts.fragment or parts.username or parts.password:
        raise ImproperlyConfigured(f"{name}={value!r}: give only the scheme, the host and the port, no path")
    try:
        parts.port  # noqa: B018 - urlsplit checks the port only when it is read
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r}: the port is not a number") from None
    return f"{parts.scheme}://{parts.netloc}"


def database_from_url(url: str) -> dict[str, object]:
    """Turn DATABASE_URL into Django's DATABASES entry.

    Supports sqlite:///relative/or/absolute.db and postgres(ql)://user:pw@host:port/name.
    Anything else stops the start with a message naming DATABASE_URL (never the password).
    """
    parts = urlsplit(url.strip())
    if parts.scheme == "sqlite":
        path = unquote(parts.path)
        if parts.netloc or not path.strip("/"):
            raise ImproperlyConfigured(
                "DATABASE_URL: a SQLite URL is sqlite:///relative/path or sqlite:////absolute/path"
            )
        if path.startswith("//"):
            name = Path(path[1:])
        else:
            name = BASE_DIR / path.lstrip("/")
        return sqlite_database(name)
    if parts.scheme in {"postgres", "postgresql"}:
        try:
            port = parts.port
        except ValueError:
            raise ImproperlyConfigured("DATABASE_URL: the port is not a number") from None
        if not parts.path.strip("/"):
            raise ImproperlyConfigured("DATABASE_URL: name the database, e.g. postgres://user@host:5432/fagvei")
        options = {key: values[-1] for key, values in parse_qs(parts.query).items()}
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parts.path.lstrip("/")),
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(port or ""),
            "CONN_MAX_AGE": env_int("FAGVEI_CONN_MAX_AGE", 60, minimum=0),
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": options,
            "TEST": {"NAME": os.environ.get("FAGVEI_TEST_DATABASE_NAME") or None},
        }
    raise ImproperlyConfigured(f"DATABASE_URL: unsupported scheme {parts.scheme!r}; use sqlite:// or postgres://")


def sqlite_database(name: Path) -> dict[str, object]:
    # pysqlite3 bundles a newer SQLite than Debian 12's 3.40; see fagvei/db/.
    return {
        "ENGINE": "fagvei.db.sqlite3",
        "NAME": name,
        # Kept between requests as PostgreSQL's: a new SQLite connection reads the whole
        # schema on its first statement, 1–2 ms of every request otherwise. The
        # development server still closes it after each request.
        "CONN_MAX_AGE": env_int("FAGVEI_CONN_MAX_AGE", 60, minimum=0),
        "OPTIONS": {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            # PRAGMA optimize runs on open too, in fagvei/db/sqlite3/base.py, where a busy
            # database can be told apart from a real error.
            "init_command": "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA foreign_keys=ON;",
        },
    }


# Accepted only with debug on: the system check fagvei.E001 (fagvei/core/checks.py) and
# the WSGI entry point refuse it otherwise.
DEVELOPMENT_SECRET_KEY = "dev-only-insecure-key-change-me-in-production-0123456789"  # noqa: S105
SECRET_KEY = env_secret("FAGVEI_SECRET_KEY", DEVELOPMENT_SECRET_KEY)
DEBUG = env_bool("FAGVEI_DEBUG", False)
ALLOWED_HOSTS = env_list("FAGVEI_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("FAGVEI_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_htmx",
    "template_partials",
    "simple_history",
    "csp",
    "fagvei.core",
    "fagvei.audit",
    "fagvei.accounts",
    "fagvei.organisations",
    "fagvei.curricula",
    "fagvei.people",
    "fagvei.pathways",
    "fagvei.documents",
    "fagvei.contracts",
    "fagvei.followup",
    "fagvei.guidance",
    "fagvei.plans",
    "fagvei.absence",
    "fagvei.equipment",
    "fagvei.exams",
    "fagvei.concerns",
    "fagvei.deadlines",
    "fagvei.calendars",
    "fagvei.reminders",
    "fagvei.api",
    "fagvei.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "fagvei.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "fagvei.urls"
WSGI_APPLICATION = "fagvei.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "fagvei.accounts.context_processors.roles",
            ],
        },
    }
]

# Django's form renderer with the common widget templates written out in Python.
FORM_RENDERER = "fagvei.core.renderers.FormRenderer"

DATABASES = {"default": database_from_url(env_secret("DATABASE_URL", "sqlite:///var/fagvei.sqlite3"))}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    # Django's, loading the person with the user (fagvei/accounts/backends.py).
    "fagvei.accounts.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if env_bool("FAGVEI_FAST_PASSWORD_HASHER", False):
    # Tests and benchmarks only: a cheap hasher so logging in does not dominate.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# allauth: local accounts keyed on username; accounts are created by an administrator.
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "password1*", "password2*"]
ACCOUNT_ADAPTER = "fagvei.accounts.adapters.AccountAdapter"
ACCOUNT_FORMS = {
    "login": "fagvei.accounts.forms.LoginForm",
    "reset_password": "fagvei.accounts.forms.ResetPasswordForm",
    "reset_password_from_key": "fagvei.accounts.forms.ResetPasswordKeyForm",
    "change_password": "fagvei.accounts.forms.ChangePasswordForm",
}
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
# Failed logins: per client address, and per username. The per-username count is kept
# apart for each browser the user has signed in from before (accounts/known_devices.py),
# so wrong passwords typed elsewhere slow guessing without locking the user out. Every
# login POST also counts towards "login" per address. The store is the shared cache.
ACCOUNT_RATE_LIMITS = {
    "login": env_str("FAGVEI_LOGIN_ATTEMPT_RATE_LIMIT", "30/m/ip"),
    "login_failed": env_str("FAGVEI_LOGIN_RATE_LIMIT", "10/m/ip,5/5m/key"),
}
# The client address is the n-th address from the right of X-Forwarded-For when n proxies
# of ours stand in front; 0 trusts no header and takes the connection's address.
# Requests a minute one API access token may make (fagvei/api/services.py).
FAGVEI_API_RATE_PER_MINUTE = env_int("FAGVEI_API_RATE_PER_MINUTE", 600, minimum=1)
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("FAGVEI_TRUSTED_PROXY_COUNT", 0, minimum=0)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "fagvei"
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"

LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", _("Norwegian Bokmål")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env_str("FAGVEI_STATICFILES_STORAGE", "django.contrib.staticfiles.storage.StaticFilesStorage")
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# Uploaded documents are personal data: kept outside static/ under random names, served
# only through the view that authorises (fagvei/documents/). Back this folder up with the
# database.
FAGVEI_DOCUMENT_ROOT = env_path("FAGVEI_DOCUMENT_ROOT", "var/documents")
# The largest file one upload may be. Larger uploads are refused with a message naming
# the limit; past it, the rest of the upload is read but not kept (fagvei/documents/uploads.py).
FAGVEI_UPLOAD_MAX_BYTES = env_int("FAGVEI_UPLOAD_MAX_BYTES", 20 * 1024 * 1024, minimum=1)
# How long a concern closed as resolved is kept before ``manage.py pseudonymise_concerns``
# empties its text (DOMAIN.md "Privacy": a configurable retention; the audit trail stays).
FAGVEI_CONCERN_RETENTION_DAYS = env_int("FAGVEI_CONCERN_RETENTION_DAYS", 3 * 365, minimum=1)
# Files of a small request stay in memory; larger ones go to a temporary file that keeps
# no more than the limit above (Django's memory limits then never refuse a file first).
FILE_UPLOAD_HANDLERS = [
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "fagvei.documents.uploads.CappedTemporaryFileUploadHandler",
]

# The cache holds the login rate limits, so it must be shared by every worker process:
# Redis when there is one, otherwise a table in the database (created by a migration in
# accounts). Local memory would give each worker its own count of wrong passwords.
CACHE_TABLE = "fagvei_cache"
CACHES: dict[str, dict[str, object]] = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": env_secret("REDIS_URL", "")}
        if env_secret("REDIS_URL", "")
        else {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": CACHE_TABLE,
            # Room enough that flooding it with keys cannot push out the rate-limit counts.
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        }
    )
}

# Security. Production runs with FAGVEI_SECURE=1 behind TLS.
SECURE = env_bool("FAGVEI_SECURE", False)
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SECURE_SSL_REDIRECT = SECURE
SECURE_HSTS_SECONDS = 31536000 if SECURE else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE
SECURE_HSTS_PRELOAD = SECURE
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if SECURE else None
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env_int("FAGVEI_SESSION_AGE_SECONDS", 8 * 3600, minimum=60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "fagvei.core.views.csrf_failure"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

EMAIL_BACKEND = env_str("FAGVEI_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("FAGVEI_FROM_EMAIL", "fagvei@localhost")
# Seconds an SMTP connection may wait: a send never outlasts the reminder lease below.
EMAIL_TIMEOUT = env_int("FAGVEI_EMAIL_TIMEOUT", 30, minimum=1)
# Reminders (fagvei/reminders/outbox.py): a worker that claimed a reminder and has not
# marked it sent within the lease is taken for dead, and another worker sends it. Keep it
# well above the e-mail timeout, or a slow send is repeated by another worker.
FAGVEI_REMINDER_LEASE_SECONDS = env_int("FAGVEI_REMINDER_LEASE_SECONDS", 600, minimum=1)
if FAGVEI_REMINDER_LEASE_SECONDS <= 2 * EMAIL_TIMEOUT:
    raise ImproperlyConfigured(
        "FAGVEI_REMINDER_LEASE_SECONDS must be more than twice FAGVEI_EMAIL_TIMEOUT "
        f"({FAGVEI_REMINDER_LEASE_SECONDS} <= 2 × {EMAIL_TIMEOUT})"
    )
# Seconds ``send_reminders --loop`` waits between sweeps of the outbox.
FAGVEI_REMINDER_INTERVAL_SECONDS = env_int("FAGVEI_REMINDER_INTERVAL_SECONDS", 60, minimum=1)
# The hour (Europe/Oslo) from which ``send_reminders --loop`` plans the day's digests.
FAGVEI_REMINDER_HOUR = env_int("FAGVEI_REMINDER_HOUR", 7, minimum=0)
if FAGVEI_REMINDER_HOUR > 23:
    raise ImproperlyConfigured(f"FAGVEI_REMINDER_HOUR={FAGVEI_REMINDER_HOUR}: expected an hour from 0 to 23")

PAGE_SIZE = env_int("FAGVEI_PAGE_SIZE", 25, minimum=1)
# Seconds the start page's "What needs me" is kept per user at most (fagvei/deadlines/
# freshness.py: an event on one of the user's pathways renews it at once); 0: never kept.
FAGVEI_NEEDS_ME_SECONDS = env_int("FAGVEI_NEEDS_ME_SECONDS", 300, minimum=0)
# The address fagvei is reached at from outside (https://fagvei.example.no). E-mails have
# no request to ask, and calendar feeds are fetched by a calendar service, not a browser:
# their links (and the address shown for subscribing) are built on this.
FAGVEI_BASE_URL = env_origin("FAGVEI_BASE_URL", "http://127.0.0.1:8000")
# How many national identity numbers one user may check per hour when registering or
# correcting people (each check of a number that is taken is also logged).
NATIONAL_ID_LOOKUPS_PER_HOUR = env_int("FAGVEI_NATIONAL_ID_LOOKUPS_PER_HOUR", 30, minimum=1)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("FAGVEI_LOG_LEVEL", "WARNING")},
}
