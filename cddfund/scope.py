"""The one scoping mechanism: every list, detail page, form choice, export and the admin use it.

A staff account is scoped to a district, a province or the whole country (``User.scope``).
Every scoped model names the columns that hold its province and district (``ScopeFields``),
so a scope becomes one indexed ``WHERE`` clause with no climb up the area tree.

Outside the user's scope a record does not exist (404); inside it, an edit that the role may
not make is forbidden (403).
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    DISTRICT = "district", _("เจ้าหน้าที่สำนักงานพัฒนาชุมชนอำเภอ")
    PROVINCE = "province", _("เจ้าหน้าที่สำนักงานพัฒนาชุมชนจังหวัด")
    CENTRAL = "central", _("ส่วนกลาง (กรมฯ)")
    ADMIN = "admin", _("ผู้ดูแลระบบ")


# Who stands above whom. An account is managed only from a level above it, and a role is granted
# only below the one who grants it; administrators are made outside the web pages
# (``manage.py createsuperuser``), so the pages never grant ADMIN.
ROLE_LEVEL = {Role.DISTRICT: 1, Role.PROVINCE: 2, Role.CENTRAL: 3, Role.ADMIN: 4}
MANAGES_ACCOUNTS = (Role.CENTRAL, Role.ADMIN)


def roles_grantable_by(user) -> list[str]:
    """The roles ``user`` may give an account on the staff pages."""
    if not getattr(user, "is_active", False) or user.role not in MANAGES_ACCOUNTS:
        return []
    mine = ROLE_LEVEL[user.role]
    return [role for role in Role.values if role != Role.ADMIN and ROLE_LEVEL[role] < mine]


def can_manage_account(user, account) -> bool:
    """Whether ``user`` may change ``account`` (never their own, never one at or above them)."""
    return account.pk != user.pk and account.role in roles_grantable_by(user)


@dataclass(frozen=True)
class ScopeFields:
    """Where a model keeps its province and district (``None`` when it has no such column)."""

    province: str | None
    district: str | None


@dataclass(frozen=True)
class Scope:
    province_id: str | None = None
    district_id: str | None = None

    @property
    def is_country(self) -> bool:
        return self.province_id is None and self.district_id is None

    def q(self, fields: ScopeFields) -> Q:
        """The filter that keeps rows of a model with ``fields`` inside this scope."""
        if self.district_id and fields.district:
            return Q(**{fields.district: self.district_id})
        if self.province_id and fields.province:
            return Q(**{fields.province: self.province_id})
        if self.is_country:
            return Q()
        # A model above the scope's level (a province for a district officer) that has no column
        # to compare is visible only through its province; without one it is out of scope.
        return Q(pk__in=[])

    def contains(self, *, province_id: str | None, district_id: str | None) -> bool:
        if self.district_id:
            return district_id == self.district_id
        if self.province_id:
            return province_id == self.province_id
        return True


NOWHERE = Scope(province_id="", district_id="")


def scope_of(user) -> Scope:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return NOWHERE
    return user.scope


class ScopedQuerySet(models.QuerySet):
    def visible_to(self, user):
        if scope_of(user) is NOWHERE:
            return self.none()
        return self.filter(scope_of(user).q(self.model.scope_fields))


class AreaScoped(models.Model):
    """A domain record: carries its district and province as indexed columns."""

    province = models.ForeignKey(
        "cddfund.Province", on_delete=models.PROTECT, related_name="+", verbose_name=_("จังหวัด")
    )
    district = models.ForeignKey(
        "cddfund.District", on_delete=models.PROTECT, related_name="+", verbose_name=_("อำเภอ")
    )

    scope_fields = ScopeFields(province="province", district="district")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        abstract = True


def area_of(record) -> dict:
    """The province and district columns of a record that lives where ``record`` lives (a
    household's loan where its household is, a centre's register where the centre is)."""
    return {"province_id": record.province_id, "district_id": record.district_id}


def can_edit(user, obj=None) -> bool:
    """District officers edit the records of their own district; every other role reads."""
    if scope_of(user) is NOWHERE or user.role != Role.DISTRICT:
        return False
    if obj is None:
        return True
    return user.scope.contains(
        province_id=getattr(obj, "province_id", None), district_id=getattr(obj, "district_id", None)
    )


def get_visible_or_404(queryset, user, **lookup):
    """The object matching ``lookup`` if ``user`` may see it; 404 otherwise."""
    try:
        return queryset.visible_to(user).get(**lookup)
    except queryset.model.DoesNotExist as exc:
        raise Http404 from exc


def get_editable_or_403(queryset, user, **lookup):
    """As ``get_visible_or_404``, then 403 unless the user's role may change it."""
    obj = get_visible_or_404(queryset, user, **lookup)
    if not can_edit(user, obj):
        raise PermissionDenied
    return obj
