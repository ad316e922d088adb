"""Reading a workbook's rows and writing them: the dry run and the import are the same code.

The dry run writes every row inside a transaction that is rolled back at the end, so what it
reports is exactly what the import will do. Each row is written in its own savepoint, so a
refused row leaves no trace and the following rows go on. The import runs again in one
transaction: if a row that passed the dry run is refused now (someone changed the records in
between), nothing at all is written.

Rows are read with openpyxl in read-only mode, one at a time, so memory stays bounded whatever
the size of the file; ``workbooks`` checks its limits before openpyxl opens it.
"""

import time
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _
from openpyxl import load_workbook

from cddfund import closing
from cddfund.audit import audit_context
from imports import workbooks
from imports.layout import continuation_title
from imports.sheets import (
    OUT_OF_AREA,
    Context,
    FileRefused,
    RowError,
    RowErrors,
    Sheet,
    sheets,
)

DUPLICATE_ROW = _("ซ้ำกับแถวที่ %(row)s ของแผ่นงานเดียวกัน")
SPLIT_GROUP = _("แถวของ %(what)s ต้องอยู่ติดกัน (พบครั้งแรกที่แถว %(row)s)")
MISSING_COLUMNS = _("ไม่พบคอลัมน์ %(columns)s ในแถวหัวตาราง (แถวที่ 1)")
NO_KNOWN_SHEET = _("ไม่พบแผ่นงานที่นำเข้าได้ ชื่อแผ่นงานต้องเป็นหนึ่งใน: %(names)s (ใช้แบบฟอร์มที่ดาวน์โหลดจากระบบ)")
REFUSED_WITH_ITS_GROUP = _("ไม่นำเข้า เพราะแถวอื่นของ %(what)s เดียวกันผิด (แถวที่ %(rows)s)")
CHANGED_SINCE_CHECK = _(
    "ข้อมูลในระบบเปลี่ยนไปหลังการตรวจ (แผ่นงาน %(sheet)s แถวที่ %(row)s: %(message)s) "
    "ระบบไม่ได้นำเข้าข้อมูลใดเลย กรุณาอัปโหลดไฟล์เพื่อตรวจใหม่"
)


@dataclass
class SheetResult:
    title: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0


@dataclass
class Result:
    sheets: list[SheetResult] = field(default_factory=list)
    errors: list[tuple[str, int, str, str]] = field(default_factory=list)  # sheet, row, col, msg
    error_count: int = 0
    file_error: str = ""

    MAX_ERRORS_KEPT = 5000

    def refuse(self, sheet: Sheet, row: int, column: str | None, message) -> None:
        self.error_count += 1
        if len(self.errors) < self.MAX_ERRORS_KEPT:
            self.errors.append(
                (sheet.title, row, sheet.header(column) if column else "-", str(message))
            )

    @property
    def valid_rows(self) -> int:
        return sum(s.created + s.updated + s.unchanged for s in self.sheets)

    @property
    def changes(self) -> int:
        return sum(s.created + s.updated for s in self.sheets)


def messages_of(exc: Exception) -> list[tuple[int | None, str | None, str]]:
    """(row, column key, message) for each thing a service refused."""
    if isinstance(exc, RowErrors):
        return [(e.row, e.column, e.message) for e in exc.errors]
    if isinstance(exc, RowError):
        return [(exc.row, exc.column, exc.message)]
    if isinstance(exc, PermissionDenied):
        return [(None, None, str(OUT_OF_AREA))]
    if hasattr(exc, "error_dict"):
        found = []
        for name, errors in exc.message_dict.items():
            column = None if name == NON_FIELD_ERRORS else name
            found.extend((None, column, message) for message in errors)
        return found
    return [(None, None, message) for message in exc.messages]


def _read_rows(worksheet, spec: Sheet, result: Result) -> Iterator[tuple[int, dict | None]]:
    """(row number, values by column key) for each non-empty row; ``None`` for a refused row."""
    rows = worksheet.iter_rows(values_only=True)
    header = next(rows, ())
    positions = {str(h).strip(): i for i, h in enumerate(header or ()) if h is not None}
    missing = [str(c.header) for c in spec.columns if str(c.header) not in positions]
    if missing:
        result.refuse(spec, 1, None, MISSING_COLUMNS % {"columns": ", ".join(missing)})
        return
    for number, cells in enumerate(rows, start=2):
        if number - 1 > workbooks.MAX_ROWS:  # a sheet need not declare its size: count as read
            raise FileRefused(
                workbooks.TOO_MANY_ROWS
                % {
                    "sheet": spec.title,
                    "rows": f"> {workbooks.MAX_ROWS:,}",
                    "limit": f"{workbooks.MAX_ROWS:,}",
                }
            )
        if not any(v not in (None, "") and str(v).strip() for v in cells):
            continue
        values, refused = {}, False
        for column in spec.columns:
            position = positions[str(column.header)]
            try:
                values[column.key] = column.read(cells[position] if position < len(cells) else None)
            except RowError as exc:
                result.refuse(spec, number, exc.column, exc.message)
                refused = True
        yield number, None if refused else values


