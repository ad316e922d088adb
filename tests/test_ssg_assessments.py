"""A savings group chosen for the SMART Saving Group programme is assessed with the two
instruments of seed 002 through the same machinery as a centre (sets loaded as files, scoring,
review, evidence, development plan), and the programme's KPI, the list of chosen groups and the
province's BPM summary with the forums' photos are reported from them."""

import datetime
import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from pypdf import PdfReader

from assessments import selectors, services, sets
from assessments.models import Assessment, IndicatorSet, Instrument, State
from cddfund.demo import fiscal_years
from cddfund.periods import Period
from institutes.models import SsgSelection, VillageGroup
from institutes.services import savings
from reports import bpm, data, snapshots
from reports import services as report_services

pytestmark = pytest.mark.django_db

LAST, CURRENT = fiscal_years()
PAPAO = "กลุ่มออมทรัพย์เพื่อการผลิตบ้านป่าเปา"


def _structure(instrument):
    chosen = IndicatorSet.objects.get(instrument=instrument)
    return [area.indicators.count() for area in chosen.areas.order_by("number")], chosen


def test_the_default_instruments_have_the_seeds_areas_and_indicators_all_provisional(records):
    governance, governance_set = _structure(Instrument.GOVERNANCE)
    standard, standard_set = _structure(Instrument.STANDARD)
    assert (len(governance), sum(governance)) == (4, 21)
    assert (len(standard), sum(standard)) == (5, 23)
    for chosen in (governance_set, standard_set):
        assert chosen.provisional
        assert not chosen.indicators.filter(provisional=False).exists()


def test_a_set_file_names_its_instrument_and_only_a_centres_set_takes_suggestions():
    text = sets.DEFAULT_SETS[Instrument.STANDARD].read_text(encoding="utf-8")
    assert sets.parse(text)["instrument"] == "ssg"
    assert sets.parse(sets.DEFAULT_SET.read_text(encoding="utf-8"))["instrument"] == "centre"
    with pytest.raises(sets.SetFileError) as unknown:
        sets.parse(text.replace("instrument: ssg", "instrument: village"))
    assert unknown.value.errors == [
        "บรรทัด 5: instrument ไม่รู้จัก: village (ใช้ได้: centre, governance, ssg)"
    ]
    suggested = text.replace(
        "        name: โครงสร้างคณะกรรมการ\n",
        "        name: โครงสร้างคณะกรรมการ\n        suggest: board\n",
    )
    with pytest.raises(sets.SetFileError) as refused:
        sets.parse(suggested)
    assert refused.value.errors == ["บรรทัด 18: suggest ใช้ได้เฉพาะชุดที่ประเมินศูนย์ (instrument: centre)"]


def _chosen(accounts, year=CURRENT):
    group = VillageGroup.objects.get(name=PAPAO)
    return savings.select(by=accounts["phan"], group=group, fiscal_year=year)


def _answer(officer, assessment, failed=()):
    """Full marks, except the indicators numbered in ``failed`` (lowest criterion)."""
    answers = {}
    for answer in assessment.answers.select_related("indicator").prefetch_related(
        "indicator__criteria"
    ):
        criteria = sorted(answer.indicator.criteria.all(), key=lambda c: c.points)
        pick = criteria[0] if answer.indicator.number in failed else criteria[-1]
        answers[answer.indicator_id] = services.AnswerInput(criterion=pick)
    return services.answers_save(by=officer, assessment=assessment, answers=answers)


def test_a_chosen_group_is_assessed_once_per_instrument_by_its_own_district(records, accounts):
    selection = _chosen(accounts)
    start = services.group_assessment_start
    standard = start(by=accounts["phan"], selection=selection, instrument=Instrument.STANDARD)
    assert (standard.fiscal_year, standard.selection, standard.centre) == (CURRENT, selection, None)
    assert standard.indicator_set.instrument == "ssg" and standard.answers.count() == 23
    assert str(standard) == f"{PAPAO} ปีงบประมาณ {CURRENT}"
    with pytest.raises(ValidationError) as twice:
        start(by=accounts["phan"], selection=selection, instrument=Instrument.STANDARD)
    assert twice.value.messages == [
        f"{PAPAO} มีแบบประเมินกระบวนการพัฒนากลุ่มออมทรัพย์เพื่อการผลิตสู่ระดับมาตรฐาน (SSG) "
        f"ปีงบประมาณ {CURRENT} แล้ว"
    ]
    with pytest.raises(ValidationError) as centre_set:
        start(by=accounts["phan"], selection=selection, instrument=Instrument.CENTRE)
    assert centre_set.value.messages == ["แบบประเมินนี้ไม่ใช่แบบประเมินของกลุ่มออมทรัพย์ฯ"]
    for outsider in ("maesuai", "chiangrai", "central"):
        with pytest.raises(PermissionDenied):
            start(by=accounts[outsider], selection=selection, instrument=Instrument.GOVERNANCE)
    # The database holds the rule too: one subject, the one its instrument names.
    with pytest.raises(ValidationError):
        Assessment(
            instrument=Instrument.STANDARD,
            centre=selection.group.village.centres.first(),
            fiscal_year=CURRENT,
        ).validate_constraints()


