"""Centres (ศูนย์จัดการกองทุนชุมชน) and the registers each must keep.

Every record carries its province and district (``AreaScoped``) copied from the centre's
village, so that scoping is one indexed column. Money is Decimal; every rule that the database
can hold is a named constraint.
"""

import pgtrigger
from django.conf import settings
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Upper
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cddfund.closing import ClosedPeriodGuard
from cddfund.models import Village
from cddfund.scope import AreaScoped
from cddfund.search import SearchKey
from cddfund.tracking import tracked
from cddfund.uploads import DocumentField

MONEY = {"max_digits": 14, "decimal_places": 2}


class GroupType(models.TextChoices):
    SAVINGS = "savings", _("กลุ่มออมทรัพย์เพื่อการผลิต")
    VILLAGE_FUND = "village_fund", _("กองทุนหมู่บ้านและชุมชนเมือง (กทบ.)")
    POVERTY_FUND = "poverty_fund", _("กองทุนแก้ไขปัญหาความยากจน (กข.คจ.)")
    OCCUPATIONAL = "occupational", _("กลุ่มอาชีพ")
    DRINKING_WATER = "drinking_water", _("กลุ่มผู้ผลิตน้ำดื่ม")
    WATER_USERS = "water_users", _("กลุ่มผู้ใช้น้ำ")
    AD_HOC = "ad_hoc", _("กลุ่มเฉพาะกิจ")
    OTHER = "other", _("อื่น ๆ")


class OperatingModel(models.IntegerChoices):
    SAVINGS_LED = 1, _("รูปแบบที่ 1: กลุ่มออมทรัพย์ฯ เป็นแกนนำ สมาชิกเป็นกลุ่ม")
    FUND_LED = 2, _("รูปแบบที่ 2: กองทุนหมู่บ้านหรือกลุ่มอื่นเป็นแกนนำ")
    NEW = 3, _("รูปแบบที่ 3: จัดตั้งใหม่ ไม่มีกลุ่มแกนนำ")
    UPGRADED = 4, _("รูปแบบที่ 4: ยกฐานะจากกลุ่มออมทรัพย์ฯ")


class TransitionStep(models.IntegerChoices):
    NOT_STARTED = 0, _("ยังไม่เริ่มปรับ")
    PREPARE = 1, _("ขั้นที่ 1: เตรียมการ (ทีมอำเภอ/จังหวัด อบรมแกนนำ ปรับระเบียบ)")
    MEMBERS_INTO_GROUPS = 2, _("ขั้นที่ 2: ปรับสมาชิกรายบุคคลเข้ากลุ่ม")
    MONEY_AND_DEBTS = 3, _("ขั้นที่ 3: ปรับเงินฝากเป็นเงินสัจจะสะสมปกติหรือสัจจะพิเศษ สำรวจและโอนหนี้เข้ากลุ่ม")


class CentreStatus(models.TextChoices):
    ACTIVE = "active", _("ดำเนินการอยู่")
    INACTIVE = "inactive", _("หยุดดำเนินการ")


