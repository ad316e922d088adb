"""Closed periods in the reports: figures kept when central office closes a period, read by every
report of it, and printouts that verify (reports/snapshots.py, reports/verification.py)."""

import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from procrastinate.contrib.django.models import ProcrastinateJob

from cddfund import demo
from cddfund import services as core_services
from cddfund.periods import Period
from debts import figures
from debts.models import Household, Loan
from debts.services import restructure
from reports import data, snapshots, verification
from reports import services as report_services
from reports.models import IssuedDocument, Snapshot, SnapshotRow
from reports.tasks import keep_period_figures

pytestmark = pytest.mark.django_db

FY2569 = Period(2569)  # the demo's debts: fiscal years 2569 and 2570


def close(accounts, period=FY2569):
    """Close ``period`` and keep its figures, as the queued job does."""
    closed = report_services.period_close(by=accounts["central"], period=period)
    report_services.period_keep(closed)
    return closed


def figures_of(report):
    return [
        {k: v for k, v in row.items() if k not in snapshots.AREA_KEYS}
        for row in [*report.rows, *(s.subtotal for s in report.sections), report.total]
    ]


def _repay_today(accounts):
    household = Household.objects.filter(district__name_th="พาน", outstanding__gt=0).first()
    loan = household.loans.filter(status="active", creditor_group__isnull=False).first()
    restructure.loan_repay(
        by=accounts["phan"],
        household=household,
        loan=loan,
        amount=Decimal(1),
        on=timezone.localdate(),
    )


def test_a_closed_period_reads_the_same_figures_as_when_it_was_closed(records, accounts):
    live = data.debt_results(accounts["central"], FY2569)
    close(accounts)
    kept = data.report("debts", accounts["central"], FY2569)
    assert kept.snapshot is not None
    assert figures_of(kept) == figures_of(live)
    _repay_today(accounts)
    assert figures_of(data.report("debts", accounts["central"], FY2569)) == figures_of(live)


def test_round_two_reads_the_years_figures_and_round_one_has_its_own(records, accounts):
    close(accounts)
    round2 = data.report("debts", accounts["central"], Period(2569, 2))
    assert round2.snapshot.closing.round == 0
    assert data.report("debts", accounts["central"], Period(2569, 1)).snapshot is None
    close(accounts, Period(2569, 1))
    round1 = data.report("debts", accounts["central"], Period(2569, 1))
    assert figures_of(round1) == figures_of(data.debt_results(accounts["central"], Period(2569, 1)))


def test_a_closed_period_shows_each_reader_only_their_area(records, accounts):
    close(accounts)
    maesuai = data.report("debts", accounts["maesuai"], FY2569)
    assert [r["label"] for r in maesuai.rows] == ["แม่สรวย"]
    assert figures_of(maesuai) == figures_of(data.debt_results(accounts["maesuai"], FY2569))
    phayao = data.report("debts", accounts["phayao"], FY2569)
    assert {s.label for s in phayao.sections} <= {"พะเยา"}


def test_the_levels_are_kept_with_the_fiscal_year(records, accounts):
    live = data.levels_summary(accounts["central"], Period(2568))
    close(accounts, Period(2568))
    kept = data.report("levels", accounts["central"], Period(2568))
    assert kept.snapshot is not None and figures_of(kept) == figures_of(live)


def test_a_closed_periods_preview_takes_a_fixed_number_of_queries(
    records, accounts, client_for, django_assert_num_queries
):
    close(accounts)
    client = client_for("central")
    url = reverse("report_preview", args=["debts"]) + "?year=2569"
    client.get(url)
    # session and user; the provinces to choose from; the snapshot with its closing; its rows
    # of provinces (a row per province, never a row per district); the menu's own reads none
    with django_assert_num_queries(5):
        response = client.get(url)
    assert response.status_code == 200
    assert "ตัวเลขของงวดที่ปิดแล้ว" in response.content.decode()


