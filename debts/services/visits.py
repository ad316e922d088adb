"""Every write of the follow-up visits and focus groups at a centre (seed 004): the visit with
its answers to the 11 questions and its model household, the actions agreed and their follow-up
at a later visit, and the photos."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from cddfund import photos, records, thai
from cddfund.models import User
from cddfund.scope import area_of
from debts import figures
from debts.models import (
    QUESTIONS,
    FollowUpVisit,
    Household,
    VisitAction,
    VisitPhoto,
)
from institutes.models import Centre

MODEL_OTHER_CENTRE = _("ครัวเรือนต้นแบบต้องเป็นครัวเรือนของศูนย์นี้")
MODEL_NOT_REDUCED = _(
    "ครัวเรือนต้นแบบคือครัวเรือนที่ลดหนี้หรือปลดหนี้ได้แล้ว: %(household)s ยังไม่ลดหนี้จากเมื่อเข้าสู่การบริหารจัดการหนี้"
)
ANSWER_TOO_LONG = _("ผลการติดตามประเด็นที่ %(n)s ยาวเกิน 2,000 ตัวอักษร")
DUE_BEFORE_VISIT = _("กำหนดเสร็จต้องไม่ก่อนวันที่ติดตาม (%(date)s)")
CHECK_NOT_LATER = _("ติดตามผลได้ในการติดตามครั้งหลังจากวันที่ตกลง (%(date)s) เท่านั้น")
CHECK_OTHER_CENTRE = _("ข้อตกลงนี้เป็นของศูนย์อื่น")
DONE_BEFORE_AGREED = _("วันที่ดำเนินการต้องไม่ก่อนวันที่ตกลง (%(date)s)")
ANSWER_LIMIT = 2000


@transaction.atomic
def visit_save(
    *,
    by: User,
    centre: Centre,
    visited_on: datetime.date,
    kind: str,
    level: str,
    team: str,
    answers: dict[int, str] | None = None,
    model_household: Household | None = None,
    model_story: str = "",
    findings: str = "",
    visit: FollowUpVisit | None = None,
) -> FollowUpVisit:
    visit = visit or records.within(FollowUpVisit(recorded_by=by), centre=centre)
    records.check_can_edit(by, visit)
    records.not_future("visited_on", visited_on)
    kept = {}
    for n in range(1, len(QUESTIONS) + 1):
        text = ((answers or {}).get(n) or "").strip()
        if len(text) > ANSWER_LIMIT:
            raise ValidationError(
                {f"answer_{n}": ValidationError(ANSWER_TOO_LONG, params={"n": n})}
            )
        if text:
            kept[str(n)] = text
    if model_household is not None:
        if model_household.centre_id != centre.pk:
            raise ValidationError({"model_household": ValidationError(MODEL_OTHER_CENTRE)})
        if not figures.is_reduced(model_household):
            raise ValidationError(
                {
                    "model_household": ValidationError(
                        MODEL_NOT_REDUCED, params={"household": str(model_household)}
                    )
                }
            )
    visit.visited_on, visit.kind, visit.level = visited_on, kind, level
    visit.team, visit.answers, visit.model_household = team.strip(), kept, model_household
    visit.model_story, visit.findings = model_story.strip(), findings.strip()
    visit.recorded_by = by
    return records.save(visit)


@transaction.atomic
def action_add(
    *, by: User, visit: FollowUpVisit, action: str, who: str, due: datetime.date
) -> VisitAction:
    agreed = VisitAction(visit=visit, action=action.strip(), who=who.strip(), due=due)
    records.within(agreed, visit=visit)
    records.check_can_edit(by, agreed)
    if due is not None and due < visit.visited_on:
        raise ValidationError(
            {
                "due": ValidationError(
                    DUE_BEFORE_VISIT, params={"date": thai.format_date(visit.visited_on)}
                )
            }
        )
    return records.save(agreed)


@transaction.atomic
def action_check(
    *,
    by: User,
    action: VisitAction,
    at: FollowUpVisit,
    done_on: datetime.date | None,
    note: str = "",
) -> VisitAction:
    """What a later visit ``at`` found of an action agreed earlier: done (on ``done_on``) or not
    yet, with a note."""
    records.check_can_edit(by, action)
    agreed_on = action.visit.visited_on
    if at.centre_id != action.visit.centre_id:
        raise ValidationError(CHECK_OTHER_CENTRE)
    if at.pk == action.visit_id or at.visited_on < agreed_on:
        raise ValidationError(CHECK_NOT_LATER, params={"date": thai.format_date(agreed_on)})
    records.not_future("done_on", done_on)
    if done_on is not None and done_on < agreed_on:
        raise ValidationError(
            {
                "done_on": ValidationError(
                    DONE_BEFORE_AGREED, params={"date": thai.format_date(agreed_on)}
                )
            }
        )
    action.done_on, action.checked_at, action.check_note = done_on, at, note.strip()
    return records.save(action)


@transaction.atomic
def photo_add(
    *, by: User, visit: FollowUpVisit, upload, caption: str = "", keep_location: bool = False
) -> VisitPhoto:
    photo = VisitPhoto(visit=visit, caption=caption.strip(), uploaded_by=by, **area_of(visit))
    records.check_can_edit(by, photo)
    photos.attach(photo, upload, keep_location=keep_location)
    return records.save(photo)


@transaction.atomic
def photo_delete(*, by: User, photo: VisitPhoto) -> None:
    records.check_can_edit(by, photo)
    records.delete(photo)
