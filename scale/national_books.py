"""The centres' own books at national scale: a year of about 30 entries a month per centre.

Written by ``seed_national`` after the registers, with the same COPY writers and the triggers
off, so every row is built consistent here: each entry balances, cash and the bank never go below
zero on any day, a group's loan is never repaid beyond its amount, and every share line of the
register has its entry (the reconciliation finds no difference but the bank statements that a
few centres typed in wrong, as in life).
"""

import calendar
import datetime
from decimal import Decimal

from cddfund.bulk import CopyWriter
from institutes.models import (
    ROLE_KIND,
    Account,
    AccountRole,
    BankAccount,
    BankStatement,
    EntrySource,
    GroupLoan,
    GroupLoanRepayment,
    JournalEntry,
    JournalLine,
    Meeting,
    ShareKind,
)
from institutes.services.books import DEFAULT_CHART, SUB_ACCOUNTS

CENT = Decimal("0.01")
INCOME = ("ค่าธรรมเนียมสมาชิก", "ดอกเบี้ยเงินฝากธนาคาร", "รายได้จากการจัดกิจกรรม", "เงินบริจาค")
EXPENSES = (
    "ค่าเครื่องเขียนและแบบพิมพ์",
    "ค่าพาหนะเดินทางไปธนาคาร",
    "ค่าอาหารว่างการประชุม",
    "ค่าถ่ายเอกสาร",
    "ค่าตอบแทนผู้ทำบัญชี",
)
ENTRIES_A_MONTH = 30
LOAN_TERM = 10  # months
LOAN_RATE = Decimal("6.00")  # percent a year
WRONG_STATEMENTS = 0.05  # the share of centres whose typed bank statement differs from the books


def _months(today: datetime.date) -> list[datetime.date]:
    """The first days of the twelve months that end with this one."""
    first = today.replace(day=1)
    months = []
    for back in range(11, -1, -1):
        year, month = divmod(first.year * 12 + first.month - 1 - back, 12)
        months.append(datetime.date(year, month + 1, 1))
    return months


