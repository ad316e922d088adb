"""A centre's registers as reports (PDF and Excel), one centre at a time or every centre of an
area at once (one section per centre, built centre by centre so that memory stays bounded)."""

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assessments.models import Assessment
from cddfund import thai
from cddfund.periods import Period
from cddfund.scope import scope_of
from debts import figures
from debts import selectors as debt_selectors
from institutes import selectors as centre_selectors
from institutes.models import Centre
from institutes.selectors import books as ledger
from reports.data import Report, ReportColumn, Section


def one_contract_rows(centre, year):
    return [
        {
            "label": h.house_number,
            "head": h.head_name,
            "class": str(h.debtor_class or "-"),
            "years": ", ".join(str(t.fiscal_year) for t in h.targets.all()) or "-",
            "baseline_contracts": h.baseline_contracts,
            "baseline": h.baseline_outstanding,
            "contracts": h.active_contracts,
            "now": h.outstanding,
            "enrolled": h.enrolled_outstanding if h.enrolled else None,
            "result": figures.result(h),
        }
        for h in debt_selectors.one_contract_register(centre)
    ]


def transfer_rows(centre, year):
    return [
        {
            "label": thai.format_date(r["event"].occurred_on),
            "household": str(r["household"]),
            "from": f"{r['from_loan'].creditor_name} ({r['from_loan'].contract_no})",
            "to": f"{r['to_loan'].creditor_name} ({r['to_loan'].contract_no})",
            "amount": r["amount"],
            "decision": r["event"].decision_ref or "-",
        }
        for r in debt_selectors.transfer_register(centre)
    ]


def share_rows(centre, year):
    return [
        {
            "label": thai.format_date(line.txn.made_on),
            "group": line.txn.group.name,
            "kind": line.txn.get_kind_display(),
            "amount": line.txn.signed_amount,
            "balance": line.balance,
            "receipt": line.txn.receipt_no or "-",
        }
        for line in centre_selectors.share_register(centre)
    ]


def board_rows(centre, year):
    return [
        {
            "label": m.name,
            "position": m.get_position_display(),
            "part": str(m.part),
            "represents": str(m.represents or "-"),
            "term": f"{thai.format_date(m.term_start)} - {thai.format_date(m.term_end)}",
            "order": str(m.order or "-"),
        }
        for m in centre_selectors.board_history(centre)
    ]


def member_rows(centre, year):
    return [
        {
            "label": m.group.name,
            "type": m.group.get_group_type_display(),
            "joined": thai.format_date(m.joined_on),
            "left": thai.format_date(m.left_on) or "-",
        }
        for m in centre_selectors.memberships(centre)
    ]


def plan_rows(centre, year):
    assessment = Assessment.objects.filter(centre=centre, fiscal_year=year).first()
    items = assessment.plan_items.select_related("indicator") if assessment else []
    return [
        {
            "label": str(item.indicator),
            "action": item.action or "-",
            "who": item.who or "-",
            "due": thai.format_date(item.due) or "-",
            "status": item.get_status_display(),
        }
        for item in items
    ]


def _year_span(year):
    start, end = thai.fiscal_year_bounds(year)
    return start, min(end, timezone.localdate())


def receipts_book_rows(centre, year):
    book = ledger.money_book(centre, *_year_span(year))
    opening = {
        "label": thai.format_date(book.start),
        "what": "ยอดยกมา",
        "against": "",
        "document": "",
        "received": 0,
        "paid": 0,
        "balance": book.opening,
    }
    return [opening] + [
        {
            "label": thai.format_date(row.entry.entry_on),
            "what": row.entry.description,
            "against": row.against,
            "document": row.entry.document_no or "-",
            "received": row.received,
            "paid": row.paid,
            "balance": row.balance,
        }
        for row in book.rows
    ]


def cash_book_rows(centre, year):
    book = ledger.money_book(centre, *_year_span(year))
    opening = {
        "label": thai.format_date(book.start),
        "what": "ยอดยกมา",
        "document": "",
        "cash_in": 0,
        "cash_out": 0,
        "cash": book.opening_cash,
        "bank_in": 0,
        "bank_out": 0,
        "bank": book.opening_bank,
    }
    return [opening] + [
        {
            "label": thai.format_date(row.entry.entry_on),
            "what": row.entry.description,
            "document": row.entry.document_no or "-",
            "cash_in": row.cash_in,
            "cash_out": row.cash_out,
            "cash": row.cash_balance,
            "bank_in": row.bank_in,
            "bank_out": row.bank_out,
            "bank": row.bank_balance,
        }
        for row in book.rows
    ]


