"""What the Excel import adds to the home page's work list: files checked and waiting for the
officer to confirm, and imports that finished lately."""

import datetime

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cddfund.registry import Work
from imports.models import ImportJob, ImportStatus

RECENT = datetime.timedelta(days=7)


def work(user) -> list[Work]:
    counts = ImportJob.objects.filter(user=user).aggregate(
        checked=Count("id", filter=Q(status=ImportStatus.CHECKED)),
        finished=Count(
            "id",
            filter=Q(
                status__in=[ImportStatus.DONE, ImportStatus.FAILED],
                finished_at__gte=timezone.now() - RECENT,
            ),
        ),
    )
    url = reverse("import_index")
    return [
        Work(counts["checked"], _("ไฟล์ Excel ที่ตรวจแล้ว รอยืนยันการนำเข้า"), url),
        Work(counts["finished"], _("การนำเข้า Excel ที่จบแล้วในสัปดาห์นี้"), url),
    ]
