"""Exports that run in the background: the page shows their progress and keeps the file."""

import pgtrigger
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cddfund.periods import Period
from cddfund.scope import ScopedQuerySet, ScopeFields


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
    # "region": by inspection region; "province": a row per province (reports.data.GROUPS)
    grouping = models.CharField(max_length=10, blank=True)
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
                condition=Q(extension__in=["pdf", "xlsx", "zip"]), name="reports_export_extension"
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


def kept_as_written(name: str):
    """A closed period's figures and what was issued from them never change once written."""
    return pgtrigger.Protect(name=name, operation=pgtrigger.Update | pgtrigger.Delete)


class SnapshotLevel(models.TextChoices):
    CENTRE = "centre", _("ศูนย์")
    DISTRICT = "district", _("อำเภอ")
    PROVINCE = "province", _("จังหวัด")
    COUNTRY = "country", _("ทั้งประเทศ")


class Snapshot(models.Model):
    """One report's figures for a closed period, written when central office closed it and
    never changed: reports of the period read them (reports/snapshots.py). ``checksum`` is the
    SHA-256 of its rows, in the order and form ``snapshots.canonical`` gives them."""

    closing = models.ForeignKey(
        "cddfund.PeriodClosing", on_delete=models.PROTECT, related_name="snapshots"
    )
    report = models.CharField(_("รายงาน"), max_length=30)
    checksum = models.CharField(_("ค่าตรวจสอบ (SHA-256)"), max_length=64)
    notes = models.JSONField(default=list)  # the report's notes as they read when it was kept
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["closing", "report"]
        constraints = [
            models.UniqueConstraint(
                fields=["closing", "report"], name="reports_snapshot_once_per_closing"
            ),
            models.CheckConstraint(
                condition=Q(checksum__regex=r"^[0-9a-f]{64}$"), name="reports_snapshot_checksum"
            ),
        ]
        triggers = [kept_as_written("snapshot_kept")]

    def __str__(self):
        return f"{self.report} {self.closing}"


class SnapshotRow(models.Model):
    """A row of a snapshot: a district's figures, a province's subtotal or the country's total,
    with the codes that scope it to who may read it."""

    snapshot = models.ForeignKey(Snapshot, on_delete=models.CASCADE, related_name="rows")
    level = models.CharField(max_length=10, choices=SnapshotLevel.choices)
    position = models.PositiveIntegerField()
    province = models.ForeignKey(
        "cddfund.Province", on_delete=models.PROTECT, null=True, related_name="+"
    )
    district = models.ForeignKey(
        "cddfund.District", on_delete=models.PROTECT, null=True, related_name="+"
    )
    centre = models.ForeignKey(
        "institutes.Centre", on_delete=models.PROTECT, null=True, related_name="+"
    )
    figures = models.JSONField()  # column key → value; amounts and percentages as text

    scope_fields = ScopeFields(province="province", district="district")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["snapshot", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["snapshot", "position"], name="reports_snapshotrow_position"
            ),
            models.CheckConstraint(
                condition=Q(level__in=SnapshotLevel.values), name="reports_snapshotrow_level"
            ),
            models.CheckConstraint(
                condition=(
                    Q(level="centre", district__isnull=False, centre__isnull=False)
                    | Q(level="district", district__isnull=False, centre__isnull=True)
                    | Q(level="province", province__isnull=False, district__isnull=True)
                    | Q(level="country", province__isnull=True, district__isnull=True)
                )
                & (Q(level="country") | Q(province__isnull=False))
                & (Q(level="centre") | Q(centre__isnull=True)),
                name="reports_snapshotrow_area_matches_level",
            ),
        ]
        indexes = [
            models.Index(
                fields=["snapshot", "level", "province", "district"],
                name="reports_snapshotrow_scope",
            )
        ]
        triggers = [kept_as_written("snapshot_row_kept")]

    def __str__(self):
        return f"{self.snapshot}: {self.figures.get('label', '')}"


class IssuedDocument(models.Model):
    """A PDF or Excel file of a closed period, as the system handed it out: its code (printed
    on it, with a QR code of its verification page) and the SHA-256 of its bytes, so a reader
    can check that a printed or e-mailed report is the one the system produced."""

    code = models.CharField(_("รหัสตรวจสอบ"), max_length=14, unique=True)
    snapshot = models.ForeignKey(Snapshot, on_delete=models.PROTECT, related_name="documents")
    round = models.PositiveSmallIntegerField(_("รอบ"), default=0)  # as asked: 2 reads the year's
    extension = models.CharField(max_length=4)
    # "region": by inspection region; "province": a row per province (reports.data.GROUPS)
    grouping = models.CharField(max_length=10, blank=True)
    area_label = models.CharField(_("พื้นที่"), max_length=200)
    province = models.ForeignKey(
        "cddfund.Province", on_delete=models.PROTECT, null=True, related_name="+"
    )
    district = models.ForeignKey(
        "cddfund.District", on_delete=models.PROTECT, null=True, related_name="+"
    )
    sha256 = models.CharField(max_length=64, db_index=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-issued_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(extension__in=["pdf", "xlsx"]), name="reports_issued_extension"
            ),
            models.CheckConstraint(
                condition=Q(sha256__regex=r"^[0-9a-f]{64}$"), name="reports_issued_sha256"
            ),
            models.CheckConstraint(condition=Q(round__in=[0, 1, 2]), name="reports_issued_round"),
        ]
        triggers = [kept_as_written("issued_document_kept")]

    def __str__(self):
        return self.code

    def get_absolute_url(self):
        return reverse("verify_document", args=[self.code])
