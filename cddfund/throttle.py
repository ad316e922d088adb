"""Log-in throttling per (user name, address).

A whole district office shares one public address, so the address alone must not lock anyone
out; the pair does. After LOGIN_FAILURE_LIMIT failures inside LOGIN_FAILURE_WINDOW_MINUTES the
pair waits LOGIN_COOL_OFF_MINUTES from its latest failure.
"""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from cddfund.models import FailedLogin


def _key(username: str) -> str:
    return (username or "").strip().lower()[:150]


def cool_off_remaining(*, username: str, address: str) -> timedelta | None:
    """How long the pair must still wait, or None when it may try."""
    now = timezone.now()
    window_start = now - timedelta(minutes=settings.LOGIN_FAILURE_WINDOW_MINUTES)
    recent = list(
        FailedLogin.objects.filter(username=_key(username), address=address, at__gte=window_start)
        .order_by("-at")
        .values_list("at", flat=True)[: settings.LOGIN_FAILURE_LIMIT]
    )
    if len(recent) < settings.LOGIN_FAILURE_LIMIT:
        return None
    ends = recent[0] + timedelta(minutes=settings.LOGIN_COOL_OFF_MINUTES)
    return ends - now if ends > now else None


def record_failure(*, username: str, address: str) -> None:
    FailedLogin.objects.create(username=_key(username), address=address, at=timezone.now())


def clear_failures(*, username: str, address: str) -> None:
    FailedLogin.objects.filter(username=_key(username), address=address).delete()
