"""Benchmarks (`make bench`): the development database, with DEBUG off as on a server."""

from cddfund.settings.development import *  # noqa: F403

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
