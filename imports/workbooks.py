"""What an uploaded workbook may hold, checked before anything opens it.

An .xlsx file is a zip of XML parts. A small file can inflate to gigabytes (a "zip bomb"), hold
millions of shared strings that openpyxl loads into memory at once, or declare millions of rows
that a reader then walks one by one. The zip's directory says how large each part is once
inflated (and Python's zipfile never inflates a part past that size), each sheet declares its
size (``<dimension ref="A1:K5000">``) and the shared strings their count, all within the first
bytes of each part. So the limits are checked from the directory and a few kilobytes of each part,
before openpyxl reads anything; ``running`` also stops a sheet at ``MAX_ROWS`` however many
rows it turns out to hold (a sheet need not declare its size).
"""

import re
import zipfile

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MAX_PARTS = 2_000
MAX_UNCOMPRESSED_BYTES = 400 * 1024 * 1024
MAX_PART_BYTES = 250 * 1024 * 1024
MAX_SHARED_STRINGS_BYTES = 60 * 1024 * 1024
MAX_SHARED_STRINGS = 1_000_000
MAX_ROWS = 200_000  # data rows of one sheet; the largest register file is ~75,000
MAX_COLUMNS = 200

NOT_A_WORKBOOK = _("เปิดไฟล์นี้เป็น Excel (.xlsx) ไม่ได้ กรุณาบันทึกเป็น Excel Workbook (.xlsx) แล้วลองใหม่")
TOO_MANY_PARTS = _("ไฟล์นี้มีส่วนประกอบมากผิดปกติ (%(count)s ส่วน) ระบบไม่เปิดไฟล์นี้")
INFLATES_TOO_MUCH = _(
    "เมื่อแตกไฟล์แล้วมีขนาด %(size)s MB เกินกำหนด %(limit)s MB "
    "กรุณาลบแผ่นงานหรือข้อมูลที่ไม่ใช้ออก หรือแบ่งเป็นหลายไฟล์"
)
TOO_MANY_STRINGS = _("ไฟล์นี้มีข้อความไม่ซ้ำกัน %(count)s ข้อความ เกินกำหนด %(limit)s กรุณาแบ่งเป็นหลายไฟล์")
TOO_MANY_ROWS = _(
    "แผ่นงาน %(sheet)s มี %(rows)s แถว เกินกำหนด %(limit)s แถวต่อแผ่นงาน "
    "กรุณาแบ่งเป็นหลายไฟล์ (หรือลบแถวว่างท้ายแผ่นงาน)"
)
TOO_MANY_COLUMNS = _("แผ่นงาน %(sheet)s มี %(columns)s คอลัมน์ เกินกำหนด %(limit)s คอลัมน์")

_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="[A-Z]+\d+(?::([A-Z]+)(\d+))?"')
_SST_COUNT = re.compile(rb'<(?:\w+:)?sst\b[^>]*?\buniqueCount="(\d+)"')
_SHEET_NAME = re.compile(r"xl/worksheets/(sheet\d+)\.xml$")


def _mb(size: int) -> str:
    return f"{size / 1048576:,.0f}"


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters.decode():
        number = number * 26 + (ord(letter) - 64)
    return number


def _head(book: zipfile.ZipFile, info: zipfile.ZipInfo, size: int = 8192) -> bytes:
    with book.open(info) as part:
        return part.read(size)


def check(file) -> None:
    """Refuse, with a Thai message, a workbook over any limit; read only its directory and the
    first bytes of its sheets and shared strings. ``file`` is a path or an open binary file."""
    try:
        book = zipfile.ZipFile(file)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ValidationError(NOT_A_WORKBOOK, code="not_a_workbook") from exc
    with book:
        parts = book.infolist()
        if len(parts) > MAX_PARTS:
            raise ValidationError(TOO_MANY_PARTS, code="parts", params={"count": len(parts)})
        total = sum(p.file_size for p in parts)
        largest = max((p.file_size for p in parts), default=0)
        if total > MAX_UNCOMPRESSED_BYTES or largest > MAX_PART_BYTES:
            raise ValidationError(
                INFLATES_TOO_MUCH,
                code="inflates",
                params={"size": _mb(total), "limit": _mb(MAX_UNCOMPRESSED_BYTES)},
            )
        for info in parts:
            try:
                if info.filename == "xl/sharedStrings.xml":
                    _check_shared_strings(book, info)
                elif _SHEET_NAME.search(info.filename):
                    _check_sheet(book, info)
            except (zipfile.BadZipFile, OSError, EOFError, RuntimeError) as exc:
                raise ValidationError(NOT_A_WORKBOOK, code="not_a_workbook") from exc


def _check_shared_strings(book, info) -> None:
    if info.file_size > MAX_SHARED_STRINGS_BYTES:
        raise ValidationError(
            INFLATES_TOO_MUCH,
            code="inflates",
            params={"size": _mb(info.file_size), "limit": _mb(MAX_SHARED_STRINGS_BYTES)},
        )
    found = _SST_COUNT.search(_head(book, info, 2048))
    if found and int(found.group(1)) > MAX_SHARED_STRINGS:
        raise ValidationError(
            TOO_MANY_STRINGS,
            code="strings",
            params={"count": f"{int(found.group(1)):,}", "limit": f"{MAX_SHARED_STRINGS:,}"},
        )


def _check_sheet(book, info) -> None:
    found = _DIMENSION.search(_head(book, info))
    if not found or not found.group(2):
        return  # no declared size: the reader's own row limit applies
    name = _SHEET_NAME.search(info.filename).group(1)
    rows, columns = int(found.group(2)), _column_number(found.group(1))
    if rows - 1 > MAX_ROWS:
        raise ValidationError(
            TOO_MANY_ROWS,
            code="rows",
            params={"sheet": name, "rows": f"{rows - 1:,}", "limit": f"{MAX_ROWS:,}"},
        )
    if columns > MAX_COLUMNS:
        raise ValidationError(
            TOO_MANY_COLUMNS,
            code="columns",
            params={"sheet": name, "columns": f"{columns:,}", "limit": MAX_COLUMNS},
        )
