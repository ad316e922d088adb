import pytest

from cddfund import demo
from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def demo_data(areas_loaded):
    accounts = demo.seed_accounts()
    demo.seed_villages(accounts)
    return accounts


def test_district_officer_logs_in_and_sees_only_own_district(new_page, demo_data):
    page = new_page()
    log_in(page, "maesuai", demo.DEMO_PASSWORD)
    assert "อ.แม่สรวย จ.เชียงราย" in page.locator(".who").inner_text()
    page.get_by_role("link", name="หมู่บ้าน", exact=True).first.click()
    rows = page.locator("table tbody tr")
    assert rows.count() == 1
    assert "บ้านโป่ง" in rows.first.inner_text()
    assert "บ้านป่าเปา" not in page.content()
    # No province or district to choose: the officer has one district; its subdistricts remain.
    assert page.locator("#id_province, #id_district").count() == 0
    options = page.locator("#id_subdistrict option").all_inner_texts()
    assert "ป่าแดด" in options and "สันกลาง" not in options


def test_officer_adds_a_village_with_the_dependent_area_pickers(new_page, demo_data):
    page = new_page()
    log_in(page, "maesuai", demo.DEMO_PASSWORD)
    page.goto("/villages/new/")
    page.get_by_label("ตำบล").select_option(label="ป่าแดด")
    page.get_by_label("หมู่ที่").fill("6")
    page.get_by_label("ชื่อหมู่บ้าน").fill("บ้านซ้ำ")
    page.get_by_role("button", name="บันทึก").click()
    assert page.get_by_text("ตำบลป่าแดด มีหมู่ที่ 6 อยู่แล้ว (บ้านโป่ง)").is_visible()
    # Nothing typed is lost on a refused save.
    assert page.get_by_label("ชื่อหมู่บ้าน").input_value() == "บ้านซ้ำ"
    page.get_by_label("หมู่ที่").fill("12")
    page.get_by_role("button", name="บันทึก").click()
    page.wait_for_url("**/villages/*/")
    assert page.get_by_role("heading", name="หมู่ที่ 12 บ้านซ้ำ").is_visible()
    page.locator(".history summary").click()
    assert "สร้าง" in page.locator(".history").inner_text()


def test_provincial_staff_pick_district_then_subdistrict(new_page, demo_data):
    page = new_page()
    log_in(page, "chiangrai", demo.DEMO_PASSWORD)
    page.goto("/villages/")
    page.locator("#id_district").select_option(label="พาน")
    # (a selector, not wait_for_function: the page's policy forbids evaluating strings)
    page.wait_for_selector("#id_subdistrict option:nth-child(2)", state="attached")
    subdistricts = page.locator("#id_subdistrict option").all_inner_texts()
    assert "สันกลาง" in subdistricts and "ป่าแดด" not in subdistricts
    page.locator("#id_subdistrict").select_option(label="สันกลาง")
    page.locator("main").get_by_role("button", name="ค้นหา").click()
    assert page.locator("table tbody tr").count() == 1
    assert "บ้านป่าเปา" in page.locator("table tbody").inner_text()


def test_phone_width_has_no_sideways_scroll_and_first_load_is_light(new_page, demo_data):
    page = new_page(width=360, height=740)
    sizes = []
    page.on("response", lambda r: sizes.append(len(r.body())) if r.ok else None)
    log_in(page, "central", demo.DEMO_PASSWORD)
    sizes.clear()
    page.goto("/villages/")
    page.wait_for_load_state("networkidle")
    assert sum(sizes) < 300 * 1024
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert not page.locator("#mainnav").is_visible()
    page.get_by_role("button", name="เมนู").click()
    assert page.locator("#mainnav").is_visible()
