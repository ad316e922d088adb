import itertools
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from assessments import scoring, selectors, services, sets
from assessments.models import Answer, Assessment, IndicatorSet, PlanItem, State
from cddfund import demo, thai
from tests.files import fake_pdf_upload, pdf_upload

pytestmark = pytest.mark.django_db

DEFAULT = sets.DEFAULT_SET.read_text(encoding="utf-8")


def line_of(text: str, content: str) -> int:
    return text.splitlines().index(content) + 1


# A file where indicator 10 is renumbered 9, and the lines a reader sees it on.
DUPLICATE_NINE = DEFAULT.replace("      - number: 10\n", "      - number: 9\n")
# Indicator 10 comes first in the file (area 1), so the second 9 is the one reported.
DUPLICATE_MESSAGE = (
    f"บรรทัด {line_of(DEFAULT, '      - number: 9')}: ตัวชี้วัดที่ 9 ซ้ำกับบรรทัด "
    f"{line_of(DEFAULT, '      - number: 10')}"
)


@pytest.fixture
def default_set():
    return IndicatorSet.objects.prefetch_related("levels", "areas__indicators__criteria").get(
        applies_from=2568
    )


def _chosen(indicator_set, points_by_number: dict[int, int]):
    return {
        i.pk: points_by_number.get(i.number, 0)
        for area in indicator_set.areas.all()
        for i in area.indicators.all()
    }


@pytest.mark.parametrize(
    ("total", "percent", "level"),
    [
        (54, Decimal("100.00"), 3),
        (44, Decimal("81.48"), 3),
        (43, Decimal("79.63"), 2),  # just under 80%
        (33, Decimal("61.11"), 2),
        (32, Decimal("59.26"), 1),  # just under 60%
        (0, Decimal("0.00"), 1),
    ],
)
def test_score_and_level_at_every_threshold_edge(default_set, total, percent, level):
    numbers = list(range(1, 19))
    points = {}
    for number in numbers:
        points[number] = min(3, total)
        total -= points[number]
    result = scoring.compute(default_set, _chosen(default_set, points))
    assert (result.max_score, result.percent, result.level.level) == (54, percent, level)
    assert [a.max_score for a in result.areas] == [18, 27, 9]


def test_a_total_exactly_at_a_threshold_reaches_that_level():
    text = (
        DEFAULT.replace("min_percent: 80", "min_percent: 50")
        .replace("min_percent: 60", "min_percent: 25")
        .replace("(ชุดตั้งต้น)", "(ทดสอบ)")
    )
    indicator_set = sets.load(text)
    indicator_set = IndicatorSet.objects.prefetch_related(
        "levels", "areas__indicators__criteria"
    ).get(pk=indicator_set.pk)
    points = {n: 3 for n in range(1, 10)}  # 27 of 54 = exactly 50%
    result = scoring.compute(indicator_set, _chosen(indicator_set, points))
    assert (result.percent, result.level.level) == (Decimal("50.00"), 3)
    points[9] = 2  # 26 of 54 = 48.15%
    result = scoring.compute(indicator_set, _chosen(indicator_set, points))
    assert result.level.level == 2


