"""A district officer takes a centre through a round of the debt-management programme: the
plan approved by the board, the course's attendance, a target household's accounts, life plan and
occupation support, a follow-up visit with a photo, the evidence attached; the province reads
what is missing and downloads the province's evidence file."""

import io
import zipfile

import pytest
from django.utils import timezone
from PIL import Image

from cddfund import thai
from cddfund.demo import DEMO_PASSWORD, fiscal_years
from debts.models import DebtEvent, TargetHousehold
from tests.browser.conftest import ARTIFACTS, log_in

pytestmark = pytest.mark.browser


def test_an_officer_takes_a_centre_through_a_round_and_the_province_downloads_its_evidence(
    new_page, demo_households, job_worker, tmp_path
):
    _last, current = fiscal_years()
    centre = demo_households["centres"]["บ้านป่าเปา"]
    target = TargetHousehold.objects.get(household__centre=centre, fiscal_year=current)
    today = thai.format_date(timezone.localdate())
    contract = tmp_path / "contract.pdf"
    contract.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    photo = tmp_path / "visit.png"
    Image.new("RGB", (1800, 1200), (60, 110, 160)).save(photo)

    page = new_page()
    log_in(page, "phan", DEMO_PASSWORD)
    # The plan: changed, so the board approves it again.
    page.goto(f"/centres/{centre.pk}/debt-plan/")
    page.get_by_text("ยังไม่ได้รับอนุมัติจากคณะกรรมการ").wait_for()
    page.get_by_role("link", name="แก้ไขแผน").click()
    page.get_by_label("ครัวเรือนเป้าหมายตามแผน").fill("4")
    page.get_by_role("button", name="บันทึก", exact=True).click()
    page.get_by_role("link", name="บันทึกการอนุมัติ").click()
    page.get_by_label("การประชุมคณะกรรมการที่อนุมัติแผน").select_option(index=1)
    page.get_by_role("button", name="บันทึก", exact=True).click()
    page.get_by_text("คณะกรรมการอนุมัติในการประชุมวันที่").wait_for()

    # The course: the household attended all three days.
    page.get_by_role("table").filter(has_text="สถานที่").get_by_role("link").first.click()
    page.get_by_label(f"วันที่เข้าอบรมของ {target.household}").fill("3")
    page.get_by_role("button", name="บันทึก", exact=True).click()
    page.get_by_text("บันทึกผู้เข้าอบรมแล้ว 1 คน/ครัวเรือน").wait_for()

    # Its support: a month of accounts, a life plan, occupation support refused then saved.
    page.goto(f"/targets/{target.pk}/support/")
    page.get_by_text("ผ่านการอบรมครบเมื่อ").wait_for()
    page.locator("input[name=month]").first.check()
    page.get_by_role("button", name="บันทึกเดือนที่จัดทำบัญชี").click()
    page.get_by_text("บันทึกเดือนที่จัดทำบัญชีครัวเรือนแล้ว").wait_for()
    page.get_by_label("วันที่จัดทำแผน").fill(today)
    page.get_by_label("เอกสารแผนพัฒนาชีวิต").set_input_files(str(contract))
    page.get_by_role("button", name="บันทึกแผนพัฒนาชีวิต").click()
    page.get_by_text("บันทึกแผนพัฒนาชีวิตครัวเรือนแล้ว").wait_for()
    page.get_by_label("วันที่สนับสนุน").fill(today)
    page.get_by_label("อาชีพ/สิ่งที่สนับสนุน").fill("เพาะเห็ดนางฟ้า")
    page.get_by_label("ผู้สนับสนุน (กลุ่ม/หน่วยงาน)").fill("กลุ่มอาชีพบ้านป่าเปา")
    page.get_by_label("มูลค่า (บาท)").fill("3000")
    page.get_by_label("เงินทุนคืนกลุ่มแล้ว (บาท)").fill("4000")
    page.get_by_role("button", name="เพิ่มการส่งเสริมอาชีพ").click()
    page.get_by_text("มากกว่ามูลค่าที่สนับสนุน").wait_for()
    assert page.get_by_label("อาชีพ/สิ่งที่สนับสนุน").input_value() == "เพาะเห็ดนางฟ้า"
    page.get_by_label("เงินทุนคืนกลุ่มแล้ว (บาท)").fill("500")
    page.get_by_role("button", name="เพิ่มการส่งเสริมอาชีพ").click()
    page.get_by_text("บันทึกการส่งเสริมอาชีพแล้ว").wait_for()

    # A focus group with its photo.
    page.goto(f"/centres/{centre.pk}/visits/")
    page.get_by_role("link", name="+ บันทึกการติดตาม").click()
    page.get_by_label("วันที่ติดตาม").fill(today)
    page.get_by_label("รูปแบบ").select_option("focus")
    page.get_by_label("คณะติดตามจาก").select_option("district")
    page.get_by_label("คณะติดตาม (ชื่อ ตำแหน่ง)").fill("พัฒนากรตำบลสันกลาง")
    page.get_by_label("6. แผนการสนับสนุนครัวเรือนเป้าหมาย", exact=False).fill("อบรมครบ 3 วัน")
    page.get_by_role("button", name="บันทึก", exact=True).click()
    page.get_by_text("บันทึกการติดตามแล้ว").wait_for()
    page.get_by_label("รูปภาพ (JPEG หรือ PNG)").set_input_files(str(photo))
    page.get_by_role("button", name="เพิ่มรูปภาพ").click()
    page.get_by_text("เพิ่มรูปภาพแล้ว").wait_for()

    # The evidence: the signed enrolment record and the transfer's contract.
    page.goto(f"/targets/{target.pk}/edit/")
    page.get_by_label("แบบบันทึกการเข้าร่วมโครงการ (ฉบับลงนาม)").set_input_files(str(contract))
    page.get_by_role("button", name="บันทึก", exact=True).click()
    transfer = DebtEvent.objects.get(household=target.household, kind="transfer")
    page.goto(f"/debt-events/{transfer.pk}/evidence/")
    page.get_by_label("เอกสารประกอบ").set_input_files(str(contract))
    page.get_by_role("button", name="บันทึก", exact=True).click()
    page.get_by_text("บันทึกหลักฐานของรายการแล้ว").wait_for()
    page.goto(f"/centres/{centre.pk}/evidence/?year={current}")
    for number in (2, 4, 5, 6, 7, 8, 11):
        assert "✓" in page.locator(f"#item-{number} strong").inner_text(), number
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "evidence-centre.png"), full_page=True)

    # The province sees each centre's gaps and downloads the province's zip.
    province = new_page(width=360, height=740)
    log_in(province, "chiangrai", DEMO_PASSWORD)
    province.goto(f"/debts/evidence/?year={current}")
    province.get_by_role("link", name=centre.name).wait_for()
    province.get_by_role("link", name="แฟ้มหลักฐานของจังหวัด (PDF และ zip)").click()
    province.get_by_label("ไฟล์").select_option("zip")
    province.get_by_role("button", name="จัดทำไฟล์").click()
    province.wait_for_url("**/exports/*/")
    province.locator("#export-download").wait_for(state="visible", timeout=60_000)
    with province.expect_download() as download:
        province.get_by_role("link", name="ดาวน์โหลดไฟล์").click()
    with zipfile.ZipFile(io.BytesIO(download.value.path().read_bytes())) as archive:
        names = archive.namelist()
    mine = [n for n in names if f"/{centre.name}/" in n]
    assert any("/04/enrolment-" in n for n in mine) and any("/05/contract-" in n for n in mine)
    assert any("/11/photo-" in n for n in mine)
    province.screenshot(path=str(ARTIFACTS / "evidence-province-360.png"), full_page=True)
