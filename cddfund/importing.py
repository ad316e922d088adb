"""Importing registers from Excel: templates, a dry run with a row-by-row report, the import.

Each register that can be imported is a ``Sheet`` (declared by its app in ``<app>/imports.py``):
its columns, how one row (or a run of rows that belong together, such as one household's
loans) is written through the app's own services, and how its records are exported back in the
same layout. The dry run and the import are the same code: the dry run writes every row inside
a transaction that is rolled back at the end, so what it reports is exactly what the import
will do. Each row is written in its own savepoint, so a refused row leaves no trace and the
following rows go on. The import runs again in one transaction: if a row that passed the dry
run is refused now (someone changed the records in between), nothing at all is written.

Rows are read with openpyxl in read-only mode, one at a time, so memory stays bounded whatever
the size of the file.
"""

import datetime
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from cddfund import thai, workbooks
from cddfund.audit import audit_context

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"

NOT_A_NUMBER = _("ต้องเป็นตัวเลข")
NOT_WHOLE = _("ต้องเป็นจำนวนเต็ม")
TOO_MANY_DECIMALS = _("จำนวนเงินมีทศนิยมได้ไม่เกิน 2 ตำแหน่ง")
REQUIRED = _("ต้องกรอก")
NOT_A_CHOICE = _("ต้องเป็นค่าใดค่าหนึ่งต่อไปนี้: %(choices)s")
OUT_OF_AREA = _("อยู่นอกพื้นที่ที่คุณรับผิดชอบ นำเข้าไม่ได้")
VILLAGE_CODE = _("รหัสหมู่บ้านต้องเป็นตัวเลข 8 หลัก (รหัสตำบล 6 หลัก + หมู่ที่ 2 หลัก)")
VILLAGE_UNKNOWN = _("ไม่พบหมู่บ้านรหัส %(code)s ในระบบ (เพิ่มหมู่บ้านที่หน้าหมู่บ้านก่อน)")
DUPLICATE_ROW = _("ซ้ำกับแถวที่ %(row)s ของแผ่นงานเดียวกัน")
SPLIT_GROUP = _("แถวของ %(what)s ต้องอยู่ติดกัน (พบครั้งแรกที่แถว %(row)s)")
MISSING_COLUMNS = _("ไม่พบคอลัมน์ %(columns)s ในแถวหัวตาราง (แถวที่ 1)")
NO_KNOWN_SHEET = _("ไม่พบแผ่นงานที่นำเข้าได้ ชื่อแผ่นงานต้องเป็นหนึ่งใน: %(names)s (ใช้แบบฟอร์มที่ดาวน์โหลดจากระบบ)")
NOT_EXCEL = _("เปิดไฟล์นี้เป็น Excel (.xlsx) ไม่ได้ กรุณาบันทึกเป็น Excel Workbook (.xlsx) แล้วลองใหม่")
REFUSED_WITH_ITS_GROUP = _("ไม่นำเข้า เพราะแถวอื่นของ %(what)s เดียวกันผิด (แถวที่ %(rows)s)")
CHANGED_SINCE_CHECK = _(
    "ข้อมูลในระบบเปลี่ยนไปหลังการตรวจ (แผ่นงาน %(sheet)s แถวที่ %(row)s: %(message)s) "
    "ระบบไม่ได้นำเข้าข้อมูลใดเลย กรุณาอัปโหลดไฟล์เพื่อตรวจใหม่"
)


class RowError(Exception):
    """A row refused with a message about one of its columns (``column`` is a field key);
    ``row`` names the row when a run of several rows is written together."""

    def __init__(self, column: str | None, message, row: int | None = None):
        super().__init__(str(message))
        self.column = column
        self.message = str(message)
        self.row = row


class FileRefused(Exception):
    """The whole file is refused (nothing is written); the message says why."""


