"""Reads of a centre's books: balances, the two books of the seeds, the statements, the loans
to groups and the reconciliation of the books with the registers.

Each read is a few queries on one centre's lines (an index on the entry's centre and day), so
it costs the same however many centres the country has.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.db.models import Case, DecimalField, F, OuterRef, Q, QuerySet, Subquery, Sum, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cddfund import thai
from institutes.models import (
    DEBIT_KINDS,
    PER_GROUP,
    Account,
    AccountKind,
    AccountRole,
    BankStatement,
    CapitalReceipt,
    CapitalSource,
    Centre,
    DepositKind,
    GroupLoan,
    GroupLoanRepayment,
    IndividualMember,
    JournalEntry,
    JournalLine,
    ManualKind,
    MemberDeposit,
    RepaymentPlan,
    ShareTransaction,
    VillageGroup,
    WelfareGrant,
)
from institutes.selectors import SIGNED_AMOUNT

ZERO = Decimal("0.00")
MONEY_FIELD = DecimalField(max_digits=14, decimal_places=2)
DEPOSIT_SIGNED = Case(
    When(kind=DepositKind.DEPOSIT, then=F("amount")), default=-F("amount"), output_field=MONEY_FIELD
)


def accounts(centre: Centre) -> QuerySet[Account]:
    return centre.accounts.select_related("bank_account", "group", "member")


def balances(centre: Centre, as_of: datetime.date, *, since: datetime.date | None = None):
    """{account id: balance} at the end of ``as_of`` (movements from ``since`` on, if given)."""
    lines = JournalLine.objects.filter(entry__centre=centre, entry__entry_on__lte=as_of)
    if since is not None:
        lines = lines.filter(entry__entry_on__gte=since)
    sums = lines.values("account_id", "account__kind").annotate(
        debit=Sum("debit"), credit=Sum("credit")
    )
    return {
        row["account_id"]: (
            row["debit"] - row["credit"]
            if row["account__kind"] in DEBIT_KINDS
            else row["credit"] - row["debit"]
        )
        for row in sums
    }


@dataclass
class AccountBalance:
    account: Account
    balance: Decimal


@dataclass
class Section:
    kind: str
    label: str
    rows: list[AccountBalance] = field(default_factory=list)

    @property
    def total(self) -> Decimal:
        return sum((row.balance for row in self.rows), ZERO)


def chart(centre: Centre, as_of: datetime.date) -> list[Section]:
    """The chart of accounts by kind, each account with its balance on ``as_of``."""
    by_id = balances(centre, as_of)
    sections = {kind: Section(kind, label) for kind, label in AccountKind.choices}
    for account in accounts(centre):
        sections[account.kind].rows.append(AccountBalance(account, by_id.get(account.pk, ZERO)))
    return list(sections.values())


@dataclass
class BalanceSheet:
    as_of: datetime.date
    assets: Section
    liabilities: Section
    equity: Section
    surplus: Decimal  # income less expenses to date, not yet closed into a fund

    @property
    def equity_total(self) -> Decimal:
        return self.equity.total + self.surplus

    @property
    def liabilities_and_equity(self) -> Decimal:
        return self.liabilities.total + self.equity_total

    @property
    def balances(self) -> bool:
        return self.assets.total == self.liabilities_and_equity


def balance_sheet(centre: Centre, as_of: datetime.date) -> BalanceSheet:
    """งบแสดงฐานะการเงิน as of any date."""
    sections = {section.kind: section for section in chart(centre, as_of)}
    for section in sections.values():
        section.rows = [row for row in section.rows if row.balance]
    return BalanceSheet(
        as_of=as_of,
        assets=sections[AccountKind.ASSET],
        liabilities=sections[AccountKind.LIABILITY],
        equity=sections[AccountKind.EQUITY],
        surplus=sections[AccountKind.INCOME].total - sections[AccountKind.EXPENSE].total,
    )


@dataclass
class BookRow:
    """One movement of money in a book, with the running balances after it."""

    entry: JournalEntry
    against: str  # the accounts on the other side
    cash: Decimal  # + in, - out
    bank: Decimal
    cash_balance: Decimal = ZERO
    bank_balance: Decimal = ZERO

    @property
    def cash_in(self) -> Decimal:
        return max(self.cash, ZERO)

    @property
    def cash_out(self) -> Decimal:
        return max(-self.cash, ZERO)

    @property
    def bank_in(self) -> Decimal:
        return max(self.bank, ZERO)

    @property
    def bank_out(self) -> Decimal:
        return max(-self.bank, ZERO)

    @property
    def received(self) -> Decimal:
        return max(self.cash + self.bank, ZERO)

    @property
    def paid(self) -> Decimal:
        return max(-(self.cash + self.bank), ZERO)

    @property
    def balance(self) -> Decimal:
        return self.cash_balance + self.bank_balance


@dataclass
class Book:
    start: datetime.date
    end: datetime.date
    opening_cash: Decimal
    opening_bank: Decimal
    rows: list[BookRow]

    @property
    def opening(self) -> Decimal:
        return self.opening_cash + self.opening_bank

    @property
    def closing_cash(self) -> Decimal:
        return self.rows[-1].cash_balance if self.rows else self.opening_cash

    @property
    def closing_bank(self) -> Decimal:
        return self.rows[-1].bank_balance if self.rows else self.opening_bank

    @property
    def closing(self) -> Decimal:
        return self.closing_cash + self.closing_bank

    @property
    def received(self) -> Decimal:
        return sum((row.received for row in self.rows), ZERO)

    @property
    def paid(self) -> Decimal:
        return sum((row.paid for row in self.rows), ZERO)


def _money_opening(centre: Centre, before: datetime.date) -> tuple[Decimal, Decimal]:
    sums = (
        JournalLine.objects.filter(
            entry__centre=centre,
            entry__entry_on__lt=before,
            account__role__in=[AccountRole.CASH, AccountRole.BANK],
        )
        .values("account__role")
        .annotate(debit=Sum("debit"), credit=Sum("credit"))
    )
    found = {row["account__role"]: row["debit"] - row["credit"] for row in sums}
    return found.get(AccountRole.CASH, ZERO), found.get(AccountRole.BANK, ZERO)


def money_book(centre: Centre, start: datetime.date, end: datetime.date) -> Book:
    """Every entry that moved the centre's cash or bank money between ``start`` and ``end``:
    the receipts-and-payments book (บัญชีรับ-จ่าย) and the cash-and-bank book
    (บัญชีเงินสด-เงินฝากธนาคาร) are two views of it. Three queries."""
    opening_cash, opening_bank = _money_opening(centre, start)
    entries = list(
        JournalEntry.objects.filter(centre=centre, entry_on__range=(start, end))
        .filter(lines__account__role__in=[AccountRole.CASH, AccountRole.BANK])
        .distinct()
        .order_by("entry_on", "id")
    )
    lines = defaultdict(list)
    for line in JournalLine.objects.filter(entry__in=[e.pk for e in entries]).select_related(
        "account"
    ):
        lines[line.entry_id].append(line)
    rows, cash, bank = [], opening_cash, opening_bank
    for entry in entries:
        moved = {AccountRole.CASH: ZERO, AccountRole.BANK: ZERO}
        against = []
        for line in lines[entry.pk]:
            if line.account.role in moved:
                moved[line.account.role] += line.debit - line.credit
            else:
                against.append(line.account.name)
        if not against:  # a transfer between cash and the bank: name the accounts
            against = [line.account.name for line in lines[entry.pk]]
        cash += moved[AccountRole.CASH]
        bank += moved[AccountRole.BANK]
        rows.append(
            BookRow(
                entry=entry,
                against=", ".join(dict.fromkeys(against)),
                cash=moved[AccountRole.CASH],
                bank=moved[AccountRole.BANK],
                cash_balance=cash,
                bank_balance=bank,
            )
        )
    return Book(start, end, opening_cash, opening_bank, rows)


@dataclass
class StatementLine:
    account: Account
    amount: Decimal


@dataclass
class Statement:
    """งบรับ-จ่าย of a fiscal year up to a date: money at the start, received and paid by
    account, money at the end."""

    fiscal_year: int
    start: datetime.date
    as_of: datetime.date
    opening: Decimal
    receipts: list[StatementLine]
    payments: list[StatementLine]

    @property
    def received(self) -> Decimal:
        return sum((line.amount for line in self.receipts), ZERO)

    @property
    def paid(self) -> Decimal:
        return sum((line.amount for line in self.payments), ZERO)

    @property
    def closing(self) -> Decimal:
        return self.opening + self.received - self.paid


def receipts_and_payments(centre: Centre, fiscal_year: int, as_of: datetime.date) -> Statement:
    start, end = thai.fiscal_year_bounds(fiscal_year)
    as_of = min(as_of, end)
    cash, bank = _money_opening(centre, start)
    book = money_book(centre, start, as_of)
    received, paid = defaultdict(lambda: ZERO), defaultdict(lambda: ZERO)
    entries = [row.entry.pk for row in book.rows]
    for line in JournalLine.objects.filter(entry__in=entries).select_related("account"):
        if line.account.is_money:
            continue
        # The other side of money received is credited; of money paid, debited.
        if line.credit:
            received[line.account] += line.credit
        else:
            paid[line.account] += line.debit
    return Statement(
        fiscal_year=fiscal_year,
        start=start,
        as_of=as_of,
        opening=cash + bank,
        receipts=[StatementLine(a, v) for a, v in sorted(received.items(), key=_by_code)],
        payments=[StatementLine(a, v) for a, v in sorted(paid.items(), key=_by_code)],
    )


def _by_code(item):
    return item[0].code


@dataclass
class LoanStanding:
    loan: GroupLoan
    repaid: Decimal
    interest: Decimal
    due: Decimal  # principal due by the day, by the loan's plan
    overdue_since: datetime.date | None
    on: datetime.date

    @property
    def outstanding(self) -> Decimal:
        return self.loan.amount - self.repaid

    @property
    def overdue(self) -> Decimal:
        return max(self.due - self.repaid, ZERO)

    @property
    def days_overdue(self) -> int:
        return (self.on - self.overdue_since).days if self.overdue_since else 0


def schedule(loan: GroupLoan) -> list[tuple[datetime.date, Decimal]]:
    """[(due day, principal due)]: equal monthly instalments (the last takes the rounding), or
    the whole loan at the end of its term."""
    if loan.plan == RepaymentPlan.AT_END:
        return [(loan.lent_on + relativedelta(months=loan.term_months), loan.amount)]
    part = (loan.amount / loan.term_months).quantize(Decimal("0.01"))
    out = [
        (loan.lent_on + relativedelta(months=month), part) for month in range(1, loan.term_months)
    ]
    out.append(
        (
            loan.lent_on + relativedelta(months=loan.term_months),
            loan.amount - part * (loan.term_months - 1),
        )
    )
    return out


def _standing(loan: GroupLoan, repaid: Decimal, interest: Decimal, on: datetime.date):
    """What is due by ``on``, and since when the group is behind: the first instalment that the
    principal repaid does not cover."""
    due, overdue_since = ZERO, None
    for day, part in schedule(loan):
        if day > on:
            break
        due += part
        if overdue_since is None and due > repaid:
            overdue_since = day
    return LoanStanding(loan, repaid, interest, due, overdue_since, on)


def group_loans(centre: Centre, on: datetime.date | None = None) -> list[LoanStanding]:
    """The register of loans to groups, each with what is repaid, owed and overdue on ``on``
    (the repayments made by that day). Two queries."""
    on = on or timezone.localdate()
    loans = list(
        centre.group_loans.select_related("group", "decision").annotate(
            repaid=Sum("repayments__principal", filter=Q(repayments__paid_on__lte=on)),
            interest_paid=Sum("repayments__interest", filter=Q(repayments__paid_on__lte=on)),
        )
    )
    return [
        _standing(loan, loan.repaid or ZERO, loan.interest_paid or ZERO, on)
        for loan in loans
        if loan.lent_on <= on
    ]


def loan_with_repayments(loan: GroupLoan):
    return loan.repayments.order_by("paid_on", "id")


@dataclass
class Difference:
    """A figure on which a register and the books disagree."""

    centre_id: int
    what: str
    register: Decimal
    books: Decimal
    tab: str  # the page of the register, to look for the cause

    @property
    def difference(self) -> Decimal:
        return self.books - self.register


# What each register's total is compared with: (role, the register's page).
RECONCILED = {
    AccountRole.SHARES: ("centre_shares", _("เงินลงหุ้นของกลุ่ม %(of)s")),
    AccountRole.GROUP_LOAN: ("centre_loans", _("เงินกู้ระหว่างกลุ่มคงค้างของกลุ่ม %(of)s")),
    AccountRole.DEPOSITS: ("centre_deposits", _("เงินรับฝากของ %(of)s")),
    AccountRole.WELFARE: ("centre_welfare", _("สวัสดิการที่จ่าย")),
    AccountRole.SUPPORT: ("centre_capital", _("ทุนจากเงินสนับสนุนและเงินบริจาค")),
}


def _register_totals(centre_ids, on) -> dict[tuple, Decimal]:
    """{(centre, role, group or member): total} of every register the books are checked with."""
    totals = defaultdict(lambda: ZERO)
    shares = (
        ShareTransaction.objects.filter(centre_id__in=centre_ids, made_on__lte=on)
        .values("centre_id", "group_id")
        .annotate(total=Sum(SIGNED_AMOUNT))
    )
    for row in shares:
        totals[(row["centre_id"], AccountRole.SHARES, row["group_id"])] += row["total"]
    lent = (
        GroupLoan.objects.filter(centre_id__in=centre_ids, lent_on__lte=on)
        .values("centre_id", "group_id")
        .annotate(total=Sum("amount"))
    )
    for row in lent:
        totals[(row["centre_id"], AccountRole.GROUP_LOAN, row["group_id"])] += row["total"]
    repaid = (
        GroupLoanRepayment.objects.filter(centre_id__in=centre_ids, paid_on__lte=on)
        .values("centre_id", "loan__group_id")
        .annotate(total=Sum("principal"))
    )
    for row in repaid:
        totals[(row["centre_id"], AccountRole.GROUP_LOAN, row["loan__group_id"])] -= row["total"]
    deposits = (
        MemberDeposit.objects.filter(centre_id__in=centre_ids, made_on__lte=on)
        .values("centre_id", "member_id")
        .annotate(total=Sum(DEPOSIT_SIGNED))
    )
    for row in deposits:
        totals[(row["centre_id"], AccountRole.DEPOSITS, row["member_id"])] += row["total"]
    # A grant recorded before the books (no day paid) counts too: the books miss it.
    welfare = (
        WelfareGrant.objects.filter(centre_id__in=centre_ids)
        .filter(Q(paid_on__lte=on) | Q(paid_on__isnull=True))
        .values("centre_id")
        .annotate(total=Sum("amount"))
    )
    for row in welfare:
        totals[(row["centre_id"], AccountRole.WELFARE, None)] += row["total"]
    support = (
        CapitalReceipt.objects.filter(centre_id__in=centre_ids, received_on__lte=on)
        .exclude(source=CapitalSource.LOAN)
        .values("centre_id")
        .annotate(total=Sum("amount"))
    )
    for row in support:
        totals[(row["centre_id"], AccountRole.SUPPORT, None)] += row["total"]
    return totals


def _book_totals(centre_ids, on) -> tuple[dict[tuple, Decimal], dict]:
    """The same figures from the books, and the names of the groups and members they are of."""
    rows = (
        JournalLine.objects.filter(
            account__centre_id__in=centre_ids,
            account__role__in=list(RECONCILED),
            entry__entry_on__lte=on,
        )
        .values(
            "account__centre_id",
            "account__role",
            "account__group_id",
            "account__member_id",
            "account__kind",
        )
        .annotate(debit=Sum("debit"), credit=Sum("credit"))
    )
    totals = {}
    for row in rows:
        owner = row["account__group_id"] or row["account__member_id"]
        balance = row["debit"] - row["credit"]
        if row["account__kind"] not in DEBIT_KINDS:
            balance = -balance
        totals[(row["account__centre_id"], row["account__role"], owner)] = balance
    return totals


def reconciliation(centre_ids, on: datetime.date | None = None) -> dict[int, list[Difference]]:
    """{centre: [differences]}: where the books disagree with the share register, the loans to
    groups, the members' deposits, the welfare paid or the capital received, as of ``on``; and
    where a bank's latest statement disagrees with the books. Ten queries, whatever the number
    of centres."""
    on = on or timezone.localdate()
    centre_ids = list(centre_ids)
    registers = _register_totals(centre_ids, on)
    books = _book_totals(centre_ids, on)
    keys = set(registers) | set(books)
    groups = dict(
        VillageGroup.objects.filter(
            pk__in={k[2] for k in keys if k[1] in PER_GROUP and k[2]}
        ).values_list("pk", "name")
    )
    members = dict(
        IndividualMember.objects.filter(
            pk__in={k[2] for k in keys if k[1] == AccountRole.DEPOSITS and k[2]}
        ).values_list("pk", "name")
    )
    out = defaultdict(list)
    for key in sorted(keys, key=lambda k: (k[0], k[1], k[2] or 0)):
        centre_id, role, owner = key
        register, book = registers.get(key, ZERO), books.get(key, ZERO)
        if register != book:
            tab, label = RECONCILED[role]
            name = groups.get(owner) if role in PER_GROUP else members.get(owner)
            out[centre_id].append(
                Difference(centre_id, str(label) % {"of": name or ""}, register, book, tab)
            )
    for statement in latest_statements(centre_ids):
        if statement.balance != statement.books:
            out[statement.centre_id].append(
                Difference(
                    statement.centre_id,
                    str(_("เงินฝาก %(account)s ตามใบแจ้งยอด ณ %(date)s"))
                    % {
                        "account": statement.bank_account,
                        "date": thai.format_date(statement.as_of),
                    },
                    statement.balance,
                    statement.books,
                    "centre_books",
                )
            )
    return dict(out)


def _book_balance_on(day_field: str):
    """The books' balance of a statement's bank account at the end of its day (a subquery)."""
    return Coalesce(
        Subquery(
            JournalLine.objects.filter(
                account__bank_account_id=OuterRef("bank_account_id"),
                account__centre_id=OuterRef("centre_id"),
                entry__entry_on__lte=OuterRef(day_field),
            )
            .values("account_id")
            .annotate(balance=Sum("debit") - Sum("credit"))
            .values("balance")
        ),
        ZERO,
        output_field=MONEY_FIELD,
    )


def bank_statements(centre: Centre) -> list[BankStatement]:
    """The statements typed in, each with the books' balance on its day and the difference
    (one query)."""
    statements = list(
        centre.bank_statements.select_related("bank_account").annotate(
            books=_book_balance_on("as_of")
        )
    )
    for statement in statements:
        statement.difference = statement.balance - statement.books
    return statements


def latest_statements(centre_ids) -> QuerySet[BankStatement]:
    """Each bank account's latest statement, with the books' balance on its day."""
    return (
        BankStatement.objects.filter(centre_id__in=centre_ids)
        .select_related("bank_account")
        .order_by("bank_account_id", "-as_of")
        .distinct("bank_account_id")
        .annotate(books=_book_balance_on("as_of"))
    )


def reconciled_centres(user, *, province=None) -> QuerySet[Centre]:
    """The centres the user may see (in ``province`` when given), in the summary's order."""
    centres = Centre.objects.visible_to(user).select_related("district", "province")
    if province is not None:
        centres = centres.filter(province=province)
    return centres.order_by("district__name_th", "name", "pk")


