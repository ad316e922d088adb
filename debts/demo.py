"""Demo households for each demo centre, one at every stage of debt management: not yet
surveyed, surveyed and classified, a transfer under way, one contract reached and repaying,
cleared, and a single loan whose terms were eased.

Dates follow today: the surveys and most steps fall in the previous fiscal year, a target of the
current one starts on its first day, so every report and card of both years has figures."""

import datetime
from decimal import Decimal

from django.utils import timezone

from cddfund import thai
from debts.models import Household, OptionKind, TargetHousehold, Topic
from debts.services import classes, households, programme, restructure, visits
from debts.services.households import LoanInput
from institutes.demo import demo_photo
from institutes.models import MeetingKind

D = datetime.date
HEADS = [
    ("นายบุญส่ง", "ใจซื่อ"),
    ("นางคำปุ่น", "สุขใจ"),
    ("นายจันทร์", "ทองมา"),
    ("นางสมหมาย", "แก้วดี"),
    ("นายอินทร์", "ปันดี"),
    ("นางบัวคำ", "ศรีวงศ์"),
]


def _days():
    """(the day ``n`` days into the previous fiscal year, the same into the current one but
    never after today, the current fiscal year)"""
    today = timezone.localdate()
    year = thai.fiscal_year(today)
    previous = thai.fiscal_year_bounds(year - 1)[0]
    current = thai.fiscal_year_bounds(year)[0]

    def last_year(n: int) -> datetime.date:
        return previous + datetime.timedelta(days=n)

    def this_year(n: int) -> datetime.date:
        return min(today, current + datetime.timedelta(days=n))

    return last_year, this_year, year


def _loan(group, number, amount, *, arrears=0, rate="6", term=36, bank=False):
    return LoanInput(
        contract_no=number,
        borrower="",
        contract_date=_days()[0](-400),
        principal=Decimal(amount),
        outstanding=Decimal(amount),
        interest_rate=Decimal(rate),
        term_months=term,
        months_in_arrears=arrears,
        purpose="ลงทุนเกษตร",
        creditor_group=None if bank else group,
        external_kind="bank" if bank else "",
        external_name="ธ.ก.ส." if bank else "",
    )


def _seed_centre(officer, centre, index: int) -> None:
    classes.debtor_classes_add_defaults(by=officer, centre=centre)
    groups = [m.group for m in centre.memberships.select_related("group").order_by("id")]
    lead, second, third = groups[0], groups[1], groups[2 % len(groups)]
    made = []
    for n, (first, last) in enumerate(HEADS, start=1):
        made.append(
            households.household_create(
                by=officer,
                centre=centre,
                house_number=f"{10 + n}/{index}",
                head_name=f"{first} {last}",
                head_national_id=thai.with_check_digit(f"3{centre.district_id}{index:02d}{n:05d}"),
                members=3 + n % 3,
                phone=f"08{index}{n:07d}",
            )
        )
    prefix = f"D{index}"
    last_year, this_year, year = _days()

    def survey(household, loans):
        households.survey_record(
            by=officer, household=household, surveyed_on=last_year(30), new_loans=loans
        )
        household.refresh_from_db()
        classes.household_classify(
            by=officer,
            household=household,
            debtor_class=classes.suggested_class(household) or centre.debtor_classes.first(),
        )

    def target(household, fiscal_year, enrolled_on):
        classes.target_save(
            by=officer,
            household=household,
            fiscal_year=fiscal_year,
            enrolled_on=enrolled_on,
            reason="หนี้หลายสัญญา",
        )

    # 2: surveyed and classified, not yet a target.
    survey(
        made[1],
        [
            _loan(lead, f"{prefix}-201", 40000, arrears=2),
            _loan(second, f"{prefix}-202", 25000, arrears=5),
            _loan(None, f"{prefix}-B203", 80000, bank=True),
        ],
    )
    # 3: a target of this year with a transfer done, two contracts to go.
    household = made[2]
    survey(
        household,
        [
            _loan(lead, f"{prefix}-301", 30000),
            _loan(second, f"{prefix}-302", 20000, arrears=8),
            _loan(third, f"{prefix}-303", 15000, arrears=14),
        ],
    )
    target(household, year, this_year(0))
    loan = household.loans.get(contract_no=f"{prefix}-303")
    restructure.debt_transfer(
        by=officer,
        household=household,
        loan=loan,
        to_group=lead,
        amount=Decimal(15000),
        contract_ref=f"{prefix}-T301",
        on=this_year(15),
        decision_ref=f"มติที่ 1/{year}",
        reason="รวมหนี้ไว้ที่กลุ่มออมทรัพย์",
    )
    # 4: three loans transferred and consolidated into one, repaying.
    household = made[3]
    survey(
        household,
        [
            _loan(lead, f"{prefix}-401", 50000),
            _loan(second, f"{prefix}-402", 30000, arrears=3),
            _loan(third, f"{prefix}-403", 20000, arrears=13),
        ],
    )
    target(household, year - 1, last_year(60))
    restructure.debt_transfer(
        by=officer,
        household=household,
        loan=household.loans.get(contract_no=f"{prefix}-403"),
        to_group=lead,
        amount=Decimal(20000),
        contract_ref=f"{prefix}-T401",
        on=last_year(90),
        decision_ref=f"มติที่ 1/{year - 1}",
    )
    restructure.loans_consolidate(
        by=officer,
        household=household,
        loans=list(household.loans.filter(status="active")),
        to_group=lead,
        contract_ref=f"{prefix}-C401",
        rate=Decimal("4.5"),
        term=60,
        on=last_year(100),
        decision_ref=f"มติที่ 2/{year - 1}",
        reason="1 ครัวเรือน 1 สัญญา",
    )
    single = household.loans.get(status="active")
    for day in (150, 240, 330):
        restructure.loan_repay(
            by=officer, household=household, loan=single, amount=Decimal(8000), on=last_year(day)
        )
    # 5: two loans consolidated, then paid off.
    household = made[4]
    survey(household, [_loan(lead, f"{prefix}-501", 12000), _loan(second, f"{prefix}-502", 8000)])
    target(household, year - 1, last_year(50))
    restructure.loans_consolidate(
        by=officer,
        household=household,
        loans=list(household.loans.all()),
        to_group=lead,
        contract_ref=f"{prefix}-C501",
        rate=Decimal("4"),
        term=24,
        on=last_year(70),
        decision_ref=f"มติที่ 3/{year - 1}",
    )
    single = household.loans.get(status="active")
    restructure.loan_repay(
        by=officer, household=household, loan=single, amount=Decimal(20000), on=last_year(300)
    )
    # 6: one loan already; terms eased, then repaying.
    household = made[5]
    survey(household, [_loan(lead, f"{prefix}-601", 35000, arrears=6, rate="12", term=24)])
    target(household, year - 1, last_year(55))
    single = household.loans.get()
    restructure.loan_terms_change(
        by=officer,
        household=household,
        loan=single,
        new_rate=Decimal("6"),
        new_term=48,
        on=last_year(100),
        decision_ref=f"มติที่ 4/{year - 1}",
        reason="ลดภาระผ่อนต่อเดือน",
    )
    restructure.loan_repay(
        by=officer, household=household, loan=single, amount=Decimal(5000), on=last_year(270)
    )
    _seed_programme(officer, centre)


