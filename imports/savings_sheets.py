"""Savings groups' development levels by fiscal year from Excel (seed 002): written through the
institutes service, one row per group and year."""

from django.utils.translation import gettext_lazy as _

from imports import sheets
from imports.centre_sheets import VILLAGE, _choices, group_of
from imports.sheets import CREATED, UNCHANGED, UPDATED, Column, RowError, Sheet
from institutes.models import GroupLevel, GroupType, Level
from institutes.selectors import savings as savings_selectors
from institutes.services import savings as savings_services


def write_level(context, run):
    ((_number, row),) = run
    village = sheets.village(context, row["village"])
    group = group_of(context, village, row["group"])
    if group.group_type != GroupType.SAVINGS:
        raise RowError("group", savings_services.NOT_SAVINGS % {"group": group.name})
    existing = GroupLevel.objects.filter(group=group, fiscal_year=row["fiscal_year"]).first()
    if existing is not None and existing.level == row["level"]:
        return [UNCHANGED]
    savings_services.level_set(
        by=context.user, group=group, fiscal_year=row["fiscal_year"], level=row["level"]
    )
    return [CREATED if existing is None else UPDATED]


def level_rows(user):
    levels = (
        GroupLevel.objects.filter(group__in=savings_selectors.savings_groups(user))
        .select_related("group__village")
        .order_by(
            "group__village__subdistrict_id", "group__village__moo", "group__name", "fiscal_year"
        )
    )
    for level in levels:
        yield {
            "village": level.group.village.code,
            "group": level.group.name,
            "fiscal_year": level.fiscal_year,
            "level": level.level,
        }


GROUP_LEVELS = sheets.register(
    Sheet(
        key="group-levels",
        title="ระดับการพัฒนากลุ่มออมทรัพย์",
        columns=(
            VILLAGE,
            Column("group", _("ชื่อกลุ่มออมทรัพย์เพื่อการผลิต"), width=30),
            Column("fiscal_year", _("ปีงบประมาณ (พ.ศ.)"), "int"),
            Column("level", _("ระดับการพัฒนา"), "choice", choices=_choices(Level.choices), width=24),
        ),
        instructions=(
            _("ผลการจัดระดับการพัฒนาของกลุ่มออมทรัพย์เพื่อการผลิต หนึ่งแถวต่อหนึ่งกลุ่มต่อปีงบประมาณ"),
            _("กลุ่มต้องอยู่ในทะเบียนกลุ่มของหมู่บ้านแล้ว ระดับที่บันทึกไว้ของปีเดียวกันจะถูกแก้ตามไฟล์"),
        ),
        write=write_level,
        rows=level_rows,
        key_of=lambda row: (row["village"], row["group"], row["fiscal_year"]),
        order=15,
    )
)
