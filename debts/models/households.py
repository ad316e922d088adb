"""Household debts: surveys, loans, classification, target households and restructuring events.

Money moves only through ``LoanMovement`` rows, each written with the event that caused it.
A transfer or a consolidation moves money between loans of one household and its movements sum
to zero (a deferred trigger refuses any other total); only repayments and write-offs lower what
a household owes. Each household keeps its standing (contracts and outstanding now and at
baseline) in columns, so lists and reports filter on indexes instead of adding up loans.
"""

import pgtrigger
from django.conf import settings
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Right, Upper
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cddfund.closing import ClosedPeriodGuard
from cddfund.models import Village
from cddfund.scope import AreaScoped
from cddfund.thai import masked_id_sql
from cddfund.tracking import tracked
from cddfund.uploads import DocumentField
from debts.models.rollup import household_count_triggers
from institutes.models import Centre, VillageGroup

MONEY = {"max_digits": 14, "decimal_places": 2}


# The full ID is never kept in the audit trail: the masked copy is tracked instead (PDPA). Nor is
# the ten-minute count's bookkeeping (``figures_xid``).
@tracked(exclude=["head_national_id", "figures_xid"])
class Household(AreaScoped):
    """ครัวเรือน: one nuclear family in one house, or one person living apart on their own."""

    centre = models.ForeignKey(
        Centre, on_delete=models.PROTECT, related_name="households", verbose_name=_("ศูนย์")
    )
    village = models.ForeignKey(
        Village, on_delete=models.PROTECT, related_name="households", verbose_name=_("หมู่บ้าน")
    )
    house_number = models.CharField(_("บ้านเลขที่"), max_length=20)
    head_name = models.CharField(_("ชื่อ-นามสกุลหัวหน้าครัวเรือน"), max_length=200)
    head_national_id = models.CharField(_("เลขประจำตัวประชาชนหัวหน้าครัวเรือน"), max_length=13)
    head_id_masked = models.CharField(
        _("เลขประจำตัวประชาชนหัวหน้าครัวเรือน"), max_length=17, editable=False
    )
    members = models.PositiveSmallIntegerField(_("จำนวนสมาชิก (คน)"))
    phone = models.CharField(_("โทรศัพท์"), max_length=20, blank=True)

    # Standing, kept by the services with every survey and event. Loans from banks and other
    # financial institutions are left out, as the definition of debt says.
    baseline_on = models.DateField(_("วันที่สำรวจครั้งแรก"), null=True, blank=True)
    baseline_contracts = models.PositiveSmallIntegerField(_("สัญญาเมื่อสำรวจครั้งแรก"), default=0)
    baseline_outstanding = models.DecimalField(_("หนี้คงค้างเมื่อสำรวจครั้งแรก"), default=0, **MONEY)
    active_contracts = models.PositiveSmallIntegerField(_("สัญญาที่ยังมีหนี้"), default=0)
    outstanding = models.DecimalField(_("หนี้คงค้าง"), default=0, **MONEY)
    # When it entered debt management (its first enrolment as a target household) and what it
    # owed the village then: "reduced" and "cleared" are measured from here (debts/figures.py).
    enrolled_on = models.DateField(_("วันที่เข้าสู่การบริหารจัดการหนี้"), null=True, blank=True)
    enrolled_outstanding = models.DecimalField(
        _("หนี้คงค้างเมื่อเข้าสู่การบริหารจัดการหนี้"), default=0, **MONEY
    )
    debtor_class = models.ForeignKey(
        "DebtorClass",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ประเภทลูกหนี้ปัจจุบัน"),
    )
    # The transaction that last wrote a record dated in a period that has ended (or ends today):
    # the ten-minute count recounts only the districts of such households for those periods
    # (debts/services/rollup.py). Not indexed: the count reads it in its pass over every row.
    figures_xid = models.BigIntegerField(null=True, editable=False)

    class Meta:
        # A household's village, then its house number: one index gives this order in every
        # scope, so the first page of a national list needs no sort of a million rows.
        ordering = ["village_id", "house_number", "id"]
        verbose_name = _("ครัวเรือน")
        verbose_name_plural = _("ครัวเรือน")
        constraints = [
            models.UniqueConstraint(
                fields=["head_national_id"], name="debts_household_unique_head_id"
            ),
            models.CheckConstraint(
                condition=Q(head_national_id__regex=r"^[1-8][0-9]{12}$"),
                name="debts_household_head_id_digits",
            ),
            models.CheckConstraint(
                condition=Q(head_id_masked=masked_id_sql("head_national_id")),
                name="debts_household_head_id_masked",
            ),
            models.CheckConstraint(condition=Q(members__gte=1), name="debts_household_members"),
            models.CheckConstraint(
                condition=Q(outstanding__gte=0, baseline_outstanding__gte=0),
                name="debts_household_outstanding_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(enrolled_outstanding__gte=0)
                & (Q(enrolled_on__isnull=False) | Q(enrolled_outstanding=0)),
                name="debts_household_enrolled_outstanding",
            ),
        ]
        indexes = [
            # The name search (icontains, which compares UPPER()) at national scale.
            GinIndex(
                OpClass(Upper("head_name"), name="gin_trgm_ops"), name="debts_household_name_trgm"
            ),
            # Each scope's list in the list's order (village, house number) straight from an index.
            models.Index(
                fields=["district", "village", "house_number", "id"],
                name="debts_household_district",
            ),
            models.Index(
                fields=["province", "village", "house_number", "id"],
                name="debts_household_province",
            ),
            models.Index(fields=["centre", "id"], name="debts_household_centre"),
            models.Index(fields=["village", "house_number", "id"], name="debts_household_house"),
            # The header's search box: a whole name or its beginning (UPPER() = / LIKE 'x%'),
            # and a house number anywhere in the user's area.
            models.Index(
                OpClass(Upper("head_name"), name="text_pattern_ops"),
                name="debts_household_name_prefix",
            ),
            # The same within a province or a district: their matches are not looked for among
            # the whole country's (a province's search for a name nobody has read 145,000 rows
            # of the province at ten times the country, BENCHMARKS.md).
            models.Index(
                F("province"),
                OpClass(Upper("head_name"), name="text_pattern_ops"),
                name="debts_household_province_name",
            ),
            models.Index(
                F("district"),
                OpClass(Upper("head_name"), name="text_pattern_ops"),
                name="debts_household_district_name",
            ),
            # A house number in the whole country, a province (both columns in the index's
            # condition: a province's search for a number nobody has read its 145,000 rows at
            # ten times the country) or a district.
            models.Index(
                fields=["house_number", "province", "district"],
                name="debts_household_house_area",
            ),
            # The ending of the head's ID within a district (debts.selectors.household_search:
            # only district officers search by it), never among the country's: one ending is
            # the head's of one household in ten thousand, a thousand at ten times the country.
            models.Index(
                F("district"), Right("head_national_id", 4), name="debts_household_id_end_area"
            ),
        ]
        # Today's counts of each district's households, kept as each statement changes them.
        triggers = household_count_triggers()

    def __str__(self):
        return f"{self.house_number} {self.head_name}"

    def get_absolute_url(self):
        return reverse("household_detail", args=[self.pk])

    @property
    def subdistrict(self):
        return self.village.subdistrict

    @property
    def surveyed(self) -> bool:
        return self.baseline_on is not None

    @property
    def reached_one_contract(self) -> bool:
        from debts import figures

        return figures.reached_one_contract(self)

    @property
    def enrolled(self) -> bool:
        return self.enrolled_on is not None

    @property
    def cleared(self) -> bool:
        from debts import figures

        return figures.is_cleared(self)

    @property
    def reduced(self) -> bool:
        from debts import figures

        return figures.is_reduced(self)


