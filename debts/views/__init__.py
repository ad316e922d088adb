"""Household debt pages: the household list and page, the survey, classification, targets, the
step-by-step restructuring flow, the centre's debt registers and the KPI."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods
from django_tables2 import RequestConfig
from django_tables2.paginators import LazyPaginator

from cddfund import pages, thai
from cddfund.access import edit_view, post_only, read_view
from cddfund.audit import history_for
from cddfund.charts import step_chart
from cddfund.navigation import area_crumbs
from cddfund.periods import Period
from cddfund.scope import can_edit
from cddfund.uploads import document_view
from debts import forms, selectors
from debts.filters import HouseholdFilter
from debts.models import DebtEvent, DebtorClass, EventKind, Household, TargetHousehold
from debts.services import classes, households, restructure
from debts.services.households import LoanInput
from debts.tables import HouseholdTable
from institutes import selectors as centre_selectors
from institutes.models import Centre
from institutes.views import centre_page


@require_GET
@read_view()
def household_list(request):
    return _household_list_page(request, request.GET or None, forms.HouseholdFindForm())


def _household_list_page(request, data, find_form):
    filterset = HouseholdFilter(
        data, queryset=selectors.household_list(request.user), user=request.user
    )
    table = HouseholdTable(filterset.qs)
    # A lazy paginator: no COUNT over a table of a million households on every page view.
    RequestConfig(request, paginate={"per_page": 25, "paginator_class": LazyPaginator}).configure(
        table
    )
    return render(
        request,
        "debts/household_list.html",
        {
            "filter": filterset,
            "table": table,
            "find_form": find_form,
            "crumbs": [(_("ครัวเรือน"), None)],
        },
    )


@post_only
@sensitive_post_parameters("national_id")
@read_view()
def household_find(request):
    """The household whose head has this whole ID, if the user may see it. The ID comes by POST
    and the answer is a redirect to the household's page (its URL holds only its number)."""
    form = forms.HouseholdFindForm(request.POST)
    if form.is_valid():
        household = selectors.household_with_head_id(request.user, form.cleaned_data["national_id"])
        if household is not None:
            return redirect(household)
        form.add_error("national_id", forms.NOT_FOUND_IN_SCOPE)
    return _household_list_page(request, None, form)


def _household_form_page(request, centre, household=None):
    form = forms.HouseholdForm(request.POST or None, instance=household)

    def save(data):
        data = dict(data)
        confirmed = data.pop("duplicate_confirmed")
        if household is None:
            return households.household_create(
                by=request.user, centre=centre, duplicate_confirmed=confirmed, **data
            )
        return households.household_update(
            by=request.user, household=household, duplicate_confirmed=confirmed, **data
        )

    return pages.form_page(
        request,
        form,
        save=save,
        go=lambda saved: saved.get_absolute_url(),
        done=_("บันทึกครัวเรือนแล้ว"),
        back=household.get_absolute_url() if household else centre.get_absolute_url(),
        template="debts/household_form.html",
        centre=centre,
        household=household,
        definition=forms.HOUSEHOLD_DEFINITION,
    )


@require_http_methods(["GET", "POST"])
@sensitive_post_parameters("head_national_id")
@edit_view(Centre)
def household_create(request, pk):
    return _household_form_page(request, centre_selectors.get_centre_for_edit(request.user, pk))


@require_http_methods(["GET", "POST"])
@sensitive_post_parameters("head_national_id")
@edit_view(Household)
def household_edit(request, pk):
    household = selectors.get_household_for_edit(request.user, pk)
    return _household_form_page(request, household.centre, household)


@require_GET
@read_view(Household)
def household_detail(request, pk):
    household = selectors.get_household_for_user(request.user, pk)
    entries = selectors.timeline(household)
    return render(
        request,
        "debts/household_detail.html",
        {
            "household": household,
            "loans": selectors.loans(household),
            "targets": household.targets.order_by("-fiscal_year"),
            "timeline": list(reversed(entries)),
            "chart": step_chart(
                selectors.outstanding_points(entries), title=_("หนี้คงค้างตามช่วงเวลา")
            ),
            "can_edit": can_edit(request.user, household),
            "steps": STEPS,
            "history": history_for(household),
            "crumbs": [
                *area_crumbs(household, "household_list"),
                (str(household.centre), household.centre.get_absolute_url()),
                (str(household), None),
            ],
        },
    )