@tracked()
class Centre(AreaScoped):
    name = models.CharField(_("ชื่อศูนย์"), max_length=200)
    village = models.ForeignKey(
        Village, on_delete=models.PROTECT, related_name="centres", verbose_name=_("หมู่บ้าน")
    )
    founded_on = models.DateField(_("วันที่จัดตั้ง"))
    cdd_budget = models.BooleanField(_("จัดตั้งด้วยงบประมาณกรมฯ"), default=False)
    budget_fiscal_year = models.PositiveSmallIntegerField(
        _("ปีงบประมาณที่ได้รับงบ"), null=True, blank=True
    )
    operating_model = models.PositiveSmallIntegerField(
        _("รูปแบบการดำเนินงาน"), choices=OperatingModel.choices
    )
    transition_step = models.PositiveSmallIntegerField(
        _("ขั้นการปรับสู่รูปแบบที่ 1"), choices=TransitionStep.choices, null=True, blank=True
    )
    share_price = models.DecimalField(
        _("ราคาหุ้นละ (บาท)"),
        null=True,
        blank=True,
        help_text=_("เว้นว่างถ้าศูนย์ไม่ได้กำหนดราคาหุ้น"),
        **MONEY,
    )
    lead_group = models.ForeignKey(
        "VillageGroup",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("กลุ่มแกนนำ"),
    )
    has_fixed_office = models.BooleanField(_("มีที่ทำการถาวร"), default=False)
    office_address = models.CharField(_("ที่ตั้งที่ทำการ"), max_length=300, blank=True)
    regulations_approved_on = models.DateField(_("วันที่อนุมัติระเบียบ"), null=True, blank=True)
    regulations_file = DocumentField(_("ไฟล์ระเบียบข้อบังคับ"), blank=True)
    regulations_separate = models.BooleanField(_("ระเบียบแยกจากกลุ่มสมาชิก"), default=False)
    status = models.CharField(
        _("สถานะ"), max_length=10, choices=CentreStatus.choices, default=CentreStatus.ACTIVE
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("ศูนย์จัดการกองทุนชุมชน")
        verbose_name_plural = _("ศูนย์จัดการกองทุนชุมชน")
        indexes = [
            # The header's search box (cddfund.search.ranked_large): the name's beginning, and
            # the name anywhere in it.
            models.Index(
                OpClass(Upper("name"), name="text_pattern_ops"),
                name="institutes_centre_name_prefix",
            ),
            GinIndex(
                OpClass(SearchKey("name"), name="gin_trgm_ops"), name="institutes_centre_name_key"
            ),
            models.Index(fields=["province", "district", "name"], name="institutes_centre_area"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["village"], name="institutes_centre_one_per_village"),
            models.CheckConstraint(
                condition=Q(operating_model__in=OperatingModel.values),
                name="institutes_centre_model_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=CentreStatus.values), name="institutes_centre_status_valid"
            ),
            models.CheckConstraint(
                condition=(
                    Q(operating_model=OperatingModel.SAVINGS_LED, transition_step__isnull=True)
                    | Q(
                        operating_model__in=[2, 3, 4],
                        transition_step__in=TransitionStep.values,
                    )
                ),
                name="institutes_centre_transition_step_by_model",
            ),
            models.CheckConstraint(
                condition=Q(cdd_budget=True, budget_fiscal_year__isnull=False)
                | Q(cdd_budget=False, budget_fiscal_year__isnull=True),
                name="institutes_centre_budget_year_when_budget",
            ),
            models.CheckConstraint(condition=~Q(name=""), name="institutes_centre_name_not_empty"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("centre_detail", args=[self.pk])

    @property
    def subdistrict(self):
        return self.village.subdistrict


class CentreRecord(AreaScoped):
    """A record of one centre's register; its area follows the centre."""

    centre = models.ForeignKey(Centre, on_delete=models.CASCADE, verbose_name=_("ศูนย์"))

    class Meta:
        abstract = True

    def get_absolute_url(self):
        return self.centre.get_absolute_url()


@tracked()
class BankAccount(CentreRecord):
    bank = models.CharField(_("ธนาคาร"), max_length=100)
    branch = models.CharField(_("สาขา"), max_length=100)
    number = models.CharField(_("เลขที่บัญชี"), max_length=20)
    name = models.CharField(_("ชื่อบัญชี"), max_length=200)
    is_active = models.BooleanField(_("ใช้อยู่"), default=True)

    class Meta:
        ordering = ["bank", "number"]
        verbose_name = _("บัญชีธนาคาร")
        verbose_name_plural = _("บัญชีธนาคาร")
        default_related_name = "bank_accounts"
        constraints = [
            models.UniqueConstraint(
                fields=["bank", "number"], name="institutes_bankaccount_unique_number"
            ),
            models.CheckConstraint(
                condition=Q(number__regex=r"^[0-9-]{6,20}$"),
                name="institutes_bankaccount_number_digits",
            ),
        ]

    def __str__(self):
        return f"{self.bank} {self.branch} {self.number}"


@tracked()
class VillageGroup(AreaScoped):
    """A financial group in the village (ทะเบียนกลุ่ม/องค์กรการเงินในหมู่บ้าน)."""

    village = models.ForeignKey(
        Village, on_delete=models.PROTECT, related_name="groups", verbose_name=_("หมู่บ้าน")
    )
    group_type = models.CharField(_("ประเภท"), max_length=20, choices=GroupType.choices)
    name = models.CharField(_("ชื่อกลุ่ม"), max_length=200)
    founded_on = models.DateField(_("วันที่ก่อตั้ง"), null=True, blank=True)
    member_count = models.PositiveIntegerField(_("จำนวนสมาชิก (คน)"))
    capital = models.DecimalField(_("ทุน (บาท)"), **MONEY)

    class Meta:
        ordering = ["name"]
        verbose_name = _("กลุ่มในหมู่บ้าน")
        verbose_name_plural = _("กลุ่มในหมู่บ้าน")
        indexes = [
            # The header's search box (cddfund.search.ranked_large): the name's beginning, and
            # the name anywhere in it.
            models.Index(
                OpClass(Upper("name"), name="text_pattern_ops"), name="institutes_group_name_prefix"
            ),
            GinIndex(
                OpClass(SearchKey("name"), name="gin_trgm_ops"), name="institutes_group_name_key"
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["village", "name"], name="institutes_villagegroup_unique_name"
            ),
            models.CheckConstraint(
                condition=Q(group_type__in=GroupType.values),
                name="institutes_villagegroup_type_valid",
            ),
            models.CheckConstraint(
                condition=Q(capital__gte=0), name="institutes_villagegroup_capital_not_negative"
            ),
        ]

    def __str__(self):
        return self.name


@tracked()
class Membership(CentreRecord):
    """A group's membership of the centre (ทะเบียนสมาชิก), from joining to leaving."""

    group = models.ForeignKey(VillageGroup, on_delete=models.PROTECT, verbose_name=_("กลุ่ม"))
    joined_on = models.DateField(_("วันที่เข้าเป็นสมาชิก"))
    left_on = models.DateField(_("วันที่ออก"), null=True, blank=True)

    class Meta:
        ordering = ["joined_on", "id"]
        verbose_name = _("สมาชิก (กลุ่ม)")
        verbose_name_plural = _("สมาชิก (กลุ่ม)")
        default_related_name = "memberships"
        constraints = [
            models.UniqueConstraint(
                fields=["centre", "group"],
                condition=Q(left_on__isnull=True),
                name="institutes_membership_one_current_per_group",
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=F("joined_on")),
                name="institutes_membership_left_after_joined",
            ),
        ]
        triggers = [ClosedPeriodGuard(dates=("joined_on", "left_on"))]

    def __str__(self):
        return str(self.group)


@tracked()
class IndividualMember(CentreRecord):
    """A person who is a member directly (models 2-4; model 1 has groups only). At step 2 of the
    move to model 1 each person moves into a member group (their own group, or the ad-hoc group
    the rest form): ``moved_to`` names it and ``left_on`` is the day."""

    name = models.CharField(_("ชื่อ-นามสกุล"), max_length=200)
    joined_on = models.DateField(_("วันที่เข้าเป็นสมาชิก"))
    left_on = models.DateField(_("วันที่ออก"), null=True, blank=True)
    moved_to = models.ForeignKey(
        "VillageGroup",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ย้ายเข้ากลุ่ม"),
    )

    class Meta:
        ordering = ["joined_on", "id"]
        verbose_name = _("สมาชิกรายบุคคล")
        verbose_name_plural = _("สมาชิกรายบุคคล")
        default_related_name = "individual_members"
        constraints = [
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=F("joined_on")),
                name="institutes_individualmember_left_after_joined",
            ),
            models.CheckConstraint(
                condition=Q(moved_to__isnull=True) | Q(left_on__isnull=False),
                name="institutes_individualmember_moved_when_left",
            ),
        ]

    def __str__(self):
        return self.name