class RowErrors(Exception):
    """Several rows of one run refused at once."""

    def __init__(self, errors: list[RowError]):
        super().__init__("; ".join(e.message for e in errors))
        self.errors = errors


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    kind: str = "text"  # text, int, money, decimal, date, choice, national_id
    required: bool = True
    choices: tuple[tuple[str, str], ...] = ()  # (stored value, label shown in Excel)
    width: int = 18
    note: str = ""

    def read(self, value):
        """The cell's value as Python, or RowError with a Thai message."""
        if isinstance(value, str):
            value = value.strip()
        if value is None or value == "":
            if self.required:
                raise RowError(self.key, REQUIRED)
            return None if self.kind not in ("text", "national_id") else ""
        reader = getattr(self, f"_read_{self.kind}")
        try:
            return reader(value)
        except ValidationError as exc:
            raise RowError(self.key, exc.messages[0]) from exc

    def _read_text(self, value):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, datetime.datetime | datetime.date):
            return thai.format_date(value if isinstance(value, datetime.date) else value.date())
        return " ".join(str(value).split())

    def _read_national_id(self, value):
        text = self._read_text(value).replace("-", "").replace(" ", "")
        return thai.validate_national_id(text)

    def _number(self, value) -> Decimal:
        if isinstance(value, bool):
            raise RowError(self.key, NOT_A_NUMBER)
        if isinstance(value, int | float):
            return Decimal(str(value))
        try:
            return Decimal(str(value).replace(",", "").replace(" ", ""))
        except InvalidOperation as exc:
            raise RowError(self.key, NOT_A_NUMBER) from exc

    def _read_int(self, value):
        number = self._number(value)
        if number != number.to_integral_value():
            raise RowError(self.key, NOT_WHOLE)
        return int(number)

    def _read_money(self, value):
        number = self._number(value)
        if isinstance(value, float):
            # Excel keeps binary floats: 1234.5 arrives as 1234.5, 0.1+0.2 as 0.30000000000000004.
            number = number.quantize(Decimal("0.01"))
        if number.as_tuple().exponent < -2:
            raise RowError(self.key, TOO_MANY_DECIMALS)
        return number.quantize(Decimal("0.01"))

    def _read_decimal(self, value):
        number = self._number(value)
        return number.quantize(Decimal("0.01")) if isinstance(value, float) else number

    def _read_date(self, value):
        if isinstance(value, datetime.datetime):
            value = value.date()
        if isinstance(value, datetime.date):
            # A real date cell: Excel set to the Thai calendar stores the Gregorian date; a BE
            # year typed into a Gregorian Excel arrives as the year 25xx.
            if value.year >= 2400:
                try:
                    return value.replace(year=value.year - thai.BE_OFFSET)
                except ValueError as exc:
                    raise RowError(self.key, thai.DATE_FORMAT_ERROR) from exc
            return value
        if isinstance(value, int | float):
            raise RowError(self.key, thai.DATE_FORMAT_ERROR)
        return thai.parse_date(str(value))

    def _read_choice(self, value):
        text = " ".join(str(value).split())
        for stored, label in self.choices:
            if text in (str(stored), str(label)):
                return stored
        raise RowError(
            self.key,
            NOT_A_CHOICE % {"choices": ", ".join(str(label) for _, label in self.choices)},
        )

    def writer(self):
        """A function that turns a stored value into the template's (``None``: as it is)."""
        if self.kind == "date":
            return thai.format_date
        if self.kind == "choice":
            labels = dict(self.choices)
            return lambda value: str(labels.get(value, value))
        if self.kind in ("money", "decimal"):
            return float
        return None


@dataclass
class Context:
    """What the rows of one import share: who imports, and lookups cached along the way."""

    user: object
    cache: dict = field(default_factory=dict)

    CACHE_LIMIT = 5000  # entries: a large file does not keep every household it names

    def remember(self, key, find: Callable):
        if key not in self.cache:
            if len(self.cache) >= self.CACHE_LIMIT:
                self.cache.clear()
            self.cache[key] = find()
        return self.cache[key]


