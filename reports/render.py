"""A report as PDF (WeasyPrint, A4, Sarabun embedded) and as Excel (openpyxl, write-only)."""

import io
import os
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path

from django.template.loader import render_to_string
from django.utils import timezone
from fontpkg_sarabun import ROOT as SARABUN
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.drawing.image import Image
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from cddfund import thai
from reports import services, verification
from reports.binding import Binder
from reports.charts import chart

AGENCY = "กรมการพัฒนาชุมชน กระทรวงมหาดไทย"
FONT_FILES = {
    "regular": SARABUN / "files" / "Sarabun-Regular.ttf",
    "bold": SARABUN / "files" / "Sarabun-Bold.ttf",
}


def context(report, user, stamp=None) -> dict:
    return {
        "report": report,
        "stamp": stamp,
        "agency": AGENCY,
        "printed": thai.format_date_long(timezone.localdate()),
        "prepared_by": user,
        "chart": chart(report) if report else "",
        "fonts": {k: v.as_uri() for k, v in FONT_FILES.items()},
    }


class FontCache:
    """The fonts of a run of many documents (a bound PDF), loaded once: WeasyPrint otherwise
    loads them again for each document and the process keeps the memory of every load (about
    20 MB more per hundred documents; flat with this, measured on a province's 1,521 registers,
    BENCHMARKS.md). One run, one thread: the documents share the fonts' glyph sets."""

    def __init__(self):
        from weasyprint.text.fonts import FontConfiguration

        self.config = FontConfiguration()
        self.fonts: dict = {}


def pdf_of(template: str, context: dict, target=None, fonts: FontCache | None = None):
    """One of the reports' templates as PDF; with ``target`` it is written there instead."""
    from weasyprint import HTML

    html = HTML(string=render_to_string(template, context))
    if fonts is None:
        return html.write_pdf(target)
    document = html.render(font_config=fonts.config)
    document.fonts = fonts.fonts
    return document.write_pdf(target)


def pdf(report, user, target=None, stamp=None, fonts: FontCache | None = None) -> bytes | None:
    """The report as PDF; with ``target`` (a path or a file) it is written there instead.
    ``stamp``: the verification code and QR code of a closed period's printout."""
    return pdf_of("reports/pdf.html", context(report, user, stamp), target, fonts)


def issued(report, user, extension: str) -> bytes:
    """The report's file as handed out: a closed period's carries a verification code, and the
    SHA-256 of its bytes is kept under that code (reports/verification.py)."""
    stamp = verification.Stamp.new() if report.snapshot else None
    content = (pdf if extension == "pdf" else excel)(report, user, stamp=stamp)
    if stamp:
        services.document_issue(
            stamp=stamp, report=report, user=user, extension=extension, content=content
        )
    return content


def bind(parts: Iterable[bytes], target) -> int:
    """PDF documents bound into one, in order, written to ``target`` (a path or a binary file)
    as they come (``reports/binding.py``); returns the number of pages. Memory holds one part at
    a time, whatever the page count. A path is not left half written if a part fails."""
    if isinstance(target, str | os.PathLike):
        try:
            with open(target, "wb") as out:
                return bind(parts, out)
        except BaseException:
            Path(target).unlink(missing_ok=True)
            raise
    import pikepdf

    binder = Binder(target)
    for content in parts:
        with pikepdf.open(io.BytesIO(content)) as part:
            binder.add(part)
    return binder.close()


def pdf_bound(reports, user, target) -> int:
    """Many reports as one PDF, each rendered on its own (``bind``): a province's registers,
    centre by centre. Each report starts on a new page and numbers its own pages."""
    fonts = FontCache()
    return bind((pdf(report, user, fonts=fonts) for report in reports), target)


NUMBER_FORMATS = {"int": "#,##0", "money": "#,##0.00", "percent": "#,##0.00"}
HEADER_FILL = PatternFill("solid", fgColor="DDE5F0")
SUBTOTAL_FILL = PatternFill("solid", fgColor="F2F2F2")


FONTS = {bold: Font(name="TH Sarabun New", bold=bold, size=14) for bold in (False, True)}


def _cell(sheet, value, *, bold=False, fill=None, number_format=None, wrap=False):
    cell = WriteOnlyCell(sheet, value=float(value) if isinstance(value, Decimal) else value)
    cell.font = FONTS[bold]
    if fill:
        cell.fill = fill
    if number_format:
        cell.number_format = number_format
    if wrap:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    return cell


INVALID_SHEET_CHARACTERS = str.maketrans({c: " " for c in "[]:*?/\\"})


def sheet_title(title: str, taken: set[str]) -> str:
    """A sheet name Excel accepts: at most 31 characters, none of []:*?/\\, unique."""
    base = str(title).translate(INVALID_SHEET_CHARACTERS).strip()[:31] or "Sheet"
    name, n = base, 2
    while name in taken:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(name)
    return name


def _write_sheet(workbook, report, user, taken: set[str], stamp=None) -> None:
    """Title rows, a frozen header row with filters, subtotals marked. Rows are written as the
    report's sections are produced, so a lazily built report is never held whole."""
    sheet = workbook.create_sheet(sheet_title(report.title, taken))
    columns = report.columns
    widths = [max(len(str(c.label)) + 4, 12) for c in columns]
    widths[0] = 24
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    header_row = 6 if stamp else 5
    sheet.freeze_panes = f"A{header_row + 1}"
    sheet.append([_cell(sheet, AGENCY, bold=True)])
    sheet.append([_cell(sheet, f"{report.title} ประจำ{report.period.label}", bold=True)])
    sheet.append([_cell(sheet, f"พิมพ์เมื่อ {thai.format_date_long(timezone.localdate())} โดย {user}")])
    sheet.append([_cell(sheet, " · ".join(report.notes))])
    if stamp:
        sheet.append([_cell(sheet, verification_line(stamp), bold=True)])
        image = Image(stamp.png())
        image.anchor = f"{get_column_letter(len(columns) + 2)}1"
        sheet.add_image(image)
    sheet.append(
        [_cell(sheet, str(c.label), bold=True, fill=HEADER_FILL, wrap=True) for c in columns]
    )
    formats = [NUMBER_FORMATS.get(c.kind) for c in columns]

    def line(row, *, bold=False, fill=None):
        return [
            _cell(sheet, row.get(c.key), bold=bold, fill=fill, number_format=f)
            for c, f in zip(columns, formats, strict=True)
        ]

    written = header_row
    for section in report.sections:
        for row in section.rows:
            sheet.append(line(row))
        written += len(section.rows)
        if section.subtotal:
            sheet.append(line(section.subtotal, bold=True, fill=SUBTOTAL_FILL))
            written += 1
    if report.total:
        sheet.append(line(report.total, bold=True, fill=HEADER_FILL))
        written += 1
    # The filter is written after the rows in the sheet's XML, so it can be set last.
    sheet.auto_filter.ref = f"A{header_row}:{get_column_letter(len(columns))}{written}"


def verification_line(stamp) -> str:
    return f"รหัสตรวจสอบ {stamp.code} · ตรวจสอบว่าเป็นรายงานที่ระบบออกได้ที่ {stamp.url}"


def excel(reports, user, target=None, stamp=None) -> bytes | None:
    """One sheet per report (a single report or a list). With ``target`` (a path or a file),
    the workbook is written there and nothing is returned. ``stamp``: as for ``pdf``."""
    workbook = Workbook(write_only=True)
    taken: set[str] = set()
    for report in reports if isinstance(reports, list | tuple) else [reports]:
        _write_sheet(workbook, report, user, taken, stamp)
    if target is not None:
        workbook.save(target)
        return None
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
