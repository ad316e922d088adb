"""Operating capital, meetings, the annual action plan and community welfare.

Each register has one save (create or change) and one delete; the rules of each are in its
``_check_*`` function.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from cddfund import records, thai
from cddfund.models import User
from institutes.models import (
    AccountRole,
    CapitalReceipt,
    CapitalSource,
    Centre,
    EntrySource,
    Meeting,
    Membership,
    PlanActivity,
    WelfareGrant,
)
from institutes.services import books

DONE_BEFORE_FISCAL_YEAR = _("วันที่ทำแล้วต้องอยู่ในหรือหลังปีงบประมาณ %(year)s (เริ่ม %(start)s)")
WELFARE_GROUP_NOT_MEMBER = _("กลุ่ม %(group)s ไม่ได้เป็นสมาชิกของศูนย์ในปีงบประมาณ %(year)s")
BEFORE_CENTRE_FOUNDED = _("วันที่ต้องไม่ก่อนวันจัดตั้งศูนย์ (%(date)s)")
PAID_ON_REQUIRED = _("ระบุวันที่จ่ายเงิน (ใช้ลงบัญชีรับ-จ่ายของศูนย์)")
PAID_OUTSIDE_FISCAL_YEAR = _("วันที่จ่ายต้องอยู่ในปีงบประมาณ %(year)s (%(start)s - %(end)s)")


def _not_before_founding(field, value, centre: Centre) -> None:
    if value and value < centre.founded_on:
        raise ValidationError(
            {
                field: ValidationError(
                    BEFORE_CENTRE_FOUNDED, params={"date": thai.format_date(centre.founded_on)}
                )
            }
        )


def _check_capital(receipt: CapitalReceipt) -> None:
    records.positive_amount("amount", receipt.amount)
    records.not_future("received_on", receipt.received_on)


def _check_meeting(meeting: Meeting) -> None:
    records.not_future("held_on", meeting.held_on)
    _not_before_founding("held_on", meeting.held_on, meeting.centre)


def _check_activity(activity: PlanActivity) -> None:
    records.fiscal_year_be("fiscal_year", activity.fiscal_year)
    records.not_future("done_on", activity.done_on)
    start, _end = thai.fiscal_year_bounds(activity.fiscal_year)
    if activity.done_on and activity.done_on < start:
        raise ValidationError(
            {
                "done_on": ValidationError(
                    DONE_BEFORE_FISCAL_YEAR,
                    params={"year": activity.fiscal_year, "start": thai.format_date(start)},
                )
            }
        )


def _check_welfare(grant: WelfareGrant) -> None:
    records.fiscal_year_be("fiscal_year", grant.fiscal_year)
    records.positive_amount("amount", grant.amount)
    start, end = thai.fiscal_year_bounds(grant.fiscal_year)
    if grant.paid_on is None:
        raise ValidationError({"paid_on": ValidationError(PAID_ON_REQUIRED)})
    records.not_future("paid_on", grant.paid_on)
    if not start <= grant.paid_on <= end:
        raise ValidationError(
            {
                "paid_on": ValidationError(
                    PAID_OUTSIDE_FISCAL_YEAR,
                    params={
                        "year": grant.fiscal_year,
                        "start": thai.format_date(start),
                        "end": thai.format_date(end),
                    },
                )
            }
        )
    member_in_year = (
        Membership.objects.filter(
            centre=grant.centre, group_id=grant.via_group_id, joined_on__lte=end
        )
        .exclude(left_on__lt=start)
        .exists()
    )
    if not member_in_year:
        raise ValidationError(
            {
                "via_group": ValidationError(
                    WELFARE_GROUP_NOT_MEMBER,
                    params={"group": grant.via_group.name, "year": grant.fiscal_year},
                )
            }
        )


def _capital_lines(receipt: CapitalReceipt, money) -> list[books.Line]:
    role = AccountRole.BORROWED if receipt.source == CapitalSource.LOAN else AccountRole.SUPPORT
    other = books.account_of(receipt.centre, role)
    return [books.Line(money, debit=receipt.amount), books.Line(other, credit=receipt.amount)]


def _welfare_lines(grant: WelfareGrant, money) -> list[books.Line]:
    paid = books.account_of(grant.centre, AccountRole.WELFARE)
    return [books.Line(paid, debit=grant.amount), books.Line(money, credit=grant.amount)]


# How each register's record is entered in the centre's books: its source, the field the entry
# points with, the entry's day and text, and its lines against the money account given.
POSTINGS = {
    CapitalReceipt: (
        EntrySource.CAPITAL,
        "capital",
        lambda r: (r.received_on, f"รับทุน: {r.get_source_display()} จาก {r.giver}", r.reference),
        _capital_lines,
    ),
    WelfareGrant: (
        EntrySource.WELFARE,
        "welfare",
        lambda r: (r.paid_on, f"จ่ายสวัสดิการ: {r.get_category_display()} ผ่าน{r.via_group}", ""),
        _welfare_lines,
    ),
}


def _repost(record, *, by: User, via, kept) -> None:
    """Enter ``record`` in the books anew: through ``via`` (a bank account) when chosen, else
    through the money account its previous entry used, else cash."""
    if record.__class__ not in POSTINGS:
        return
    source, field, describe, lines_of = POSTINGS[record.__class__]
    if via is None and kept is not None:
        money = next((line.account for line in kept.lines.all() if line.account.is_money), None)
    else:
        money = None
    money = money or books.money_account(record.centre, via)
    replaced = books.entry_remove(kept, check=False)
    on, description, document_no = describe(record)
    books.entry_post(
        by=by,
        centre=record.centre,
        on=on,
        description=description,
        lines=lines_of(record, money),
        source=source,
        document_no=document_no,
        **{field: record},
    )
    books.money_not_overdrawn(replaced)


RECORD_RULES = {
    CapitalReceipt: (("source", "received_on", "amount", "giver", "reference"), _check_capital),
    Meeting: (("kind", "held_on", "attendance", "agenda", "minutes_file"), _check_meeting),
    PlanActivity: (("fiscal_year", "title", "planned_month", "done_on", "note"), _check_activity),
    WelfareGrant: (
        ("fiscal_year", "category", "via_group", "people", "amount", "paid_on"),
        _check_welfare,
    ),
}


@transaction.atomic
def register_save(*, by: User, centre: Centre, model, record=None, **fields):
    """Create (``record=None``) or change a record of one of the ``RECORD_RULES``."""
    """Create (``record=None``) or change a record of one of the ``RECORD_RULES``; one that
    moves money (``POSTINGS``) is entered in the centre's books through ``via`` (a bank account;
    cash when not given)."""
    names, check = RECORD_RULES[model]
    via = fields.pop("via", None)
    kept = books.entry_of(record) if record is not None and model in POSTINGS else None
    record = records.within(record or model(), centre=centre)
    records.check_can_edit(by, record)
    for name in names:
        # An empty file input keeps the file already stored.
        if name in fields and not (name.endswith("_file") and fields[name] is None):
            setattr(record, name, fields[name])
    check(record)
    records.save(record)
    _repost(record, by=by, via=via, kept=kept)
    return record


@transaction.atomic
def register_delete(*, by: User, record) -> None:
    records.check_can_edit(by, record)
    if record.__class__ in POSTINGS:
        books.entry_remove(books.entry_of(record))
    records.delete(record)
