"""The centre's books: its chart of accounts and every entry, whoever causes it.

Each service that records money (a share line, a capital receipt, a welfare grant, a loan to a
group, its repayment, a member's deposit) posts its entry here, in its own transaction: one write
path. Whatever else moves money (income, expenses, cash taken to the bank) is a manual entry
(``entry_record``) with its document.

A money account (cash or a bank account) never goes below zero on any day: a payment the centre
does not have the money for is refused with the figures, and so is removing a receipt that later
payments were made from.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils.translation import gettext_lazy as _

from cddfund import closing, records, thai
from cddfund.models import User
from institutes.models import (
    ROLE_KIND,
    Account,
    AccountRole,
    BankAccount,
    BankStatement,
    Centre,
    EntrySource,
    IndividualMember,
    JournalEntry,
    JournalLine,
    ManualKind,
    VillageGroup,
)

MONEY_SHORT = _(
    "%(account)s มีไม่พอ: ณ วันที่ %(date)s มีเงินคงเหลือ %(balance)s บาท แต่รายการนี้จ่าย %(amount)s บาท"
)
REMOVAL_OVERDRAWS = _(
    "ลบหรือแก้รายการนี้ไม่ได้ เพราะ%(account)s จะติดลบ %(balance)s บาท ณ วันที่ %(date)s "
    "(มีรายการจ่ายหลังจากนั้นที่ใช้เงินนี้)"
)
NOT_BALANCED = _("ยอดเดบิต (%(debit)s บาท) ไม่เท่ากับยอดเครดิต (%(credit)s บาท)")
ACCOUNT_OTHER_CENTRE = _("บัญชีที่เลือกไม่ใช่บัญชีของศูนย์นี้")
NOT_MONEY = _("เลือกเงินสดหรือบัญชีเงินฝากธนาคารของศูนย์")
SAME_ACCOUNT = _("บัญชีรับและบัญชีจ่ายต้องเป็นคนละบัญชี")
ENTRY_NOT_MANUAL = _("รายการนี้เกิดจากทะเบียน%(source)s แก้หรือลบได้ที่ทะเบียนนั้น")
BEFORE_CENTRE_FOUNDED = _("วันที่ต้องไม่ก่อนวันจัดตั้งศูนย์ (%(date)s)")
ACCOUNT_NOT_FOR_KIND = _(
    "บัญชี %(account)s ใช้กับรายการประเภทนี้ไม่ได้ (เงินหุ้น เงินกู้ระหว่างกลุ่ม เงินรับฝาก ทุน และสวัสดิการ "
    "บันทึกที่ทะเบียนของรายการนั้น)"
)
STATEMENT_OTHER_CENTRE = _("เลือกบัญชีธนาคารของศูนย์นี้")
STATEMENT_NEGATIVE = _("ยอดคงเหลือตามใบแจ้งยอดต้องไม่ติดลบ")
STATEMENT_TAKEN = _("บันทึกยอดของบัญชีนี้ ณ วันที่ %(date)s ไว้แล้ว (แก้ไขรายการเดิมได้)")
ACCOUNT_ROLE_FIXED = _("เปิดบัญชีเพิ่มได้เฉพาะหมวดรายได้อื่นและค่าใช้จ่ายดำเนินงาน")
ACCOUNT_CODE_TAKEN = _("ศูนย์นี้มีบัญชีรหัส %(code)s อยู่แล้ว")

# The default chart of every centre: (code, role, name). Sub-accounts (a bank account, a group's
# shares or loans, a member's deposits) are opened the first time they are used.
DEFAULT_CHART = [
    ("1101", AccountRole.CASH, _("เงินสด")),
    ("2201", AccountRole.BORROWED, _("เงินกู้จากแหล่งอื่น")),
    ("3201", AccountRole.SUPPORT, _("ทุนจากเงินสนับสนุนและเงินบริจาค")),
    ("3301", AccountRole.WELFARE_FUND, _("กองทุนสวัสดิการ")),
    ("3901", AccountRole.OPENING, _("ทุนสะสม (ยอดยกมา)")),
    ("4101", AccountRole.INTEREST_INCOME, _("รายได้ดอกเบี้ยเงินให้กู้ระหว่างกลุ่ม")),
    ("4901", AccountRole.OTHER_INCOME, _("รายได้อื่น")),
    ("5101", AccountRole.WELFARE, _("ค่าใช้จ่ายสวัสดิการชุมชน")),
    ("5901", AccountRole.EXPENSE, _("ค่าใช้จ่ายดำเนินงาน")),
]
SUB_ACCOUNTS = {
    AccountRole.BANK: ("1102", "bank_account", _("เงินฝากธนาคาร %(of)s")),
    AccountRole.GROUP_LOAN: ("1201", "group", _("ลูกหนี้เงินกู้ระหว่างกลุ่ม: %(of)s")),
    AccountRole.DEPOSITS: ("2101", "member", _("เงินรับฝาก: %(of)s")),
    AccountRole.SHARES: ("3101", "group", _("เงินลงหุ้น: %(of)s")),
}


@dataclass(frozen=True)
class Line:
    account: Account
    debit: Decimal = Decimal(0)
    credit: Decimal = Decimal(0)


def accounts_ensure(centre: Centre) -> None:
    """Open the default chart of a centre (again, harmlessly, if it is already open)."""
    Account.objects.bulk_create(
        [
            records.within(
                Account(code=code, role=role, kind=ROLE_KIND[role], name=str(name)),
                centre=centre,
            )
            for code, role, name in DEFAULT_CHART
        ],
        ignore_conflicts=True,
    )


def account_of(
    centre: Centre,
    role: str,
    *,
    bank_account: BankAccount | None = None,
    group: VillageGroup | None = None,
    member: IndividualMember | None = None,
) -> Account:
    """The centre's account of ``role`` (of that bank account, group or member), opened if new."""
    if role in SUB_ACCOUNTS:
        prefix, attribute, name = SUB_ACCOUNTS[role]
        owner = {"bank_account": bank_account, "group": group, "member": member}[attribute]
        lookup = {attribute: owner}
        defaults = {"code": f"{prefix}-{owner.pk}", "name": str(name) % {"of": owner}}
    else:
        lookup = {}
        code, _role, name = next(row for row in DEFAULT_CHART if row[1] == role)
        defaults = {"code": code, "name": str(name)}
    found = Account.objects.filter(centre=centre, role=role, **lookup).first()
    if found:
        return found
    account = records.within(
        Account(role=role, kind=ROLE_KIND[role], **lookup, **defaults), centre=centre
    )
    try:
        with transaction.atomic():
            account.save()
    except IntegrityError:  # opened at the same moment by another request
        return Account.objects.get(centre=centre, role=role, **lookup)
    return account


