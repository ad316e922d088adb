"""The debt-management programme of seed 004 around the registers ("สำนึกดี แผนดี บริหารหนี้ได้").

- ``DebtPlan``: the centre's debt-management plan of a fiscal year: the board's analysis of its
  debtors, how many target households it takes on, the menu of options per debtor class
  (``PlanOption``), approved at a recorded board meeting.
- The support of each target household, every piece dated so that the figures follow the
  periods: the financial-discipline course (``TrainingCourse``, the seed's three days and
  topics) and who attended how many days (``TrainingAttendance``); the months of household
  accounts kept (``AccountMonth``); the household life plan (``LifePlan``, its document); the
  occupation support (``OccupationSupport``: what, when, by whom, the amount and what came back
  to the group).

A target household's ``trained_on``, ``has_life_plan`` and ``keeps_accounts`` are kept up to date
from these records by their services (``debts/services/programme.py``).
"""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from cddfund.closing import ClosedPeriodGuard
from cddfund.scope import AreaScoped
from cddfund.tracking import tracked
from cddfund.uploads import DocumentField
from debts.models.households import MONEY, DebtorClass, TargetHousehold
from institutes.models import BoardMember, Centre, Meeting


@tracked()
class DebtPlan(AreaScoped):
    """แผนการบริหารจัดการหนี้ของศูนย์จัดการกองทุนชุมชน (evidence item 2 of seed 004)."""

    centre = models.ForeignKey(
        Centre, on_delete=models.PROTECT, related_name="debt_plans", verbose_name=_("ศูนย์")
    )
    fiscal_year = models.PositiveSmallIntegerField(_("ปีงบประมาณ"))
    analysis = models.TextField(_("ผลการวิเคราะห์ข้อมูลลูกหนี้ของคณะกรรมการ"))
    targets = models.PositiveIntegerField(_("ครัวเรือนเป้าหมายตามแผน"))
    approved_at = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("อนุมัติในการประชุมคณะกรรมการ"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-fiscal_year"]
        verbose_name = _("แผนการบริหารจัดการหนี้")
        verbose_name_plural = _("แผนการบริหารจัดการหนี้")
        constraints = [
            models.UniqueConstraint(
                fields=["centre", "fiscal_year"], name="debts_debtplan_one_per_year"
            ),
            models.CheckConstraint(condition=Q(targets__gte=1), name="debts_debtplan_targets"),
            models.CheckConstraint(
                condition=Q(fiscal_year__gte=2500, fiscal_year__lte=2700),
                name="debts_debtplan_fiscal_year_be",
            ),
        ]
        triggers = [ClosedPeriodGuard(dates=("fy:fiscal_year",))]

    def __str__(self):
        return f"{self.centre} {self.fiscal_year}"


class OptionKind(models.TextChoices):
    CHANGE_TERMS = "change_terms", _("ปรับลดดอกเบี้ย/ยืดระยะเวลาผ่อนชำระ")
    TRANSFER = "transfer", _("โอนภาระหนี้ไปยังกลุ่มสมาชิก")
    CONSOLIDATE = "consolidate", _("รวมหนี้หลายสัญญาเป็นสัญญาเดียว")
    OTHER = "other", _("อื่น ๆ")


@tracked()
class PlanOption(AreaScoped):
    """One option of the plan's menu for a class of debtors (เมนูทางเลือก, follow-up issue 5)."""

    plan = models.ForeignKey(DebtPlan, on_delete=models.CASCADE, related_name="options")
    debtor_class = models.ForeignKey(
        DebtorClass, on_delete=models.PROTECT, related_name="+", verbose_name=_("ประเภทลูกหนี้")
    )
    kind = models.CharField(_("ทางเลือก"), max_length=15, choices=OptionKind.choices)
    description = models.CharField(_("รายละเอียด"), max_length=300, blank=True)

    class Meta:
        ordering = ["debtor_class__order", "kind"]
        verbose_name = _("ทางเลือกของลูกหนี้")
        verbose_name_plural = _("เมนูทางเลือกของลูกหนี้")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "debtor_class", "kind"], name="debts_planoption_once"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=OptionKind.values), name="debts_planoption_kind_valid"
            ),
        ]

    def __str__(self):
        return f"{self.debtor_class}: {self.get_kind_display()}"