@dataclass(frozen=True)
class Sheet:
    """A register that can be imported and exported in one sheet of a workbook."""

    key: str
    title: str  # the sheet's name in the workbook
    columns: tuple[Column, ...]
    instructions: tuple[str, ...]
    # (context, [(row number, values)]) -> [outcome per row]; raises RowError, ValidationError,
    # PermissionDenied for the rows of the run.
    write: Callable
    # The rows of the user's records as dicts of column keys, for the export in this layout.
    rows: Callable[[object], Iterable[dict]]
    key_of: Callable[[dict], tuple] | None = None  # a row's natural key: duplicates refused
    # Rows with the same group key are written together (one household's loans of one survey);
    # they must be next to each other in the sheet.
    group_of: Callable[[dict], tuple] | None = None
    group_label: str = ""
    order: int = 100

    def header(self, key: str) -> str:
        return next((str(c.header) for c in self.columns if c.key == key), "-")


SHEETS: dict[str, Sheet] = {}


def register(sheet: Sheet) -> Sheet:
    SHEETS[sheet.key] = sheet
    return sheet


def sheets() -> list[Sheet]:
    return sorted(SHEETS.values(), key=lambda s: s.order)


def refused_at(row: int, exc: ValidationError | PermissionDenied) -> RowErrors:
    """A service's refusal of one row of a run, named by its row number."""
    return RowErrors([RowError(column, message, row) for _row, column, message in _messages(exc)])


def village(context: Context, code: str, column: str = "village"):
    """The village of a code the user may write to, or RowError."""
    from cddfund.models import Village
    from cddfund.scope import can_edit

    code = str(code).strip()
    if len(code) != 8 or not code.isdigit():
        raise RowError(column, VILLAGE_CODE)
    found = context.remember(
        ("village", code),
        lambda: (
            Village.objects.select_related("subdistrict")
            .filter(subdistrict_id=code[:6], moo=int(code[6:]))
            .first()
        ),
    )
    if found is None:
        raise RowError(column, VILLAGE_UNKNOWN % {"code": code})
    if not can_edit(context.user, found):
        raise RowError(column, OUT_OF_AREA)
    return found


def differs(record, values: dict, fields) -> bool:
    return any(getattr(record, name) != values[name] for name in fields)


# --- templates and exports ----------------------------------------------------------------

HEADER_FILL = PatternFill("solid", fgColor="DDE5F0")
MONEY_FORMAT = "#,##0.00"
FONT = Font(name="TH Sarabun New", size=14)
BOLD = Font(name="TH Sarabun New", size=14, bold=True)


def _instructions(workbook, chosen: list[Sheet]) -> None:
    sheet = workbook.create_sheet("คำอธิบาย")
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["B"].width = 100
    lines = [
        ("วิธีใช้แบบฟอร์มนำเข้า", ""),
        ("", "กรอกข้อมูลตั้งแต่แถวที่ 2 ของแต่ละแผ่นงาน อย่าแก้ชื่อแผ่นงานและหัวตาราง"),
        ("", "วันที่กรอกเป็น วัน/เดือน/ปี พ.ศ. เช่น 15/03/2568 (ช่องวันที่ตั้งเป็นข้อความไว้แล้ว)"),
        ("", "จำนวนเงินกรอกเป็นตัวเลข ทศนิยมไม่เกิน 2 ตำแหน่ง ไม่ต้องใส่คำว่า บาท"),
        ("", "รหัสหมู่บ้าน 8 หลัก = รหัสตำบล 6 หลัก + หมู่ที่ 2 หลัก (ดูได้ที่หน้าหมู่บ้านในระบบ)"),
        ("", "อัปโหลดไฟล์เดิมซ้ำได้: แถวที่มีอยู่แล้วและไม่เปลี่ยนจะไม่ถูกบันทึกซ้ำ"),
    ]
    for spec in chosen:
        lines.append((spec.title, ""))
        lines.extend(("", str(text)) for text in spec.instructions)
        for column in spec.columns:
            detail = [str(column.note)] if column.note else []
            if column.choices:
                detail.append("เลือกจาก: " + ", ".join(str(label) for _, label in column.choices))
            detail.append("ต้องกรอก" if column.required else "ไม่บังคับ")
            lines.append((str(column.header), " · ".join(detail)))
    for first, second in lines:
        cells = []
        for value in (first, second):
            cell = WriteOnlyCell(sheet, value=value)
            cell.font = BOLD if first and not second else FONT
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            cells.append(cell)
        sheet.append(cells)


