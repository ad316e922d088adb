from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cddfund.registry import Card
from cddfund.scope import can_edit
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
