"""Exports that run in the background: the page shows their progress and keeps the file."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cddfund.periods import Period


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("รอคิว")
    RUNNING = "running", _("กำลังจัดทำ")
    DONE = "done", _("เสร็จแล้ว")
    FAILED = "failed", _("ไม่สำเร็จ")


class Export(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    report = models.CharField(_("รายงาน"), max_length=30)
    fiscal_year = models.PositiveSmallIntegerField(_("ปีงบประมาณ"))
    round = models.PositiveSmallIntegerField(_("รอบ"), default=0)  # 0: the whole fiscal year
    extension = models.CharField(max_length=4)
    # For the registers of every centre in an area: which register ("all" for every one) and
    # the province (empty when the user's own district or province is the area).
    register = models.CharField(_("ทะเบียน"), max_length=20, blank=True)
    province = models.ForeignKey(
        "cddfund.Province", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        _("สถานะ"), max_length=10, choices=ExportStatus.choices, default=ExportStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(default=0)
    file = models.FileField(upload_to="exports/", blank=True)
    error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__lte=100), name="reports_export_progress_percent"
            ),
            models.CheckConstraint(
                condition=Q(extension__in=["pdf", "xlsx"]), name="reports_export_extension"
            ),
            models.CheckConstraint(condition=Q(round__in=[0, 1, 2]), name="reports_export_round"),
        ]

    def __str__(self):
        parts = [self.report, self.register, self.province_id, self.period.code]
        return "-".join(p for p in parts if p) + f".{self.extension}"

    def get_absolute_url(self):
        return reverse("export_detail", args=[self.pk])

    @property
    def period(self) -> Period:
        return Period(self.fiscal_year, self.round)
