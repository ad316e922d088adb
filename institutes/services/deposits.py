"""Deposits of individual members (รับฝากจากสมาชิก (บุคคล), models 2-4) and their move into the
savings of a member group at step 3 of the transition to model 1.

A member's balance never goes below zero (checked here with the figures; guaranteed by the
``deposit_balance_not_negative`` trigger), and the move takes the whole balance, to the baht,
into the group the person moved to at step 2: what the person had, the group now keeps for them.
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
    DepositKind,
    EntrySource,
    IndividualMember,
    MemberDeposit,
    OperatingModel,
    TransitionStep,
)
from institutes.selectors.books import DEPOSIT_SIGNED
from institutes.services import books

NO_DEPOSITS_IN_MODEL_1 = _("ศูนย์รูปแบบที่ 1 ไม่รับฝากเงินจากสมาชิกรายบุคคล")
MEMBER_LEFT = _("สมาชิกรายนี้ออกไปแล้วเมื่อ %(date)s ฝากหรือถอนหลังจากนั้นไม่ได้")
BEFORE_JOINED = _("วันที่ต้องไม่ก่อนวันที่เข้าเป็นสมาชิก (%(date)s)")
WITHDRAWAL_OVER_BALANCE = _(
    "ถอนได้ไม่เกิน %(balance)s บาท (เงินฝากคงเหลือของ %(member)s ณ วันที่ %(date)s)"
)
MOVE_NOT_AT_STEP_3 = _(
    "ย้ายเงินฝากเป็นเงินสัจจะได้เมื่อศูนย์อยู่ในขั้นที่ 3 ของการปรับสู่รูปแบบที่ 1 (บันทึกขั้นที่ศูนย์ในข้อมูลศูนย์)"
)
MOVE_BEFORE_GROUP = _("ย้ายสมาชิกรายนี้เข้ากลุ่มก่อน (ขั้นที่ 2) แล้วจึงย้ายเงินฝากไปเป็นเงินสัจจะของกลุ่มนั้น")
NOTHING_TO_MOVE = _("สมาชิกรายนี้ไม่มีเงินฝากคงเหลือให้ย้าย")
SAVINGS_KIND = _("เลือกประเภทเงินสัจจะ (สะสมปกติ หรือพิเศษ)")
KIND_INVALID = _("เลือกฝากหรือถอน")
MOVE_BEFORE_MOVED = _("วันที่ย้ายเงินฝากต้องไม่ก่อนวันที่สมาชิกย้ายเข้ากลุ่ม (%(date)s)")
MOVE_NOT_LAST = _("มีรายการฝากหรือถอนหลังวันที่ %(date)s การย้ายเงินฝากต้องเป็นรายการสุดท้ายของสมาชิก")
DELETE_OVERDRAWS = _("ลบรายการนี้ไม่ได้ เพราะเงินฝากคงเหลือของ %(member)s จะติดลบ ณ วันที่ %(date)s")


def balance_of(member: IndividualMember, on: datetime.date | None = None) -> Decimal:
    lines = member.deposits.all()
    if on is not None:
        lines = lines.filter(made_on__lte=on)
    return lines.aggregate(total=Sum(DEPOSIT_SIGNED))["total"] or Decimal(0)


def _lowest_after(member: IndividualMember, on: datetime.date, out: Decimal) -> Decimal:
    """The lowest running balance from ``on`` on, were ``out`` taken on that day."""
    lowest = balance_of(member, on) - out
    running = lowest
    for line in member.deposits.filter(made_on__gt=on).order_by("made_on", "id"):
        running += line.signed_amount
        lowest = min(lowest, running)
    return lowest


def _line(member: IndividualMember, *, by: User, kind: str, on, amount, **extra):
    """The member (locked) and the new line, checked against the rules every line keeps."""
    # Two withdrawals by one member at the same moment: the second waits here for the first.
    member = IndividualMember.objects.select_for_update().select_related("centre").get(pk=member.pk)
    centre = member.centre
    line = records.within(
        MemberDeposit(member=member, kind=kind, made_on=on, amount=amount, recorded_by=by, **extra),
        centre=centre,
    )
    records.check_can_edit(by, line)
    if centre.operating_model == OperatingModel.SAVINGS_LED:
        raise ValidationError(NO_DEPOSITS_IN_MODEL_1)
    records.positive_amount("amount", amount)
    records.not_future("made_on", on)
    if on < member.joined_on:
        raise ValidationError(
            {
                "made_on": ValidationError(
                    BEFORE_JOINED, params={"date": thai.format_date(member.joined_on)}
                )
            }
        )
    return member, line


def _post(line: MemberDeposit, *, by: User, via: BankAccount | None) -> MemberDeposit:
    centre = line.member.centre
    held = books.account_of(centre, AccountRole.DEPOSITS, member=line.member)
    money = books.money_account(centre, via)
    if line.kind == DepositKind.DEPOSIT:
        lines = [books.Line(money, debit=line.amount), books.Line(held, credit=line.amount)]
    else:
        lines = [books.Line(held, debit=line.amount), books.Line(money, credit=line.amount)]
    description = f"{line.get_kind_display()}: {line.member.name}"
    if line.kind == DepositKind.MOVED:
        description += f" → {line.get_savings_display()} กลุ่ม {line.to_group.name}"
    books.entry_post(
        by=by,
        centre=centre,
        on=line.made_on,
        description=description,
        lines=lines,
        source=EntrySource.DEPOSIT,
        document_no=line.receipt_no,
        deposit=line,
    )
    return line


@transaction.atomic
def deposit_record(
    *,
    by: User,
    member: IndividualMember,
    kind: str,
    amount: Decimal,
    on: datetime.date,
    receipt_no: str = "",
    via: BankAccount | None = None,
) -> MemberDeposit:
    """A member deposits (``DepositKind.DEPOSIT``) or withdraws money kept by the centre."""
    member, line = _line(member, by=by, kind=kind, on=on, amount=amount, receipt_no=receipt_no)
    if kind not in (DepositKind.DEPOSIT, DepositKind.WITHDRAWAL):
        raise ValidationError({"kind": ValidationError(KIND_INVALID)})
    if member.left_on and on > member.left_on:
        raise ValidationError(
            {
                "made_on": ValidationError(
                    MEMBER_LEFT, params={"date": thai.format_date(member.left_on)}
                )
            }
        )
    if kind == DepositKind.WITHDRAWAL:
        lowest = _lowest_after(member, on, amount)
        if lowest < 0:
            raise ValidationError(
                {
                    "amount": ValidationError(
                        WITHDRAWAL_OVER_BALANCE,
                        params={
                            "balance": thai.format_number(max(amount + lowest, Decimal(0))),
                            "member": member.name,
                            "date": thai.format_date(on),
                        },
                    )
                }
            )
    records.save(line)
    return _post(line, by=by, via=via)


@transaction.atomic
def deposit_move(
    *,
    by: User,
    member: IndividualMember,
    on: datetime.date,
    savings: str,
    via: BankAccount | None = None,
) -> MemberDeposit:
    """Step 3: the member's whole balance becomes savings (regular or special) in the group the
    member moved to at step 2; the centre pays it over to the group."""
    member = IndividualMember.objects.select_for_update().select_related("centre").get(pk=member.pk)
    if member.centre.transition_step != TransitionStep.MONEY_AND_DEBTS:
        raise ValidationError(MOVE_NOT_AT_STEP_3)
    if member.moved_to_id is None:
        raise ValidationError(MOVE_BEFORE_GROUP)
    if savings not in MemberDeposit.Savings.values:
        raise ValidationError({"savings": ValidationError(SAVINGS_KIND)})
    if on < member.left_on:
        raise ValidationError(
            {
                "made_on": ValidationError(
                    MOVE_BEFORE_MOVED, params={"date": thai.format_date(member.left_on)}
                )
            }
        )
    if member.deposits.filter(made_on__gt=on).exists():
        raise ValidationError(
            {"made_on": ValidationError(MOVE_NOT_LAST, params={"date": thai.format_date(on)})}
        )
    balance = balance_of(member)
    if balance <= 0:
        raise ValidationError(NOTHING_TO_MOVE)
    member, line = _line(
        member,
        by=by,
        kind=DepositKind.MOVED,
        on=on,
        amount=balance,
        to_group=member.moved_to,
        savings=savings,
    )
    records.save(
        line,
        constraint_messages={
            "institutes_deposit_balance_not_negative": {"amount": str(NOTHING_TO_MOVE)}
        },
    )
    return _post(line, by=by, via=via)


@transaction.atomic
def deposit_delete(*, by: User, line: MemberDeposit) -> None:
    """A line entered by mistake, unless the member's balance would then go below zero."""
    records.check_can_edit(by, line)
    member = IndividualMember.objects.select_for_update().get(pk=line.member_id)
    running = Decimal(0)
    for other in member.deposits.exclude(pk=line.pk).order_by("made_on", "id"):
        running += other.signed_amount
        if running < 0:
            raise ValidationError(
                DELETE_OVERDRAWS,
                params={"member": member.name, "date": thai.format_date(other.made_on)},
            )
    books.entry_remove(books.entry_of(line))
    records.delete(line)
