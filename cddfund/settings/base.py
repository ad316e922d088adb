"""Settings shared by every environment. Environment-specific files import from here."""

import datetime
import os
from pathlib import Path

import dj_database_url

from cddfund.env import env_int

BASE_DIR = Path(__file__).resolve().parent.parent.parent

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tables2",
    "django_filters",
    "csp",
    "axes",
    "pgtrigger",
    "pghistory",
    "pghistory.admin",
    "procrastinate.contrib.django",
    "cddfund",
    "institutes",
    "debts",
    "assessments",
    "reports",
    "imports",
    "scale",
]

MIDDLEWARE = [
    "cddfund.health.HealthMiddleware",  # /healthz and /readyz, before any other step
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "cddfund.middleware.ThaiFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "cddfund.audit.AuditContextMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cddfund.urls"
WSGI_APPLICATION = "cddfund.wsgi.application"

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
                "cddfund.context_processors.navigation",
            ],
            "builtins": ["cddfund.templatetags.thai", "cddfund.templatetags.pages"],
        },
    }
]


# The pages' queries are short: PostgreSQL's JIT compiler, which the planner switches on for
# any query it guesses to be costly, spends longer compiling one than running it (measured on the
# province's KPI evidence page, BENCHMARKS.md); and starting a parallel worker takes 3-5 ms, which
# the default parallel_setup_cost (1000) puts below a page's query of a few thousand rows (the
# count of a province's level-3 groups: 1.3 ms of work, 6 ms with its worker). At 10000 only a
# query that reads a large part of the country gets workers. A DATABASE_URL with ?options=...
# keeps its own.
SESSION_OPTIONS = "-c jit=off -c parallel_setup_cost=10000"


def database_config(url: str | None) -> dict:
    """The default database: DATABASE_URL when given, else the embedded PostgreSQL server."""
    if url:
        config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
        if config["ENGINE"] != "django.db.backends.postgresql":
            raise ValueError("cddfund runs on PostgreSQL only: DATABASE_URL must be postgres://...")
        config.setdefault("OPTIONS", {}).setdefault("options", SESSION_OPTIONS)
        return config
    return {
        "ENGINE": "cddfund.embedded_pg",
        "NAME": os.environ.get("EMBEDDED_POSTGRES_DB", "cddfund"),
        "CONN_MAX_AGE": 60,
        "CONN_HEALTH_CHECKS": True,
        "OPTIONS": {"options": SESSION_OPTIONS},
    }


EMBEDDED_POSTGRES_DIR = Path(os.environ.get("EMBEDDED_POSTGRES_DIR", BASE_DIR / ".pgdata"))
DATABASES = {"default": database_config(os.environ.get("DATABASE_URL"))}
# A read replica for reports (PostgreSQL streaming replication): reports and exports read from
# it when DATABASE_REPLICA_URL is set; everything else uses the primary (cddfund/routers.py).
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = database_config(os.environ["DATABASE_REPLICA_URL"])
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
REPORTS_DATABASE = "replica" if "replica" in DATABASES else None
DATABASE_ROUTERS = ["cddfund.routers.ReportReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "cddfund.User"
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "cddfund.backends.StaffBackend"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Log-in protection (django-axes, cddfund/login.py): 5 failures lock a (user name, address) pair
# for 15 minutes; 50 failures of one user name from any addresses lock the name itself.
AXES_FAILURE_LIMIT = 5
LOGIN_USER_FAILURE_LIMIT = 50
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "cddfund.login.username_key"
AXES_LOCKOUT_CALLABLE = "cddfund.login.locked_out"
AXES_HANDLER = "cddfund.login.StaffLoginHandler"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# Behind N reverse proxies that each append to X-Forwarded-For, the client's address is the N-th
# entry from its end; with none, REMOTE_ADDR (a client cannot choose its own address).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "cddfund.login.client_address"

# Where readers of a printout reach the system: the QR code of a closed period's report points
# at its verification page there (reports/verification.py).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

# Notifications by e-mail (cddfund/notifications.py): printed on the worker's output here;
# production sends them through the SMTP server its settings name.
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "cddfund <noreply@localhost>")

LANGUAGE_CODE = "th"
LANGUAGES = [("th", "ภาษาไทย"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Bangkok"
USE_I18N = True
USE_TZ = True

# Every page's script and style come from the app's own files: no inline script, no inline style,
# no other origin. User files get a stricter sandbox of their own (cddfund/uploads.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-src": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Uploads and exports: local disk, written whole or not at all (cddfund/storage.py); production
# puts them on S3-compatible storage when S3_BUCKET is set.
STORAGES = {
    "default": {"BACKEND": "cddfund.storage.LocalStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 11 * 1024 * 1024

# A saved form's "saved" message rides in a signed cookie, not the session: nothing is written to
# the database after the form's own transaction commits, so a database that goes away just then
# cannot turn a saved record into an error answer.
MESSAGE_STORAGE = "django.contrib.messages.storage.cookie.CookieStorage"
DJANGO_TABLES2_TEMPLATE = "components/table.html"
DJANGO_TABLES2_PAGE_RANGE = 5

PGHISTORY_DEFAULT_TRACKERS = None
# Reads change nothing: only writes get their who-and-where attached.
PGHISTORY_MIDDLEWARE_METHODS = ("POST", "PUT", "PATCH", "DELETE")
PGHISTORY_ADMIN_MODEL = "pghistory.MiddlewareEvents"
PGHISTORY_ADMIN_CLASS = "cddfund.audit_admin.AuditAdmin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        "embedded_postgres": {"handlers": ["console"], "level": "WARNING"},
        # A request's error, with its traceback, on the process's own output (5xx only).
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        # A worker's log says which job it starts and how each one ends, a line each.
        "procrastinate.worker": {"handlers": ["console"], "level": "INFO"},
    },
}
