"""View decorators that say who may open a page; the scope of each object is checked by the
access helpers in ``selectors``. Each decorated view carries ``access`` and ``scoped_model`` so
the permission test matrix can be generated from the URL conf."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.views.decorators.http import require_POST

from cddfund.scope import Role, get_visible_or_404


def _mark(view, access, model, roles=()):
    view.access = access
    view.scoped_model = model
    view.allowed_roles = tuple(roles)
    return view


def read_view(model=None):
    """Any signed-in staff member; objects outside their scope answer 404."""

    def decorator(view):
        return _mark(login_required(view), "read", model)

    return decorator


def public_view(view):
    """Anyone, signed in or not (a printout's verification page): the page shows the same to
    everyone and nothing of a user's own."""
    return _mark(view, "public", None)


def edit_view(model=None):
    """District officers only (403 for the read-only roles); other districts answer 404."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.user.role != Role.DISTRICT:
                if model is not None and "pk" in kwargs:
                    # Out of scope is 404 even for a role that could never edit it.
                    get_visible_or_404(model.objects, request.user, pk=kwargs["pk"])
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return _mark(login_required(wrapper), "edit", model)

    return decorator


def roles_view(*roles, model=None):
    """Only the given roles (403 for the others), whatever the area."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.user.role not in roles:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return _mark(login_required(wrapper), "roles", model, roles)

    return decorator


def post_only(view):
    """``require_POST``, marked so that the permission matrix sends a POST to this page."""
    wrapped = require_POST(view)
    wrapped.post_only = True
    return wrapped