class Books:
    def __init__(self, seeder):
        self.s = seeder
        self.random = seeder.random
        self.accounts = CopyWriter(Account)
        self.entries = CopyWriter(JournalEntry)
        self.lines = CopyWriter(JournalLine)
        self.banks = CopyWriter(BankAccount)
        self.statements = CopyWriter(BankStatement)
        self.meetings = CopyWriter(Meeting)
        self.loans = CopyWriter(GroupLoan)
        self.repayments = CopyWriter(GroupLoanRepayment)

    def run(self) -> None:
        months = _months(self.s.today)
        for centre, province, district, _village, groups, officer in self.s.centres:
            if officer:
                self.centre(
                    centre,
                    {"province_id": province, "district_id": district},
                    groups,
                    officer,
                    months,
                )
            for writer in self.writers():
                writer.maybe_flush()
        self.s._done(*self.writers())

    def writers(self):
        return (
            self.banks,
            self.accounts,
            self.meetings,
            self.loans,
            self.repayments,
            self.entries,
            self.lines,
            self.statements,
        )

    # --- one centre ----------------------------------------------------------------------

    def centre(self, centre, area, groups, officer, months) -> None:
        self.area = {**area, "centre_id": centre}
        self.officer = officer
        self.chart: dict = {}
        for code, role, name in DEFAULT_CHART:
            self.chart[role] = self.account(code, role, str(name))
        bank = self.s.new(
            self.banks,
            BankAccount,
            **self.area,
            bank="ธนาคารเพื่อการเกษตรและสหกรณ์การเกษตร",
            branch="สาขาอำเภอ",
            number=f"{centre:010d}",
            name=f"ศูนย์จัดการกองทุนชุมชนบ้าน{centre}",
        )
        label = f"{bank['bank']} {bank['branch']} {bank['number']}"
        self.bank = self.sub_account(
            AccountRole.BANK, bank["id"], label, bank_account_id=bank["id"]
        )
        self.cash = self.chart[AccountRole.CASH]
        self.balance = {self.cash: Decimal(0), self.bank: Decimal(0)}
        self.numbers = {"receipt": 0, "payment": 0}
        for share in self.s.shares_of.get(centre, ()):
            held = self.per_group(AccountRole.SHARES, share["group_id"])
            name = self.s.group_names[share["group_id"]]
            self.post(
                share["made_on"],
                f"{ShareKind.PURCHASE.label} {name}",
                [(self.cash, share["amount"], 0), (held, 0, share["amount"])],
                EntrySource.SHARE,
                share["receipt_no"],
                share_id=share["id"],
            )
        self.open_loans: list[dict] = []
        wrong = self.random.random() < WRONG_STATEMENTS
        for index, month in enumerate(months):
            self.month(month, groups, index)
            if index % 3 == 2:
                self.statement(bank["id"], month, wrong)

    def account(self, code, role, name, **owner) -> int:
        row = self.s.new(
            self.accounts,
            Account,
            **self.area,
            code=code,
            name=name,
            kind=ROLE_KIND[role],
            role=role,
            **owner,
        )
        return row["id"]

    def sub_account(self, role, owner_id, label, **owner) -> int:
        prefix, _attribute, name = SUB_ACCOUNTS[role]
        return self.account(f"{prefix}-{owner_id}", role, str(name) % {"of": label}, **owner)

    def per_group(self, role, group) -> int:
        if (role, group) not in self.chart:
            self.chart[role, group] = self.sub_account(
                role, group, self.s.group_names[group], group_id=group
            )
        return self.chart[role, group]

    def post(self, on, description, lines, source, document_no="", **record) -> None:
        entry = self.s.new(
            self.entries,
            JournalEntry,
            **self.area,
            entry_on=on,
            description=description,
            document_no=document_no,
            source=source,
            recorded_by_id=self.officer,
            recorded_at=self.s.now,
            **record,
        )
        for account, debit, credit in lines:
            self.s.new(
                self.lines,
                JournalLine,
                entry_id=entry["id"],
                account_id=account,
                debit=debit,
                credit=credit,
            )
            if account in self.balance:
                self.balance[account] += debit - credit

    def number(self, kind: str) -> str:
        self.numbers[kind] += 1
        return f"{'ร' if kind == 'receipt' else 'จ'}.{self.numbers[kind]}"

    # --- one month -----------------------------------------------------------------------

    def month(self, month: datetime.date, groups, index: int) -> None:
        this_month = (month.year, month.month) == (self.s.today.year, self.s.today.month)
        last = max(2, min(self.s.today.day, 28)) if this_month else 28
        meeting = self.s.new(
            self.meetings,
            Meeting,
            **self.area,
            kind="board",
            held_on=month,
            attendance=self.random.randint(7, 15),
            agenda="พิจารณาการให้กู้และรายงานการเงิน",
        )
        self.s.board_meetings.setdefault(self.area["centre_id"], []).append((meeting["id"], month))
        # In the order of their days, so that no day's payment spends money that comes later:
        # repayments on the 1st, the day-to-day entries after, a new loan on the last day.
        for loan in self.open_loans:
            self.repay(loan, month)
        self.open_loans = [loan for loan in self.open_loans if loan["outstanding"] > 0]
        days = sorted(self.random.randint(2, last) for _ in range(ENTRIES_A_MONTH - 3))
        transfer_day = days[len(days) // 2]
        for k, day in enumerate(days):
            on = month.replace(day=day)
            if day == transfer_day and self.balance[self.cash] > 5000:
                amount = (self.balance[self.cash] / 2).quantize(Decimal(1))
                self.post(
                    on,
                    "นำเงินสดฝากธนาคาร",
                    [(self.bank, amount, 0), (self.cash, 0, amount)],
                    EntrySource.MANUAL,
                    self.number("payment"),
                )
            elif k % 2 == 0:
                amount = self.s.money(100, 3000, 50)
                income = self.chart[AccountRole.OTHER_INCOME]
                self.post(
                    on,
                    self.random.choice(INCOME),
                    [(self.cash, amount, 0), (income, 0, amount)],
                    EntrySource.MANUAL,
                    self.number("receipt"),
                )
            else:
                amount = min(self.s.money(50, 1500, 10), self.balance[self.cash])
                if amount > 0:
                    spent = self.chart[AccountRole.EXPENSE]
                    self.post(
                        on,
                        self.random.choice(EXPENSES),
                        [(spent, amount, 0), (self.cash, 0, amount)],
                        EntrySource.MANUAL,
                        self.number("payment"),
                    )
        if index % 3 == 0:
            self.lend(groups, meeting, month.replace(day=last))

    def lend(self, groups, meeting, on) -> None:
        amount = min(Decimal(50_000), (self.balance[self.bank] * Decimal("0.6")) // 1000 * 1000)
        if amount < 5000:
            return
        group = self.random.choice(groups)
        loan = self.s.new(
            self.loans,
            GroupLoan,
            **self.area,
            group_id=group,
            lent_on=on,
            amount=amount,
            interest_rate=LOAN_RATE,
            term_months=LOAN_TERM,
            plan="monthly",
            purpose="ทุนหมุนเวียนของกลุ่ม",
            decision_id=meeting["id"],
            decision_no=f"วาระที่ 3/{meeting['id']}",
            contract_no=f"สก.{meeting['id']}",
            recorded_by_id=self.officer,
            recorded_at=self.s.now,
        )
        lent = self.per_group(AccountRole.GROUP_LOAN, group)
        self.post(
            on,
            f"ให้กลุ่ม {self.s.group_names[group]} กู้ ({LOAN_TERM} เดือน ร้อยละ {LOAN_RATE} ต่อปี)",
            [(lent, amount, 0), (self.bank, 0, amount)],
            EntrySource.GROUP_LOAN,
            loan["contract_no"],
            group_loan_id=loan["id"],
        )
        self.open_loans.append({**loan, "outstanding": amount, "account": lent})

    def repay(self, loan, on) -> None:
        if on <= loan["lent_on"]:
            return
        principal = min(loan["outstanding"], (loan["amount"] / LOAN_TERM).quantize(CENT))
        interest = (loan["outstanding"] * LOAN_RATE / 1200).quantize(CENT)
        loan["outstanding"] -= principal
        receipt = self.number("receipt")
        repayment = self.s.new(
            self.repayments,
            GroupLoanRepayment,
            **self.area,
            loan_id=loan["id"],
            paid_on=on,
            principal=principal,
            interest=interest,
            receipt_no=receipt,
            recorded_by_id=self.officer,
            recorded_at=self.s.now,
        )
        lines = [(self.cash, principal + interest, 0), (loan["account"], 0, principal)]
        if interest:
            lines.append((self.chart[AccountRole.INTEREST_INCOME], 0, interest))
        self.post(
            on,
            f"รับชำระเงินกู้จากกลุ่ม {self.s.group_names[loan['group_id']]}",
            lines,
            EntrySource.REPAYMENT,
            receipt,
            repayment_id=repayment["id"],
        )

    def statement(self, bank: int, month: datetime.date, wrong: bool) -> None:
        """The bank's statement at the month's end (today in the current month)."""
        end = month.replace(day=calendar.monthrange(month.year, month.month)[1])
        if end > self.s.today:
            return
        balance = self.balance[self.bank]
        if wrong:
            balance += self.s.money(10, 500, 10)
        self.s.new(
            self.statements,
            BankStatement,
            **self.area,
            bank_account_id=bank,
            as_of=end,
            balance=balance,
        )
