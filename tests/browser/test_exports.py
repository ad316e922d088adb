import pytest

from cddfund import demo
from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser


def test_central_office_exports_the_national_summary_in_the_background(
    new_page, demo_records, job_worker
):
    page = new_page()
    log_in(page, "central", demo.DEMO_PASSWORD)
    page.goto("/reports/levels/?year=2568")
    assert "รวมทั้งหมด" in page.locator("table.report").inner_text()
    page.get_by_role("button", name="จัดทำ PDF เบื้องหลัง").click()
    page.wait_for_url("**/exports/*/")
    page.locator("#export-download").wait_for(state="visible", timeout=30_000)
    assert page.locator("#export-progress").get_attribute("value") == "100"
    assert page.locator("#export-state").inner_text() == "เสร็จแล้ว"
    with page.expect_download() as download:
        page.get_by_role("link", name="ดาวน์โหลดไฟล์").click()
    assert download.value.suggested_filename == "levels-2568.pdf"
