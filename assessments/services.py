"""Every write to assessments: start, answer, submit, return, approve, reopen, plan, deadlines,
and the province's summary sent to central office.

Who may do what, in which state, is in ``TRANSITIONS``; the server refuses anything else. A
centre and a chosen savings group go through the same steps; a savings group's assessment is
sent to the province only with a plan for every indicator it did not pass (seed 002, 4.6).
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from assessments import scoring, sets, suggestions
from assessments.models import (
    DEFAULT_REMIND_DAYS,
    GROUP_INSTRUMENTS,
    Answer,
    Assessment,
    Criterion,
    Deadline,
    Instrument,
    PlanItem,
    PlanStatus,
    ProvinceSubmission,
    State,
    Transition,
)
from cddfund import notifications, records, thai
from cddfund.models import Province, User
from cddfund.scope import Role, area_of, scope_of
from institutes.models import Centre, SsgSelection

ALREADY_ASSESSED = _("ศูนย์นี้มีแบบประเมินปีงบประมาณ %(year)s แล้ว")
GROUP_ALREADY_ASSESSED = _("%(group)s มี%(instrument)s ปีงบประมาณ %(year)s แล้ว")
NOT_GROUP_INSTRUMENT = _("แบบประเมินนี้ไม่ใช่แบบประเมินของกลุ่มออมทรัพย์ฯ")
NO_SET = _("ยังไม่มีชุดตัวชี้วัดที่ใช้กับปีงบประมาณ %(year)s")
PLAN_INCOMPLETE = _(
    "ตัวชี้วัดที่ %(numbers)s ไม่ผ่านเกณฑ์แต่ยังไม่มีแผนการพัฒนาครบ "
    "(สิ่งที่จะทำ ผู้รับผิดชอบ กำหนดเสร็จ): จัดทำแผนก่อนส่งจังหวัด"
)
NOT_EDITABLE = _("แก้ไขแบบประเมินได้เฉพาะสถานะร่างหรือส่งกลับให้แก้ไข (ตอนนี้: %(state)s)")
WRONG_STATE = _("ทำรายการ %(action)s ไม่ได้ในสถานะ %(state)s")
MISSING_ANSWERS = _("ยังไม่ได้ตอบตัวชี้วัดที่ %(numbers)s")
MISSING_REASONS = _("ตัวชี้วัดที่ %(numbers)s เลือกต่างจากค่าที่ระบบเสนอ ต้องระบุเหตุผล")
CRITERION_OTHER_INDICATOR = _("เกณฑ์ที่เลือกไม่ใช่ของตัวชี้วัดนี้")
RETURN_NEEDS_COMMENT = _("ส่งกลับต้องมีความเห็นอย่างน้อย 1 ตัวชี้วัด")
REOPEN_NEEDS_REASON = _("การเปิดแก้ไขแบบประเมินที่อนุมัติแล้วต้องระบุเหตุผล")
DEADLINE_ORDER = _("กำหนดของจังหวัดต้องไม่ก่อนกำหนดของอำเภอ")


@dataclass(frozen=True)
class Rule:
    label: object
    from_states: tuple[str, ...]
    role: str
    to_state: str


TRANSITIONS = {
    "submit": Rule(_("ส่งจังหวัด"), (State.DRAFT, State.RETURNED), Role.DISTRICT, State.SUBMITTED),
    "return": Rule(_("ส่งกลับให้แก้ไข"), (State.SUBMITTED,), Role.PROVINCE, State.RETURNED),
    "approve": Rule(_("อนุมัติ"), (State.SUBMITTED,), Role.PROVINCE, State.APPROVED),
    "reopen": Rule(_("เปิดให้แก้ไข"), (State.APPROVED,), Role.PROVINCE, State.RETURNED),
}


def transition_allowed(user: User, action: str, assessment: Assessment) -> bool:
    """Whether ``user`` may take ``action`` on ``assessment`` now (role, area and state)."""
    rule = TRANSITIONS[action]
    return (
        user.is_active
        and user.role == rule.role
        and scope_of(user).contains(**area_of(assessment))
        and assessment.state in rule.from_states
    )


def _check(user: User, action: str, assessment: Assessment) -> None:
    rule = TRANSITIONS[action]
    if user.role != rule.role or not scope_of(user).contains(**area_of(assessment)):
        raise PermissionDenied
    if assessment.state not in rule.from_states:
        raise ValidationError(
            WRONG_STATE,
            code="wrong_state",
            params={"action": rule.label, "state": assessment.get_state_display()},
        )


def _lock(assessment: Assessment) -> Assessment:
    return Assessment.objects.select_for_update().get(pk=assessment.pk)


def _move(assessment: Assessment, by: User, to_state: str, comment: str = "") -> None:
    Transition.objects.create(
        assessment=assessment,
        from_state=assessment.state,
        to_state=to_state,
        by=by,
        comment=comment,
    )
    assessment.state = to_state
    assessment.save(update_fields=["state"])


# What the users an assessment concerns are told of its moves (cddfund/notifications.py).
SUBMITTED_NOTICE = gettext_noop(
    "อำเภอ%(district)sส่ง%(what)s %(subject)s ปีงบประมาณ %(year)s ให้จังหวัดตรวจ"
)
RETURNED_NOTICE = gettext_noop(
    "จังหวัดส่ง%(what)s %(subject)s ปีงบประมาณ %(year)s กลับให้แก้ไข "
    "(ความเห็น %(comments)s ตัวชี้วัด) %(comment)s"
)
APPROVED_NOTICE = gettext_noop("จังหวัดอนุมัติ%(what)s %(subject)s ปีงบประมาณ %(year)s แล้ว")
REOPENED_NOTICE = gettext_noop(
    "จังหวัดเปิด%(what)s %(subject)s ปีงบประมาณ %(year)s ให้แก้ไขอีกครั้ง: %(comment)s"
)


def _tell(assessment: Assessment, message: str, role: str, **params) -> None:
    """Tell the district's officers (or the province's staff) of ``assessment``'s move."""
    what = (
        assessment.get_instrument_display()
        if assessment.for_group
        else gettext("แบบประเมินระดับการพัฒนาศูนย์")
    )
    notifications.notify(
        notifications.staff_over(**area_of(assessment), roles=(role,)),
        message,
        params={
            "what": str(what),
            "subject": str(assessment.subject),
            "year": assessment.fiscal_year,
            "district": assessment.district.name_th,
            **params,
        },
        url=assessment.get_absolute_url(),
        **area_of(assessment),
    )


