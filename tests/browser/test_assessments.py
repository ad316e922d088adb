import re

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
    return context["centres"]["บ้านโป่ง"]


def _click(page, name):
    page.get_by_role("button", name=name).click()
    page.wait_for_load_state("networkidle")


def test_district_fills_province_returns_one_indicator_district_fixes_province_approves(
    new_page, centre
):
    officer = new_page()
    log_in(officer, "maesuai", demo.DEMO_PASSWORD)
    officer.goto(f"/centres/{centre.pk}/assessments/")
    officer.get_by_role("link", name="+ เริ่มแบบประเมิน").click()
    officer.get_by_label("ปีงบประมาณ").fill("2568")
    _click(officer, "บันทึก")
    assessment_url = officer.url
    assert "ระบบเสนอ" in officer.content()

    # Submitting with unanswered indicators lists them.
    _click(officer, "บันทึกและส่งจังหวัด")
    assert officer.get_by_text("ยังไม่ได้ตอบตัวชี้วัดที่ 1, 2, 3").first.is_visible()

    # One area at a time (each saved on its own): take every suggestion; 2 points where the
    # records cannot say.
    officer.goto(assessment_url)
    while True:
        for section in officer.locator("section.indicator").all():
            suggested = section.locator("label.criterion:has(.tag) input")
            if suggested.count():
                suggested.check()
            else:
                section.locator("label.criterion", has_text="ได้ 2 ข้อ").or_(
                    section.locator("label.criterion").nth(1)
                ).first.locator("input").check()
        following = officer.get_by_role("button", name=re.compile("บันทึกแล้วไปด้านที่"))
        if not following.count():
            break
        following.click()
        officer.wait_for_load_state("networkidle")
    _click(officer, "บันทึกและส่งจังหวัด")
    assert officer.get_by_text("ส่งแบบประเมินให้จังหวัดแล้ว").is_visible()
    assert "ส่งจังหวัดแล้ว" in officer.locator(".lead").inner_text()

    reviewer = new_page()
    log_in(reviewer, "chiangrai", demo.DEMO_PASSWORD)
    reviewer.goto("/assessments/queue/")
    reviewer.get_by_role("link", name=centre.name).click()
    reviewer.locator("#indicator-5 input[name^=comment_]").fill("ขอไฟล์ระเบียบฉบับลงนาม")
    _click(reviewer, "ส่งกลับให้แก้ไข")
    assert reviewer.get_by_text("ส่งกลับให้อำเภอแก้ไขแล้ว").is_visible()

    officer.goto(assessment_url)
    returned = officer.locator("#indicator-5")
    assert "ขอไฟล์ระเบียบฉบับลงนาม" in returned.inner_text()
    returned.locator("label.criterion").first.locator("input").check()
    returned.locator("input[name^=override_reason_]").fill("อัปโหลดระเบียบที่ลงนามแล้ว")
    _click(officer, "บันทึกและส่งจังหวัด")
    assert "ส่งจังหวัดแล้ว" in officer.locator(".lead").inner_text()

    reviewer.goto(assessment_url)
    _click(reviewer, "อนุมัติ")
    assert "จังหวัดอนุมัติแล้ว" in reviewer.locator(".lead").inner_text()
    assert reviewer.get_by_role("link", name="เปิดให้แก้ไข (ต้องระบุเหตุผล)").is_visible()

    officer.goto(f"/centres/{centre.pk}/assessments/")
    row = officer.locator("tbody tr").first.inner_text()
    assert "2568" in row and "จังหวัดอนุมัติแล้ว" in row
    officer.goto(assessment_url)
    assert officer.locator("input[type=radio]").count() == 0  # locked
