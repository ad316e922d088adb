import datetime
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connections, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from debts.models import DebtEvent, Household, Loan, LoanMovement, SurveyLine
from debts.services import classes, households, restructure
from debts.services.households import LoanInput
from institutes.models import GroupType
from institutes.services import members

D = datetime.date


def _groups(officer, centre, count=3):
    existing = list(centre.memberships.select_related("group"))
    groups = [m.group for m in existing][:count]
    while len(groups) < count:
        groups.append(
            members.group_create(
                by=officer,
                village=centre.village,
                group_type=GroupType.OCCUPATIONAL,
                name=f"กลุ่มเพิ่ม {len(groups)}",
                founded_on=D(2015, 1, 1),
                member_count=5,
                capital=Decimal(0),
            )
        )
    return groups


def surveyed_household(officer, centre, amounts, *, national_id="1101700230708", groups=None):
    """A household of ``centre`` surveyed with one loan per amount, each from its own group."""
    groups = groups or _groups(officer, centre, max(3, len(amounts)))
    household = households.household_create(
        by=officer,
        centre=centre,
        house_number=f"99/{national_id[-3:]}",
        head_name="นายทดสอบ หนี้หลายสัญญา",
        head_national_id=national_id,
        members=4,
        phone="",
    )
    households.survey_record(
        by=officer,
        household=household,
        surveyed_on=D(2024, 11, 1),
        new_loans=[
            LoanInput(
                contract_no=f"T-{household.pk}-{i}",
                borrower="",
                contract_date=D(2023, 1, 1),
                principal=Decimal(amount),
                outstanding=Decimal(amount),
                interest_rate=Decimal("6"),
                term_months=24,
                creditor_group=groups[i],
            )
            for i, amount in enumerate(amounts)
        ],
    )
    household.refresh_from_db()
    return household, groups


@pytest.fixture
def phan(accounts, centres):
    return accounts["phan"], centres["บ้านป่าเปา"]


@pytest.mark.django_db
def test_three_loans_become_one_contract_and_repayments_reduce_the_debt(phan):
    officer, centre = phan
    household, groups = surveyed_household(officer, centre, [30000, 20000, 10000])
    assert (household.baseline_contracts, household.baseline_outstanding) == (3, Decimal(60000))
    classes.target_save(
        by=officer, household=household, fiscal_year=2568, enrolled_on=D(2024, 12, 1), reason="-"
    )
    loans = list(household.loans.order_by("id"))

    outcome = restructure.debt_transfer(
        by=officer,
        household=household,
        loan=loans[2],
        to_group=groups[0],
        amount=Decimal(10000),
        contract_ref="โอน 1/2568",
        on=D(2025, 1, 10),
        decision_ref="มติ 1/2568",
    )
    assert (outcome.before.contracts, outcome.after.contracts) == (3, 3)
    assert outcome.before.outstanding == outcome.after.outstanding == Decimal(60000)

    remaining = list(Loan.objects.filter(household=household, status="active"))
    outcome = restructure.loans_consolidate(
        by=officer,
        household=household,
        loans=remaining,
        to_group=groups[0],
        contract_ref="รวม 1/2568",
        rate=Decimal("4.5"),
        term=60,
        on=D(2025, 2, 1),
    )
    household.refresh_from_db()
    assert (household.active_contracts, household.outstanding) == (1, Decimal(60000))
    assert household.reached_one_contract
    [single] = Loan.objects.filter(household=household, status="active")
    assert (single.outstanding, single.principal, single.opened_by) == (
        Decimal(60000),
        Decimal(60000),
        outcome.event,
    )

    restructure.loan_repay(
        by=officer, household=household, loan=single, amount=Decimal(15000), on=D(2025, 6, 1)
    )
    household.refresh_from_db()
    assert household.reduced and not household.cleared
    assert household.outstanding == Decimal(45000)
    # The baseline survey is kept as it was.
    assert sorted(
        SurveyLine.objects.filter(
            survey__household=household, survey__is_baseline=True
        ).values_list("outstanding", flat=True)
    ) == [10000, 20000, 30000]


