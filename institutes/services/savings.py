"""Savings groups toward the SMART Saving Group standard: their development levels by fiscal
year, and the choice of the level-3 groups the programme works with (seed 002)."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cddfund import photos, records, thai
from cddfund.models import User
from cddfund.scope import Role, area_of
from institutes.models import (
    FORUM_STEPS,
    REPORT_WITHIN_DAYS,
    ForumPhoto,
    GroupLevel,
    GroupType,
    Level,
    SsgForum,
    SsgSelection,
    VillageGroup,
)

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


# --- the forum (seed 002, steps 4-6) -----------------------------------------------------------

FORUM_OUTSIDE_YEAR = _("วันที่จัดเวทีต้องอยู่ในปีงบประมาณ %(year)s (%(start)s - %(end)s)")
PARTICIPANTS_FEWER_THAN_NAMES = _("จำนวนผู้เข้าร่วม (%(count)s คน) น้อยกว่ารายชื่อที่กรอก (%(names)s คน)")
PARTICIPANTS_NONE = _("ผู้เข้าร่วมต้องมีอย่างน้อย 1 คน")
REPORTED_BEFORE_FORUM = _("วันที่รายงานผลต้องไม่ก่อนวันที่จัดเวที (%(date)s)")


def third_quarter(fiscal_year: int) -> tuple[datetime.date, datetime.date]:
    """April to June: the third quarter of a Thai fiscal year, when the forums are held."""
    year = fiscal_year - thai.BE_OFFSET
    return datetime.date(year, 4, 1), datetime.date(year, 6, 30)


def report_due(forum: SsgForum) -> datetime.date:
    return forum.held_on + datetime.timedelta(days=REPORT_WITHIN_DAYS)


def report_late(forum: SsgForum, today: datetime.date | None = None) -> bool:
    """Reported to the province after a week, or not yet and the week is over."""
    today = today or timezone.localdate()
    return (forum.reported_on or today) > report_due(forum)


@transaction.atomic
def forum_save(
    *,
    by: User,
    selection: SsgSelection,
    held_on: datetime.date,
    participants: int,
    participant_names: str = "",
    reported_on: datetime.date | None = None,
    steps: dict[str, bool] | None = None,
) -> SsgForum:
    """Record (or correct) the forum held with a selected group."""
    forum = SsgForum.objects.filter(selection=selection).first() or SsgForum(
        selection=selection, **area_of(selection)
    )
    records.check_can_edit(by, forum)
    start, end = thai.fiscal_year_bounds(selection.fiscal_year)
    if held_on is None or not start <= held_on <= end:
        raise ValidationError(
            {
                "held_on": ValidationError(
                    FORUM_OUTSIDE_YEAR,
                    params={
                        "year": selection.fiscal_year,
                        "start": thai.format_date(start),
                        "end": thai.format_date(end),
                    },
                )
            }
        )
    records.not_future("held_on", held_on)
    names = [line.strip() for line in participant_names.splitlines() if line.strip()]
    if participants is None or participants < 1:
        raise ValidationError({"participants": ValidationError(PARTICIPANTS_NONE)})
    if participants < len(names):
        raise ValidationError(
            {
                "participants": ValidationError(
                    PARTICIPANTS_FEWER_THAN_NAMES,
                    params={"count": participants, "names": len(names)},
                )
            }
        )
    if reported_on is not None:
        records.not_future("reported_on", reported_on)
        if reported_on < held_on:
            raise ValidationError(
                {
                    "reported_on": ValidationError(
                        REPORTED_BEFORE_FORUM, params={"date": thai.format_date(held_on)}
                    )
                }
            )
    forum.held_on, forum.participants, forum.reported_on = held_on, participants, reported_on
    forum.participant_names = "\n".join(names)
    for field, _label in FORUM_STEPS:
        setattr(forum, field, bool((steps or {}).get(field)))
    forum.recorded_by = by
    return records.save(forum)


@transaction.atomic
def photo_add(*, by: User, forum: SsgForum, upload, caption: str = "") -> ForumPhoto:
    """A photo of the forum, shrunk and stored again as JPEG (``cddfund.photos``)."""
    photo = ForumPhoto(forum=forum, caption=caption.strip(), uploaded_by=by, **area_of(forum))
    records.check_can_edit(by, photo)
    photos.attach(photo, upload)
    return records.save(photo)


@transaction.atomic
def photo_delete(*, by: User, photo: ForumPhoto) -> None:
    records.check_can_edit(by, photo)
    records.delete(photo)