def _rescore(assessment: Assessment) -> scoring.Result:
    chosen = {
        answer.indicator_id: answer.criterion.points
        for answer in assessment.answers.select_related("criterion")
        if answer.criterion_id
    }
    indicator_set = (
        type(assessment.indicator_set)
        .objects.prefetch_related("levels", "areas__indicators__criteria")
        .get(pk=assessment.indicator_set_id)
    )
    result = scoring.compute(indicator_set, chosen)
    assessment.score, assessment.max_score = result.score, result.max_score
    assessment.percent, assessment.level = result.percent, result.level
    assessment.save(update_fields=["score", "max_score", "percent", "level"])
    full = {
        i.pk: max(c.points for c in i.criteria.all())
        for area in indicator_set.areas.all()
        for i in area.indicators.all()
    }
    below = {pk for pk, top in full.items() if chosen.get(pk) is not None and chosen[pk] < top}
    existing = set(assessment.plan_items.values_list("indicator_id", flat=True))
    PlanItem.objects.bulk_create(
        PlanItem(
            assessment=assessment,
            indicator_id=pk,
            **area_of(assessment),
        )
        for pk in sorted(below - existing)
    )
    # An indicator raised to full marks leaves the plan unless someone already planned for it.
    assessment.plan_items.filter(action="", who="", due=None).exclude(
        indicator_id__in=below
    ).delete()
    return result


