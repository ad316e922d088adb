"""Report pages: an HTML preview, the PDF and the Excel file, and the same data as JSON."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from assessments import selectors as assessment_selectors
from assessments.models import Assessment
from cddfund import services as core_services
from cddfund import thai
from cddfund.access import post_only, public_view, read_view, roles_view
from cddfund.models import Province
from cddfund.pages import form_page
from cddfund.periods import Period
from cddfund.routers import replica_reads
from cddfund.scope import get_visible_or_404
from debts.models import DebtEvent, EventKind, FollowUpVisit, TargetHousehold
from debts.selectors import evidence as evidence_selectors
from institutes.models import Centre, SsgForum
from institutes.selectors import get_centre_for_user
from reports import (
    bpm,
    dashboard,
    data,
    evidence,
    exports,
    periods,
    registers,
    snapshots,
    verification,
)
from reports import render as output
from reports import services as report_services
from reports.forms import (
    AreaRegistersForm,
    EvidenceExportForm,
    ReopenForm,
    SsgBpmForm,
    VerifyForm,
)
from reports.models import Export, IssuedDocument

VERIFY_NO_MATCH = gettext_lazy("ไฟล์นี้ไม่ตรงกับเอกสารใดที่ระบบออก: อาจถูกแก้ไข หรือไม่ได้ออกจากระบบนี้")
VERIFY_BAD_CODE = gettext_lazy("รหัสตรวจสอบมี 12 ตัว เช่น ABCD-EFGH-JKMN (ไม่ต้องพิมพ์ขีด) หรือเลือกไฟล์")


def _report(request, slug):
    if slug not in data.REPORTS:
        raise Http404
    with replica_reads():
        return data.report(
            slug, request.user, Period.from_query(request.GET), request.GET.get("group", "")
        )


def _filename(report, extension):
    return f"{report.slug}-{report.period.code}.{extension}"


def _index(request, form):
    return render(
        request,
        "reports/index.html",
        {
            "year": form["year"].value(),
            "registers_form": form,
            "exports": dashboard.recent_exports(request.user)[:20],
            "crumbs": [(_("รายงาน"), None)],
        },
    )


@require_GET
@read_view()
def report_index(request):
    year = thai.fiscal_year(timezone.localdate())
    return _index(request, AreaRegistersForm(user=request.user, initial={"year": year}))


@post_only
@read_view()
def area_registers_export(request):
    """Every centre's registers in a province (or the officer's district), in the background."""
    form = AreaRegistersForm(request.POST, user=request.user)
    if not form.is_valid():
        return _index(request, form)
    export = exports.export_start(
        user=request.user,
        report="registers",
        period=Period(form.cleaned_data["year"]),
        extension=form.cleaned_data["extension"],
        register=form.cleaned_data["register"],
        province=form.cleaned_data["province"],
    )
    return redirect(export)


# Reports that list every centre: the page shows a page of centres at a time, of one province
# at a time for a scope of several provinces (the list would take the page as long as the
# country or the province is large); the PDF and Excel files hold them all.
BY_PROVINCE_ON_SCREEN = {"directory": data.centre_directory_page}


@require_GET
@read_view()
def report_preview(request, slug):
    """The report on screen. For the whole country a report of districts shows a row per
    province, or one province's districts when one is chosen, and a list of centres one
    province at a time: a screen's worth whatever the country's size (the files hold every
    district)."""
    if slug not in data.REPORTS:
        raise Http404
    group = request.GET.get("group", "")
    group = group if group in data.GROUPS else ""
    provinces, province = None, None
    by_district = slug in data.KEPT_COLUMNS and group == ""
    if request.user.province_id is None and (slug in BY_PROVINCE_ON_SCREEN or by_district):
        # One test per province for a centre (the province's index), not every centre read.
        provinces = Province.objects.filter(
            Exists(Centre.objects.visible_to(request.user).filter(province_id=OuterRef("pk")))
        ).order_by("name_th")
        chosen = request.GET.get("province", "")
        province = next((p for p in provinces if p.code == chosen), None)
        if province is None and slug in BY_PROVINCE_ON_SCREEN:
            province = provinces.first()
    period = Period.from_query(request.GET)
    page = None
    with replica_reads():
        if slug in BY_PROVINCE_ON_SCREEN:  # a page of centres, of one province at most
            report, page = BY_PROVINCE_ON_SCREEN[slug](
                request.user, period, province.code if province else None, request.GET.get("page")
            )
        elif provinces is not None:
            report = data.report(
                slug,
                request.user,
                period,
                "" if province else data.BY_PROVINCE,
                province.code if province else None,
            )
        else:
            report = _report(request, slug)
    if report.group == data.BY_PROVINCE and provinces is not None:
        for row in report.rows:  # each province opens its districts
            row["href"] = "?" + urlencode(
                {**request.GET.dict(), "province": row["province_code"], "group": ""}
            )
    return render(
        request,
        "reports/preview.html",
        {
            **output.context(report, request.user),
            "provinces": provinces,
            "province": province,
            "page": page,
            "all_provinces": by_district,
            # The files hold the whole scope, whatever the screen shows of it.
            "files_query": period.query + (f"&group={group}" if group else ""),
            "crumbs": [(_("รายงาน"), reverse("report_index")), (report.title, None)],
        },
    )


@require_GET
@read_view()
def report_pdf(request, slug):
    return _download(_report(request, slug), request.user, "pdf")


@require_GET
@read_view()
def report_excel(request, slug):
    return _download(_report(request, slug), request.user, "xlsx")


def _json_value(value):
    return str(value) if value is not None and not isinstance(value, int | str) else value


@require_GET
@read_view()
def report_api(request, slug):
    """The report's figures for central systems: same scope and log-in as the pages; with
    ``centres=1``, each centre's figures too (kept with a closed period like the rest)."""
    report = _report(request, slug)
    return JsonResponse(
        {
            "report": report.slug,
            "title": report.title,
            "fiscal_year": report.year,
            "period": report.period.code,
            "as_of": report.period.as_of().isoformat(),
            "columns": [
                {"key": c.key, "label": str(c.label), "kind": c.kind} for c in report.columns
            ],
            "sections": [
                {
                    "province": s.label,
                    "rows": [{k: _json_value(v) for k, v in r.items()} for r in s.rows],
                    "subtotal": {k: _json_value(v) for k, v in s.subtotal.items()},
                }
                for s in report.sections
            ],
            "total": {k: _json_value(v) for k, v in report.total.items()},
            "closed": _closed_json(report.snapshot),
            **(
                {
                    "centres": [
                        {k: _json_value(v) for k, v in row.items()}
                        for row in data.centre_rows(slug, request.user, report.period)
                    ]
                }
                if request.GET.get("centres") == "1" and slug in data.CENTRE_ROWS
                else {}
            ),
        },
        json_dumps_params={"ensure_ascii": False},
    )


