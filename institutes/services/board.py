"""The board (คณะกรรมการ) and its appointment orders.

Rule (seed 001, slide 7): on any date, part-2 members (community leaders and experts) are at
most half the part-1 members (representatives of the member groups).
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from cddfund import records, thai
from cddfund.models import User
from institutes.models import AppointmentOrder, BoardMember, BoardPart, Centre, Membership

TERM_END_BEFORE_START = _("วันสิ้นสุดวาระต้องไม่ก่อนวันเริ่มวาระ (%(start)s)")
REPRESENTS_REQUIRED = _("กรรมการส่วนที่ 1 ต้องระบุว่าเป็นผู้แทนของกลุ่มสมาชิกใด")
REPRESENTS_NOT_FOR_PART_2 = _("กรรมการส่วนที่ 2 ไม่ได้เป็นผู้แทนกลุ่ม ให้เว้นช่องนี้ว่าง")
REPRESENTS_NOT_MEMBER = _("กลุ่ม %(group)s ไม่ได้เป็นสมาชิกของศูนย์ ณ วันเริ่มวาระ (%(date)s)")
ORDER_OTHER_CENTRE = _("คำสั่งแต่งตั้งนี้เป็นของศูนย์อื่น")
HALF_RULE_BROKEN = _(
    "บันทึกไม่ได้: ณ วันที่ %(date)s จะมีกรรมการส่วนที่ 2 (ผู้นำชุมชน/ผู้ทรงคุณวุฒิ) %(part2)s คน "
    "แต่มีกรรมการส่วนที่ 1 (ผู้แทนกลุ่มสมาชิก) %(part1)s คน จึงมีส่วนที่ 2 ได้ไม่เกิน %(limit)s คน"
)


def half_rule_violation(members) -> dict | None:
    """The first date on which part 2 exceeds half of part 1, with the counts; else None.

    Counts change only on a term's first day or the day after its last, so those dates are
    the only ones to check.
    """
    dates = sorted(
        {m.term_start for m in members} | {m.term_end + datetime.timedelta(days=1) for m in members}
    )
    for day in dates:
        active = [m for m in members if m.term_start <= day <= m.term_end]
        part1 = sum(1 for m in active if m.part == BoardPart.REPRESENTATIVE)
        part2 = len(active) - part1
        if part2 * 2 > part1:
            return {
                "date": thai.format_date(day),
                "part1": part1,
                "part2": part2,
                "limit": part1 // 2,
            }
    return None


def _check_half_rule(centre: Centre, *, proposed=None, without=None) -> None:
    members = list(BoardMember.objects.filter(centre=centre).exclude(pk=without))
    if proposed is not None:
        members = [m for m in members if m.pk != proposed.pk] + [proposed]
    violation = half_rule_violation(members)
    if violation:
        raise ValidationError(HALF_RULE_BROKEN, code="half_rule", params=violation)


BOARD_FIELDS = ("name", "position", "part", "represents", "term_start", "term_end", "order")


@transaction.atomic
def board_member_save(
    *, by: User, centre: Centre, member: BoardMember | None = None, **fields
) -> BoardMember:
    # Lock the centre: two board changes at once are checked against each other.
    centre = Centre.objects.select_for_update().get(pk=centre.pk)
    member = records.within(member or BoardMember(), centre=centre)
    records.check_can_edit(by, member)
    for name in BOARD_FIELDS:
        if name in fields:
            setattr(member, name, fields[name])
    member.name = (member.name or "").strip()
    if member.term_start and member.term_end and member.term_end < member.term_start:
        raise ValidationError(
            {
                "term_end": ValidationError(
                    TERM_END_BEFORE_START, params={"start": thai.format_date(member.term_start)}
                )
            }
        )
    if member.part == BoardPart.REPRESENTATIVE:
        if member.represents_id is None:
            raise ValidationError({"represents": ValidationError(REPRESENTS_REQUIRED)})
        is_member = (
            Membership.objects.filter(
                centre=centre, group_id=member.represents_id, joined_on__lte=member.term_start
            )
            .exclude(left_on__lt=member.term_start)
            .exists()
        )
        if not is_member:
            raise ValidationError(
                {
                    "represents": ValidationError(
                        REPRESENTS_NOT_MEMBER,
                        params={
                            "group": member.represents.name,
                            "date": thai.format_date(member.term_start),
                        },
                    )
                }
            )
    elif member.represents_id is not None:
        raise ValidationError({"represents": ValidationError(REPRESENTS_NOT_FOR_PART_2)})
    if member.order_id and member.order.centre_id != centre.pk:
        raise ValidationError({"order": ValidationError(ORDER_OTHER_CENTRE)})
    _check_half_rule(centre, proposed=member)
    return records.save(member)


@transaction.atomic
def board_member_delete(*, by: User, member: BoardMember) -> None:
    centre = Centre.objects.select_for_update().get(pk=member.centre_id)
    records.check_can_edit(by, member)
    _check_half_rule(centre, without=member.pk)
    records.delete(member)


ORDER_FIELDS = ("number", "issued_on", "signed_by", "signed_by_district_chief", "file")


@transaction.atomic
def order_save(
    *, by: User, centre: Centre, order: AppointmentOrder | None = None, **fields
) -> AppointmentOrder:
    order = records.within(order or AppointmentOrder(), centre=centre)
    records.check_can_edit(by, order)
    for name in ORDER_FIELDS:
        if name in fields and not (name == "file" and fields[name] is None):
            setattr(order, name, fields[name])
    records.not_future("issued_on", order.issued_on)
    return records.save(order)


@transaction.atomic
def order_delete(*, by: User, order: AppointmentOrder) -> None:
    records.check_can_edit(by, order)
    records.delete(order)
