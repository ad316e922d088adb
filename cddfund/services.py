"""Every write to the shared records: villages, staff accounts, closed periods and the
provinces' inspection regions."""

import pghistory
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cddfund import closing, records, regions, thai
from cddfund.models import (
    AreaTally,
    District,
    PeriodClosing,
    Province,
    RegionMapping,
    Subdistrict,
    User,
    Village,
)
from cddfund.periods import SECOND_ROUND, Period
from cddfund.registry import registry
from cddfund.scope import Role, can_manage_account, roles_grantable_by
from cddfund.selectors import closing_current

VILLAGE_MOO_TAKEN = _("ตำบล%(subdistrict)s มีหมู่ที่ %(moo)s อยู่แล้ว (%(name)s)")
STAFF_USERNAME_TAKEN = _("ชื่อผู้ใช้ %(username)s มีอยู่แล้ว")
STAFF_DISTRICT_REQUIRED = _("เจ้าหน้าที่สำนักงานพัฒนาชุมชนอำเภอต้องระบุจังหวัดและอำเภอ")
STAFF_PROVINCE_REQUIRED = _("เจ้าหน้าที่สำนักงานพัฒนาชุมชนจังหวัดต้องระบุจังหวัด และไม่ต้องระบุอำเภอ")
STAFF_NO_AREA = _("บทบาทนี้ดูข้อมูลทั่วประเทศ ไม่ต้องระบุจังหวัดหรืออำเภอ")
STAFF_ROLE_NOT_GRANTABLE = _(
    "ให้บทบาท %(role)s ไม่ได้: ให้ได้เฉพาะบทบาทที่ต่ำกว่าบทบาทของผู้ให้ (บัญชีผู้ดูแลระบบสร้างได้จากบรรทัดคำสั่งเท่านั้น)"
)


def _check_moo_free(*, subdistrict: Subdistrict, moo: int, exclude_pk=None) -> None:
    taken = Village.objects.filter(subdistrict=subdistrict, moo=moo).exclude(pk=exclude_pk).first()
    if taken:
        raise ValidationError(
            {
                "moo": ValidationError(
                    VILLAGE_MOO_TAKEN,
                    code="moo_taken",
                    params={"subdistrict": subdistrict.name_th, "moo": moo, "name": taken.name},
                )
            }
        )


def _save_village(village: Village) -> Village:
    village.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            village.save()
    except IntegrityError:
        # Two officers adding the same หมู่ที่ at once: the unique constraint lets one win.
        _check_moo_free(subdistrict=village.subdistrict, moo=village.moo, exclude_pk=village.pk)
        raise
    return village


@transaction.atomic
def village_create(*, by: User, subdistrict: Subdistrict, moo: int, name: str) -> Village:
    village = Village(
        subdistrict=subdistrict,
        district_id=subdistrict.district_id,
        province_id=subdistrict.province_id,
        moo=moo,
        name=name.strip(),
    )
    records.check_can_edit(by, village)
    _check_moo_free(subdistrict=subdistrict, moo=moo)
    return _save_village(village)


@transaction.atomic
def village_update(
    *, by: User, village: Village, subdistrict: Subdistrict, moo: int, name: str
) -> Village:
    village.subdistrict = subdistrict
    village.district_id = subdistrict.district_id
    village.province_id = subdistrict.province_id
    village.moo = moo
    village.name = name.strip()
    records.check_can_edit(by, village)
    _check_moo_free(subdistrict=subdistrict, moo=moo, exclude_pk=village.pk)
    return _save_village(village)


@transaction.atomic
def village_delete(*, by: User, village: Village) -> None:
    records.check_can_edit(by, village)
    records.delete(village)


def _check_staff_area(role: str, province: Province | None, district: District | None):
    if role == Role.DISTRICT and not (province and district):
        raise ValidationError({"district": ValidationError(STAFF_DISTRICT_REQUIRED)})
    if role == Role.PROVINCE and (not province or district):
        raise ValidationError({"province": ValidationError(STAFF_PROVINCE_REQUIRED)})
    if role in (Role.CENTRAL, Role.ADMIN) and (province or district):
        raise ValidationError({"role": ValidationError(STAFF_NO_AREA)})


def _check_grant(by: User, role: str) -> None:
    if role not in roles_grantable_by(by):
        raise ValidationError(
            {
                "role": ValidationError(
                    STAFF_ROLE_NOT_GRANTABLE,
                    params={"role": Role(role).label if role in Role.values else role},
                )
            }
        )


@transaction.atomic
def staff_create(
    *,
    by: User,
    username: str,
    first_name: str,
    last_name: str,
    role: str,
    password: str,
    province: Province | None = None,
    district: District | None = None,
    email: str = "",
    position: str = "",
    is_active: bool = True,
) -> User:
    if not roles_grantable_by(by):
        raise PermissionDenied
    _check_grant(by, role)
    _check_staff_area(role, province, district)
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError(
            {"username": ValidationError(STAFF_USERNAME_TAKEN, params={"username": username})}
        )
    user = User(
        username=username,
        first_name=first_name,
        last_name=last_name,
        email=email,
        position=position,
        role=role,
        province=province,
        district=district,
        is_active=is_active,
    )
    validate_password(password, user)
    user.set_password(password)
    user.full_clean()
    user.save()
    return user


