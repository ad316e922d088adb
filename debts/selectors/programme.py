"""Every read of the debt-management programme: a centre's plan of a year and how far it has
come as of a day, its courses and who attended, and each target household's support."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from debts import figures
from debts.models import (
    AccountMonth,
    Audience,
    DebtPlan,
    Household,
    LifePlan,
    OccupationSupport,
    PlanOption,
    TargetHousehold,
    TrainingAttendance,
    TrainingCourse,
)
from debts.services.programme import approval_window, sitting_board
from institutes.models import Centre, Meeting, MeetingKind


def no_support() -> Q:
    """A target household with no support recorded yet: no training attended, no life plan,
    no month of accounts, no occupation support."""
    return (
        Q(trained_on__isnull=True, has_life_plan=False, keeps_accounts=False)
        & ~Exists(TrainingAttendance.objects.filter(target=OuterRef("pk")))
        & ~Exists(OccupationSupport.objects.filter(target=OuterRef("pk")))
    )


def plan_of(centre: Centre, fiscal_year: int) -> DebtPlan | None:
    """The centre's plan of ``fiscal_year`` with its menu (by debtor class) and approval."""
    return (
        DebtPlan.objects.filter(centre=centre, fiscal_year=fiscal_year)
        .select_related("approved_at")
        .prefetch_related(
            Prefetch(
                "options",
                queryset=PlanOption.objects.select_related("debtor_class").order_by(
                    "debtor_class__order", "debtor_class__name", "kind"
                ),
            )
        )
        .first()
    )


def approval_meetings(centre: Centre, fiscal_year: int) -> QuerySet[Meeting]:
    """The centre's board meetings at which the year's plan can have been approved."""
    start, end = approval_window(fiscal_year)
    return centre.meetings.filter(kind=MeetingKind.BOARD, held_on__range=(start, end)).order_by(
        "-held_on"
    )


def year_targets(centre: Centre, fiscal_year: int) -> QuerySet[TargetHousehold]:
    return TargetHousehold.objects.filter(centre=centre, fiscal_year=fiscal_year)


@dataclass
class Progress:
    """How far a centre's plan of a year has come as of a day: its target households enrolled,
    trained, keeping accounts, with a life plan, supported toward an occupation, and their
    debts (reduced, cleared; as defined in ``debts.figures``)."""

    as_of: datetime.date
    planned: int | None
    enrolled: int
    trained: int
    accounts: int
    life_plans: int
    supported: int
    support_amount: Decimal
    returned: Decimal
    reduced: int
    cleared: int


def progress(
    centre: Centre, fiscal_year: int, as_of: datetime.date, plan: DebtPlan | None = None
) -> Progress:
    """``plan``: the year's plan when the caller has it already."""
    plan = plan or DebtPlan.objects.filter(centre=centre, fiscal_year=fiscal_year).first()
    targets = year_targets(centre, fiscal_year).filter(enrolled_on__lte=as_of)
    counted = targets.aggregate(
        enrolled=Count("id"),
        trained=Count("id", filter=Q(trained_on__lte=as_of)),
        accounts=Count(
            "id",
            filter=Q(Exists(AccountMonth.objects.filter(target=OuterRef("pk"), month__lte=as_of))),
        ),
        life_plans=Count(
            "id",
            filter=Q(Exists(LifePlan.objects.filter(target=OuterRef("pk"), made_on__lte=as_of))),
        ),
        supported=Count(
            "id",
            filter=Q(
                Exists(OccupationSupport.objects.filter(target=OuterRef("pk"), given_on__lte=as_of))
            ),
        ),
    )
    money = OccupationSupport.objects.filter(target__in=targets, given_on__lte=as_of).aggregate(
        amount=Coalesce(Sum("amount"), Decimal(0)), returned=Coalesce(Sum("returned"), Decimal(0))
    )
    debts = figures.day_counts(
        Household.objects.filter(pk__in=targets.values("household_id")), as_of
    )
    return Progress(
        as_of=as_of,
        planned=plan.targets if plan else None,
        support_amount=money["amount"],
        returned=money["returned"],
        reduced=debts["reduced"],
        cleared=debts["cleared"],
        **counted,
    )


def support_rows(centre: Centre, fiscal_year: int) -> QuerySet[TargetHousehold]:
    """The year's target households with their support at a glance."""
    return (
        year_targets(centre, fiscal_year)
        .select_related("household", "life_plan")
        .annotate(
            months=Count("account_months", distinct=True),
            supports=Count("occupation_support", distinct=True),
        )
        .order_by("household__house_number", "household__id")
    )


def courses(centre: Centre, fiscal_year: int) -> QuerySet[TrainingCourse]:
    return (
        centre.training_courses.filter(fiscal_year=fiscal_year)
        .annotate(
            households=Count("attendance", distinct=True),
            members=Count("board_attendance", distinct=True),
        )
        .order_by("starts_on", "id")
    )


def roster(course: TrainingCourse) -> list[tuple[object, int]]:
    """Who may have attended the course, each with the days attended: the year's target
    households of its centre, or the board sitting on its first day."""
    if course.audience == Audience.BOARD:
        days = dict(course.board_attendance.values_list("member_id", "days_attended"))
        members = sitting_board(course).order_by("part", "position", "name")
        return [(m, days.get(m.pk, 0)) for m in members]
    days = dict(course.attendance.values_list("target_id", "days_attended"))
    targets = year_targets(course.centre, course.fiscal_year).select_related("household")
    return [(t, days.get(t.pk, 0)) for t in targets.order_by("household__house_number", "id")]


def target_support(target: TargetHousehold) -> dict:
    """One target household's support: courses attended, account months, life plan and the
    occupation support it received."""
    return {
        "attendance": list(
            TrainingAttendance.objects.filter(target=target)
            .select_related("course")
            .order_by("course__starts_on")
        ),
        "kept_months": set(target.account_months.values_list("month", flat=True)),
        "life_plan": LifePlan.objects.filter(target=target).first(),
        "supports": list(target.occupation_support.order_by("given_on", "id")),
    }
