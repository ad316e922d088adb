"""Reports read from a replica when one is configured (``DATABASE_REPLICA_URL``).

Report pages, their API and background exports run their reads inside ``replica_reads()``;
every other read, and every write, goes to the primary. A replica lags the primary by a moment,
which a report may show; a page that has just written must read its own write, so nothing else
is sent there.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings

_reports = ContextVar("reports_read_replica", default=False)


@contextmanager
def replica_reads():
    token = _reports.set(True)
    try:
        yield
    finally:
        _reports.reset(token)


class ReportReplicaRouter:
    def db_for_read(self, model, **hints):
        if _reports.get() and settings.REPORTS_DATABASE:
            return settings.REPORTS_DATABASE
        return None

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"