def _loan_inputs(formset) -> list[LoanInput]:
    return [
        LoanInput(**{k: v for k, v in form.cleaned_data.items() if k not in ("DELETE",)})
        for form in formset.forms
        if form.has_changed() and form.cleaned_data
    ]


@require_http_methods(["GET", "POST"])
@edit_view(Household)
def survey_create(request, pk):
    household = selectors.get_household_for_edit(request.user, pk)
    data = request.POST or None
    adding = data is not None and "add_loan" in data
    if adding:
        # "+ เพิ่มสัญญา" without JavaScript: the same rows again, and one more; nothing saved.
        # The count comes from the browser: a broken one is left for the formset to refuse.
        data = data.copy()
        rows = data.get("loans-TOTAL_FORMS", "")
        if rows.isdigit():
            data["loans-TOTAL_FORMS"] = str(min(int(rows) + 1, forms.MAX_LOANS))
    form = forms.SurveyForm(data, initial={"surveyed_on": timezone.localdate()})
    formset = forms.LoanFormSetFactory(data, prefix="loans", village=household.village)
    if data is not None and not adding and form.is_valid() and formset.is_valid():
        try:
            households.survey_record(
                by=request.user,
                household=household,
                surveyed_on=form.cleaned_data["surveyed_on"],
                note=form.cleaned_data["note"],
                new_loans=_loan_inputs(formset),
            )
        except ValidationError as exc:
            _spread_errors(exc, form, formset)
        else:
            messages.success(request, _("บันทึกการสำรวจหนี้แล้ว"))
            return redirect(household)
    return render(
        request,
        "debts/survey_form.html",
        {"form": form, "formset": formset, "household": household, "max_loans": forms.MAX_LOANS},
    )


def _spread_errors(exc: ValidationError, form, formset) -> None:
    """Put ``loans-N-field`` errors on the formset's rows and the rest on the main form."""
    rest = {}
    for key, errors in getattr(exc, "error_dict", {}).items():
        if key.startswith("loans-"):
            _prefix, index, field = key.split("-", 2)
            formset.forms[int(index)].add_error(field, errors)
        else:
            rest[key] = errors
    pages.show_errors(form, ValidationError(rest) if hasattr(exc, "error_dict") else exc)


@require_http_methods(["GET", "POST"])
@edit_view(Household)
def household_classify(request, pk):
    household = selectors.get_household_for_edit(request.user, pk)
    suggested = classes.suggested_class(household)
    form = forms.ClassifyForm(
        request.POST or None,
        centre=household.centre,
        initial={"debtor_class": suggested.pk if suggested else None},
    )
    return pages.form_page(
        request,
        form,
        save=lambda data: classes.household_classify(by=request.user, household=household, **data),
        done=_("จัดประเภทลูกหนี้แล้ว"),
        back=household.get_absolute_url(),
        back_label=str(household),
        title=_("จัดประเภทลูกหนี้"),
        note=_("ระบบเสนอประเภทตามจำนวนเดือนที่ค้างชำระนานที่สุด: %(name)s") % {"name": suggested.name}
        if suggested
        else _("ยังไม่มีประเภทลูกหนี้ที่ตรงกับการค้างชำระ คณะกรรมการกำหนดประเภทได้ที่แท็บประเภทลูกหนี้ของศูนย์"),
    )


def _target_page(request, household, target=None):
    today = timezone.localdate()
    initial = {} if target else {"fiscal_year": thai.fiscal_year(today), "enrolled_on": today}
    form = forms.TargetForm(
        request.POST or None, request.FILES or None, instance=target, initial=initial
    )
    return pages.form_page(
        request,
        form,
        save=lambda data: classes.target_save(
            by=request.user, household=household, target=target, **data
        ),
        done=_("บันทึกครัวเรือนเป้าหมายแล้ว"),
        back=household.get_absolute_url(),
        back_label=str(household),
        title=_("ครัวเรือนเป้าหมายและการเข้าร่วมกิจกรรม"),
    )


