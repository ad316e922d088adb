"""Lending between member groups (บริหารจัดการการกู้ยืมระหว่างกลุ่ม): the centre lends a member
group money the board approved, and the group repays it with interest.

What a group has repaid never exceeds its loan: checked here with the figures, guaranteed by the
``repaid_not_over_loan`` trigger. The money lent comes out of the centre's cash or a bank
account, which must hold it (``books.entry_post``).
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from cddfund import records, thai
from cddfund.models import User
from institutes.models import (
    AccountRole,
    BankAccount,
    Centre,
    EntrySource,
    GroupLoan,
    GroupLoanRepayment,
    Meeting,
    MeetingKind,
    Membership,
    RepaymentPlan,
    VillageGroup,
)
from institutes.services import books

NOT_A_MEMBER_ON_DATE = _("กลุ่ม %(group)s ไม่ได้เป็นสมาชิกของศูนย์ ณ วันที่ %(date)s")
DECISION_NOT_BOARD = _("เลือกการประชุมคณะกรรมการของศูนย์นี้ที่มีมติให้กู้ ในหรือก่อนวันที่ให้กู้")
RATE_RANGE = _("อัตราดอกเบี้ยต้องอยู่ระหว่าง 0 ถึง 36 ต่อปี")
TERM_RANGE = _("ระยะเวลาต้องอยู่ระหว่าง 1 ถึง 120 เดือน")
PLAN_INVALID = _("เลือกวิธีชำระคืน")
PAID_BEFORE_LENT = _("วันที่ชำระต้องไม่ก่อนวันที่ให้กู้ (%(date)s)")
NOTHING_PAID = _("ระบุเงินต้นหรือดอกเบี้ยที่ชำระ อย่างน้อยหนึ่งอย่างต้องมากกว่า 0 บาท")
AMOUNT_NEGATIVE = _("จำนวนเงินต้องไม่ติดลบ")
OVER_OUTSTANDING = _(
    "ชำระเงินต้นได้ไม่เกิน %(outstanding)s บาท: เงินกู้ของกลุ่ม %(group)s %(amount)s บาท "
    "ชำระแล้ว %(repaid)s บาท"
)


def _member_on(centre: Centre, group: VillageGroup, on: datetime.date) -> bool:
    return (
        Membership.objects.filter(centre=centre, group=group, joined_on__lte=on)
        .exclude(left_on__lt=on)
        .exists()
    )


def _check_terms(loan: GroupLoan) -> None:
    records.positive_amount("amount", loan.amount)
    records.not_future("lent_on", loan.lent_on)
    if loan.interest_rate is None or not 0 <= loan.interest_rate <= 36:
        raise ValidationError({"interest_rate": ValidationError(RATE_RANGE)})
    if loan.term_months is None or not 1 <= loan.term_months <= 120:
        raise ValidationError({"term_months": ValidationError(TERM_RANGE)})
    if loan.plan not in RepaymentPlan.values:
        raise ValidationError({"plan": ValidationError(PLAN_INVALID)})
    if not _member_on(loan.centre, loan.group, loan.lent_on):
        raise ValidationError(
            {
                "group": ValidationError(
                    NOT_A_MEMBER_ON_DATE,
                    params={"group": loan.group.name, "date": thai.format_date(loan.lent_on)},
                )
            }
        )
    decision: Meeting = loan.decision
    if (
        decision is None
        or decision.centre_id != loan.centre.pk
        or decision.kind != MeetingKind.BOARD
        or decision.held_on > loan.lent_on
    ):
        raise ValidationError({"decision": ValidationError(DECISION_NOT_BOARD)})


@transaction.atomic
def group_loan_make(
    *,
    by: User,
    centre: Centre,
    group: VillageGroup,
    lent_on: datetime.date,
    amount: Decimal,
    interest_rate: Decimal,
    term_months: int,
    plan: str,
    decision: Meeting,
    decision_no: str = "",
    contract_no: str = "",
    purpose: str = "",
    via: BankAccount | None = None,
) -> GroupLoan:
    """The centre lends ``group`` ``amount`` out of cash (or the bank account ``via``), as the
    board decided at the meeting ``decision``."""
    loan = records.within(
        GroupLoan(
            group=group,
            lent_on=lent_on,
            amount=amount,
            interest_rate=interest_rate,
            term_months=term_months,
            plan=plan,
            decision=decision,
            decision_no=decision_no.strip(),
            contract_no=contract_no.strip(),
            purpose=purpose.strip(),
            recorded_by=by,
        ),
        centre=centre,
    )
    records.check_can_edit(by, loan)
    _check_terms(loan)
    records.save(loan)
    lent = books.account_of(centre, AccountRole.GROUP_LOAN, group=group)
    money = books.money_account(centre, via)
    books.entry_post(
        by=by,
        centre=centre,
        on=lent_on,
        description=f"ให้กลุ่ม {group.name} กู้ ({term_months} เดือน ร้อยละ {interest_rate} ต่อปี)",
        lines=[books.Line(lent, debit=amount), books.Line(money, credit=amount)],
        source=EntrySource.GROUP_LOAN,
        document_no=contract_no,
        group_loan=loan,
    )
    return loan


def repaid_principal(loan: GroupLoan, *, without: int | None = None) -> Decimal:
    return loan.repayments.exclude(pk=without).aggregate(total=Sum("principal"))[
        "total"
    ] or Decimal(0)


@transaction.atomic
def group_loan_repay(
    *,
    by: User,
    loan: GroupLoan,
    paid_on: datetime.date,
    principal: Decimal,
    interest: Decimal = Decimal(0),
    receipt_no: str = "",
    via: BankAccount | None = None,
) -> GroupLoanRepayment:
    """The group repays ``principal`` (never more than it still owes) and ``interest``."""
    # Two repayments of one loan at the same moment: the second waits here for the first to
    # commit, then sees it in what has been repaid.
    loan = GroupLoan.objects.select_for_update().select_related("group", "centre").get(pk=loan.pk)
    repayment = records.within(
        GroupLoanRepayment(
            loan=loan,
            paid_on=paid_on,
            principal=principal,
            interest=interest,
            receipt_no=receipt_no.strip(),
            recorded_by=by,
        ),
        centre=loan.centre,
    )
    records.check_can_edit(by, repayment)
    records.not_future("paid_on", paid_on)
    for field, value in (("principal", principal), ("interest", interest)):
        if value is None or value < 0:
            raise ValidationError({field: ValidationError(AMOUNT_NEGATIVE)})
    if principal == 0 and interest == 0:
        raise ValidationError({"principal": ValidationError(NOTHING_PAID)})
    if paid_on < loan.lent_on:
        raise ValidationError(
            {
                "paid_on": ValidationError(
                    PAID_BEFORE_LENT, params={"date": thai.format_date(loan.lent_on)}
                )
            }
        )
    repaid = repaid_principal(loan)
    over = ValidationError(
        OVER_OUTSTANDING,
        params={
            "outstanding": thai.format_number(loan.amount - repaid),
            "group": loan.group.name,
            "amount": thai.format_number(loan.amount),
            "repaid": thai.format_number(repaid),
        },
    )
    if repaid + principal > loan.amount:
        raise ValidationError({"principal": over})
    records.save(
        repayment,
        constraint_messages={"institutes_grouploan_outstanding_not_negative": {"principal": over}},
    )
    centre = loan.centre
    lines = [books.Line(books.money_account(centre, via), debit=principal + interest)]
    if principal:
        lent = books.account_of(centre, AccountRole.GROUP_LOAN, group=loan.group)
        lines.append(books.Line(lent, credit=principal))
    if interest:
        earned = books.account_of(centre, AccountRole.INTEREST_INCOME)
        lines.append(books.Line(earned, credit=interest))
    books.entry_post(
        by=by,
        centre=centre,
        on=paid_on,
        description=f"รับชำระเงินกู้จากกลุ่ม {loan.group.name}",
        lines=lines,
        source=EntrySource.REPAYMENT,
        document_no=receipt_no,
        repayment=repayment,
    )
    return repayment


@transaction.atomic
def group_loan_repayment_delete(*, by: User, repayment: GroupLoanRepayment) -> None:
    records.check_can_edit(by, repayment)
    books.entry_remove(books.entry_of(repayment))
    records.delete(repayment)


@transaction.atomic
def group_loan_delete(*, by: User, loan: GroupLoan) -> None:
    """A loan recorded by mistake; one with repayments is kept (remove them first)."""
    records.check_can_edit(by, loan)
    if loan.repayments.exists():
        raise ValidationError(records.IN_USE)
    books.entry_remove(books.entry_of(loan))
    records.delete(loan)
