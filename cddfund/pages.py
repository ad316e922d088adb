"""Page steps every app repeats, written once."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.shortcuts import redirect, render

from cddfund import closing


def confirm_delete(request, *, record, delete, done: str, back: str, cancel: str | None = None):
    """GET: ask to confirm deleting ``record``. POST: ``delete()`` (a service call), then go
    ``back`` with ``done`` as the message, or with the service's Thai reason when it refuses (the
    record is kept). ``cancel`` is where the page's cancel link leads (default: ``back``)."""
    if request.method == "POST":
        try:
            delete()
        except (ValidationError, IntegrityError) as exc:
            refused = closing.refused(exc)
            messages.error(request, " ".join(refused.messages))
            return redirect(cancel or back)
        messages.success(request, done)
        return redirect(back)
    return render(
        request, "cddfund/confirm_delete.html", {"object": record, "cancel": cancel or back}
    )


def show_errors(form, exc: ValidationError) -> None:
    """Put a service's refusal on ``form``: each error on its field where the form has one,
    the rest above the form (nothing the user typed is lost)."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for key, errors in exc.error_dict.items():
        form.add_error(key if key in form.fields else None, errors)


def form_page(
    request,
    form,
    *,
    save,
    done: str,
    back: str,
    title: str = "",
    back_label: str = "",
    go=None,
    template: str = "cddfund/form_page.html",
    **extra,
):
    """GET or a form with errors: ``form`` on the shared form page, with a way ``back``. A valid
    POST: ``save(cleaned_data)`` (a service call), then ``done`` as the message and a redirect to
    ``go(result)`` when given, else ``back``; a rule the service refuses shows on the form.
    ``template``: a page of its own that extends the shared one's context."""
    if request.method == "POST" and form.is_valid():
        try:
            result = save(form.cleaned_data)
        except (ValidationError, IntegrityError) as exc:
            show_errors(form, closing.refused(exc))
        else:
            messages.success(request, done)
            return redirect(go(result) if go else back)
    context = {"form": form, "title": title, "back_url": back, "back_label": back_label}
    return render(request, template, context | extra)
