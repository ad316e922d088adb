"""A report as PDF (WeasyPrint, A4, Sarabun embedded) and as Excel (openpyxl, write-only)."""

import io
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils import timezone
from fontpkg_sarabun import ROOT as SARABUN
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from cddfund import thai
from reports.charts import chart

AGENCY = "กรมการพัฒนาชุมชน กระทรวงมหาดไทย"
FONT_FILES = {
    "regular": SARABUN / "files" / "Sarabun-Regular.ttf",
    "bold": SARABUN / "files" / "Sarabun-Bold.ttf",
}


def context(report, user) -> dict:
    return {
        "report": report,
        "agency": AGENCY,
        "printed": thai.format_date_long(timezone.localdate()),
        "prepared_by": user,
        "chart": chart(report),
        "fonts": {k: v.as_uri() for k, v in FONT_FILES.items()},
    }


def pdf(report, user) -> bytes:
    from weasyprint import HTML

    html = render_to_string("reports/pdf.html", context(report, user))
    return HTML(string=html).write_pdf()


NUMBER_FORMATS = {"int": "#,##0", "money": "#,##0.00", "percent": "#,##0.00"}
HEADER_FILL = PatternFill("solid", fgColor="DDE5F0")
SUBTOTAL_FILL = PatternFill("solid", fgColor="F2F2F2")


def _cell(sheet, value, *, bold=False, fill=None, number_format=None, wrap=False):
    cell = WriteOnlyCell(sheet, value=float(value) if isinstance(value, Decimal) else value)
    cell.font = Font(name="TH Sarabun New", bold=bold, size=14)
    if fill:
        cell.fill = fill
    if number_format:
        cell.number_format = number_format
    if wrap:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    return cell


def excel(report, user) -> bytes:
    """One sheet: title rows, a frozen header row with filters, province subtotals marked."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(report.title[:31])
    columns = report.columns
    widths = [max(len(str(c.label)) + 4, 12) for c in columns]
    widths[0] = 24
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    header_row = 5
    sheet.freeze_panes = f"A{header_row + 1}"
    last = get_column_letter(len(columns))
    sheet.auto_filter.ref = (
        f"A{header_row}:{last}{header_row + len(report.rows) + len(report.sections) + 1}"
    )
    sheet.append([_cell(sheet, AGENCY, bold=True)])
    sheet.append([_cell(sheet, f"{report.title} ประจำปีงบประมาณ {report.year}", bold=True)])
    sheet.append([_cell(sheet, f"พิมพ์เมื่อ {thai.format_date_long(timezone.localdate())} โดย {user}")])
    sheet.append([_cell(sheet, " · ".join(report.notes))])
    sheet.append(
        [_cell(sheet, str(c.label), bold=True, fill=HEADER_FILL, wrap=True) for c in columns]
    )

    def line(row, *, bold=False, fill=None):
        return [
            _cell(
                sheet,
                row.get(c.key) if c.kind != "text" or c.key != "label" else row["label"],
                bold=bold,
                fill=fill,
                number_format=NUMBER_FORMATS.get(c.kind),
            )
            for c in columns
        ]

    for section in report.sections:
        for row in section.rows:
            sheet.append(line(row))
        sheet.append(line(section.subtotal, bold=True, fill=SUBTOTAL_FILL))
    if report.total:
        sheet.append(line(report.total, bold=True, fill=HEADER_FILL))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
