import pytest

from cddfund import demo
from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def officer(areas_loaded):
    accounts = demo.seed_accounts()
    demo.seed_villages(accounts)
    return accounts["maesuai"]


def _submit(page):
    page.get_by_role("button", name="บันทึก").click()
    page.wait_for_load_state("networkidle")


def test_officer_keeps_a_new_centres_registers_and_the_board_rule_holds(new_page, officer):
    page = new_page()
    log_in(page, "maesuai", demo.DEMO_PASSWORD)

    page.goto("/villages/new/")
    page.get_by_label("ตำบล").select_option(label="ป่าแดด")
    page.get_by_label("หมู่ที่").fill("9")
    page.get_by_label("ชื่อหมู่บ้าน").fill("บ้านดอนแก้ว")
    _submit(page)

    page.goto("/centres/")
    page.get_by_role("link", name="+ เพิ่มศูนย์").click()
    page.get_by_label("ชื่อศูนย์").fill("ศูนย์จัดการกองทุนชุมชนบ้านดอนแก้ว")
    page.get_by_label("หมู่บ้าน").select_option(label="หมู่ที่ 9 บ้านดอนแก้ว ต.ป่าแดด")
    page.get_by_label("วันที่จัดตั้ง").fill("15/01/2565")
    page.get_by_label("รูปแบบการดำเนินงาน").select_option(value="1")
    _submit(page)
    assert page.get_by_role("heading", name="ศูนย์จัดการกองทุนชุมชนบ้านดอนแก้ว").is_visible()

    for name, kind in [("กลุ่มออมทรัพย์ดอนแก้ว", "savings"), ("กองทุนหมู่บ้านดอนแก้ว", "village_fund")]:
        page.get_by_role("link", name="+ เพิ่มกลุ่ม").click()
        page.get_by_label("ประเภท").select_option(value=kind)
        page.get_by_label("ชื่อกลุ่ม").fill(name)
        page.get_by_label("จำนวนสมาชิก (คน)").fill("40")
        page.get_by_label("ทุน (บาท)").fill("250000")
        _submit(page)
        assert page.get_by_role("cell", name=name).is_visible()

    page.get_by_role("link", name="ทะเบียนสมาชิก").click()
    for name in ["กลุ่มออมทรัพย์ดอนแก้ว", "กองทุนหมู่บ้านดอนแก้ว"]:
        page.get_by_role("link", name="+ รับกลุ่มเข้าเป็นสมาชิก").click()
        page.get_by_label("กลุ่ม").select_option(label=name)
        page.get_by_label("วันที่เข้าเป็นสมาชิก").fill("01/02/2565")
        _submit(page)
    assert page.locator("table tbody tr").count() == 2

    page.get_by_role("link", name="ทะเบียนคุมเงินลงหุ้น").click()
    page.get_by_role("link", name="+ ซื้อหุ้น").click()
    page.get_by_label("กลุ่มสมาชิก").select_option(label="กลุ่มออมทรัพย์ดอนแก้ว")
    page.get_by_label("วันที่").fill("01/03/2565")
    page.get_by_label("จำนวนเงิน (บาท)").fill("20000")
    _submit(page)
    page.get_by_role("link", name="− ถอนหุ้น").click()
    page.get_by_label("กลุ่มสมาชิก").select_option(label="กลุ่มออมทรัพย์ดอนแก้ว")
    page.get_by_label("วันที่").fill("01/04/2565")
    page.get_by_label("จำนวนเงิน (บาท)").fill("25000")
    _submit(page)
    assert page.get_by_text("ถอนได้ไม่เกิน 20,000.00 บาท").is_visible()
    page.get_by_role("link", name="ยกเลิก").click()
    assert "20,000.00" in page.locator("tfoot").inner_text()

    page.get_by_role("link", name="คณะกรรมการ").click()
    page.get_by_role("link", name="+ เพิ่มกรรมการ").click()
    page.get_by_label("ชื่อ-นามสกุล").fill("นายผู้แทน กลุ่มออม")
    page.get_by_label("ตำแหน่ง").select_option(label="ประธาน")
    page.get_by_label("ส่วน").select_option(value="1")
    page.get_by_label("ผู้แทนของกลุ่ม").select_option(label="กลุ่มออมทรัพย์ดอนแก้ว")
    page.get_by_label("เริ่มวาระ").fill("01/01/2567")
    page.get_by_label("สิ้นสุดวาระ").fill("31/12/2570")
    _submit(page)

    page.get_by_role("link", name="+ เพิ่มกรรมการ").click()
    page.get_by_label("ชื่อ-นามสกุล").fill("นายผู้ทรง คุณวุฒิ")
    page.get_by_label("ตำแหน่ง").select_option(label="กรรมการ")
    page.get_by_label("ส่วน").select_option(value="2")
    page.get_by_label("เริ่มวาระ").fill("01/01/2567")
    page.get_by_label("สิ้นสุดวาระ").fill("31/12/2570")
    _submit(page)
    assert page.get_by_text("จึงมีส่วนที่ 2 ได้ไม่เกิน 0 คน").is_visible()
    assert page.get_by_label("ชื่อ-นามสกุล").input_value() == "นายผู้ทรง คุณวุฒิ"
