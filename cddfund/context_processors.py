from django.urls import reverse

from cddfund.registry import registry


def navigation(request):
    """The menu: the entries every app registered, those the user's role may see."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"menu": []}
    path = request.path
    menu = []
    for entry in registry.menu:
        if entry.roles and user.role not in entry.roles:
            continue
        url = reverse(entry.url_name)
        active = path == url if url == "/" else path.startswith(url)
        menu.append({"label": entry.label, "url": url, "active": active})
    return {"menu": menu}
