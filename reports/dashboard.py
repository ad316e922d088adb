"""What reports add to the home page's work list: the user's exports that finished lately, and
for central office the periods that have ended and wait to be closed."""

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cddfund.registry import Work
from cddfund.scope import Role
from reports.models import Export, ExportStatus
from reports.periods import period_rows

RECENT = datetime.timedelta(days=7)


def recent_exports(user):
    """The user's own exports of the last week, newest first (the report page lists them)."""
    return Export.objects.filter(user=user, created_at__gte=timezone.now() - RECENT)


def work(user) -> list[Work]:
    finished = recent_exports(user).filter(status=ExportStatus.DONE).count()
    lines = [
        Work(finished, _("ไฟล์รายงานที่จัดทำเสร็จแล้วในสัปดาห์นี้"), reverse("report_index") + "#exports")
    ]
    if user.role in (Role.CENTRAL, Role.ADMIN):
        ready = [row.period.label for row in period_rows() if row.can_close]
        lines.append(
            Work(
                len(ready),
                _("งวดที่สิ้นสุดแล้ว รอปิดงวด"),
                reverse("period_list"),
                ", ".join(ready[:3]),
            )
        )
    return lines