@transaction.atomic
def staff_update(
    *,
    by: User,
    user: User,
    first_name: str,
    last_name: str,
    role: str,
    province: Province | None,
    district: District | None,
    email: str = "",
    position: str = "",
    is_active: bool = True,
    password: str = "",
) -> User:
    """Change an account below ``by``'s level. A new password logs the account out everywhere
    (Django checks each session against the password) and is kept in its history."""
    if not can_manage_account(by, user):
        raise PermissionDenied
    _check_grant(by, role)
    _check_staff_area(role, province, district)
    user.first_name, user.last_name = first_name, last_name
    user.email, user.position = email, position
    user.role, user.province, user.district = role, province, district
    user.is_active = is_active
    if password:
        validate_password(password, user)
        user.set_password(password)
    user.full_clean()
    user.save()
    if password:
        pghistory.create_event(user, label="password_set")
    return user


# --- closed periods (cddfund/closing.py) -------------------------------------------------------

PERIOD_NOT_ENDED = _("ยังปิด%(period)s ไม่ได้ เพราะงวดยังไม่สิ้นสุด (สิ้นสุดวันที่ %(end)s)")
PERIOD_SECOND_ROUND = _("รอบที่ 2 สิ้นสุดพร้อมปีงบประมาณ: ปิดทั้งปีงบประมาณแทน")
PERIOD_ALREADY_CLOSED = _("%(period)s ปิดงวดอยู่แล้ว")
PERIOD_NOT_CLOSED = _("%(period)s ไม่ได้ปิดงวดอยู่")
PERIOD_REASON_REQUIRED = _("ระบุเหตุผลที่ต้องเปิดงวด อย่างน้อย 10 ตัวอักษร")
CLOSING_ROLES = (Role.CENTRAL, Role.ADMIN)


def _check_closing_role(by: User) -> None:
    if by.role not in CLOSING_ROLES:
        raise PermissionDenied


@transaction.atomic
def period_lock(*, by: User, period: Period) -> PeriodClosing:
    """Close ``period`` to changes; the caller writes its figures in the same transaction
    (the lock taken here holds every guarded write back until then)."""
    _check_closing_role(by)
    if period.round == SECOND_ROUND:
        raise ValidationError(PERIOD_SECOND_ROUND)
    if not period.has_ended():
        raise ValidationError(
            PERIOD_NOT_ENDED,
            params={"period": period.label, "end": thai.format_date(period.end)},
        )
    closing.lock_exclusively()
    if closing_current(period):
        raise ValidationError(PERIOD_ALREADY_CLOSED, params={"period": period.label})
    last = (
        PeriodClosing.objects.filter(fiscal_year=period.fiscal_year, round=period.round)
        .order_by("-version")
        .values_list("version", flat=True)
        .first()
    )
    closed = PeriodClosing(
        fiscal_year=period.fiscal_year,
        round=period.round,
        version=(last or 0) + 1,
        starts_on=period.start,
        ends_on=period.end,
        closed_by=by,
        closed_at=timezone.now(),
    )
    closed.full_clean()
    closed.save()
    return closed


@transaction.atomic
def period_unlock(*, by: User, period: Period, reason: str) -> PeriodClosing:
    """Reopen ``period`` for changes, with the reason; the closing is kept as its version."""
    _check_closing_role(by)
    reason = reason.strip()
    if len(reason) < 10:
        raise ValidationError({"reason": ValidationError(PERIOD_REASON_REQUIRED)})
    closing.lock_exclusively()
    closed = closing_current(period)
    if closed is None or closed.round != period.round:
        raise ValidationError(PERIOD_NOT_CLOSED, params={"period": period.label})
    closed.reopened_by, closed.reopened_at, closed.reopen_reason = by, timezone.now(), reason
    closed.full_clean()
    closed.save()
    return closed


# --- inspection regions (cddfund/regions.py) --------------------------------------------------


@transaction.atomic
def regions_load(*, text: str, by=None) -> RegionMapping:
    """Put every province in its region as ``text`` says (central office, or a command)."""
    if by is not None and by.role not in (Role.CENTRAL, Role.ADMIN):
        raise PermissionDenied
    found, source, provisional = regions.parse(text)
    provinces = list(Province.objects.select_for_update())
    for province in provinces:
        province.inspection_region = found.get(province.code)
    Province.objects.bulk_update(provinces, ["inspection_region"])
    return RegionMapping.objects.create(source=source, provisional=provisional, loaded_by=by)


def regions_ensure_default() -> None:
    """The default mapping (fixtures/inspection-regions.yaml), when none was ever loaded."""
    if not RegionMapping.objects.exists():
        regions_load(text=regions.DEFAULT.read_text(encoding="utf-8"))


@transaction.atomic
def tallies_count(*, today=None) -> int:
    """Count every registered tally per district again (``AreaTally``) and replace the last
    count in one transaction: a reader sees the last count or this one, never a mix. Returns
    the number of rows written."""
    year = thai.fiscal_year(today or timezone.localdate())
    with connection.cursor() as cursor:
        # Two counts at once would each replace the other's rows; the second waits.
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext('cddfund.tallies'))")
    counted_at = timezone.now()
    # Every district gets a row of each tally, 0 included: a name missing means not counted.
    districts = dict(District.objects.values_list("code", "province_id"))
    rows = []
    for name, (function, columns) in registry.tallies.items():
        counts = {row["district_id"]: row for row in function(year)}
        rows += [
            AreaTally(
                name=name.format(year=year, column=column),
                district_id=code,
                province_id=province,
                count=counts.get(code, {}).get(column, 0),
                counted_at=counted_at,
            )
            for column in columns
            for code, province in districts.items()
        ]
    AreaTally.objects.all().delete()
    AreaTally.objects.bulk_create(rows, batch_size=2000)
    return len(rows)
