"""Households and the debt survey."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from cddfund import records, thai
from cddfund.models import User
from cddfund.scope import area_of, can_edit
from debts.models import Household, Loan, LoanStatus, Survey, SurveyLine
from debts.services.messages import (
    CONTRACT_TAKEN,
    CREDITOR_OTHER_VILLAGE,
    RATE_RANGE,
    TERM_REQUIRED,
)
from debts.services.standing import refresh_standing
from institutes.models import Centre, VillageGroup

HEAD_ID_TAKEN = _("เลขประจำตัวประชาชนนี้เป็นหัวหน้าครัวเรือน %(house)s อยู่แล้ว")
# A household of another district is not named: its house and village are not the officer's to see.
HEAD_ID_TAKEN_ELSEWHERE = _("เลขประจำตัวประชาชนนี้เป็นหัวหน้าครัวเรือนในอำเภออื่นอยู่แล้ว")
POSSIBLE_DUPLICATE = _(
    "อาจซ้ำกับครัวเรือนที่มีอยู่: บ้านเลขที่ %(house)s %(name)s ถ้าไม่ใช่ครัวเรือนเดียวกัน ให้ติ๊กยืนยันแล้วบันทึกอีกครั้ง"
)
CREDITOR_REQUIRED = _("เลือกกลุ่มเจ้าหนี้ในหมู่บ้าน หรือระบุสถาบันการเงินนอกหมู่บ้าน อย่างใดอย่างหนึ่ง")
OUTSTANDING_OVER_PRINCIPAL = _("หนี้คงค้างต้องไม่เกินเงินต้นตามสัญญา (%(principal)s บาท)")
OUTSTANDING_NEGATIVE = _("หนี้คงค้างต้องไม่ติดลบ")
CONTRACT_AFTER_SURVEY = _("วันที่ทำสัญญาต้องไม่หลังวันที่สำรวจ (%(date)s)")
SURVEY_BEFORE_BASELINE = _("วันที่สำรวจต้องไม่ก่อนการสำรวจครั้งแรก (%(date)s)")
NO_LOANS = _("การสำรวจครั้งแรกต้องมีสัญญาเงินกู้อย่างน้อย 1 สัญญา")


HOUSEHOLD_FIELDS = ("house_number", "head_name", "head_national_id", "members", "phone")


def possible_duplicate(*, village, house_number: str, head_name: str, exclude_pk=None):
    """A household of the village with the same house number and head's name, if any."""
    return (
        Household.objects.filter(
            village=village,
            house_number__iexact=house_number.strip(),
            head_name__iexact=" ".join(head_name.split()),
        )
        .exclude(pk=exclude_pk)
        .first()
    )


def _check_household(household: Household, *, by: User, duplicate_confirmed: bool) -> None:
    household.head_national_id = thai.validate_national_id(household.head_national_id)
    household.head_id_masked = thai.mask_national_id(household.head_national_id)
    household.head_name = " ".join(household.head_name.split())
    household.house_number = household.house_number.strip()
    taken = (
        Household.objects.filter(head_national_id=household.head_national_id)
        .exclude(pk=household.pk)
        .first()
    )
    if taken and not can_edit(by, taken):
        raise ValidationError({"head_national_id": ValidationError(HEAD_ID_TAKEN_ELSEWHERE)})
    if taken:
        raise ValidationError(
            {
                "head_national_id": ValidationError(
                    HEAD_ID_TAKEN, params={"house": f"{taken.house_number} {taken.village}"}
                )
            }
        )
    duplicate = possible_duplicate(
        village=household.village,
        house_number=household.house_number,
        head_name=household.head_name,
        exclude_pk=household.pk,
    )
    if duplicate and not duplicate_confirmed:
        raise ValidationError(
            ValidationError(
                POSSIBLE_DUPLICATE,
                code="possible_duplicate",
                params={"house": duplicate.house_number, "name": duplicate.head_name},
            )
        )


@transaction.atomic
def household_create(
    *, by: User, centre: Centre, duplicate_confirmed: bool = False, **fields
) -> Household:
    household = Household(
        centre=centre,
        village=centre.village,
        **area_of(centre),
    )
    for name in HOUSEHOLD_FIELDS:
        setattr(household, name, fields.get(name, ""))
    records.check_can_edit(by, household)
    _check_household(household, by=by, duplicate_confirmed=duplicate_confirmed)
    return records.save(
        household,
        constraint_messages={
            "debts_household_unique_head_id": {"head_national_id": HEAD_ID_TAKEN % {"house": "-"}}
        },
    )


@transaction.atomic
def household_update(
    *, by: User, household: Household, duplicate_confirmed: bool = False, **fields
) -> Household:
    records.check_can_edit(by, household)
    for name in HOUSEHOLD_FIELDS:
        if name in fields:
            setattr(household, name, fields[name])
    _check_household(household, by=by, duplicate_confirmed=duplicate_confirmed)
    return records.save(household)


@dataclass
class LoanInput:
    """One loan as the survey form gives it."""

    contract_no: str
    borrower: str
    contract_date: datetime.date
    principal: Decimal
    outstanding: Decimal
    interest_rate: Decimal
    term_months: int
    months_in_arrears: int = 0
    purpose: str = ""
    creditor_group: VillageGroup | None = None
    external_kind: str = ""
    external_name: str = ""


def _errors_for(prefix: str, errors: dict) -> ValidationError:
    return ValidationError({f"{prefix}{field}": messages for field, messages in errors.items()})


