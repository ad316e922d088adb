"""An officer keeps a centre's money in the browser and prints its books."""

import datetime
from decimal import Decimal

import pytest

from cddfund import demo
from institutes.models import GroupType, Meeting, MeetingKind
from institutes.services import centres, members, registers
from tests.browser.conftest import log_in
from tests.files import PDF_BYTES

pytestmark = pytest.mark.browser
D = datetime.date


@pytest.fixture
def centre(areas_loaded):
    """A model-1 centre of แม่สรวย with two member groups, a bank account and a board meeting."""
    accounts = demo.seed_accounts()
    village = demo.seed_villages(accounts)["บ้านโป่ง"]
    officer = accounts["maesuai"]
    centre = centres.centre_create(
        by=officer,
        village=village,
        name="ศูนย์บัญชีบ้านโป่ง",
        founded_on=D(2024, 1, 1),
        operating_model=1,
        status="active",
        regulations_approved_on=D(2024, 2, 1),
    )
    centres.bank_account_save(
        by=officer,
        centre=centre,
        bank="ธ.ก.ส.",
        branch="แม่สรวย",
        number="0201-2-33445-1",
        name=centre.name,
        is_active=True,
    )
    for name in ("กลุ่มออมทรัพย์บ้านโป่ง", "กลุ่มทอผ้าบ้านโป่ง"):
        group = members.group_create(
            by=officer,
            village=village,
            group_type=GroupType.SAVINGS,
            name=name,
            founded_on=D(2010, 1, 1),
            member_count=30,
            capital=Decimal(0),
        )
        members.membership_join(by=officer, centre=centre, group=group, joined_on=D(2024, 3, 1))
    registers.register_save(
        by=officer,
        centre=centre,
        model=Meeting,
        kind=MeetingKind.BOARD,
        held_on=D(2025, 10, 10),
        attendance=7,
        agenda="อนุมัติเงินกู้ระหว่างกลุ่ม",
    )
    return centre


def _submit(page):
    page.get_by_role("button", name="บันทึก").click()
    page.wait_for_load_state("networkidle")


def _entry(page, centre, kind, day, money, account, amount, what, document=None):
    page.goto(f"/centres/{centre.pk}/books/new/")
    page.get_by_label("ประเภทรายการ").select_option(value=kind)
    page.get_by_label("วันที่", exact=True).fill(day)
    page.get_by_label("เงินสด/บัญชีธนาคาร").select_option(label=money)
    page.get_by_label("บัญชีคู่รายการ").select_option(label=account)
    page.get_by_label("จำนวนเงิน (บาท)").fill(amount)
    page.get_by_label("รายการ", exact=True).fill(what)
    if document:
        page.get_by_label("เอกสารประกอบ (PDF, JPEG หรือ PNG)").set_input_files(document)
    _submit(page)