def test_the_default_set_matches_the_domain_guide(default_set):
    indicators = {i.number: i for a in default_set.areas.all() for i in a.indicators.all()}
    assert sorted(indicators) == list(range(1, 19))
    assert indicators[1].name == "ที่มาของคณะกรรมการ" and not indicators[1].provisional
    assert indicators[9].name == "มุ่งสู่ 1 ครัวเรือน 1 สัญญา"
    # Only indicators 1 (experts at most half) and 6 (more than 30 % of the plan) have rules from
    # the seeds; every other criterion is provisional until central office loads an official set.
    assert [n for n, i in indicators.items() if not i.provisional] == [1, 6]
    assert [a.name for a in default_set.areas.all()] == [
        "ด้านโครงสร้างหลัก",
        "ด้านการบริหารจัดการ",
        "ด้านอื่น ๆ",
    ]
    assert [(lv.level, lv.min_percent) for lv in default_set.levels.all()] == [
        (3, Decimal(80)),
        (2, Decimal(60)),
        (1, Decimal(0)),
    ]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda t: DUPLICATE_NINE, DUPLICATE_MESSAGE),
        (
            lambda t: t.replace("min_percent: 60", "min_percent: 80"),
            "บรรทัด 9: เกณฑ์ร้อยละ 80 ซ้ำกับระดับ 3 (ช่วงคะแนนทับกัน)",
        ),
        (
            lambda t: t.replace("applies_from: 2568", "applies_from: 2025"),
            "บรรทัด 5: applies_from ต้องเป็นปีงบประมาณ พ.ศ. เช่น 2568",
        ),
        (
            lambda t: t.replace("{points: 2, text: ได้ 2 ข้อ}", "{points: 3, text: ได้ 2 ข้อ}"),
            f"บรรทัด {line_of(DEFAULT, '          - {points: 2, text: ได้ 2 ข้อ}')}: "
            "คะแนน 3 ซ้ำในตัวชี้วัดเดียวกัน",
        ),
        (lambda t: t.replace("suggest: board", "suggest: boards"), None),
        (lambda t: t.replace("name: ด้านโครงสร้างหลัก\n", "name: ด้านโครงสร้างหลัก\n  bad: [\n"), None),
    ],
)
def test_a_malformed_set_file_is_refused_with_line_messages(change, message):
    with pytest.raises(sets.SetFileError) as info:
        sets.parse(change(DEFAULT))
    assert info.value.errors
    assert all(e.startswith("บรรทัด ") for e in info.value.errors)
    if message:
        assert message in info.value.errors


def test_a_json_set_file_is_read_too():
    import json

    import yaml

    data = yaml.safe_load(DEFAULT)
    data["name"] = "ชุด JSON"
    loaded = sets.load(json.dumps(data, ensure_ascii=False))
    assert loaded.indicators.count() == 18


def test_an_old_assessment_keeps_its_set_when_a_new_one_is_loaded(centres, accounts):
    old = services.assessment_start(
        by=accounts["maesuai"], centre=centres["บ้านโป่ง"], fiscal_year=2568
    )
    before = (old.indicator_set_id, old.score, old.max_score, old.level_id)
    new_text = DEFAULT.replace("(ชุดตั้งต้น)", "(ชุดใหม่)").replace(
        "applies_from: 2568", "applies_from: 2570"
    )
    new_text = new_text.replace("min_percent: 80", "min_percent: 90")
    new_set = sets.load(new_text)
    old.refresh_from_db()
    assert (old.indicator_set_id, old.score, old.max_score, old.level_id) == before
    newer = services.assessment_start(
        by=accounts["maesuai"], centre=centres["บ้านโป่ง"], fiscal_year=2570
    )
    assert newer.indicator_set == new_set
    assert sets.set_for_year(2569).pk == old.indicator_set_id


def _suggested(assessment) -> dict:
    return {
        a.indicator.number: (a.suggested.points if a.suggested else None)
        for a in assessment.answers.select_related("indicator", "suggested")
    }


