"""Assessments against an indicator set: the yearly development-level assessment of each centre,
and the two instruments a savings group chosen for the SMART Saving Group programme is assessed
with (seed 002).

Indicator sets are data, loaded from a file by central office, never code: a set holds its
instrument, areas, indicators, criteria with their points, and the thresholds that turn a
percentage into a level. An assessment keeps the set it was made with, so a new set never
changes old results. Every instrument shares the same scoring, review workflow, evidence and
development plan.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cddfund.closing import ClosedPeriodGuard
from cddfund.scope import AreaScoped, ScopedQuerySet, ScopeFields
from cddfund.tracking import tracked
from cddfund.uploads import DocumentField
from institutes.models import Centre, SsgSelection


class Instrument(models.TextChoices):
    """What a set assesses: a centre, or a savings group of the programme (two instruments)."""

    CENTRE = "centre", _("แบบประเมินจัดระดับการพัฒนาศูนย์จัดการกองทุนชุมชน")
    GOVERNANCE = "governance", _("แบบประเมินศักยภาพกลุ่มออมทรัพย์เพื่อการผลิตตามหลักธรรมาภิบาล")
    STANDARD = "ssg", _("แบบประเมินกระบวนการพัฒนากลุ่มออมทรัพย์เพื่อการผลิตสู่ระดับมาตรฐาน (SSG)")


# The instruments of a savings group chosen for the programme, in the forum's order (4.3, 4.4).
GROUP_INSTRUMENTS = (Instrument.GOVERNANCE, Instrument.STANDARD)


class IndicatorSet(models.Model):
    name = models.CharField(_("ชื่อชุดตัวชี้วัด"), max_length=200)
    instrument = models.CharField(
        _("ใช้ประเมิน"), max_length=12, choices=Instrument.choices, default=Instrument.CENTRE
    )
    applies_from = models.PositiveSmallIntegerField(_("ใช้ตั้งแต่ปีงบประมาณ"))
    provisional = models.BooleanField(_("เกณฑ์ชั่วคราว"), default=False)
    source = models.TextField(_("ไฟล์ต้นฉบับ"))
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-applies_from", "-id"]
        verbose_name = _("ชุดตัวชี้วัด")
        verbose_name_plural = _("ชุดตัวชี้วัด")
        constraints = [
            models.UniqueConstraint(
                fields=["name", "applies_from"], name="assessments_set_unique_name_year"
            ),
            models.CheckConstraint(
                condition=Q(instrument__in=Instrument.values), name="assessments_set_instrument"
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.applies_from})"

    def get_absolute_url(self):
        return reverse("indicator_set_detail", args=[self.pk])

    @property
    def for_groups(self) -> bool:
        return self.instrument in GROUP_INSTRUMENTS


class Level(models.Model):
    indicator_set = models.ForeignKey(IndicatorSet, on_delete=models.CASCADE, related_name="levels")
    level = models.PositiveSmallIntegerField(_("ระดับ"))
    name = models.CharField(_("ชื่อระดับ"), max_length=100)
    min_percent = models.DecimalField(_("ร้อยละขั้นต่ำ"), max_digits=5, decimal_places=2)

    class Meta:
        ordering = ["-min_percent"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator_set", "level"], name="assessments_level_unique"
            ),
            models.UniqueConstraint(
                fields=["indicator_set", "min_percent"], name="assessments_level_unique_threshold"
            ),
            models.CheckConstraint(
                condition=Q(min_percent__gte=0, min_percent__lte=100),
                name="assessments_level_percent_range",
            ),
        ]

    def __str__(self):
        return f"{self.level} {self.name}"


class Area(models.Model):
    indicator_set = models.ForeignKey(IndicatorSet, on_delete=models.CASCADE, related_name="areas")
    number = models.PositiveSmallIntegerField(_("ด้านที่"))
    name = models.CharField(_("ชื่อด้าน"), max_length=200)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator_set", "number"], name="assessments_area_unique"
            )
        ]

    def __str__(self):
        return f"ด้านที่ {self.number} {self.name}"


class Indicator(models.Model):
    indicator_set = models.ForeignKey(
        IndicatorSet, on_delete=models.CASCADE, related_name="indicators"
    )
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="indicators")
    number = models.PositiveSmallIntegerField(_("ตัวชี้วัดที่"))
    name = models.CharField(_("ชื่อตัวชี้วัด"), max_length=300)
    definition = models.TextField(_("คำอธิบาย"), blank=True)
    provisional = models.BooleanField(_("เกณฑ์ชั่วคราว"), default=False)
    suggest = models.CharField(_("ข้อมูลที่ใช้เสนอคำตอบ"), max_length=30, blank=True)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator_set", "number"], name="assessments_indicator_unique"
            )
        ]

    def __str__(self):
        return f"{self.number}. {self.name}"


class Criterion(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="criteria")
    points = models.PositiveSmallIntegerField(_("คะแนน"))
    text = models.CharField(_("เกณฑ์"), max_length=500)

    class Meta:
        ordering = ["-points"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "points"], name="assessments_criterion_unique"
            )
        ]

    def __str__(self):
        return f"{self.points}: {self.text}"


class State(models.TextChoices):
    DRAFT = "draft", _("ร่าง")
    SUBMITTED = "submitted", _("ส่งจังหวัดแล้ว")
    RETURNED = "returned", _("ส่งกลับให้แก้ไข")
    APPROVED = "approved", _("จังหวัดอนุมัติแล้ว")


class AssessmentQuerySet(ScopedQuerySet):
    def of_centres(self):
        return self.filter(instrument=Instrument.CENTRE)

    def of_groups(self):
        return self.filter(instrument__in=GROUP_INSTRUMENTS)


@tracked()
class Assessment(AreaScoped):
    """A centre's assessment of a fiscal year, or a chosen savings group's assessment with one
    of the programme's instruments (its fiscal year is the selection's)."""

    instrument = models.CharField(
        _("แบบประเมิน"), max_length=12, choices=Instrument.choices, default=Instrument.CENTRE
    )
    centre = models.ForeignKey(
        Centre,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assessments",
        verbose_name=_("ศูนย์"),
    )
    selection = models.ForeignKey(
        SsgSelection,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assessments",
        verbose_name=_("กลุ่มเป้าหมาย SMART Saving Group"),
    )
    fiscal_year = models.PositiveSmallIntegerField(_("ปีงบประมาณ"))
    indicator_set = models.ForeignKey(
        IndicatorSet,
        on_delete=models.PROTECT,
        related_name="assessments",
        verbose_name=_("ชุดตัวชี้วัด"),
    )
    state = models.CharField(_("สถานะ"), max_length=10, choices=State.choices, default=State.DRAFT)
    score = models.PositiveSmallIntegerField(_("คะแนนรวม"), default=0)
    max_score = models.PositiveSmallIntegerField(_("คะแนนเต็ม"), default=0)
    percent = models.DecimalField(_("ร้อยละ"), max_digits=5, decimal_places=2, default=0)
    level = models.ForeignKey(
        Level,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ระดับ"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["-fiscal_year", "id"]
        verbose_name = _("การประเมินระดับการพัฒนา")
        verbose_name_plural = _("การประเมินระดับการพัฒนา")
        constraints = [
            models.UniqueConstraint(
                fields=["centre", "fiscal_year"],
                condition=Q(centre__isnull=False),
                name="assessments_one_per_centre_and_year",
            ),
            models.UniqueConstraint(
                fields=["selection", "instrument"],
                condition=Q(selection__isnull=False),
                name="assessments_one_per_group_instrument",
            ),
            models.CheckConstraint(
                condition=Q(
                    instrument=Instrument.CENTRE, centre__isnull=False, selection__isnull=True
                )
                | Q(instrument__in=GROUP_INSTRUMENTS, centre__isnull=True, selection__isnull=False),
                name="assessments_subject_of_instrument",
            ),
            models.CheckConstraint(
                condition=Q(state__in=State.values), name="assessments_state_valid"
            ),
            models.CheckConstraint(
                condition=Q(score__lte=F("max_score")), name="assessments_score_within_max"
            ),
        ]
        indexes = [
            models.Index(fields=["fiscal_year", "district", "state"], name="assessments_progress"),
            models.Index(fields=["fiscal_year", "province", "state"], name="assessments_queue"),
        ]
        triggers = [ClosedPeriodGuard(dates=("fy:fiscal_year",))]

    def __str__(self):
        return f"{self.subject} ปีงบประมาณ {self.fiscal_year}"

    def get_absolute_url(self):
        return reverse("assessment_detail", args=[self.pk])

    @property
    def subject(self):
        """What is assessed: the centre, or the chosen savings group."""
        return self.centre if self.selection_id is None else self.selection.group

    @property
    def for_group(self) -> bool:
        return self.instrument in GROUP_INSTRUMENTS


@tracked()
class Answer(AreaScoped):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    criterion = models.ForeignKey(
        Criterion, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    suggested = models.ForeignKey(
        Criterion, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    suggestion_evidence = models.TextField(_("หลักฐานจากทะเบียน"), blank=True)
    override_reason = models.CharField(_("เหตุผลที่ไม่ใช้ค่าที่ระบบเสนอ"), max_length=300, blank=True)
    note = models.CharField(_("หมายเหตุ"), max_length=500, blank=True)
    evidence = DocumentField(_("หลักฐาน"), blank=True)
    return_comment = models.CharField(_("ความเห็นจังหวัด"), max_length=500, blank=True)

    class Meta:
        ordering = ["indicator__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "indicator"], name="assessments_answer_unique"
            )
        ]

    def __str__(self):
        return f"{self.assessment}: {self.indicator}"


class Transition(models.Model):
    """Who moved an assessment from one state to another, when, and why."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="transitions")
    from_state = models.CharField(max_length=10, choices=State.choices)
    to_state = models.CharField(max_length=10, choices=State.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    comment = models.CharField(_("เหตุผล/ความเห็น"), max_length=500, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.from_state} → {self.to_state}"


class PlanStatus(models.TextChoices):
    TODO = "todo", _("ยังไม่เริ่ม")
    DOING = "doing", _("กำลังดำเนินการ")
    DONE = "done", _("เสร็จแล้ว")


@tracked()
class PlanItem(AreaScoped):
    """แผนการพัฒนา: one item for every indicator below full marks."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="plan_items")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(_("สิ่งที่จะทำ"), max_length=500, blank=True)
    who = models.CharField(_("ผู้รับผิดชอบ"), max_length=200, blank=True)
    due = models.DateField(_("กำหนดเสร็จ"), null=True, blank=True)
    status = models.CharField(
        _("สถานะ"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.TODO
    )

    class Meta:
        ordering = ["indicator__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "indicator"], name="assessments_plan_item_unique"
            )
        ]

    def __str__(self):
        return f"{self.indicator}: {self.action}"


# How many days before each deadline the districts and provinces with work left are reminded
# (assessments/reminders.py), unless central office sets another number for the year.
DEFAULT_REMIND_DAYS = 7
MAX_REMIND_DAYS = 60


class Deadline(models.Model):
    """When districts and provinces must be done with a fiscal year's assessments."""

    fiscal_year = models.PositiveSmallIntegerField(_("ปีงบประมาณ"), unique=True)
    district_due = models.DateField(_("อำเภอส่งจังหวัดภายใน"))
    province_due = models.DateField(_("จังหวัดส่งกรมฯ ภายใน"))
    remind_days = models.PositiveSmallIntegerField(
        _("แจ้งเตือนล่วงหน้า (วัน)"), default=DEFAULT_REMIND_DAYS
    )

    class Meta:
        ordering = ["-fiscal_year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(remind_days__lte=MAX_REMIND_DAYS),
                name="assessments_deadline_remind_days",
            ),
            models.CheckConstraint(
                condition=Q(province_due__gte=F("district_due")),
                name="assessments_deadline_order",
            ),
        ]

    def __str__(self):
        return str(self.fiscal_year)