def suggestions_refresh(assessment: Assessment) -> None:
    """Recompute what the centre's records say for each indicator that has a suggestion (a
    savings group's instruments have none)."""
    if assessment.centre_id is None:
        return
    answers = assessment.answers.select_related("indicator").prefetch_related("indicator__criteria")
    for answer in answers:
        found = suggestions.suggest(
            answer.indicator.suggest, assessment.centre, assessment.fiscal_year
        )
        if found is None:
            answer.suggested, answer.suggestion_evidence = None, ""
        else:
            points, evidence = found
            answer.suggested = next(
                (c for c in answer.indicator.criteria.all() if c.points == points), None
            )
            answer.suggestion_evidence = evidence
        answer.save(update_fields=["suggested", "suggestion_evidence"])


def _open(assessment: Assessment, *, by: User, already: ValidationError) -> Assessment:
    """Store a new assessment with an empty answer for each indicator of its set, the
    suggestions of the records and its score."""
    records.check_can_edit(by, assessment)
    records.save(
        assessment,
        constraint_messages={
            "assessments_one_per_centre_and_year": already,
            "assessments_one_per_group_instrument": already,
        },
    )
    Answer.objects.bulk_create(
        Answer(
            assessment=assessment,
            indicator=indicator,
            **area_of(assessment),
        )
        for indicator in assessment.indicator_set.indicators.all()
    )
    suggestions_refresh(assessment)
    _rescore(assessment)
    return assessment


def _set_for(fiscal_year: int, instrument: str):
    indicator_set = sets.set_for_year(fiscal_year, instrument)
    if indicator_set is None:
        raise ValidationError(NO_SET, params={"year": fiscal_year})
    return indicator_set


@transaction.atomic
def assessment_start(*, by: User, centre: Centre, fiscal_year: int) -> Assessment:
    records.fiscal_year_be("fiscal_year", fiscal_year)
    already = ValidationError(ALREADY_ASSESSED, params={"year": fiscal_year})
    if Assessment.objects.filter(centre=centre, fiscal_year=fiscal_year).exists():
        raise already
    assessment = Assessment(
        centre=centre,
        **area_of(centre),
        fiscal_year=fiscal_year,
        indicator_set=_set_for(fiscal_year, Instrument.CENTRE),
        created_by=by,
    )
    return _open(assessment, by=by, already=already)


@transaction.atomic
def group_assessment_start(*, by: User, selection: SsgSelection, instrument: str) -> Assessment:
    """Assess a savings group chosen for the programme with one of its two instruments (the
    forum's steps 4.3 and 4.4), in the fiscal year it was chosen for."""
    if instrument not in GROUP_INSTRUMENTS:
        raise ValidationError(NOT_GROUP_INSTRUMENT)
    year = selection.fiscal_year
    already = ValidationError(
        GROUP_ALREADY_ASSESSED,
        params={
            "group": selection.group.name,
            "instrument": Instrument(instrument).label,
            "year": year,
        },
    )
    if Assessment.objects.filter(selection=selection, instrument=instrument).exists():
        raise already
    assessment = Assessment(
        selection=selection,
        instrument=instrument,
        **area_of(selection),
        fiscal_year=year,
        indicator_set=_set_for(year, instrument),
        created_by=by,
    )
    return _open(assessment, by=by, already=already)


@dataclass
class AnswerInput:
    criterion: Criterion | None
    note: str = ""
    override_reason: str = ""
    evidence: object = None


