"""Work that runs after the request: the page returns at once and polls the progress.

Each job runs in its own thread with its own database connection, started once the request's
transaction has committed, so neither the page nor other users wait for it.
"""

import threading

from django.db import close_old_connections, connection, transaction


def _in_thread(function, args) -> None:
    close_old_connections()
    try:
        function(*args)
    finally:
        connection.close()


def start_after_commit(function, *args) -> None:
    transaction.on_commit(
        lambda: threading.Thread(target=_in_thread, args=(function, args), daemon=True).start()
    )
