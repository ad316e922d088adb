"""Health endpoints for a load balancer or an orchestrator, answered before any other step (no
log-in, no session, no host check, no redirect to HTTPS) and holding no data:

- ``/healthz``: the process is up and answers.
- ``/readyz``: it can serve, because the database and the job queue on it are reachable (and the
  read replica, when one is set); 503 otherwise, with which one is not.
"""

from django.conf import settings
from django.db import DatabaseError, connections
from django.http import JsonResponse

QUEUE_PROBE = "SELECT 1 FROM procrastinate_jobs LIMIT 1"


def _reachable(alias: str, sql: str = "SELECT 1") -> str:
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute(sql)
    except DatabaseError:
        return "unreachable"
    return "ok"


def readiness() -> tuple[dict, int]:
    checks = {"database": _reachable("default")}
    checks["queue"] = _reachable("default", QUEUE_PROBE) if checks["database"] == "ok" else "-"
    if settings.REPORTS_DATABASE:
        checks["replica"] = _reachable(settings.REPORTS_DATABASE)
    ready = all(value == "ok" for value in checks.values())
    return checks, 200 if ready else 503


class HealthMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == "/healthz":
            response = JsonResponse({"status": "ok"})
        elif request.path == "/readyz":
            checks, status = readiness()
            response = JsonResponse(checks, status=status)
        else:
            return self.get_response(request)
        response["Cache-Control"] = "no-store"
        return response
