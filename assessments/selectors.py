"""Every read of assessments, scoped to the user."""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from assessments.models import (
    Answer,
    Assessment,
    Deadline,
    State,
)
from assessments.services import default_deadline
from cddfund.scope import get_visible_or_404
from institutes.models import Centre


def assessment_list(user) -> QuerySet[Assessment]:
    return Assessment.objects.visible_to(user).select_related(
        "centre__village", "district", "province", "level", "indicator_set"
    )


def get_assessment_for_user(user, pk: int) -> Assessment:
    return get_visible_or_404(assessment_list(user), user, pk=pk)


def answers(assessment: Assessment) -> list[Answer]:
    """Answers in indicator order, each with its indicator, criteria and suggestion."""
    return list(
        assessment.answers.select_related("indicator__area", "criterion", "suggested")
        .prefetch_related("indicator__criteria")
        .order_by("indicator__area__number", "indicator__number")
    )


def centre_history(centre: Centre) -> QuerySet[Assessment]:
    return centre.assessments.select_related("level").order_by("-fiscal_year")


def review_queue(user) -> QuerySet[Assessment]:
    return assessment_list(user).filter(state=State.SUBMITTED).order_by("district__name_th", "id")


def deadline(fiscal_year: int):
    found = Deadline.objects.filter(fiscal_year=fiscal_year).first()
    if found:
        return found.district_due, found.province_due
    return default_deadline(fiscal_year)


@dataclass
class ProgressRow:
    key: str
    label: str
    centres: int
    draft: int = 0
    submitted: int = 0
    returned: int = 0
    approved: int = 0

    @property
    def not_started(self) -> int:
        return self.centres - self.draft - self.submitted - self.returned - self.approved


PROGRESS_LEVELS = {
    "district": ("district_id", "district__name_th"),
    "province": ("province_id", "province__name_th"),
}


def progress(user, fiscal_year: int, level: str) -> tuple[list[ProgressRow], ProgressRow]:
    """Active centres per district or province, and how many are at each state of the year."""
    key, label = PROGRESS_LEVELS[level]
    centres = (
        Centre.objects.visible_to(user)
        .filter(status="active")
        .values(key, label)
        .annotate(total=Count("id"))
        .order_by(label)
    )
    rows = {str(r[key]): ProgressRow(str(r[key]), r[label], r["total"]) for r in centres}
    states = (
        Assessment.objects.visible_to(user)
        .filter(fiscal_year=fiscal_year, centre__status="active")
        .values(key)
        .annotate(**{state: Count("id", filter=Q(state=state)) for state in State.values})
    )
    for r in states:
        row = rows.get(str(r[key]))
        if row:
            for state in State.values:
                setattr(row, state, r[state])
    result = list(rows.values())
    total = ProgressRow("", "รวม", sum(r.centres for r in result))
    for state in State.values:
        setattr(total, state, sum(getattr(r, state) for r in result))
    return result, total
