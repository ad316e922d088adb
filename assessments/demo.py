"""Demo assessments for the demo centres: every centre approved in the previous fiscal year, and
one in every state of the review workflow in the current one; and the savings groups chosen for
the SMART Saving Group programme: last year's assessed with both instruments, planned and
approved, this year's governance assessment begun."""

import datetime

from django.utils import timezone

from assessments import services
from assessments.models import GROUP_INSTRUMENTS, Answer, Assessment, Instrument
from assessments.sets import ensure_default
from cddfund.demo import fiscal_years
from cddfund.scope import Role
from institutes.models import SsgSelection


def _answer_all(officer, assessment, *, override=None):
    """Take every suggestion; indicators without one get 2 points; ``override`` changes one."""
    answers = {}
    for answer in assessment.answers.select_related("indicator").prefetch_related(
        "indicator__criteria"
    ):
        criteria = {c.points: c for c in answer.indicator.criteria.all()}
        criterion = answer.suggested or criteria[2]
        reason = ""
        if override and answer.indicator.number == override:
            criterion = criteria[1 if criterion.points != 1 else 2]
            reason = "ตรวจเอกสารจริงแล้วไม่ตรงกับทะเบียน" if answer.suggested else ""
        answers[answer.indicator_id] = services.AnswerInput(
            criterion=criterion, override_reason=reason
        )
    services.answers_save(by=officer, assessment=assessment, answers=answers)


PLAN = [
    ("บ้านโป่ง", "maesuai", "chiangrai", "approved"),
    ("บ้านป่าเปา", "phan", "chiangrai", "submitted"),
    ("บ้านห้วยสิงห์", "pong", "phayao", "draft"),
    ("บ้านหนองหมู", "chiangmuan", "phayao", "returned"),
]


def seed(context: dict) -> None:
    ensure_default()
    last, current = fiscal_years()
    for village, officer, reviewer, _state in PLAN:
        _seed_one(context, village, officer, reviewer, "approved", last)
    for village, officer, reviewer, state in PLAN:
        _seed_one(context, village, officer, reviewer, state, current)
    for selection in SsgSelection.objects.select_related("group").order_by("id"):
        _seed_group(context, selection, approved=selection.fiscal_year == last)


# Indicators each instrument's demo answer leaves below full marks (they go into the plan).
NOT_PASSED = {Instrument.GOVERNANCE: (4, 9, 16), Instrument.STANDARD: (3, 6, 13)}
GROUP_PLAN = {
    Instrument.GOVERNANCE: "จัดอบรมคณะกรรมการและทบทวนระเบียบร่วมกับสมาชิก",
    Instrument.STANDARD: "ปรับปรุงตามเกณฑ์ร่วมกับพัฒนากรและเครือข่ายกลุ่มออมทรัพย์ฯ",
}


def _seed_group(context, selection, *, approved: bool) -> None:
    """A chosen group's two assessments: answered, planned, sent and approved (last year's), or
    the governance one begun (this year's)."""
    accounts = context["accounts"].values()
    officer = next(
        (u for u in accounts if u.role == Role.DISTRICT and u.district_id == selection.district_id),
        None,
    )
    reviewer = next(
        (u for u in accounts if u.role == Role.PROVINCE and u.province_id == selection.province_id),
        None,
    )
    if officer is None or reviewer is None or selection.assessments.exists():
        return
    for instrument in GROUP_INSTRUMENTS if approved else GROUP_INSTRUMENTS[:1]:
        assessment = services.group_assessment_start(
            by=officer, selection=selection, instrument=instrument
        )
        answers = {}
        for answer in assessment.answers.select_related("indicator").prefetch_related(
            "indicator__criteria"
        ):
            points = sorted(c.points for c in answer.indicator.criteria.all())
            chosen = points[-2] if answer.indicator.number in NOT_PASSED[instrument] else points[-1]
            criterion = next(c for c in answer.indicator.criteria.all() if c.points == chosen)
            answers[answer.indicator_id] = services.AnswerInput(criterion=criterion)
        services.answers_save(by=officer, assessment=assessment, answers=answers)
        if not approved:
            continue
        held = selection.forum.held_on if hasattr(selection, "forum") else timezone.localdate()
        due = held + datetime.timedelta(days=60)
        services.plan_items_save(
            by=officer,
            assessment=assessment,
            items={
                item.pk: {"action": GROUP_PLAN[instrument], "who": "คณะกรรมการกลุ่ม", "due": due}
                for item in assessment.plan_items.all()
            },
        )
        services.assessment_submit(by=officer, assessment=assessment)
        services.assessment_approve(by=reviewer, assessment=assessment)


def _seed_one(context, village, officer_name, reviewer_name, state, year) -> None:
    """One centre's assessment of ``year``, taken to ``state`` (skipped if it has one)."""
    accounts, centres = context["accounts"], context["centres"]
    centre = centres[village]
    if Assessment.objects.filter(centre=centre, fiscal_year=year).exists():
        return
    officer, reviewer = accounts[officer_name], accounts[reviewer_name]
    assessment = services.assessment_start(by=officer, centre=centre, fiscal_year=year)
    _answer_all(officer, assessment, override=2)
    if state == "draft":
        return
    services.assessment_submit(by=officer, assessment=assessment)
    if state == "approved":
        services.assessment_approve(by=reviewer, assessment=assessment)
    elif state == "returned":
        first = Answer.objects.filter(assessment=assessment).order_by("indicator__number").first()
        services.assessment_return(
            by=reviewer,
            assessment=assessment,
            comments={first.indicator_id: "ขอสำเนาคำสั่งแต่งตั้งคณะกรรมการฉบับล่าสุด"},
        )