class ShareKind(models.TextChoices):
    PURCHASE = "purchase", _("ซื้อหุ้น")
    WITHDRAWAL = "withdrawal", _("ถอนหุ้น")


# A group's running share balance, in date order, must never go below zero. The service checks
# first for a friendly message; this trigger is the guarantee. It takes an advisory lock per
# (centre, group) so that two withdrawals written at the same moment are checked one after the
# other, each seeing the other's committed row.
SHARE_BALANCE_CHECK = """
    PERFORM pg_advisory_xact_lock(
        hashtext('institutes_share'), hashtext(_row.centre_id || '/' || _row.group_id)
    );
    IF EXISTS (
        SELECT 1 FROM (
            SELECT SUM(CASE WHEN kind = 'purchase' THEN amount ELSE -amount END)
                   OVER (ORDER BY made_on, id) AS running
            FROM institutes_sharetransaction
            WHERE centre_id = _row.centre_id AND group_id = _row.group_id
        ) balances WHERE running < 0
    ) THEN
        RAISE EXCEPTION 'institutes_share_balance_not_negative: group % centre % below zero',
            _row.group_id, _row.centre_id
            USING ERRCODE = 'check_violation', CONSTRAINT = 'institutes_share_balance_not_negative';
    END IF;
    RETURN NULL;
"""