@transaction.atomic
def answers_save(
    *, by: User, assessment: Assessment, answers: dict[int, AnswerInput]
) -> scoring.Result:
    """Save the officer's answers (by indicator id) in a draft or returned assessment."""
    assessment = _lock(assessment)
    records.check_can_edit(by, assessment)
    if assessment.state not in (State.DRAFT, State.RETURNED):
        raise ValidationError(NOT_EDITABLE, params={"state": assessment.get_state_display()})
    errors = {}
    for answer in assessment.answers.select_related("indicator"):
        given = answers.get(answer.indicator_id)
        if given is None:
            continue
        if given.criterion is not None and given.criterion.indicator_id != answer.indicator_id:
            errors[f"criterion_{answer.indicator_id}"] = [CRITERION_OTHER_INDICATOR]
            continue
        answer.criterion = given.criterion
        answer.note = given.note.strip()
        answer.override_reason = given.override_reason.strip()
        if given.evidence:
            answer.evidence = given.evidence
        try:
            answer.full_clean(
                exclude=[
                    "assessment",
                    "indicator",
                    "criterion",
                    "suggested",
                    "province",
                    "district",
                ]
            )
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                errors[f"{field}_{answer.indicator_id}"] = messages
            continue
        answer.save()
    if errors:
        raise ValidationError(errors)
    return _rescore(assessment)


def plan_missing(assessment: Assessment) -> list[int]:
    """Numbers of the indicators below full marks whose plan item lacks what, who or when (a
    savings group's assessment needs them all before it is sent)."""
    if not assessment.for_group:
        return []
    return sorted(
        item.indicator.number
        for item in assessment.plan_items.select_related("indicator")
        if not (item.action and item.who and item.due)
    )


def assessment_missing(assessment: Assessment) -> tuple[list[int], list[int]]:
    """Numbers of indicators with no answer, and of overrides with no reason."""
    no_answer, no_reason = [], []
    for answer in assessment.answers.select_related("indicator"):
        if answer.criterion_id is None:
            no_answer.append(answer.indicator.number)
        elif (
            answer.suggested_id
            and answer.criterion_id != answer.suggested_id
            and not answer.override_reason
        ):
            no_reason.append(answer.indicator.number)
    return sorted(no_answer), sorted(no_reason)


@transaction.atomic
def assessment_submit(*, by: User, assessment: Assessment) -> Assessment:
    assessment = _lock(assessment)
    _check(by, "submit", assessment)
    no_answer, no_reason = assessment_missing(assessment)
    errors = []
    if no_answer:
        errors.append(
            ValidationError(MISSING_ANSWERS, params={"numbers": ", ".join(map(str, no_answer))})
        )
    if no_reason:
        errors.append(
            ValidationError(MISSING_REASONS, params={"numbers": ", ".join(map(str, no_reason))})
        )
    if not errors and (unplanned := plan_missing(assessment)):
        errors.append(
            ValidationError(PLAN_INCOMPLETE, params={"numbers": ", ".join(map(str, unplanned))})
        )
    if errors:
        raise ValidationError(errors)
    assessment.answers.update(return_comment="")
    _move(assessment, by, State.SUBMITTED)
    _tell(assessment, SUBMITTED_NOTICE, Role.PROVINCE)
    return assessment


@transaction.atomic
def assessment_return(
    *, by: User, assessment: Assessment, comments: dict[int, str], comment: str = ""
) -> Assessment:
    """Send back with a comment on each indicator concerned (by indicator id)."""
    assessment = _lock(assessment)
    _check(by, "return", assessment)
    comments = {k: v.strip() for k, v in comments.items() if v and v.strip()}
    if not comments:
        raise ValidationError(RETURN_NEEDS_COMMENT)
    for answer in assessment.answers.filter(indicator_id__in=comments):
        answer.return_comment = comments[answer.indicator_id][:500]
        answer.save(update_fields=["return_comment"])
    _move(assessment, by, State.RETURNED, comment)
    _tell(assessment, RETURNED_NOTICE, Role.DISTRICT, comments=len(comments), comment=comment)
    return assessment


@transaction.atomic
def assessment_approve(*, by: User, assessment: Assessment, comment: str = "") -> Assessment:
    assessment = _lock(assessment)
    _check(by, "approve", assessment)
    _move(assessment, by, State.APPROVED, comment)
    _tell(assessment, APPROVED_NOTICE, Role.DISTRICT)
    return assessment


@transaction.atomic
def assessment_reopen(*, by: User, assessment: Assessment, reason: str) -> Assessment:
    assessment = _lock(assessment)
    _check(by, "reopen", assessment)
    if not reason.strip():
        raise ValidationError({"reason": ValidationError(REOPEN_NEEDS_REASON)})
    _move(assessment, by, State.RETURNED, reason.strip())
    _tell(assessment, REOPENED_NOTICE, Role.DISTRICT, comment=reason.strip())
    return assessment


