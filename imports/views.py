"""Pages of the Excel import: templates, upload, the dry-run report, confirm, export back."""

import tempfile

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from cddfund.access import edit_view, post_only, read_view
from imports import jobs, layout
from imports.models import ImportJob, ImportStatus
from imports.sheets import SHEETS, Sheet, sheets

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ERRORS_PER_PAGE = 100


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("ไฟล์ Excel (.xlsx)"),
        validators=[jobs.validate_workbook],
        error_messages={"required": gettext_lazy("เลือกไฟล์ที่จะนำเข้า")},
    )


def _chosen(sheet: str) -> list[Sheet]:
    if sheet == "all":
        return sheets()
    if sheet not in SHEETS:
        raise Http404
    return [SHEETS[sheet]]


def _index(request, form):
    return render(
        request,
        "imports/index.html",
        {
            "form": form,
            "sheets": sheets(),
            "jobs": ImportJob.objects.filter(user=request.user)[:20],
            "crumbs": [(_("นำเข้าจาก Excel"), None)],
        },
    )


@require_GET
@edit_view()
def import_index(request):
    return _index(request, UploadForm())


@post_only
@edit_view()
def import_upload(request):
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _index(request, form)
    job = jobs.upload(by=request.user, file=form.cleaned_data["file"])
    return redirect(job)


def _own_job(request, pk) -> ImportJob:
    """An import is private to the officer who uploaded it."""
    return get_object_or_404(ImportJob.objects.select_related("user"), pk=pk, user=request.user)


@require_GET
@read_view(ImportJob)
def import_detail(request, pk):
    job = _own_job(request, pk)
    checked = jobs.result_of(job.checked)
    imported = jobs.result_of(job.imported)
    shown = imported if imported and not imported.file_error else checked
    errors = Paginator(shown.errors if shown else [], ERRORS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "imports/detail.html",
        {
            "job": job,
            "checked": checked,
            "imported": imported,
            "shown": shown,
            "errors": errors,
            "running": job.status in (ImportStatus.CHECKING, ImportStatus.IMPORTING),
            "crumbs": [(_("นำเข้าจาก Excel"), reverse("import_index")), (job.original_name, None)],
        },
    )


@require_GET
@read_view(ImportJob)
def import_status(request, pk):
    job = _own_job(request, pk)
    return JsonResponse(
        {
            "status": job.status,
            "running": job.status in (ImportStatus.CHECKING, ImportStatus.IMPORTING),
            "percent": job.percent,
            "text": _("%(state)s: ทำแล้ว %(rows)s แถว")
            % {"state": job.get_status_display(), "rows": f"{job.progress_rows:,}"},
        }
    )


@post_only
@read_view(ImportJob)
def import_confirm(request, pk):
    job = _own_job(request, pk)
    try:
        jobs.confirm(by=request.user, job=job)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    return redirect(job)


@require_GET
@read_view()
def import_template(request, sheet):
    """The empty template of one register (or of all of them)."""
    return _workbook(_chosen(sheet), None, f"cddfund-template-{sheet}.xlsx")


@require_GET
@edit_view()
def import_export(request, sheet):
    """The officer's records in the template's layout: import it back and nothing changes.
    (For district officers, who import; a whole country's loans are an export of their own:
    ``manage.py export_sheet loans``.)"""
    return _workbook(_chosen(sheet), request.user, f"cddfund-{sheet}.xlsx")


def _workbook(chosen, user, filename):
    target = tempfile.TemporaryFile()  # noqa: SIM115  (FileResponse closes it)
    layout.workbook(target, chosen, user)
    target.seek(0)
    return FileResponse(target, as_attachment=True, filename=filename, content_type=XLSX)
