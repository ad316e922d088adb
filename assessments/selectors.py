"""Every read of assessments, scoped to the user."""

from dataclasses import dataclass

from django.db.models import (
    Count,
    Exists,
    F,
    FilteredRelation,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.utils import timezone

from assessments import sets
from assessments.models import (
    GROUP_INSTRUMENTS,
    Answer,
    Assessment,
    Deadline,
    Instrument,
    PlanItem,
    ProvinceSubmission,
    State,
    Transition,
)
from assessments.services import default_deadline
from cddfund.models import Province
from cddfund.scope import get_visible_or_404
from institutes.models import Centre, SsgSelection


def assessment_list(user) -> QuerySet[Assessment]:
    return Assessment.objects.visible_to(user).select_related(
        "centre__village",
        "selection__group__village",
        "district",
        "province",
        "level",
        "indicator_set",
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


@dataclass
class AreaScore:
    area: object
    answers: list[Answer]
    score: int = 0
    full: int = 0


def area_scores(answers: list[Answer]) -> list[AreaScore]:
    """Each area's answers, score and full marks, from the answers already loaded (no extra
    query); each answer gets ``full``, its indicator's highest points."""
    totals: dict = {}
    for answer in answers:
        answer.full = max((c.points for c in answer.indicator.criteria.all()), default=0)
        area = totals.setdefault(answer.indicator.area_id, AreaScore(answer.indicator.area, []))
        area.answers.append(answer)
        area.score += answer.criterion.points if answer.criterion else 0
        area.full += answer.full
    return list(totals.values())


def centre_history(centre: Centre) -> QuerySet[Assessment]:
    return centre.assessments.select_related("level").order_by("-fiscal_year")


def group_assessments(selection) -> dict[str, Assessment]:
    """A chosen savings group's assessments by instrument."""
    return {
        a.instrument: a
        for a in selection.assessments.select_related("level", "indicator_set").order_by("id")
    }


def review_queue(user) -> QuerySet[Assessment]:
    return assessment_list(user).filter(state=State.SUBMITTED).order_by("district__name_th", "id")


def returned_list(user) -> QuerySet[Assessment]:
    """The assessments the province sent back, with its latest comment and how many indicators
    it commented on (the district officer's work)."""
    last = Transition.objects.filter(assessment=OuterRef("pk"), to_state=State.RETURNED).order_by(
        "-at", "-id"
    )
    return (
        assessment_list(user)
        .filter(state=State.RETURNED)
        .annotate(
            return_note=Subquery(last.values("comment")[:1]),
            returned_at=Subquery(last.values("at")[:1]),
            commented=Count("answers", filter=~Q(answers__return_comment="")),
        )
        .order_by("returned_at", "id")
    )


def deadline_of(fiscal_year: int) -> Deadline:
    """The year's deadlines as central office set them, or the defaults (unsaved)."""
    found = Deadline.objects.filter(fiscal_year=fiscal_year).first()
    if found:
        return found
    district_due, province_due = default_deadline(fiscal_year)
    return Deadline(fiscal_year=fiscal_year, district_due=district_due, province_due=province_due)


def deadline(fiscal_year: int):
    found = deadline_of(fiscal_year)
    return found.district_due, found.province_due


@dataclass
class ProgressRow:
    key: str
    label: str
    centres: int
    draft: int = 0
    submitted: int = 0
    returned: int = 0
    approved: int = 0
    late: bool = False  # past its deadline with work left (a district) or not sent (a province)
    submission: ProvinceSubmission | None = None  # a province's summary sent to central office

    @property
    def not_started(self) -> int:
        return self.centres - self.draft - self.submitted - self.returned - self.approved

    @property
    def not_sent(self) -> int:
        """Centres the district has still to send to the province."""
        return self.not_started + self.draft + self.returned


PROGRESS_LEVELS = {
    "district": ("district_id", "district__name_th"),
    "province": ("province_id", "province__name_th"),
}


def progress(
    user, fiscal_year: int, level: str, due=None, today=None
) -> tuple[list[ProgressRow], ProgressRow]:
    """``progress_of`` the user's area."""
    return progress_of(
        Centre.objects.visible_to(user),
        Assessment.objects.visible_to(user),
        fiscal_year,
        level,
        due,
        today,
    )


def progress_of(
    centres: QuerySet[Centre],
    assessments: QuerySet[Assessment],
    fiscal_year: int,
    level: str,
    due=None,
    today=None,
) -> tuple[list[ProgressRow], ProgressRow]:
    """Active centres per district or province, how many are at each state of the year, and
    which are late against the year's deadlines (``_mark_late``): the progress page, the work
    lists and the reminders all read lateness here."""
    key, label = PROGRESS_LEVELS[level]
    counted = (
        centres.filter(status="active")
        .values(key, label)
        .annotate(total=Count("id"))
        .order_by(label)
    )
    rows = {str(r[key]): ProgressRow(str(r[key]), r[label], r["total"]) for r in counted}
    # The active centres of the area as a set of their own (read by the area's index), not a
    # join to every centre: PostgreSQL hashed the country's centres for a province's 437
    # assessments (29,040 rows at ten times the country, 6.1 → 0.8 ms; BENCHMARKS.md).
    states = (
        assessments.of_centres()
        .filter(fiscal_year=fiscal_year, centre__in=centres.filter(status="active"))
        .values(key)
        .annotate(**{state: Count("id", filter=Q(state=state)) for state in State.values})
    )
    for r in states:
        row = rows.get(str(r[key]))
        if row:
            for state in State.values:
                setattr(row, state, r[state])
    result = list(rows.values())
    _mark_late(result, fiscal_year, level, due or deadline(fiscal_year), today)
    total = ProgressRow("", "รวม", sum(r.centres for r in result))
    for state in State.values:
        setattr(total, state, sum(getattr(r, state) for r in result))
    return result, total


def late_provinces(user, fiscal_year: int, due=None, today=None) -> list[ProgressRow]:
    """The provinces of the user's area that the progress page marks late (``_mark_late``),
    found without counting their centres: one test for an active centre per province and
    the summaries sent (central office's work line, whatever the country's size)."""
    active = Centre.objects.visible_to(user).filter(status="active", province_id=OuterRef("pk"))
    rows = [
        ProgressRow(str(code), name, 0)
        for code, name in Province.objects.filter(Exists(active))
        .order_by("name_th")
        .values_list("pk", "name_th")
    ]
    _mark_late(rows, fiscal_year, "province", due or deadline(fiscal_year), today)
    return [row for row in rows if row.late]


def _mark_late(rows: list[ProgressRow], fiscal_year: int, level: str, due, today) -> None:
    """A district is late once its deadline has passed with centres not yet sent to the
    province; a province once its deadline has passed without its summary sent."""
    district_due, province_due = due
    today = today or timezone.localdate()
    if level == "district":
        for row in rows:
            row.late = today > district_due and row.not_sent > 0
        return
    sent = {
        s.province_id: s
        for s in ProvinceSubmission.objects.filter(
            fiscal_year=fiscal_year, province_id__in=[r.key for r in rows]
        ).select_related("submitted_by")
    }
    for row in rows:
        row.submission = sent.get(row.key)
        row.late = today > province_due and row.submission is None


def province_submission(user, fiscal_year: int) -> ProvinceSubmission | None:
    """The summary the user's province sent for ``fiscal_year``, if it did."""
    if not user.province_id:
        return None
    return (
        ProvinceSubmission.objects.select_related("submitted_by")
        .filter(province_id=user.province_id, fiscal_year=fiscal_year)
        .first()
    )


def last_review(assessment: Assessment) -> Transition | None:
    """The province's latest decision on ``assessment`` (returned or approved), with who."""
    return (
        assessment.transitions.select_related("by")
        .filter(to_state__in=[State.RETURNED, State.APPROVED])
        .order_by("-at", "-id")
        .first()
    )


# --- the SMART Saving Group programme (seed 002) ---------------------------------------------

# The programme's KPI: 60% of the chosen groups have a management plan to the SSG standard, that
# is, an SSG-standard assessment the province approved (the district sends it only with a plan
# for every indicator not passed: services.plan_missing). The standard is passed at its set's
# top level.
SSG_KPI_PERCENT = 60
_APPROVED = {"assessments__state": State.APPROVED}
_GOVERNANCE = Q(assessments__instrument=Instrument.GOVERNANCE, **_APPROVED)
_STANDARD = Q(assessments__instrument=Instrument.STANDARD, **_APPROVED)


def group_sets_provisional(fiscal_year: int) -> bool:
    """Whether a savings group of ``fiscal_year`` is assessed with a provisional set (the
    defaults, until central office loads the official instruments)."""
    found = (sets.set_for_year(fiscal_year, instrument) for instrument in GROUP_INSTRUMENTS)
    return any(s is not None and s.provisional for s in found)


def ssg_counts(user, fiscal_year: int) -> list[dict]:
    """Per district of the user's area: the groups chosen for ``fiscal_year``, their forums, the
    approved assessments of each instrument, those with a plan to the standard (the KPI's
    numerator) and those that passed it."""
    return list(
        SsgSelection.objects.visible_to(user)
        .filter(fiscal_year=fiscal_year)
        .values("district_id")
        .annotate(
            selected=Count("id", distinct=True),
            forums=Count("forum", distinct=True),
            governance=Count("assessments", filter=_GOVERNANCE),
            with_plan=Count("assessments", filter=_STANDARD),
            passed=Count("assessments", filter=_STANDARD & Q(assessments__level__level=3)),
        )
        .order_by("district_id")
    )


def ssg_groups(user, fiscal_year: int) -> QuerySet[SsgSelection]:
    """The groups chosen for ``fiscal_year`` in the user's area, each with its forum and the
    state, score and level of both instruments, in the order of their provinces and districts."""
    gov = FilteredRelation(
        "assessments", condition=Q(assessments__instrument=Instrument.GOVERNANCE)
    )
    ssg = FilteredRelation("assessments", condition=Q(assessments__instrument=Instrument.STANDARD))
    return (
        SsgSelection.objects.visible_to(user)
        .filter(fiscal_year=fiscal_year)
        .select_related("group__village", "district", "province", "forum")
        .annotate(
            gov=gov,
            ssg=ssg,
            gov_state=F("gov__state"),
            gov_percent=F("gov__percent"),
            gov_level=F("gov__level__level"),
            gov_level_name=F("gov__level__name"),
            ssg_state=F("ssg__state"),
            ssg_percent=F("ssg__percent"),
            ssg_level=F("ssg__level__level"),
            ssg_level_name=F("ssg__level__name"),
            ssg_plan_items=Subquery(
                PlanItem.objects.filter(
                    assessment__selection=OuterRef("pk"),
                    assessment__instrument=Instrument.STANDARD,
                )
                .values("assessment")
                .annotate(n=Count("id"))
                .values("n")[:1]
            ),
            leads=Exists(Centre.objects.filter(lead_group=OuterRef("group_id"))),
        )
        .order_by("province__name_th", "district__name_th", "group__village__moo", "group__name")
    )
