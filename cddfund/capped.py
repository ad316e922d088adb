"""Work on a user's file runs in a child process with a memory cap (``run_capped``): a file that
would need more memory than allowed fails that child, never the worker, and a child that stops
making progress is stopped. The child dies with its parent (a worker killed mid-job leaves no
orphan writing behind the job that another worker runs again).
"""

import contextlib
import ctypes
import multiprocessing
import resource
import signal
import sys
import time
from collections.abc import Callable

from django.db import connections

from cddfund.queue import is_transient

PR_SET_PDEATHSIG = 1
TEMPFAIL = 75  # the child's exit code for a passing error (sysexits.h EX_TEMPFAIL)

# Inherited database connections belong to the parent: the child must neither use nor close
# them (closing would end the parent's session on the server). It keeps them here and leaves
# with os._exit, which closes nothing.
_parents_connections: list = []


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
    # Not on Linux: the stall check still ends an orphan's job.
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    limit = _virtual_memory_bytes() + memory_bytes
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    try:
        function(*args)
    except Exception as exc:
        if is_transient(exc):
            sys.exit(TEMPFAIL)
        raise
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
    "retry" when it met a passing error (the database restarting), "stalled" or "failed"
    otherwise (out of memory, an error, killed)."""
    child = multiprocessing.get_context("fork").Process(
        target=_child, args=(function, args, memory_bytes), daemon=True
    )
    child.start()
    last, since = progress(), time.monotonic()
    while True:
        child.join(poll_seconds)
        if child.exitcode is not None:
            if child.exitcode == 0:
                return None
            return "retry" if child.exitcode == TEMPFAIL else "failed"
        now = progress()
        if now != last:
            last, since = now, time.monotonic()
        elif time.monotonic() - since > stall_seconds:
            child.kill()
            child.join()
            return "stalled"