def test_a_groups_assessment_goes_to_the_province_only_with_a_plan_for_what_it_did_not_pass(
    records, accounts
):
    selection = _chosen(accounts)
    officer, province = accounts["phan"], accounts["chiangrai"]
    assessment = services.group_assessment_start(
        by=officer, selection=selection, instrument=Instrument.STANDARD
    )
    result = _answer(officer, assessment, failed=(3, 13))
    assert (result.score, result.max_score) == (21, 23)
    assert sorted(assessment.plan_items.values_list("indicator__number", flat=True)) == [3, 13]
    with pytest.raises(ValidationError) as refused:
        services.assessment_submit(by=officer, assessment=assessment)
    assert refused.value.messages == [
        "ตัวชี้วัดที่ 3, 13 ไม่ผ่านเกณฑ์แต่ยังไม่มีแผนการพัฒนาครบ (สิ่งที่จะทำ ผู้รับผิดชอบ กำหนดเสร็จ): จัดทำแผนก่อนส่งจังหวัด"
    ]
    items = list(assessment.plan_items.order_by("indicator__number"))
    due = datetime.date(CURRENT - 543, 8, 31)
    services.plan_items_save(
        by=officer,
        assessment=assessment,
        items={items[0].pk: {"action": "ทำแผนธุรกิจของกลุ่ม", "who": "เลขานุการกลุ่ม", "due": due}},
    )
    with pytest.raises(ValidationError, match="ตัวชี้วัดที่ 13 ไม่ผ่านเกณฑ์"):
        services.assessment_submit(by=officer, assessment=assessment)
    services.plan_items_save(
        by=officer,
        assessment=assessment,
        items={items[1].pk: {"action": "ติดตามหนี้ค้างรายเดือน", "who": "ฝ่ายสินเชื่อ", "due": due}},
    )
    services.assessment_submit(by=officer, assessment=assessment)
    with pytest.raises(PermissionDenied):
        services.assessment_approve(by=accounts["phayao"], assessment=assessment)
    services.assessment_approve(by=province, assessment=assessment)
    assessment.refresh_from_db()
    assert (
        assessment.state == State.APPROVED
        and assessment.level.name == "ผ่านมาตรฐาน SMART Saving Group"
    )


def test_a_chosen_group_with_assessments_cannot_be_dropped(records, accounts):
    selection = _chosen(accounts)
    services.group_assessment_start(
        by=accounts["phan"], selection=selection, instrument=Instrument.GOVERNANCE
    )
    with pytest.raises(ValidationError, match="มีข้อมูลอื่นอ้างถึงรายการนี้อยู่"):
        savings.unselect(by=accounts["phan"], group=selection.group, fiscal_year=CURRENT)
    assert SsgSelection.objects.filter(pk=selection.pk).exists()


