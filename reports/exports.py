"""An export is a job on the queue (``reports/tasks.py``): the file is built in a temporary file
as it goes (never held whole in memory for Excel), handed to storage only once complete, and
offered for download (to the user who asked for it) only after storage has it whole.
"""

import logging
import os
import tempfile
from pathlib import Path

from django.core.files import File
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from cddfund.models import User
from cddfund.notifications import notify
from cddfund.periods import Period
from cddfund.queue import is_transient
from cddfund.routers import replica_reads
from reports import data, evidence, registers
from reports import render as output
from reports.models import Export, ExportStatus
from reports.tasks import export_build

RETRYING = _("ระบบขัดข้องชั่วคราว กำลังลองจัดทำใหม่โดยอัตโนมัติ")
FAILED = _("จัดทำไฟล์ไม่สำเร็จเพราะระบบขัดข้อง กรุณาสั่งใหม่อีกครั้ง หากยังไม่ได้โปรดแจ้งผู้ดูแลระบบ")

log = logging.getLogger(__name__)

READY_NOTICE = gettext_noop("ไฟล์ %(name)s พร้อมดาวน์โหลดแล้ว")
FAILED_NOTICE = gettext_noop("จัดทำไฟล์ %(name)s ไม่สำเร็จ: สั่งใหม่ได้จากหน้ารายงาน")


def _tell(export: Export, message: str) -> None:
    """Tell the user who asked for ``export`` how it ended (once, however often it runs)."""
    notify(
        User.objects.filter(pk=export.user_id),
        message,
        params={"name": str(export)},
        url=export.get_absolute_url(),
        province_id=export.user.province_id,
        district_id=export.user.district_id,
        key=f"export:{export.pk}:{(message == READY_NOTICE and 'done') or 'failed'}",
    )


def _set(export_id: int, **fields) -> None:
    Export.objects.filter(pk=export_id).update(**fields)


def _progress(export_id: int, start: int, end: int):
    """A callback ``(fraction done)`` that moves the bar from ``start`` to ``end`` percent,
    writing only when the shown percentage changes."""
    shown = [start]

    def report(fraction: float) -> None:
        percent = start + int((end - start) * fraction)
        if percent != shown[0]:
            shown[0] = percent
            _set(export_id, progress=percent)

    return report


def export_write(
    *,
    user,
    report,
    period,
    extension,
    target,
    register="",
    province=None,
    progress=None,
    grouping="",
):
    """A report's file, as ``user`` may see it, written to ``target``. For the registers of an
    area and the evidence file, ``progress(fraction)`` follows the centres as they are read."""
    if report == "evidence":
        write = evidence.area_zip if extension == "zip" else evidence.area_pdf
        write(user, province, period, target, progress)
        return
    if report != "registers":
        # A report of districts (at most the country's 928 rows) fits in memory whole; its
        # bytes are hashed when it is a closed period's (reports/verification.py).
        content = output.issued(data.report(report, user, period, grouping), user, extension)
        if isinstance(target, str | os.PathLike):
            Path(target).write_bytes(content)
        else:
            target.write(content)
        return
    chosen = registers.chosen(register)
    centres = registers.area_centres(user, province)
    year = period.fiscal_year
    if extension == "pdf":
        # Register by register, centre by centre: memory holds one centre's register at a time.
        follow = progress and (lambda done, count: progress(done / max(count, 1)))
        output.pdf_bound(registers.centre_reports(chosen, centres, year, follow), user, target)
        return
    area = registers.area_label(user, province)

    def follow(i):
        # Progress moves over the centres of each register in turn.
        return progress and (lambda done, count: progress((i + done / max(count, 1)) / len(chosen)))

    parts = [
        registers.area_register(r, centres, year, area, on_centre=follow(i))
        for i, r in enumerate(chosen)
    ]
    output.excel(parts, user, target)


def export_run(export_id: int, *, last_attempt: bool = True) -> None:
    """Build the report and its file, reporting progress as it goes. Run again after a passing
    error or a worker that died, it starts over; once done, it does nothing."""
    export = Export.objects.select_related("user", "province").get(pk=export_id)
    if export.status == ExportStatus.DONE:
        return
    try:
        _set(export_id, status=ExportStatus.RUNNING, progress=5, error="")
        with replica_reads(), tempfile.TemporaryFile() as target:
            export_write(
                user=export.user,
                report=export.report,
                period=export.period,
                extension=export.extension,
                target=target,
                register=export.register,
                province=export.province,
                progress=_progress(export_id, 5, 90),
                grouping=export.grouping,
            )
            _set(export_id, progress=95)
            target.seek(0)
            # Stored under a name of its own (the export's number): never one another user's
            # export of the same report could take; the download is still named str(export).
            export.file.save(f"{export.pk}-{export}", File(target), save=False)
        _set(
            export_id,
            file=export.file.name,
            status=ExportStatus.DONE,
            progress=100,
            finished_at=timezone.now(),
        )
        _tell(export, READY_NOTICE)
    except Exception as exc:
        if is_transient(exc) and not last_attempt:
            _set(export_id, status=ExportStatus.QUEUED, progress=0, error=str(RETRYING))
        else:
            log.exception("export %s failed", export_id)
            _set(
                export_id,
                status=ExportStatus.FAILED,
                error=str(FAILED),
                finished_at=timezone.now(),
            )
            _tell(export, FAILED_NOTICE)
        raise


def export_start(*, user, report: str, period: Period, extension: str, **area) -> Export:
    """Put an export in the queue, in the request's transaction (the job exists exactly when the
    export does)."""
    export = Export.objects.create(
        user=user,
        report=report,
        fiscal_year=period.fiscal_year,
        round=period.round,
        extension=extension,
        **area,
    )
    export_build.defer(export_id=export.pk)
    return export