@tracked()
class ShareTransaction(CentreRecord):
    """One line of the share control register (ทะเบียนคุมเงินลงหุ้น)."""

    group = models.ForeignKey(VillageGroup, on_delete=models.PROTECT, verbose_name=_("กลุ่มสมาชิก"))
    kind = models.CharField(_("รายการ"), max_length=10, choices=ShareKind.choices)
    made_on = models.DateField(_("วันที่"))
    amount = models.DecimalField(_("จำนวนเงิน (บาท)"), **MONEY)
    shares = models.PositiveIntegerField(_("จำนวนหุ้น"), null=True, blank=True)
    receipt_no = models.CharField(_("เลขที่ใบเสร็จ"), max_length=50, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("ผู้บันทึก"),
    )
    recorded_at = models.DateTimeField(_("เวลาที่บันทึก"), auto_now_add=True)

    class Meta:
        ordering = ["made_on", "id"]
        verbose_name = _("รายการหุ้น")
        verbose_name_plural = _("ทะเบียนคุมเงินลงหุ้น")
        default_related_name = "share_transactions"
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0), name="institutes_sharetransaction_amount_positive"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=ShareKind.values),
                name="institutes_sharetransaction_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(shares__isnull=True) | Q(shares__gt=0),
                name="institutes_sharetransaction_shares_positive",
            ),
        ]
        indexes = [
            models.Index(fields=["centre", "group", "made_on"], name="institutes_share_running")
        ]
        triggers = [
            ClosedPeriodGuard(dates=("made_on",)),
            pgtrigger.Trigger(
                name="share_balance_not_negative",
                when=pgtrigger.After,
                operation=pgtrigger.Insert | pgtrigger.Update,
                func=SHARE_BALANCE_CHECK.replace("_row", "NEW"),
            ),
            pgtrigger.Trigger(
                name="share_balance_not_negative_on_delete",
                when=pgtrigger.After,
                operation=pgtrigger.Delete,
                func=SHARE_BALANCE_CHECK.replace("_row", "OLD"),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.amount}"

    @property
    def signed_amount(self):
        return self.amount if self.kind == ShareKind.PURCHASE else -self.amount


class CapitalSource(models.TextChoices):
    SUPPORT = "support", _("เงินสนับสนุนจากหน่วยงาน")
    DONATION = "donation", _("เงินบริจาค")
    LOAN = "loan", _("เงินกู้จากแหล่งอื่น")


@tracked()
class CapitalReceipt(CentreRecord):
    """Operating capital other than shares (shares come from the share register)."""

    source = models.CharField(_("แหล่งที่มา"), max_length=10, choices=CapitalSource.choices)
    received_on = models.DateField(_("วันที่รับ"))
    amount = models.DecimalField(_("จำนวนเงิน (บาท)"), **MONEY)
    giver = models.CharField(_("จาก (หน่วยงาน/ผู้ให้)"), max_length=200)
    reference = models.CharField(_("เลขที่เอกสาร"), max_length=100, blank=True)

    class Meta:
        ordering = ["received_on", "id"]
        verbose_name = _("รายการรับทุน")
        verbose_name_plural = _("ทุนดำเนินการ")
        default_related_name = "capital_receipts"
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0), name="institutes_capitalreceipt_amount_positive"
            ),
            models.CheckConstraint(
                condition=Q(source__in=CapitalSource.values),
                name="institutes_capitalreceipt_source_valid",
            ),
        ]
        triggers = [ClosedPeriodGuard(dates=("received_on",))]

    def __str__(self):
        return f"{self.get_source_display()} {self.amount}"


