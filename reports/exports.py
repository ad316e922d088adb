"""Running an export outside the request: the page returns at once and polls the progress.

Each export runs in its own thread with its own database connection, so neither the page nor
other users wait for it; the file is kept for download by the user who asked for it.
"""

import threading

from django.core.files.base import ContentFile
from django.db import close_old_connections, connection, transaction
from django.utils import timezone

from reports import data
from reports import render as output
from reports.models import Export, ExportStatus


def _set(export_id: int, **fields) -> None:
    Export.objects.filter(pk=export_id).update(**fields)


def run(export_id: int) -> None:
    """Build the report and its file, reporting progress as it goes."""
    export = Export.objects.select_related("user").get(pk=export_id)
    try:
        _set(export_id, status=ExportStatus.RUNNING, progress=10)
        report = data.REPORTS[export.report](export.user, export.fiscal_year)
        _set(export_id, progress=50)
        render = output.pdf if export.extension == "pdf" else output.excel
        content = render(report, export.user)
        _set(export_id, progress=90)
        export.file.save(str(export), ContentFile(content), save=False)
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


def _in_thread(export_id: int) -> None:
    close_old_connections()
    try:
        run(export_id)
    finally:
        connection.close()


def start(*, user, report: str, fiscal_year: int, extension: str) -> Export:
    """Queue an export and start it once the request's transaction has committed."""
    export = Export.objects.create(
        user=user, report=report, fiscal_year=fiscal_year, extension=extension
    )
    transaction.on_commit(
        lambda: threading.Thread(target=_in_thread, args=(export.pk,), daemon=True).start()
    )
    return export