CONTENT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _closed_json(snapshot):
    """A closed period's kept figures: which closing, and the checksum of its rows."""
    if snapshot is None:
        return None
    return {
        "version": snapshot.closing.version,
        "closed_at": snapshot.closing.closed_at.isoformat(),
        "closed_by": str(snapshot.closing.closed_by),
        "checksum": snapshot.checksum,
    }


def _download(report, user, extension):
    response = HttpResponse(
        output.issued(report, user, extension), content_type=CONTENT_TYPES[extension]
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(report, extension)}"'
    return response


@require_GET
@read_view(Centre)
def centre_register(request, pk, register, extension):
    """One of a centre's registers as PDF or Excel, for whoever may see the centre."""
    centre = get_centre_for_user(request.user, pk)
    if register not in registers.REGISTER_REPORTS or extension not in ("pdf", "xlsx"):
        raise Http404
    report = registers.REGISTER_REPORTS[register].report(
        centre, thai.fiscal_year_from(request.GET.get("year"))
    )  # a register lists the records as they stand, under the fiscal year asked for
    return _download(report, request.user, extension)


@post_only
@read_view()
def export_start(request, slug):
    """Start an export in the background and show its progress page."""
    if slug not in data.REPORTS:
        raise Http404
    extension = request.POST.get("extension")
    if extension not in ("pdf", "xlsx"):
        extension = "pdf"
    export = exports.export_start(
        user=request.user,
        report=slug,
        period=Period.from_query(request.GET),
        extension=extension,
        grouping=request.GET.get("group") if request.GET.get("group") in data.GROUPS else "",
    )
    return redirect(export)


def _own_export(request, pk) -> Export:
    """Exports are private to the user who asked for them."""
    return get_object_or_404(Export, pk=pk, user=request.user)


@require_GET
@read_view(Export)
def export_detail(request, pk):
    return render(request, "reports/export.html", {"export": _own_export(request, pk)})


@require_GET
@read_view(Export)
def export_status(request, pk):
    export = _own_export(request, pk)
    return JsonResponse(
        {
            "status": export.status,
            "label": export.get_status_display(),
            "progress": export.progress,
            "download": reverse("export_file", args=[export.pk]) if export.file else None,
        }
    )


@require_GET
@read_view(Export)
def export_file(request, pk):
    export = _own_export(request, pk)
    if not export.file:
        raise Http404
    return FileResponse(export.file.open("rb"), as_attachment=True, filename=str(export))


# --- closed periods --------------------------------------------------------------------------


def _period(code: str) -> Period:
    try:
        return Period.from_code(code)
    except ValueError as exc:
        raise Http404 from exc