def test_suggestions_come_from_the_demo_records(households, books, centres, accounts):
    # The demo's centre records (meetings, plan, welfare) and its household debts are dated in
    # the previous fiscal year and the current one.
    previous = thai.fiscal_year(timezone.localdate()) - 1
    assessment = services.assessment_start(
        by=accounts["maesuai"], centre=centres["บ้านโป่ง"], fiscal_year=previous
    )
    assert _suggested(assessment) == {
        1: 3,
        2: 2,
        3: 3,
        4: 3,
        5: 2,
        6: 3,
        7: 3,
        8: 3,
        9: 2,
        10: 3,
        11: 3,  # two loans to groups with contracts, under approved regulations
        12: 3,
        13: 3,
        14: 3,  # the whole board attended its course
        15: 2,  # two of its three target households completed the three days of the course
        16: 2,
        17: 3,  # occupation support and the general meeting, both in that year
        18: 1,  # the bank's statement shows interest the books have not entered
    }
    evidence = assessment.answers.get(indicator__number=2).suggestion_evidence
    assert evidence == f"ประชุมคณะกรรมการ 3 ครั้งในปีงบประมาณ {previous}"
    training = assessment.answers.get(indicator__number=15).suggestion_evidence
    assert training == "ผ่านการอบรมครบ 3 วัน 2 จาก 3 ครัวเรือนเป้าหมาย · จัดทำบัญชีครัวเรือน 2 ครัวเรือน"
    occupation = assessment.answers.get(indicator__number=17).suggestion_evidence
    assert occupation == "ประชุมใหญ่สมาชิกแล้ว · ส่งเสริมอาชีพครัวเรือนเป้าหมาย 1 ครัวเรือน"
    governance = assessment.answers.get(indicator__number=18).suggestion_evidence
    assert governance == (
        f"บัญชีของศูนย์ (แยกจากกลุ่มสมาชิก) มีรายการ 10 เดือนในปีงบประมาณ {previous} · "
        "ไม่ตรงกับทะเบียน 1 รายการ · ประชุมใหญ่สมาชิกแล้ว"
    )


def test_a_second_assessment_for_the_same_year_is_refused(centres, accounts):
    services.assessment_start(by=accounts["maesuai"], centre=centres["บ้านโป่ง"], fiscal_year=2568)
    with pytest.raises(ValidationError) as info:
        services.assessment_start(
            by=accounts["maesuai"], centre=centres["บ้านโป่ง"], fiscal_year=2568
        )
    assert info.value.messages == ["ศูนย์นี้มีแบบประเมินปีงบประมาณ 2568 แล้ว"]


def _fill(officer, assessment, *, points=3, reasons=True, skip=()):
    answers = {}
    for answer in assessment.answers.select_related("indicator").prefetch_related(
        "indicator__criteria"
    ):
        if answer.indicator.number in skip:
            continue
        criterion = next(c for c in answer.indicator.criteria.all() if c.points == points)
        reason = (
            "ตรวจเอกสารแล้ว" if reasons and answer.suggested_id not in (None, criterion.pk) else ""
        )
        answers[answer.indicator_id] = services.AnswerInput(
            criterion=criterion, override_reason=reason
        )
    return services.answers_save(by=officer, assessment=assessment, answers=answers)


def test_submit_lists_what_is_missing(centres, accounts):
    officer = accounts["maesuai"]
    assessment = services.assessment_start(by=officer, centre=centres["บ้านโป่ง"], fiscal_year=2568)
    _fill(officer, assessment, reasons=False, skip=(4, 11))
    with pytest.raises(ValidationError) as info:
        services.assessment_submit(by=officer, assessment=assessment)
    assert info.value.messages[0] == "ยังไม่ได้ตอบตัวชี้วัดที่ 4, 11"
    assert info.value.messages[1].startswith("ตัวชี้วัดที่ ") and "ต้องระบุเหตุผล" in info.value.messages[1]
    assessment.refresh_from_db()
    assert assessment.state == State.DRAFT


def test_below_full_marks_become_plan_items(centres, accounts):
    officer = accounts["maesuai"]
    assessment = services.assessment_start(by=officer, centre=centres["บ้านโป่ง"], fiscal_year=2568)
    result = _fill(officer, assessment, points=2)
    assert (result.score, result.level.level) == (36, 2)
    assert PlanItem.objects.filter(assessment=assessment).count() == 18
    _fill(officer, assessment, points=3)
    assert PlanItem.objects.filter(assessment=assessment).count() == 0


