"""Django database backend: PostgreSQL, on the embedded server when no DATABASE_URL is set."""

from pathlib import Path

from django.conf import settings
from django.db.backends.postgresql import base

from cddfund import embedded_pg


class DatabaseWrapper(base.DatabaseWrapper):
    def get_connection_params(self):
        params = super().get_connection_params()
        data_dir = Path(settings.EMBEDDED_POSTGRES_DIR)
        params.update(embedded_pg.connection_params(data_dir))
        embedded_pg.ensure_database(data_dir, params.get("dbname") or "postgres")
        return params