def check_loan(item: LoanInput, *, household: Household, on: datetime.date, prefix="") -> None:
    """Every rule of one surveyed loan; errors are keyed ``prefix + field`` for its form row."""
    errors: dict = {}
    external = bool(item.external_kind or item.external_name.strip())
    if bool(item.creditor_group) == external or (
        external and not (item.external_kind and item.external_name.strip())
    ):
        errors["creditor_group"] = [CREDITOR_REQUIRED]
    elif item.creditor_group and item.creditor_group.village_id != household.village_id:
        errors["creditor_group"] = [CREDITOR_OTHER_VILLAGE % {"group": item.creditor_group.name}]
    if item.principal is None or item.principal <= 0:
        errors["principal"] = [records.AMOUNT_NOT_POSITIVE]
    if item.outstanding is None or item.outstanding < 0:
        errors["outstanding"] = [OUTSTANDING_NEGATIVE]
    elif item.principal and item.outstanding > item.principal:
        errors["outstanding"] = [
            OUTSTANDING_OVER_PRINCIPAL % {"principal": thai.format_number(item.principal)}
        ]
    if item.interest_rate is None or not 0 <= item.interest_rate <= 100:
        errors["interest_rate"] = [RATE_RANGE]
    if not item.term_months or item.term_months < 1:
        errors["term_months"] = [TERM_REQUIRED]
    if item.contract_date and item.contract_date > on:
        errors["contract_date"] = [CONTRACT_AFTER_SURVEY % {"date": thai.format_date(on)}]
    if (
        item.creditor_group
        and Loan.objects.filter(
            creditor_group=item.creditor_group, contract_no=item.contract_no.strip()
        ).exists()
    ):
        errors["contract_no"] = [
            CONTRACT_TAKEN % {"group": item.creditor_group.name, "number": item.contract_no}
        ]
    if errors:
        raise _errors_for(prefix, errors)


def _open_loan(household: Household, item: LoanInput, found_on: datetime.date) -> Loan:
    loan = Loan(
        household=household,
        **area_of(household),
        creditor_group=item.creditor_group,
        external_kind=item.external_kind if not item.creditor_group else "",
        external_name=item.external_name.strip() if not item.creditor_group else "",
        contract_no=item.contract_no.strip(),
        borrower=item.borrower.strip() or household.head_name,
        contract_date=item.contract_date,
        principal=item.principal,
        outstanding=item.outstanding,
        interest_rate=item.interest_rate,
        term_months=item.term_months,
        months_in_arrears=item.months_in_arrears or 0,
        purpose=item.purpose,
        status=LoanStatus.ACTIVE if item.outstanding > 0 else LoanStatus.CLOSED,
        opened_on=found_on,
    )
    return records.save(loan)


@transaction.atomic
def loan_details_update(*, by: User, loan: Loan, borrower: str, purpose: str) -> Loan:
    """The borrower's name and the purpose of a loan: words only, never its figures."""
    records.check_can_edit(by, loan)
    loan.borrower = " ".join((borrower or "").split()) or loan.borrower
    loan.purpose = purpose or ""
    return records.save(loan)


@transaction.atomic
def survey_record(
    *,
    by: User,
    household: Household,
    surveyed_on: datetime.date,
    new_loans: list[LoanInput],
    note: str = "",
) -> Survey:
    """Record a survey: the loans found for the first time, and a snapshot of every loan.

    The first survey is the household's baseline; its lines are never changed afterwards.
    """
    # Lock the household: a survey and a restructuring of the same household do not interleave.
    household = Household.objects.select_for_update().get(pk=household.pk)
    records.check_can_edit(by, household)
    records.not_future("surveyed_on", surveyed_on)
    baseline = household.baseline_on is None
    if baseline and not new_loans:
        raise ValidationError(NO_LOANS)
    if not baseline and surveyed_on < household.baseline_on:
        raise ValidationError(
            {
                "surveyed_on": ValidationError(
                    SURVEY_BEFORE_BASELINE, params={"date": thai.format_date(household.baseline_on)}
                )
            }
        )
    errors: dict = {}
    for index, item in enumerate(new_loans):
        try:
            check_loan(item, household=household, on=surveyed_on, prefix=f"loans-{index}-")
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    survey = records.save(
        Survey(
            household=household,
            **area_of(household),
            surveyed_on=surveyed_on,
            is_baseline=baseline,
            recorded_by=by,
            note=note,
        )
    )
    for item in new_loans:
        _open_loan(household, item, surveyed_on)
    lines = [
        SurveyLine(
            survey=survey,
            loan=loan,
            **area_of(household),
            outstanding=loan.outstanding,
            interest_rate=loan.interest_rate,
            term_months=loan.term_months,
            months_in_arrears=loan.months_in_arrears,
        )
        for loan in household.loans.filter(status=LoanStatus.ACTIVE)
    ]
    SurveyLine.objects.bulk_create(lines)
    if baseline:
        village = [line for line in lines if line.loan.creditor_group_id]
        household.baseline_on = surveyed_on
        household.baseline_contracts = sum(1 for line in village if line.outstanding > 0)
        household.baseline_outstanding = sum((line.outstanding for line in village), Decimal(0))
        household.save(update_fields=["baseline_on", "baseline_contracts", "baseline_outstanding"])
    refresh_standing(household, dated=surveyed_on)
    return survey