@require_http_methods(["GET", "POST"])
@edit_view(Household)
def target_create(request, pk):
    return _target_page(request, selectors.get_household_for_edit(request.user, pk))


@require_http_methods(["GET", "POST"])
@edit_view(TargetHousehold)
def target_edit(request, pk):
    target = selectors.get_record_for_edit(TargetHousehold, request.user, pk)
    return _target_page(request, target.household, target)


# kind → (form, service, title); every service takes the form's data, ``on`` and ``preview``.
STEPS = {
    EventKind.TRANSFER: (forms.TransferForm, restructure.debt_transfer, _("โอนภาระหนี้ไปยังกลุ่มอื่น")),
    EventKind.CONSOLIDATION: (
        forms.ConsolidateForm,
        restructure.loans_consolidate,
        _("รวมหลายสัญญาเป็นสัญญาเดียว"),
    ),
    EventKind.CHANGE_TERMS: (
        forms.ChangeTermsForm,
        restructure.loan_terms_change,
        _("ปรับอัตราดอกเบี้ย/ระยะเวลา"),
    ),
    EventKind.REPAYMENT: (forms.RepayForm, restructure.loan_repay, _("บันทึกการชำระหนี้")),
    EventKind.WRITE_OFF: (
        forms.WriteOffForm,
        restructure.loan_write_off,
        _("ตัดหนี้สูญตามมติคณะกรรมการ"),
    ),
}


@require_http_methods(["GET", "POST"])
@edit_view(Household)
def restructure_step(request, pk, kind):
    """Step 1: the form. Step 2 (``stage=preview``): the household before and after, nothing saved
    yet. Step 3 (``stage=confirm``): saved, with an optional document."""
    household = selectors.get_household_for_edit(request.user, pk)
    if kind not in STEPS:
        return redirect(household)
    form_class, service, title = STEPS[kind]
    form = form_class(request.POST or None, household=household)
    document = forms.DocumentForm(request.POST or None, request.FILES or None)
    stage = request.POST.get("stage")
    context = {"form": form, "household": household, "title": title, "kind": kind}
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        on = data.pop("occurred_on")
        if "loans" in data:
            data["loans"] = list(data["loans"])
        confirm = stage == "confirm" and document.is_valid()
        extra = {"document": document.cleaned_data.get("document")} if confirm else {}
        try:
            outcome = service(
                by=request.user, household=household, on=on, preview=not confirm, **data, **extra
            )
        except ValidationError as exc:
            pages.show_errors(form, exc)
        else:
            if confirm:
                # The kind's own name: a step's title may start with "บันทึก" itself.
                done = _("บันทึกรายการ%(kind)sแล้ว") % {"kind": EventKind(kind).label}
                messages.success(request, done)
                return redirect(household)
            context.update({"outcome": outcome, "document": document})
            return render(request, "debts/step_preview.html", context)
    return render(request, "debts/step_form.html", context)


event_document = document_view(DebtEvent, "document")
enrolment_form = document_view(TargetHousehold, "enrolment_form")


@require_http_methods(["GET", "POST"])
@edit_view(DebtEvent)
def event_evidence(request, pk):
    """Add the board's decision and the signed contract to a step already recorded."""
    event = selectors.get_record_for_edit(DebtEvent, request.user, pk)
    form = forms.EventEvidenceForm(request.POST or None, request.FILES or None, instance=event)
    return pages.form_page(
        request,
        form,
        save=lambda data: restructure.event_evidence_save(by=request.user, event=event, **data),
        done=_("บันทึกหลักฐานของรายการแล้ว"),
        back=event.household.get_absolute_url(),
        back_label=str(event.household),
        title=_("มติคณะกรรมการและสัญญาที่ลงนามของรายการ %(event)s") % {"event": event},
    )


@require_GET
@read_view(Centre)
def centre_households(request, pk):
    centre = centre_selectors.get_centre_for_user(request.user, pk)
    return centre_page(
        request,
        centre,
        "centre_households",
        "debts/centre_households.html",
        counts=selectors.standing_counts(centre.households.filter(baseline_on__isnull=False)),
        unsurveyed=centre.households.filter(baseline_on__isnull=True).count(),
    )


