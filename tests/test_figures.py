"""The official debt figures (debts/figures.py): one definition each, as of a period's last day,
the same wherever they are shown."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessments import suggestions
from cddfund import thai
from cddfund.periods import Period
from debts import figures, selectors
from debts.models import Household
from debts.services import classes, households, restructure
from debts.services.households import LoanInput
from reports import data, registers
from tests.test_debts import replayed
from tests.test_restructure import surveyed_household

D = datetime.date
pytestmark = pytest.mark.django_db

# ปีงบประมาณ 2568 = 1 Oct 2024 - 30 Sep 2025; its first round ends on 31 March 2025.
FY2568 = Period(2568)
ROUND1 = Period(2568, 1)


@pytest.fixture
def phan(accounts, centres):
    return accounts["phan"], centres["บ้านป่าเปา"]


def enrol(officer, household, on, year=2568):
    classes.target_save(
        by=officer, household=household, fiscal_year=year, enrolled_on=on, reason="หนี้หลายสัญญา"
    )
    household.refresh_from_db()


def repay(officer, household, amount, on, loan=None):
    loan = loan or household.loans.filter(status="active").order_by("id").first()
    restructure.loan_repay(
        by=officer, household=household, loan=loan, amount=Decimal(amount), on=on
    )
    household.refresh_from_db()


def counts(officer, period):
    [row] = figures.period_counts(Household.objects.visible_to(officer), period)
    return row


# --- the definitions --------------------------------------------------------------------------


def test_percentages_are_rounded_half_up():
    assert thai.percent(21, 32) == Decimal("65.63")  # 65.625: half to even would give 65.62
    assert thai.percent(1, 3) == Decimal("33.33") and thai.percent(2, 3) == Decimal("66.67")
    assert thai.percent(5, 0) is None
    assert selectors.KpiRow("", "", 32, 21, 0).share == Decimal("65.63")


def test_reduced_is_measured_from_when_the_household_entered_debt_management(phan):
    officer, centre = phan
    household, _ = surveyed_household(officer, centre, [10000, 5000])
    repay(officer, household, 2000, D(2024, 11, 10))  # before it was enrolled
    enrol(officer, household, D(2024, 12, 1))
    assert (household.enrolled_on, household.enrolled_outstanding) == (D(2024, 12, 1), 13000)
    assert not household.reduced  # 13,000 then, 13,000 now: the earlier repayment does not count
    row = counts(officer, FY2568)
    assert (row["targets"], row["reduced"]) == (1, 0)

    repay(officer, household, 1000, D(2025, 1, 10))
    assert household.reduced and not household.cleared
    assert counts(officer, FY2568)["reduced"] == 1


def test_a_step_dated_before_the_enrolment_moves_what_was_owed_then(phan):
    officer, centre = phan
    household, _ = surveyed_household(officer, centre, [10000])
    enrol(officer, household, D(2024, 12, 1))
    repay(officer, household, 4000, D(2024, 11, 20))  # entered late, dated before the enrolment
    assert household.enrolled_outstanding == 6000 and not household.reduced


def test_cleared_and_the_one_contract_split(phan):
    officer, centre = phan
    household, _ = surveyed_household(officer, centre, [3000, 2000])
    enrol(officer, household, D(2024, 12, 1))
    assert not household.reached_one_contract
    repay(officer, household, 2000, D(2025, 1, 5), loan=household.loans.get(outstanding=2000))
    row = counts(officer, FY2568)
    assert (row["one"], row["none"], row["reached"], row["cleared"]) == (1, 0, 1, 0)
    repay(officer, household, 3000, D(2025, 2, 5))
    row = counts(officer, FY2568)
    assert (row["one"], row["none"], row["reached"], row["cleared"], row["reduced"]) == (
        0,
        1,
        1,
        1,
        1,
    )
    assert household.cleared and household.reached_one_contract


def test_the_rounds_are_as_of_their_own_last_day(phan):
    officer, centre = phan
    household, _ = surveyed_household(officer, centre, [10000])
    enrol(officer, household, D(2024, 12, 1))
    repay(officer, household, 10000, D(2025, 5, 1))  # in the second round
    assert ROUND1.end == D(2025, 3, 31) and Period(2568, 2).start == D(2025, 4, 1)
    first, year = counts(officer, ROUND1), counts(officer, FY2568)
    assert (first["reduced"], first["then"]) == (0, 10000)
    assert (year["reduced"], year["cleared"], year["then"]) == (1, 1, 0)
    # Enrolled after the first round ended: not a target of that round.
    later, _ = surveyed_household(
        officer, centre, [500], national_id=thai.with_check_digit("110170023071")
    )
    enrol(officer, later, D(2025, 4, 2))
    assert counts(officer, ROUND1)["targets"] == 1 and counts(officer, FY2568)["targets"] == 2


def test_a_step_before_the_survey_that_found_the_loan_is_refused(phan):
    officer, centre = phan
    household, _ = surveyed_household(officer, centre, [10000])  # surveyed on 1 Nov 2024
    with pytest.raises(ValidationError) as info:
        repay(officer, household, 100, D(2024, 10, 1))
    assert info.value.message_dict["occurred_on"] == [
        f"วันที่ต้องไม่ก่อนวันที่สัญญา {household.loans.get().contract_no} เริ่มมีในทะเบียน (01/11/2567)"
    ]


def test_the_enrolment_date_is_checked(phan):
    officer, centre = phan
    household, _ = surveyed_household(officer, centre, [10000])  # surveyed on 1 Nov 2024

    def refused(on, year=2568):
        with pytest.raises(ValidationError) as info:
            enrol(officer, household, on, year)
        return info.value.message_dict["enrolled_on"]

    assert refused(D(2024, 10, 31)) == ["วันที่เข้าร่วมโครงการต้องไม่ก่อนวันที่สำรวจหนี้ครั้งแรก (01/11/2567)"]
    assert refused(D(2025, 10, 1)) == ["วันที่เข้าร่วมโครงการต้องไม่หลังสิ้นปีงบประมาณ 2568 (30/09/2568)"]
    assert refused(None) == ["กรุณากรอกข้อมูลนี้"]
    assert not household.targets.exists()


# --- as of a day: later records never change a period's figures --------------------------------

# A record is (days after the survey, kind, loan index, amount in baht).
records = st.lists(
    st.tuples(
        st.integers(min_value=1, max_value=600),
        st.sampled_from(["repay", "transfer", "consolidate", "survey", "enrol"]),
        st.integers(min_value=0, max_value=3),
        st.integers(min_value=1, max_value=9000),
    ),
    max_size=8,
)


def _record(officer, household, groups, number, days, kind, index, amount):
    on = D(2024, 11, 1) + datetime.timedelta(days=days)
    active = list(household.loans.filter(status="active").order_by("id"))
    try:
        if kind == "enrol":
            year = thai.fiscal_year(on)
            if not household.targets.filter(fiscal_year=year).exists():
                enrol(officer, household, on, year)
        elif kind == "survey":
            households.survey_record(
                by=officer,
                household=household,
                surveyed_on=on,
                new_loans=[
                    LoanInput(
                        contract_no=f"S-{household.pk}-{number}",
                        borrower="",
                        contract_date=on,
                        principal=Decimal(amount),
                        outstanding=Decimal(amount),
                        interest_rate=Decimal(6),
                        term_months=12,
                        creditor_group=groups[index % len(groups)],
                    )
                ],
            )
        elif not active:
            return
        elif kind == "repay":
            loan = active[index % len(active)]
            restructure.loan_repay(
                by=officer, household=household, loan=loan, amount=Decimal(amount), on=on
            )
        elif kind == "transfer":
            restructure.debt_transfer(
                by=officer,
                household=household,
                loan=active[index % len(active)],
                to_group=groups[(index + 1) % len(groups)],
                amount=Decimal(amount),
                contract_ref=f"P-{household.pk}-{number}",
                on=on,
            )
        else:
            restructure.loans_consolidate(
                by=officer,
                household=household,
                loans=active,
                to_group=groups[index % len(groups)],
                contract_ref=f"P-{household.pk}-{number}",
                rate=Decimal(5),
                term=12,
                on=on,
            )
    except ValidationError:
        pass  # a refused record changes nothing
    household.refresh_from_db()


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(amounts=st.lists(st.integers(1000, 20000), min_size=1, max_size=3), history=records)
def test_records_dated_after_a_period_never_change_its_figures(phan, amounts, history):
    officer, centre = phan
    with transaction.atomic():
        household, groups = surveyed_household(officer, centre, amounts)
        enrol(officer, household, D(2024, 11, 15))
        end = FY2568.end  # 30 Sep 2025: records are dated from Nov 2024 to June 2026
        ordered = sorted(history, key=lambda r: r[0])
        inside = [r for r in ordered if D(2024, 11, 1) + datetime.timedelta(days=r[0]) <= end]
        after = ordered[len(inside) :]
        for number, record in enumerate(inside):
            _record(officer, household, groups, number, *record)
        before = {period: counts(officer, period) for period in (FY2568, ROUND1)}
        owed = replayed(household, end)
        for number, record in enumerate(after, start=len(inside)):
            _record(officer, household, groups, number, *record)
        assert {period: counts(officer, period) for period in (FY2568, ROUND1)} == before
        # ... and they are what a forward replay of the raw records gives.
        assert (before[FY2568]["then"], before[FY2568]["one"] + before[FY2568]["none"]) == (
            owed[0],
            int(owed[1] <= 1),
        )
        transaction.set_rollback(True)


# --- the same figures wherever they are shown ---------------------------------------------------


def test_every_place_counts_one_contract_reduced_and_cleared_alike(
    households, accounts, client_for
):
    """The home card, the household list's filters, a centre's page, its register, the indicator
    suggestion, the KPI page, the report and its API give the same numbers for the demo."""
    period = Period.current()
    client = client_for("phan")
    centre = Household.objects.filter(district_id="5705").first().centre
    mine = Household.objects.filter(centre=centre)

    def listed(**params):
        page = client.get(reverse("household_list"), {"centre": centre.pk, **params})
        return len(page.context["table"].page.object_list)

    # Reached 1 household 1 contract, today.
    reached = mine.filter(figures.reached()).count()
    cards = {str(c.label): c.number for c in client.get(reverse("home")).context["cards"]}
    assert cards["ครัวเรือนที่ถึง 1 ครัวเรือน 1 สัญญา"] == str(reached)
    assert listed(one_contract="yes") == reached
    page = client.get(reverse("centre_households", args=[centre.pk]))
    assert page.context["counts"]["reached"] == reached
    register = registers.REGISTER_REPORTS["one-contract"].rows(centre, period.fiscal_year)
    assert sum(1 for row in register if row["contracts"] <= 1) == reached
    _, note = suggestions.one_contract(centre, period.fiscal_year)
    assert f"ครัวเรือนที่เหลือไม่เกิน 1 สัญญา {reached} จาก" in note

    # Reduced and cleared, today: the list and the register.
    assert listed(standing="reduced") == sum(1 for r in register if r["result"] != "-") > 0
    assert listed(standing="cleared") == sum(1 for r in register if r["result"] == "ปลดหนี้") > 0

    # As of the period: the KPI page, its links, the report and the API.
    kpi = client.get(reverse("debt_kpi"), {"year": period.fiscal_year, "level": "centre"})
    [row] = [r for r in kpi.context["rows"] if r.key == str(centre.pk)]
    report = data.debt_results(accounts["phan"], period)
    [district] = report.rows
    api = client.get(reverse("report_api", args=["debts"]), {"year": period.fiscal_year}).json()
    assert (row.targets, row.reduced, row.cleared) == (
        district["targets"],
        district["reduced"],
        district["cleared"],
    )
    assert api["total"]["reduced"] == row.reduced and api["total"]["cleared"] == row.cleared
    assert api["total"]["reached"] == district["reached"]
    query = {"kpi_period": period.code, "centre": centre.pk}
    assert listed(**query) == row.targets
    assert listed(**query, standing="reduced") == row.reduced
    assert listed(**query, standing="cleared") == row.cleared
    assert listed(**query, one_contract="yes") == district["reached"]


def test_a_running_period_reads_the_standing_columns_and_they_agree_with_the_records(
    households, accounts, monkeypatch
):
    """While a period runs nothing can be dated after today, so its figures come from the
    standing columns; computed from the dated records instead they are the same."""
    period = Period.current()
    scope = Household.objects.visible_to(accounts["central"])
    from_columns = figures.period_counts(scope, period, "district")
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    monkeypatch.setattr(figures, "_today", lambda: tomorrow)
    from_records = figures.period_counts(scope, period, "district")
    assert sorted(from_records, key=lambda r: r["key"]) == sorted(
        from_columns, key=lambda r: r["key"]
    )
    assert sum(r["reduced"] for r in from_columns) == 12


def test_a_running_period_reads_each_household_of_the_area_once(households, accounts):
    """An area's running figures read its households where the area's filter finds them, not
    again by id (a district's thousands of rows had been read twice)."""
    import re

    from django.db import connection

    user = accounts["maesuai"]
    scope = Household.objects.visible_to(user).filter(figures.targets_in(Period.current(), user))
    sql, params = figures._on_day_sql(scope, timezone.localdate(), "count(*)")
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(line for (line,) in cursor.fetchall())
    assert len(re.findall(r" on debts_household\b", plan)) == 1, plan
    [(counted,)] = figures._on_day(scope, timezone.localdate(), "count(*)")
    assert counted == scope.count() > 0


def test_the_country_and_an_area_read_a_past_day_alike(records, accounts, monkeypatch):
    """A past day's standing is read in one grouped pass for the whole country and household by
    household for an area (debts/figures.py): the same figures, for every day and period."""
    everyone = Household.objects.all()
    select = "h.id, s.owed, s.contracts"
    days = [Period(y, r).end for y in (Period.current().fiscal_year - 1,) for r in (0, 1)]
    days.append(timezone.localdate() - datetime.timedelta(days=1))
    for day in days:
        grouped = sorted(figures._on_day(everyone, day, select, country=True))
        by_household = sorted(figures._on_day(everyone, day, select, country=False))
        assert grouped == by_household and any(owed for _id, owed, _n in grouped), day
    period = Period(Period.current().fiscal_year - 1)
    central, scope = accounts["central"], Household.objects.visible_to(accounts["central"])
    assert sorted(
        figures.period_counts(scope, period, "district", central), key=lambda r: r["key"]
    ) == sorted(figures.period_counts(scope, period, "district"), key=lambda r: r["key"])


def test_districts_and_centres_counted_in_one_pass_are_those_counted_apart(records, accounts):
    for account in ("central", "chiangrai"):
        user = accounts[account]
        households = Household.objects.visible_to(user)
        for period in (Period(Period.current().fiscal_year - 1), Period.current()):
            districts, centres = figures.period_counts_by_district_and_centre(
                households, period, user
            )
            apart = figures.period_counts(households, period, "district", user)
            assert sorted(districts, key=str) == sorted(apart, key=str) and len(districts) > 1
            apart = figures.period_counts(households, period, "centre", user)
            assert sorted(centres, key=str) == sorted(apart, key=str) and len(centres) > 1
