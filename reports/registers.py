"""A centre's registers as reports (PDF and Excel): one section, the centre's own rows."""

from django.utils.translation import gettext_lazy as _

from assessments.models import Assessment
from cddfund import thai
from debts import selectors as debt_selectors
from institutes import selectors as centre_selectors
from reports.data import Column, Report, Section


def _report(centre, slug, title, year, columns, rows, totals=()):
    subtotal = {"label": str(_("รวม")), **{k: sum(r[k] for r in rows) for k in totals}}
    return Report(
        slug,
        f"{title} · {centre.name}",
        year,
        columns,
        [Section(centre.name, rows, subtotal)],
        {},
        [
            f"{centre.village} ต.{centre.village.subdistrict.name_th} อ.{centre.district.name_th} "
            f"จ.{centre.province.name_th}"
        ],
    )


def one_contract(centre, year):
    rows = [
        {
            "label": h.house_number,
            "head": h.head_name,
            "class": str(h.debtor_class or "-"),
            "years": ", ".join(str(t.fiscal_year) for t in h.targets.all()) or "-",
            "baseline_contracts": h.baseline_contracts,
            "baseline": h.baseline_outstanding,
            "contracts": h.active_contracts,
            "now": h.outstanding,
            "result": "ปลดหนี้" if h.cleared else ("ลดหนี้" if h.reduced else "-"),
        }
        for h in debt_selectors.one_contract_register(centre)
    ]
    columns = [
        Column("label", _("บ้านเลขที่"), "text"),
        Column("head", _("หัวหน้าครัวเรือน"), "text"),
        Column("class", _("ประเภทลูกหนี้"), "text"),
        Column("years", _("เป้าหมายปี"), "text"),
        Column("baseline_contracts", _("สัญญา (ฐาน)")),
        Column("baseline", _("หนี้ (ฐาน)"), "money"),
        Column("contracts", _("สัญญา (ปัจจุบัน)")),
        Column("now", _("หนี้ (ปัจจุบัน)"), "money"),
        Column("result", _("ผล"), "text"),
    ]
    return _report(
        centre,
        "one-contract",
        _("ทะเบียนการบริหารจัดการหนี้ไปสู่ 1 ครัวเรือน 1 สัญญา"),
        year,
        columns,
        rows,
        ("baseline_contracts", "baseline", "contracts", "now"),
    )


def transfers(centre, year):
    rows = [
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
    columns = [
        Column("label", _("วันที่"), "text"),
        Column("household", _("ครัวเรือน"), "text"),
        Column("from", _("จากกลุ่ม (สัญญาเดิม)"), "text"),
        Column("to", _("ไปยังกลุ่ม (สัญญาใหม่)"), "text"),
        Column("amount", _("จำนวนเงิน (บาท)"), "money"),
        Column("decision", _("มติคณะกรรมการ"), "text"),
    ]
    return _report(centre, "transfers", _("ทะเบียนการโอนภาระหนี้"), year, columns, rows, ("amount",))


def shares(centre, year):
    rows = [
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
    columns = [
        Column("label", _("วันที่"), "text"),
        Column("group", _("กลุ่มสมาชิก"), "text"),
        Column("kind", _("รายการ"), "text"),
        Column("amount", _("จำนวนเงิน (บาท)"), "money"),
        Column("balance", _("คงเหลือของกลุ่ม (บาท)"), "money"),
        Column("receipt", _("ใบเสร็จ"), "text"),
    ]
    return _report(centre, "shares", _("ทะเบียนคุมเงินลงหุ้น"), year, columns, rows, ("amount",))


def board(centre, year):
    rows = [
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
    columns = [
        Column("label", _("ชื่อ-นามสกุล"), "text"),
        Column("position", _("ตำแหน่ง"), "text"),
        Column("part", _("ส่วน"), "text"),
        Column("represents", _("ผู้แทนของกลุ่ม"), "text"),
        Column("term", _("วาระ"), "text"),
        Column("order", _("คำสั่ง"), "text"),
    ]
    return _report(centre, "board", _("ทะเบียนคณะกรรมการ"), year, columns, rows)


def members(centre, year):
    rows = [
        {
            "label": m.group.name,
            "type": m.group.get_group_type_display(),
            "joined": thai.format_date(m.joined_on),
            "left": thai.format_date(m.left_on) or "-",
        }
        for m in centre_selectors.memberships(centre)
    ]
    columns = [
        Column("label", _("กลุ่ม"), "text"),
        Column("type", _("ประเภท"), "text"),
        Column("joined", _("เข้าเป็นสมาชิก"), "text"),
        Column("left", _("ออก"), "text"),
    ]
    return _report(centre, "members", _("ทะเบียนสมาชิก"), year, columns, rows)


def plan(centre, year):
    assessment = Assessment.objects.filter(centre=centre, fiscal_year=year).first()
    items = assessment.plan_items.select_related("indicator") if assessment else []
    rows = [
        {
            "label": str(item.indicator),
            "action": item.action or "-",
            "who": item.who or "-",
            "due": thai.format_date(item.due) or "-",
            "status": item.get_status_display(),
        }
        for item in items
    ]
    columns = [
        Column("label", _("ตัวชี้วัด"), "text"),
        Column("action", _("สิ่งที่จะทำ"), "text"),
        Column("who", _("ผู้รับผิดชอบ"), "text"),
        Column("due", _("กำหนดเสร็จ"), "text"),
        Column("status", _("สถานะ"), "text"),
    ]
    return _report(centre, "plan", _("แผนการพัฒนา"), year, columns, rows)


REGISTERS = {
    "one-contract": one_contract,
    "transfers": transfers,
    "shares": shares,
    "board": board,
    "members": members,
    "plan": plan,
}
