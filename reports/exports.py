"""Running an export in the background (``cddfund.background``): the file is written to a
temporary file as it is built (never held whole in memory for Excel) and kept for download by
the user who asked for it.
"""

import tempfile

from django.core.files import File
from django.utils import timezone

from cddfund.background import start_after_commit
from cddfund.routers import replica_reads
from reports import data, registers
from reports import render as output
from reports.forms import ALL
from reports.models import Export, ExportStatus


def _set(export_id: int, **fields) -> None:
    Export.objects.filter(pk=export_id).update(**fields)


def _progress(export_id: int, start: int, end: int):
    """A callback ``(done, count)`` that moves the bar from ``start`` to ``end`` percent,
    writing only when the shown percentage changes."""
    shown = [start]

    def report(done: int, count: int) -> None:
        percent = start + (end - start) * done // max(count, 1)
        if percent != shown[0]:
            shown[0] = percent
            _set(export_id, progress=percent)

    return report


def _reports(export: Export):
    """What the export holds and, for several reports in one PDF, the footer title."""
    if export.report != "registers":
        return [data.REPORTS[export.report](export.user, export.fiscal_year)], None
    centres = registers.area_centres(export.user, export.province)
    area = registers.area_label(export.user, export.province)
    chosen = (
        list(registers.REGISTERS.values())
        if export.register == ALL
        else [registers.REGISTERS[export.register]]
    )
    if export.extension == "pdf":
        # Register by register, centre by centre: memory holds one centre's register at a time.
        return registers.centre_reports(
            chosen, centres, export.fiscal_year, _progress(export.pk, 5, 90)
        ), None
    # Progress moves over the centres of each register in turn.
    share = 85 // len(chosen)
    return [
        registers.area_register(
            register,
            centres,
            export.fiscal_year,
            area,
            on_centre=_progress(export.pk, 5 + i * share, 5 + (i + 1) * share),
        )
        for i, register in enumerate(chosen)
    ], f"ทะเบียนของศูนย์ · {area}"


def run(export_id: int) -> None:
    """Build the report and its file, reporting progress as it goes."""
    export = Export.objects.select_related("user", "province").get(pk=export_id)
    try:
        _set(export_id, status=ExportStatus.RUNNING, progress=5)
        with replica_reads(), tempfile.TemporaryFile() as target:
            reports, title = _reports(export)
            if export.report == "registers" and export.extension == "pdf":
                output.pdf_bound(reports, export.user, target)
            elif export.extension == "pdf":
                output.pdf(reports, export.user, target, title=title)
            else:
                output.excel(reports, export.user, target)
            _set(export_id, progress=95)
            target.seek(0)
            export.file.save(str(export), File(target), save=False)
        _set(
            export_id,
            file=export.file.name,
            status=ExportStatus.DONE,
            progress=100,
            finished_at=timezone.now(),
        )
    except Exception as exc:
        _set(
            export_id, status=ExportStatus.FAILED, error=str(exc)[:300], finished_at=timezone.now()
        )
        raise


def start(*, user, report: str, fiscal_year: int, extension: str, **area) -> Export:
    """Queue an export and start it once the request's transaction has committed."""
    export = Export.objects.create(
        user=user, report=report, fiscal_year=fiscal_year, extension=extension, **area
    )
    start_after_commit(run, export.pk)
    return export
