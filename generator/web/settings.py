"""Django settings of the web workspace, read from `PKGEN_*` environment variables.

`pkgen serve` sets them from its options; a WSGI/ASGI deployment sets them itself:

| variable | meaning | default |
|---|---|---|
| `PKGEN_DATA` | the agreements folder (the single source of truth) | — |
| `PKGEN_STATE` | the workspace's own files: SQLite, secret key, previews, approved copies | `$PKGEN_DATA/.pkgen-web` |
| `PKGEN_OUT` | build outputs: final (approved) documents and books; drafts in `draf/` | `output` |
| `PKGEN_DATABASE_URL` | `sqlite:///…` or `postgresql://…` | SQLite in `PKGEN_STATE` |
| `PKGEN_SECRET_KEY` | Django's signing key | generated once into `PKGEN_STATE/secret-key` |
| `PKGEN_HTTPS` | `1` behind an HTTPS reverse proxy: secure cookies, HSTS | off |
| `PKGEN_ALLOWED_HOSTS` | host names the server answers to, comma-separated | `127.0.0.1,localhost` |
| `PKGEN_CSRF_TRUSTED_ORIGINS` | e.g. `https://pk.medan.go.id` | none |
| `PKGEN_UPLOAD_MAX_MB` | largest workbook accepted | `5` |
| `PKGEN_TRUSTED_PROXY` | address of the reverse proxy whose X-Forwarded-For/-Proto `pkgen serve` trusts | none |
| `PKGEN_WORKER` | `0`: this WSGI process runs no build worker | `1` |
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from generator.web.dburl import database_settings, sqlite_settings

DATA = Path(os.environ["PKGEN_DATA"]).resolve() if os.environ.get("PKGEN_DATA") else None
STATE = (
    Path(os.environ["PKGEN_STATE"]).resolve()
    if os.environ.get("PKGEN_STATE")
    else (DATA / ".pkgen-web" if DATA else None)
)
PKGEN_DATA = str(DATA) if DATA else ""
PKGEN_STATE = str(STATE) if STATE else ""
PKGEN_OUT = str(Path(os.environ.get("PKGEN_OUT", "output")).resolve())
PKGEN_UPLOAD_MAX_BYTES = int(float(os.environ.get("PKGEN_UPLOAD_MAX_MB", "5")) * 1024 * 1024)


def _secret_key() -> str:
    if os.environ.get("PKGEN_SECRET_KEY"):
        return os.environ["PKGEN_SECRET_KEY"]
    if STATE is None:
        return secrets.token_urlsafe(50)  # no workspace (tests): a key for this process
    path = STATE / "secret-key"
    if not path.is_file():
        STATE.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(50))
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = False
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("PKGEN_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]").split(",")
    if h.strip()
]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("PKGEN_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "generator.web.apps.WorkspaceConfig",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "generator.web.middleware.ContentSecurityPolicy",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "generator.web.middleware.PasswordChangeRequired",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
ROOT_URLCONF = "generator.web.urls"
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
                "generator.web.access.navigation",
            ],
        },
    }
]
WSGI_APPLICATION = "generator.web.wsgi.application"

if os.environ.get("PKGEN_DATABASE_URL"):
    DATABASES = {"default": database_settings(os.environ["PKGEN_DATABASE_URL"])}
elif STATE is not None:
    DATABASES = {"default": sqlite_settings(STATE / "pkgen.sqlite3")}
else:
    DATABASES = {"default": sqlite_settings(Path(":memory:"))}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "masuk"
LOGIN_REDIRECT_URL = "beranda"
LOGOUT_REDIRECT_URL = "masuk"

LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia")]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = str(Path(__file__).with_name("static"))

# Security: cookies unreadable by scripts and not sent by other sites' requests, no
# framing, no MIME sniffing; with PKGEN_HTTPS the cookies only travel over HTTPS.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 8 * 3600  # a working day
SESSION_COOKIE_NAME = "pkgen_sesi"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_NAME = "pkgen_csrf"
CSRF_FAILURE_VIEW = "generator.web.views.errors.csrf_failure"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if os.environ.get("PKGEN_HTTPS") == "1":
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 31536000

# Uploads: a workbook is at most PKGEN_UPLOAD_MAX_MB; nothing else is posted that large.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = PKGEN_UPLOAD_MAX_BYTES + 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        "django.request": {"handlers": ["console"], "level": "ERROR"},
        "generator.web": {"handlers": ["console"], "level": "INFO"},
    },
}