class LoanStatus(models.TextChoices):
    ACTIVE = "active", _("ยังมีหนี้")
    CLOSED = "closed", _("ปิดแล้ว")


class ExternalKind(models.TextChoices):
    BANK = "bank", _("ธนาคารพาณิชย์/ธนาคารของรัฐ")
    OTHER = "other", _("สถาบันการเงินอื่น")


@tracked()
class Loan(AreaScoped):
    household = models.ForeignKey(
        Household, on_delete=models.PROTECT, related_name="loans", verbose_name=_("ครัวเรือน")
    )
    creditor_group = models.ForeignKey(
        VillageGroup,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="loans",
        verbose_name=_("เจ้าหนี้ (กลุ่มในหมู่บ้าน)"),
    )
    external_kind = models.CharField(
        _("เจ้าหนี้นอกหมู่บ้าน"), max_length=10, choices=ExternalKind.choices, blank=True
    )
    external_name = models.CharField(_("ชื่อสถาบันการเงิน"), max_length=200, blank=True)
    contract_no = models.CharField(_("เลขที่สัญญา"), max_length=50)
    borrower = models.CharField(_("ผู้กู้"), max_length=200)
    contract_date = models.DateField(_("วันที่ทำสัญญา"))
    principal = models.DecimalField(_("เงินต้นตามสัญญา"), **MONEY)
    outstanding = models.DecimalField(_("หนี้คงค้าง"), **MONEY)
    interest_rate = models.DecimalField(_("อัตราดอกเบี้ย (% ต่อปี)"), max_digits=5, decimal_places=2)
    term_months = models.PositiveSmallIntegerField(_("ระยะเวลา (เดือน)"))
    months_in_arrears = models.PositiveSmallIntegerField(_("ค้างชำระ (เดือน)"), default=0)
    purpose = models.CharField(_("วัตถุประสงค์การกู้"), max_length=200, blank=True)
    status = models.CharField(
        _("สถานะ"), max_length=10, choices=LoanStatus.choices, default=LoanStatus.ACTIVE
    )
    # Since when the records know it: the survey that found it, or the event that opened it.
    # What it owed on an earlier day is unknown (counted as nothing); on a later day it is its
    # outstanding less the movements dated after that day (debts/figures.py).
    opened_on = models.DateField(_("วันที่เริ่มมีในทะเบียน"))
    opened_by = models.ForeignKey(
        "DebtEvent",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="opened_loans",
        verbose_name=_("เกิดจากรายการ"),
    )

    class Meta:
        ordering = ["contract_date", "id"]
        verbose_name = _("สัญญาเงินกู้")
        verbose_name_plural = _("สัญญาเงินกู้")
        constraints = [
            models.CheckConstraint(
                condition=Q(outstanding__gte=0), name="debts_loan_outstanding_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(principal__gt=0), name="debts_loan_principal_positive"
            ),
            models.CheckConstraint(
                condition=Q(interest_rate__gte=0, interest_rate__lte=100),
                name="debts_loan_rate_range",
            ),
            models.CheckConstraint(
                condition=Q(term_months__gte=1), name="debts_loan_term_positive"
            ),
            models.CheckConstraint(
                condition=(
                    Q(creditor_group__isnull=False, external_kind="", external_name="")
                    | (Q(creditor_group__isnull=True) & ~Q(external_kind="") & ~Q(external_name=""))
                ),
                name="debts_loan_one_creditor",
            ),
            models.CheckConstraint(
                condition=Q(status=LoanStatus.ACTIVE) | Q(outstanding=0),
                name="debts_loan_closed_when_paid",
            ),
            models.UniqueConstraint(
                fields=["creditor_group", "contract_no"],
                condition=Q(creditor_group__isnull=False),
                name="debts_loan_unique_contract_per_group",
            ),
        ]
        indexes = [models.Index(fields=["household", "status"], name="debts_loan_household")]
        triggers = [
            ClosedPeriodGuard(
                dates=("opened_on",),
                free=("outstanding", "status", "months_in_arrears", "interest_rate", "term_months"),
            )
        ]

    def __str__(self):
        return f"{self.contract_no} ({self.creditor_name})"

    @property
    def is_village_debt(self) -> bool:
        """Counts toward "1 household, 1 contract": loans from the village's groups only."""
        return self.creditor_group_id is not None

    @property
    def creditor_name(self) -> str:
        return self.creditor_group.name if self.creditor_group_id else self.external_name


