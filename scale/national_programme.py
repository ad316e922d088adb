"""The debt-management programme of seed 004 at national scale, written by ``seed_national``
with the same COPY writers and every row built consistent with what the services would write:

- each centre's four default debtor classes, and each surveyed household classified by its
  months in arrears;
- each target household's support as its target row is written (so its flags follow): the
  year's three-day course (most attend in full), a life plan three weeks after enrolling for
  half of them, three months of accounts for half, occupation support for a fifth;
- after the books (whose monthly board meetings approve them): the plan of the last and the
  current fiscal year with its menu, the last approved at its year's first board meeting, the
  current at October's for most centres; a province's visit to a third of the centres last year
  with an action agreed.
"""

import datetime
from decimal import Decimal

from cddfund import thai
from cddfund.bulk import CopyWriter
from debts.models import (
    COURSE_DAYS,
    AccountMonth,
    DebtorClass,
    DebtPlan,
    FollowUpVisit,
    LifePlan,
    OccupationSupport,
    PlanOption,
    Topic,
    TrainingAttendance,
    TrainingCourse,
    VisitAction,
)
from debts.services.classes import DEFAULT_CLASSES
from debts.services.programme import approval_window

# The menu each default class is offered (by its order), as in the demo.
MENU = {
    1: ("change_terms",),
    2: ("change_terms", "transfer"),
    3: ("transfer", "consolidate"),
    4: ("consolidate",),
}
TOPICS = "{" + ",".join(Topic.values) + "}"  # an array, as COPY reads one
COURSE_AFTER = datetime.timedelta(days=45)  # into the fiscal year


