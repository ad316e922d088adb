"""Page steps every app repeats, written once."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render


def confirm_delete(request, *, record, delete, done: str, back: str, cancel: str | None = None):
    """GET: ask to confirm deleting ``record``. POST: ``delete()`` (a service call), then go
    ``back`` with ``done`` as the message, or with the service's Thai reason when it refuses (the
    record is kept). ``cancel`` is where the page's cancel link leads (default: ``back``)."""
    if request.method == "POST":
        try:
            delete()
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(cancel or back)
        messages.success(request, done)
        return redirect(back)
    return render(
        request, "cddfund/confirm_delete.html", {"object": record, "cancel": cancel or back}
    )
