"""What the assessments add to the home page: a card and the lines of the work list."""

import datetime

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assessments import selectors
from assessments.models import Assessment, ProvinceSubmission, State
from cddfund import thai
from cddfund.registry import Card, Work
from cddfund.scope import Role
from institutes.models import Centre

SENT = (State.SUBMITTED, State.APPROVED)


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


def unsent_by_district(centres, fiscal_year: int) -> dict[str, int]:
    """Active centres of ``centres`` whose assessment of the year the district has not yet
    sent to the province (none, a draft, or one sent back), per district: one query."""
    rows = (
        centres.filter(status="active")
        .values("district_id")
        .annotate(
            total=Count("id"),
            sent=Count(
                "assessments",
                filter=Q(assessments__fiscal_year=fiscal_year, assessments__state__in=SENT),
            ),
        )
        .order_by()
    )
    return {r["district_id"]: r["total"] - r["sent"] for r in rows if r["total"] > r["sent"]}


def provinces_not_sent(centres, fiscal_year: int) -> set[str]:
    """Provinces of ``centres`` (with an active centre) that have not sent the year's summary."""
    sent = ProvinceSubmission.objects.filter(fiscal_year=fiscal_year).values("province_id")
    return set(
        centres.filter(status="active")
        .exclude(province_id__in=sent)
        .values_list("province_id", flat=True)
        .distinct()
        .order_by()
    )


def _when(due: datetime.date, today: datetime.date) -> tuple[str, bool]:
    """The note beside a line with a deadline, and whether it has passed."""
    if today > due:
        return _("เลยกำหนด %(due)s") % {"due": thai.format_date(due)}, True
    return _("กำหนด %(due)s (อีก %(days)s วัน)") % {
        "due": thai.format_date(due),
        "days": (due - today).days,
    }, False


def work(user, today: datetime.date | None = None) -> list[Work]:
    """The assessments' lines of the work list, by role (a few queries each)."""
    today = today or timezone.localdate()
    year = thai.fiscal_year(today)
    mine = Assessment.objects.visible_to(user)
    centres = Centre.objects.visible_to(user)
    if user.role == Role.DISTRICT:
        due = selectors.deadline_of(year)
        lines = [
            Work(
                mine.filter(state=State.RETURNED).count(),
                _("แบบประเมินที่จังหวัดส่งกลับให้แก้ไข"),
                reverse("assessment_returned"),
            )
        ]
        if today >= due.district_due - datetime.timedelta(days=due.remind_days):
            note, late = _when(due.district_due, today)
            lines.append(
                Work(
                    sum(unsent_by_district(centres, year).values()),
                    _("ศูนย์ที่ยังไม่ได้ส่งแบบประเมินปีงบประมาณ %(year)s ให้จังหวัด") % {"year": year},
                    f"{reverse('assessment_progress')}?year={year}",
                    note,
                    late,
                )
            )
        return lines
    if user.role == Role.PROVINCE:
        due = selectors.deadline_of(year)
        lines = [
            Work(
                mine.filter(state=State.SUBMITTED).count(),
                _("แบบประเมินรอจังหวัดตรวจ"),
                reverse("assessment_queue"),
            )
        ]
        if today > due.district_due:
            note, _late = _when(due.district_due, today)
            lines.append(
                Work(
                    len(unsent_by_district(centres, year)),
                    _("อำเภอที่ส่งแบบประเมินปีงบประมาณ %(year)s ล่าช้า") % {"year": year},
                    f"{reverse('assessment_progress')}?year={year}",
                    note,
                    True,
                )
            )
        if today >= due.province_due - datetime.timedelta(days=due.remind_days):
            note, late = _when(due.province_due, today)
            lines.append(
                Work(
                    len(provinces_not_sent(centres, year)),
                    _("ส่งสรุปผลการประเมินปีงบประมาณ %(year)s ให้กรมฯ") % {"year": year},
                    f"{reverse('assessment_progress')}?year={year}#province-summary",
                    note,
                    late,
                )
            )
        return lines
    if user.role in (Role.CENTRAL, Role.ADMIN):
        due = selectors.deadline_of(year)
        if today > due.province_due:
            note, _late = _when(due.province_due, today)
            return [
                Work(
                    len(provinces_not_sent(centres, year)),
                    _("จังหวัดที่ยังไม่ส่งสรุปผลการประเมินปีงบประมาณ %(year)s") % {"year": year},
                    f"{reverse('assessment_progress')}?year={year}",
                    note,
                    True,
                )
            ]
    return []
