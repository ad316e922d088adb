"""The centre's lending between groups and its members' deposits from Excel: the loans a centre
has made (with the board meeting that decided each), their repayments, and the deposits and
withdrawals of individual members, each written through the institutes services, which post
their entries in the centre's books."""

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from cddfund import thai
from imports import sheets
from imports.centre_sheets import CENTRE_VILLAGE, _choices, account_in, centre_of, group_of
from imports.sheets import CREATED, UNCHANGED, Column, RowError, Sheet
from institutes.models import (
    DepositKind,
    GroupLoan,
    GroupLoanRepayment,
    IndividualMember,
    JournalLine,
    Meeting,
    MeetingKind,
    MemberDeposit,
    RepaymentPlan,
)
from institutes.services import deposits as deposit_services
from institutes.services import lending as lending_services

NO_MEETING = _("ไม่พบการประชุมคณะกรรมการของศูนย์นี้วันที่ %(date)s (บันทึกการประชุมที่มีมติให้กู้ที่หน้าการประชุมก่อน)")
NOT_MONEY = _("รหัส %(code)s ไม่ใช่เงินสดหรือบัญชีธนาคารของศูนย์ (1101 = เงินสด, 1102-… = บัญชีธนาคาร)")
NO_LOAN = _("ไม่พบเงินกู้เลขที่สัญญา %(contract)s ของกลุ่ม %(group)s (นำเข้าแผ่นงานเงินกู้ระหว่างกลุ่มก่อน)")
NO_MEMBER = _('ไม่พบสมาชิกรายบุคคล "%(name)s" ของศูนย์นี้ (เพิ่มที่ทะเบียนสมาชิกก่อน)')
TWO_MEMBERS = _('ศูนย์นี้มีสมาชิกรายบุคคลชื่อ "%(name)s" มากกว่าหนึ่งคน: แยกบันทึกที่หน้าเงินรับฝาก')

MONEY = Column(
    "money",
    _("รหัสบัญชีเงินสด/ธนาคาร"),
    note=_("1101 = เงินสด, 1102-… = บัญชีธนาคารของศูนย์ (ดูที่หน้าผังบัญชี)"),
)


def _via(context, centre, code: str):
    """The bank account of a money account's code (None for cash), or RowError."""
    account = account_in(context, centre, code, "money")
    if not account.is_money:
        raise RowError("money", NOT_MONEY % {"code": code})
    return account.bank_account


def _money_code(record) -> str:
    """The code of the cash or bank account an entry of a register's record moved."""
    return next(line.account.code for line in record.entry.lines.all() if line.account.is_money)


def _with_money_lines(queryset):
    return queryset.prefetch_related(
        Prefetch("entry__lines", queryset=JournalLine.objects.select_related("account"))
    )


# --- ทะเบียนเงินกู้ระหว่างกลุ่ม ---------------------------------------------------------------


def write_loan(context, run):
    ((_number, row),) = run
    centre = centre_of(context, row["village"])
    group = group_of(context, centre.village, row["group"])
    if GroupLoan.objects.filter(
        centre=centre, group=group, lent_on=row["lent_on"], contract_no=row["contract_no"]
    ).exists():
        return [UNCHANGED]
    decision = (
        Meeting.objects.filter(centre=centre, kind=MeetingKind.BOARD, held_on=row["decided_on"])
        .order_by("id")
        .first()
    )
    if decision is None:
        raise RowError("decided_on", NO_MEETING % {"date": thai.format_date(row["decided_on"])})
    lending_services.group_loan_make(
        by=context.user,
        centre=centre,
        group=group,
        lent_on=row["lent_on"],
        amount=row["amount"],
        interest_rate=row["interest_rate"],
        term_months=row["term_months"],
        plan=row["plan"],
        decision=decision,
        decision_no=row["decision_no"],
        contract_no=row["contract_no"],
        purpose=row["purpose"],
        via=_via(context, centre, row["money"]),
    )
    return [CREATED]


def loan_rows(user):
    loans = _with_money_lines(
        GroupLoan.objects.visible_to(user)
        .select_related("centre__village", "group", "decision")
        .order_by("centre__village__subdistrict_id", "centre__village__moo", "lent_on", "id")
    )
    for loan in loans:
        yield {
            "village": loan.centre.village.code,
            "group": loan.group.name,
            "lent_on": loan.lent_on,
            "amount": loan.amount,
            "interest_rate": loan.interest_rate,
            "term_months": loan.term_months,
            "plan": loan.plan,
            "decided_on": loan.decision.held_on,
            "decision_no": loan.decision_no,
            "contract_no": loan.contract_no,
            "purpose": loan.purpose,
            "money": _money_code(loan),
        }


