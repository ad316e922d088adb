"""Work that runs after the request: the page returns at once and polls the progress.

Each job runs in its own thread with its own database connection, started once the request's
transaction has committed, so neither the page nor other users wait for it.

Work that reads a user's file runs one step further away, in a child process with a memory cap
(``run_capped``): a file that would need more memory than allowed fails that child, never the
web process, and a child that stops making progress is stopped.
"""

import multiprocessing
import resource
import threading
import time
from collections.abc import Callable

from django.db import close_old_connections, connection, connections, transaction

# Inherited database connections belong to the parent: the child must neither use nor close
# them (closing would end the parent's session on the server). It keeps them here and leaves
# with os._exit, which closes nothing.
_parents_connections: list = []


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


def _virtual_memory_bytes() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0


def _child(function, args, memory_bytes: int) -> None:
    for wrapper in connections.all(initialized_only=True):
        _parents_connections.append(wrapper.connection)
        wrapper.connection = None
    limit = _virtual_memory_bytes() + memory_bytes
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    try:
        function(*args)
    finally:
        for wrapper in connections.all(initialized_only=True):
            wrapper.close()


def run_capped(
    function: Callable,
    *args,
    memory_bytes: int,
    progress: Callable[[], object] = lambda: None,
    stall_seconds: float = 600,
    poll_seconds: float = 5,
) -> str | None:
    """Run ``function(*args)`` in a forked child that may use ``memory_bytes`` more than this
    process does. ``progress()`` is read every ``poll_seconds``; if it has not changed for
    ``stall_seconds`` the child is killed. Returns None when the child finished normally,
    "stalled" or "failed" otherwise (out of memory, an error, killed)."""
    child = multiprocessing.get_context("fork").Process(
        target=_child, args=(function, args, memory_bytes), daemon=True
    )
    child.start()
    last, since = progress(), time.monotonic()
    while True:
        child.join(poll_seconds)
        if child.exitcode is not None:
            return None if child.exitcode == 0 else "failed"
        now = progress()
        if now != last:
            last, since = now, time.monotonic()
        elif time.monotonic() - since > stall_seconds:
            child.kill()
            child.join()
            return "stalled"