# The menu each default debtor class is offered (by the order of debts.services.classes).
MENU = {
    1: [(OptionKind.CHANGE_TERMS, "ลดดอกเบี้ยให้ลูกหนี้ที่ชำระตรง")],
    2: [(OptionKind.CHANGE_TERMS, "ยืดระยะเวลาผ่อนชำระ"), (OptionKind.TRANSFER, "")],
    3: [(OptionKind.TRANSFER, "โอนไปกลุ่มออมทรัพย์"), (OptionKind.CONSOLIDATE, "")],
    4: [(OptionKind.CONSOLIDATE, "รวมเป็นสัญญาเดียวที่กลุ่มออมทรัพย์")],
}


def _seed_programme(officer, centre) -> None:
    """Last year's plan approved at a board meeting, its course, and the support of its target
    households (one trained for two days only, one with no accounts); this year's plan waiting
    for the board, and its target household on the first day of this year's course."""
    last_year, this_year, year = _days()
    for fiscal_year in (year - 1, year):
        plan = programme.plan_save(
            by=officer,
            centre=centre,
            fiscal_year=fiscal_year,
            analysis="ลูกหนี้ส่วนใหญ่มีหนี้ 2-3 สัญญากับกลุ่มในหมู่บ้าน ค้างชำระที่กองทุน กข.คจ. "
            "คณะกรรมการเห็นควรรวมหนี้ไว้ที่กลุ่มออมทรัพย์และปรับเงื่อนไขให้ผ่อนได้",
            targets=3 if fiscal_year < year else 2,
        )
        for debtor_class in centre.debtor_classes.order_by("order"):
            for kind, description in MENU.get(debtor_class.order, []):
                programme.plan_option_add(
                    by=officer,
                    plan=plan,
                    debtor_class=debtor_class,
                    kind=kind,
                    description=description,
                )
    approval = centre.meetings.filter(
        kind=MeetingKind.BOARD, held_on__range=programme.approval_window(year - 1)
    ).order_by("held_on")
    programme.plan_approve(
        by=officer, plan=centre.debt_plans.get(fiscal_year=year - 1), meeting=approval[0]
    )
    last_targets = list(
        TargetHousehold.objects.filter(centre=centre, fiscal_year=year - 1).order_by(
            "household__house_number"
        )
    )
    course = programme.course_save(
        by=officer,
        centre=centre,
        starts_on=last_year(70),
        venue=f"ศาลาอเนกประสงค์{centre.village.name}",
        trainers="พัฒนากรผู้ประสานงานตำบล",
        topics=list(Topic.values),
    )
    programme.attendance_set(
        by=officer,
        course=course,
        days={t.pk: 3 if n < len(last_targets) - 1 else 2 for n, t in enumerate(last_targets)},
    )
    board_course = programme.course_save(
        by=officer,
        centre=centre,
        starts_on=last_year(30),
        days=2,
        venue="สำนักงานพัฒนาชุมชนอำเภอ",
        trainers="สำนักงานพัฒนาชุมชนจังหวัด",
        topics=[Topic.DEBT],
        audience="board",
    )
    programme.board_attendance_set(
        by=officer,
        course=board_course,
        days={m.pk: 2 for m in programme.sitting_board(board_course)},
    )
    for n, target in enumerate(last_targets):
        start = target.enrolled_on.replace(day=1)
        if n < len(last_targets) - 1:
            months = [(start + datetime.timedelta(days=31 * k)).replace(day=1) for k in range(6)]
            programme.account_months_set(by=officer, target=target, months=months)
        programme.life_plan_save(
            by=officer,
            target=target,
            made_on=target.enrolled_on + datetime.timedelta(days=20),
            summary="ลดรายจ่ายที่ไม่จำเป็น ออมเดือนละ 300 บาท ปลูกผักไว้กินเอง",
        )
        if n == 0:
            programme.support_save(
                by=officer,
                target=target,
                given_on=last_year(120),
                what="เลี้ยงไก่ไข่",
                given_by="กลุ่มอาชีพเลี้ยงสัตว์",
                amount=Decimal(5000),
                returned=Decimal(2000),
            )
    _seed_visits(officer, centre, model=last_targets[1].household)
    current = TargetHousehold.objects.filter(centre=centre, fiscal_year=year).first()
    if current is not None:
        course = programme.course_save(
            by=officer,
            centre=centre,
            starts_on=this_year(20),
            venue=f"ศูนย์เรียนรู้{centre.village.name}",
            topics=[Topic.SPENDING, Topic.SAVING, Topic.ACCOUNTS],
        )
        programme.attendance_set(by=officer, course=course, days={current.pk: 1})