def money_account(centre: Centre, bank_account: BankAccount | None) -> Account:
    """Cash, or the account of one of the centre's bank accounts."""
    if bank_account is None:
        return account_of(centre, AccountRole.CASH)
    return account_of(centre, AccountRole.BANK, bank_account=bank_account)


def _balances_by_day(account: Account, *, without: int | None = None):
    """[(day, balance at the end of that day)] of one account, leaving out entry ``without``."""
    rows = (
        JournalLine.objects.filter(account=account)
        .exclude(entry_id=without)
        .order_by("entry__entry_on")
        .values_list("entry__entry_on", "debit", "credit")
    )
    out, balance = [], Decimal(0)
    for day, debit, credit in rows:
        balance += account.signed(debit, credit)
        if out and out[-1][0] == day:
            out[-1] = (day, balance)
        else:
            out.append((day, balance))
    return out


def _lowest_from(days, on: datetime.date) -> tuple[datetime.date, Decimal]:
    """The lowest end-of-day balance on ``on`` or after, and its day."""
    before = [balance for day, balance in days if day <= on]
    lowest = (on, before[-1] if before else Decimal(0))
    for day, balance in days:
        if day > on and balance < lowest[1]:
            lowest = (day, balance)
    return lowest


def _lock_money(accounts) -> list[Account]:
    # Two payments from the same cash at the same moment: each waits here for the other to
    # commit, then sees its line in the balance it checks.
    ids = sorted({a.pk for a in accounts if a.is_money})
    return list(Account.objects.select_for_update().filter(pk__in=ids).order_by("pk"))