GROUP_LOANS = sheets.register(
    Sheet(
        key="group-loans",
        title="ทะเบียนเงินกู้ระหว่างกลุ่ม",
        columns=(
            CENTRE_VILLAGE,
            Column("group", _("กลุ่มผู้กู้"), width=30),
            Column("lent_on", _("วันที่ให้กู้"), "date"),
            Column("amount", _("จำนวนเงินกู้ (บาท)"), "money"),
            Column("interest_rate", _("อัตราดอกเบี้ย (ร้อยละต่อปี)"), "decimal"),
            Column("term_months", _("ระยะเวลา (เดือน)"), "int"),
            Column("plan", _("การชำระคืน"), "choice", choices=_choices(RepaymentPlan.choices)),
            Column(
                "decided_on",
                _("วันที่ประชุมคณะกรรมการที่มีมติให้กู้"),
                "date",
                note=_("ต้องบันทึกการประชุมนี้ไว้ในระบบแล้ว"),
            ),
            Column("decision_no", _("เลขที่มติ/วาระ"), required=False),
            Column("contract_no", _("เลขที่สัญญา")),
            Column("purpose", _("วัตถุประสงค์"), required=False, width=30),
            MONEY,
        ),
        instructions=(
            _("เงินที่ศูนย์ให้กลุ่มสมาชิกกู้ หนึ่งแถวต่อหนึ่งสัญญา จ่ายจากเงินสดหรือบัญชีธนาคารที่ระบุ"),
            _("บันทึกยอดยกมาของเงินสดและเงินฝาก (แผ่นงานบัญชีรับ-จ่ายของศูนย์) ก่อนวันที่ให้กู้"),
            _("สัญญาที่บันทึกไว้แล้ว (กลุ่ม วันที่ให้กู้ และเลขที่สัญญาเดียวกัน) จะไม่ถูกบันทึกซ้ำ"),
        ),
        write=write_loan,
        rows=loan_rows,
        key_of=lambda row: tuple(row[k] for k in ("village", "group", "lent_on", "contract_no")),
        order=36,
    )
)


# --- การรับชำระเงินกู้ระหว่างกลุ่ม --------------------------------------------------------------


def write_repayment(context, run):
    ((_number, row),) = run
    centre = centre_of(context, row["village"])
    group = group_of(context, centre.village, row["group"])
    loan = (
        GroupLoan.objects.filter(centre=centre, group=group, contract_no=row["contract_no"])
        .order_by("-lent_on", "-id")
        .first()
    )
    if loan is None:
        raise RowError(
            "contract_no", NO_LOAN % {"contract": row["contract_no"], "group": group.name}
        )
    if loan.repayments.filter(
        paid_on=row["paid_on"],
        principal=row["principal"],
        interest=row["interest"],
        receipt_no=row["receipt_no"],
    ).exists():
        return [UNCHANGED]
    lending_services.group_loan_repay(
        by=context.user,
        loan=loan,
        paid_on=row["paid_on"],
        principal=row["principal"],
        interest=row["interest"],
        receipt_no=row["receipt_no"],
        via=_via(context, centre, row["money"]),
    )
    return [CREATED]


def repayment_rows(user):
    repayments = _with_money_lines(
        GroupLoanRepayment.objects.visible_to(user)
        .select_related("centre__village", "loan__group")
        .order_by("centre__village__subdistrict_id", "centre__village__moo", "paid_on", "id")
    )
    for repayment in repayments:
        yield {
            "village": repayment.centre.village.code,
            "group": repayment.loan.group.name,
            "contract_no": repayment.loan.contract_no,
            "paid_on": repayment.paid_on,
            "principal": repayment.principal,
            "interest": repayment.interest,
            "receipt_no": repayment.receipt_no,
            "money": _money_code(repayment),
        }


