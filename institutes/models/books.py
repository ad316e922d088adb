"""A centre's own books (seed 001 slides 8-9): a small double-entry ledger.

Kept here rather than in an accounting library: the kept Django ones (django-hordak, whose
releases stop at Django 5.0, and django-ledger) hold one global tree of accounts with a currency
on every leg, while a centre's chart is its own, every row must carry its area for scoping, and
the closed-period guard and the audit trail are declared on the models themselves.

- ``Account``: the centre's chart, created from a default (``institutes.services.books``): cash,
  one account per bank account, shares per member group, loans per member group, deposits per
  individual member, income, expenses, the welfare fund.
- ``JournalEntry`` and its ``JournalLine``s: every movement of money; the lines of an entry
  always balance (a deferred trigger checks each entry at commit). An entry that a register's
  record caused (a share line, a capital receipt, a welfare grant, a loan to a group or its
  repayment, a member's deposit) points at it and goes with it.
- ``GroupLoan`` and ``GroupLoanRepayment``: lending between member groups through the centre.
- ``MemberDeposit``: money an individual member (models 2-4) deposits with or withdraws from
  the centre, and its move into a group's savings at step 3 of the transition.
- ``BankStatement``: the balance a bank's statement shows on a day, typed in to reconcile.
"""

import pgtrigger
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cddfund.closing import ClosedPeriodGuard
from cddfund.tracking import tracked
from cddfund.uploads import DocumentField
from institutes.models.centres import (
    MONEY,
    BankAccount,
    CapitalReceipt,
    CentreRecord,
    IndividualMember,
    Meeting,
    ShareTransaction,
    VillageGroup,
    WelfareGrant,
)


class AccountKind(models.TextChoices):
    ASSET = "asset", _("สินทรัพย์")
    LIABILITY = "liability", _("หนี้สิน")
    EQUITY = "equity", _("ทุน")
    INCOME = "income", _("รายได้")
    EXPENSE = "expense", _("ค่าใช้จ่าย")


# The side on which an account of each kind grows.
DEBIT_KINDS = (AccountKind.ASSET, AccountKind.EXPENSE)


class AccountRole(models.TextChoices):
    """What an account is for; the services post to an account by its role."""

    CASH = "cash", _("เงินสด")
    BANK = "bank", _("เงินฝากธนาคาร")
    GROUP_LOAN = "group_loan", _("ลูกหนี้เงินกู้ระหว่างกลุ่ม")
    DEPOSITS = "deposits", _("เงินรับฝากจากสมาชิก (บุคคล)")
    BORROWED = "borrowed", _("เงินกู้จากแหล่งอื่น")
    SHARES = "shares", _("เงินลงหุ้น")
    SUPPORT = "support", _("ทุนจากเงินสนับสนุนและเงินบริจาค")
    WELFARE_FUND = "welfare_fund", _("กองทุนสวัสดิการ")
    OPENING = "opening", _("ทุนสะสม (ยอดยกมา)")
    INTEREST_INCOME = "interest_income", _("รายได้ดอกเบี้ยเงินให้กู้")
    OTHER_INCOME = "other_income", _("รายได้อื่น")
    WELFARE = "welfare", _("ค่าใช้จ่ายสวัสดิการชุมชน")
    EXPENSE = "expense", _("ค่าใช้จ่ายดำเนินงาน")


# Each role's kind, and what an account of that role belongs to (None: the centre as a whole).
ROLE_KIND = {
    AccountRole.CASH: AccountKind.ASSET,
    AccountRole.BANK: AccountKind.ASSET,
    AccountRole.GROUP_LOAN: AccountKind.ASSET,
    AccountRole.DEPOSITS: AccountKind.LIABILITY,
    AccountRole.BORROWED: AccountKind.LIABILITY,
    AccountRole.SHARES: AccountKind.EQUITY,
    AccountRole.SUPPORT: AccountKind.EQUITY,
    AccountRole.WELFARE_FUND: AccountKind.EQUITY,
    AccountRole.OPENING: AccountKind.EQUITY,
    AccountRole.INTEREST_INCOME: AccountKind.INCOME,
    AccountRole.OTHER_INCOME: AccountKind.INCOME,
    AccountRole.WELFARE: AccountKind.EXPENSE,
    AccountRole.EXPENSE: AccountKind.EXPENSE,
}
PER_GROUP = (AccountRole.GROUP_LOAN, AccountRole.SHARES)
MONEY_ROLES = (AccountRole.CASH, AccountRole.BANK)
# Roles a centre may open more accounts of (e.g. an expense of its own); the others are one each.
OPEN_ROLES = (AccountRole.OTHER_INCOME, AccountRole.EXPENSE)
SINGLE_ROLES = tuple(
    r
    for r in AccountRole
    if r not in (*PER_GROUP, AccountRole.BANK, AccountRole.DEPOSITS) and r not in OPEN_ROLES
)


