"""Shared records: official areas, villages and staff accounts."""

from django.contrib.auth.models import AbstractUser, UserManager
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cddfund.periods import Period
from cddfund.scope import AreaScoped, Role, Scope, ScopedQuerySet, ScopeFields
from cddfund.search import SearchKey
from cddfund.tracking import tracked

# Official areas keep their DOPA code as primary key, so a record points at the same area however
# DOPA renames it, and load_areas can update names in place. Areas DOPA abolishes are kept,
# marked inactive, because older records may still point at them. Their inserts are not audited
# (load_areas creates thousands at once); renames and retirements are.


@tracked(inserts=False)
class Province(models.Model):
    code = models.CharField(_("รหัส"), max_length=2, primary_key=True)
    name_th = models.CharField(_("ชื่อ"), max_length=100)
    name_en = models.CharField(_("ชื่อภาษาอังกฤษ"), max_length=100)
    is_active = models.BooleanField(_("ใช้อยู่"), default=True)
    # เขตตรวจราชการ 1-18 (cddfund/regions.py); กรุงเทพมหานคร is in none.
    inspection_region = models.PositiveSmallIntegerField(_("เขตตรวจราชการ"), null=True, blank=True)

    scope_fields = ScopeFields(province="code", district=None)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["name_th"]
        verbose_name = _("จังหวัด")
        verbose_name_plural = _("จังหวัด")
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^[0-9]{2}$"), name="cddfund_province_code_format"
            ),
            models.CheckConstraint(
                condition=Q(inspection_region__gte=1, inspection_region__lte=18),
                name="cddfund_province_inspection_region",
            ),
        ]

    def __str__(self):
        return self.name_th


@tracked(inserts=False)
class District(models.Model):
    code = models.CharField(_("รหัส"), max_length=4, primary_key=True)
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="districts", verbose_name=_("จังหวัด")
    )
    name_th = models.CharField(_("ชื่อ"), max_length=100)
    name_en = models.CharField(_("ชื่อภาษาอังกฤษ"), max_length=100)
    is_active = models.BooleanField(_("ใช้อยู่"), default=True)

    scope_fields = ScopeFields(province="province", district="code")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["name_th"]
        verbose_name = _("อำเภอ")
        verbose_name_plural = _("อำเภอ")
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^[0-9]{4}$"), name="cddfund_district_code_format"
            )
        ]

    def __str__(self):
        return self.name_th


@tracked(inserts=False)
class Subdistrict(models.Model):
    code = models.CharField(_("รหัส"), max_length=6, primary_key=True)
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="subdistricts", verbose_name=_("อำเภอ")
    )
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="+", verbose_name=_("จังหวัด")
    )
    name_th = models.CharField(_("ชื่อ"), max_length=100)
    name_en = models.CharField(_("ชื่อภาษาอังกฤษ"), max_length=100)
    postal_codes = models.CharField(_("รหัสไปรษณีย์"), max_length=60, blank=True)
    is_active = models.BooleanField(_("ใช้อยู่"), default=True)

    scope_fields = ScopeFields(province="province", district="district")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["name_th"]
        verbose_name = _("ตำบล")
        verbose_name_plural = _("ตำบล")
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^[0-9]{6}$"), name="cddfund_subdistrict_code_format"
            )
        ]

    def __str__(self):
        return self.name_th


@tracked()
class Village(AreaScoped):
    """หมู่บ้าน: entered by district officers under an official subdistrict."""

    subdistrict = models.ForeignKey(
        Subdistrict, on_delete=models.PROTECT, related_name="villages", verbose_name=_("ตำบล")
    )
    moo = models.PositiveSmallIntegerField(_("หมู่ที่"))
    name = models.CharField(_("ชื่อหมู่บ้าน"), max_length=150)

    class Meta:
        ordering = ["subdistrict__name_th", "moo"]
        verbose_name = _("หมู่บ้าน")
        verbose_name_plural = _("หมู่บ้าน")
        indexes = [
            # The header's search box (cddfund.search.ranked_large): the name's beginning, and
            # the name anywhere in it.
            models.Index(
                OpClass(Upper("name"), name="text_pattern_ops"), name="cddfund_village_name_prefix"
            ),
            GinIndex(
                OpClass(SearchKey("name"), name="gin_trgm_ops"), name="cddfund_village_name_key"
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["subdistrict", "moo"], name="cddfund_village_unique_moo_in_subdistrict"
            ),
            models.CheckConstraint(
                condition=Q(moo__gte=1, moo__lte=99), name="cddfund_village_moo_range"
            ),
            models.CheckConstraint(condition=~Q(name=""), name="cddfund_village_name_not_empty"),
        ]

    def __str__(self):
        return f"หมู่ที่ {self.moo} {self.name}"

    def get_absolute_url(self):
        return reverse("village_detail", args=[self.pk])

    @property
    def code(self) -> str:
        """DOPA-style village code: the subdistrict code and the two-digit หมู่ที่."""
        return f"{self.subdistrict_id}{self.moo:02d}"