@tracked()
class AppointmentOrder(CentreRecord):
    """คำสั่งแต่งตั้งคณะกรรมการ, signed by the district chief (นายอำเภอ)."""

    number = models.CharField(_("เลขที่คำสั่ง"), max_length=50)
    issued_on = models.DateField(_("วันที่ออกคำสั่ง"))
    signed_by = models.CharField(_("ผู้ลงนาม"), max_length=200)
    signed_by_district_chief = models.BooleanField(_("ลงนามโดยนายอำเภอ"), default=True)
    file = DocumentField(_("ไฟล์คำสั่ง"), blank=True)

    class Meta:
        ordering = ["-issued_on", "-id"]
        verbose_name = _("คำสั่งแต่งตั้ง")
        verbose_name_plural = _("คำสั่งแต่งตั้ง")
        default_related_name = "orders"

    def __str__(self):
        return f"คำสั่งที่ {self.number}"


class BoardPosition(models.TextChoices):
    CHAIR = "chair", _("ประธาน")
    VICE_CHAIR = "vice_chair", _("รองประธาน")
    SECRETARY = "secretary", _("เลขานุการ")
    TREASURER = "treasurer", _("เหรัญญิก")
    MEMBER = "member", _("กรรมการ")


class BoardPart(models.IntegerChoices):
    REPRESENTATIVE = 1, _("ส่วนที่ 1: ผู้แทนกลุ่มสมาชิก")
    LEADER_OR_EXPERT = 2, _("ส่วนที่ 2: ผู้นำชุมชน/ผู้ทรงคุณวุฒิ")


@tracked()
class BoardMember(CentreRecord):
    name = models.CharField(_("ชื่อ-นามสกุล"), max_length=200)
    position = models.CharField(_("ตำแหน่ง"), max_length=20, choices=BoardPosition.choices)
    part = models.PositiveSmallIntegerField(_("ส่วน"), choices=BoardPart.choices)
    represents = models.ForeignKey(
        VillageGroup,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ผู้แทนของกลุ่ม"),
    )
    term_start = models.DateField(_("เริ่มวาระ"))
    term_end = models.DateField(_("สิ้นสุดวาระ"))
    order = models.ForeignKey(
        AppointmentOrder,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("คำสั่งแต่งตั้ง"),
    )

    class Meta:
        ordering = ["part", "position", "name"]
        verbose_name = _("กรรมการ")
        verbose_name_plural = _("คณะกรรมการ")
        default_related_name = "board_members"
        constraints = [
            models.CheckConstraint(
                condition=Q(term_end__gte=F("term_start")),
                name="institutes_boardmember_term_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(part=1, represents__isnull=False) | Q(part=2, represents__isnull=True),
                name="institutes_boardmember_part1_represents_a_group",
            ),
            models.CheckConstraint(
                condition=Q(position__in=BoardPosition.values),
                name="institutes_boardmember_position_valid",
            ),
        ]

    def __str__(self):
        return self.name


class MeetingKind(models.TextChoices):
    BOARD = "board", _("ประชุมคณะกรรมการ")
    GENERAL = "general", _("ประชุมใหญ่สมาชิก")


@tracked()
class Meeting(CentreRecord):
    kind = models.CharField(_("ประเภทการประชุม"), max_length=10, choices=MeetingKind.choices)
    held_on = models.DateField(_("วันที่ประชุม"))
    attendance = models.PositiveIntegerField(_("ผู้เข้าประชุม (คน)"))
    agenda = models.TextField(_("วาระ/เรื่องสำคัญ"), blank=True)
    minutes_file = DocumentField(_("รายงานการประชุม"), blank=True)

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("การประชุม")
        verbose_name_plural = _("การประชุม")
        default_related_name = "meetings"
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=MeetingKind.values), name="institutes_meeting_kind_valid"
            ),
        ]
        triggers = [ClosedPeriodGuard(dates=("held_on",))]

    def __str__(self):
        return f"{self.get_kind_display()} {self.held_on}"


