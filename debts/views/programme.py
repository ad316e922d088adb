"""Pages of the debt-management programme (seed 004): the centre's plan of a year with its menu,
approval and progress; its financial-discipline courses and who attended; each target
household's support."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from cddfund import closing, pages, thai
from cddfund.access import edit_view, post_only, read_view
from cddfund.scope import can_edit, get_visible_or_404
from cddfund.uploads import document_view
from debts import forms, selectors
from debts.models import (
    Audience,
    DebtPlan,
    LifePlan,
    OccupationSupport,
    PlanOption,
    TargetHousehold,
    TrainingCourse,
)
from debts.selectors import programme as programme_selectors
from debts.services import programme
from institutes import selectors as centre_selectors
from institutes.models import Centre
from institutes.views import as_of_date, centre_page, fiscal_year_of


def _plan_url(centre_id: int, fiscal_year: int) -> str:
    return f"{reverse('centre_debt_plan', args=[centre_id])}?{urlencode({'fy': fiscal_year})}"


@require_GET
@read_view(Centre)
def centre_debt_plan(request, pk):
    """The centre's debt-management plan of a year, its progress as of a day, its courses and
    the support of each of its target households."""
    centre = centre_selectors.get_centre_for_user(request.user, pk)
    year = fiscal_year_of(request)
    plan = programme_selectors.plan_of(centre, year)
    editable = can_edit(request.user, centre)
    return centre_page(
        request,
        centre,
        "centre_debt_plan",
        "debts/centre_debt_plan.html",
        fiscal_year=year,
        years=range(year - 3, year + 2),
        plan=plan,
        progress=programme_selectors.progress(centre, year, as_of_date(request), plan),
        option_form=forms.PlanOptionForm(centre=centre) if editable and plan else None,
        courses=programme_selectors.courses(centre, year),
        targets=programme_selectors.support_rows(centre, year),
    )


@require_http_methods(["GET", "POST"])
@edit_view(Centre)
def debt_plan_edit(request, pk):
    """The year's plan (``?fy=``): the board's analysis and the number of target households."""
    centre = centre_selectors.get_centre_for_edit(request.user, pk)
    year = fiscal_year_of(request)
    plan = DebtPlan.objects.filter(centre=centre, fiscal_year=year).first()
    form = forms.DebtPlanForm(request.POST or None, instance=plan)
    return pages.form_page(
        request,
        form,
        save=lambda data: programme.plan_save(
            by=request.user, centre=centre, fiscal_year=year, plan=plan, **data
        ),
        done=_("บันทึกแผนการบริหารจัดการหนี้แล้ว")
        + ("" if plan is None or plan.approved_at_id is None else _(" (ต้องเสนอคณะกรรมการอนุมัติใหม่)")),
        back=_plan_url(centre.pk, year),
        back_label=centre.name,
        title=_("แผนการบริหารจัดการหนี้ ปีงบประมาณ %(year)s") % {"year": year},
        centre=centre,
    )


@post_only
@edit_view(DebtPlan)
def plan_option_add(request, pk):
    plan = selectors.get_record_for_edit(DebtPlan, request.user, pk)
    form = forms.PlanOptionForm(request.POST, centre=plan.centre)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    else:
        try:
            programme.plan_option_add(by=request.user, plan=plan, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(closing.refused(exc).messages))
        else:
            messages.success(request, _("เพิ่มทางเลือกในเมนูแล้ว"))
    return redirect(_plan_url(plan.centre_id, plan.fiscal_year))


@require_http_methods(["GET", "POST"])
@edit_view(PlanOption)
def plan_option_delete(request, pk):
    option = selectors.get_record_for_edit(PlanOption, request.user, pk)
    return pages.confirm_delete(
        request,
        record=option,
        delete=lambda: programme.plan_option_delete(by=request.user, option=option),
        done=_("ลบทางเลือกแล้ว"),
        back=_plan_url(option.plan.centre_id, option.plan.fiscal_year),
    )


@require_http_methods(["GET", "POST"])
@edit_view(DebtPlan)
def plan_approve(request, pk):
    """Record the board meeting that approved the plan."""
    plan = selectors.get_record_for_edit(DebtPlan, request.user, pk)
    meetings = programme_selectors.approval_meetings(plan.centre, plan.fiscal_year)
    form = forms.PlanApproveForm(request.POST or None, meetings=meetings)
    start, end = programme.approval_window(plan.fiscal_year)
    return pages.form_page(
        request,
        form,
        save=lambda data: programme.plan_approve(by=request.user, plan=plan, **data),
        done=_("บันทึกการอนุมัติแผนแล้ว"),
        back=_plan_url(plan.centre_id, plan.fiscal_year),
        back_label=plan.centre.name,
        title=_("การอนุมัติแผนการบริหารจัดการหนี้ ปีงบประมาณ %(year)s") % {"year": plan.fiscal_year},
        note=_(
            "เลือกการประชุมคณะกรรมการที่บันทึกไว้ในแท็บการประชุม (ระหว่าง %(start)s ถึง %(end)s) "
            "หากยังไม่มี ให้บันทึกการประชุมก่อน"
        )
        % {"start": thai.format_date(start), "end": thai.format_date(end)},
    )


# --- courses ------------------------------------------------------------------------------------


def _course_page(request, centre, course=None):
    form = forms.TrainingCourseForm(request.POST or None, instance=course)
    return pages.form_page(
        request,
        form,
        save=lambda data: programme.course_save(
            by=request.user, centre=centre, course=course, **data
        ),
        go=lambda saved: reverse("course_attendance", args=[saved.pk]),
        done=_("บันทึกการอบรมแล้ว"),
        back=_plan_url(centre.pk, course.fiscal_year if course else fiscal_year_of(request)),
        back_label=centre.name,
        title=_("การอบรม (ครัวเรือนเป้าหมายหรือคณะกรรมการ)"),
        centre=centre,
    )


@require_http_methods(["GET", "POST"])
@edit_view(Centre)
def course_create(request, pk):
    return _course_page(request, centre_selectors.get_centre_for_edit(request.user, pk))


@require_http_methods(["GET", "POST"])
@edit_view(TrainingCourse)
def course_edit(request, pk):
    course = selectors.get_record_for_edit(TrainingCourse, request.user, pk)
    return _course_page(request, course.centre, course)


@require_http_methods(["GET", "POST"])
@read_view(TrainingCourse)
def course_attendance(request, pk):
    """Who of the year's target households attended the course, and for how many days; a form
    for the district officer."""
    course = get_visible_or_404(
        TrainingCourse.objects.select_related("centre"), request.user, pk=pk
    )
    editable = can_edit(request.user, course)
    if request.method == "POST" and not editable:
        raise PermissionDenied
    rows = programme_selectors.roster(course)
    errors, typed = {}, {}
    if request.method == "POST":
        typed = {t.pk: request.POST.get(f"days_{t.pk}", "0").strip() or "0" for t, _d in rows}
        try:
            days = {pk: int(value) for pk, value in typed.items()}
        except ValueError:
            messages.error(request, _("จำนวนวันที่เข้าอบรมต้องเป็นตัวเลข"))
        else:
            record = (
                programme.board_attendance_set
                if course.audience == Audience.BOARD
                else programme.attendance_set
            )
            try:
                count = record(by=request.user, course=course, days=days)
            except ValidationError as exc:
                exc = closing.refused(exc)
                errors = exc.message_dict if hasattr(exc, "error_dict") else {}
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(request, _("บันทึกผู้เข้าอบรมแล้ว %(n)s คน/ครัวเรือน") % {"n": count})
                return redirect(reverse("course_attendance", args=[course.pk]))
    return render(
        request,
        "debts/course_attendance.html",
        {
            "course": course,
            "end": programme.course_end(course),
            "rows": [(t, typed.get(t.pk, d), errors.get(f"days_{t.pk}", [])) for t, d in rows],
            "editable": editable,
            "crumbs": [
                (course.centre.name, _plan_url(course.centre_id, course.fiscal_year)),
                (str(course), None),
            ],
        },
    )


# --- a target household's support ---------------------------------------------------------------


def _months_of(target: TargetHousehold) -> list:
    """The months a target household can have kept accounts in: from the month it enrolled to
    this one, within its fiscal year."""
    months, month = [], target.enrolled_on.replace(day=1)
    last = min(thai.fiscal_year_bounds(target.fiscal_year)[1], timezone.localdate())
    while month <= last:
        months.append(month)
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return months


def _support_page(request, target, *, life_form=None, support_form=None):
    editable = can_edit(request.user, target)
    found = programme_selectors.target_support(target)
    return render(
        request,
        "debts/target_support.html",
        {
            "target": target,
            "household": target.household,
            "editable": editable,
            "months": [(m, m in found["kept_months"]) for m in _months_of(target)],
            "life_form": life_form
            or (forms.LifePlanForm(instance=found["life_plan"]) if editable else None),
            "support_form": support_form or (forms.OccupationSupportForm() if editable else None),
            **found,
            "crumbs": [
                (
                    target.household.centre.name,
                    _plan_url(target.household.centre_id, target.fiscal_year),
                ),
                (str(target.household), target.household.get_absolute_url()),
                (
                    _("การสนับสนุนครัวเรือนเป้าหมาย ปีงบประมาณ %(year)s") % {"year": target.fiscal_year},
                    None,
                ),
            ],
        },
    )


def _target(request, pk) -> TargetHousehold:
    return get_visible_or_404(
        TargetHousehold.objects.select_related("household__centre"), request.user, pk=pk
    )


@require_GET
@read_view(TargetHousehold)
def target_support(request, pk):
    return _support_page(request, _target(request, pk))


@post_only
@edit_view(TargetHousehold)
def target_months(request, pk):
    target = _target(request, pk)
    chosen = []
    for value in request.POST.getlist("month"):
        try:
            chosen.append(datetime.date.fromisoformat(f"{value}-01"))
        except ValueError:
            continue  # not a month the page offered: left out
    try:
        programme.account_months_set(by=request.user, target=target, months=chosen)
    except ValidationError as exc:
        messages.error(request, " ".join(closing.refused(exc).messages))
    else:
        messages.success(request, _("บันทึกเดือนที่จัดทำบัญชีครัวเรือนแล้ว"))
    return redirect(reverse("target_support", args=[target.pk]))


@post_only
@edit_view(TargetHousehold)
def target_life_plan(request, pk):
    target = _target(request, pk)
    plan = LifePlan.objects.filter(target=target).first()
    form = forms.LifePlanForm(request.POST, request.FILES, instance=plan)
    if form.is_valid():
        try:
            programme.life_plan_save(by=request.user, target=target, **form.cleaned_data)
        except ValidationError as exc:
            pages.show_errors(form, closing.refused(exc))
        else:
            messages.success(request, _("บันทึกแผนพัฒนาชีวิตครัวเรือนแล้ว"))
            return redirect(reverse("target_support", args=[target.pk]))
    return _support_page(request, target, life_form=form)


@post_only
@edit_view(TargetHousehold)
def target_support_add(request, pk):
    target = _target(request, pk)
    form = forms.OccupationSupportForm(request.POST)
    if form.is_valid():
        try:
            programme.support_save(by=request.user, target=target, **form.cleaned_data)
        except ValidationError as exc:
            pages.show_errors(form, closing.refused(exc))
        else:
            messages.success(request, _("บันทึกการส่งเสริมอาชีพแล้ว"))
            return redirect(reverse("target_support", args=[target.pk]))
    return _support_page(request, target, support_form=form)


@require_http_methods(["GET", "POST"])
@edit_view(OccupationSupport)
def support_delete(request, pk):
    support = selectors.get_record_for_edit(OccupationSupport, request.user, pk)
    return pages.confirm_delete(
        request,
        record=support,
        delete=lambda: programme.support_delete(by=request.user, support=support),
        done=_("ลบรายการส่งเสริมอาชีพแล้ว"),
        back=reverse("target_support", args=[support.target_id]),
    )


life_plan_document = document_view(LifePlan, "document")
