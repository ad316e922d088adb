"""Log-in protection, on django-axes: who is locked out, for how long, and what they are told.

- A (user name, client address) pair is locked for ``AXES_COOLOFF_TIME`` after
  ``AXES_FAILURE_LIMIT`` failures: a whole district office shares one public address, so one
  person's typos never lock out colleagues, and a stranger cannot lock an officer out from
  elsewhere.
- A user name is locked from every address only after ``LOGIN_USER_FAILURE_LIMIT`` failures
  (many addresses guessing one password), a much higher count.
- The user name is counted as Django's log-in reads it (NFKC, so ``ｘ`` is ``x``) and without
  case, so no spelling of a name gets guesses of its own.
- The client address is ``REMOTE_ADDR``, or, behind ``TRUSTED_PROXY_COUNT`` reverse proxies,
  the address the nearest of them saw (``X-Forwarded-For``), never a header a client sets.

Every log-in form goes through Django's ``authenticate``, so the admin's log-in is covered by
the same rule. ``python manage.py axes_reset_username <name>`` unlocks a name at once.
"""

import ipaddress
import unicodedata

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from cddfund.forms import LoginForm

LOCKED_OUT = _(
    "เข้าสู่ระบบไม่สำเร็จหลายครั้ง กรุณารอ %(minutes)s นาทีแล้วลองใหม่ หรือติดต่อผู้ดูแลระบบเพื่อตั้งรหัสผ่านใหม่"
)


def username_key(request, credentials=None) -> str:
    """The name a failure is counted under: as Django's log-in form reads it, without case."""
    if credentials and credentials.get("username") is not None:
        typed = credentials["username"]
    else:
        typed = getattr(request, "POST", {}).get("username", "")
    return unicodedata.normalize("NFKC", str(typed or "")).strip().casefold()[:150]


def client_address(request) -> str:
    """The client's address. Each trusted reverse proxy appends the address it was reached
    from to X-Forwarded-For, so behind N of them the client is the N-th entry from the end;
    anything before it was written by the client and is ignored."""
    remote = request.META.get("REMOTE_ADDR") or "0.0.0.0"
    count = settings.TRUSTED_PROXY_COUNT
    if not count:
        return remote
    hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
    if len(hops) < count:
        return remote
    try:
        return str(ipaddress.ip_address(hops[-count]))
    except ValueError:
        return remote


class StaffLoginHandler(AxesDatabaseHandler):
    """Axes' database handler with a second, higher limit per user name across addresses."""

    def get_failures(self, request, credentials=None) -> int:
        pair = super().get_failures(request, credentials)
        across = (
            AccessAttempt.objects.filter(username=username_key(request, credentials)).aggregate(
                total=Sum("failures_since_start")
            )["total"]
            or 0
        )
        if across >= settings.LOGIN_USER_FAILURE_LIMIT:
            return max(pair, settings.AXES_FAILURE_LIMIT)
        return pair


def locked_out(request, original_response=None, credentials=None):
    """The log-in page again, with the wait in Thai (429 Too Many Requests)."""
    minutes = max(1, int(get_cool_off(request).total_seconds() // 60))
    form = LoginForm(request, initial={"username": request.POST.get("username", "")})
    return render(
        request,
        "registration/login.html",
        {"form": form, "locked_out": LOCKED_OUT % {"minutes": minutes}},
        status=429,
    )
