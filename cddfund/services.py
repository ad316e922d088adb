"""Every write to the shared records: villages and staff accounts."""

import pghistory
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from cddfund import records
from cddfund.models import District, Province, Subdistrict, User, Village
from cddfund.scope import Role, can_manage_account, roles_grantable_by

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
