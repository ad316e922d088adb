"""Import jobs: upload → dry run in the background → the officer confirms → import.

The rules of reading and writing rows are in ``imports.running``; this module keeps each
job's state, its timings and its results. The check and the import are jobs on the queue
(``imports/tasks.py``), each run in a child process with a memory cap (``cddfund/capped.py``).
An import writes its rows and marks itself done in one transaction: run twice (a worker that
died, a passing error), it imports once.
"""

import contextlib
import dataclasses
import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from cddfund import thai
from cddfund.capped import run_capped
from cddfund.models import User
from cddfund.notifications import notify
from cddfund.queue import TryAgain, is_transient
from cddfund.storage import local_path
from imports import running, workbooks
from imports.models import ImportJob, ImportStatus
from imports.tasks import import_check, import_write

MAX_IMPORT_BYTES = 50 * 1024 * 1024
TOO_LARGE = _("ไฟล์ใหญ่เกิน 50 MB (ไฟล์นี้ %(size)s MB) กรุณาแบ่งเป็นหลายไฟล์")
NOT_XLSX = _("รับเฉพาะไฟล์ Excel (.xlsx) ถ้าเป็น .xls ให้เปิดแล้วบันทึกเป็น Excel Workbook (.xlsx)")
NOT_CHECKED = _("ยืนยันได้เฉพาะไฟล์ที่ตรวจเสร็จแล้วและยังไม่ได้นำเข้า")
NOTHING_TO_IMPORT = _("ไม่มีแถวที่นำเข้าได้ กรุณาแก้ไขไฟล์แล้วอัปโหลดใหม่")
OUT_OF_MEMORY = _("ระบบหยุดอ่านไฟล์นี้เพราะใช้หน่วยความจำเกินกำหนด กรุณาแบ่งเป็นหลายไฟล์ที่เล็กลงแล้วอัปโหลดใหม่")
STALLED = _(
    "ระบบหยุดอ่านไฟล์นี้เพราะไม่คืบหน้าเกิน %(minutes)s นาที กรุณาตรวจไฟล์ (เช่น แถวว่างจำนวนมาก) แล้วอัปโหลดใหม่"
)
FAILED = _("อ่านไฟล์นี้ไม่สำเร็จเพราะระบบขัดข้อง ข้อมูลไม่ถูกบันทึก กรุณาลองใหม่หรือแจ้งผู้ดูแลระบบ")

# A file is read in a child process that may use this much more memory than the web process,
# and is stopped when its progress stands still this long.
MEMORY_BYTES = 1024 * 1024 * 1024
STALL_SECONDS = 600

log = logging.getLogger(__name__)


def _set(job_id: int, **fields) -> None:
    ImportJob.objects.filter(pk=job_id).update(**fields)


def result_of(data: dict | None) -> running.Result | None:
    if data is None:
        return None
    sheets = [running.SheetResult(**s) for s in data.get("sheets", [])]
    return running.Result(
        sheets=sheets,
        errors=[tuple(e) for e in data.get("errors", [])],
        error_count=data.get("error_count", 0),
        file_error=data.get("file_error", ""),
    )


def _audit(job: ImportJob) -> dict:
    return {"user": job.user_id, "import": job.pk, "command": f"นำเข้าจากไฟล์ {job.original_name}"}


def _progress(job_id: int):
    return lambda rows: _set(job_id, progress_rows=rows)


def _run(job_id: int, *, write: bool) -> None:
    """Check (dry run) or import the job's file; keep the outcome, its time and the status.
    The import holds the job's row from start to end: a second run waits, then finds it done."""
    working = ImportStatus.IMPORTING if write else ImportStatus.CHECKING
    try:
        # The import in one transaction with its "done"; the check writes nothing to keep.
        with transaction.atomic() if write else contextlib.nullcontext():
            jobs = ImportJob.objects.select_related("user").filter(pk=job_id, status=working)
            job = (jobs.select_for_update(of=("self",)) if write else jobs).first()
            if job is None:  # already done by an earlier run
                return
            with local_path(job.file) as path:  # a copy when the file is on an object store
                if not write:
                    _set(job_id, total_rows=running.count_rows(path))
                result, seconds = running.timed(
                    running.run,
                    path,
                    job.user,
                    write=write,
                    checked=result_of(job.checked) if write else None,
                    progress=_progress(job_id),
                    audit=_audit(job),
                )
            done = ImportStatus.DONE if write else ImportStatus.CHECKED
            outcome = ("imported", "import_seconds") if write else ("checked", "check_seconds")
            _set(
                job_id,
                status=ImportStatus.FAILED if result.file_error else done,
                progress_rows=sum(s.rows for s in result.sheets),
                error=result.file_error[:500],
                finished_at=timezone.now(),
                **{outcome[0]: dataclasses.asdict(result), outcome[1]: seconds},
            )
    except MemoryError:
        _set(
            job_id, status=ImportStatus.FAILED, error=str(OUT_OF_MEMORY), finished_at=timezone.now()
        )
    except Exception as exc:
        if is_transient(exc):
            raise  # the job runs again (nothing was written)
        log.exception("import %s failed", job_id)
        _set(job_id, status=ImportStatus.FAILED, error=str(FAILED), finished_at=timezone.now())