@tracked()
class Account(CentreRecord):
    code = models.CharField(_("รหัสบัญชี"), max_length=20)
    name = models.CharField(_("ชื่อบัญชี"), max_length=200)
    kind = models.CharField(_("หมวด"), max_length=10, choices=AccountKind.choices)
    role = models.CharField(_("ใช้สำหรับ"), max_length=20, choices=AccountRole.choices)
    bank_account = models.ForeignKey(
        BankAccount, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    group = models.ForeignKey(
        VillageGroup, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    member = models.ForeignKey(
        IndividualMember, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("บัญชี")
        verbose_name_plural = _("ผังบัญชี")
        default_related_name = "accounts"
        constraints = [
            models.UniqueConstraint(fields=["centre", "code"], name="institutes_account_code"),
            models.UniqueConstraint(
                fields=["centre", "role"],
                condition=Q(role__in=SINGLE_ROLES),
                name="institutes_account_one_per_role",
            ),
            models.UniqueConstraint(
                fields=["centre", "role", "group"],
                condition=Q(group__isnull=False),
                name="institutes_account_one_per_group",
            ),
            models.UniqueConstraint(
                fields=["centre", "bank_account"],
                condition=Q(bank_account__isnull=False),
                name="institutes_account_one_per_bank_account",
            ),
            models.UniqueConstraint(
                fields=["centre", "member"],
                condition=Q(member__isnull=False),
                name="institutes_account_one_per_member",
            ),
            models.CheckConstraint(
                condition=Q.create(
                    [Q(role=role, kind=kind) for role, kind in ROLE_KIND.items()],
                    connector=Q.OR,
                ),
                name="institutes_account_kind_of_role",
            ),
            models.CheckConstraint(
                condition=(Q(role__in=PER_GROUP) & Q(group__isnull=False))
                | (~Q(role__in=PER_GROUP) & Q(group__isnull=True)),
                name="institutes_account_group_when_per_group",
            ),
            models.CheckConstraint(
                condition=Q(role=AccountRole.BANK, bank_account__isnull=False)
                | (~Q(role=AccountRole.BANK) & Q(bank_account__isnull=True)),
                name="institutes_account_bank_when_bank",
            ),
            models.CheckConstraint(
                condition=Q(role=AccountRole.DEPOSITS, member__isnull=False)
                | (~Q(role=AccountRole.DEPOSITS) & Q(member__isnull=True)),
                name="institutes_account_member_when_deposits",
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"

    @property
    def is_money(self) -> bool:
        return self.role in MONEY_ROLES

    def signed(self, debit, credit):
        """A movement as it changes this account's balance (positive: the balance grows)."""
        return debit - credit if self.kind in DEBIT_KINDS else credit - debit


class EntrySource(models.TextChoices):
    MANUAL = "manual", _("บันทึกรายการ")
    SHARE = "share", _("เงินลงหุ้น")
    CAPITAL = "capital", _("รับทุน")
    WELFARE = "welfare", _("จ่ายสวัสดิการ")
    GROUP_LOAN = "group_loan", _("ให้กลุ่มกู้")
    REPAYMENT = "repayment", _("รับชำระเงินกู้")
    DEPOSIT = "deposit", _("เงินรับฝาก")


class ManualKind(models.TextChoices):
    """What a manual entry of the books does with the centre's money."""

    OPENING = "opening", _("ยอดยกมา (เงินสดหรือเงินฝากที่มีอยู่ก่อนเริ่มบันทึกบัญชีในระบบ)")
    RECEIPT = "receipt", _("รับเงิน (รายได้ หรือรับอื่น ๆ)")
    PAYMENT = "payment", _("จ่ายเงิน (ค่าใช้จ่าย หรือจ่ายอื่น ๆ)")
    TRANSFER = "transfer", _("โอนระหว่างเงินสดกับบัญชีธนาคาร")


class RepaymentPlan(models.TextChoices):
    MONTHLY = "monthly", _("ผ่อนเงินต้นเท่ากันทุกเดือน")
    AT_END = "at_end", _("ชำระคืนครั้งเดียวเมื่อครบกำหนด")


@tracked()
class GroupLoan(CentreRecord):
    """A loan from the centre to a member group (การกู้ยืมระหว่างกลุ่ม), approved by the board."""

    group = models.ForeignKey(VillageGroup, on_delete=models.PROTECT, verbose_name=_("กลุ่มผู้กู้"))
    lent_on = models.DateField(_("วันที่ให้กู้"))
    amount = models.DecimalField(_("จำนวนเงินกู้ (บาท)"), **MONEY)
    interest_rate = models.DecimalField(_("อัตราดอกเบี้ย (ร้อยละต่อปี)"), max_digits=5, decimal_places=2)
    term_months = models.PositiveSmallIntegerField(_("ระยะเวลา (เดือน)"))
    plan = models.CharField(
        _("การชำระคืน"), max_length=10, choices=RepaymentPlan.choices, default=RepaymentPlan.MONTHLY
    )
    purpose = models.CharField(_("วัตถุประสงค์"), max_length=300, blank=True)
    decision = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("มติคณะกรรมการ (การประชุม)"),
    )
    decision_no = models.CharField(_("เลขที่มติ/วาระ"), max_length=50, blank=True)
    contract_no = models.CharField(_("เลขที่สัญญา"), max_length=50, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-lent_on", "-id"]
        verbose_name = _("เงินกู้ระหว่างกลุ่ม")
        verbose_name_plural = _("ทะเบียนเงินกู้ระหว่างกลุ่ม")
        default_related_name = "group_loans"
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0), name="institutes_grouploan_amount_positive"
            ),
            models.CheckConstraint(
                condition=Q(interest_rate__gte=0, interest_rate__lte=36),
                name="institutes_grouploan_rate_range",
            ),
            models.CheckConstraint(
                condition=Q(term_months__gte=1, term_months__lte=120),
                name="institutes_grouploan_term_range",
            ),
            models.CheckConstraint(
                condition=Q(plan__in=RepaymentPlan.values), name="institutes_grouploan_plan_valid"
            ),
        ]
        triggers = [ClosedPeriodGuard(dates=("lent_on",))]

    def __str__(self):
        return f"{self.group} {self.amount}"


# What a group has repaid of a loan never exceeds the loan. The service checks first for a message
# with the figures; this trigger is the guarantee. The advisory lock per loan makes two repayments
# written at the same moment check one after the other, each seeing the other's committed row.
REPAID_NOT_OVER_LOAN = """
    PERFORM pg_advisory_xact_lock(hashtext('institutes_grouploan'), _row.loan_id::integer);
    IF (SELECT COALESCE(SUM(principal), 0) FROM institutes_grouploanrepayment
         WHERE loan_id = _row.loan_id)
       > (SELECT amount FROM institutes_grouploan WHERE id = _row.loan_id) THEN
        RAISE EXCEPTION 'institutes_grouploan_outstanding_not_negative: loan %', _row.loan_id
            USING ERRCODE = 'check_violation',
                  CONSTRAINT = 'institutes_grouploan_outstanding_not_negative';
    END IF;
    RETURN NULL;
"""


@tracked()
class GroupLoanRepayment(CentreRecord):
    loan = models.ForeignKey(GroupLoan, on_delete=models.PROTECT, verbose_name=_("เงินกู้"))
    paid_on = models.DateField(_("วันที่ชำระ"))
    principal = models.DecimalField(_("เงินต้น (บาท)"), **MONEY)
    interest = models.DecimalField(_("ดอกเบี้ย (บาท)"), default=0, **MONEY)
    receipt_no = models.CharField(_("เลขที่ใบเสร็จ"), max_length=50, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["paid_on", "id"]
        verbose_name = _("การชำระเงินกู้ระหว่างกลุ่ม")
        verbose_name_plural = _("การชำระเงินกู้ระหว่างกลุ่ม")
        default_related_name = "repayments"
        constraints = [
            models.CheckConstraint(
                condition=Q(principal__gte=0, interest__gte=0)
                & (Q(principal__gt=0) | Q(interest__gt=0)),
                name="institutes_grouploanrepayment_amounts",
            ),
        ]
        triggers = [
            ClosedPeriodGuard(dates=("paid_on",)),
            pgtrigger.Trigger(
                name="repaid_not_over_loan",
                when=pgtrigger.After,
                operation=pgtrigger.Insert | pgtrigger.Update,
                func=REPAID_NOT_OVER_LOAN.replace("_row", "NEW"),
            ),
        ]

    def __str__(self):
        return f"{self.loan.group} {self.paid_on}"


class DepositKind(models.TextChoices):
    DEPOSIT = "deposit", _("ฝาก")
    WITHDRAWAL = "withdrawal", _("ถอน")
    MOVED = "moved", _("ย้ายเป็นเงินสัจจะของกลุ่ม")


# A member's deposit balance, in date order, never goes below zero; same lock pattern as shares.
DEPOSIT_BALANCE_CHECK = """
    PERFORM pg_advisory_xact_lock(hashtext('institutes_deposit'), _row.member_id::integer);
    IF EXISTS (
        SELECT 1 FROM (
            SELECT SUM(CASE WHEN kind = 'deposit' THEN amount ELSE -amount END)
                   OVER (ORDER BY made_on, id) AS running
              FROM institutes_memberdeposit WHERE member_id = _row.member_id
        ) balances WHERE running < 0
    ) THEN
        RAISE EXCEPTION 'institutes_deposit_balance_not_negative: member %', _row.member_id
            USING ERRCODE = 'check_violation',
                  CONSTRAINT = 'institutes_deposit_balance_not_negative';
    END IF;
    RETURN NULL;
"""


@tracked()
class MemberDeposit(CentreRecord):
    """A line of an individual member's deposits (รับฝากจากสมาชิก (บุคคล), models 2-4). At step 3
    of the transition the balance moves into the savings of the group the member moved to
    (``MOVED``, with ``savings`` saying which): the person keeps every baht."""

    class Savings(models.TextChoices):
        REGULAR = "regular", _("เงินสัจจะสะสมปกติ")
        SPECIAL = "special", _("เงินสัจจะพิเศษ")

    member = models.ForeignKey(
        IndividualMember, on_delete=models.PROTECT, verbose_name=_("สมาชิกรายบุคคล")
    )
    kind = models.CharField(_("รายการ"), max_length=10, choices=DepositKind.choices)
    made_on = models.DateField(_("วันที่"))
    amount = models.DecimalField(_("จำนวนเงิน (บาท)"), **MONEY)
    to_group = models.ForeignKey(
        VillageGroup,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ย้ายเข้าเป็นเงินสัจจะของกลุ่ม"),
    )
    savings = models.CharField(
        _("ประเภทเงินสัจจะ"), max_length=10, choices=Savings.choices, blank=True
    )
    receipt_no = models.CharField(_("เลขที่ใบเสร็จ"), max_length=50, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["made_on", "id"]
        verbose_name = _("รายการเงินรับฝาก")
        verbose_name_plural = _("ทะเบียนเงินรับฝากสมาชิก (บุคคล)")
        default_related_name = "deposits"
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0), name="institutes_memberdeposit_amount_positive"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=DepositKind.values), name="institutes_memberdeposit_kind"
            ),
            models.CheckConstraint(
                condition=Q(
                    kind=DepositKind.MOVED,
                    to_group__isnull=False,
                    savings__in=["regular", "special"],
                )
                | (~Q(kind=DepositKind.MOVED) & Q(to_group__isnull=True, savings="")),
                name="institutes_memberdeposit_moved_names_group",
            ),
        ]
        indexes = [models.Index(fields=["member", "made_on"], name="institutes_deposit_running")]
        triggers = [
            ClosedPeriodGuard(dates=("made_on",)),
            pgtrigger.Trigger(
                name="deposit_balance_not_negative",
                when=pgtrigger.After,
                operation=pgtrigger.Insert | pgtrigger.Update,
                func=DEPOSIT_BALANCE_CHECK.replace("_row", "NEW"),
            ),
            pgtrigger.Trigger(
                name="deposit_balance_not_negative_on_delete",
                when=pgtrigger.After,
                operation=pgtrigger.Delete,
                func=DEPOSIT_BALANCE_CHECK.replace("_row", "OLD"),
            ),
        ]

    def __str__(self):
        return f"{self.member} {self.get_kind_display()} {self.amount}"

    @property
    def signed_amount(self):
        return self.amount if self.kind == DepositKind.DEPOSIT else -self.amount