REPAYMENTS = sheets.register(
    Sheet(
        key="group-loan-repayments",
        title="การรับชำระเงินกู้ระหว่างกลุ่ม",
        columns=(
            CENTRE_VILLAGE,
            Column("group", _("กลุ่มผู้กู้"), width=30),
            Column("contract_no", _("เลขที่สัญญา")),
            Column("paid_on", _("วันที่ชำระ"), "date"),
            Column("principal", _("เงินต้น (บาท)"), "money"),
            Column("interest", _("ดอกเบี้ย (บาท)"), "money"),
            Column("receipt_no", _("เลขที่ใบเสร็จ"), required=False),
            MONEY,
        ),
        instructions=(
            _("การชำระคืนของแต่ละสัญญา หนึ่งแถวต่อหนึ่งครั้ง รับเข้าเงินสดหรือบัญชีธนาคารที่ระบุ"),
            _("รายการที่ตรงกับที่บันทึกไว้ (วันที่ เงินต้น ดอกเบี้ย ใบเสร็จ) จะไม่ถูกบันทึกซ้ำ"),
        ),
        write=write_repayment,
        rows=repayment_rows,
        key_of=lambda row: tuple(
            row[k] for k in ("village", "group", "contract_no", "paid_on", "receipt_no")
        ),
        order=37,
    )
)


# --- ทะเบียนเงินรับฝากสมาชิก (บุคคล) ------------------------------------------------------------


def member_of(context, centre, name: str) -> IndividualMember:
    found = context.remember(
        ("member", centre.pk, name),
        lambda: list(IndividualMember.objects.filter(centre=centre, name=name)[:2]),
    )
    if not found:
        raise RowError("member", NO_MEMBER % {"name": name})
    if len(found) > 1:
        raise RowError("member", TWO_MEMBERS % {"name": name})
    return found[0]


def write_deposit(context, run):
    ((_number, row),) = run
    centre = centre_of(context, row["village"])
    member = member_of(context, centre, row["member"])
    if MemberDeposit.objects.filter(
        member=member,
        kind=row["kind"],
        made_on=row["made_on"],
        amount=row["amount"],
        receipt_no=row["receipt_no"],
    ).exists():
        return [UNCHANGED]
    deposit_services.deposit_record(
        by=context.user,
        member=member,
        kind=row["kind"],
        amount=row["amount"],
        on=row["made_on"],
        receipt_no=row["receipt_no"],
        via=_via(context, centre, row["money"]),
    )
    return [CREATED]


def deposit_rows(user):
    deposits = _with_money_lines(
        MemberDeposit.objects.visible_to(user)
        .filter(kind__in=(DepositKind.DEPOSIT, DepositKind.WITHDRAWAL))
        .select_related("centre__village", "member")
        .order_by("centre__village__subdistrict_id", "centre__village__moo", "made_on", "id")
    )
    for deposit in deposits:
        yield {
            "village": deposit.centre.village.code,
            "member": deposit.member.name,
            "kind": deposit.kind,
            "made_on": deposit.made_on,
            "amount": deposit.amount,
            "receipt_no": deposit.receipt_no,
            "money": _money_code(deposit),
        }


DEPOSITS = sheets.register(
    Sheet(
        key="deposits",
        title="เงินรับฝากสมาชิก (บุคคล)",
        columns=(
            CENTRE_VILLAGE,
            Column("member", _("ชื่อ-นามสกุลสมาชิก"), width=30),
            Column(
                "kind",
                _("รายการ"),
                "choice",
                choices=_choices(
                    (k, label) for k, label in DepositKind.choices if k != DepositKind.MOVED
                ),
            ),
            Column("made_on", _("วันที่"), "date"),
            Column("amount", _("จำนวนเงิน (บาท)"), "money"),
            Column("receipt_no", _("เลขที่ใบเสร็จ"), required=False),
            MONEY,
        ),
        instructions=(
            _("การฝากและถอนของสมาชิกรายบุคคล (ศูนย์รูปแบบที่ 2-4) เรียงตามวันที่ หนึ่งแถวต่อหนึ่งรายการ"),
            _("การย้ายเงินฝากเป็นเงินสัจจะของกลุ่ม (ขั้นที่ 3) บันทึกที่หน้าเงินรับฝากของศูนย์"),
            _("รายการที่ตรงกับที่บันทึกไว้ (สมาชิก รายการ วันที่ จำนวนเงิน ใบเสร็จ) จะไม่ถูกบันทึกซ้ำ"),
        ),
        write=write_deposit,
        rows=deposit_rows,
        key_of=lambda row: tuple(
            row[k] for k in ("village", "member", "kind", "made_on", "amount", "receipt_no")
        ),
        order=38,
    )
)
