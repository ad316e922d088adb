from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cddfund.registry import Card
from debts import figures
from debts.models import Household


def cards(user) -> list[Card]:
    counts = figures.today_counts(Household.objects.visible_to(user))
    return [
        Card(f"{counts['surveyed']:,}", _("ครัวเรือนที่สำรวจหนี้แล้ว"), reverse("household_list")),
        Card(
            f"{counts['reached']:,}",
            _("ครัวเรือนที่ถึง 1 ครัวเรือน 1 สัญญา"),
            reverse("household_list") + "?one_contract=yes",
        ),
    ]