@tracked()
class ProvinceSubmission(models.Model):
    """A province sends its summary of a fiscal year's assessments to central office (by 30
    March, seed 004): after approving its centres, or with a note on those still missing. The
    counts are those of the day it was sent."""

    province = models.ForeignKey(
        "cddfund.Province", on_delete=models.PROTECT, related_name="+", verbose_name=_("จังหวัด")
    )
    fiscal_year = models.PositiveSmallIntegerField(_("ปีงบประมาณ"))
    centres = models.PositiveIntegerField(_("ศูนย์"))
    approved = models.PositiveIntegerField(_("อนุมัติแล้ว"))
    note = models.CharField(_("หมายเหตุศูนย์ที่ยังไม่ได้อนุมัติ"), max_length=1000, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("ส่งเมื่อ"), auto_now_add=True)

    scope_fields = ScopeFields(province="province", district=None)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-fiscal_year", "province"]
        verbose_name = _("การส่งสรุปผลของจังหวัด")
        verbose_name_plural = _("การส่งสรุปผลของจังหวัด")
        constraints = [
            models.UniqueConstraint(
                fields=["province", "fiscal_year"], name="assessments_province_submits_once"
            ),
            models.CheckConstraint(
                condition=Q(approved__lte=F("centres")), name="assessments_submission_counts"
            ),
            models.CheckConstraint(
                condition=Q(approved=F("centres")) | ~Q(note=""),
                name="assessments_submission_missing_noted",
            ),
        ]
        triggers = [ClosedPeriodGuard(dates=("fy:fiscal_year",))]

    def __str__(self):
        return f"{self.province} {self.fiscal_year}"