@tracked()
class JournalEntry(CentreRecord):
    entry_on = models.DateField(_("วันที่"))
    description = models.CharField(_("รายการ"), max_length=300)
    document_no = models.CharField(_("เลขที่เอกสาร"), max_length=50, blank=True)
    document = DocumentField(_("เอกสารประกอบ"), blank=True)
    source = models.CharField(_("ที่มา"), max_length=20, choices=EntrySource.choices)
    share = models.OneToOneField(
        ShareTransaction, on_delete=models.CASCADE, null=True, blank=True, related_name="entry"
    )
    capital = models.OneToOneField(
        CapitalReceipt, on_delete=models.CASCADE, null=True, blank=True, related_name="entry"
    )
    welfare = models.OneToOneField(
        WelfareGrant, on_delete=models.CASCADE, null=True, blank=True, related_name="entry"
    )
    group_loan = models.OneToOneField(
        GroupLoan, on_delete=models.CASCADE, null=True, blank=True, related_name="entry"
    )
    repayment = models.OneToOneField(
        GroupLoanRepayment, on_delete=models.CASCADE, null=True, blank=True, related_name="entry"
    )
    deposit = models.OneToOneField(
        MemberDeposit, on_delete=models.CASCADE, null=True, blank=True, related_name="entry"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["entry_on", "id"]
        verbose_name = _("รายการบัญชี")
        verbose_name_plural = _("สมุดรายวัน")
        default_related_name = "journal_entries"
        constraints = [
            models.CheckConstraint(
                condition=Q(source__in=EntrySource.values), name="institutes_entry_source_valid"
            ),
            # The record an entry comes from is the one its source names, and only that one.
            models.CheckConstraint(
                condition=Q.create(
                    [
                        Q(
                            source=source,
                            **{
                                f"{field}__isnull": field != own
                                for field in (
                                    "share",
                                    "capital",
                                    "welfare",
                                    "group_loan",
                                    "repayment",
                                    "deposit",
                                )
                            },
                        )
                        for source, own in [
                            (EntrySource.MANUAL, None),
                            (EntrySource.SHARE, "share"),
                            (EntrySource.CAPITAL, "capital"),
                            (EntrySource.WELFARE, "welfare"),
                            (EntrySource.GROUP_LOAN, "group_loan"),
                            (EntrySource.REPAYMENT, "repayment"),
                            (EntrySource.DEPOSIT, "deposit"),
                        ]
                    ],
                    connector=Q.OR,
                ),
                name="institutes_entry_source_record",
            ),
        ]
        indexes = [models.Index(fields=["centre", "entry_on"], name="institutes_entry_day")]
        triggers = [
            ClosedPeriodGuard(dates=("entry_on",)),
            pgtrigger.Trigger(
                name="entry_has_lines",
                when=pgtrigger.After,
                operation=pgtrigger.Insert,
                timing=pgtrigger.Deferred,
                func="""
    IF EXISTS (SELECT 1 FROM institutes_journalentry WHERE id = NEW.id)
       AND (SELECT COUNT(*) FROM institutes_journalline WHERE entry_id = NEW.id) < 2 THEN
        RAISE EXCEPTION 'institutes_entry_balances: entry % has fewer than two lines', NEW.id
            USING ERRCODE = 'check_violation', CONSTRAINT = 'institutes_entry_balances';
    END IF;
    RETURN NULL;
""",
            ),
        ]

    def __str__(self):
        return self.description

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("centre_books", args=[self.centre_id])


# Once a transaction that writes an entry's lines commits, its debits equal its credits and every
# line's account is one of the entry's centre. Deferred, so an entry's lines can be written one
# by one (the services ask for the check at once, to answer with a message).
ENTRY_BALANCES = """
    IF EXISTS (SELECT 1 FROM institutes_journalentry WHERE id = _row.entry_id) AND (
        (SELECT COALESCE(SUM(debit), 0) - COALESCE(SUM(credit), 0)
           FROM institutes_journalline WHERE entry_id = _row.entry_id) <> 0
        OR (SELECT COUNT(*) FROM institutes_journalline WHERE entry_id = _row.entry_id) < 2
        OR EXISTS (
            SELECT 1 FROM institutes_journalline l
              JOIN institutes_account a ON a.id = l.account_id
              JOIN institutes_journalentry e ON e.id = l.entry_id
             WHERE l.entry_id = _row.entry_id AND a.centre_id <> e.centre_id
        )
    ) THEN
        RAISE EXCEPTION 'institutes_entry_balances: entry % does not balance', _row.entry_id
            USING ERRCODE = 'check_violation', CONSTRAINT = 'institutes_entry_balances';
    END IF;
    RETURN NULL;
"""


class JournalLine(models.Model):
    """One side of an entry: a debit or a credit of one account; never changed afterwards."""

    entry = models.ForeignKey(JournalEntry, on_delete=models.CASCADE, related_name="lines")
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="lines")
    debit = models.DecimalField(_("เดบิต"), default=0, **MONEY)
    credit = models.DecimalField(_("เครดิต"), default=0, **MONEY)

    class Meta:
        ordering = ["entry_id", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(debit__gt=0, credit=0) | Q(debit=0, credit__gt=0),
                name="institutes_journalline_one_side",
            ),
        ]
        triggers = [
            pgtrigger.Protect(name="lines_are_kept", operation=pgtrigger.Update),
            pgtrigger.Trigger(
                name="entry_balances",
                when=pgtrigger.After,
                operation=pgtrigger.Insert,
                timing=pgtrigger.Deferred,
                func=ENTRY_BALANCES.replace("_row", "NEW"),
            ),
            pgtrigger.Trigger(
                name="entry_balances_on_delete",
                when=pgtrigger.After,
                operation=pgtrigger.Delete,
                timing=pgtrigger.Deferred,
                func=ENTRY_BALANCES.replace("_row", "OLD"),
            ),
        ]

    def __str__(self):
        return f"{self.account}: {self.debit or -self.credit}"