MAX_SHEET_ROWS = 1_048_575  # Excel's limit (1,048,576) less the header row


def continuation_title(title: str, n: int) -> str:
    """The n-th sheet of a register too long for one sheet: "ครัวเรือน (2)"."""
    return title if n == 1 else f"{title} ({n})"


def _data_sheet(workbook, spec: Sheet, title: str):
    sheet = workbook.create_sheet(title)
    sheet.freeze_panes = "A2"
    for i, column in enumerate(spec.columns, start=1):
        letter = get_column_letter(i)
        sheet.column_dimensions[letter].width = column.width
        if column.kind in ("date", "national_id", "text"):
            sheet.column_dimensions[letter].number_format = "@"
        elif column.kind == "money":  # for what the officer types in
            sheet.column_dimensions[letter].number_format = MONEY_FORMAT
        if column.choices:
            labels = ",".join(str(label) for _, label in column.choices)
            validation = DataValidation(
                type="list",
                formula1=f'"{labels}"',
                allow_blank=not column.required,
                showErrorMessage=True,
                errorTitle="ค่าที่ใช้ไม่ได้",
                error="เลือกจากรายการเท่านั้น",
            )
            validation.add(f"{letter}2:{letter}1048576")
            sheet.data_validations.append(validation)
    header = []
    for column in spec.columns:
        cell = WriteOnlyCell(sheet, value=str(column.header))
        cell.font, cell.fill = BOLD, HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        header.append(cell)
    sheet.append(header)
    return sheet


def _data_sheets(workbook, spec: Sheet, rows: Iterable[dict]) -> int:
    """The register's rows, on as many sheets as Excel's row limit needs."""
    number, count, on_sheet = 1, 0, 0
    sheet = _data_sheet(workbook, spec, spec.title)

    def close(sheet, rows_on_sheet):
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(spec.columns))}{rows_on_sheet + 1}"

    plan = [(c.key, c.writer()) for c in spec.columns]
    for row in rows:
        if on_sheet == MAX_SHEET_ROWS:
            close(sheet, on_sheet)
            number, on_sheet = number + 1, 0
            sheet = _data_sheet(workbook, spec, continuation_title(spec.title, number))
        # Plain values, no style per cell (dates and IDs are written as text; amounts as plain
        # numbers): styling cells cost more than the rest of a 2.5-million-row export together.
        sheet.append(
            [
                value if value is None or write is None else write(value)
                for key, write in plan
                for value in (row.get(key),)
            ]
        )
        count += 1
        on_sheet += 1
    close(sheet, on_sheet)
    return count


def workbook(target, chosen: list[Sheet], user=None) -> None:
    """The template of ``chosen`` sheets, empty, or (with ``user``) holding the records the
    user sees, in the same layout, so that exporting and importing back changes nothing."""
    book = Workbook(write_only=True)
    _instructions(book, chosen)
    for spec in chosen:
        _data_sheets(book, spec, spec.rows(user) if user is not None else [])
    book.save(target)


# --- reading and writing rows -------------------------------------------------------------


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


def _messages(exc: Exception) -> list[tuple[int | None, str | None, str]]:
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
            outcomes = spec.write(context, run)
    except (RowError, RowErrors, ValidationError, PermissionDenied) as exc:
        numbers = [n for n, _ in run]
        named = set()
        for row, column, message in _messages(exc):
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
        result.file_error = str(NOT_EXCEL)
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