def group_loan_rows(centre, year):
    on = _year_span(year)[1]
    return [
        {
            "label": thai.format_date(s.loan.lent_on),
            "group": s.loan.group.name,
            "amount": s.loan.amount,
            "terms": f"ร้อยละ {s.loan.interest_rate} / {s.loan.term_months} เดือน",
            "repaid": s.repaid,
            "outstanding": s.outstanding,
            "overdue": s.overdue,
            "days": s.days_overdue,
            "decision": f"{thai.format_date(s.loan.decision.held_on)} {s.loan.decision_no}".strip(),
        }
        for s in ledger.group_loans(centre, on)
    ]


def _amount_row(label, amount, bold=False):
    return {"label": f"{'รวม' if bold else ''}{label}", "amount": amount}


def receipts_statement_rows(centre, year):
    statement = ledger.receipts_and_payments(centre, year, _year_span(year)[1])
    return [
        _amount_row(f"เงินสดและเงินฝากยกมา ณ {thai.format_date(statement.start)}", statement.opening),
        *[_amount_row(f"รับ: {line.account}", line.amount) for line in statement.receipts],
        _amount_row("รายรับ", statement.received, bold=True),
        *[_amount_row(f"จ่าย: {line.account}", line.amount) for line in statement.payments],
        _amount_row("รายจ่าย", statement.paid, bold=True),
        _amount_row(
            f"เงินสดและเงินฝากคงเหลือ ณ {thai.format_date(statement.as_of)}", statement.closing
        ),
    ]


def balance_sheet_rows(centre, year):
    sheet = ledger.balance_sheet(centre, _year_span(year)[1])
    return [
        *[_amount_row(f"สินทรัพย์: {row.account}", row.balance) for row in sheet.assets.rows],
        _amount_row("สินทรัพย์", sheet.assets.total, bold=True),
        *[_amount_row(f"หนี้สิน: {row.account}", row.balance) for row in sheet.liabilities.rows],
        _amount_row("หนี้สิน", sheet.liabilities.total, bold=True),
        *[_amount_row(f"ทุน: {row.account}", row.balance) for row in sheet.equity.rows],
        _amount_row("ทุน: รายได้สูงกว่า (ต่ำกว่า) ค่าใช้จ่ายสะสม", sheet.surplus),
        _amount_row("หนี้สินและทุน", sheet.liabilities_and_equity, bold=True),
    ]


@dataclass(frozen=True)
class RegisterReport:
    slug: str
    title: str
    columns: list[ReportColumn]
    rows: Callable[[Centre, int], list[dict]]
    totals: tuple[str, ...] = ()

    def subtotal(self, rows: list[dict], label: str) -> dict:
        return {"label": label, **{k: sum(r[k] for r in rows) for k in self.totals}}

    def report(self, centre: Centre, year: int) -> Report:
        """The register of one centre."""
        rows = self.rows(centre, year)
        return Report(
            self.slug,
            f"{self.title} · {centre.name}",
            Period(year),
            self.columns,
            [Section(centre.name, rows, self.subtotal(rows, str(_("รวม"))))],
            {},
            [
                f"{centre.village} ต.{centre.village.subdistrict.name_th} "
                f"อ.{centre.district.name_th} จ.{centre.province.name_th}"
            ],
        )


