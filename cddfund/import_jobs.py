"""Import jobs: upload → dry run in the background → the officer confirms → import.

The rules of reading and writing rows are in ``cddfund.importing``; this module keeps each
job's state, its timings and its results, and runs the work in the background.
"""

import dataclasses

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cddfund import importing
from cddfund.background import start_after_commit
from cddfund.models import ImportJob, ImportStatus

MAX_IMPORT_BYTES = 50 * 1024 * 1024
TOO_LARGE = _("ไฟล์ใหญ่เกิน 50 MB (ไฟล์นี้ %(size)s MB) กรุณาแบ่งเป็นหลายไฟล์")
NOT_XLSX = _("รับเฉพาะไฟล์ Excel (.xlsx) ถ้าเป็น .xls ให้เปิดแล้วบันทึกเป็น Excel Workbook (.xlsx)")
NOT_CHECKED = _("ยืนยันได้เฉพาะไฟล์ที่ตรวจเสร็จแล้วและยังไม่ได้นำเข้า")
NOTHING_TO_IMPORT = _("ไม่มีแถวที่นำเข้าได้ กรุณาแก้ไขไฟล์แล้วอัปโหลดใหม่")


def _set(job_id: int, **fields) -> None:
    ImportJob.objects.filter(pk=job_id).update(**fields)


def result_of(data: dict | None) -> importing.Result | None:
    if data is None:
        return None
    sheets = [importing.SheetResult(**s) for s in data.get("sheets", [])]
    return importing.Result(
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
    """Check (dry run) or import the job's file; keep the outcome, its time and the status."""
    job = ImportJob.objects.select_related("user").get(pk=job_id)
    try:
        if not write:
            _set(job_id, total_rows=importing.count_rows(job.file.path))
        result, seconds = importing.timed(
            importing.run,
            job.file.path,
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
    except Exception as exc:
        _set(job_id, status=ImportStatus.FAILED, error=str(exc)[:500], finished_at=timezone.now())
        raise


def check(job_id: int) -> None:
    """The dry run: every row written and rolled back, the outcome kept on the job."""
    _run(job_id, write=False)


def write(job_id: int) -> None:
    """The import: all valid rows in one transaction, or none if the records changed."""
    _run(job_id, write=True)


def validate_workbook(upload) -> None:
    if upload.size > MAX_IMPORT_BYTES:
        raise ValidationError(TOO_LARGE, params={"size": f"{upload.size / 1048576:.1f}"})
    upload.seek(0)
    head = upload.read(4)
    upload.seek(0)
    if not upload.name.lower().endswith(".xlsx") or head != b"PK\x03\x04":
        raise ValidationError(NOT_XLSX)


@transaction.atomic
def upload(*, by, file) -> ImportJob:
    """Keep the file and start its dry run."""
    validate_workbook(file)
    job = ImportJob.objects.create(user=by, file=file, original_name=file.name[:200])
    start_after_commit(check, job.pk)
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
    start_after_commit(write, job.pk)
    return job