def _runs(spec: Sheet, rows, result: Result, counts: SheetResult):
    """Valid rows in runs that are written together: one row each, or one group each."""
    seen_keys: dict[tuple, int] = {}
    seen_groups: dict[tuple, int] = {}
    run: list[tuple[int, dict]] = []
    run_key = None
    for number, values in rows:
        counts.rows += 1
        if values is None:
            counts.rejected += 1
            continue
        if spec.key_of:
            key = spec.key_of(values)
            if key in seen_keys:
                result.refuse(spec, number, None, DUPLICATE_ROW % {"row": seen_keys[key]})
                counts.rejected += 1
                continue
            seen_keys[key] = number
        group = spec.group_of(values) if spec.group_of else None
        if group is not None and group != run_key and group in seen_groups:
            result.refuse(
                spec,
                number,
                None,
                SPLIT_GROUP % {"what": spec.group_label, "row": seen_groups[group]},
            )
            counts.rejected += 1
            continue
        if run and (group is None or group != run_key):
            yield run
            run = []
        if group is not None:
            seen_groups.setdefault(group, number)
        run_key = group
        run.append((number, values))
    if run:
        yield run


def _write_run(
    spec: Sheet, context: Context, run, result: Result, counts: SheetResult, audit: dict
) -> bool:
    try:
        # A new audit context per run: the audit trigger updates its context row on every
        # write, and one row updated a hundred thousand times in one transaction slows each
        # update down (PostgreSQL keeps every version until the transaction ends).
        with audit_context(**audit), transaction.atomic():
            try:
                outcomes = spec.write(context, run)
            except IntegrityError as exc:  # a row dated in a closed period
                raise closing.refused(exc) from exc
    except (RowError, RowErrors, ValidationError, PermissionDenied) as exc:
        numbers = [n for n, _ in run]
        named = set()
        for row, column, message in messages_of(exc):
            named.add(row or numbers[0])
            result.refuse(spec, row or numbers[0], column, message)
        for number in numbers:
            if number not in named:
                rows = ", ".join(str(n) for n in sorted(named))
                result.refuse(
                    spec,
                    number,
                    None,
                    REFUSED_WITH_ITS_GROUP % {"what": spec.group_label, "rows": rows},
                )
        counts.rejected += len(run)
        return False
    for outcome in outcomes:
        setattr(counts, outcome, getattr(counts, outcome) + 1)
    return True


def _titles(book, spec: Sheet) -> list[str]:
    """The register's sheet and its continuation sheets, in order."""
    titles, n = [], 1
    while continuation_title(spec.title, n) in book.sheetnames:
        titles.append(continuation_title(spec.title, n))
        n += 1
    return titles


def count_rows(path) -> int | None:
    """The data rows of the sheets that will be read, for the progress bar (``None`` when the
    file holds no sheet that can be imported)."""
    try:
        workbooks.check(path)
        book = load_workbook(path, read_only=True)
    except Exception:
        return None
    try:
        sizes = []
        for spec in sheets():
            if spec.title not in book.sheetnames:
                continue
            for title in _titles(book, spec):
                sheet = book[title]
                if sheet.max_row is None:  # no declared size: count the rows (one quick pass)
                    sheet.calculate_dimension(force=True)
                sizes.append(sheet.max_row or 1)
    finally:
        book.close()
    return sum(max(size - 1, 0) for size in sizes) if sizes else None


def run(
    path, user, *, write: bool, checked: Result | None = None, progress=None, audit=None
) -> Result:
    """Check (``write=False``) or import the workbook at ``path``; see the module's docstring.

    The import is given the dry run's result (``checked``): a row refused now that was not
    refused then means the records changed in between, and nothing is written.
    ``progress(rows done)`` is called every few hundred rows."""
    result = Result()
    try:
        workbooks.check(path)
    except ValidationError as exc:
        result.file_error = exc.messages[0]
        return result
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        result.file_error = str(workbooks.NOT_A_WORKBOOK)
        return result
    try:
        present = [s for s in sheets() if s.title in book.sheetnames]
        if not present:
            result.file_error = str(
                NO_KNOWN_SHEET % {"names": ", ".join(s.title for s in sheets())}
            )
            return result
        context = Context(user)
        done = 0
        with transaction.atomic():
            try:
                for spec in present:
                    counts = SheetResult(spec.title)
                    result.sheets.append(counts)
                    for title in _titles(book, spec):
                        rows = _read_rows(book[title], spec, result)
                        for chunk in _runs(spec, rows, result, counts):
                            _write_run(spec, context, chunk, result, counts, audit or {})
                            done += len(chunk)
                            if progress and done % 250 < len(chunk):
                                progress(done)
            except FileRefused as exc:
                result.file_error = str(exc)
            if write and checked is not None and not result.file_error:
                before = {(sheet, row) for sheet, row, *_ in checked.errors}
                new = [e for e in result.errors if (e[0], e[1]) not in before]
                if new or result.error_count != checked.error_count:
                    sheet, row, _column, message = (new or result.errors)[0]
                    result.file_error = str(
                        CHANGED_SINCE_CHECK % {"sheet": sheet, "row": row, "message": message}
                    )
            if not write or result.file_error:
                transaction.set_rollback(True)
    finally:
        book.close()
    order = {s.title: i for i, s in enumerate(sheets())}
    result.errors.sort(key=lambda e: (order.get(e[0], 0), e[1]))
    return result


def timed(function, *args, **kwargs):
    started = time.monotonic()
    value = function(*args, **kwargs)
    return value, time.monotonic() - started


def refused_at(row: int, exc: ValidationError | PermissionDenied) -> RowErrors:
    """A service's refusal of one row of a run, named by its row number."""
    return RowErrors([RowError(column, message, row) for _row, column, message in messages_of(exc)])
