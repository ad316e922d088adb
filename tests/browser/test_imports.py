import pytest

from cddfund import demo
from debts.models import Household
from institutes import demo as institutes_demo
from tests.browser.conftest import log_in
from tests.test_imports import GOOD_ID, fixture_workbook

pytestmark = pytest.mark.browser


@pytest.fixture
def records(areas_loaded):
    context = {}
    demo.seed(context)
    institutes_demo.seed(context)


def test_an_officer_uploads_reads_the_dry_run_and_confirms(new_page, records, tmp_path, job_worker):
    path = tmp_path / "ทะเบียนป่าเปา.xlsx"
    path.write_bytes(fixture_workbook())
    page = new_page()
    log_in(page, "phan", demo.DEMO_PASSWORD)
    page.get_by_role("link", name="นำเข้า Excel").click()
    with page.expect_download() as download:
        page.locator("a[href='/imports/templates/households.xlsx']").click()
    assert download.value.suggested_filename == "cddfund-template-households.xlsx"

    page.set_input_files("input[type=file]", str(path))
    page.get_by_role("button", name="อัปโหลดและตรวจไฟล์").click()
    page.wait_for_url("**/imports/*/")
    page.locator("#import-summary").wait_for(timeout=30_000)
    errors = page.locator("#import-errors").inner_text()
    assert "ซ้ำกับแถวที่ 2 ของแผ่นงานเดียวกัน" in errors
    assert "อยู่นอกพื้นที่ที่คุณรับผิดชอบ" in errors
    assert not Household.objects.filter(head_national_id=GOOD_ID).exists()

    page.get_by_role("button", name="ยืนยันนำเข้า 5 แถว").click()
    page.get_by_text("นำเข้าเรียบร้อย บันทึก 5 แถว").wait_for(timeout=30_000)
    assert Household.objects.filter(head_national_id=GOOD_ID).exists()
    page.get_by_role("link", name="ครัวเรือน", exact=True).first.click()
    assert "นายทดสอบ นำเข้า" in page.content()
