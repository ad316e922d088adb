"""Where the database is and which client tools reach it: for backups and a psql prompt."""

import shutil
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.db import connection

from cddfund import embedded_pg


def is_embedded() -> bool:
    return settings.DATABASES["default"]["ENGINE"] == "cddfund.embedded_pg"


def tool(name: str) -> str:
    """The embedded server's own client tool, or the one on the PATH for an external server."""
    if is_embedded():
        return str(embedded_pg.bin_dir() / name)
    found = shutil.which(name)
    if found is None:
        raise FileNotFoundError(f"{name} is not on the PATH; install the PostgreSQL client tools")
    return found


def connection_uri() -> str:
    params = connection.get_connection_params()
    user = quote(params.get("user") or "")
    password = params.get("password")
    auth = f"{user}:{quote(password)}@" if password else (f"{user}@" if user else "")
    host = params.get("host") or ""
    if host.startswith("/"):
        return f"postgresql://{auth}/{params['dbname']}?host={quote(host)}"
    port = f":{params['port']}" if params.get("port") else ""
    return f"postgresql://{auth}{host}{port}/{params['dbname']}"


def data_dir() -> Path | None:
    return Path(settings.EMBEDDED_POSTGRES_DIR) if is_embedded() else None