def test_officer_records_a_year_of_money_and_prints_both_books(new_page, centre, tmp_path):
    page = new_page()
    log_in(page, "maesuai", demo.DEMO_PASSWORD)
    bank = "1102-" + str(centre.bank_accounts.get().pk)

    _entry(
        page,
        centre,
        "opening",
        "01/10/2568",
        "1101 เงินสด",
        "3901 ทุนสะสม (ยอดยกมา)",
        "30000",
        "ยอดยกมา",
    )
    _entry(
        page,
        centre,
        "transfer",
        "02/10/2568",
        "1101 เงินสด",
        f"{bank} เงินฝากธนาคาร ธ.ก.ส. แม่สรวย 0201-2-33445-1",
        "20000",
        "นำเงินสดฝากธนาคาร",
    )

    page.goto(f"/centres/{centre.pk}/shares/new/?kind=purchase")
    page.get_by_label("กลุ่มสมาชิก").select_option(label="กลุ่มออมทรัพย์บ้านโป่ง")
    page.get_by_label("วันที่").fill("05/10/2568")
    page.get_by_label("จำนวนเงิน (บาท)").fill("10000")
    page.get_by_label("รับหรือจ่ายผ่าน").select_option(index=0)  # cash
    _submit(page)

    # A loan above the cash is refused with the figures; through the bank it goes.
    page.goto(f"/centres/{centre.pk}/loans/new/")
    page.get_by_label("กลุ่มผู้กู้").select_option(label="กลุ่มทอผ้าบ้านโป่ง")
    page.get_by_label("วันที่ให้กู้").fill("15/10/2568")
    page.get_by_label("อัตราดอกเบี้ย (ร้อยละต่อปี)").fill("6")
    page.get_by_label("ระยะเวลา (เดือน)").fill("6")
    page.get_by_label("มติคณะกรรมการ (การประชุม)").select_option(index=1)
    page.get_by_label("เลขที่สัญญา").fill("กก.001/2568")
    page.get_by_label("จำนวนเงินกู้ (บาท)").fill("25000")
    _submit(page)
    assert page.get_by_text("มีเงินคงเหลือ 20,000.00 บาท แต่รายการนี้จ่าย 25,000.00 บาท").is_visible()
    page.get_by_label("จำนวนเงินกู้ (บาท)").fill("18000")
    page.get_by_label("จ่ายเงินกู้จาก").select_option(index=1)  # the bank account
    _submit(page)
    assert page.get_by_role("heading", name="เงินกู้ของกลุ่ม กลุ่มทอผ้าบ้านโป่ง").is_visible()

    page.get_by_role("link", name="+ รับชำระ").click()
    page.get_by_label("วันที่ชำระ").fill("15/11/2568")
    page.get_by_label("เงินต้น (บาท)").fill("3000")
    page.get_by_label("ดอกเบี้ย (บาท)").fill("90")
    _submit(page)
    assert "15,000.00" in page.locator("dl.facts").inner_text()

    bill = tmp_path / "bill.pdf"
    bill.write_bytes(PDF_BYTES)
    _entry(
        page,
        centre,
        "payment",
        "20/11/2568",
        "1101 เงินสด",
        "5901 ค่าใช้จ่ายดำเนินงาน",
        "450",
        "ค่าเครื่องเขียน",
        document=str(bill),
    )

    page.goto(f"/centres/{centre.pk}/books/?start=01/10/2568&end=30/09/2569")
    book = page.locator("table").first.inner_text()
    assert "ค่าเครื่องเขียน" in book and "รับชำระเงินกู้จากกลุ่ม กลุ่มทอผ้าบ้านโป่ง" in book
    # Cash 30,000 - 20,000 + 10,000 + 3,090 - 450 = 22,640; bank 20,000 - 18,000 = 2,000.
    assert "24,640.00" in page.locator("table").first.locator("tfoot").inner_text()
    assert page.get_by_text("บัญชีตรงกับทะเบียนหุ้น").is_visible()

    page.get_by_label("สมุด").select_option(value="cash")
    page.get_by_role("button", name="แสดง").click()
    footer = page.locator("table").first.locator("tfoot").inner_text()
    assert "22,640.00" in footer and "2,000.00" in footer

    for book in ("receipts", "cash"):
        # The export links carry the fiscal year of the page's end date (2569).
        page.goto(f"/centres/{centre.pk}/books/?book={book}&start=01/10/2568&end=30/09/2569")
        with page.expect_download() as download:
            page.locator(f"a[href*='/registers/{book}-book.pdf?year=2569']").click()
        assert download.value.path().read_bytes().startswith(b"%PDF")

    page.goto(f"/centres/{centre.pk}/books/statements/?fy=2569&as_of=30/09/2569")
    statement = page.locator("table.statement").first.inner_text()
    assert "3901 ทุนสะสม (ยอดยกมา)\t30,000.00" in statement
    assert "24,640.00" in statement
    assert page.get_by_text("งบไม่ดุล").count() == 0