def test_evidence_of_the_wrong_type_is_refused(centres, accounts):
    officer = accounts["maesuai"]
    assessment = services.assessment_start(by=officer, centre=centres["บ้านโป่ง"], fiscal_year=2568)
    answer = assessment.answers.select_related("indicator").get(indicator__number=1)
    criterion = answer.indicator.criteria.get(points=3)
    with pytest.raises(ValidationError) as info:
        services.answers_save(
            by=officer,
            assessment=assessment,
            answers={
                answer.indicator_id: services.AnswerInput(
                    criterion=criterion, evidence=fake_pdf_upload()
                )
            },
        )
    assert info.value.message_dict[f"evidence_{answer.indicator_id}"] == [
        "รับเฉพาะไฟล์ PDF, JPEG หรือ PNG (ไฟล์นี้ไม่ใช่ทั้งสามแบบ)"
    ]
    answer.refresh_from_db()
    assert answer.criterion_id is None
    services.answers_save(
        by=officer,
        assessment=assessment,
        answers={
            answer.indicator_id: services.AnswerInput(criterion=criterion, evidence=pdf_upload())
        },
    )
    answer.refresh_from_db()
    assert answer.evidence.name.endswith(".pdf")


ACTIONS = {
    "submit": lambda user, a: services.assessment_submit(by=user, assessment=a),
    "return": lambda user, a: services.assessment_return(
        by=user, assessment=a, comments={a.answers.first().indicator_id: "แก้ไข"}
    ),
    "approve": lambda user, a: services.assessment_approve(by=user, assessment=a),
    "reopen": lambda user, a: services.assessment_reopen(by=user, assessment=a, reason="พบข้อมูลผิด"),
}
ALLOWED = {
    ("submit", State.DRAFT, "maesuai"): State.SUBMITTED,
    ("submit", State.RETURNED, "maesuai"): State.SUBMITTED,
    ("return", State.SUBMITTED, "chiangrai"): State.RETURNED,
    ("approve", State.SUBMITTED, "chiangrai"): State.APPROVED,
    ("reopen", State.APPROVED, "chiangrai"): State.RETURNED,
}
PERSONAS = ["maesuai", "phan", "chiangrai", "phayao", "central", "admin"]


@pytest.mark.parametrize(
    ("action", "state", "persona"),
    list(itertools.product(ACTIONS, State.values, PERSONAS)),
)
def test_every_transition_for_every_state_and_role(centres, accounts, action, state, persona):
    officer = accounts["maesuai"]
    assessment = services.assessment_start(by=officer, centre=centres["บ้านโป่ง"], fiscal_year=2568)
    _fill(officer, assessment)
    Assessment.objects.filter(pk=assessment.pk).update(state=state)
    assessment.refresh_from_db()
    expected = ALLOWED.get((action, state, persona))
    if expected:
        ACTIONS[action](accounts[persona], assessment)
        assessment.refresh_from_db()
        assert assessment.state == expected
        assert assessment.transitions.last().by == accounts[persona]
    else:
        with pytest.raises((PermissionDenied, ValidationError)):
            ACTIONS[action](accounts[persona], assessment)
        assessment.refresh_from_db()
        assert assessment.state == state


def test_an_approved_assessment_is_locked(centres, accounts):
    officer = accounts["maesuai"]
    assessment = services.assessment_start(by=officer, centre=centres["บ้านโป่ง"], fiscal_year=2568)
    _fill(officer, assessment)
    services.assessment_submit(by=officer, assessment=assessment)
    services.assessment_approve(by=accounts["chiangrai"], assessment=assessment)
    with pytest.raises(ValidationError) as info:
        _fill(officer, assessment, points=1)
    assert info.value.messages == [
        "แก้ไขแบบประเมินได้เฉพาะสถานะร่างหรือส่งกลับให้แก้ไข (ตอนนี้: จังหวัดอนุมัติแล้ว)"
    ]
    with pytest.raises(ValidationError) as info:
        services.assessment_reopen(by=accounts["chiangrai"], assessment=assessment, reason=" ")
    assert info.value.message_dict["reason"] == ["การเปิดแก้ไขแบบประเมินที่อนุมัติแล้วต้องระบุเหตุผล"]


