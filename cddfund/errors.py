"""The error pages: ``handler500`` of the root URLconf.

Django calls it for an exception from anywhere in a request (a view, a middleware loading the
user or saving the session, a template), so a database that is restarting, failing over or out of
reach answers everywhere with the Thai "try again" page (503, ``Retry-After``), never the error
page. The page needs no database; Django logs the error with its traceback (``django.request``).
A write refused because its period is closed (cddfund/closing.py) answers 409 with the Thai
reason wherever it was not already shown on a form."""

import sys

import psycopg
import psycopg2
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.views import defaults

from cddfund import closing

UNAVAILABLE = (
    OperationalError,
    InterfaceError,
    psycopg2.OperationalError,
    psycopg2.InterfaceError,
    psycopg.OperationalError,
    psycopg.InterfaceError,
)
RETRY_AFTER_SECONDS = 10


def database_unavailable(error: BaseException | None) -> bool:
    """The error, or one it was raised from (the job queue wraps the driver's), says the database
    cannot be reached or went away, or a lock or statement timed out."""
    seen = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, UNAVAILABLE):
            return True
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return False


def server_error(request):
    error = sys.exc_info()[1]
    if error is not None and (refused := closing.refusal(error)):
        # A write into a closed period that no form page turned into its message: still Thai.
        body = render_to_string("409.html", {"message": " ".join(refused.messages)})
        return HttpResponse(body, status=409)
    if not database_unavailable(error):
        return defaults.server_error(request)
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
