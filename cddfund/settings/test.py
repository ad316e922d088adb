"""Test runs: real PostgreSQL (embedded unless DATABASE_URL is set), fast hashing, no DEBUG."""

import tempfile

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-key-with-enough-length-to-look-like-a-real-one-8d2f"
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = tempfile.mkdtemp(prefix="cddfund-media-")
STORAGES = {
    "default": {"BACKEND": "cddfund.storage.LocalStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Workers' threads (tests that run jobs) close their connection after each job, as a request
# does, so nothing holds the test database when it is dropped.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
# A second alias for the replica router's test: a mirror of the test database, used only where
# a test turns REPORTS_DATABASE on.
DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}  # noqa: F405
REPORTS_DATABASE = None