@tracked()
class BankStatement(CentreRecord):
    """The balance a bank's statement (or passbook) shows on a day, typed in by the officer; the
    books' balance on that day is set beside it and the difference shown."""

    bank_account = models.ForeignKey(
        BankAccount, on_delete=models.PROTECT, verbose_name=_("บัญชีธนาคาร")
    )
    as_of = models.DateField(_("ณ วันที่"))
    balance = models.DecimalField(_("ยอดคงเหลือตามใบแจ้งยอด/สมุดบัญชี (บาท)"), **MONEY)
    document = DocumentField(_("สำเนาใบแจ้งยอด"), blank=True)

    class Meta:
        ordering = ["-as_of", "bank_account_id"]
        verbose_name = _("ยอดตามใบแจ้งยอดธนาคาร")
        verbose_name_plural = _("ยอดตามใบแจ้งยอดธนาคาร")
        default_related_name = "bank_statements"
        constraints = [
            models.UniqueConstraint(
                fields=["bank_account", "as_of"], name="institutes_bankstatement_one_per_day"
            ),
        ]

    def __str__(self):
        return f"{self.bank_account} {self.as_of}"


__all__ = [
    "DEBIT_KINDS",
    "MONEY_ROLES",
    "OPEN_ROLES",
    "PER_GROUP",
    "ROLE_KIND",
    "Account",
    "AccountKind",
    "AccountRole",
    "BankStatement",
    "DepositKind",
    "EntrySource",
    "GroupLoan",
    "GroupLoanRepayment",
    "JournalEntry",
    "JournalLine",
    "ManualKind",
    "MemberDeposit",
    "RepaymentPlan",
]