def test_return_needs_a_comment_and_marks_the_indicator(centres, accounts, client_for):
    officer = accounts["maesuai"]
    assessment = services.assessment_start(by=officer, centre=centres["บ้านโป่ง"], fiscal_year=2568)
    _fill(officer, assessment)
    services.assessment_submit(by=officer, assessment=assessment)
    client = client_for("chiangrai")
    client.post(reverse("assessment_review", args=[assessment.pk]), {"decision": "return"})
    assessment.refresh_from_db()
    assert assessment.state == State.SUBMITTED
    answer = assessment.answers.get(indicator__number=5)
    client.post(
        reverse("assessment_review", args=[assessment.pk]),
        {"decision": "return", f"comment_{answer.indicator_id}": "ขอไฟล์ระเบียบฉบับลงนาม"},
    )
    assessment.refresh_from_db()
    answer.refresh_from_db()
    assert assessment.state == State.RETURNED
    assert answer.return_comment == "ขอไฟล์ระเบียบฉบับลงนาม"
    page = client_for("maesuai").get(assessment.get_absolute_url()).content.decode()
    assert "ความเห็นจังหวัด: ขอไฟล์ระเบียบฉบับลงนาม" in page


def test_provincial_staff_of_another_province_cannot_review(centres, accounts, client_for):
    officer = accounts["maesuai"]
    assessment = services.assessment_start(by=officer, centre=centres["บ้านโป่ง"], fiscal_year=2568)
    _fill(officer, assessment)
    services.assessment_submit(by=officer, assessment=assessment)
    response = client_for("phayao").post(
        reverse("assessment_review", args=[assessment.pk]), {"decision": "approve"}
    )
    assert response.status_code == 404
    assessment.refresh_from_db()
    assert assessment.state == State.SUBMITTED


def test_progress_counts_every_state_and_not_started(households, centres, accounts):
    from assessments import demo as assessments_demo

    assessments_demo.seed({"accounts": accounts, "centres": centres})
    last, current = demo.fiscal_years()
    rows, _total = selectors.progress(accounts["central"], current, "province")
    assert {
        (r.label, r.centres, r.not_started, r.draft, r.submitted, r.returned, r.approved)
        for r in rows
    } == {
        ("เชียงราย", 2, 0, 0, 1, 0, 1),
        ("พะเยา", 2, 0, 1, 0, 1, 0),
    }
    rows, _ = selectors.progress(accounts["central"], last, "province")
    assert sum(r.approved for r in rows) == 4
    rows, _ = selectors.progress(accounts["central"], current + 1, "province")
    assert sum(r.not_started for r in rows) == 4
    queue = selectors.review_queue(accounts["chiangrai"])
    assert [a.centre.village.name for a in queue] == ["บ้านป่าเปา"]
    assert list(selectors.review_queue(accounts["phayao"])) == []


def test_query_counts_of_the_form_review_and_progress_pages(
    households, centres, accounts, client_for, django_assert_num_queries
):
    officer = accounts["maesuai"]
    assessment = services.assessment_start(by=officer, centre=centres["บ้านโป่ง"], fiscal_year=2568)
    _fill(officer, assessment)
    district = client_for("maesuai")
    district.get(reverse("home"))
    # session, user, assessment with centre/areas/level/set, answers with indicators and
    # suggestions, their criteria, missing-answer check, transitions, plan items
    with django_assert_num_queries(8):
        assert district.get(assessment.get_absolute_url()).status_code == 200
    services.assessment_submit(by=officer, assessment=assessment)
    province = client_for("chiangrai")
    province.get(reverse("home"))
    with django_assert_num_queries(8):
        assert province.get(assessment.get_absolute_url()).status_code == 200
    # session, user, the year's deadline, centres per district, assessments per state, the
    # province's summary sent to central office
    with django_assert_num_queries(6):
        assert province.get(reverse("assessment_progress")).status_code == 200
    # central office: session, user, deadline, centres and assessments per province, summaries
    central = client_for("central")
    central.get(reverse("home"))
    with django_assert_num_queries(6):
        assert central.get(reverse("assessment_progress")).status_code == 200
    # session, user, the queue's count and its page
    with django_assert_num_queries(4):
        assert province.get(reverse("assessment_queue")).status_code == 200