def test_the_forum_page_shows_both_instruments_and_the_district_starts_them(
    records, accounts, client_for
):
    selection = _chosen(accounts)
    page = reverse("ssg_forum", args=[selection.pk])
    text = client_for("phan").get(page).content.decode()
    assert "แบบประเมินของกลุ่ม (ขั้นตอน 4.3 และ 4.4)" in text
    assert text.count("เริ่มประเมิน") == 2
    assert "เริ่มประเมิน" not in client_for("chiangrai").get(page).content.decode()
    start = reverse("group_assessment_start", args=[selection.pk])
    assert client_for("maesuai").post(start, {"instrument": "ssg"}).status_code == 404
    assert client_for("chiangrai").post(start, {"instrument": "ssg"}).status_code == 403
    response = client_for("phan").post(start, {"instrument": "ssg"})
    assessment = Assessment.objects.get(selection=selection, instrument="ssg")
    assert response.status_code == 302 and response.url == assessment.get_absolute_url()
    shown = client_for("phan").get(response.url).content.decode()
    assert "ชุดตัวชี้วัดนี้เป็นเกณฑ์ชั่วคราว" in shown
    assert "แบบประเมินกระบวนการพัฒนากลุ่มออมทรัพย์เพื่อการผลิตสู่ระดับมาตรฐาน (SSG) ปีงบประมาณ" in shown
    again = client_for("phan").post(start, {"instrument": "ssg"}, follow=True)
    assert "แล้ว" in again.content.decode() and again.redirect_chain[-1][0] == page
    nonsense = client_for("phan").post(start, {"instrument": "centre"}, follow=True)
    assert "ไม่ใช่แบบประเมินของกลุ่มออมทรัพย์ฯ" in nonsense.content.decode()
    pdf = client_for("chiangrai").get(reverse("assessment_pdf", args=[assessment.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    printed = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "ส่วนที่ 1 ข้อมูลทั่วไปของกลุ่ม" in printed and "เกณฑ์ชั่วคราว" in printed


def test_the_review_queue_lists_a_groups_assessment_by_its_group(records, accounts, client_for):
    selection = _chosen(accounts)
    officer = accounts["phan"]
    assessment = services.group_assessment_start(
        by=officer, selection=selection, instrument=Instrument.GOVERNANCE
    )
    _answer(officer, assessment)
    services.assessment_submit(by=officer, assessment=assessment)
    text = client_for("chiangrai").get(reverse("assessment_queue")).content.decode()
    assert PAPAO in text and "ศักยภาพกลุ่มออมทรัพย์เพื่อการผลิตตามหลักธรรมาภิบาล" in text


def test_the_kpi_counts_chosen_groups_whose_standard_assessment_the_province_approved(
    records, accounts
):
    # The demo: บ้านโป่ง's lead group, chosen in both years; last year both instruments were
    # approved with their plans, this year only the governance assessment is begun.
    last = data.report("ssg", accounts["central"], Period(LAST))
    assert [(r["label"], r["selected"], r["with_plan"], r["passed"]) for r in last.rows] == [
        ("แม่สรวย", 1, 1, 1)
    ]
    assert (last.total["share"], last.total["met"]) == (100, "ผ่าน")
    current = data.report("ssg", accounts["central"], Period(CURRENT))
    assert (current.total["selected"], current.total["with_plan"]) == (1, 0)
    # A second group chosen and approved in พาน: 2 of 3 groups have a plan (66.67%, met).
    selection = _chosen(accounts)
    officer = accounts["phan"]
    for instrument in (Instrument.STANDARD,):
        assessment = services.group_assessment_start(
            by=officer, selection=selection, instrument=instrument
        )
        _answer(officer, assessment)
        services.assessment_submit(by=officer, assessment=assessment)
        services.assessment_approve(by=accounts["chiangrai"], assessment=assessment)
    current = data.report("ssg", accounts["chiangrai"], Period(CURRENT))
    assert (current.total["selected"], current.total["with_plan"]) == (2, 1)
    assert (current.total["share"], current.total["met"]) == (50, "ไม่ผ่าน")
    assert data.report("ssg", accounts["phayao"], Period(CURRENT)).rows == []
    region = data.report("ssg", accounts["central"], Period(CURRENT), "region")
    assert region.total["selected"] == 2


def test_the_list_of_chosen_groups_shows_both_results(records, accounts, client_for):
    listing = data.report("ssg-groups", accounts["chiangrai"], Period(LAST))
    (row,) = listing.rows
    assert row["lead"] == "แกนนำ" and row["forum"] != "-"
    assert row["governance"] == "92.86% ระดับ 3 ดี"
    assert row["standard"] == "86.96% ระดับ 3 ผ่านมาตรฐาน SMART Saving Group"
    assert row["plan"] == "3 ตัวชี้วัด"
    this_year = data.report("ssg-groups", accounts["chiangrai"], Period(CURRENT)).rows[0]
    assert (this_year["governance"], this_year["standard"]) == ("ร่าง", "ยังไม่ได้ประเมิน")
    for extension in ("pdf", "xlsx"):
        response = client_for("chiangrai").get(
            reverse(f"report_{'excel' if extension == 'xlsx' else 'pdf'}", args=["ssg-groups"]),
            {"year": LAST},
        )
        assert response.status_code == 200


def test_the_programme_pages_take_the_same_queries_whatever_the_number_of_groups(
    records, accounts, client_for, django_assert_max_num_queries
):
    client = client_for("central")
    pages = [
        (reverse("report_preview", args=["ssg"]), {"year": CURRENT}),
        (reverse("report_preview", args=["ssg-groups"]), {"year": CURRENT}),
        (reverse("ssg_bpm"), {"year": LAST, "province": 57}),
    ]
    counts = []
    for url, query in pages:
        with django_assert_max_num_queries(30) as captured:
            assert client.get(url, query).status_code == 200
        counts.append(len(captured))
    _chosen(accounts)
    for (url, query), before in zip(pages, counts, strict=True):
        with django_assert_max_num_queries(before):
            client.get(url, query)


def test_closing_the_year_keeps_the_programmes_figures(records, accounts, client_for):
    central = accounts["central"]
    report_services.period_keep(report_services.period_close(by=central, period=Period(LAST)))
    kept = snapshots.current("ssg", Period(LAST))
    assert kept is not None and snapshots.is_intact(kept)
    report = data.report("ssg", accounts["chiangrai"], Period(LAST))
    assert report.snapshot == kept
    assert (report.total["selected"], report.total["with_plan"], report.total["met"]) == (
        1,
        1,
        "ผ่าน",
    )
    # A record of the closed year cannot change the kept figures: its assessments are locked.
    approved = Assessment.objects.get(selection__fiscal_year=LAST, instrument="ssg")
    response = client_for("chiangrai").post(
        reverse("assessment_reopen", args=[approved.pk]), {"reason": "ขอแก้ไขแผน"}
    )
    assert response.status_code == 200 and "ซึ่งส่วนกลางปิดงวดแล้ว" in response.content.decode()
    approved.refresh_from_db()
    assert approved.state == State.APPROVED


def _photo_names(xlsx: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(xlsx)) as archive:
        return [n for n in archive.namelist() if n.startswith("xl/media/")]


def test_the_provinces_bpm_summary_carries_the_forums_photos(records, accounts, client_for):
    province = accounts["chiangrai"]
    found = bpm.summary(province, Period(LAST), province.province)
    (group,) = found.groups
    assert group.forum is not None and len(group.photos) == 1 and group.late
    assert found.report.sections[0].subtotal["with_plan"] == 1 and found.report.total == {}
    pdf = client_for("chiangrai").get(reverse("ssg_bpm_file", args=["pdf"]), {"year": LAST})
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(pdf.content))
    assert len({image.name for page in reader.pages for image in page.images}) == 1
    assert "SMART Saving Group" in "".join(p.extract_text() for p in reader.pages)
    page = client_for("chiangrai").get(reverse("ssg_bpm"), {"year": LAST}).content.decode()
    assert "จังหวัดเชียงราย" in page and "รายงานจังหวัดเลยกำหนด" in page
    xlsx = client_for("chiangrai").get(reverse("ssg_bpm_file", args=["xlsx"]), {"year": LAST})
    assert xlsx.status_code == 200 and len(_photo_names(xlsx.content)) == 1


def test_the_bpm_summary_is_only_of_the_readers_own_area(records, accounts, client_for):
    # Provincial staff of พะเยา asking for เชียงราย get their own province.
    other = client_for("phayao").get(reverse("ssg_bpm"), {"year": LAST, "province": 57})
    assert other.context["summary"].province.name_th == "พะเยา"
    assert other.context["summary"].groups == []
    # A district officer sees their own district's groups only.
    phan = client_for("phan").get(reverse("ssg_bpm"), {"year": LAST})
    assert phan.context["summary"].groups == [] and "อำเภอพาน" in phan.context["summary"].title
    # Central office chooses the province first; a province that does not exist is refused.
    choose = client_for("central").get(reverse("ssg_bpm_file", args=["pdf"]), {"year": LAST})
    assert choose.status_code == 200 and choose.context["summary"] is None
    wrong = client_for("central").get(reverse("ssg_bpm"), {"year": LAST, "province": 99})
    assert "เลือกจังหวัดในพื้นที่ที่คุณรับผิดชอบ" in wrong.content.decode()
    assert selectors.SSG_KPI_PERCENT == 60


def test_the_programmes_reports_say_the_default_sets_are_provisional_until_official_ones_load(
    records, accounts
):
    central = accounts["central"]
    note = str(data.PROVISIONAL_GROUP_SETS)
    assert note in data.report("ssg", central, Period(CURRENT)).notes
    assert note in data.report("ssg-groups", central, Period(CURRENT)).notes
    for instrument in (Instrument.GOVERNANCE, Instrument.STANDARD):
        text = sets.DEFAULT_SETS[instrument].read_text(encoding="utf-8")
        sets.load(
            text.replace("provisional: true", "provisional: false")
            .replace("applies_from: 2564", f"applies_from: {CURRENT}")
            .replace("(ชุดตั้งต้น)", "(ชุดทางการ)")
        )
        still = data.report("ssg", central, Period(CURRENT)).notes
        assert (note in still) == (instrument == Instrument.GOVERNANCE)
    assert note in data.report("ssg", central, Period(LAST)).notes  # last year's sets