@pytest.mark.django_db
def test_bad_restructuring_input_gets_thai_messages_and_saves_nothing(phan, centres):
    officer, centre = phan
    household, groups = surveyed_household(officer, centre, [30000, 20000])
    first = household.loans.order_by("id").first()
    cases = [
        (
            lambda: restructure.loan_repay(
                by=officer, household=household, loan=first, amount=Decimal(0), on=D(2025, 1, 1)
            ),
            "amount",
            "จำนวนเงินต้องมากกว่า 0 บาท",
        ),
        (
            lambda: restructure.loan_repay(
                by=officer, household=household, loan=first, amount=Decimal(30001), on=D(2025, 1, 1)
            ),
            "amount",
            f"จำนวนเงินเกินหนี้คงค้างของสัญญา {first.contract_no} (30,000.00 บาท)",
        ),
        (
            lambda: restructure.debt_transfer(
                by=officer,
                household=household,
                loan=first,
                to_group=groups[0],
                amount=Decimal(100),
                contract_ref="x",
                on=D(2025, 1, 1),
            ),
            "to_group",
            f"สัญญานี้อยู่กับกลุ่ม {groups[0].name} อยู่แล้ว เลือกกลุ่มอื่นที่จะรับโอนหนี้",
        ),
        (
            lambda: restructure.loan_terms_change(
                by=officer,
                household=household,
                loan=first,
                new_rate=Decimal(101),
                new_term=12,
                on=D(2025, 1, 1),
            ),
            "new_rate",
            "อัตราดอกเบี้ยต้องอยู่ระหว่าง 0 ถึง 100% ต่อปี",
        ),
        (
            lambda: restructure.loan_write_off(
                by=officer, household=household, loan=first, amount=Decimal(5), on=D(2025, 1, 1)
            ),
            "decision_ref",
            "การตัดหนี้สูญต้องระบุอ้างอิงมติคณะกรรมการ",
        ),
    ]
    for action, field, message in cases:
        with pytest.raises(ValidationError) as info:
            action()
        assert info.value.message_dict[field] == [message]
    other, _ = surveyed_household(
        officer, centre, [5000], national_id="3100600445635", groups=groups
    )
    with pytest.raises(ValidationError) as info:
        restructure.loans_consolidate(
            by=officer,
            household=household,
            loans=[first, other.loans.get()],
            to_group=groups[0],
            contract_ref="รวม",
            rate=Decimal(5),
            term=12,
            on=D(2025, 1, 1),
        )
    assert info.value.message_dict["loans"][0].startswith("สัญญา ")
    assert DebtEvent.objects.filter(household=household).count() == 0
    household.refresh_from_db()
    assert household.outstanding == Decimal(50000)


@pytest.mark.django_db
def test_preview_shows_the_outcome_and_saves_nothing(phan):
    officer, centre = phan
    household, groups = surveyed_household(officer, centre, [30000, 20000])
    loans = list(household.loans.all())
    outcome = restructure.loans_consolidate(
        by=officer,
        household=household,
        loans=loans,
        to_group=groups[1],
        contract_ref="รวม 9",
        rate=Decimal(3),
        term=36,
        on=D(2025, 1, 1),
        preview=True,
    )
    assert outcome.event is None
    assert (outcome.before.contracts, outcome.after.contracts) == (2, 1)
    assert DebtEvent.objects.count() == 0
    assert Loan.objects.filter(household=household).count() == 2


@pytest.mark.django_db
def test_the_database_refuses_a_transfer_that_creates_money(phan):
    officer, centre = phan
    household, _ = surveyed_household(officer, centre, [1000, 2000])
    first, second = household.loans.order_by("id")
    with pytest.raises(IntegrityError, match="debts_movements_balance"), transaction.atomic():
        event = DebtEvent.objects.create(
            household=household,
            province_id=household.province_id,
            district_id=household.district_id,
            kind="transfer",
            occurred_on=D(2025, 1, 1),
            outstanding_after=0,
            contracts_after=0,
            recorded_by=officer,
        )
        LoanMovement.objects.create(event=event, loan=first, amount=-100, before=1000, after=900)
        LoanMovement.objects.create(event=event, loan=second, amount=150, before=2000, after=2150)
        # The check is deferred to the commit; make it run now.
        with connections["default"].cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