REGISTER_REPORTS = {
    r.slug: r
    for r in [
        RegisterReport(
            "one-contract",
            _("ทะเบียนการบริหารจัดการหนี้ไปสู่ 1 ครัวเรือน 1 สัญญา"),
            [
                ReportColumn("label", _("บ้านเลขที่"), "text"),
                ReportColumn("head", _("หัวหน้าครัวเรือน"), "text"),
                ReportColumn("class", _("ประเภทลูกหนี้"), "text"),
                ReportColumn("years", _("เป้าหมายปี"), "text"),
                ReportColumn("baseline_contracts", _("สัญญา (ฐาน)")),
                ReportColumn("baseline", _("หนี้ (ฐาน)"), "money"),
                ReportColumn("enrolled", _("หนี้เมื่อเข้าสู่การบริหารจัดการหนี้"), "money"),
                ReportColumn("contracts", _("สัญญา (ปัจจุบัน)")),
                ReportColumn("now", _("หนี้ (ปัจจุบัน)"), "money"),
                ReportColumn("result", _("ผล"), "text"),
            ],
            one_contract_rows,
            ("baseline_contracts", "baseline", "contracts", "now"),
        ),
        RegisterReport(
            "transfers",
            _("ทะเบียนการโอนภาระหนี้"),
            [
                ReportColumn("label", _("วันที่"), "text"),
                ReportColumn("household", _("ครัวเรือน"), "text"),
                ReportColumn("from", _("จากกลุ่ม (สัญญาเดิม)"), "text"),
                ReportColumn("to", _("ไปยังกลุ่ม (สัญญาใหม่)"), "text"),
                ReportColumn("amount", _("จำนวนเงิน (บาท)"), "money"),
                ReportColumn("decision", _("มติคณะกรรมการ"), "text"),
            ],
            transfer_rows,
            ("amount",),
        ),
        RegisterReport(
            "shares",
            _("ทะเบียนคุมเงินลงหุ้น"),
            [
                ReportColumn("label", _("วันที่"), "text"),
                ReportColumn("group", _("กลุ่มสมาชิก"), "text"),
                ReportColumn("kind", _("รายการ"), "text"),
                ReportColumn("amount", _("จำนวนเงิน (บาท)"), "money"),
                ReportColumn("balance", _("คงเหลือของกลุ่ม (บาท)"), "money"),
                ReportColumn("receipt", _("ใบเสร็จ"), "text"),
            ],
            share_rows,
            ("amount",),
        ),
        RegisterReport(
            "board",
            _("ทะเบียนคณะกรรมการ"),
            [
                ReportColumn("label", _("ชื่อ-นามสกุล"), "text"),
                ReportColumn("position", _("ตำแหน่ง"), "text"),
                ReportColumn("part", _("ส่วน"), "text"),
                ReportColumn("represents", _("ผู้แทนของกลุ่ม"), "text"),
                ReportColumn("term", _("วาระ"), "text"),
                ReportColumn("order", _("คำสั่ง"), "text"),
            ],
            board_rows,
        ),
        RegisterReport(
            "members",
            _("ทะเบียนสมาชิก"),
            [
                ReportColumn("label", _("กลุ่ม"), "text"),
                ReportColumn("type", _("ประเภท"), "text"),
                ReportColumn("joined", _("เข้าเป็นสมาชิก"), "text"),
                ReportColumn("left", _("ออก"), "text"),
            ],
            member_rows,
        ),
        RegisterReport(
            "plan",
            _("แผนการพัฒนา"),
            [
                ReportColumn("label", _("ตัวชี้วัด"), "text"),
                ReportColumn("action", _("สิ่งที่จะทำ"), "text"),
                ReportColumn("who", _("ผู้รับผิดชอบ"), "text"),
                ReportColumn("due", _("กำหนดเสร็จ"), "text"),
                ReportColumn("status", _("สถานะ"), "text"),
            ],
            plan_rows,
        ),
        RegisterReport(
            "receipts-book",
            _("บัญชีรับ-จ่าย"),
            [
                ReportColumn("label", _("วันที่"), "text"),
                ReportColumn("what", _("รายการ"), "text"),
                ReportColumn("against", _("บัญชีคู่รายการ"), "text"),
                ReportColumn("document", _("เลขที่เอกสาร"), "text"),
                ReportColumn("received", _("รายรับ (บาท)"), "money"),
                ReportColumn("paid", _("รายจ่าย (บาท)"), "money"),
                ReportColumn("balance", _("คงเหลือ (บาท)"), "money"),
            ],
            receipts_book_rows,
            ("received", "paid"),
        ),
        RegisterReport(
            "cash-book",
            _("บัญชีเงินสด-เงินฝากธนาคาร"),
            [
                ReportColumn("label", _("วันที่"), "text"),
                ReportColumn("what", _("รายการ"), "text"),
                ReportColumn("document", _("เลขที่เอกสาร"), "text"),
                ReportColumn("cash_in", _("เงินสดรับ"), "money"),
                ReportColumn("cash_out", _("เงินสดจ่าย"), "money"),
                ReportColumn("cash", _("เงินสดคงเหลือ"), "money"),
                ReportColumn("bank_in", _("ฝากธนาคาร"), "money"),
                ReportColumn("bank_out", _("ถอนจากธนาคาร"), "money"),
                ReportColumn("bank", _("เงินฝากคงเหลือ"), "money"),
            ],
            cash_book_rows,
            ("cash_in", "cash_out", "bank_in", "bank_out"),
        ),
        RegisterReport(
            "group-loans",
            _("ทะเบียนเงินกู้ระหว่างกลุ่ม"),
            [
                ReportColumn("label", _("วันที่ให้กู้"), "text"),
                ReportColumn("group", _("กลุ่มผู้กู้"), "text"),
                ReportColumn("amount", _("เงินกู้ (บาท)"), "money"),
                ReportColumn("terms", _("ดอกเบี้ย/ระยะเวลา"), "text"),
                ReportColumn("repaid", _("ชำระเงินต้นแล้ว"), "money"),
                ReportColumn("outstanding", _("คงค้าง"), "money"),
                ReportColumn("overdue", _("ค้างชำระ"), "money"),
                ReportColumn("days", _("ค้าง (วัน)")),
                ReportColumn("decision", _("มติคณะกรรมการ"), "text"),
            ],
            group_loan_rows,
            ("amount", "repaid", "outstanding", "overdue"),
        ),
        RegisterReport(
            "receipts-statement",
            _("งบรับ-จ่าย"),
            [
                ReportColumn("label", _("รายการ"), "text"),
                ReportColumn("amount", _("จำนวนเงิน (บาท)"), "money"),
            ],
            receipts_statement_rows,
        ),
        RegisterReport(
            "balance-sheet",
            _("งบแสดงฐานะการเงิน"),
            [
                ReportColumn("label", _("รายการ"), "text"),
                ReportColumn("amount", _("จำนวนเงิน (บาท)"), "money"),
            ],
            balance_sheet_rows,
        ),
    ]
}