def _seed_visits(officer, centre, model) -> None:
    """The province's visit last year, with the household that cleared its debt presenting and
    an action agreed, followed up (done) at the district's visit this year."""
    last_year, this_year, _year = _days()
    first = visits.visit_save(
        by=officer,
        centre=centre,
        visited_on=last_year(160),
        kind="visit",
        level="province",
        team="นางสาวจรัสรัตน์ พัฒนคูหา นักวิชาการพัฒนาชุมชนชำนาญการ",
        answers={
            1: "คณะกรรมการมาจากผู้แทนทุกกลุ่ม คำสั่งแต่งตั้งเป็นปัจจุบัน",
            2: "จัดประเภทลูกหนี้ตามจำนวนเดือนที่ค้างชำระ 4 ประเภท",
            6: "อบรมวินัยทางการเงิน 3 วัน ครัวเรือนเป้าหมายจัดทำบัญชีครัวเรือน",
            10: "รวมหนี้ไว้ที่กลุ่มออมทรัพย์ ลดดอกเบี้ยเหลือร้อยละ 4",
        },
        model_household=model,
        model_story="ทำบัญชีครัวเรือนทุกวัน ลดรายจ่ายค่าเหล้า ปลูกผักขาย ชำระหนี้ครบใน 10 เดือน",
        findings="ครัวเรือนเป้าหมายยังไม่ได้รับการส่งเสริมอาชีพครบทุกครัวเรือน",
    )
    action = visits.action_add(
        by=officer,
        visit=first,
        action="ประสานกลุ่มอาชีพในหมู่บ้านส่งเสริมอาชีพครัวเรือนเป้าหมายที่เหลือ",
        who="คณะกรรมการศูนย์",
        due=last_year(220),
    )
    visits.photo_add(
        by=officer, visit=first, upload=demo_photo(), caption="ครัวเรือนต้นแบบนำเสนอวิธีลดหนี้"
    )
    second = visits.visit_save(
        by=officer,
        centre=centre,
        visited_on=this_year(40),
        kind="focus",
        level="district",
        team="พัฒนากรผู้ประสานงานตำบล",
        answers={8: "สมาชิกร่วมประชุมใหญ่และกิจกรรมของศูนย์"},
    )
    visits.action_check(
        by=officer, action=action, at=second, done_on=last_year(200), note="สนับสนุนแล้ว 1 ครัวเรือน"
    )


def seed(context: dict) -> None:
    accounts = context["accounts"]
    officers = {
        "บ้านโป่ง": "maesuai",
        "บ้านป่าเปา": "phan",
        "บ้านห้วยสิงห์": "pong",
        "บ้านหนองหมู": "chiangmuan",
    }
    for index, (village_name, centre) in enumerate(context["centres"].items(), start=1):
        if Household.objects.filter(centre=centre).exists():
            continue
        _seed_centre(accounts[officers[village_name]], centre, index)