def test_a_closed_period_for_the_country_is_a_row_per_province_or_one_provinces_districts(
    records, accounts, client_for
):
    full = data.debt_results(accounts["central"], FY2569)
    close(accounts)
    url = reverse("report_preview", args=["debts"])
    provinces = client_for("central").get(url, {"year": 2569}).context["report"]
    assert [r["label"] for r in provinces.rows] == [s.label for s in full.sections]
    assert [{k: r[k] for k in ("targets", "reduced", "then")} for r in provinces.rows] == [
        {k: s.subtotal[k] for k in ("targets", "reduced", "then")} for s in full.sections
    ]
    assert provinces.total == full.total
    chiangrai = full.sections[[s.label for s in full.sections].index("เชียงราย")]
    code = chiangrai.rows[0]["province_code"]
    one = client_for("central").get(url, {"year": 2569, "province": code}).context["report"]
    assert figures_of(one)[:-1] == [
        *({k: v for k, v in r.items() if k not in snapshots.AREA_KEYS} for r in chiangrai.rows),
        chiangrai.subtotal,
    ]
    assert one.total == {}


def test_a_snapshot_cannot_be_changed_or_deleted(records, accounts):
    close(accounts)
    row = SnapshotRow.objects.first()
    with pytest.raises(DatabaseError), transaction.atomic():
        SnapshotRow.objects.filter(pk=row.pk).update(figures={"targets": 999})
    with pytest.raises(DatabaseError), transaction.atomic():
        Snapshot.objects.filter(pk=row.snapshot_id).delete()
    assert snapshots.is_intact(row.snapshot)


def test_reopening_keeps_the_old_figures_as_a_version_and_the_next_closing_takes_new_ones(
    records, accounts
):
    last_day = FY2569.end
    counted = figures.households_on(Household.objects.filter(district__name_th="พาน"), FY2569)
    loan = Loan.objects.filter(
        household__in=counted,
        status="active",
        creditor_group__isnull=False,
        opened_on__lte=last_day,
    ).first()
    household = loan.household
    first = close(accounts)
    before = figures_of(data.report("debts", accounts["central"], FY2569))
    with pytest.raises(ValidationError):
        restructure.loan_repay(
            by=accounts["phan"],
            household=household,
            loan=loan,
            amount=loan.outstanding,
            on=last_day,
        )
    core_services.period_unlock(
        by=accounts["central"], period=FY2569, reason="อำเภอพานบันทึกการชำระหนี้ไม่ครบ"
    )
    restructure.loan_repay(
        by=accounts["phan"],
        household=household,
        loan=loan,
        amount=loan.outstanding,
        on=last_day,
    )
    second = close(accounts)
    assert second.version == first.version + 1
    after = figures_of(data.report("debts", accounts["central"], FY2569))
    assert after != before
    old = Snapshot.objects.get(closing=first, report="debts")
    assert snapshots.is_intact(old)


def _pdf(client, slug="debts", query="year=2569"):
    response = client.get(reverse("report_pdf", args=[slug]) + "?" + query)
    assert response.status_code == 200
    return response.content


