"""Demo assessments for the demo centres: every centre approved in the previous fiscal year, and
one in every state of the review workflow in the current one."""

from assessments import services
from assessments.models import Answer, Assessment
from assessments.sets import ensure_default
from cddfund.demo import fiscal_years


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