@require_GET
@read_view(Centre)
def centre_one_contract(request, pk):
    centre = centre_selectors.get_centre_for_user(request.user, pk)
    return centre_page(
        request,
        centre,
        "centre_one_contract",
        "debts/centre_one_contract.html",
        households=selectors.one_contract_register(centre),
    )


@require_GET
@read_view(Centre)
def centre_transfers(request, pk):
    centre = centre_selectors.get_centre_for_user(request.user, pk)
    return centre_page(
        request,
        centre,
        "centre_transfers",
        "debts/centre_transfers.html",
        rows=selectors.transfer_register(centre),
    )


@require_GET
@read_view(Centre)
def centre_debtor_classes(request, pk):
    centre = centre_selectors.get_centre_for_user(request.user, pk)
    return centre_page(
        request,
        centre,
        "centre_debtor_classes",
        "debts/centre_debtor_classes.html",
        debtor_classes=selectors.debtor_classes(centre),
    )


@require_http_methods(["GET", "POST"])
@edit_view(Centre)
def debtor_classes_defaults(request, pk):
    """Shows the default classes, and adds those the centre does not have yet on POST."""
    centre = centre_selectors.get_centre_for_edit(request.user, pk)
    if request.method == "POST":
        added = classes.debtor_classes_add_defaults(by=request.user, centre=centre)
        messages.success(request, _("เพิ่มประเภทลูกหนี้ตั้งต้น %(n)s ประเภท") % {"n": len(added)})
        return redirect("centre_debtor_classes", pk=centre.pk)
    return render(
        request,
        "debts/debtor_class_defaults.html",
        {"centre": centre, "defaults": classes.DEFAULT_CLASSES},
    )


def _debtor_class_page(request, centre, debtor_class=None):
    form = forms.DebtorClassForm(request.POST or None, instance=debtor_class, centre=centre)
    return pages.form_page(
        request,
        form,
        save=lambda data: classes.debtor_class_save(
            by=request.user, centre=centre, debtor_class=debtor_class, **data
        ),
        done=_("บันทึกประเภทลูกหนี้แล้ว"),
        back=reverse("centre_debtor_classes", args=[centre.pk]),
        back_label=centre.name,
        title=_("ประเภทลูกหนี้"),
        centre=centre,
    )


@require_http_methods(["GET", "POST"])
@edit_view(Centre)
def debtor_class_create(request, pk):
    return _debtor_class_page(request, centre_selectors.get_centre_for_edit(request.user, pk))


@require_http_methods(["GET", "POST"])
@edit_view(DebtorClass)
def debtor_class_edit(request, pk):
    debtor_class = selectors.get_record_for_edit(DebtorClass, request.user, pk)
    return _debtor_class_page(request, debtor_class.centre, debtor_class)


@require_http_methods(["GET", "POST"])
@edit_view(DebtorClass)
def debtor_class_delete(request, pk):
    """Delete a class the board no longer uses (asked to confirm first); a class that a
    household's classification names is kept, with the reason."""
    debtor_class = selectors.get_record_for_edit(DebtorClass, request.user, pk)
    return pages.confirm_delete(
        request,
        record=debtor_class,
        delete=lambda: classes.debtor_class_delete(by=request.user, debtor_class=debtor_class),
        done=_("ลบประเภทลูกหนี้แล้ว"),
        back=reverse("centre_debtor_classes", args=[debtor_class.centre_id]),
    )


@require_GET
@read_view()
def kpi_page(request):
    period = Period.from_query(request.GET)
    year = period.fiscal_year
    level = request.GET.get("level") or _default_level(request.user)
    if level not in selectors.KPI_LEVELS:
        level = _default_level(request.user)
    rows, total = selectors.kpi(request.user, period, level)
    return render(
        request,
        "debts/kpi.html",
        {
            "period": period,
            "as_of": period.as_of(),
            "year": year,
            "years": range(year - 2, year + 1),
            "level": level,
            "rows": rows,
            "total": total,
            "crumbs": [(_("ผลสัมฤทธิ์การบริหารจัดการหนี้"), None)],
        },
    )


def _default_level(user) -> str:
    if user.scope.district_id:
        return "centre"
    return "district" if user.scope.province_id else "province"