class Topic(models.TextChoices):
    """The financial-discipline course's content (seed 004, three days)."""

    SPENDING = "spending", _("การวิเคราะห์/วางแผนการใช้จ่ายทางการเงิน")
    MOTIVATION = "motivation", _("การสร้างแรงจูงใจในการปรับปรุงพฤติกรรมทางการเงิน")
    SAVING = "saving", _("การส่งเสริมการออม")
    ACCOUNTS = "accounts", _("การจัดทำบัญชีครัวเรือน")
    SUFFICIENCY = "sufficiency", _("การดำเนินชีวิตตามหลักปรัชญาของเศรษฐกิจพอเพียง")
    DEBT = "debt", _("การบริหารจัดการหนี้ (รู้สภาพหนี้ เทคนิคยุบ/ย้าย/ขยาย การวางแผนหนี้เชิงรุก)")
    LIFE_PLAN = "life_plan", _("การจัดทำแผนพัฒนาชีวิตครัวเรือน")


COURSE_DAYS = 3  # the seed's course: three days


class Audience(models.TextChoices):
    TARGETS = "targets", _("ครัวเรือนเป้าหมาย (วินัยทางการเงิน)")
    BOARD = "board", _("คณะกรรมการศูนย์ (พัฒนาศักยภาพคณะกรรมการ)")


