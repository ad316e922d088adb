from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cddfund.registry import Card
from debts.models import Household


def cards(user) -> list[Card]:
    counts = Household.objects.visible_to(user).aggregate(
        surveyed=Count("id", filter=Q(baseline_on__isnull=False)),
        one_contract=Count("id", filter=Q(baseline_on__isnull=False, active_contracts=1)),
    )
    return [
        Card(f"{counts['surveyed']:,}", _("ครัวเรือนที่สำรวจหนี้แล้ว"), reverse("household_list")),
        Card(
            f"{counts['one_contract']:,}",
            _("ครัวเรือนที่ถึง 1 ครัวเรือน 1 สัญญา"),
            reverse("household_list") + "?one_contract=yes",
        ),
    ]