@require_GET
@read_view()
def period_list(request):
    """Which periods are closed, by whom and when (everyone may see; central office acts)."""
    return render(
        request,
        "reports/periods.html",
        {
            "rows": periods.period_rows(),
            "can_close": request.user.role in core_services.CLOSING_ROLES,
            "crumbs": [(_("รายงาน"), reverse("report_index")), (_("การปิดงวด"), None)],
        },
    )


@require_http_methods(["GET", "POST"])
@roles_view(*core_services.CLOSING_ROLES)
def period_close(request, code):
    """GET: what closing means, to confirm. POST: close and keep the period's figures."""
    period = _period(code)
    if request.method == "POST":
        try:
            report_services.period_close(by=request.user, period=period)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("ปิด%(period)s แล้ว") % {"period": period.label})
        return redirect("period_list")
    return render(
        request,
        "reports/period_close.html",
        {
            "period": period,
            "kept": [data.TITLES[slug] for slug in snapshots.KEPT.get(period.round, ())],
        },
    )


@require_http_methods(["GET", "POST"])
@roles_view(*core_services.CLOSING_ROLES)
def period_reopen(request, code):
    period = _period(code)
    form = ReopenForm(request.POST or None)
    return form_page(
        request,
        form,
        save=lambda cleaned: core_services.period_unlock(
            by=request.user, period=period, reason=cleaned["reason"]
        ),
        done=_("เปิด%(period)s ให้แก้ไขได้แล้ว") % {"period": period.label},
        back=reverse("period_list"),
        title=_("เปิด%(period)s ให้แก้ไข") % {"period": period.label},
        back_label=_("การปิดงวด"),
        note=_(
            "เมื่อเปิดงวด รายงานของงวดนี้จะคำนวณจากข้อมูลปัจจุบันจนกว่าจะปิดงวดอีกครั้ง "
            "ตัวเลขที่ปิดไว้เดิมและเอกสารที่พิมพ์ไปแล้วยังตรวจสอบได้ในฐานะฉบับเดิม"
        ),
    )


# --- verification of printouts (no log-in: whoever holds the paper or the file) -------------


def _verified(request, document, form, checked=None):
    return render(
        request,
        "reports/verify.html",
        {
            "document": document,
            "snapshot": document.snapshot,
            "intact": snapshots.is_intact(document.snapshot),
            "report": data.snapshot_report(document),
            "form": form,
            "checked": checked,
        },
    )


@require_http_methods(["GET", "POST"])
@public_view
def verify_index(request):
    """Type a printout's code, or drop the file: a file that matches names its document."""
    form = VerifyForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload is not None:
            digest = verification.digest_of(upload)
            document = digest and IssuedDocument.objects.filter(sha256=digest).first()
            if document:
                return _verified(request, document, VerifyForm(), checked=True)
            form.add_error("file", VERIFY_NO_MATCH)
        elif code := verification.normalised(form.cleaned_data["code"]):
            return redirect("verify_document", code=code)
        else:
            form.add_error("code", VERIFY_BAD_CODE)
    return render(request, "reports/verify.html", {"form": form})


@require_http_methods(["GET", "POST"])
@public_view
def verify_document(request, code):
    """What the system issued under ``code``; with a file, whether it is that very file."""
    document = (
        IssuedDocument.objects.select_related("snapshot__closing__closed_by", "issued_by")
        .filter(code=verification.normalised(code))
        .first()
    )
    if document is None:
        raise Http404
    form = VerifyForm(request.POST or None, request.FILES or None)
    checked = None
    if request.method == "POST" and form.is_valid() and form.cleaned_data["file"] is not None:
        checked = verification.digest_of(form.cleaned_data["file"]) == document.sha256
    return _verified(request, document, form, checked)


# --- the filled assessment of a centre, to print and attach in BPM --------------------------


@require_GET
@read_view(Assessment)
def assessment_pdf(request, pk):
    """แบบประเมินส่วนที่ 1 (the centre) and ส่วนที่ 2 (each indicator's criterion, points and
    evidence, the province's comments), the plan and the signatures, for whoever may see it."""
    assessment = assessment_selectors.get_assessment_for_user(request.user, pk)
    answers = assessment_selectors.answers(assessment)
    context = {
        **output.context(None, request.user),
        "assessment": assessment,
        "areas": assessment_selectors.area_scores(answers),
        "provisional": [a.indicator.number for a in answers if a.indicator.provisional],
        "plan_items": assessment.plan_items.select_related("indicator"),
        "review": assessment_selectors.last_review(assessment),
    }
    if assessment.for_group:
        context["forum"] = SsgForum.objects.filter(selection_id=assessment.selection_id).first()
        name = f"{assessment.instrument}-{assessment.selection.group_id}-{assessment.fiscal_year}"
    else:
        context["members"] = assessment.centre.memberships.filter(left_on__isnull=True).count()
        name = f"assessment-{assessment.centre_id}-{assessment.fiscal_year}"
    response = HttpResponse(
        output.pdf_of("reports/assessment_pdf.html", context), content_type=CONTENT_TYPES["pdf"]
    )
    name = f"{name}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# --- the province's SMART Saving Group summary for BPM, with the forums' photos -------------


