import pytest

from cddfund import demo
from institutes import demo as institutes_demo
from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def centre(areas_loaded):
    context = {}
    demo.seed(context)
    institutes_demo.seed(context)
    return context["centres"]["บ้านป่าเปา"]


def _save(page, name="บันทึก"):
    page.get_by_role("button", name=name, exact=True).click()
    page.wait_for_load_state("networkidle")


def _loan_row(page, index, group, number, amount):
    prefix = f"#id_loans-{index}-"
    page.locator(prefix + "creditor_group").select_option(label=group)
    page.locator(prefix + "contract_no").fill(number)
    page.locator(prefix + "contract_date").fill("01/06/2566")
    page.locator(prefix + "principal").fill(amount)
    page.locator(prefix + "outstanding").fill(amount)
    page.locator(prefix + "interest_rate").fill("6")
    page.locator(prefix + "term_months").fill("36")


def test_officer_brings_a_household_to_one_contract_and_reduces_its_debt(new_page, centre):
    page = new_page()
    log_in(page, "phan", demo.DEMO_PASSWORD)
    page.goto(f"/centres/{centre.pk}/households/")
    page.get_by_role("link", name="+ เพิ่มครัวเรือน").click()
    page.get_by_label("บ้านเลขที่").fill("45")
    page.get_by_label("ชื่อ-นามสกุลหัวหน้าครัวเรือน").fill("นายสมชาย หนี้สาม")
    page.get_by_label("เลขประจำตัวประชาชนหัวหน้าครัวเรือน").fill("3-1006-00445-63-5")
    page.get_by_label("จำนวนสมาชิก (คน)").fill("4")
    _save(page)
    household_url = page.url

    page.get_by_role("link", name="สำรวจหนี้ครั้งแรก").click()
    page.get_by_label("วันที่สำรวจ").fill("15/11/2567")
    groups = ["กองทุนหมู่บ้านป่าเปา", "กลุ่มออมทรัพย์เพื่อการผลิตบ้านป่าเปา", "กลุ่มผู้ใช้น้ำบ้านป่าเปา"]
    for index, (group, amount) in enumerate(zip(groups, ["30000", "20000", "10000"], strict=True)):
        _loan_row(page, index, group, f"S-{index + 1}", amount)
    # A fourth loan needs a fourth row: added in place, the typed rows kept.
    page.get_by_role("button", name="+ เพิ่มสัญญา").click()
    assert page.locator("fieldset.loan").count() == 4
    assert page.locator("#id_loans-TOTAL_FORMS").input_value() == "4"
    assert page.locator("#id_loans-2-contract_no").input_value() == "S-3"
    page.locator("#id_loans-3-contract_no").fill("B-4")
    page.locator("#id_loans-3-external_kind").select_option("bank")
    page.locator("#id_loans-3-external_name").fill("ธ.ก.ส.")
    page.locator("#id_loans-3-contract_date").fill("01/06/2566")
    page.locator("#id_loans-3-principal").fill("90000")
    page.locator("#id_loans-3-outstanding").fill("80000")
    page.locator("#id_loans-3-interest_rate").fill("7")
    page.locator("#id_loans-3-term_months").fill("60")
    _save(page, "บันทึกการสำรวจ")
    assert page.url == household_url
    assert "3 → 3" in page.locator(".standing").inner_text()

    # Chosen as a target of 2568: debt management starts from what it owed on enrolment.
    page.goto(household_url + "target/")
    page.get_by_label("ปีงบประมาณ").fill("2568")
    page.get_by_label("วันที่เข้าร่วมโครงการ").fill("01/12/2567")
    page.get_by_label("เหตุผลที่เลือก").fill("หนี้สามสัญญา")
    _save(page)
    assert page.url == household_url
    assert "เข้าเมื่อ 1 ธันวาคม 2567 หนี้ขณะนั้น 60,000.00 บาท" in page.locator(".standing").inner_text()

    page.get_by_role("link", name="โอนภาระหนี้ไปยังกลุ่มอื่น").click()
    page.get_by_label("สัญญา", exact=True).select_option(index=3)
    page.get_by_label("โอนไปยังกลุ่ม").select_option(label=groups[0])
    page.get_by_label("จำนวนเงินที่โอน (บาท)").fill("10000")
    page.get_by_label("เลขที่สัญญาโอนภาระหนี้").fill("T-1")
    page.get_by_label("วันที่").fill("10/01/2568")
    _save(page, "ดูผลก่อนบันทึก")
    assert page.get_by_text("ยังไม่ได้บันทึก").is_visible()
    _save(page, "ยืนยันบันทึก")

    page.get_by_role("link", name="รวมหลายสัญญาเป็นสัญญาเดียว").click()
    for box in page.locator("input[name=loans]").all():
        if "B-4" not in box.locator("xpath=..").inner_text():  # the bank's loan stays apart
            box.check()
    page.get_by_label("รวมเป็นสัญญาใหม่กับกลุ่ม").select_option(label=groups[0])
    page.get_by_label("เลขที่สัญญาใหม่").fill("C-1")
    page.get_by_label("อัตราดอกเบี้ย (% ต่อปี)").fill("4")
    page.get_by_label("ระยะเวลา (เดือน)").fill("60")
    page.get_by_label("วันที่").fill("01/02/2568")
    _save(page, "ดูผลก่อนบันทึก")
    compare = page.locator(".compare").inner_text()
    assert "3 สัญญา" in compare and "1 สัญญา" in compare
    _save(page, "ยืนยันบันทึก")

    page.get_by_role("link", name="บันทึกการชำระหนี้").click()
    contract = page.get_by_label("สัญญา", exact=True)
    contract.select_option(contract.locator("option", has_text="C-1").get_attribute("value"))
    page.get_by_label("จำนวนเงินที่ชำระ (บาท)").fill("70000")
    page.get_by_label("วันที่").fill("01/03/2568")
    _save(page, "ดูผลก่อนบันทึก")
    assert page.get_by_text("จำนวนเงินเกินหนี้คงค้างของสัญญา C-1 (60,000.00 บาท)").is_visible()
    page.get_by_label("จำนวนเงินที่ชำระ (บาท)").fill("5000")
    _save(page, "ดูผลก่อนบันทึก")
    _save(page, "ยืนยันบันทึก")
    standing = page.locator(".standing").inner_text()
    assert "3 → 1" in standing and "60,000.00 → 55,000.00" in standing
    assert "ถึงแล้ว (1 สัญญา)" in standing
    result = page.locator(".stat", has_text="ผลการลดหนี้").locator(".stat-value")
    assert result.inner_text() == "ลดหนี้"
    assert page.locator("svg.chart polyline").count() == 1

    page.goto(f"/centres/{centre.pk}/transfers/")
    assert "T-1" in page.locator("table").inner_text()
    page.goto(f"/centres/{centre.pk}/one-contract/")
    assert "นายสมชาย หนี้สาม" in page.locator("table").inner_text()

    page.goto("/debts/kpi/?year=2568")
    assert "100.00" in page.locator("tbody").inner_text()
    # As of the first round's last day (31 March 2568) the repayment of 1 March counts too; the
    # rounds come from the same dated records.
    page.get_by_label("รอบ").select_option("1")
    page.get_by_role("button", name="แสดง").click()
    page.wait_for_load_state("networkidle")
    assert "รอบที่ 1" in page.locator("h1").inner_text()
    assert "100.00" in page.locator("tbody").inner_text()

    reviewer = new_page(width=390)
    log_in(reviewer, "chiangrai", demo.DEMO_PASSWORD)
    reviewer.goto(household_url)
    assert "3-1006-xxxxx-xx-5" in reviewer.content()
    assert reviewer.get_by_role("link", name="บันทึกการชำระหนี้").count() == 0
    assert reviewer.request.get(household_url + "steps/repayment/").status == 403
