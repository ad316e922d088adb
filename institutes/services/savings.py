"""Savings groups toward the SMART Saving Group standard: their development levels by fiscal
year, and the choice of the level-3 groups the programme works with (seed 002)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from cddfund import records
from cddfund.models import User
from cddfund.scope import Role, area_of
from institutes.models import GroupLevel, GroupType, Level, SsgSelection, VillageGroup

NOT_SAVINGS = _("%(group)s ไม่ใช่กลุ่มออมทรัพย์เพื่อการผลิต: บันทึกระดับการพัฒนาได้เฉพาะกลุ่มออมทรัพย์ฯ")
LEVEL_INVALID = _("ระดับการพัฒนาต้องเป็น 1, 2 หรือ 3")
SELECTED_NEEDS_THREE = _(
    "%(group)s ถูกคัดเลือกเข้าโครงการ SMART Saving Group ปีงบประมาณ %(year)s แล้ว: "
    "ยกเลิกการคัดเลือกก่อนลดระดับ"
)
NOT_LEVEL_THREE = _("คัดเลือกได้เฉพาะกลุ่มที่อยู่ในระดับ 3 ของปีงบประมาณ %(year)s (%(group)s: %(level)s)")
NO_LEVEL = _("ยังไม่ได้บันทึกระดับ")
ALREADY_SELECTED = _("%(group)s ถูกคัดเลือกไว้แล้วสำหรับปีงบประมาณ %(year)s")
NOT_SELECTED = _("%(group)s ไม่ได้ถูกคัดเลือกไว้สำหรับปีงบประมาณ %(year)s")

# The district and the province choose the groups together (seed 002, step 3).
SELECTING_ROLES = (Role.DISTRICT, Role.PROVINCE)


def _check_savings(group: VillageGroup) -> None:
    if group.group_type != GroupType.SAVINGS:
        raise ValidationError(NOT_SAVINGS, params={"group": group.name})


@transaction.atomic
def level_set(*, by: User, group: VillageGroup, fiscal_year: int, level: int) -> GroupLevel:
    """The group's development level in ``fiscal_year`` (entered again, it replaces the last)."""
    records.check_can_edit(by, group)
    _check_savings(group)
    records.fiscal_year_be("fiscal_year", fiscal_year)
    if level not in Level.values:
        raise ValidationError({"level": ValidationError(LEVEL_INVALID)})
    record = GroupLevel.objects.select_for_update().filter(group=group, fiscal_year=fiscal_year)
    record = record.first() or GroupLevel(group=group, fiscal_year=fiscal_year, **area_of(group))
    if record.pk and record.level == level:
        return record
    if level != Level.THREE and is_selected(group, fiscal_year):
        raise ValidationError(
            {
                "level": ValidationError(
                    SELECTED_NEEDS_THREE, params={"group": group.name, "year": fiscal_year}
                )
            }
        )
    record.level = level
    record.recorded_by = by
    return records.save(record)


def is_selected(group: VillageGroup, fiscal_year: int) -> bool:
    return SsgSelection.objects.filter(group=group, fiscal_year=fiscal_year).exists()


def can_select(user: User, group: VillageGroup) -> bool:
    return user.role in SELECTING_ROLES and user.scope.contains(
        province_id=group.province_id, district_id=group.district_id
    )


@transaction.atomic
def select(*, by: User, group: VillageGroup, fiscal_year: int) -> SsgSelection:
    """Choose a level-3 group for the programme in ``fiscal_year``."""
    if not can_select(by, group):
        raise PermissionDenied
    _check_savings(group)
    level = GroupLevel.objects.filter(group=group, fiscal_year=fiscal_year).first()
    if level is None or level.level != Level.THREE:
        raise ValidationError(
            NOT_LEVEL_THREE,
            params={
                "year": fiscal_year,
                "group": group.name,
                "level": level.get_level_display() if level else NO_LEVEL,
            },
        )
    if is_selected(group, fiscal_year):
        raise ValidationError(ALREADY_SELECTED, params={"group": group.name, "year": fiscal_year})
    selection = SsgSelection(group=group, fiscal_year=fiscal_year, selected_by=by, **area_of(group))
    return records.save(
        selection,
        constraint_messages={
            "institutes_ssgselection_one_per_year": ValidationError(
                ALREADY_SELECTED, params={"group": group.name, "year": fiscal_year}
            )
        },
    )


@transaction.atomic
def unselect(*, by: User, group: VillageGroup, fiscal_year: int) -> None:
    if not can_select(by, group):
        raise PermissionDenied
    selection = SsgSelection.objects.filter(group=group, fiscal_year=fiscal_year).first()
    if selection is None:
        raise ValidationError(NOT_SELECTED, params={"group": group.name, "year": fiscal_year})
    records.delete(selection)
