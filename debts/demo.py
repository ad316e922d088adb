"""Demo households for each demo centre, one at every stage of debt management: not yet
surveyed, surveyed and classified, a transfer under way, one contract reached and repaying,
cleared, and a single loan whose terms were eased.

Dates follow today: the surveys and most steps fall in the previous fiscal year, a target of the
current one starts on its first day, so every report and card of both years has figures."""

import datetime
from decimal import Decimal

from django.utils import timezone

from cddfund import thai
from debts.models import Household
from debts.services import classes, households, restructure
from debts.services.households import LoanInput

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
            trained_on=enrolled_on + datetime.timedelta(days=10) if fiscal_year < year else None,
            has_life_plan=True,
            keeps_accounts=fiscal_year < year,
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