def test_a_closed_periods_pdf_verifies_and_fails_once_one_byte_is_changed(
    records, accounts, client_for, client
):
    close(accounts)
    content = _pdf(client_for("chiangrai"))
    document = IssuedDocument.objects.get()
    assert document.area_label == "จ.เชียงราย" and document.extension == "pdf"
    page = client.get(reverse("verify_document", args=[document.code]))
    assert page.status_code == 200
    text = page.content.decode()
    assert document.snapshot.checksum in text and "ข้อมูลครบถ้วนตรงกับค่าตรวจสอบ" in text
    assert "แม่สรวย" in text and "ห้วยสิงห์" not in text

    def check(body: bytes) -> str:
        upload = SimpleUploadedFile("report.pdf", body, content_type="application/pdf")
        return client.post(
            reverse("verify_document", args=[document.code]), {"file": upload}
        ).content.decode()

    assert "ไฟล์ตรงกับเอกสารที่ระบบออกทุกไบต์" in check(content)
    changed = bytearray(content)
    changed[len(changed) // 2] ^= 1
    assert "ไม่ตรงกับเอกสารที่ระบบออกภายใต้รหัสนี้" in check(bytes(changed))


def test_a_file_dropped_on_the_verification_page_finds_its_document(
    records, accounts, client_for, client
):
    close(accounts)
    content = _pdf(client_for("central"))
    found = client.post(
        reverse("verify_index"), {"file": SimpleUploadedFile("r.pdf", content)}
    ).content.decode()
    assert IssuedDocument.objects.get().code in found
    refused = client.post(
        reverse("verify_index"), {"file": SimpleUploadedFile("r.pdf", content + b" ")}
    ).content.decode()
    assert "ไฟล์นี้ไม่ตรงกับเอกสารใดที่ระบบออก" in refused


def test_a_code_typed_in_any_form_leads_to_its_page_and_a_wrong_one_is_told(
    records, accounts, client_for, client
):
    close(accounts)
    _pdf(client_for("central"))
    code = IssuedDocument.objects.get().code
    typed = code.replace("-", " ").lower()
    response = client.post(reverse("verify_index"), {"code": typed})
    assert response.url == reverse("verify_document", args=[code])
    wrong = client.post(reverse("verify_index"), {"code": "1234"}).content.decode()
    assert "รหัสตรวจสอบมี 12 ตัว" in wrong
    assert client.get(reverse("verify_document", args=["AAAA-AAAA-AAAA"])).status_code == 404


def test_a_file_larger_than_any_printout_is_not_read():
    big = SimpleUploadedFile("big.pdf", b"x")
    big.size = verification.MAX_UPLOAD_BYTES + 1
    big.chunks = None  # reading it would fail
    assert verification.digest_of(big) is None


def test_a_closed_periods_excel_carries_its_code_and_qr(records, accounts, client_for):
    close(accounts)
    response = client_for("chiangrai").get(reverse("report_excel", args=["debts"]) + "?year=2569")
    document = IssuedDocument.objects.get()
    book = load_workbook(io.BytesIO(response.content))
    sheet = book.active
    assert f"รหัสตรวจสอบ {document.code}" in sheet["A5"].value
    assert len(sheet._images) == 1
    import hashlib

    assert hashlib.sha256(response.content).hexdigest() == document.sha256


def test_a_live_periods_printout_carries_no_code(records, accounts, client_for):
    content = _pdf(client_for("central"))
    assert IssuedDocument.objects.count() == 0
    assert b"verify" not in content


def test_the_periods_page_offers_closing_to_central_office_only(records, accounts, client_for):
    central = client_for("central").get(reverse("period_list")).content.decode()
    assert reverse("period_close", args=["2569"]) in central
    assert reverse("period_close", args=["2570"]) not in central  # not ended
    district = client_for("maesuai").get(reverse("period_list")).content.decode()
    assert reverse("period_close", args=["2569"]) not in district
    assert client_for("maesuai").post(reverse("period_close", args=["2569"])).status_code == 403


def test_closing_and_reopening_through_the_pages(records, accounts, client_for):
    client = client_for("central")
    confirm = client.get(reverse("period_close", args=["2569"]))
    assert "ยืนยันปิดงวด" in confirm.content.decode()
    assert "ทะเบียนกลุ่ม" not in confirm.content.decode()
    assert "สู่มาตรฐาน SMART Saving Group</li>" in confirm.content.decode()  # what it keeps
    response = client.post(reverse("period_close", args=["2569"]), follow=True)
    assert "ปิดปีงบประมาณ 2569 แล้ว" in response.content.decode()
    # The figures are kept by a worker, not in the request: the page says they are on the way.
    keeping = "กำลังบันทึกตัวเลขของงวด"
    assert keeping in response.content.decode()
    assert not Snapshot.objects.exists()
    job = ProcrastinateJob.objects.get(task_name="reports.keep_period_figures")
    assert job.status == "todo" and job.scheduled_at is None  # due at once
    keep_period_figures(**job.args)  # what the worker runs
    assert set(
        Snapshot.objects.filter(closing__fiscal_year=2569).values_list("report", flat=True)
    ) == {"levels", "debts", "ssg"}
    assert keeping not in client.get(reverse("period_list")).content.decode()
    short = client.post(reverse("period_reopen", args=["2569"]), {"reason": "ผิด"})
    assert "ระบุเหตุผลที่ต้องเปิดงวด อย่างน้อย 10 ตัวอักษร" in short.content.decode()
    reopened = client.post(
        reverse("period_reopen", args=["2569"]),
        {"reason": "อำเภอแจ้งว่าบันทึกการชำระหนี้ไม่ครบ"},
        follow=True,
    )
    page = reopened.content.decode()
    assert "เปิดปีงบประมาณ 2569 ให้แก้ไขได้แล้ว" in page
    assert "อำเภอแจ้งว่าบันทึกการชำระหนี้ไม่ครบ" in page
    again = client.post(reverse("period_close", args=["2570"]), follow=True)
    assert "งวดยังไม่สิ้นสุด" in again.content.decode()
    assert client.get(reverse("period_close", args=["25x"])).status_code == 404


def test_the_form_page_shows_the_closed_period_refusal_on_the_form(records, accounts, client_for):
    close(accounts)
    household = Household.objects.filter(district__name_th="พาน", outstanding__gt=0).first()
    loan = household.loans.filter(status="active", creditor_group__isnull=False).first()
    before = loan.outstanding
    response = client_for("phan").post(
        reverse("restructure_step", args=[household.pk, "repayment"]),
        {"loan": loan.pk, "amount": "1", "occurred_on": "30/09/2569", "stage": "confirm"},
    )
    assert response.status_code == 200
    assert "ซึ่งส่วนกลางปิดงวดแล้ว" in response.content.decode()
    loan.refresh_from_db()
    assert loan.outstanding == before


def test_the_filled_assessment_prints_both_parts_with_the_provinces_decision(
    records, accounts, client_for
):
    from pypdf import PdfReader

    from assessments.models import Assessment

    approved = Assessment.objects.filter(state="approved").order_by("-fiscal_year").first()
    page = client_for("maesuai").get(approved.get_absolute_url()).content.decode()
    url = reverse("assessment_pdf", args=[approved.pk])
    assert url in page
    response = client_for("chiangrai").get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    text = text.replace("\u0e33", "\u0e32").replace("\u0e4d", "")
    assert "ส่วนที่ 1" in text and "ส่วนที่ 2" in text
    assert approved.centre.name.replace("\u0e33", "\u0e32") in text
    assert f"{approved.score}/{approved.max_score}" in text
    assert "ผู้ตรวจสอบ" in text and "อนุมัติ" in text
    assert client_for("phayao").get(url).status_code == 404


def test_a_change_to_a_closed_years_assessment_is_refused_in_thai_on_every_page(
    records, accounts, client_for
):
    from django.test import RequestFactory

    from assessments import services as assessment_services
    from assessments.models import Assessment
    from cddfund.errors import server_error

    last = demo.fiscal_years()[0]
    assessment = Assessment.objects.get(centre__village__name="บ้านโป่ง", fiscal_year=last)
    assessment_services.assessment_reopen(
        by=accounts["chiangrai"], assessment=assessment, reason="ขอหลักฐานเพิ่ม"
    )
    assessment_services.assessment_submit(by=accounts["maesuai"], assessment=assessment)
    close(accounts, Period(last))
    review = client_for("chiangrai").post(
        reverse("assessment_review", args=[assessment.pk]), {"decision": "approve"}, follow=True
    )
    assert "ซึ่งส่วนกลางปิดงวดแล้ว" in review.content.decode()
    assessment.refresh_from_db()
    assert assessment.state == "submitted"
    # A write that no page turns into its message still answers with the Thai reason (409),
    # not an error page: Django's handler500 is called while the exception is handled.
    try:
        with transaction.atomic():
            Assessment.objects.filter(pk=assessment.pk).update(state="approved")
    except IntegrityError:
        response = server_error(RequestFactory().get("/"))
    assert response.status_code == 409
    assert "ซึ่งส่วนกลางปิดงวดแล้ว" in response.content.decode()


def test_each_centres_figures_are_kept_with_the_period_and_add_up_to_its_district(
    records, accounts, client_for
):
    live = data.debt_centres(accounts["central"], FY2569)
    close(accounts)
    _repay_today(accounts)
    payload = (
        client_for("chiangrai")
        .get(reverse("report_api", args=["debts"]), {"year": 2569, "centres": 1})
        .json()
    )
    kept = payload["centres"]
    assert {row["label"] for row in kept} == {
        row["label"] for row in live if row["province_code"] == "57"
    }
    for district in payload["sections"][0]["rows"]:
        in_district = [
            r
            for r in kept
            if r["label"]
            in {c["label"] for c in live if c["district_code"] == district["district_code"]}
        ]
        assert sum(r["targets"] for r in in_district) == district["targets"]
    levels = (
        client_for("central")
        .get(reverse("report_api", args=["levels"]), {"year": 2569, "centres": 1})
        .json()["centres"]
    )
    assert len(levels) == 4


def test_a_file_too_large_for_any_printout_is_told_so_on_the_form(client, monkeypatch):
    monkeypatch.setattr(verification, "MAX_UPLOAD_BYTES", 10)
    response = client.post(
        reverse("verify_index"), {"file": SimpleUploadedFile("big.pdf", b"x" * 11)}
    )
    assert "ไฟล์ใหญ่เกิน 20 MB: ระบบไม่เคยออกรายงานขนาดนี้" in response.content.decode()