class StaffManager(UserManager.from_queryset(ScopedQuerySet)):
    def create_superuser(self, username, email=None, password=None, **extra_fields):
        extra_fields.setdefault("role", Role.ADMIN)
        return super().create_superuser(username, email, password, **extra_fields)


@tracked(exclude=["password", "last_login", "unread_notifications"], manual=("password_set",))
class User(AbstractUser):
    """A staff account, scoped to the area its role works in."""

    role = models.CharField(_("บทบาท"), max_length=20, choices=Role.choices)
    province = models.ForeignKey(
        Province,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("จังหวัด"),
    )
    district = models.ForeignKey(
        District,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("อำเภอ"),
    )
    position = models.CharField(_("ตำแหน่ง"), max_length=150, blank=True)
    email_notifications = models.BooleanField(_("ส่งการแจ้งเตือนทางอีเมลด้วย"), default=True)
    # How many of the user's notifications wait unread: kept with each write of them
    # (cddfund/notifications.py) so the header shows it without a query; the inbox recounts it.
    unread_notifications = models.PositiveIntegerField(default=0, editable=False)

    scope_fields = ScopeFields(province="province", district="district")
    objects = StaffManager()

    class Meta:
        verbose_name = _("บัญชีเจ้าหน้าที่")
        verbose_name_plural = _("บัญชีเจ้าหน้าที่")
        constraints = [
            models.CheckConstraint(
                condition=Q(role__in=Role.values), name="cddfund_user_role_valid"
            ),
            models.CheckConstraint(
                condition=(
                    Q(role=Role.DISTRICT, province__isnull=False, district__isnull=False)
                    | Q(role=Role.PROVINCE, province__isnull=False, district__isnull=True)
                    | Q(
                        role__in=[Role.CENTRAL, Role.ADMIN],
                        province__isnull=True,
                        district__isnull=True,
                    )
                ),
                name="cddfund_user_area_matches_role",
            ),
        ]

    def __str__(self):
        return self.get_full_name() or self.username

    @property
    def scope(self) -> Scope:
        return Scope(province_id=self.province_id, district_id=self.district_id)

    @property
    def area_label(self) -> str:
        if self.district_id:
            return f"อ.{self.district.name_th} จ.{self.province.name_th}"
        if self.province_id:
            return f"จ.{self.province.name_th}"
        return str(_("ทั่วประเทศ"))

    @property
    def sees_national_ids(self) -> bool:
        """District officers enter and check IDs; every other role sees them masked (PDPA)."""
        return self.role == Role.DISTRICT


