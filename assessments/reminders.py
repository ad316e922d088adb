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

from assessments.dashboard import provinces_not_sent, unsent_by_district
from assessments.models import Assessment, State
from assessments.selectors import deadline_of
from cddfund import thai
from cddfund.models import District
from cddfund.notifications import notify, staff_over
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


def deadline_reminders(today: datetime.date | None = None) -> int:
    """Remind the districts and provinces with work left before the year's deadlines; returns
    how many users were told this run."""
    today = today or timezone.localdate()
    year = thai.fiscal_year(today)
    due = deadline_of(year)
    progress = reverse("assessment_progress") + f"?year={year}"
    told = 0
    if _due(due.district_due, due.remind_days, today):
        unsent = unsent_by_district(Centre.objects.all(), year)
        names = dict(District.objects.filter(pk__in=unsent).values_list("pk", "name_th"))
        provinces = dict(District.objects.filter(pk__in=unsent).values_list("pk", "province_id"))
        for district_id, count in sorted(unsent.items()):
            told += notify(
                staff_over(province_id=None, district_id=district_id),
                DISTRICT_REMINDER,
                params={
                    "days": (due.district_due - today).days,
                    "year": year,
                    "due": thai.format_date(due.district_due),
                    "district": names[district_id],
                    "count": count,
                },
                url=progress,
                province_id=provinces[district_id],
                district_id=district_id,
                key=f"remind:district:{year}:{due.district_due.isoformat()}",
            )
    if _due(due.province_due, due.remind_days, today):
        for province_id in sorted(provinces_not_sent(Centre.objects.all(), year)):
            told += notify(
                staff_over(province_id=province_id, district_id=None, roles=(Role.PROVINCE,)),
                PROVINCE_REMINDER,
                params={
                    "days": (due.province_due - today).days,
                    "year": year,
                    "due": thai.format_date(due.province_due),
                },
                url=progress + "#province-summary",
                province_id=province_id,
                key=f"remind:province:{year}:{due.province_due.isoformat()}",
            )
    return told


def weekly_digest(today: datetime.date | None = None) -> int:
    """Provincial staff: the week's late districts and the assessments waiting for them (only
    to provinces with something late or waiting); returns how many users were told."""
    today = today or timezone.localdate()
    year = thai.fiscal_year(today)
    due = deadline_of(year)
    late: dict[str, list[str]] = {}
    if today > due.district_due:
        unsent = unsent_by_district(Centre.objects.all(), year)
        for district in District.objects.filter(pk__in=unsent).order_by("name_th"):
            late.setdefault(district.province_id, []).append(district.name_th)
    waiting = dict(
        Assessment.objects.filter(state=State.SUBMITTED)
        .values("province_id")
        .annotate(n=Count("id"))
        .values_list("province_id", "n")
        .order_by()
    )
    week = today.isocalendar()
    told = 0
    for province_id in sorted(set(late) | set(waiting)):
        names = late.get(province_id, [])
        told += notify(
            staff_over(province_id=province_id, district_id=None, roles=(Role.PROVINCE,)),
            WEEKLY_DIGEST,
            params={
                "year": year,
                "late": len(names),
                "names": f" ({', '.join(names[:10])})" if names else "",
                "waiting": waiting.get(province_id, 0),
            },
            url=reverse("assessment_progress") + f"?year={year}",
            province_id=province_id,
            key=f"digest:{week.year}-W{week.week:02d}",
        )
    return told
