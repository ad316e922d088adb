"""Production: every secret and the database come from the environment; nothing is guessed."""

import os

from cddfund.env import env_bool, env_int, env_list, env_str
from cddfund.storage import s3_options

from .base import *  # noqa: F403
from .base import database_config

DEBUG = False
SECRET_KEY = env_str("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
# The primary is required here; the read replica that base settings add for reports
# (DATABASE_REPLICA_URL) is kept, not replaced.
DATABASES["default"] = database_config(env_str("DATABASE_URL"))  # noqa: F405
# The address printed in QR codes: the first host name unless SITE_URL says otherwise.
SITE_URL = env_str("SITE_URL", f"https://{ALLOWED_HOSTS[0]}" if ALLOWED_HOSTS else None)

# E-mail of notifications through the office's SMTP server; without EMAIL_HOST they are only
# shown in the app (the console backend of base settings would print them to the log).
if os.environ.get("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = env_str("EMAIL_HOST")
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
    EMAIL_TIMEOUT = 20
else:
    EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_AGE = 8 * 60 * 60

STORAGES = {
    "default": {"BACKEND": "cddfund.storage.LocalStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
if os.environ.get("S3_BUCKET"):
    # Shared by every web server and worker; private objects, sent only by the scoped views.
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": s3_options()}
