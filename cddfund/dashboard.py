"""The home page's cards: the core's own, and every card an app registered
(``cddfund.registry``), in INSTALLED_APPS order."""

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cddfund import selectors
from cddfund.models import Village
from cddfund.registry import Card, Work, registry
from cddfund.scope import can_edit


def villages_by_district(_year: int):
    return Village.objects.order_by().values("district_id").annotate(n=Count("id"))


def cards(user) -> list[Card]:
    """The core's own cards."""
    villages = selectors.tallied_or(user, "villages", Village.objects.visible_to(user))
    found = [
        Card(
            f"{villages:,}",
            _("หมู่บ้านในพื้นที่ของคุณ"),
            reverse("village_list"),
        )
    ]
    if can_edit(user):
        found.append(Card("+", _("เพิ่มหมู่บ้าน"), reverse("village_create")))
    if user.role in ("central", "admin"):
        found.append(Card("👤", _("จัดการบัญชีเจ้าหน้าที่"), reverse("staff_list")))
    return found


def all_cards(user) -> list[Card]:
    return [card for cards_of in registry.cards for card in cards_of(user)]


def work_list(user) -> list[Work]:
    """What waits for the user, every app's lines that count something, late ones first."""
    lines = [line for lines_of in registry.work for line in lines_of(user) if line.count]
    return sorted(lines, key=lambda line: not line.late)