def test_central_office_uploads_a_set_and_sees_line_errors(client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = DUPLICATE_NINE.encode()
    response = client_for("central").post(
        reverse("indicator_set_upload"), {"file": SimpleUploadedFile("set.yaml", bad)}
    )
    assert DUPLICATE_MESSAGE in response.context["errors"]
    good = DEFAULT.replace("(ชุดตั้งต้น)", "(ฉบับปรับปรุง)").encode()
    response = client_for("central").post(
        reverse("indicator_set_upload"), {"file": SimpleUploadedFile("set.yaml", good)}
    )
    created = IndicatorSet.objects.get(name__endswith="(ฉบับปรับปรุง)")
    assert response.url == created.get_absolute_url()
    assert client_for("chiangrai").post(reverse("indicator_set_upload")).status_code == 403


def test_answers_are_saved_through_the_page(centres, accounts, client_for):
    assessment = services.assessment_start(
        by=accounts["maesuai"], centre=centres["บ้านโป่ง"], fiscal_year=2568
    )
    answer = Answer.objects.select_related("indicator").get(
        assessment=assessment, indicator__number=11
    )
    criterion = answer.indicator.criteria.get(points=2)
    response = client_for("maesuai").post(
        reverse("assessment_answers", args=[assessment.pk]),
        {
            f"criterion_{answer.indicator_id}": criterion.pk,
            f"note_{answer.indicator_id}": "มีสัญญากู้ยืม 2 ฉบับ",
        },
    )
    assert response.status_code == 302
    answer.refresh_from_db()
    assert (answer.criterion, answer.note) == (criterion, "มีสัญญากู้ยืม 2 ฉบับ")
    save = reverse("assessment_answers", args=[assessment.pk])
    assert client_for("chiangrai").post(save, {}).status_code == 403
    assert client_for("phan").post(save, {}).status_code == 404
    assert client_for("maesuai").post(assessment.get_absolute_url(), {}).status_code == 405


def test_the_page_shows_the_score_of_each_area(centres, accounts, client_for):
    officer = accounts["maesuai"]
    assessment = services.assessment_start(by=officer, centre=centres["บ้านโป่ง"], fiscal_year=2568)
    _fill(officer, assessment, points=2)
    page = client_for("chiangrai").get(assessment.get_absolute_url())
    assert [(str(a.area), a.score, a.full) for a in page.context["area_scores"]] == [
        ("ด้านที่ 1 ด้านโครงสร้างหลัก", 12, 18),
        ("ด้านที่ 2 ด้านการบริหารจัดการ", 18, 27),
        ("ด้านที่ 3 ด้านอื่น ๆ", 6, 9),
    ]


def test_refused_answers_are_shown_again_as_typed(centres, accounts, client_for):
    assessment = services.assessment_start(
        by=accounts["maesuai"], centre=centres["บ้านโป่ง"], fiscal_year=2568
    )
    answer = Answer.objects.select_related("indicator").get(
        assessment=assessment, indicator__number=1
    )
    criterion = answer.indicator.criteria.get(points=1)
    response = client_for("maesuai").post(
        reverse("assessment_answers", args=[assessment.pk]),
        {
            f"criterion_{answer.indicator_id}": criterion.pk,
            f"note_{answer.indicator_id}": "บันทึกที่พิมพ์ไว้",
            f"evidence_{answer.indicator_id}": fake_pdf_upload(),
        },
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "รับเฉพาะไฟล์ PDF, JPEG หรือ PNG" in content
    assert 'value="บันทึกที่พิมพ์ไว้"' in content
    # The message sits in the indicator's own section, its fields unfolded; the top links to it.
    section = content[content.index('id="indicator-1"') :].split("</section>")[0]
    assert "รับเฉพาะไฟล์ PDF, JPEG หรือ PNG" in section
    assert '<details class="answer-extra" data-open-wide open>' in section
    assert '<a href="#indicator-1">1</a>' in content
    answer.refresh_from_db()
    assert answer.criterion_id is None and answer.note == ""


def test_a_province_sends_its_summary_with_a_note_on_the_centres_missing(
    centres, accounts, client_for
):
    from assessments.models import ProvinceSubmission

    url = reverse("province_submit")
    client = client_for("chiangrai")
    refused = client.post(url, {"fiscal_year": 2568, "note": ""})
    assert (
        "ยังมีศูนย์ที่จังหวัดยังไม่อนุมัติ 2 จาก 2 ศูนย์: ระบุในหมายเหตุว่าศูนย์ใดยังขาดและเพราะอะไร (อย่างน้อย 10 ตัวอักษร)"
    ) in refused.content.decode()
    assert not ProvinceSubmission.objects.exists()
    note = "บ้านป่าเปาอยู่ระหว่างแก้ไขตามที่จังหวัดส่งกลับ"
    response = client.post(url, {"fiscal_year": 2568, "note": note}, follow=True)
    assert "ส่งสรุปผลปีงบประมาณ 2568 ให้กรมฯ แล้ว" in response.content.decode()
    sent = ProvinceSubmission.objects.get()
    assert (sent.province_id, sent.centres, sent.approved, sent.note) == ("57", 2, 0, note)
    again = client.post(url, {"fiscal_year": 2568, "note": note})
    assert "ส่งแล้วเมื่อ" in again.content.decode()
    assert ProvinceSubmission.objects.count() == 1
    with pytest.raises(ValidationError) as refused:
        services.province_submit(by=accounts["chiangrai"], fiscal_year=2568, note=note)
    assert refused.value.messages[0].startswith("จังหวัดเชียงราย ส่งสรุปผลปีงบประมาณ 2568 ให้กรมฯ แล้วเมื่อ")
    assert client_for("maesuai").post(url, {"fiscal_year": 2568}).status_code == 403
    assert client_for("central").post(url, {"fiscal_year": 2568}).status_code == 403


def test_progress_marks_late_districts_and_provinces_against_the_deadlines(centres, accounts):
    import datetime

    due = (datetime.date(2025, 3, 15), datetime.date(2025, 3, 30))
    before = datetime.date(2025, 3, 1)
    after = datetime.date(2025, 4, 1)
    rows, _total = selectors.progress(accounts["chiangrai"], 2568, "district", due, before)
    assert not any(r.late for r in rows)
    rows, _total = selectors.progress(accounts["chiangrai"], 2568, "district", due, after)
    assert {r.label for r in rows if r.late} == {"แม่สรวย", "พาน"}
    rows, _total = selectors.progress(accounts["central"], 2568, "province", due, after)
    assert {r.label for r in rows if r.late} == {"เชียงราย", "พะเยา"}
    services.province_submit(by=accounts["phayao"], fiscal_year=2568, note="ทุกศูนย์ยังไม่ได้ประเมิน")
    rows, _total = selectors.progress(accounts["central"], 2568, "province", due, after)
    assert {r.label for r in rows if r.late} == {"เชียงราย"}
    assert next(r for r in rows if r.label == "พะเยา").submission.approved == 0


def test_saving_one_area_keeps_the_answers_of_the_others(centres, accounts, client_for):
    officer = accounts["maesuai"]
    assessment = services.assessment_start(by=officer, centre=centres["บ้านโป่ง"], fiscal_year=2568)
    _fill(officer, assessment, points=2)
    client = client_for("maesuai")
    page = client.get(assessment.get_absolute_url() + "?area=2")
    assert {a.indicator.area.number for a in page.context["answers"]} == {2}
    assert page.context["next_area"] == 3
    answer = assessment.answers.select_related("indicator").get(indicator__number=1)
    top = answer.indicator.criteria.order_by("-points").first()
    area_one = assessment.answers.filter(indicator__area__number=1)
    posted = {
        "area": "1",
        "next": "",
        "next_area": "2",
        **{f"criterion_{a.indicator_id}": a.criterion_id for a in area_one},
        f"criterion_{answer.indicator_id}": top.pk,
        f"override_reason_{answer.indicator_id}": "ตรวจเอกสารแล้ว",
    }
    response = client.post(reverse("assessment_answers", args=[assessment.pk]), posted)
    assert response.status_code == 302 and response.url.endswith("?area=2")
    answer.refresh_from_db()
    assert answer.criterion == top
    # The areas not on the form keep what was saved before.
    assert not assessment.answers.filter(criterion=None).exists()