@tracked()
class Survey(AreaScoped):
    """A dated survey of a household's loans. The first is its baseline and never changes."""

    household = models.ForeignKey(
        Household, on_delete=models.PROTECT, related_name="surveys", verbose_name=_("ครัวเรือน")
    )
    surveyed_on = models.DateField(_("วันที่สำรวจ"))
    is_baseline = models.BooleanField(_("สำรวจครั้งแรก (ฐาน)"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("ผู้บันทึก"),
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    note = models.CharField(_("หมายเหตุ"), max_length=300, blank=True)

    class Meta:
        ordering = ["surveyed_on", "id"]
        verbose_name = _("การสำรวจหนี้")
        verbose_name_plural = _("การสำรวจหนี้")
        constraints = [
            models.UniqueConstraint(
                fields=["household"],
                condition=Q(is_baseline=True),
                name="debts_survey_one_baseline",
            )
        ]
        triggers = [ClosedPeriodGuard(dates=("surveyed_on",))]

    def __str__(self):
        return f"{self.household} {self.surveyed_on}"


class SurveyLine(AreaScoped):
    """What a survey found for one loan; written once and never changed (the baseline stays)."""

    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="lines")
    loan = models.ForeignKey(Loan, on_delete=models.PROTECT, related_name="survey_lines")
    outstanding = models.DecimalField(_("หนี้คงค้าง"), **MONEY)
    interest_rate = models.DecimalField(_("อัตราดอกเบี้ย"), max_digits=5, decimal_places=2)
    term_months = models.PositiveSmallIntegerField(_("ระยะเวลา (เดือน)"))
    months_in_arrears = models.PositiveSmallIntegerField(_("ค้างชำระ (เดือน)"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["survey", "loan"], name="debts_surveyline_unique"),
        ]
        triggers = [
            pgtrigger.Protect(
                name="survey_lines_are_kept", operation=pgtrigger.Update | pgtrigger.Delete
            )
        ]

    def __str__(self):
        return f"{self.survey} {self.loan}"


@tracked()
class DebtorClass(AreaScoped):
    """A class of debtors the centre's board defines (ประเภทลูกหนี้)."""

    centre = models.ForeignKey(
        Centre, on_delete=models.CASCADE, related_name="debtor_classes", verbose_name=_("ศูนย์")
    )
    name = models.CharField(_("ชื่อประเภท"), max_length=100)
    order = models.PositiveSmallIntegerField(_("ลำดับ"))
    description = models.CharField(_("คำอธิบาย/เกณฑ์"), max_length=300, blank=True)
    arrears_from = models.PositiveSmallIntegerField(_("ค้างชำระตั้งแต่ (เดือน)"), null=True, blank=True)
    arrears_to = models.PositiveSmallIntegerField(_("ค้างชำระถึง (เดือน)"), null=True, blank=True)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("ประเภทลูกหนี้")
        verbose_name_plural = _("ประเภทลูกหนี้")
        constraints = [
            models.UniqueConstraint(
                fields=["centre", "name"], name="debts_debtorclass_unique_name"
            ),
            models.CheckConstraint(
                condition=Q(arrears_to__isnull=True)
                | Q(arrears_from__isnull=True)
                | Q(arrears_to__gte=F("arrears_from")),
                name="debts_debtorclass_arrears_range",
            ),
        ]

    def __str__(self):
        return self.name


@tracked()
class Classification(AreaScoped):
    household = models.ForeignKey(
        Household, on_delete=models.CASCADE, related_name="classifications"
    )
    debtor_class = models.ForeignKey(
        DebtorClass, on_delete=models.PROTECT, related_name="+", verbose_name=_("ประเภทลูกหนี้")
    )
    classified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    classified_at = models.DateTimeField(auto_now_add=True)
    note = models.CharField(_("เหตุผล"), max_length=300, blank=True)

    class Meta:
        ordering = ["-classified_at", "-id"]
        indexes = [models.Index(fields=["household", "-classified_at"], name="debts_class_latest")]

    def __str__(self):
        return f"{self.household}: {self.debtor_class}"


# ``centre`` is the household's own, which never changes: not a change of the target.
@tracked(exclude=["centre"])
class TargetHousehold(AreaScoped):
    """A household the centre chose to work with in a fiscal year, and its enrolment record."""

    household = models.ForeignKey(
        Household, on_delete=models.CASCADE, related_name="targets", verbose_name=_("ครัวเรือน")
    )
    # The household's centre (households are recorded in a centre and stay there), so that a
    # page of centres reads their targets by ``debts_target_centre_year``: reached through each
    # household, PostgreSQL read every target of the centres' districts to keep the page's.
    centre = models.ForeignKey(
        Centre, on_delete=models.PROTECT, related_name="+", db_index=False, editable=False
    )
    fiscal_year = models.PositiveSmallIntegerField(_("ปีงบประมาณ"))
    reason = models.CharField(_("เหตุผลที่เลือก"), max_length=300)
    enrolled_on = models.DateField(_("วันที่เข้าร่วมโครงการ"))
    chosen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    trained_on = models.DateField(_("วันที่ผ่านการอบรมวินัยทางการเงิน 3 วัน"), null=True, blank=True)
    has_life_plan = models.BooleanField(_("มีแผนชีวิตครัวเรือน"), default=False)
    keeps_accounts = models.BooleanField(_("จัดทำบัญชีครัวเรือน"), default=False)
    enrolment_form = DocumentField(_("แบบบันทึกการเข้าร่วมโครงการ (ฉบับลงนาม)"), blank=True)

    class Meta:
        ordering = ["-fiscal_year", "id"]
        verbose_name = _("ครัวเรือนเป้าหมาย")
        verbose_name_plural = _("ครัวเรือนเป้าหมาย")
        constraints = [
            models.UniqueConstraint(
                fields=["household", "fiscal_year"], name="debts_target_once_per_year"
            ),
            models.CheckConstraint(
                condition=Q(fiscal_year__gte=2500, fiscal_year__lte=2700),
                name="debts_target_fiscal_year_be",
            ),
        ]
        indexes = [
            models.Index(fields=["fiscal_year", "household"], name="debts_target_year"),
            models.Index(fields=["centre", "fiscal_year"], name="debts_target_centre_year"),
        ]
        triggers = [
            ClosedPeriodGuard(
                dates=("enrolled_on",),
                free=("trained_on", "has_life_plan", "keeps_accounts", "enrolment_form"),
            )
        ]

    def __str__(self):
        return f"{self.household} ({self.fiscal_year})"


class EventKind(models.TextChoices):
    CHANGE_TERMS = "change_terms", _("ปรับเงื่อนไขสัญญา")
    TRANSFER = "transfer", _("โอนภาระหนี้")
    CONSOLIDATION = "consolidation", _("รวมสัญญา")
    REPAYMENT = "repayment", _("ชำระหนี้")
    WRITE_OFF = "write_off", _("ตัดหนี้สูญ (ตามมติคณะกรรมการ)")


@tracked()
class DebtEvent(AreaScoped):
    """One step on a household's timeline."""

    household = models.ForeignKey(
        Household, on_delete=models.PROTECT, related_name="debt_events", verbose_name=_("ครัวเรือน")
    )
    kind = models.CharField(_("รายการ"), max_length=20, choices=EventKind.choices)
    occurred_on = models.DateField(_("วันที่"))
    reason = models.CharField(_("เหตุผล"), max_length=300, blank=True)
    decision_ref = models.CharField(_("อ้างอิงมติคณะกรรมการ"), max_length=100, blank=True)
    contract_ref = models.CharField(_("เลขที่สัญญาโอน/รวมหนี้"), max_length=100, blank=True)
    document = DocumentField(_("เอกสารประกอบ"), blank=True)
    old_rate = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    new_rate = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    old_term = models.PositiveSmallIntegerField(null=True, blank=True)
    new_term = models.PositiveSmallIntegerField(null=True, blank=True)
    outstanding_after = models.DecimalField(_("หนี้คงค้างหลังรายการ"), **MONEY)
    contracts_after = models.PositiveSmallIntegerField(_("สัญญาหลังรายการ"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["occurred_on", "id"]
        verbose_name = _("รายการปรับโครงสร้างหนี้")
        verbose_name_plural = _("รายการปรับโครงสร้างหนี้")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=EventKind.values), name="debts_debtevent_kind_valid"
            ),
        ]
        indexes = [models.Index(fields=["household", "occurred_on"], name="debts_event_timeline")]
        triggers = [ClosedPeriodGuard(dates=("occurred_on",))]

    def __str__(self):
        return f"{self.get_kind_display()} {self.occurred_on}"


