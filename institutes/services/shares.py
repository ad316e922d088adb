"""The share control register (ทะเบียนคุมเงินลงหุ้น): purchases and withdrawals by member groups.

A group's running balance, in date order, never goes below zero: checked here for a message
that says the numbers, and guaranteed by the ``share_balance_not_negative`` trigger.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from cddfund import records, thai
from cddfund.models import User
from institutes.models import (
    AccountRole,
    BankAccount,
    Centre,
    EntrySource,
    Membership,
    ShareKind,
    ShareTransaction,
    VillageGroup,
)
from institutes.services import books

WITHDRAWAL_OVER_BALANCE = _(
    "ถอนได้ไม่เกิน %(available)s บาท: ยอดเงินลงหุ้นของกลุ่ม %(group)s ณ วันที่ %(date)s มี %(balance)s บาท"
)
NOT_A_MEMBER_ON_DATE = _("กลุ่ม %(group)s ไม่ได้เป็นสมาชิกของศูนย์ ณ วันที่ %(date)s")
NOT_WHOLE_SHARES = _("จำนวนเงินต้องเป็นจำนวนหุ้นเต็ม (หุ้นละ %(price)s บาท)")
DELETE_WOULD_OVERDRAW = _("ลบรายการนี้ไม่ได้ เพราะยอดเงินลงหุ้นของกลุ่ม %(group)s จะติดลบ ณ วันที่ %(date)s")


def _running_balances(centre_id, group_id, *, extra=None, without=None):
    """[(date, running balance)] in register order, with ``extra`` added or ``without`` left out."""
    rows = list(
        ShareTransaction.objects.filter(centre_id=centre_id, group_id=group_id)
        .exclude(pk=without)
        .order_by("made_on", "id")
        .values_list("made_on", "kind", "amount")
    )
    if extra is not None:
        # A new row sorts after every row of the same date (its id is the highest).
        position = sum(1 for made_on, _, _ in rows if made_on <= extra[0])
        rows.insert(position, extra)
    balance, out = Decimal(0), []
    for made_on, kind, amount in rows:
        balance += amount if kind == ShareKind.PURCHASE else -amount
        out.append((made_on, balance))
    return out


def _membership_on(centre: Centre, group: VillageGroup, on: datetime.date):
    return (
        Membership.objects.select_for_update()
        .filter(centre=centre, group=group, joined_on__lte=on)
        .exclude(left_on__lt=on)
        .first()
    )


def _record(
    *,
    by: User,
    centre: Centre,
    group: VillageGroup,
    kind: str,
    amount: Decimal,
    on: datetime.date,
    shares: int | None = None,
    receipt_no: str = "",
    via: BankAccount | None = None,
) -> ShareTransaction:
    txn = records.within(
        ShareTransaction(
            group=group,
            kind=kind,
            amount=amount,
            made_on=on,
            shares=shares,
            receipt_no=receipt_no.strip(),
            recorded_by=by,
        ),
        centre=centre,
    )
    records.check_can_edit(by, txn)
    records.positive_amount("amount", amount)
    records.not_future("made_on", on)
    # Locks the membership row: a second withdrawal for the same group waits here until the
    # first commits, then sees it in the balance below.
    if _membership_on(centre, group, on) is None:
        raise ValidationError(
            {
                "group": ValidationError(
                    NOT_A_MEMBER_ON_DATE, params={"group": group.name, "date": thai.format_date(on)}
                )
            }
        )
    if centre.share_price:
        count = amount / centre.share_price
        if count != count.to_integral_value():
            raise ValidationError(
                {
                    "amount": ValidationError(
                        NOT_WHOLE_SHARES, params={"price": thai.format_number(centre.share_price)}
                    )
                }
            )
        txn.shares = int(count)
    if kind == ShareKind.WITHDRAWAL:
        running = _running_balances(centre.pk, group.pk, extra=(on, kind, amount))
        lowest = min(balance for _, balance in running)
        if lowest < 0:
            at_date = [b for d, b in _running_balances(centre.pk, group.pk) if d <= on]
            raise ValidationError(
                {
                    "amount": ValidationError(
                        WITHDRAWAL_OVER_BALANCE,
                        params={
                            "available": thai.format_number(max(amount + lowest, Decimal(0))),
                            "group": group.name,
                            "date": thai.format_date(on),
                            "balance": thai.format_number(at_date[-1] if at_date else 0),
                        },
                    )
                }
            )
    records.save(
        txn,
        constraint_messages={
            "institutes_share_balance_not_negative": {
                "amount": WITHDRAWAL_OVER_BALANCE
                % {
                    "available": "0.00",
                    "group": group.name,
                    "date": thai.format_date(on),
                    "balance": "-",
                }
            }
        },
    )
    _post(txn, by=by, via=via)
    return txn


def _post(txn: ShareTransaction, *, by: User, via: BankAccount | None) -> None:
    """The line's entry in the centre's books: the money in (or out) and the group's shares."""
    centre = txn.centre
    money = books.money_account(centre, via)
    held = books.account_of(centre, AccountRole.SHARES, group=txn.group)
    if txn.kind == ShareKind.PURCHASE:
        lines = [books.Line(money, debit=txn.amount), books.Line(held, credit=txn.amount)]
    else:
        lines = [books.Line(held, debit=txn.amount), books.Line(money, credit=txn.amount)]
    books.entry_post(
        by=by,
        centre=centre,
        on=txn.made_on,
        description=f"{txn.get_kind_display()} {txn.group.name}",
        lines=lines,
        source=EntrySource.SHARE,
        document_no=txn.receipt_no,
        share=txn,
    )


@transaction.atomic
def share_purchase(*, by: User, centre: Centre, group: VillageGroup, **line) -> ShareTransaction:
    """A member group buys shares: ``amount`` on ``on`` (``shares`` and ``receipt_no`` optional;
    the count follows from the centre's share price)."""
    return _record(by=by, centre=centre, group=group, kind=ShareKind.PURCHASE, **line)


@transaction.atomic
def share_withdraw(*, by: User, centre: Centre, group: VillageGroup, **line) -> ShareTransaction:
    """A member group withdraws shares, never more than its balance on any date since."""
    return _record(by=by, centre=centre, group=group, kind=ShareKind.WITHDRAWAL, **line)


@transaction.atomic
def share_delete(*, by: User, txn: ShareTransaction) -> None:
    """Removes a line entered by mistake, unless the group's balance would then go negative."""
    records.check_can_edit(by, txn)
    # Same lock as a withdrawal: a delete and a withdrawal of one group do not interleave.
    list(
        Membership.objects.select_for_update().filter(
            centre_id=txn.centre_id, group_id=txn.group_id
        )
    )
    negative = [
        d for d, b in _running_balances(txn.centre_id, txn.group_id, without=txn.pk) if b < 0
    ]
    if negative:
        raise ValidationError(
            DELETE_WOULD_OVERDRAW,
            params={"group": txn.group.name, "date": thai.format_date(negative[0])},
        )
    books.entry_remove(books.entry_of(txn))
    records.delete(txn)
