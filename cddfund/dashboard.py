"""The home page's cards: each app may offer ``<app>.dashboard.cards(user)``, shown in
INSTALLED_APPS order, so the core never imports the apps built on it."""

from dataclasses import dataclass
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cddfund import selectors
from cddfund.scope import can_edit


@dataclass(frozen=True)
class Card:
    number: str
    label: str
    url: str


def cards(user) -> list[Card]:
    """The core's own cards."""
    found = [
        Card(
            f"{selectors.villages_for(user).count():,}",
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
    result = []
    for config in apps.get_app_configs():
        name = f"{config.name}.dashboard"
        if config.name == "cddfund":
            result.extend(cards(user))
        elif find_spec(name) is not None:
            result.extend(import_module(name).cards(user))
    return result
