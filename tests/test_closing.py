"""Closed periods: records dated inside one are kept as they were (cddfund/closing.py)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction

from cddfund import closing, records
from cddfund import services as core_services
from cddfund.models import PeriodClosing
from cddfund.periods import Period
from cddfund.scope import Role
from debts.services import restructure
from institutes.models import Meeting
from institutes.services import members, registers, shares
from tests.factories import (
    AssessmentFactory,
    MeetingFactory,
    MembershipFactory,
    OfficerFactory,
    RepaymentFactory,
    SharePurchaseFactory,
    WelfareGrantFactory,
    surveyed_household,
)

pytestmark = pytest.mark.django_db

FY2568 = Period(2568)  # 1 Oct 2024 - 30 Sep 2025
ROUND1_2568 = Period(2568, 1)  # 1 Oct 2024 - 31 Mar 2025


def central():
    return OfficerFactory(role=Role.CENTRAL, district=None, province=None)


def closed(period=FY2568):
    return core_services.period_lock(by=central(), period=period)


def refused_message(error: ValidationError, field: str) -> str:
    [message] = error.message_dict[field]
    return message


def test_a_back_dated_repayment_into_a_closed_year_is_refused_in_thai():
    household = surveyed_household(surveyed_on=datetime.date(2024, 11, 1))
    loan = household.loans.first()
    closed()
    with pytest.raises(ValidationError) as refused:
        restructure.loan_repay(
            by=OfficerFactory(),
            household=household,
            loan=loan,
            amount=Decimal("100"),
            on=datetime.date(2025, 9, 30),
        )
    assert refused_message(refused.value, "occurred_on") == (
        "วันที่ 30/09/2568 อยู่ในปีงบประมาณ 2568 ซึ่งส่วนกลางปิดงวดแล้ว: บันทึก แก้ไข หรือลบรายการที่"
        "ลงวันที่ในงวดนี้ไม่ได้ หากจำเป็นต้องแก้ ขอให้ส่วนกลางเปิดงวดพร้อมระบุเหตุผล"
    )
    loan.refresh_from_db()
    assert loan.outstanding == Decimal("5000")


def test_a_repayment_after_the_closed_year_is_kept_and_lowers_a_loan_opened_in_it():
    household = surveyed_household(surveyed_on=datetime.date(2024, 11, 1))
    loan = household.loans.order_by("pk").first()
    closed()
    RepaymentFactory(household=household, loan=loan, on=datetime.date(2025, 10, 1))
    loan.refresh_from_db()
    assert loan.outstanding == Decimal("4000")


def test_the_database_refuses_a_write_into_a_closed_period_that_bypasses_the_services():
    meeting = MeetingFactory(held_on=datetime.date(2025, 3, 5))
    closed()
    with pytest.raises(IntegrityError) as refused, transaction.atomic():
        Meeting.objects.filter(pk=meeting.pk).update(attendance=99)
    assert closing.refusal(refused.value).message_dict["held_on"]
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.filter(pk=meeting.pk).delete()
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.filter(pk=meeting.pk).update(held_on=datetime.date(2025, 10, 5))


def test_a_record_cannot_be_moved_back_into_a_closed_period():
    meeting = MeetingFactory(held_on=datetime.date(2025, 10, 5))
    closed()
    meeting.held_on = datetime.date(2025, 9, 1)
    with pytest.raises(ValidationError) as refused:
        records.save(meeting)
    assert "held_on" in refused.value.message_dict


def test_a_record_of_an_open_period_can_still_be_changed():
    meeting = MeetingFactory(held_on=datetime.date(2025, 10, 5))
    closed()
    meeting.attendance = 20
    records.save(meeting)
    meeting.refresh_from_db()
    assert meeting.attendance == 20


def test_a_membership_begun_in_a_closed_period_can_end_later_but_not_inside_it():
    membership = MembershipFactory(joined_on=datetime.date(2024, 12, 1))
    closed()
    with pytest.raises(ValidationError) as refused:
        members.membership_leave(
            by=OfficerFactory(), membership=membership, left_on=datetime.date(2025, 6, 1)
        )
    assert "left_on" in refused.value.message_dict
    membership.refresh_from_db()
    members.membership_leave(
        by=OfficerFactory(), membership=membership, left_on=datetime.date(2025, 10, 2)
    )
    membership.refresh_from_db()
    assert membership.left_on == datetime.date(2025, 10, 2)


def test_share_lines_of_a_closed_round_are_kept_and_later_lines_are_taken():
    line = SharePurchaseFactory(on=datetime.date(2025, 1, 15))
    closed(ROUND1_2568)
    with pytest.raises(ValidationError) as refused:
        shares.share_delete(by=OfficerFactory(), txn=line)
    assert "made_on" in refused.value.message_dict
    later = shares.share_purchase(
        by=OfficerFactory(),
        centre=line.centre,
        group=line.group,
        amount=Decimal("500"),
        on=datetime.date(2025, 4, 1),
    )
    assert type(line).objects.filter(pk__in=[line.pk, later.pk]).count() == 2


def test_fiscal_year_records_of_a_closed_year_are_kept():
    grant = WelfareGrantFactory(fiscal_year=2568)
    assessment = AssessmentFactory(fiscal_year=2568)
    closed()
    grant.people = 9
    with pytest.raises(ValidationError):
        records.save(grant)
    with pytest.raises(IntegrityError), transaction.atomic():
        type(assessment).objects.filter(pk=assessment.pk).update(score=0, state="submitted")
    # A round closing does not lock the year's assessments (they are dated by its last day).
    core_services.period_unlock(by=central(), period=FY2568, reason="แก้ไขข้อมูลที่บันทึกผิด")
    closed(ROUND1_2568)
    grant.people = 9
    records.save(grant)


def test_reopening_with_a_reason_lets_the_records_change_and_keeps_the_closing():
    meeting = MeetingFactory(held_on=datetime.date(2025, 3, 5))
    first = closed()
    reopened = core_services.period_unlock(
        by=central(), period=FY2568, reason="อำเภอบันทึกการประชุมผิดวัน"
    )
    assert reopened.pk == first.pk and reopened.is_reopened
    meeting.attendance = 30
    records.save(meeting)
    again = closed()
    assert again.version == 2
    assert list(PeriodClosing.objects.values_list("version", flat=True)) == [2, 1]


def test_reopening_needs_a_reason():
    closed()
    with pytest.raises(ValidationError) as refused:
        core_services.period_unlock(by=central(), period=FY2568, reason="  แก้  ")
    assert refused.value.message_dict["reason"] == ["ระบุเหตุผลที่ต้องเปิดงวด อย่างน้อย 10 ตัวอักษร"]


def test_only_central_office_closes_or_reopens_a_period():
    district = OfficerFactory()
    province = OfficerFactory(role=Role.PROVINCE, district=None, province=district.province)
    for officer in (district, province):
        with pytest.raises(PermissionDenied):
            core_services.period_lock(by=officer, period=FY2568)
    closed()
    with pytest.raises(PermissionDenied):
        core_services.period_unlock(by=OfficerFactory(), period=FY2568, reason="เหตุผลที่ยาวพอสมควร")


def test_a_period_that_has_not_ended_or_is_closed_cannot_be_closed():
    with pytest.raises(ValidationError) as refused:
        closed(Period(2700))
    assert "งวดยังไม่สิ้นสุด" in refused.value.messages[0]
    with pytest.raises(ValidationError) as refused:
        closed(Period(2568, 2))
    assert refused.value.messages == ["รอบที่ 2 สิ้นสุดพร้อมปีงบประมาณ: ปิดทั้งปีงบประมาณแทน"]
    closed()
    with pytest.raises(ValidationError) as refused:
        closed()
    assert refused.value.messages == ["ปีงบประมาณ 2568 ปิดงวดอยู่แล้ว"]


def test_the_database_keeps_one_closing_in_force_per_period():
    first = closed()
    with pytest.raises(IntegrityError), transaction.atomic():
        PeriodClosing.objects.create(
            fiscal_year=2568,
            round=0,
            version=2,
            starts_on=first.starts_on,
            ends_on=first.ends_on,
            closed_by=first.closed_by,
            closed_at=first.closed_at,
        )


def test_a_reopened_closing_needs_its_reason_in_the_database():
    first = closed()
    with pytest.raises(IntegrityError), transaction.atomic():
        PeriodClosing.objects.filter(pk=first.pk).update(
            reopened_at=first.closed_at, reopened_by=first.closed_by
        )


def test_every_model_whose_figures_a_period_reports_is_guarded():
    """A new dated model must say how a closed period keeps it (or be named here)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE t.tgname LIKE 'pgtrigger_closed_period_%'"
        )
        guarded = {name for (name,) in cursor.fetchall()}
    assert guarded == {
        "assessments_assessment",
        "assessments_provincesubmission",
        "debts_accountmonth",
        "debts_debtevent",
        "debts_debtplan",
        "debts_followupvisit",
        "debts_lifeplan",
        "debts_loan",
        "debts_occupationsupport",
        "debts_survey",
        "debts_targethousehold",
        "debts_trainingcourse",
        "institutes_capitalreceipt",
        "institutes_grouploan",
        "institutes_grouploanrepayment",
        "institutes_journalentry",
        "institutes_meeting",
        "institutes_memberdeposit",
        "institutes_membership",
        "institutes_planactivity",
        "institutes_sharetransaction",
        "institutes_welfaregrant",
    }


def test_registers_refuse_a_back_dated_record_on_its_date_field():
    meeting = MeetingFactory(held_on=datetime.date(2025, 10, 5))
    closed()
    with pytest.raises(ValidationError) as refused:
        registers.register_save(
            model=Meeting,
            by=OfficerFactory(),
            centre=meeting.centre,
            kind="board",
            held_on=datetime.date(2025, 9, 1),
            attendance=10,
            agenda="",
        )
    assert "held_on" in refused.value.message_dict
