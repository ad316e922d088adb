"""Assessment pages: progress, review queue, the form, review, plan, indicator sets, deadlines."""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import IntegrityError
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from assessments import forms, selectors, services, sets
from assessments.models import (
    GROUP_INSTRUMENTS,
    Answer,
    Assessment,
    Criterion,
    IndicatorSet,
    Instrument,
    State,
)
from cddfund import closing, pages, thai
from cddfund.access import edit_view, post_only, read_view, roles_view
from cddfund.scope import Role, can_edit, get_visible_or_404
from cddfund.uploads import document_view
from institutes import selectors as centre_selectors
from institutes.models import Centre, SsgSelection
from institutes.views import centre_page


@require_GET
@read_view()
def progress(request):
    year = thai.fiscal_year_from(request.GET.get("year"))
    level = "province" if request.user.scope.is_country else "district"
    return _progress_page(request, year, level)


def _progress_page(request, year, level, submit_form=None):
    district_due, province_due = selectors.deadline(year)
    rows, total = selectors.progress(request.user, year, level, (district_due, province_due))
    is_province = request.user.role == Role.PROVINCE
    return render(
        request,
        "assessments/progress.html",
        {
            "year": year,
            "level": level,
            "rows": rows,
            "total": total,
            "district_due": district_due,
            "province_due": province_due,
            "late": sum(1 for r in rows if r.late),
            "sent": selectors.province_submission(request.user, year) if is_province else None,
            "submit_form": (submit_form or forms.ProvinceSubmitForm(initial={"fiscal_year": year}))
            if is_province
            else None,
            "crumbs": [(_("ความก้าวหน้าการประเมิน"), None)],
        },
    )


@post_only
@roles_view(Role.PROVINCE)
def province_submit(request):
    """The province sends its summary of the year to central office."""
    form = forms.ProvinceSubmitForm(request.POST)
    if form.is_valid():
        year = form.cleaned_data["fiscal_year"]
        try:
            services.province_submit(
                by=request.user, fiscal_year=year, note=form.cleaned_data["note"]
            )
        except ValidationError as exc:
            pages.show_errors(form, exc)
        else:
            messages.success(request, _("ส่งสรุปผลปีงบประมาณ %(year)s ให้กรมฯ แล้ว") % {"year": year})
            return redirect(reverse("assessment_progress") + f"?year={year}")
    year = thai.fiscal_year_from(request.POST.get("fiscal_year"))
    return _progress_page(request, year, "district", submit_form=form)


@require_GET
@roles_view(Role.PROVINCE)
def review_queue(request):
    return render(
        request,
        "assessments/queue.html",
        {
            "page": _queue_page(request, selectors.review_queue(request.user)),
            "crumbs": [(_("รอตรวจ"), None)],
        },
    )


@require_GET
@roles_view(Role.DISTRICT)
def returned_list(request):
    """What the province sent back to the district, with its comments, oldest first."""
    return render(
        request,
        "assessments/queue.html",
        {
            "page": _queue_page(request, selectors.returned_list(request.user)),
            "returned": True,
            "crumbs": [(_("ส่งกลับให้แก้ไข"), None)],
        },
    )


# A page of a work queue: a province's whole queue can hold hundreds at the deadline.
QUEUE_PER_PAGE = 25


def _queue_page(request, assessments):
    return Paginator(assessments, QUEUE_PER_PAGE).get_page(request.GET.get("page"))


@require_GET
@read_view(Centre)
def centre_assessments(request, pk):
    centre = centre_selectors.get_centre_for_user(request.user, pk)
    return centre_page(
        request,
        centre,
        "centre_assessments",
        "assessments/centre_assessments.html",
        history=selectors.centre_history(centre),
        this_year=thai.fiscal_year(timezone.localdate()),
    )


@require_http_methods(["GET", "POST"])
@edit_view(Centre)
def assessment_start(request, pk):
    centre = centre_selectors.get_centre_for_edit(request.user, pk)
    form = forms.StartForm(
        request.POST or None, initial={"fiscal_year": thai.fiscal_year(timezone.localdate())}
    )
    return pages.form_page(
        request,
        form,
        save=lambda data: services.assessment_start(by=request.user, centre=centre, **data),
        go=lambda assessment: assessment.get_absolute_url(),
        done=_("เริ่มแบบประเมินแล้ว ระบบเสนอคำตอบจากทะเบียนของศูนย์ไว้ให้"),
        back=reverse("centre_assessments", args=[centre.pk]),
        back_label=centre.name,
        title=_("เริ่มแบบประเมินระดับการพัฒนา"),
        centre=centre,
    )


