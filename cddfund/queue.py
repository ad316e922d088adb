"""Background work on the job queue: Procrastinate, on the same PostgreSQL.

A page puts a job in the queue inside its own transaction (``defer``): the job exists exactly
when the record it works on does. Workers (``manage.py procrastinate worker``, one or more per
machine, any number of machines) take jobs from the queue; a job that meets a passing error
(the database restarting, a lock timeout) is tried again after a growing wait; a worker that dies
mid-job (killed, out of memory, its machine gone) stops sending its heartbeat, and its jobs are
put back in the queue for another worker (``cddfund/tasks.py``).
"""

from django.db import InterfaceError, OperationalError
from procrastinate import RetryStrategy


class TryAgain(Exception):
    """Raised by a job whose work met a passing error somewhere it could not pass up as is
    (in a child process)."""


# Errors that pass: the connection dropped, the server restarted, a lock or statement timed out.
TRANSIENT = RetryStrategy(
    max_attempts=5,
    exponential_wait=3,
    retry_exceptions={OperationalError, InterfaceError, TryAgain},
)


def last_attempt(context, strategy: RetryStrategy = TRANSIENT) -> bool:
    """Whether the running job (``pass_context=True``) will not be tried again after this one
    (``attempts`` counts the runs before this one)."""
    return context.job.attempts >= strategy.max_attempts


def is_transient(exc: BaseException) -> bool:
    return isinstance(exc, tuple(TRANSIENT.retry_exceptions))