CENTRE_COLUMN = ReportColumn("centre", _("ศูนย์"), "text")
ALL = "all"


def chosen(slug: str) -> list[RegisterReport]:
    """The registers an area export holds: one, or all of them (``ALL``)."""
    return list(REGISTER_REPORTS.values()) if slug == ALL else [REGISTER_REPORTS[slug]]


def area_label(user, province) -> str:
    """The area of an area export: the district officer's district, else the province."""
    if scope_of(user).district_id:
        return f"อำเภอ{user.district.name_th} จังหวัด{user.district.province.name_th}"
    return f"จังหวัด{province.name_th}"


def area_centres(user, province=None):
    """The centres whose registers an area export holds: those the user sees, in one province
    when one is given, in the order of the printed registers."""
    centres = Centre.objects.visible_to(user).select_related(
        "village__subdistrict", "district", "province"
    )
    if province is not None:
        centres = centres.filter(province=province)
    return centres.order_by("province__name_th", "district__name_th", "name", "id")


def area_register(
    register: RegisterReport, centres, year: int, area: str, on_centre=None
) -> Report:
    """One register of every centre in ``centres``: a section per centre with its subtotal, and
    the area's total. Sections are built lazily, one centre at a time, while the file is
    written; ``on_centre(done, count)`` reports the progress."""
    report = Report(
        register.slug,
        f"{register.title} · {area}",
        Period(year),
        [CENTRE_COLUMN, *register.columns],
        [],
        {},
        [str(_("ทุกศูนย์ใน%(area)s เรียงตามอำเภอและชื่อศูนย์")) % {"area": area}],
    )

    def sections() -> Iterator[Section]:
        count = centres.count() if on_centre else 0
        every: list[dict] = []
        done = 0
        for centre in centres.iterator(chunk_size=100):
            rows = register.rows(centre, year)
            for row in rows:
                row["centre"] = centre.name
            subtotal = register.subtotal(rows, "")
            subtotal["centre"] = f"รวม {centre.name} ({len(rows)} รายการ)"
            every.append(subtotal)
            done += 1
            if on_centre:
                on_centre(done, count)
            yield Section(centre.name, rows, subtotal)
        report.total.update(register.subtotal(every, ""))
        report.total["centre"] = f"รวมทั้งหมด ({done} ศูนย์)"

    report.sections = sections()
    return report


def centre_reports(chosen: list[RegisterReport], centres, year: int, on_centre=None):
    """Each chosen register of each centre as its own report (for a province's registers as
    PDF: one centre's register at a time, each with its own heading and page numbers)."""
    count = centres.count() * len(chosen) if on_centre else 0
    done = 0
    for register in chosen:
        for centre in centres.iterator(chunk_size=100):
            yield register.report(centre, year)
            done += 1
            if on_centre:
                on_centre(done, count)
