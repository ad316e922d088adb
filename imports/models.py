"""An uploaded workbook and what became of it: checked, confirmed, imported."""

import uuid

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cddfund.models import User


class ImportStatus(models.TextChoices):
    CHECKING = "checking", _("กำลังตรวจไฟล์")
    CHECKED = "checked", _("ตรวจแล้ว รอยืนยัน")
    IMPORTING = "importing", _("กำลังนำเข้า")
    DONE = "done", _("นำเข้าแล้ว")
    FAILED = "failed", _("ไม่สำเร็จ")


def import_path(instance, filename: str) -> str:
    return f"imports/{uuid.uuid4().hex}.xlsx"


class ImportJob(models.Model):
    """An uploaded workbook: checked in full first (dry run), imported once confirmed. The file
    is kept; the records it wrote name it in their audit trail."""

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    file = models.FileField(upload_to=import_path)
    original_name = models.CharField(_("ชื่อไฟล์"), max_length=200)
    status = models.CharField(
        _("สถานะ"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.CHECKING
    )
    progress_rows = models.PositiveIntegerField(default=0)
    total_rows = models.PositiveIntegerField(null=True, blank=True)
    checked = models.JSONField(_("ผลการตรวจ"), null=True, blank=True)
    imported = models.JSONField(_("ผลการนำเข้า"), null=True, blank=True)
    error = models.CharField(max_length=500, blank=True)
    check_seconds = models.FloatField(null=True, blank=True)
    import_seconds = models.FloatField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "cddfund_importjob"  # created by the core before this app had its own room
        ordering = ["-created_at"]
        verbose_name = _("การนำเข้าจาก Excel")
        verbose_name_plural = _("การนำเข้าจาก Excel")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ImportStatus.values), name="cddfund_importjob_status_valid"
            )
        ]

    def __str__(self):
        return self.original_name

    def get_absolute_url(self):
        return reverse("import_detail", args=[self.pk])

    @property
    def percent(self) -> int | None:
        if not self.total_rows:
            return None
        return min(100, 100 * self.progress_rows // self.total_rows)