def _check_money_out(lines: list[Line], on: datetime.date) -> None:
    """Refuse an entry that pays out of a money account more than it holds on some day."""
    out_of = {}
    for line in lines:
        if line.account.is_money:
            out_of[line.account.pk] = (
                out_of.get(line.account.pk, Decimal(0)) + line.credit - line.debit
            )
    paying = [line.account for line in lines if out_of.get(line.account.pk, 0) > 0]
    for account in _lock_money(paying):
        out = out_of[account.pk]
        day, lowest = _lowest_from(_balances_by_day(account), on)
        if lowest < out:
            raise ValidationError(
                {
                    "amount": ValidationError(
                        MONEY_SHORT,
                        params={
                            "account": account.name,
                            "date": thai.format_date(day),
                            "balance": thai.format_number(lowest),
                            "amount": thai.format_number(out),
                        },
                    )
                }
            )


def _check_now() -> None:
    """Run the deferred balance checks of the entries written so far, then defer them again."""
    names = ", ".join(
        connection.ops.quote_name(trigger.get_pgid(model))
        for model in (JournalEntry, JournalLine)
        for trigger in model._meta.triggers
        if trigger.timing is not None
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SET CONSTRAINTS {names} IMMEDIATE; SET CONSTRAINTS {names} DEFERRED")


# The field of the record an entry comes from that dates it: a refusal of the entry's day (a
# closed period, a day before the centre) shows on that field of the record's form.
SOURCE_DATE = {
    EntrySource.MANUAL: "entry_on",
    EntrySource.SHARE: "made_on",
    EntrySource.CAPITAL: "received_on",
    EntrySource.WELFARE: "paid_on",
    EntrySource.GROUP_LOAN: "lent_on",
    EntrySource.REPAYMENT: "paid_on",
    EntrySource.DEPOSIT: "made_on",
}


def _on_source_field(exc: ValidationError, source: str) -> ValidationError:
    if not hasattr(exc, "error_dict") or "entry_on" not in exc.error_dict:
        return exc
    errors = dict(exc.error_dict)
    errors[SOURCE_DATE[source]] = errors.pop("entry_on")
    return ValidationError(errors)


def entry_post(
    *,
    by: User,
    centre: Centre,
    on: datetime.date,
    description: str,
    lines: list[Line],
    source: str = EntrySource.MANUAL,
    document_no: str = "",
    document=None,
    **record,
) -> JournalEntry:
    """Write one balanced entry (called by the service that records its cause)."""
    try:
        return _post(by, centre, on, description, lines, source, document_no, document, record)
    except ValidationError as exc:
        raise _on_source_field(exc, source) from exc


def _post(by, centre, on, description, lines, source, document_no, document, record):
    debit = sum((line.debit for line in lines), Decimal(0))
    credit = sum((line.credit for line in lines), Decimal(0))
    if debit != credit:
        raise ValidationError(
            NOT_BALANCED,
            params={"debit": thai.format_number(debit), "credit": thai.format_number(credit)},
        )
    if any(line.account.centre_id != centre.pk for line in lines):
        raise ValidationError(ACCOUNT_OTHER_CENTRE)
    records.not_future("entry_on", on)
    if on < centre.founded_on:
        raise ValidationError(
            {
                "entry_on": ValidationError(
                    BEFORE_CENTRE_FOUNDED, params={"date": thai.format_date(centre.founded_on)}
                )
            }
        )
    entry = records.within(
        JournalEntry(
            entry_on=on,
            description=description[:300],
            document_no=document_no.strip(),
            source=source,
            recorded_by=by,
            **record,
        ),
        centre=centre,
    )
    _check_money_out(lines, on)
    if document:
        entry.document = document
        records.save(entry)  # the document's content is checked with the record
    else:
        # Every value comes from the service that called, checked there; the insert alone
        # (one query per entry instead of a validation query per foreign key).
        try:
            entry.save()
        except IntegrityError as exc:
            if refused := closing.refusal(exc):
                raise refused from exc
            raise
    JournalLine.objects.bulk_create(
        JournalLine(entry=entry, account=line.account, debit=line.debit, credit=line.credit)
        for line in lines
        if line.debit or line.credit
    )
    _check_now()
    return entry


def entry_remove(entry: JournalEntry | None, *, check: bool = True) -> list[Account]:
    """Take an entry out of the books (its cause was deleted or changed), unless a money account
    would then go below zero on some day. ``check=False``: the caller posts the entry's
    replacement, then checks the accounts returned (``money_not_overdrawn``)."""
    if entry is None:
        return []
    money = _lock_money(line.account for line in entry.lines.select_related("account"))
    try:
        with transaction.atomic():
            entry.delete()
            _check_now()
            if check:
                money_not_overdrawn(money)
    except IntegrityError as exc:
        if refused := closing.refusal(exc):
            raise _on_source_field(refused, entry.source) from exc
        raise
    return money


def money_not_overdrawn(accounts) -> None:
    """Refuse (with the day and the figure) if any of these money accounts ends a day below zero."""
    for account in accounts:
        negative = [(d, b) for d, b in _balances_by_day(account) if b < 0]
        if negative:
            day, balance = negative[0]
            raise ValidationError(
                {
                    "amount": ValidationError(
                        REMOVAL_OVERDRAWS,
                        params={
                            "account": account.name,
                            "balance": thai.format_number(-balance),
                            "date": thai.format_date(day),
                        },
                    )
                }
            )


def entry_of(record) -> JournalEntry | None:
    """The entry a register's record posted, if any."""
    return JournalEntry.objects.filter(**{_source_field(record): record}).first()


def _source_field(record) -> str:
    return {
        "sharetransaction": "share",
        "capitalreceipt": "capital",
        "welfaregrant": "welfare",
        "grouploan": "group_loan",
        "grouploanrepayment": "repayment",
        "memberdeposit": "deposit",
    }[record._meta.model_name]


# The accounts a manual entry may be made against; the others belong to a register, whose own
# service posts them (so that the register and the books cannot disagree).
MANUAL_ROLES = {
    ManualKind.RECEIPT: (AccountRole.OTHER_INCOME, AccountRole.WELFARE_FUND),
    ManualKind.PAYMENT: (AccountRole.EXPENSE, AccountRole.BORROWED),
    ManualKind.TRANSFER: (AccountRole.CASH, AccountRole.BANK),
    ManualKind.OPENING: (AccountRole.OPENING,),
}


def _manual_lines(kind: str, money: Account, other: Account, amount: Decimal) -> list[Line]:
    if money.pk == other.pk:
        raise ValidationError({"account": ValidationError(SAME_ACCOUNT)})
    if kind in (ManualKind.RECEIPT, ManualKind.OPENING):
        return [Line(money, debit=amount), Line(other, credit=amount)]
    # A payment, or a transfer out of ``money`` into ``other``.
    return [Line(other, debit=amount), Line(money, credit=amount)]


@transaction.atomic
def entry_record(
    *,
    by: User,
    centre: Centre,
    kind: str,
    money: Account,
    account: Account,
    amount: Decimal,
    on: datetime.date,
    description: str,
    document_no: str = "",
    document=None,
    entry: JournalEntry | None = None,
) -> JournalEntry:
    """A manual entry: money received into, paid from or moved between the centre's cash and
    bank accounts (``money``), against ``account``; ``entry`` is the one it replaces."""
    probe = records.within(JournalEntry(), centre=centre)
    records.check_can_edit(by, probe)
    records.positive_amount("amount", amount)
    for chosen in (money, account):
        if chosen.centre_id != centre.pk:
            raise ValidationError(ACCOUNT_OTHER_CENTRE)
    if not money.is_money:
        raise ValidationError({"money": ValidationError(NOT_MONEY)})
    if account.role not in MANUAL_ROLES[kind]:
        raise ValidationError(
            {"account": ValidationError(ACCOUNT_NOT_FOR_KIND, params={"account": account})}
        )
    replaced = []
    if entry is not None:
        _manual_only(entry)
        document = document or entry.document
        replaced = entry_remove(entry, check=False)
    posted = entry_post(
        by=by,
        centre=centre,
        on=on,
        description=description.strip(),
        lines=_manual_lines(kind, money, account, amount),
        document_no=document_no,
        document=document,
    )
    money_not_overdrawn(replaced)
    return posted


def _manual_only(entry: JournalEntry) -> None:
    if entry.source != EntrySource.MANUAL:
        raise ValidationError(ENTRY_NOT_MANUAL, params={"source": entry.get_source_display()})


@transaction.atomic
def entry_delete(*, by: User, entry: JournalEntry) -> None:
    records.check_can_edit(by, entry)
    _manual_only(entry)
    entry_remove(entry)


@transaction.atomic
def account_open(*, by: User, centre: Centre, role: str, code: str, name: str) -> Account:
    """A further income or expense account of the centre's own (e.g. ค่าเครื่องเขียน)."""
    if role not in (AccountRole.OTHER_INCOME, AccountRole.EXPENSE):
        raise ValidationError({"role": ValidationError(ACCOUNT_ROLE_FIXED)})
    account = records.within(
        Account(role=role, kind=ROLE_KIND[role], code=code.strip(), name=name.strip()),
        centre=centre,
    )
    records.check_can_edit(by, account)
    if Account.objects.filter(centre=centre, code=account.code).exists():
        raise ValidationError(
            {"code": ValidationError(ACCOUNT_CODE_TAKEN, params={"code": account.code})}
        )
    return records.save(account)


@transaction.atomic
def bank_statement_save(
    *,
    by: User,
    centre: Centre,
    bank_account: BankAccount,
    as_of: datetime.date,
    balance: Decimal,
    document=None,
    statement: BankStatement | None = None,
) -> BankStatement:
    """The balance a bank's statement shows on a day (``statement``: the one it corrects)."""
    statement = records.within(statement or BankStatement(), centre=centre)
    records.check_can_edit(by, statement)
    if bank_account is None or bank_account.centre_id != centre.pk:
        raise ValidationError({"bank_account": ValidationError(STATEMENT_OTHER_CENTRE)})
    records.not_future("as_of", as_of)
    if balance is None or balance < 0:
        raise ValidationError({"balance": ValidationError(STATEMENT_NEGATIVE)})
    taken = (
        BankStatement.objects.filter(bank_account=bank_account, as_of=as_of)
        .exclude(pk=statement.pk)
        .exists()
    )
    if taken:
        raise ValidationError(
            {"as_of": ValidationError(STATEMENT_TAKEN, params={"date": thai.format_date(as_of)})}
        )
    statement.bank_account, statement.as_of, statement.balance = bank_account, as_of, balance
    if document:
        statement.document = document
    return records.save(
        statement,
        constraint_messages={
            "institutes_bankstatement_one_per_day": {
                "as_of": STATEMENT_TAKEN % {"date": thai.format_date(as_of)}
            }
        },
    )


@transaction.atomic
def bank_statement_delete(*, by: User, statement: BankStatement) -> None:
    records.check_can_edit(by, statement)
    records.delete(statement)
