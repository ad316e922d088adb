import pytest

from cddfund import demo
from reports.models import IssuedDocument
from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser


def test_central_office_closes_a_year_and_a_reader_verifies_its_printout(
    new_page, demo_records, job_worker, tmp_path
):
    last = demo.fiscal_years()[0]
    page = new_page()
    log_in(page, "central", demo.DEMO_PASSWORD)
    page.goto("/reports/periods/")
    page.locator(f"a[href='/reports/periods/{last}/close/']").click()
    page.get_by_role("button", name="ยืนยันปิดงวด").click()
    assert page.get_by_text(f"ปิดปีงบประมาณ {last} แล้ว").is_visible()
    # A worker keeps the figures; the periods page reads itself again until they are kept.
    keeping = page.get_by_text("กำลังบันทึกตัวเลขของงวด")
    keeping.wait_for(state="detached", timeout=60_000)

    page.goto(f"/reports/levels/?year={last}")
    assert "ตัวเลขของงวดที่ปิดแล้ว" in page.content()
    with page.expect_download() as download:
        page.get_by_role("link", name="PDF", exact=True).click()
    printed = tmp_path / "levels.pdf"
    download.value.save_as(printed)
    code = IssuedDocument.objects.get().code

    reader = new_page(width=360, height=740)  # not signed in, on a phone
    reader.goto("/verify/")
    reader.get_by_label("รหัสตรวจสอบ").fill(code.replace("-", "").lower())
    reader.get_by_role("button", name="ตรวจสอบ").click()
    assert reader.get_by_text("ข้อมูลครบถ้วนตรงกับค่าตรวจสอบ").is_visible()
    reader.locator("input[type=file]").set_input_files(str(printed))
    reader.get_by_role("button", name="ตรวจไฟล์").click()
    assert reader.get_by_text("ไฟล์ตรงกับเอกสารที่ระบบออกทุกไบต์").is_visible()
    changed = tmp_path / "changed.pdf"
    body = bytearray(printed.read_bytes())
    body[len(body) // 2] ^= 1
    changed.write_bytes(bytes(body))
    reader.locator("input[type=file]").set_input_files(str(changed))
    reader.get_by_role("button", name="ตรวจไฟล์").click()
    assert reader.get_by_text("อาจถูกแก้ไขหลังจากออกจากระบบ").is_visible()