# Money is conserved: once a transaction that writes a transfer's or a consolidation's movements
# commits, they must add up to zero. Deferred, so the rows of one event can be written one by one.
MOVEMENTS_BALANCE = """
    IF EXISTS (
        SELECT 1 FROM debts_debtevent e
        WHERE e.id = NEW.event_id AND e.kind IN ('transfer', 'consolidation')
          AND (SELECT COALESCE(SUM(amount), 0) FROM debts_loanmovement WHERE event_id = e.id) <> 0
    ) THEN
        RAISE EXCEPTION 'debts_movements_balance: event % creates or loses money', NEW.event_id
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
"""


class LoanMovement(models.Model):
    """A change to one loan's outstanding, caused by one event; never changed afterwards."""

    event = models.ForeignKey(DebtEvent, on_delete=models.PROTECT, related_name="movements")
    loan = models.ForeignKey(Loan, on_delete=models.PROTECT, related_name="movements")
    amount = models.DecimalField(**MONEY)
    before = models.DecimalField(**MONEY)
    after = models.DecimalField(**MONEY)

    class Meta:
        ordering = ["event_id", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(after=F("before") + F("amount")), name="debts_movement_adds_up"
            ),
            models.CheckConstraint(condition=Q(after__gte=0), name="debts_movement_not_negative"),
        ]
        triggers = [
            pgtrigger.Protect(
                name="movements_are_kept", operation=pgtrigger.Update | pgtrigger.Delete
            ),
            pgtrigger.Trigger(
                name="movements_balance",
                when=pgtrigger.After,
                operation=pgtrigger.Insert,
                timing=pgtrigger.Deferred,
                func=MOVEMENTS_BALANCE,
            ),
        ]

    def __str__(self):
        return f"{self.loan}: {self.amount}"
