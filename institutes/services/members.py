"""The village's register of financial groups and the centre's member register."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from cddfund import records, thai
from cddfund.models import User, Village
from cddfund.scope import area_of
from institutes import selectors
from institutes.models import Centre, IndividualMember, Membership, OperatingModel, VillageGroup

GROUP_NAME_TAKEN = _("หมู่บ้านนี้มีกลุ่มชื่อ %(name)s อยู่แล้ว")
CAPITAL_NEGATIVE = _("ทุนต้องไม่ติดลบ")
GROUP_OTHER_VILLAGE = _("กลุ่ม %(group)s อยู่คนละหมู่บ้านกับศูนย์ จึงเป็นสมาชิกไม่ได้")
ALREADY_MEMBER = _("กลุ่ม %(group)s เป็นสมาชิกของศูนย์อยู่แล้ว ตั้งแต่วันที่ %(date)s")
JOINED_BEFORE_CENTRE = _("วันที่เข้าเป็นสมาชิกต้องไม่ก่อนวันจัดตั้งศูนย์ (%(date)s)")
LEFT_BEFORE_JOINED = _("วันที่ออกต้องไม่ก่อนวันที่เข้าเป็นสมาชิก (%(date)s)")
ALREADY_LEFT = _("กลุ่มนี้ออกจากศูนย์ไปแล้วเมื่อ %(date)s")
NO_INDIVIDUALS_IN_MODEL_1 = _("ศูนย์รูปแบบที่ 1 มีสมาชิกเป็นกลุ่มเท่านั้น บันทึกสมาชิกรายบุคคลได้เฉพาะศูนย์รูปแบบที่ 2-4")
MOVE_TO_A_MEMBER_GROUP = _("เลือกกลุ่มสมาชิกปัจจุบันของศูนย์ (กลุ่มเดิมของสมาชิก หรือกลุ่มเฉพาะกิจที่จัดตั้งให้ผู้ที่เหลือ)")
ALREADY_LEFT = _("สมาชิกรายนี้ออกไปแล้วเมื่อ %(date)s")


def _check_group(group: VillageGroup) -> None:
    records.not_future("founded_on", group.founded_on)
    if group.capital is not None and group.capital < 0:
        raise ValidationError({"capital": ValidationError(CAPITAL_NEGATIVE)})
    taken = (
        VillageGroup.objects.filter(village_id=group.village_id, name=group.name)
        .exclude(pk=group.pk)
        .exists()
    )
    if taken:
        raise ValidationError(
            {"name": ValidationError(GROUP_NAME_TAKEN, params={"name": group.name})}
        )


GROUP_FIELDS = ("group_type", "name", "founded_on", "member_count", "capital")


@transaction.atomic
def group_create(*, by: User, village: Village, **fields) -> VillageGroup:
    group = VillageGroup(village=village, **area_of(village))
    for name in GROUP_FIELDS:
        setattr(group, name, fields.get(name))
    group.name = (group.name or "").strip()
    records.check_can_edit(by, group)
    _check_group(group)
    return records.save(group)


@transaction.atomic
def group_update(*, by: User, group: VillageGroup, **fields) -> VillageGroup:
    records.check_can_edit(by, group)
    for name in GROUP_FIELDS:
        if name in fields:
            setattr(group, name, fields[name])
    group.name = group.name.strip()
    _check_group(group)
    return records.save(group)


@transaction.atomic
def group_delete(*, by: User, group: VillageGroup) -> None:
    records.check_can_edit(by, group)
    records.delete(group)


@transaction.atomic
def membership_join(
    *, by: User, centre: Centre, group: VillageGroup, joined_on: datetime.date
) -> Membership:
    # Lock the centre so that two officers adding the same group at once get one membership.
    centre = Centre.objects.select_for_update().get(pk=centre.pk)
    membership = records.within(Membership(group=group, joined_on=joined_on), centre=centre)
    records.check_can_edit(by, membership)
    records.not_future("joined_on", joined_on)
    if group.village_id != centre.village_id:
        raise ValidationError(
            {"group": ValidationError(GROUP_OTHER_VILLAGE, params={"group": group.name})}
        )
    if joined_on < centre.founded_on:
        raise ValidationError(
            {
                "joined_on": ValidationError(
                    JOINED_BEFORE_CENTRE, params={"date": thai.format_date(centre.founded_on)}
                )
            }
        )
    current = Membership.objects.filter(centre=centre, group=group, left_on__isnull=True).first()
    if current:
        raise ValidationError(
            {
                "group": ValidationError(
                    ALREADY_MEMBER,
                    params={"group": group.name, "date": thai.format_date(current.joined_on)},
                )
            }
        )
    return records.save(membership)


@transaction.atomic
def membership_leave(*, by: User, membership: Membership, left_on: datetime.date) -> Membership:
    records.check_can_edit(by, membership)
    if membership.left_on:
        raise ValidationError(
            {
                "left_on": ValidationError(
                    ALREADY_LEFT, params={"date": thai.format_date(membership.left_on)}
                )
            }
        )
    records.not_future("left_on", left_on)
    if left_on < membership.joined_on:
        raise ValidationError(
            {
                "left_on": ValidationError(
                    LEFT_BEFORE_JOINED, params={"date": thai.format_date(membership.joined_on)}
                )
            }
        )
    membership.left_on = left_on
    return records.save(membership)


@transaction.atomic
def individual_member_add(
    *, by: User, centre: Centre, name: str, joined_on: datetime.date
) -> IndividualMember:
    member = records.within(IndividualMember(name=name.strip(), joined_on=joined_on), centre=centre)
    records.check_can_edit(by, member)
    if centre.operating_model == OperatingModel.SAVINGS_LED:
        raise ValidationError(NO_INDIVIDUALS_IN_MODEL_1)
    records.not_future("joined_on", joined_on)
    if joined_on < centre.founded_on:
        raise ValidationError(
            {
                "joined_on": ValidationError(
                    JOINED_BEFORE_CENTRE, params={"date": thai.format_date(centre.founded_on)}
                )
            }
        )
    return records.save(member)


@transaction.atomic
def individual_member_leave(
    *, by: User, member: IndividualMember, left_on: datetime.date
) -> IndividualMember:
    records.check_can_edit(by, member)
    records.not_future("left_on", left_on)
    if left_on < member.joined_on:
        raise ValidationError(
            {
                "left_on": ValidationError(
                    LEFT_BEFORE_JOINED, params={"date": thai.format_date(member.joined_on)}
                )
            }
        )
    member.left_on = left_on
    return records.save(member)


@transaction.atomic
def individual_member_move(
    *, by: User, member: IndividualMember, group: VillageGroup, moved_on: datetime.date
) -> IndividualMember:
    """Step 2 of the move to model 1 (ปรับสมาชิกรายบุคคล): the person joins a member group of
    the centre (their own group, or the ad-hoc group the rest form) and stops being a member
    directly."""
    member = IndividualMember.objects.select_for_update().get(pk=member.pk)
    records.check_can_edit(by, member)
    if member.left_on:
        raise ValidationError(ALREADY_LEFT, params={"date": thai.format_date(member.left_on)})
    records.not_future("moved_on", moved_on)
    if moved_on < member.joined_on:
        raise ValidationError(
            {
                "moved_on": ValidationError(
                    LEFT_BEFORE_JOINED, params={"date": thai.format_date(member.joined_on)}
                )
            }
        )
    if not selectors.member_groups(member.centre, moved_on).filter(pk=group.pk).exists():
        raise ValidationError({"group": ValidationError(MOVE_TO_A_MEMBER_GROUP)})
    member.left_on, member.moved_to = moved_on, group
    return records.save(member)