def district_reconciliation(centres, on: datetime.date | None = None) -> list[dict]:
    """Per centre of ``centres`` (a page of ``reconciled_centres``): how many figures disagree
    and by how much in all (the summary provincial staff read)."""
    centres = list(centres)
    found = reconciliation([c.pk for c in centres], on)
    return [
        {
            "centre": centre,
            "differences": len(found.get(centre.pk, [])),
            "amount": sum((abs(d.difference) for d in found.get(centre.pk, [])), ZERO),
        }
        for centre in centres
    ]


@dataclass
class MemberDeposits:
    member: IndividualMember
    lines: list
    balance: Decimal


def deposit_register(centre: Centre) -> list[MemberDeposits]:
    """Each individual member with their deposit lines and running balance (two queries)."""
    members = list(centre.individual_members.select_related("moved_to").order_by("name", "id"))
    lines = defaultdict(list)
    for line in centre.deposits.select_related("to_group").order_by("made_on", "id"):
        lines[line.member_id].append(line)
    out = []
    for member in members:
        balance, rows = ZERO, []
        for line in lines[member.pk]:
            balance += line.signed_amount
            rows.append((line, balance))
        out.append(MemberDeposits(member, rows, balance))
    return out


def manual_entry(entry: JournalEntry) -> dict:
    """A manual entry as the values it was recorded with (``books.entry_record``'s), read back
    from its two lines: the kind, the money account (the one paid from, for a transfer), the
    other account, the amount."""
    lines = list(entry.lines.select_related("account"))
    money = next((line for line in lines if line.account.is_money), lines[0])
    other = next(line for line in lines if line is not money)
    if other.account.is_money:
        kind = ManualKind.TRANSFER
        if money.debit:
            money, other = other, money
    elif money.debit:
        opening = other.account.role == AccountRole.OPENING
        kind = ManualKind.OPENING if opening else ManualKind.RECEIPT
    else:
        kind = ManualKind.PAYMENT
    return {
        "kind": kind,
        "entry_on": entry.entry_on,
        "money": money.account,
        "account": other.account,
        "amount": money.debit or money.credit,
        "description": entry.description,
        "document_no": entry.document_no,
    }
