"""The workbook layout shared by the templates and the exports: an instructions sheet, then one
sheet per register with Thai headers, drop-down lists and text-formatted date and ID columns.
Written with openpyxl in write-only mode, so an export of millions of rows streams to disk."""

from collections.abc import Iterable

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from imports.sheets import Sheet

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