@tracked()
class PeriodClosing(models.Model):
    """Central office closed a period (cddfund/closing.py): its records are kept as they were
    until it is reopened, with a reason; a reopened closing stays, as that version's record, and
    closing again makes the next version."""

    fiscal_year = models.PositiveSmallIntegerField(_("ปีงบประมาณ"))
    round = models.PositiveSmallIntegerField(_("รอบ"))  # 0: the whole fiscal year
    version = models.PositiveSmallIntegerField(_("ครั้งที่ปิด"))
    starts_on = models.DateField(_("ตั้งแต่วันที่"))
    ends_on = models.DateField(_("ถึงวันที่"))
    closed_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("ปิดงวดโดย")
    )
    closed_at = models.DateTimeField(_("ปิดงวดเมื่อ"))
    reopened_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("เปิดงวดโดย"),
    )
    reopened_at = models.DateTimeField(_("เปิดงวดเมื่อ"), null=True, blank=True)
    reopen_reason = models.CharField(_("เหตุผลที่เปิดงวด"), max_length=500, blank=True)

    class Meta:
        ordering = ["-fiscal_year", "round", "-version"]
        verbose_name = _("การปิดงวด")
        verbose_name_plural = _("การปิดงวด")
        constraints = [
            models.UniqueConstraint(
                fields=["fiscal_year", "round"],
                condition=Q(reopened_at__isnull=True),
                name="cddfund_periodclosing_one_closed",
            ),
            models.UniqueConstraint(
                fields=["fiscal_year", "round", "version"], name="cddfund_periodclosing_version"
            ),
            models.CheckConstraint(
                condition=Q(round__in=[0, 1]), name="cddfund_periodclosing_round"
            ),
            models.CheckConstraint(
                condition=Q(starts_on__lte=models.F("ends_on")),
                name="cddfund_periodclosing_dates",
            ),
            models.CheckConstraint(
                condition=(
                    Q(reopened_at__isnull=True, reopened_by__isnull=True, reopen_reason="")
                    | (
                        Q(reopened_at__isnull=False, reopened_by__isnull=False)
                        & ~Q(reopen_reason="")
                    )
                ),
                name="cddfund_periodclosing_reopened_with_reason",
            ),
        ]

    def __str__(self):
        return f"{self.period.label} (ครั้งที่ {self.version})"

    @property
    def period(self) -> Period:
        return Period(self.fiscal_year, self.round)

    @property
    def is_reopened(self) -> bool:
        return self.reopened_at is not None


class RegionMapping(models.Model):
    """Each load of the provinces' inspection regions (cddfund/regions.py): where it came from,
    whether it is only a default, who loaded it. The newest is the one in force."""

    source = models.CharField(_("ที่มา"), max_length=300)
    provisional = models.BooleanField(_("ค่าเริ่มต้น ยังไม่เป็นทางการ"), default=False)
    loaded_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-loaded_at", "-id"]
        verbose_name = _("การกำหนดเขตตรวจราชการ")
        verbose_name_plural = _("การกำหนดเขตตรวจราชการ")

    def __str__(self):
        return self.source


class Notification(models.Model):
    """Something that happened which concerns one user (cddfund/notifications.py): its message
    is kept as the source text and its values, so each reader sees it in their own language;
    its area is the record's, and the inbox shows it only while the area is inside the user's
    scope. A notification with a key is written once per user, however often it is sent."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    message = models.CharField(max_length=300)
    params = models.JSONField(default=dict, blank=True)
    url = models.CharField(max_length=300, blank=True)
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    key = models.CharField(max_length=120, blank=True)
    created_at = models.DateTimeField(_("เมื่อ"), auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    scope_fields = ScopeFields(province="province", district="district")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("การแจ้งเตือน")
        verbose_name_plural = _("การแจ้งเตือน")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "key"], condition=~Q(key=""), name="cddfund_notification_once"
            ),
            models.CheckConstraint(
                condition=Q(url="") | Q(url__startswith="/") & ~Q(url__startswith="//"),
                name="cddfund_notification_local_url",
            ),
        ]
        indexes = [
            models.Index(fields=["user", "-created_at"], name="cddfund_notification_inbox"),
            models.Index(
                fields=["created_at"],
                condition=Q(emailed_at__isnull=True),
                name="cddfund_notification_to_mail",
            ),
        ]

    def __str__(self):
        return self.text

    @property
    def text(self) -> str:
        try:
            return gettext(self.message) % self.params
        except (KeyError, TypeError, ValueError):
            return gettext(self.message)


class AreaTally(AreaScoped):
    """How many records of a kind (``name``, registered with ``registry.tally``) one district
    held when last counted (``services.tallies_count``, a job every ten minutes): the home
    cards of a province and of the country add up about 900 rows instead of counting the
    country's records on every visit. A district's own cards count live."""

    name = models.CharField(max_length=60)
    count = models.PositiveIntegerField()
    counted_at = models.DateTimeField()

    class Meta:
        verbose_name = _("จำนวนที่นับไว้ของอำเภอ")
        verbose_name_plural = _("จำนวนที่นับไว้ของอำเภอ")
        constraints = [
            models.UniqueConstraint(fields=["name", "district"], name="cddfund_areatally_once"),
        ]
