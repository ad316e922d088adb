from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assessments.models import Assessment, State
from cddfund import thai
from cddfund.registry import Card
from cddfund.scope import Role


def cards(user) -> list[Card]:
    year = thai.fiscal_year(timezone.localdate())
    mine = Assessment.objects.visible_to(user)
    if user.role == Role.PROVINCE:
        waiting = mine.filter(state=State.SUBMITTED).count()
        return [Card(f"{waiting:,}", _("แบบประเมินรอจังหวัดตรวจ"), reverse("assessment_queue"))]
    approved = mine.of_centres().filter(fiscal_year=year, state=State.APPROVED).count()
    return [
        Card(
            f"{approved:,}",
            _("แบบประเมินที่อนุมัติแล้ว ปีงบประมาณ %(year)s") % {"year": year},
            reverse("assessment_progress"),
        )
    ]