@tracked()
class PlanActivity(CentreRecord):
    """An activity of the annual action plan (แผนปฏิบัติการประจำปี)."""

    fiscal_year = models.PositiveSmallIntegerField(_("ปีงบประมาณ"))
    title = models.CharField(_("กิจกรรม"), max_length=300)
    planned_month = models.DateField(_("กำหนดทำ"), null=True, blank=True)
    done_on = models.DateField(_("วันที่ทำแล้ว"), null=True, blank=True)
    note = models.CharField(_("หมายเหตุ"), max_length=300, blank=True)

    class Meta:
        ordering = ["fiscal_year", "planned_month", "id"]
        verbose_name = _("กิจกรรมตามแผน")
        verbose_name_plural = _("แผนปฏิบัติการประจำปี")
        default_related_name = "plan_activities"
        constraints = [
            models.CheckConstraint(
                condition=Q(fiscal_year__gte=2500, fiscal_year__lte=2700),
                name="institutes_planactivity_fiscal_year_be",
            ),
        ]
        triggers = [ClosedPeriodGuard(dates=("fy:fiscal_year",))]

    def __str__(self):
        return self.title

    @property
    def is_done(self) -> bool:
        return self.done_on is not None


class WelfareCategory(models.TextChoices):
    # The 9 categories in seed 003's own words.
    BIRTH = "birth", _("สวัสดิการเกี่ยวกับเด็กแรกเกิด/คลอดบุตร")
    ILLNESS = "illness", _("สวัสดิการเกี่ยวกับการเจ็บป่วย/รักษาพยาบาล")
    ELDERLY = "elderly", _("สวัสดิการผู้สูงอายุ")
    DEATH = "death", _("สวัสดิการกรณีเสียชีวิต")
    DISADVANTAGED = "disadvantaged", _("สวัสดิการคนด้อยโอกาส/คนพิการ")
    OCCUPATION = "occupation", _("สวัสดิการเพื่อพัฒนาอาชีพ")
    EDUCATION = "education", _("สวัสดิการเพื่อการศึกษา")
    DISASTER = "disaster", _("สวัสดิการด้านอุบัติภัย อัคคีภัย วาตะภัย และอุทกภัย")
    OTHER = "other", _("อื่น ๆ")


@tracked()
class WelfareGrant(CentreRecord):
    """Community welfare given through a member group (seed 003's 9 categories)."""

    fiscal_year = models.PositiveSmallIntegerField(_("ปีงบประมาณ"))
    category = models.CharField(_("ประเภทสวัสดิการ"), max_length=20, choices=WelfareCategory.choices)
    via_group = models.ForeignKey(
        VillageGroup, on_delete=models.PROTECT, related_name="+", verbose_name=_("จัดผ่านกลุ่ม")
    )
    people = models.PositiveIntegerField(_("จำนวนผู้ได้รับ (คน)"))
    amount = models.DecimalField(_("จำนวนเงิน (บาท)"), **MONEY)
    # The day the money was paid, which dates its entry in the books; grants recorded before the
    # books existed have none (the reconciliation lists them).
    paid_on = models.DateField(_("วันที่จ่าย"), null=True, blank=True)

    class Meta:
        ordering = ["-fiscal_year", "category", "id"]
        verbose_name = _("สวัสดิการชุมชน")
        verbose_name_plural = _("สวัสดิการชุมชน")
        default_related_name = "welfare_grants"
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0), name="institutes_welfaregrant_amount_positive"
            ),
            models.CheckConstraint(
                condition=Q(people__gt=0), name="institutes_welfaregrant_people_positive"
            ),
            models.CheckConstraint(
                condition=Q(category__in=WelfareCategory.values),
                name="institutes_welfaregrant_category_valid",
            ),
            models.CheckConstraint(
                condition=Q(fiscal_year__gte=2500, fiscal_year__lte=2700),
                name="institutes_welfaregrant_fiscal_year_be",
            ),
        ]
        triggers = [ClosedPeriodGuard(dates=("fy:fiscal_year",))]

    def __str__(self):
        return f"{self.get_category_display()} {self.fiscal_year}"


__all__ = [
    "MONEY",
    "AppointmentOrder",
    "BankAccount",
    "BoardMember",
    "BoardPart",
    "BoardPosition",
    "CapitalReceipt",
    "CapitalSource",
    "Centre",
    "CentreRecord",
    "CentreStatus",
    "GroupType",
    "IndividualMember",
    "Meeting",
    "MeetingKind",
    "Membership",
    "OperatingModel",
    "PlanActivity",
    "ShareKind",
    "ShareTransaction",
    "TransitionStep",
    "VillageGroup",
    "WelfareCategory",
    "WelfareGrant",
]