class Programme:
    def __init__(self, seeder):
        self.s = seeder
        self.random = seeder.random
        self.classes = CopyWriter(DebtorClass)
        self.plans, self.options = CopyWriter(DebtPlan), CopyWriter(PlanOption)
        self.courses, self.attendance = CopyWriter(TrainingCourse), CopyWriter(TrainingAttendance)
        self.life_plans, self.months = CopyWriter(LifePlan), CopyWriter(AccountMonth)
        self.supports = CopyWriter(OccupationSupport)
        self.visits, self.actions = CopyWriter(FollowUpVisit), CopyWriter(VisitAction)
        self.class_ids: dict[int, list[tuple[int, int, int | None, int | None]]] = {}
        self.course_ids: dict[tuple[int, int], tuple[int, datetime.date] | None] = {}

    def writers(self):
        return (
            self.classes,
            self.courses,
            self.attendance,
            self.life_plans,
            self.months,
            self.supports,
            self.plans,
            self.options,
            self.visits,
            self.actions,
        )

    def flush(self) -> None:
        for writer in self.writers():
            writer.maybe_flush()

    # --- with the households ----------------------------------------------------------------

    def debtor_class(self, centre: int, area: dict, arrears: int) -> int:
        """The default class of a household ``arrears`` months behind (the centre's four
        classes are written the first time it is asked)."""
        if centre not in self.class_ids:
            self.class_ids[centre] = []
            for order, (name, description, low, high) in enumerate(DEFAULT_CLASSES, start=1):
                row = self.s.new(
                    self.classes, DebtorClass, **area, centre_id=centre, name=name, order=order,
                    description=description, arrears_from=low, arrears_to=high,
                )  # fmt: skip
                self.class_ids[centre].append((row["id"], order, low, high))
        for pk, _order, low, high in self.class_ids[centre]:
            if (low or 0) <= arrears and (high is None or arrears <= high):
                return pk
        return self.class_ids[centre][-1][0]

    def _course(self, centre: int, area: dict, year: int, officer: int):
        """The centre's course of ``year`` (id, last day), or None before it could be held."""
        key = (centre, year)
        if key not in self.course_ids:
            starts = thai.fiscal_year_bounds(year)[0] + COURSE_AFTER
            ends = starts + datetime.timedelta(days=COURSE_DAYS - 1)
            if ends > self.s.today:
                self.course_ids[key] = None
            else:
                row = self.s.new(
                    self.courses, TrainingCourse, **area, centre_id=centre, fiscal_year=year,
                    starts_on=starts, days=COURSE_DAYS, venue="ศาลาอเนกประสงค์หมู่บ้าน",
                    topics=TOPICS, recorded_by_id=officer,
                )  # fmt: skip
                self.course_ids[key] = (row["id"], ends)
        return self.course_ids[key]

    def support(self, target: dict, centre: int, area: dict, officer: int) -> None:
        """A target household's course, life plan, accounts and occupation support; its
        trained, life-plan and accounts flags follow (the row is still open)."""
        enrolled = target["enrolled_on"]
        course = self._course(centre, area, target["fiscal_year"], officer)
        if course is not None and self.random.random() < 0.9:
            days = COURSE_DAYS if self.random.random() < 0.85 else self.random.randint(1, 2)
            self.s.new(
                self.attendance, TrainingAttendance, **area, course_id=course[0],
                target_id=target["id"], days_attended=days,
            )  # fmt: skip
            if days == COURSE_DAYS:
                target["trained_on"] = course[1]
        made = enrolled + datetime.timedelta(days=21)
        if self.random.random() < 0.5 and made <= self.s.today:
            self.s.new(
                self.life_plans, LifePlan, **area, target_id=target["id"], made_on=made,
                recorded_by_id=officer,
            )  # fmt: skip
            target["has_life_plan"] = True
        if self.random.random() < 0.5:
            month = enrolled.replace(day=1)
            for _k in range(3):
                if month > self.s.today:
                    break
                self.s.new(
                    self.months, AccountMonth, **area, target_id=target["id"], month=month,
                    recorded_by_id=officer,
                )  # fmt: skip
                target["keeps_accounts"] = True
                month = (month + datetime.timedelta(days=32)).replace(day=1)
        given = enrolled + datetime.timedelta(days=60)
        if self.random.random() < 0.2 and given <= self.s.today:
            amount = self.s.money(2_000, 10_000)
            self.s.new(
                self.supports, OccupationSupport, **area, target_id=target["id"],
                given_on=given, what="เลี้ยงไก่ไข่", given_by="กลุ่มอาชีพในหมู่บ้าน",
                amount=amount, returned=(amount / 4).quantize(Decimal(1)),
                recorded_by_id=officer,
            )  # fmt: skip

    # --- after the books ----------------------------------------------------------------------

    def plans_and_visits(self) -> None:
        year = self.s.year
        for centre, province, district, _village, _groups, officer in self.s.centres:
            if not officer or centre not in self.class_ids:
                continue
            area = {"province_id": province, "district_id": district}
            meetings = sorted(self.s.board_meetings.get(centre, []), key=lambda m: m[1])
            for fiscal_year in (year - 1, year):
                start, end = approval_window(fiscal_year)
                held = [m for m in meetings if start <= m[1] <= end]
                approve = held and (fiscal_year < year or self.random.random() < 0.6)
                plan = self.s.new(
                    self.plans, DebtPlan, **area, centre_id=centre, fiscal_year=fiscal_year,
                    analysis="ลูกหนี้ส่วนใหญ่มีหนี้หลายสัญญากับกลุ่มในหมู่บ้าน "
                    "คณะกรรมการเห็นควรรวมหนี้ไว้ที่กลุ่มออมทรัพย์",
                    targets=self.random.randint(5, 40),
                    approved_at_id=held[0][0] if approve else None,
                    recorded_by_id=officer, recorded_at=self.s.now,
                )  # fmt: skip
                for class_id, order, _low, _high in self.class_ids[centre]:
                    for kind in MENU[order]:
                        self.s.new(
                            self.options, PlanOption, **area, plan_id=plan["id"],
                            debtor_class_id=class_id, kind=kind,
                        )  # fmt: skip
            if self.random.random() < 0.33:
                on = thai.fiscal_year_bounds(year - 1)[0] + datetime.timedelta(days=150)
                visit = self.s.new(
                    self.visits, FollowUpVisit, **area, centre_id=centre, visited_on=on,
                    kind="visit", level="province", team="สำนักงานพัฒนาชุมชนจังหวัด",
                    answers={"1": "คณะกรรมการมาจากผู้แทนทุกกลุ่ม", "10": "รวมหนี้ที่กลุ่มออมทรัพย์"},
                    findings="ติดตามการจัดทำบัญชีครัวเรือน", recorded_by_id=officer,
                )  # fmt: skip
                self.s.new(
                    self.actions, VisitAction, **area, visit_id=visit["id"],
                    action="ติดตามการจัดทำบัญชีครัวเรือนทุกเดือน", who="คณะกรรมการศูนย์",
                    due=on + datetime.timedelta(days=60),
                )  # fmt: skip
            self.flush()
        self.s._done(*self.writers())