def group_section(request, *, selection: SsgSelection) -> str:
    """The chosen group's two instruments on its forum page: where each stands, and a way to
    start the ones not started for its district officer."""
    found = selectors.group_assessments(selection)
    return render_to_string(
        "assessments/_group_assessments.html",
        {
            "selection": selection,
            "rows": [(Instrument(i), found.get(i)) for i in GROUP_INSTRUMENTS],
            "can_start": can_edit(request.user, selection),
        },
        request=request,
    )


@post_only
@edit_view(SsgSelection)
def group_assessment_start(request, pk):
    """Start one of the programme's instruments for a chosen group (``instrument`` posted)."""
    selection = get_visible_or_404(
        SsgSelection.objects.select_related("group"), request.user, pk=pk
    )
    try:
        assessment = services.group_assessment_start(
            by=request.user, selection=selection, instrument=request.POST.get("instrument", "")
        )
    except ValidationError as exc:
        messages.error(request, " ".join(closing.refused(exc).messages))
        return redirect("ssg_forum", selection.pk)
    messages.success(request, _("เริ่ม%(name)s แล้ว") % {"name": assessment.get_instrument_display()})
    return redirect(assessment)


def _answer_inputs(request, answers) -> dict[int, services.AnswerInput]:
    criteria = {
        str(c.pk): c
        for c in Criterion.objects.filter(indicator_id__in=[a.indicator_id for a in answers])
    }
    found = {}
    for answer in answers:
        key = answer.indicator_id
        found[key] = services.AnswerInput(
            criterion=criteria.get(request.POST.get(f"criterion_{key}", "")),
            note=request.POST.get(f"note_{key}", ""),
            override_reason=request.POST.get(f"override_reason_{key}", ""),
            evidence=request.FILES.get(f"evidence_{key}"),
        )
    return found


def _crumbs(assessment) -> list:
    """Province → ... → the centre, or the programme's list → the chosen group's forum."""
    year = _("ปีงบประมาณ %(year)s") % {"year": assessment.fiscal_year}
    if not assessment.for_group:
        return [(str(assessment.centre), assessment.centre.get_absolute_url()), (year, None)]
    selection = assessment.selection
    return [
        (
            _("กลุ่มออมทรัพย์ฯ สู่มาตรฐาน SMART Saving Group"),
            f"{reverse('savings_groups')}?fy={assessment.fiscal_year}",
        ),
        (selection.group.name, reverse("ssg_forum", args=[selection.pk])),
        (f"{assessment.get_instrument_display()} {year}", None),
    ]


@dataclass
class AreaStep:
    """One area of the form: its indicators answered so far, out of how many."""

    number: int
    name: str
    answered: int
    total: int
    returned: int = 0  # indicators the province commented on


def _area_steps(answers) -> list[AreaStep]:
    steps: dict[int, AreaStep] = {}
    for answer in answers:
        area = answer.indicator.area
        step = steps.setdefault(area.number, AreaStep(area.number, area.name, 0, 0))
        step.total += 1
        step.answered += answer.criterion_id is not None
        step.returned += bool(answer.return_comment)
    return list(steps.values())


def _area_shown(request, steps: list[AreaStep], editable: bool) -> int | None:
    """The area the district fills now (``?area=``), one at a time so that a phone shows a
    screen or two and each area is saved on its own; ``all`` (or a reader) sees every area.
    Without a choice: the first area the province commented on, else the first with an
    indicator left to answer."""
    if not editable or not steps:
        return None
    given = request.POST.get("area") or request.GET.get("area") or ""
    if given == "all":
        return None
    numbers = [step.number for step in steps]
    if given.isdigit() and int(given) in numbers:
        return int(given)
    waiting = [s for s in steps if s.returned] or [s for s in steps if s.answered < s.total]
    return waiting[0].number if waiting else numbers[0]


