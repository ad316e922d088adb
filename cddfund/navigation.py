"""Breadcrumbs: province → district → subdistrict → record, each linking to the filtered list."""

from urllib.parse import urlencode

from django.urls import reverse


def area_crumbs(obj, list_url_name: str = "village_list") -> list[tuple[str, str | None]]:
    """Crumbs for the areas of ``obj`` (any record with province/district/subdistrict)."""
    url = reverse(list_url_name)
    crumbs, params = [], {}
    for level, prefix in (("province", "จ."), ("district", "อ."), ("subdistrict", "ต.")):
        area = getattr(obj, level, None)
        if area is None:
            continue
        params[level] = area.pk
        crumbs.append((f"{prefix}{area.name_th}", f"{url}?{urlencode(params)}"))
    return crumbs
