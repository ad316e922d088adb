"""Report pages: an HTML preview, the PDF and the Excel file, and the same data as JSON."""

from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from cddfund import thai
from cddfund.access import post_only, read_view
from cddfund.periods import Period
from cddfund.routers import replica_reads
from institutes.models import Centre
from institutes.selectors import get_centre_for_user
from reports import data, exports, registers
from reports import render as output
from reports.forms import AreaRegistersForm
from reports.models import Export


def _report(request, slug):
    if slug not in data.REPORTS:
        raise Http404
    with replica_reads():
        return data.REPORTS[slug](request.user, Period.from_query(request.GET))


def _filename(report, extension):
    return f"{report.slug}-{report.period.code}.{extension}"


def _index(request, form):
    return render(
        request,
        "reports/index.html",
        {
            "year": form["year"].value(),
            "registers_form": form,
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


@require_GET
@read_view()
def report_preview(request, slug):
    report = _report(request, slug)
    return render(
        request,
        "reports/preview.html",
        {
            **output.context(report, request.user),
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
    """The report's figures for central systems: same scope and log-in as the pages."""
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
        },
        json_dumps_params={"ensure_ascii": False},
    )


def _download(report, user, extension):
    if extension == "pdf":
        response = HttpResponse(output.pdf(report, user), content_type="application/pdf")
    else:
        response = HttpResponse(
            output.excel(report, user),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
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