@transaction.atomic
def plan_items_save(*, by: User, assessment: Assessment, items: dict[int, dict]) -> None:
    """The district edits its development plan (by plan item id: action, who, due, status)."""
    records.check_can_edit(by, assessment)
    for item in assessment.plan_items.all():
        values = items.get(item.pk)
        if not values:
            continue
        item.action = values.get("action", "").strip()
        item.who = values.get("who", "").strip()
        item.due = values.get("due")
        item.status = values.get("status") or PlanStatus.TODO
        item.full_clean(exclude=["assessment", "indicator", "province", "district"])
        item.save()


def default_deadline(fiscal_year: int) -> tuple[datetime.date, datetime.date]:
    """District by 15 March, province by 30 March of the year the fiscal year ends (seed 004)."""
    ends = thai.fiscal_year_bounds(fiscal_year)[1].year
    return datetime.date(ends, 3, 15), datetime.date(ends, 3, 30)


@transaction.atomic
def deadline_save(
    *,
    by: User,
    fiscal_year: int,
    district_due: datetime.date,
    province_due: datetime.date,
    remind_days: int = DEFAULT_REMIND_DAYS,
) -> Deadline:
    if by.role not in (Role.CENTRAL, Role.ADMIN):
        raise PermissionDenied
    records.fiscal_year_be("fiscal_year", fiscal_year)
    if province_due < district_due:
        raise ValidationError({"province_due": ValidationError(DEADLINE_ORDER)})
    deadline, _created = Deadline.objects.update_or_create(
        fiscal_year=fiscal_year,
        defaults={
            "district_due": district_due,
            "province_due": province_due,
            "remind_days": remind_days,
        },
    )
    return deadline


SUBMISSION_ONCE = _("จังหวัด%(province)s ส่งสรุปผลปีงบประมาณ %(year)s ให้กรมฯ แล้วเมื่อ %(at)s")
SUBMISSION_NEEDS_NOTE = _(
    "ยังมีศูนย์ที่จังหวัดยังไม่อนุมัติ %(missing)s จาก %(centres)s ศูนย์: "
    "ระบุในหมายเหตุว่าศูนย์ใดยังขาดและเพราะอะไร (อย่างน้อย 10 ตัวอักษร)"
)


@transaction.atomic
def province_submit(*, by: User, fiscal_year: int, note: str = "") -> ProvinceSubmission:
    """The province's staff send its summary of ``fiscal_year`` to central office: every active
    centre approved, or a note on those missing."""
    if by.role != Role.PROVINCE:
        raise PermissionDenied
    records.fiscal_year_be("fiscal_year", fiscal_year)
    province = Province.objects.select_for_update().get(pk=by.province_id)  # one send at a time
    done = ProvinceSubmission.objects.filter(province=province, fiscal_year=fiscal_year).first()
    if done:
        raise ValidationError(
            SUBMISSION_ONCE,
            params={
                "province": province.name_th,
                "year": fiscal_year,
                "at": thai.format_date(timezone.localtime(done.submitted_at).date()),
            },
        )
    centres = Centre.objects.filter(province=province, status="active").count()
    approved = (
        Assessment.objects.of_centres()
        .filter(
            province=province,
            fiscal_year=fiscal_year,
            state=State.APPROVED,
            centre__status="active",
        )
        .count()
    )
    note = note.strip()
    if approved < centres and len(note) < 10:
        raise ValidationError(
            {
                "note": ValidationError(
                    SUBMISSION_NEEDS_NOTE,
                    params={"missing": centres - approved, "centres": centres},
                )
            }
        )
    submission = ProvinceSubmission(
        province=province,
        fiscal_year=fiscal_year,
        centres=centres,
        approved=approved,
        note=note,
        submitted_by=by,
    )
    return records.save(submission)
