"""What to do next, in the browser: the province returns an assessment, the district officer
finds it on the home page, in the inbox and in an e-mail, sends it again, and the province's
list has it back; the header's search box finds the centre."""

import time

import pytest
from django.core import mail

from assessments import services
from assessments.models import Assessment
from cddfund import demo
from cddfund.models import User
from institutes import demo as institutes_demo
from tests.browser.conftest import log_in
from tests.test_assessments import _fill

pytestmark = pytest.mark.browser


@pytest.fixture
def submitted(areas_loaded):
    """บ้านโป่ง's assessment of 2568, filled and sent to the province by แม่สรวย."""
    context = {}
    demo.seed(context)
    institutes_demo.seed(context)
    officer = context["accounts"]["maesuai"]
    User.objects.filter(pk=officer.pk).update(email="maesuai@cdd.example")
    assessment = services.assessment_start(
        by=officer, centre=context["centres"]["บ้านโป่ง"], fiscal_year=2568
    )
    _fill(officer, assessment)
    services.assessment_submit(by=officer, assessment=assessment)
    return assessment


def _click(page, name):
    page.get_by_role("button", name=name, exact=True).click()
    page.wait_for_load_state("networkidle")


def _mail_to(address: str, timeout: float = 15.0) -> list:
    """The e-mails the worker sent to ``address``, waiting for it to send one."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = [m for m in mail.outbox if address in m.to]
        if found:
            return found
        time.sleep(0.2)
    return []


def test_returned_found_from_the_home_page_inbox_and_mail_then_sent_again(
    new_page, submitted, job_worker
):
    centre = submitted.centre
    reviewer = new_page()
    log_in(reviewer, "chiangrai", demo.DEMO_PASSWORD)
    reviewer.get_by_role("link", name="แบบประเมินรอจังหวัดตรวจ").first.click()
    reviewer.get_by_role("link", name=centre.name).click()
    reviewer.locator("#indicator-5 input[name^=comment_]").fill("ขอไฟล์ระเบียบฉบับลงนาม")
    _click(reviewer, "ส่งกลับให้แก้ไข")
    assert reviewer.get_by_text("ส่งกลับให้อำเภอแก้ไขแล้ว").is_visible()

    # The district officer: the header counts it, the home page lists it, and so does the inbox.
    officer = new_page(width=360, height=780)
    log_in(officer, "maesuai", demo.DEMO_PASSWORD)
    assert officer.locator(".inbox-link .badge").inner_text() == "1"
    work = officer.locator(".work-list")
    assert "แบบประเมินที่จังหวัดส่งกลับให้แก้ไข" in work.inner_text()
    work.get_by_role("link", name="แบบประเมินที่จังหวัดส่งกลับให้แก้ไข").click()
    assert centre.name in officer.locator("table").inner_text()

    officer.locator(".inbox-link").click()
    notice = officer.locator(".notices li.unread").first
    assert "กลับให้แก้ไข" in notice.inner_text() and centre.name in notice.inner_text()
    notice.get_by_role("button", name="เปิด").click()
    officer.wait_for_url(f"**/assessments/{submitted.pk}/")
    assert officer.locator(".inbox-link .badge").count() == 0

    # The same by e-mail, sent by the job worker.
    [message] = _mail_to("maesuai@cdd.example")
    assert "กลับให้แก้ไข" in message.subject
    assert f"/assessments/{submitted.pk}/" in message.body

    returned = officer.locator("#indicator-5")
    assert "ขอไฟล์ระเบียบฉบับลงนาม" in returned.inner_text()
    returned.locator("label.criterion").first.locator("input").check()
    returned.locator("input[name^=override_reason_]").fill("อัปโหลดระเบียบที่ลงนามแล้ว")
    _click(officer, "บันทึกและส่งจังหวัด")
    assert "ส่งจังหวัดแล้ว" in officer.locator(".lead").inner_text()
    officer.goto("/")
    assert "แบบประเมินที่จังหวัดส่งกลับให้แก้ไข" not in officer.locator("main").inner_text()

    # The province's list has it back, and its inbox says so.
    reviewer.goto("/assessments/queue/")
    assert reviewer.get_by_role("link", name=centre.name).is_visible()
    reviewer.goto("/inbox/")
    assert "ให้จังหวัดตรวจ" in reviewer.locator(".notices").inner_text()
    assert Assessment.objects.get(pk=submitted.pk).state == "submitted"


def test_the_header_search_finds_a_centre_and_keeps_an_id_out_of_the_address(new_page, submitted):
    officer = new_page()
    log_in(officer, "maesuai", demo.DEMO_PASSWORD)
    box = officer.get_by_placeholder("ค้นหาศูนย์ หมู่บ้าน กลุ่ม ครัวเรือน")
    box.fill("โป่ง")
    box.press("Enter")
    officer.wait_for_load_state("networkidle")
    assert "q=" in officer.url
    officer.get_by_role("link", name=submitted.centre.name).click()
    officer.wait_for_url(f"**/centres/{submitted.centre.pk}/")

    box = officer.get_by_placeholder("ค้นหาศูนย์ หมู่บ้าน กลุ่ม ครัวเรือน")
    box.fill("3570500012345")
    box.press("Enter")
    officer.wait_for_load_state("networkidle")
    assert "3570500012345" not in officer.url
    assert "เลขประจำตัวประชาชนเต็ม 13 หลัก" in officer.locator("main").inner_text()
