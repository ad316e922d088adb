"""Every write of the debt-management programme (seed 004): the centre's plan and its menu of
options, its approval by the board; the financial-discipline course and who attended; each target
household's accounts, life plan and occupation support. A target household's ``trained_on``,
``has_life_plan`` and ``keeps_accounts`` follow from these records (``target_refresh``)."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cddfund import records, thai
from cddfund.models import User
from cddfund.scope import area_of
from debts.models import (
    AccountMonth,
    Audience,
    BoardAttendance,
    DebtorClass,
    DebtPlan,
    LifePlan,
    OccupationSupport,
    OptionKind,
    PlanOption,
    TargetHousehold,
    Topic,
    TrainingAttendance,
    TrainingCourse,
)
from institutes.models import Centre, Meeting, MeetingKind

PLAN_TAKEN = _("ศูนย์นี้มีแผนการบริหารจัดการหนี้ปีงบประมาณ %(year)s แล้ว")
TARGETS_MIN = _("ครัวเรือนเป้าหมายตามแผนต้องมีอย่างน้อย 1 ครัวเรือน")
ANALYSIS_REQUIRED = _("กรอกผลการวิเคราะห์ข้อมูลลูกหนี้ของคณะกรรมการ")
OPTION_TAKEN = _("ประเภท %(class)s มีทางเลือก %(kind)s อยู่แล้ว")
OPTION_KIND_UNKNOWN = _("ทางเลือกนี้ไม่มีในรายการ")
CLASS_OTHER_CENTRE = _("ประเภทลูกหนี้นี้เป็นของศูนย์อื่น")
APPROVAL_NEEDS_OPTIONS = _("แผนต้องมีเมนูทางเลือกอย่างน้อย 1 ทางก่อนเสนอคณะกรรมการอนุมัติ")
APPROVAL_NOT_BOARD = _("อนุมัติแผนได้ในการประชุมคณะกรรมการของศูนย์นี้เท่านั้น")
APPROVAL_OUTSIDE_YEAR = _(
    "การประชุมที่อนุมัติแผนปีงบประมาณ %(year)s ต้องจัดระหว่าง %(start)s ถึง %(end)s "
    "(ในปีงบประมาณ หรือไม่เกิน 3 เดือนก่อนเริ่มปี)"
)
COURSE_DAYS_RANGE = _("จำนวนวันอบรมต้องอยู่ระหว่าง 1 ถึง 10 วัน")
AUDIENCE_FIXED = _("มีผู้เข้าอบรมบันทึกไว้แล้ว: เปลี่ยนกลุ่มผู้เข้าอบรมไม่ได้")
NOT_BOARD_COURSE = _("การอบรมนี้เป็นของครัวเรือนเป้าหมาย ไม่ใช่ของคณะกรรมการ")
NOT_TARGETS_COURSE = _("การอบรมนี้เป็นของคณะกรรมการ ไม่ใช่ของครัวเรือนเป้าหมาย")
NOT_ON_BOARD = _("ไม่ใช่กรรมการที่อยู่ในวาระในวันที่อบรม")
COURSE_TOPIC_UNKNOWN = _("หัวข้อที่อบรมไม่มีในรายการ")
ATTENDANCE_RANGE = _("จำนวนวันที่เข้าอบรมต้องอยู่ระหว่าง 0 ถึง %(days)s วัน")
ATTENDANCE_NOT_TARGET = _("ครัวเรือนนี้ไม่ใช่ครัวเรือนเป้าหมายปีงบประมาณ %(year)s ของศูนย์นี้")
ATTENDANCE_BEFORE_COURSE = _("บันทึกผู้เข้าอบรมได้ตั้งแต่วันแรกของการอบรม (%(date)s)")
MONTH_OUTSIDE = _("เดือน %(month)s อยู่นอกช่วงที่ครัวเรือนอยู่ในโครงการ (ตั้งแต่เดือนที่เข้าร่วม %(start)s ถึงเดือนนี้)")
BEFORE_ENROLMENT = _("วันที่ต้องไม่ก่อนวันที่เข้าร่วมโครงการ (%(date)s)")
RETURNED_ABOVE_AMOUNT = _("เงินทุนคืนกลุ่ม (%(returned)s บาท) มากกว่ามูลค่าที่สนับสนุน (%(amount)s บาท)")
AMOUNT_NEGATIVE = _("จำนวนเงินต้องไม่ติดลบ")

PLAN_FIELDS = ("analysis", "targets")
# The board approves the year's plan in the year, or in the three months before it starts.
APPROVAL_AHEAD = datetime.timedelta(days=92)


# --- the centre's plan --------------------------------------------------------------------------


@transaction.atomic
def plan_save(
    *,
    by: User,
    centre: Centre,
    fiscal_year: int,
    analysis: str,
    targets: int,
    plan: DebtPlan | None = None,
) -> DebtPlan:
    """The year's plan, new or changed; a change to an approved plan takes its approval away
    (the board approves what it reads)."""
    plan = plan or records.within(DebtPlan(fiscal_year=fiscal_year, recorded_by=by), centre=centre)
    records.check_can_edit(by, plan)
    records.fiscal_year_be("fiscal_year", plan.fiscal_year)
    if not (analysis or "").strip():
        raise ValidationError({"analysis": ValidationError(ANALYSIS_REQUIRED)})
    if targets is None or targets < 1:
        raise ValidationError({"targets": ValidationError(TARGETS_MIN)})
    changed = (plan.analysis, plan.targets) != (analysis.strip(), targets)
    plan.analysis, plan.targets, plan.recorded_by = analysis.strip(), targets, by
    if plan.pk and changed:
        plan.approved_at = None
    taken = ValidationError(PLAN_TAKEN, params={"year": plan.fiscal_year})
    if (
        DebtPlan.objects.filter(centre=centre, fiscal_year=plan.fiscal_year)
        .exclude(pk=plan.pk)
        .exists()
    ):
        raise taken
    return records.save(plan, constraint_messages={"debts_debtplan_one_per_year": taken})


@transaction.atomic
def plan_option_add(
    *, by: User, plan: DebtPlan, debtor_class: DebtorClass, kind: str, description: str = ""
) -> PlanOption:
    option = PlanOption(
        plan=plan, debtor_class=debtor_class, kind=kind, description=description.strip()
    )
    records.within(option, plan=plan)
    records.check_can_edit(by, option)
    if debtor_class.centre_id != plan.centre_id:
        raise ValidationError({"debtor_class": ValidationError(CLASS_OTHER_CENTRE)})
    if kind not in OptionKind.values:
        raise ValidationError({"kind": ValidationError(OPTION_KIND_UNKNOWN)})
    taken = ValidationError(
        OPTION_TAKEN, params={"class": debtor_class.name, "kind": OptionKind(kind).label}
    )
    if plan.options.filter(debtor_class=debtor_class, kind=kind).exists():
        raise taken
    _unapprove(plan)
    return records.save(option, constraint_messages={"debts_planoption_once": taken})


@transaction.atomic
def plan_option_delete(*, by: User, option: PlanOption) -> None:
    records.check_can_edit(by, option)
    _unapprove(option.plan)
    records.delete(option)


def _unapprove(plan: DebtPlan) -> None:
    if plan.approved_at_id is not None:
        plan.approved_at = None
        plan.save(update_fields=["approved_at"])


def approval_window(fiscal_year: int) -> tuple[datetime.date, datetime.date]:
    start, end = thai.fiscal_year_bounds(fiscal_year)
    return start - APPROVAL_AHEAD, end


@transaction.atomic
def plan_approve(*, by: User, plan: DebtPlan, meeting: Meeting) -> DebtPlan:
    """The board approved the plan at ``meeting`` (a board meeting of the centre, in the plan's
    year or the three months before it)."""
    records.check_can_edit(by, plan)
    if meeting.centre_id != plan.centre_id or meeting.kind != MeetingKind.BOARD:
        raise ValidationError({"approved_at": ValidationError(APPROVAL_NOT_BOARD)})
    start, end = approval_window(plan.fiscal_year)
    if not start <= meeting.held_on <= end:
        raise ValidationError(
            {
                "approved_at": ValidationError(
                    APPROVAL_OUTSIDE_YEAR,
                    params={
                        "year": plan.fiscal_year,
                        "start": thai.format_date(start),
                        "end": thai.format_date(end),
                    },
                )
            }
        )
    if not plan.options.exists():
        raise ValidationError(APPROVAL_NEEDS_OPTIONS)
    plan.approved_at = meeting
    plan.save(update_fields=["approved_at"])
    return plan


# --- the course and its attendance -------------------------------------------------------------


@transaction.atomic
def course_save(
    *,
    by: User,
    centre: Centre,
    starts_on: datetime.date,
    venue: str,
    days: int = 3,
    trainers: str = "",
    topics: list[str] | tuple = (),
    audience: str = Audience.TARGETS,
    course: TrainingCourse | None = None,
) -> TrainingCourse:
    course = course or records.within(TrainingCourse(recorded_by=by), centre=centre)
    records.check_can_edit(by, course)
    if course.pk and audience != course.audience and _attended(course):
        raise ValidationError({"audience": ValidationError(AUDIENCE_FIXED)})
    course.audience = audience
    if days is None or not 1 <= days <= 10:
        raise ValidationError({"days": ValidationError(COURSE_DAYS_RANGE)})
    if not set(topics) <= set(Topic.values):
        raise ValidationError({"topics": ValidationError(COURSE_TOPIC_UNKNOWN)})
    course.starts_on, course.days, course.venue = starts_on, days, venue.strip()
    course.trainers, course.topics = trainers.strip(), [t for t in Topic.values if t in topics]
    course.fiscal_year = thai.fiscal_year(starts_on)
    records.save(course)
    for target in _targets_of(course):
        target_refresh(target)
    return course


def course_end(course: TrainingCourse) -> datetime.date:
    return course.starts_on + datetime.timedelta(days=course.days - 1)


def _attendance_write(
    *, by: User, course: TrainingCourse, days: dict[int, int], people: dict, not_one, model, field
) -> list[int]:
    """Who of ``people`` (by id) attended ``course`` and for how many days (0: not at all),
    checked whole before anything is written (``not_one``: the refusal of an id that is not one
    of them); ``model`` is the attendance record, ``field`` its link to the person. Returns the
    ids whose attendance changed."""
    records.check_can_edit(by, course)
    if course.starts_on > timezone.localdate():
        raise ValidationError(
            ATTENDANCE_BEFORE_COURSE, params={"date": thai.format_date(course.starts_on)}
        )
    errors = {}
    for pk, count in days.items():
        if pk not in people:
            errors[f"days_{pk}"] = [not_one]
        elif count is None or not 0 <= count <= course.days:
            errors[f"days_{pk}"] = [ValidationError(ATTENDANCE_RANGE, params={"days": course.days})]
    if errors:
        raise ValidationError(errors)
    existing = {getattr(a, f"{field}_id"): a for a in model.objects.filter(course=course)}
    changed = []
    for pk, count in days.items():
        found = existing.get(pk)
        if count == 0 and found:
            records.delete(found)
        elif count and found is None:
            records.save(
                model(course=course, days_attended=count, **{field: people[pk]}, **area_of(course))
            )
        elif found and count and found.days_attended != count:
            found.days_attended = count
            records.save(found)
        else:
            continue
        changed.append(pk)
    return changed


@transaction.atomic
def attendance_set(*, by: User, course: TrainingCourse, days: dict[int, int]) -> int:
    """Who of the year's target households attended ``course`` and for how many days, by
    target id (0: not at all); their trained flags follow. Returns how many attended."""
    if course.audience != Audience.TARGETS:
        raise ValidationError(NOT_TARGETS_COURSE)
    targets = {
        t.pk: t
        for t in TargetHousehold.objects.filter(
            pk__in=list(days), centre=course.centre, fiscal_year=course.fiscal_year
        ).select_related("household")
    }
    changed = _attendance_write(
        by=by,
        course=course,
        days=days,
        people=targets,
        not_one=ValidationError(ATTENDANCE_NOT_TARGET, params={"year": course.fiscal_year}),
        model=TrainingAttendance,
        field="target",
    )
    for pk in changed:
        target_refresh(targets[pk])
    return course.attendance.count()


def _targets_of(course: TrainingCourse):
    return TargetHousehold.objects.filter(attendance__course=course)


def _attended(course: TrainingCourse) -> bool:
    return course.attendance.exists() or course.board_attendance.exists()


def sitting_board(course: TrainingCourse):
    """The centre's board members sitting on the course's first day."""
    return course.centre.board_members.filter(
        term_start__lte=course.starts_on, term_end__gte=course.starts_on
    )


@transaction.atomic
def board_attendance_set(*, by: User, course: TrainingCourse, days: dict[int, int]) -> int:
    """Which of the board sitting on its first day attended a course for the board and for how
    many days, by member id (0: not at all). Returns how many attended."""
    if course.audience != Audience.BOARD:
        raise ValidationError(NOT_BOARD_COURSE)
    _attendance_write(
        by=by,
        course=course,
        days=days,
        people={m.pk: m for m in sitting_board(course).filter(pk__in=list(days))},
        not_one=ValidationError(NOT_ON_BOARD),
        model=BoardAttendance,
        field="member",
    )
    return course.board_attendance.count()


# --- each target household's support ----------------------------------------------------------


def _first_of_month(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


@transaction.atomic
def account_months_set(*, by: User, target: TargetHousehold, months) -> list[datetime.date]:
    """The months in which the household kept its accounts (each a date of that month), from
    the month it enrolled up to this one; the others are taken away."""
    records.check_can_edit(by, target)
    first, last = _first_of_month(target.enrolled_on), _first_of_month(timezone.localdate())
    wanted = {_first_of_month(m) for m in months}
    for month in sorted(wanted):
        if not first <= month <= last:
            raise ValidationError(
                MONTH_OUTSIDE,
                params={
                    "month": thai.format_month(month),
                    "start": thai.format_month(first),
                },
            )
    existing = {m.month: m for m in target.account_months.all()}
    for month, record in existing.items():
        if month not in wanted:
            records.delete(record)
    for month in sorted(wanted - existing.keys()):
        records.save(AccountMonth(target=target, month=month, recorded_by=by, **area_of(target)))
    target_refresh(target)
    return sorted(wanted)


def _not_before_enrolment(field: str, target: TargetHousehold, day) -> None:
    records.not_future(field, day)
    if day is not None and day < target.enrolled_on:
        raise ValidationError(
            {
                field: ValidationError(
                    BEFORE_ENROLMENT, params={"date": thai.format_date(target.enrolled_on)}
                )
            }
        )


@transaction.atomic
def life_plan_save(
    *,
    by: User,
    target: TargetHousehold,
    made_on: datetime.date,
    summary: str = "",
    document=None,
) -> LifePlan:
    plan = LifePlan.objects.filter(target=target).first() or LifePlan(
        target=target, **area_of(target)
    )
    records.check_can_edit(by, plan)
    _not_before_enrolment("made_on", target, made_on)
    plan.made_on, plan.summary, plan.recorded_by = made_on, summary.strip(), by
    if document:
        plan.document = document
    records.save(plan)
    target_refresh(target)
    return plan


@transaction.atomic
def support_save(
    *,
    by: User,
    target: TargetHousehold,
    given_on: datetime.date,
    what: str,
    given_by: str,
    amount: Decimal,
    returned: Decimal = Decimal(0),
    support: OccupationSupport | None = None,
) -> OccupationSupport:
    support = support or OccupationSupport(target=target, **area_of(target))
    records.check_can_edit(by, support)
    _not_before_enrolment("given_on", target, given_on)
    for field, value in (("amount", amount), ("returned", returned)):
        if value is None or value < 0:
            raise ValidationError({field: ValidationError(AMOUNT_NEGATIVE)})
    if returned > amount:
        raise ValidationError(
            {
                "returned": ValidationError(
                    RETURNED_ABOVE_AMOUNT,
                    params={
                        "returned": thai.format_number(returned),
                        "amount": thai.format_number(amount),
                    },
                )
            }
        )
    support.given_on, support.what, support.given_by = given_on, what.strip(), given_by.strip()
    support.amount, support.returned, support.recorded_by = amount, returned, by
    return records.save(support)


@transaction.atomic
def support_delete(*, by: User, support: OccupationSupport) -> None:
    records.check_can_edit(by, support)
    records.delete(support)


def target_refresh(target: TargetHousehold) -> None:
    """The target's standing flags from its records: trained once it attended every day of a
    course (on the course's last day), a life plan once one is recorded, accounts once a month
    is."""
    completed = [
        course_end(a.course)
        for a in target.attendance.select_related("course")
        if a.days_attended >= a.course.days
    ]
    target.trained_on = min(completed, default=None)
    target.has_life_plan = LifePlan.objects.filter(target=target).exists()
    target.keeps_accounts = target.account_months.exists()
    target.save(update_fields=["trained_on", "has_life_plan", "keeps_accounts"])