# A step is (kind, loan index, amount in baht, group index).
steps = st.lists(
    st.tuples(
        st.sampled_from(["repay", "transfer", "consolidate", "change_terms", "write_off"]),
        st.integers(min_value=0, max_value=4),
        st.integers(min_value=1, max_value=40000),
        st.integers(min_value=0, max_value=2),
    ),
    max_size=8,
)


@pytest.mark.django_db
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    amounts=st.lists(st.integers(min_value=1, max_value=50000), min_size=1, max_size=4), plan=steps
)
def test_money_never_appears_or_disappears(phan, amounts, plan):
    """Over any sequence of steps, what the household owes = baseline − repaid − written off."""
    officer, centre = phan
    with transaction.atomic():
        household, groups = surveyed_household(officer, centre, amounts)
        lowered = Decimal(0)
        for number, (kind, index, amount, group) in enumerate(plan):
            active = list(household.loans.filter(status="active").order_by("id"))
            if not active:
                break
            loan = active[index % len(active)]
            amount = Decimal(amount)
            on = D(2025, 1, 1) + datetime.timedelta(days=number)
            try:
                if kind == "repay":
                    restructure.loan_repay(
                        by=officer, household=household, loan=loan, amount=amount, on=on
                    )
                    lowered += amount
                elif kind == "write_off":
                    restructure.loan_write_off(
                        by=officer,
                        household=household,
                        loan=loan,
                        amount=amount,
                        on=on,
                        decision_ref="มติ",
                    )
                    lowered += amount
                elif kind == "transfer":
                    restructure.debt_transfer(
                        by=officer,
                        household=household,
                        loan=loan,
                        to_group=groups[group],
                        amount=amount,
                        contract_ref=f"P-{household.pk}-{number}",
                        on=on,
                    )
                elif kind == "consolidate":
                    restructure.loans_consolidate(
                        by=officer,
                        household=household,
                        loans=active,
                        to_group=groups[group],
                        contract_ref=f"P-{household.pk}-{number}",
                        rate=Decimal(5),
                        term=12,
                        on=on,
                    )
                else:
                    restructure.loan_terms_change(
                        by=officer,
                        household=household,
                        loan=loan,
                        new_rate=Decimal(group),
                        new_term=12 + group,
                        on=on,
                    )
            except ValidationError:
                pass  # a refused step changes nothing, which the totals below also prove
        household.refresh_from_db()
        loans = Loan.objects.filter(household=household)
        total = sum((loan.outstanding for loan in loans), Decimal(0))
        assert total == Decimal(sum(amounts)) - lowered
        assert household.outstanding == total
        assert all(loan.outstanding >= 0 for loan in loans)
        for event in DebtEvent.objects.filter(
            household=household, kind__in=["transfer", "consolidation"]
        ):
            assert sum(m.amount for m in event.movements.all()) == 0
        transaction.set_rollback(True)


def test_two_officers_acting_on_the_same_loan_at_once_cannot_overpay(areas_loaded):
    """Two connections each repay 700 of a 1,000 loan at the same moment: one is refused."""
    from cddfund import demo
    from institutes import demo as institutes_demo

    context: dict = {}
    demo.seed(context)
    institutes_demo.seed(context)
    officer, centre = context["accounts"]["phan"], context["centres"]["บ้านป่าเปา"]
    household, _groups = surveyed_household(officer, centre, [1000])
    loan = household.loans.get()

    inside = threading.Event()
    outcomes = []

    def act(hold):
        try:
            with transaction.atomic():
                restructure.loan_repay(
                    by=officer,
                    household=household,
                    loan=loan,
                    amount=Decimal(700),
                    on=D(2025, 1, 1),
                )
                if hold:
                    inside.set()
                    threading.Event().wait(1.0)
            outcomes.append("ok")
        except ValidationError as exc:
            outcomes.append(exc.message_dict["amount"][0])
        finally:
            connections.close_all()

    first = threading.Thread(target=act, args=(True,))
    first.start()
    inside.wait(5)
    second = threading.Thread(target=act, args=(False,))
    second.start()
    first.join()
    second.join()
    assert len(outcomes) == 2 and outcomes.count("ok") == 1
    assert "(300.00 บาท)" in next(o for o in outcomes if o != "ok")
    loan.refresh_from_db()
    assert loan.outstanding == Decimal(300)
    assert Household.objects.get(pk=household.pk).outstanding == Decimal(300)
