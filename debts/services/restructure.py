"""Restructuring a household's debts, one event at a time.

Every function locks the household and its loans (in id order, so two officers acting on the
same loans wait for each other instead of deadlocking), checks the step, writes the event and
its movements, and refreshes the household's standing. Transfers and consolidations move money
between the household's own loans and their movements add up to zero (also checked by the
database when the transaction commits); only repayments and write-offs lower the debt.

``preview=True`` runs the same code and rolls it back, so what the officer is shown before
confirming is exactly what saving will do.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from cddfund import records, thai
from cddfund.models import User
from cddfund.scope import area_of
from debts.models import DebtEvent, EventKind, Household, Loan, LoanMovement, LoanStatus
from debts.services.messages import (
    CONTRACT_TAKEN,
    CREDITOR_OTHER_VILLAGE,
    NOT_SURVEYED,
    RATE_RANGE,
    TERM_REQUIRED,
)
from debts.services.standing import refresh_standing
from institutes.models import VillageGroup

LOAN_CLOSED = _("สัญญา %(contract)s ปิดแล้ว")
LOAN_OTHER_HOUSEHOLD = _("สัญญา %(contract)s ไม่ใช่ของครัวเรือนนี้")
AMOUNT_OVER_OUTSTANDING = _("จำนวนเงินเกินหนี้คงค้างของสัญญา %(contract)s (%(outstanding)s บาท)")
SAME_CREDITOR = _("สัญญานี้อยู่กับกลุ่ม %(group)s อยู่แล้ว เลือกกลุ่มอื่นที่จะรับโอนหนี้")
EXTERNAL_NOT_MOVED = _("หนี้ธนาคารหรือสถาบันการเงินนอกหมู่บ้านไม่นับเป็นหนี้ตามนิยาม จึงโอนหรือรวมไม่ได้")
CONSOLIDATE_TWO = _("การรวมสัญญาต้องเลือกอย่างน้อย 2 สัญญา")
NOTHING_CHANGED = _("อัตราดอกเบี้ยและระยะเวลาใหม่เหมือนเดิม ไม่มีอะไรเปลี่ยน")
BEFORE_LOAN = _("วันที่ต้องไม่ก่อนวันที่สัญญา %(contract)s เริ่มมีในทะเบียน (%(date)s)")
DECISION_REQUIRED = _("การตัดหนี้สูญต้องระบุอ้างอิงมติคณะกรรมการ")


@dataclass
class Position:
    """Where a household stands: shown before and after a step."""

    contracts: int
    outstanding: Decimal
    loans: list[tuple[str, str, Decimal]]

    @classmethod
    def of(cls, household: Household) -> "Position":
        loans = list(
            household.loans.filter(status=LoanStatus.ACTIVE, creditor_group__isnull=False)
            .select_related("creditor_group")
            .order_by("id")
        )
        return cls(
            contracts=sum(1 for loan in loans if loan.outstanding > 0),
            outstanding=sum((loan.outstanding for loan in loans), Decimal("0.00")),
            loans=[
                (loan.contract_no, loan.creditor_group.name, loan.outstanding) for loan in loans
            ],
        )


@dataclass
class Outcome:
    event: DebtEvent | None
    before: Position
    after: Position


def _lock(household: Household, loan_ids) -> tuple[Household, dict[int, Loan]]:
    household = Household.objects.select_for_update().get(pk=household.pk)
    loans = {
        loan.pk: loan
        for loan in Loan.objects.select_for_update(of=("self",))
        .filter(pk__in=sorted(set(loan_ids)))
        .select_related("creditor_group")
        .order_by("pk")
    }
    return household, loans


def _check_loans(household: Household, loans: dict[int, Loan], on: datetime.date, field="loan"):
    for loan in loans.values():
        if loan.household_id != household.pk:
            raise ValidationError(
                {
                    field: ValidationError(
                        LOAN_OTHER_HOUSEHOLD, params={"contract": loan.contract_no}
                    )
                }
            )
        if loan.status != LoanStatus.ACTIVE or loan.outstanding == 0:
            raise ValidationError(
                {field: ValidationError(LOAN_CLOSED, params={"contract": loan.contract_no})}
            )
        # Before the survey that found it (or the event that opened it) the records do not
        # know the loan: a step dated earlier would rewrite what the survey found.
        if on < loan.opened_on:
            raise ValidationError(
                {
                    "occurred_on": ValidationError(
                        BEFORE_LOAN,
                        params={
                            "contract": loan.contract_no,
                            "date": thai.format_date(loan.opened_on),
                        },
                    )
                }
            )


def _move(event: DebtEvent, loan: Loan, amount: Decimal) -> None:
    before = loan.outstanding
    loan.outstanding = before + amount
    if loan.outstanding == 0:
        loan.status = LoanStatus.CLOSED
    loan.save(update_fields=["outstanding", "status"])
    LoanMovement.objects.create(
        event=event, loan=loan, amount=amount, before=before, after=loan.outstanding
    )


def _new_loan(household, event, *, group, contract_no, amount, on, rate, term, borrower) -> Loan:
    if group.village_id != household.village_id:
        raise ValidationError(
            {"to_group": ValidationError(CREDITOR_OTHER_VILLAGE, params={"group": group.name})}
        )
    if Loan.objects.filter(creditor_group=group, contract_no=contract_no.strip()).exists():
        raise ValidationError(
            {
                "contract_ref": ValidationError(
                    CONTRACT_TAKEN, params={"group": group.name, "number": contract_no}
                )
            }
        )
    loan = Loan(
        household=household,
        **area_of(household),
        creditor_group=group,
        contract_no=contract_no.strip(),
        borrower=borrower,
        contract_date=on,
        principal=amount,
        outstanding=Decimal("0.00"),
        interest_rate=rate,
        term_months=term,
        opened_by=event,
        opened_on=on,
    )
    records.save(loan)
    return loan


def _run(
    *, by: User, household: Household, loan_ids, kind: str, on, preview: bool, fields, act: Callable
) -> Outcome:
    """The frame of every step: lock, check, write the event, act, refresh, maybe roll back."""
    with transaction.atomic():
        household, loans = _lock(household, loan_ids)
        records.check_can_edit(by, household)
        if not household.surveyed:
            raise ValidationError(NOT_SURVEYED)
        records.not_future("occurred_on", on)
        before = Position.of(household)
        event = DebtEvent(
            household=household,
            **area_of(household),
            kind=kind,
            occurred_on=on,
            recorded_by=by,
            outstanding_after=before.outstanding,
            contracts_after=before.contracts,
            reason=fields.get("reason", ""),
            decision_ref=fields.get("decision_ref", ""),
            contract_ref=fields.get("contract_ref", ""),
        )
        if fields.get("document"):
            event.document = fields["document"]
        act(household, loans, event)
        refresh_standing(household, dated=on)
        after = Position.of(household)
        event.outstanding_after = after.outstanding
        event.contracts_after = after.contracts
        event.save(update_fields=["outstanding_after", "contracts_after"])
        if preview:
            transaction.set_rollback(True)
            event = None
    return Outcome(event, before, after)


def _positive(amount) -> None:
    records.positive_amount("amount", amount)


def _not_over(loan: Loan, amount: Decimal) -> None:
    if amount > loan.outstanding:
        raise ValidationError(
            {
                "amount": ValidationError(
                    AMOUNT_OVER_OUTSTANDING,
                    params={
                        "contract": loan.contract_no,
                        "outstanding": thai.format_number(loan.outstanding),
                    },
                )
            }
        )


def _lower(kind, *, by, household, loan, amount, on, preview=False, **fields) -> Outcome:
    _positive(amount)

    def act(household, loans, event):
        target = loans[loan.pk]
        _check_loans(household, loans, on)
        _not_over(target, amount)
        records.save(event)
        _move(event, target, -amount)

    return _run(
        by=by,
        household=household,
        loan_ids=[loan.pk],
        kind=kind,
        on=on,
        preview=preview,
        fields=fields,
        act=act,
    )


def loan_repay(
    *, by: User, household: Household, loan: Loan, amount: Decimal, on, **rest
) -> Outcome:
    """The household pays back part or all of a loan: the only way its debt goes down.
    ``rest``: ``preview`` (check and show, write nothing), ``reason``, ``document``."""
    return _lower(
        EventKind.REPAYMENT, by=by, household=household, loan=loan, amount=amount, on=on, **rest
    )


def loan_write_off(
    *, by: User, household: Household, loan: Loan, amount: Decimal, on, **rest
) -> Outcome:
    """A write-off the board decided (its ``decision_ref`` is required and kept with the event)."""
    if not rest.get("decision_ref", "").strip():
        raise ValidationError({"decision_ref": ValidationError(DECISION_REQUIRED)})
    return _lower(
        EventKind.WRITE_OFF, by=by, household=household, loan=loan, amount=amount, on=on, **rest
    )


def loan_terms_change(
    *,
    by: User,
    household: Household,
    loan: Loan,
    new_rate: Decimal,
    new_term: int,
    on,
    preview=False,
    **fields,
) -> Outcome:
    if new_rate is None or not 0 <= new_rate <= 100:
        raise ValidationError({"new_rate": ValidationError(RATE_RANGE)})
    if not new_term or new_term < 1:
        raise ValidationError({"new_term": ValidationError(TERM_REQUIRED)})

    def act(household, loans, event):
        target = loans[loan.pk]
        _check_loans(household, loans, on)
        if target.interest_rate == new_rate and target.term_months == new_term:
            raise ValidationError(NOTHING_CHANGED)
        event.old_rate, event.new_rate = target.interest_rate, new_rate
        event.old_term, event.new_term = target.term_months, new_term
        records.save(event)
        target.interest_rate, target.term_months = new_rate, new_term
        target.save(update_fields=["interest_rate", "term_months"])
        LoanMovement.objects.create(
            event=event, loan=target, amount=0, before=target.outstanding, after=target.outstanding
        )

    return _run(
        by=by,
        household=household,
        loan_ids=[loan.pk],
        kind=EventKind.CHANGE_TERMS,
        on=on,
        preview=preview,
        fields=fields,
        act=act,
    )


def debt_transfer(
    *,
    by: User,
    household: Household,
    loan: Loan,
    to_group: VillageGroup,
    amount: Decimal,
    contract_ref: str,
    on,
    rate: Decimal | None = None,
    term: int | None = None,
    preview=False,
    **fields,
) -> Outcome:
    """Move ``amount`` of a loan from its group to ``to_group`` under a transfer contract: the old
    loan goes down (or closes) and a new loan with ``to_group`` opens for exactly that amount."""
    _positive(amount)

    def act(household, loans, event):
        source = loans[loan.pk]
        _check_loans(household, loans, on)
        if not source.is_village_debt:
            raise ValidationError({"loan": ValidationError(EXTERNAL_NOT_MOVED)})
        if source.creditor_group_id == to_group.pk:
            raise ValidationError(
                {"to_group": ValidationError(SAME_CREDITOR, params={"group": to_group.name})}
            )
        _not_over(source, amount)
        records.save(event)
        new = _new_loan(
            household,
            event,
            group=to_group,
            contract_no=contract_ref,
            amount=amount,
            on=on,
            rate=source.interest_rate if rate is None else rate,
            term=source.term_months if term is None else term,
            borrower=source.borrower,
        )
        _move(event, source, -amount)
        _move(event, new, amount)

    return _run(
        by=by,
        household=household,
        loan_ids=[loan.pk],
        kind=EventKind.TRANSFER,
        on=on,
        preview=preview,
        fields={**fields, "contract_ref": contract_ref},
        act=act,
    )


def loans_consolidate(
    *,
    by: User,
    household: Household,
    loans: list[Loan],
    to_group: VillageGroup,
    contract_ref: str,
    rate: Decimal,
    term: int,
    on,
    preview=False,
    **fields,
) -> Outcome:
    """Several loans of the household become one new contract with one group, for exactly
    their total outstanding; the old loans close and point to the new one through the event."""
    if len({loan.pk for loan in loans}) < 2:
        raise ValidationError({"loans": ValidationError(CONSOLIDATE_TWO)})
    if rate is None or not 0 <= rate <= 100:
        raise ValidationError({"rate": ValidationError(RATE_RANGE)})
    if not term or term < 1:
        raise ValidationError({"term": ValidationError(TERM_REQUIRED)})

    def act(household, locked, event):
        _check_loans(household, locked, on, field="loans")
        if any(not loan.is_village_debt for loan in locked.values()):
            raise ValidationError({"loans": ValidationError(EXTERNAL_NOT_MOVED)})
        total = sum((loan.outstanding for loan in locked.values()), Decimal("0.00"))
        records.save(event)
        new = _new_loan(
            household,
            event,
            group=to_group,
            contract_no=contract_ref,
            amount=total,
            on=on,
            rate=rate,
            term=term,
            borrower=household.head_name,
        )
        for loan in locked.values():
            _move(event, loan, -loan.outstanding)
        _move(event, new, total)

    return _run(
        by=by,
        household=household,
        loan_ids=[loan.pk for loan in loans],
        kind=EventKind.CONSOLIDATION,
        on=on,
        preview=preview,
        fields={**fields, "contract_ref": contract_ref},
        act=act,
    )


@transaction.atomic
def event_evidence_save(
    *, by: User, event: DebtEvent, decision_ref: str, document=None
) -> DebtEvent:
    """The board's decision and the signed contract of a step, added after it was recorded (a
    step saves without them; the evidence file lists what is still missing)."""
    records.check_can_edit(by, event)
    event.decision_ref = decision_ref.strip()
    if document:
        event.document = document
    return records.save(event)