@tracked()
class TrainingCourse(AreaScoped):
    """A financial-discipline course a district holds for a centre's target households."""

    centre = models.ForeignKey(
        Centre, on_delete=models.PROTECT, related_name="training_courses", verbose_name=_("ศูนย์")
    )
    fiscal_year = models.PositiveSmallIntegerField(_("ปีงบประมาณ"))
    audience = models.CharField(
        _("ผู้เข้าอบรม"), max_length=10, choices=Audience.choices, default=Audience.TARGETS
    )
    starts_on = models.DateField(_("วันแรกของการอบรม"))
    days = models.PositiveSmallIntegerField(_("จำนวนวัน"), default=COURSE_DAYS)
    venue = models.CharField(_("สถานที่"), max_length=200)
    trainers = models.CharField(_("วิทยากร"), max_length=300, blank=True)
    topics = ArrayField(
        models.CharField(max_length=15, choices=Topic.choices),
        verbose_name=_("หัวข้อที่อบรม"),
        default=list,
        blank=True,
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("การอบรมวินัยทางการเงิน")
        verbose_name_plural = _("การอบรมวินัยทางการเงิน")
        constraints = [
            models.CheckConstraint(
                condition=Q(days__gte=1, days__lte=10), name="debts_course_days_range"
            ),
            models.CheckConstraint(
                condition=Q(topics__contained_by=Topic.values), name="debts_course_topics_known"
            ),
            models.CheckConstraint(
                condition=Q(audience__in=Audience.values), name="debts_course_audience_valid"
            ),
        ]
        triggers = [ClosedPeriodGuard(dates=("starts_on",))]

    def __str__(self):
        return f"{self.venue} {self.starts_on}"

    @property
    def topic_labels(self) -> list[str]:
        return [Topic(t).label for t in self.topics]


@tracked()
class TrainingAttendance(AreaScoped):
    course = models.ForeignKey(TrainingCourse, on_delete=models.CASCADE, related_name="attendance")
    target = models.ForeignKey(TargetHousehold, on_delete=models.CASCADE, related_name="attendance")
    days_attended = models.PositiveSmallIntegerField(_("เข้าอบรม (วัน)"))

    class Meta:
        ordering = ["course", "target"]
        constraints = [
            models.UniqueConstraint(fields=["course", "target"], name="debts_attendance_once"),
            models.CheckConstraint(
                condition=Q(days_attended__gte=1), name="debts_attendance_at_least_a_day"
            ),
        ]

    def __str__(self):
        return f"{self.target}: {self.days_attended}"


@tracked()
class BoardAttendance(AreaScoped):
    """A board member at a course for the board (indicator 14: the board's training)."""

    course = models.ForeignKey(
        TrainingCourse, on_delete=models.CASCADE, related_name="board_attendance"
    )
    member = models.ForeignKey(BoardMember, on_delete=models.PROTECT, related_name="+")
    days_attended = models.PositiveSmallIntegerField(_("เข้าอบรม (วัน)"))

    class Meta:
        ordering = ["course", "member"]
        constraints = [
            models.UniqueConstraint(
                fields=["course", "member"], name="debts_board_attendance_once"
            ),
            models.CheckConstraint(
                condition=Q(days_attended__gte=1), name="debts_board_attendance_a_day"
            ),
        ]

    def __str__(self):
        return f"{self.member}: {self.days_attended}"


@tracked()
class AccountMonth(AreaScoped):
    """A month of household accounts the target household kept (evidence item 6)."""

    target = models.ForeignKey(
        TargetHousehold, on_delete=models.CASCADE, related_name="account_months"
    )
    month = models.DateField(_("เดือน"))  # its first day
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["target", "month"]
        constraints = [
            models.UniqueConstraint(fields=["target", "month"], name="debts_accountmonth_once"),
            models.CheckConstraint(condition=Q(month__day=1), name="debts_accountmonth_first_day"),
        ]
        triggers = [ClosedPeriodGuard(dates=("month",))]

    def __str__(self):
        return f"{self.target} {self.month:%Y-%m}"


@tracked()
class LifePlan(AreaScoped):
    """แผนพัฒนาชีวิตครัวเรือน of a target household (evidence item 6)."""

    target = models.OneToOneField(
        TargetHousehold, on_delete=models.CASCADE, related_name="life_plan"
    )
    made_on = models.DateField(_("วันที่จัดทำแผน"))
    summary = models.TextField(_("สาระสำคัญของแผน"), blank=True)
    document = DocumentField(_("เอกสารแผนพัฒนาชีวิต"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("แผนพัฒนาชีวิตครัวเรือน")
        verbose_name_plural = _("แผนพัฒนาชีวิตครัวเรือน")
        triggers = [ClosedPeriodGuard(dates=("made_on",))]

    def __str__(self):
        return f"{self.target} {self.made_on}"


@tracked()
class OccupationSupport(AreaScoped):
    """Support toward an occupation for a target household (follow-up issue 9): what, when, by
    whom, the amount, and the money that came back to the group (เงินทุนคืนกลุ่ม)."""

    target = models.ForeignKey(
        TargetHousehold, on_delete=models.CASCADE, related_name="occupation_support"
    )
    given_on = models.DateField(_("วันที่สนับสนุน"))
    what = models.CharField(_("อาชีพ/สิ่งที่สนับสนุน"), max_length=300)
    given_by = models.CharField(_("ผู้สนับสนุน (กลุ่ม/หน่วยงาน)"), max_length=200)
    amount = models.DecimalField(_("มูลค่า (บาท)"), **MONEY, default=0)
    returned = models.DecimalField(_("เงินทุนคืนกลุ่มแล้ว (บาท)"), **MONEY, default=0)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["given_on", "id"]
        verbose_name = _("การส่งเสริมอาชีพ")
        verbose_name_plural = _("การส่งเสริมอาชีพ")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0) & Q(returned__gte=0) & Q(returned__lte=F("amount")),
                name="debts_occupation_returned_within_amount",
            ),
        ]
        triggers = [ClosedPeriodGuard(dates=("given_on",), free=("returned",))]

    def __str__(self):
        return f"{self.target}: {self.what}"


__all__ = [
    "COURSE_DAYS",
    "AccountMonth",
    "Audience",
    "BoardAttendance",
    "DebtPlan",
    "LifePlan",
    "OccupationSupport",
    "OptionKind",
    "PlanOption",
    "Topic",
    "TrainingAttendance",
    "TrainingCourse",
]
