"""What the assessments add to the home page: a card and the lines of the work list."""

import datetime

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assessments import selectors
from assessments.models import Assessment, State
from cddfund import thai
from cddfund.registry import Card, Work
from cddfund.scope import Role
from cddfund.selectors import tallied_or


def cards(user) -> list[Card]:
    year = thai.fiscal_year(timezone.localdate())
    mine = Assessment.objects.visible_to(user)
    if user.role == Role.PROVINCE:
        waiting = mine.filter(state=State.SUBMITTED).count()
        return [Card(f"{waiting:,}", _("แบบประเมินรอจังหวัดตรวจ"), reverse("assessment_queue"))]
    approved = tallied_or(
        user, f"approved_{year}", mine.of_centres().filter(fiscal_year=year, state=State.APPROVED)
    )
    return [
        Card(
            f"{approved:,}",
            _("แบบประเมินที่อนุมัติแล้ว ปีงบประมาณ %(year)s") % {"year": year},
            reverse("assessment_progress"),
        )
    ]


def approved_by_district(year: int):
    """The assessments of centres approved in ``year``, per district (a tally)."""
    return (
        Assessment.objects.of_centres()
        .filter(fiscal_year=year, state=State.APPROVED)
        .order_by()
        .values("district_id")
        .annotate(n=Count("id"))
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
    """The assessments' lines of the work list, by role. Lateness is the progress page's own
    (``selectors.progress``), counted whatever the day, so the page takes the same queries all
    year; the deadline lines show from ``remind_days`` before each deadline."""
    today = today or timezone.localdate()
    year = thai.fiscal_year(today)
    due = selectors.deadline_of(year)
    dates = (due.district_due, due.province_due)
    ahead = datetime.timedelta(days=due.remind_days)
    progress_url = f"{reverse('assessment_progress')}?year={year}"
    mine = Assessment.objects.visible_to(user)
    if user.role == Role.DISTRICT:
        _rows, total = selectors.progress(user, year, "district", dates, today)
        lines = [
            Work(
                mine.filter(state=State.RETURNED).count(),
                _("แบบประเมินที่จังหวัดส่งกลับให้แก้ไข"),
                reverse("assessment_returned"),
            )
        ]
        if today >= due.district_due - ahead:
            note, late = _when(due.district_due, today)
            lines.append(
                Work(
                    total.not_sent,
                    _("ศูนย์ที่ยังไม่ได้ส่งแบบประเมินปีงบประมาณ %(year)s ให้จังหวัด") % {"year": year},
                    progress_url,
                    note,
                    late,
                )
            )
        return lines
    if user.role == Role.PROVINCE:
        rows, _total = selectors.progress(user, year, "district", dates, today)
        sent = selectors.province_submission(user, year)
        lines = [
            Work(
                mine.filter(state=State.SUBMITTED).count(),
                _("แบบประเมินรอจังหวัดตรวจ"),
                reverse("assessment_queue"),
            ),
            Work(
                sum(row.late for row in rows),
                _("อำเภอที่ส่งแบบประเมินปีงบประมาณ %(year)s ล่าช้า") % {"year": year},
                progress_url,
                _when(due.district_due, today)[0],
                True,
            ),
        ]
        if today >= due.province_due - ahead:
            note, late = _when(due.province_due, today)
            lines.append(
                Work(
                    0 if sent else 1,
                    _("ส่งสรุปผลการประเมินปีงบประมาณ %(year)s ให้กรมฯ") % {"year": year},
                    f"{progress_url}#province-summary",
                    note,
                    late,
                )
            )
        return lines
    if user.role in (Role.CENTRAL, Role.ADMIN):
        return [
            Work(
                len(selectors.late_provinces(user, year, dates, today)),
                _("จังหวัดที่ยังไม่ส่งสรุปผลการประเมินปีงบประมาณ %(year)s") % {"year": year},
                progress_url,
                _when(due.province_due, today)[0],
                True,
            )
        ]
    return []