def _assessment_page(request, assessment, answers, errors=None):
    editable = can_edit(request.user, assessment) and assessment.state in (
        State.DRAFT,
        State.RETURNED,
    )
    steps = _area_steps(answers)
    area = _area_shown(request, steps, editable)
    numbers = [step.number for step in steps]
    following = numbers[numbers.index(area) + 1] if area in numbers[:-1] else None
    no_answer, no_reason = services.assessment_missing(assessment)
    errors = dict(errors or {})
    for answer in answers:
        # An indicator's own errors show beside it (their keys end in its id), its fields unfolded;
        # the rest at the top of the page.
        mine = [key for key in errors if key.endswith(f"_{answer.indicator_id}")]
        answer.errors = [m for key in mine for m in errors.pop(key)]
    return render(
        request,
        "assessments/assessment.html",
        {
            "assessment": assessment,
            "answers": [a for a in answers if area is None or a.indicator.area.number == area],
            "steps": steps,
            "area": area,
            "next_area": following,
            "answered": sum(step.answered for step in steps),
            "total": sum(step.total for step in steps),
            "editable": editable,
            "errors": errors,
            "invalid": [a.indicator for a in answers if a.errors],
            "no_answer": no_answer,
            "no_reason": no_reason,
            "no_plan": services.plan_missing(assessment),
            "area_scores": selectors.area_scores(answers),
            "may": {
                action: services.transition_allowed(request.user, action, assessment)
                for action in services.TRANSITIONS
            },
            "transitions": assessment.transitions.select_related("by"),
            "plan_items": assessment.plan_items.select_related("indicator"),
            "crumbs": _crumbs(assessment),
        },
    )


@require_GET
@read_view(Assessment)
def assessment_detail(request, pk):
    """The form for the district (draft or returned), the review for the province, read-only
    for everyone else."""
    assessment = selectors.get_assessment_for_user(request.user, pk)
    return _assessment_page(request, assessment, selectors.answers(assessment))


@post_only
@edit_view(Assessment)
def answers_save(request, pk):
    """Save the district's answers; with ``submit`` in the form, then submit to the province."""
    assessment = selectors.get_assessment_for_user(request.user, pk)
    answers = selectors.answers(assessment)
    # Only the area the form showed: the others keep what was saved before.
    area = request.POST.get("area", "")
    shown = [a for a in answers if not area.isdigit() or a.indicator.area.number == int(area)]
    given = _answer_inputs(request, shown)
    try:
        services.answers_save(by=request.user, assessment=assessment, answers=given)
    except ValidationError as exc:
        errors = exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
        # Show what was typed (nothing is saved): the officer fixes it and saves again.
        for answer in shown:
            typed = given[answer.indicator_id]
            answer.criterion = typed.criterion
            answer.note, answer.override_reason = typed.note, typed.override_reason
        return _assessment_page(request, assessment, answers, errors)
    messages.success(request, _("บันทึกคำตอบแล้ว"))
    if "submit" in request.POST:
        return submit(request, pk)
    following = request.POST.get("next_area", "")
    if "next" in request.POST and following.isdigit():
        return redirect(f"{assessment.get_absolute_url()}?area={following}")
    return redirect(f"{assessment.get_absolute_url()}?area={area}" if area else assessment)


def _run(request, assessment, action, **kwargs):
    try:
        action(by=request.user, assessment=assessment, **kwargs)
    except (ValidationError, IntegrityError) as exc:
        messages.error(request, " ".join(closing.refused(exc).messages))
        return False
    return True


@post_only
@edit_view(Assessment)
def submit(request, pk):
    assessment = selectors.get_assessment_for_user(request.user, pk)
    if _run(request, assessment, services.assessment_submit):
        messages.success(request, _("ส่งแบบประเมินให้จังหวัดแล้ว"))
    return redirect(assessment)


@post_only
@roles_view(Role.PROVINCE, model=Assessment)
def review(request, pk):
    assessment = selectors.get_assessment_for_user(request.user, pk)
    decision = request.POST.get("decision")
    if decision == "approve":
        if _run(
            request,
            assessment,
            services.assessment_approve,
            comment=request.POST.get("comment", ""),
        ):
            messages.success(request, _("อนุมัติแบบประเมินแล้ว"))
    else:
        comments = {
            answer.indicator_id: request.POST.get(f"comment_{answer.indicator_id}", "")
            for answer in assessment.answers.all()
        }
        if _run(
            request,
            assessment,
            services.assessment_return,
            comments=comments,
            comment=request.POST.get("comment", ""),
        ):
            messages.success(request, _("ส่งกลับให้อำเภอแก้ไขแล้ว"))
    return redirect(assessment)