def _bpm_form(request) -> SsgBpmForm:
    query = {"year": thai.fiscal_year(timezone.localdate()), **request.GET.dict()}
    if request.user.province_id:
        query["province"] = request.user.province_id  # a province's or district's own
    if "province" not in query:
        return SsgBpmForm(initial=query, user=request.user)  # central office: pick one first
    return SsgBpmForm(query, user=request.user)


@require_GET
@read_view()
def ssg_bpm(request):
    """The summary on screen, with its PDF and Excel; central office picks the province."""
    form = _bpm_form(request)
    found = None
    if form.is_valid():
        with replica_reads():
            found = bpm.summary(
                request.user, Period(form.cleaned_data["year"]), form.cleaned_data["province"]
            )
    return _bpm_page(request, form, found)


def _bpm_page(request, form, found):
    query = (
        urlencode({"year": found.period.fiscal_year, "province": found.province.pk})
        if found
        else ""
    )
    return render(
        request,
        "reports/ssg_bpm.html",
        {
            "form": form,
            "summary": found,
            "report": found.report if found else None,
            "query": query,
            "crumbs": [(_("รายงาน"), reverse("report_index")), (_("สรุปผล SSG สำหรับ BPM"), None)],
        },
    )


@require_GET
@read_view()
def ssg_bpm_file(request, extension):
    """The summary as PDF or Excel; without a province chosen, the page to choose one."""
    if extension not in ("pdf", "xlsx"):
        raise Http404
    form = _bpm_form(request)
    if not form.is_valid():
        return _bpm_page(request, form, None)
    year, province = form.cleaned_data["year"], form.cleaned_data["province"]
    with replica_reads():
        found = bpm.summary(request.user, Period(year), province)
    content = (bpm.pdf if extension == "pdf" else bpm.excel)(found, request.user)
    response = HttpResponse(content, content_type=CONTENT_TYPES[extension])
    name = f"ssg-bpm-{province.pk}-{year}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# --- the KPI's evidence file and the forms printed pre-filled (reports/evidence.py) ----------


def _pdf_response(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPES["pdf"])
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    return response


@require_GET
@read_view(Centre)
def centre_evidence_pdf(request, pk):
    centre = get_centre_for_user(request.user, pk)
    period = Period.from_query(request.GET)
    with replica_reads():
        content = evidence.centre_pdf(evidence_selectors.centre_file(centre, period), request.user)
    return _pdf_response(content, f"evidence-{centre.pk}-{period.code}")


@require_GET
@read_view(TargetHousehold)
def enrolment_pdf(request, pk):
    target = get_visible_or_404(
        TargetHousehold.objects.select_related("household__village", "household__centre"),
        request.user,
        pk=pk,
    )
    return _pdf_response(evidence.enrolment_pdf(target, request.user), f"enrolment-{target.pk}")


@require_GET
@read_view(DebtEvent)
def contract_pdf(request, pk):
    event = get_visible_or_404(
        DebtEvent.objects.filter(
            kind__in=[EventKind.TRANSFER, EventKind.CONSOLIDATION]
        ).select_related("household__village", "household__centre"),
        request.user,
        pk=pk,
    )
    return _pdf_response(evidence.contract_pdf(event, request.user), f"contract-{event.pk}")


@require_GET
@read_view(FollowUpVisit)
def visit_pdf(request, pk):
    visit = get_visible_or_404(
        FollowUpVisit.objects.select_related("centre", "district", "province", "model_household"),
        request.user,
        pk=pk,
    )
    return _pdf_response(evidence.visit_pdf(visit, request.user), f"visit-{visit.pk}")


@require_http_methods(["GET", "POST"])
@read_view()
def evidence_export(request):
    """A province's whole evidence file, made in the background: one PDF bound centre by
    centre, or one zip of the documents attached."""
    form = EvidenceExportForm(request.POST or None, user=request.user, initial=request.GET.dict())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        export = exports.export_start(
            user=request.user,
            report="evidence",
            period=Period(data["year"], int(data["round"] or 0)),
            extension=data["extension"],
            province=data["province"],
        )
        return redirect(export)
    return render(
        request,
        "reports/evidence_export.html",
        {"form": form, "crumbs": [(_("รายงาน"), reverse("report_index")), (_("แฟ้มหลักฐาน"), None)]},
    )
