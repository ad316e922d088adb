"""Local development: `make run`. Not for a server that others reach."""

from cddfund.env import env_list, env_str

from .base import *  # noqa: F403

DEBUG = True
SECRET_KEY = env_str("SECRET_KEY", "development-only-key-not-for-any-server-3c9f1e2b7a")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