@require_http_methods(["GET", "POST"])
@roles_view(Role.PROVINCE, model=Assessment)
def reopen(request, pk):
    assessment = selectors.get_assessment_for_user(request.user, pk)
    form = forms.ReopenForm(request.POST or None)
    return pages.form_page(
        request,
        form,
        save=lambda data: services.assessment_reopen(
            by=request.user, assessment=assessment, **data
        ),
        done=_("เปิดให้อำเภอแก้ไขแล้ว"),
        back=assessment.get_absolute_url(),
        back_label=str(assessment),
        title=_("เปิดแบบประเมินที่อนุมัติแล้วให้แก้ไข"),
    )


@require_http_methods(["GET", "POST"])
@edit_view(Assessment)
def plan_edit(request, pk):
    assessment = selectors.get_assessment_for_user(request.user, pk)
    items = list(assessment.plan_items.select_related("indicator"))
    item_forms = [
        (
            item,
            forms.PlanItemForm(
                request.POST or None,
                prefix=f"item{item.pk}",
                initial={
                    "action": item.action,
                    "who": item.who,
                    "due": item.due,
                    "status": item.status,
                },
            ),
        )
        for item in items
    ]
    if request.method == "POST" and all(f.is_valid() for _, f in item_forms):
        services.plan_items_save(
            by=request.user,
            assessment=assessment,
            items={item.pk: f.cleaned_data for item, f in item_forms},
        )
        messages.success(request, _("บันทึกแผนการพัฒนาแล้ว"))
        return redirect(assessment)
    return render(
        request,
        "assessments/plan.html",
        {"assessment": assessment, "item_forms": item_forms},
    )


evidence_file = document_view(Answer, "evidence")


@require_GET
@read_view()
def indicator_sets(request):
    return render(
        request,
        "assessments/sets.html",
        {
            "sets": IndicatorSet.objects.all(),
            "can_upload": request.user.role in (Role.CENTRAL, Role.ADMIN),
            "crumbs": [(_("ชุดตัวชี้วัด"), None)],
        },
    )


@require_GET
@read_view(IndicatorSet)
def indicator_set_detail(request, pk):
    indicator_set = get_object_or_404(
        IndicatorSet.objects.prefetch_related("levels", "areas__indicators__criteria"), pk=pk
    )
    return render(
        request,
        "assessments/set_detail.html",
        {
            "set": indicator_set,
            "crumbs": [(_("ชุดตัวชี้วัด"), reverse("indicator_sets")), (str(indicator_set), None)],
        },
    )


@require_http_methods(["GET", "POST"])
@roles_view(Role.CENTRAL, Role.ADMIN)
def indicator_set_upload(request):
    form = forms.SetUploadForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        try:
            indicator_set = sets.load(form.cleaned_data["file"], by=request.user)
        except sets.SetFileError as exc:
            errors = exc.errors
        else:
            messages.success(request, _("นำเข้าชุดตัวชี้วัดแล้ว"))
            return redirect(indicator_set)
    return render(request, "assessments/set_upload.html", {"form": form, "errors": errors})


@require_http_methods(["GET", "POST"])
@roles_view(Role.CENTRAL, Role.ADMIN)
def deadlines(request):
    year = thai.fiscal_year_from(request.GET.get("year"))
    due = selectors.deadline_of(year)
    form = forms.DeadlineForm(
        request.POST or None,
        initial={
            "fiscal_year": year,
            "district_due": due.district_due,
            "province_due": due.province_due,
            "remind_days": due.remind_days,
        },
    )
    return pages.form_page(
        request,
        form,
        save=lambda data: services.deadline_save(by=request.user, **data),
        go=lambda deadline: f"{reverse('assessment_progress')}?year={deadline.fiscal_year}",
        done=_("บันทึกกำหนดส่งแล้ว"),
        back=reverse("assessment_progress"),
        back_label=_("การประเมิน"),
        title=_("กำหนดส่งผลการประเมิน"),
    )