def check(job_id: int) -> None:
    """The dry run: every row written and rolled back, the outcome kept on the job."""
    _run(job_id, write=False)


def write(job_id: int) -> None:
    """The import: all valid rows in one transaction, or none if the records changed."""
    _run(job_id, write=True)


CHECKED_NOTICE = gettext_noop("ตรวจไฟล์ %(name)s เสร็จแล้ว: ดูผลการตรวจแล้วยืนยันการนำเข้า")
DONE_NOTICE = gettext_noop("นำเข้าไฟล์ %(name)s เรียบร้อยแล้ว")
FAILED_NOTICE = gettext_noop("ไฟล์ %(name)s ไม่ได้นำเข้า: %(error)s")
NOTICES = {
    ImportStatus.CHECKED: CHECKED_NOTICE,
    ImportStatus.DONE: DONE_NOTICE,
    ImportStatus.FAILED: FAILED_NOTICE,
}


def announce(job_id: int) -> None:
    """Tell the user who uploaded the file how its check or import ended (once per ending)."""
    job = ImportJob.objects.select_related("user").get(pk=job_id)
    if job.status not in NOTICES:
        return
    notify(
        User.objects.filter(pk=job.user_id),
        NOTICES[job.status],
        params={"name": job.original_name, "error": job.error},
        url=job.get_absolute_url(),
        province_id=job.user.province_id,
        district_id=job.user.district_id,
        key=f"import:{job.pk}:{job.status}",
    )


def run_in_child(function, job_id: int, *, last_attempt: bool = True) -> None:
    """Run ``function(job_id)`` in a child process with a memory cap. A child that dies or
    stands still fails the job with the reason; one that met a passing error has the job run
    again (``TryAgain``) unless this was its last attempt. Nothing stays "running"."""

    def progress():
        return ImportJob.objects.filter(pk=job_id).values_list("status", "progress_rows").first()

    outcome = run_capped(
        function, job_id, memory_bytes=MEMORY_BYTES, progress=progress, stall_seconds=STALL_SECONDS
    )
    if outcome is None:
        announce(job_id)
        return
    if outcome == "retry" and not last_attempt:
        raise TryAgain(f"import {job_id}")
    messages = {
        "stalled": STALLED % {"minutes": STALL_SECONDS // 60},
        "retry": FAILED,
        "failed": OUT_OF_MEMORY,
    }
    running = ImportJob.objects.filter(
        pk=job_id, status__in=[ImportStatus.CHECKING, ImportStatus.IMPORTING]
    )
    running.update(
        status=ImportStatus.FAILED, error=str(messages[outcome]), finished_at=timezone.now()
    )
    announce(job_id)


def validate_workbook(upload) -> None:
    """An .xlsx within the size limits (``workbooks``), checked before anything opens it."""
    if upload.size > MAX_IMPORT_BYTES:
        raise ValidationError(TOO_LARGE, params={"size": f"{upload.size / 1048576:.1f}"})
    upload.seek(0)
    head = upload.read(4)
    upload.seek(0)
    if not upload.name.lower().endswith(".xlsx") or head != b"PK\x03\x04":
        raise ValidationError(NOT_XLSX)
    try:
        workbooks.check(upload)
    finally:
        upload.seek(0)


@transaction.atomic
def upload(*, by, file) -> ImportJob:
    """Keep the file and start its dry run."""
    validate_workbook(file)
    # The name is the officer's choice and appears in the audit trail of every record the file
    # writes: an ID typed into it is masked like any other.
    name = thai.mask_ids_in(file.name)[:200]
    job = ImportJob.objects.create(user=by, file=file, original_name=name)
    import_check.defer(job_id=job.pk)
    return job


@transaction.atomic
def confirm(*, by, job: ImportJob) -> ImportJob:
    job = ImportJob.objects.select_for_update().get(pk=job.pk, user=by)
    if job.status != ImportStatus.CHECKED:
        raise ValidationError(NOT_CHECKED)
    if not result_of(job.checked).valid_rows:
        raise ValidationError(NOTHING_TO_IMPORT)
    job.status = ImportStatus.IMPORTING
    job.progress_rows = 0
    job.save(update_fields=["status", "progress_rows"])
    import_write.defer(job_id=job.pk)
    return job
