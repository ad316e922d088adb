"""Reminders of the assessment deadlines, run by the job queue (``assessments/tasks.py``).

Before each deadline (``Deadline.remind_days`` ahead, set by central office) the districts with
centres not yet sent are reminded, and the provinces that have not sent their summary; every
week provincial staff get a digest of the late districts and the submissions waiting. Each
reminder carries a key (the deadline, or the week): however often the schedule runs, on however
many workers, a user gets it once (``cddfund.notifications.notify``).
"""

import datetime

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop

from assessments.models import Assessment, State
from assessments.selectors import deadline_of, progress_of
from cddfund import thai
from cddfund.models import District, User
from cddfund.notifications import Notice, send
from cddfund.scope import Role
from institutes.models import Centre

DISTRICT_REMINDER = gettext_noop(
    "อีก %(days)s วันถึงกำหนดส่งแบบประเมินปีงบประมาณ %(year)s ให้จังหวัด (%(due)s): "
    "อำเภอ%(district)sยังไม่ได้ส่ง %(count)s ศูนย์"
)
PROVINCE_REMINDER = gettext_noop(
    "อีก %(days)s วันถึงกำหนดส่งสรุปผลการประเมินปีงบประมาณ %(year)s ให้กรมฯ (%(due)s): จังหวัดยังไม่ได้ส่ง"
)
WEEKLY_DIGEST = gettext_noop(
    "สรุปประจำสัปดาห์ ปีงบประมาณ %(year)s: อำเภอที่ส่งแบบประเมินล่าช้า %(late)s อำเภอ%(names)s · "
    "แบบประเมินรอจังหวัดตรวจ %(waiting)s ฉบับ"
)


def _due(day: datetime.date, remind_days: int, today: datetime.date) -> bool:
    """Whether reminders of a deadline on ``day`` go out ``today`` (from ``remind_days``
    before it up to the day itself: a worker that was down on the first day still sends)."""
    return remind_days > 0 and day - datetime.timedelta(days=remind_days) <= today <= day


def _progress(year: int, level: str, due, today):
    """The country's progress rows (the progress page's rule of what is sent and late)."""
    rows, _total = progress_of(
        Centre.objects.all(),
        Assessment.objects.all(),
        year,
        level,
        (due.district_due, due.province_due),
        today,
    )
    return rows


def _staff(role: str, **area) -> list[tuple[int, str, str | None]]:
    """(account, province, district) of the active accounts of ``role`` in these areas."""
    return list(
        User.objects.filter(role=role, is_active=True, **area).values_list(
            "pk", "province_id", "district_id"
        )
    )


def deadline_reminders(today: datetime.date | None = None) -> int:
    """Remind the districts and provinces with work left before the year's deadlines; returns
    how many users were told this run (a handful of queries, however many districts)."""
    today = today or timezone.localdate()
    year = thai.fiscal_year(today)
    due = deadline_of(year)
    progress = reverse("assessment_progress") + f"?year={year}"
    told = 0
    if _due(due.district_due, due.remind_days, today):
        unsent = {r.key: r for r in _progress(year, "district", due, today) if r.not_sent}
        common = {
            "days": (due.district_due - today).days,
            "year": year,
            "due": thai.format_date(due.district_due),
        }
        notices = [
            Notice(
                pk,
                {**common, "district": unsent[district].label, "count": unsent[district].not_sent},
                province,
                district,
            )
            for pk, province, district in _staff(Role.DISTRICT, district_id__in=unsent)
        ]
        key = f"remind:district:{year}:{due.district_due.isoformat()}"
        told += send(DISTRICT_REMINDER, notices, url=progress, key=key)
    if _due(due.province_due, due.remind_days, today):
        waiting = [r.key for r in _progress(year, "province", due, today) if r.submission is None]
        params = {
            "days": (due.province_due - today).days,
            "year": year,
            "due": thai.format_date(due.province_due),
        }
        notices = [
            Notice(pk, params, province)
            for pk, province, _district in _staff(Role.PROVINCE, province_id__in=waiting)
        ]
        key = f"remind:province:{year}:{due.province_due.isoformat()}"
        told += send(PROVINCE_REMINDER, notices, url=progress + "#province-summary", key=key)
    return told


def weekly_digest(today: datetime.date | None = None) -> int:
    """Provincial staff: the week's late districts and the assessments waiting for them (only
    to provinces with something late or waiting); returns how many users were told."""
    today = today or timezone.localdate()
    year = thai.fiscal_year(today)
    due = deadline_of(year)
    late_rows = [r for r in _progress(year, "district", due, today) if r.late]
    province_of = dict(
        District.objects.filter(pk__in=[r.key for r in late_rows]).values_list("pk", "province_id")
    )
    late: dict[str, list[str]] = {}
    for row in late_rows:
        late.setdefault(province_of[row.key], []).append(row.label)
    waiting = dict(
        Assessment.objects.filter(state=State.SUBMITTED)
        .values("province_id")
        .annotate(n=Count("id"))
        .values_list("province_id", "n")
        .order_by()
    )
    week = today.isocalendar()
    notices = []
    for pk, province, _district in _staff(Role.PROVINCE, province_id__in=set(late) | set(waiting)):
        names = late.get(province, [])
        params = {
            "year": year,
            "late": len(names),
            "names": f" ({', '.join(names[:10])})" if names else "",
            "waiting": waiting.get(province, 0),
        }
        notices.append(Notice(pk, params, province))
    url = reverse("assessment_progress") + f"?year={year}"
    return send(WEEKLY_DIGEST, notices, url=url, key=f"digest:{week.year}-W{week.week:02d}")
