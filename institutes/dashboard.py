from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cddfund.registry import Card, Hit
from cddfund.scope import can_edit
from cddfund.search import ranked
from institutes.models import Centre, VillageGroup
from institutes.selectors import centre_list


def cards(user) -> list[Card]:
    found = [
        Card(
            f"{centre_list(user).count():,}",
            _("ศูนย์จัดการกองทุนชุมชนในพื้นที่"),
            reverse("centre_list"),
        )
    ]
    if can_edit(user):
        found.append(Card("+", _("เพิ่มศูนย์"), reverse("centre_create")))
    return found


def find_centres(user, query: str, limit: int) -> list[Hit]:
    """Centres of the user's area by name (the header's search box)."""
    found = ranked(centre_list(user), "name", query)[:limit]
    return [
        Hit(
            c.name,
            f"{c.village} อ.{c.district.name_th} จ.{c.province.name_th}",
            c.get_absolute_url(),
        )
        for c in found
    ]


def find_groups(user, query: str, limit: int) -> list[Hit]:
    """Groups of the user's area by name, each linking to its village's centre (or village)."""
    centre = Centre.objects.filter(village=OuterRef("village")).order_by("pk").values("pk")[:1]
    found = ranked(
        VillageGroup.objects.visible_to(user)
        .select_related("village", "district")
        .annotate(centre_id=Subquery(centre)),
        "name",
        query,
    )[:limit]
    return [
        Hit(
            g.name,
            f"{g.get_group_type_display()} · {g.village} อ.{g.district.name_th}",
            reverse("centre_groups", args=[g.centre_id])
            if g.centre_id
            else g.village.get_absolute_url(),
        )
        for g in found
    ]
