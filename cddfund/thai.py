"""Thai formats: Buddhist Era dates, the fiscal year, baht amounts and national ID numbers.

Dates are stored Gregorian and shown and typed in the Buddhist Era (พ.ศ. = ค.ศ. + 543).
The fiscal year (ปีงบประมาณ) runs from 1 October to 30 September and is named by the BE year
in which it ends: ปีงบประมาณ 2562 = 1 Oct 2018 - 30 Sep 2019.
"""

import datetime
import re
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db.models import Value
from django.db.models.functions import Concat, Substr
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from stdnum import exceptions as stdnum_errors
from stdnum.th import pin

BE_OFFSET = 543

THAI_MONTHS = (
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
)
THAI_MONTHS_SHORT = (
    "ม.ค.",
    "ก.พ.",
    "มี.ค.",
    "เม.ย.",
    "พ.ค.",
    "มิ.ย.",
    "ก.ค.",
    "ส.ค.",
    "ก.ย.",
    "ต.ค.",
    "พ.ย.",
    "ธ.ค.",
)

DATE_INPUT_HINT = _("วว/ดด/ปปปป (พ.ศ.)")
DATE_FORMAT_ERROR = _("กรอกวันที่เป็น วัน/เดือน/ปี พ.ศ. เช่น 15/03/2567")
DATE_GREGORIAN_YEAR_ERROR = _(
    "ปี %(year)s เป็นปี ค.ศ. กรุณากรอกปี พ.ศ. (ปี %(year)s คือ พ.ศ. %(be_year)s)"
)
DATE_YEAR_RANGE_ERROR = _("ปี พ.ศ. %(year)s อยู่นอกช่วงที่ใช้ได้ (2400-2700)")
DATE_NOT_REAL_ERROR = _("ไม่มีวันที่ %(day)s %(month)s พ.ศ. %(year)s ในปฏิทิน")
DATE_MONTH_ERROR = _("เดือนต้องอยู่ระหว่าง 1 ถึง 12")

ID_LENGTH_ERROR = _("เลขประจำตัวประชาชนต้องมี 13 หลัก")
ID_DIGITS_ERROR = _("เลขประจำตัวประชาชนต้องเป็นตัวเลขเท่านั้น")
ID_FIRST_DIGIT_ERROR = _("เลขประจำตัวประชาชนต้องไม่ขึ้นต้นด้วย 0 หรือ 9")
ID_CHECKSUM_ERROR = _("เลขประจำตัวประชาชนไม่ถูกต้อง: หลักสุดท้าย (หลักตรวจสอบ) ไม่ตรง")

_DATE_RE = re.compile(
    r"^\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})\s*(?:พ\.?\s*ศ\.?)?\s*$"
)


def be_year(year: int) -> int:
    return year + BE_OFFSET


def format_date(value: datetime.date | None) -> str:
    """15/03/2567"""
    if value is None:
        return ""
    return f"{value.day:02d}/{value.month:02d}/{be_year(value.year)}"


def format_date_long(value: datetime.date | None) -> str:
    """15 มีนาคม 2567"""
    if value is None:
        return ""
    return f"{value.day} {THAI_MONTHS[value.month - 1]} {be_year(value.year)}"


def format_date_short(value: datetime.date | None) -> str:
    """15 มี.ค. 2567"""
    if value is None:
        return ""
    return f"{value.day} {THAI_MONTHS_SHORT[value.month - 1]} {be_year(value.year)}"


def format_datetime(value: datetime.datetime | None) -> str:
    """15 มี.ค. 2567 14:05 น. (in Thailand's time)"""
    if not value:
        return ""
    local = timezone.localtime(value)
    return f"{format_date_short(local.date())} {local:%H:%M} น."


def format_month(value: datetime.date | None) -> str:
    """มี.ค. 2567"""
    if value is None:
        return ""
    return f"{THAI_MONTHS_SHORT[value.month - 1]} {be_year(value.year)}"


def parse_date(text: str) -> datetime.date:
    """Read a date typed as dd/mm/yyyy in the Buddhist Era; Thai messages for every mistake."""
    match = _DATE_RE.match(text or "")
    if not match:
        raise ValidationError(DATE_FORMAT_ERROR, code="invalid")
    day, month, year = (int(part) for part in match.groups())
    if 1800 <= year < 2300:
        raise ValidationError(
            DATE_GREGORIAN_YEAR_ERROR,
            code="gregorian_year",
            params={"year": year, "be_year": be_year(year)},
        )
    if not 2400 <= year <= 2700:
        raise ValidationError(DATE_YEAR_RANGE_ERROR, code="year_range", params={"year": year})
    if not 1 <= month <= 12:
        raise ValidationError(DATE_MONTH_ERROR, code="month")
    try:
        return datetime.date(year - BE_OFFSET, month, day)
    except ValueError as exc:
        raise ValidationError(
            DATE_NOT_REAL_ERROR,
            code="not_real",
            params={"day": day, "month": THAI_MONTHS[month - 1], "year": year},
        ) from exc


def fiscal_year(value: datetime.date) -> int:
    """The BE fiscal year a date falls in: 1 Oct 2018 → 2562."""
    return be_year(value.year) + (1 if value.month >= 10 else 0)


def fiscal_year_bounds(year_be: int) -> tuple[datetime.date, datetime.date]:
    """First and last day of a BE fiscal year: 2562 → (2018-10-01, 2019-09-30)."""
    ends_in = year_be - BE_OFFSET
    return datetime.date(ends_in - 1, 10, 1), datetime.date(ends_in, 9, 30)


def format_number(value, places: int = 2) -> str:
    if value is None:
        return ""
    quantum = Decimal(1).scaleb(-places)
    rounded = Decimal(value).quantize(quantum, rounding=ROUND_HALF_UP)
    return f"{rounded:,.{places}f}"


def percent(part, whole) -> Decimal | None:
    """``part`` of ``whole`` in per cent, rounded half up to 2 places as Excel's ROUND and the
    official tables do (21 of 32 = 65.625 → 65.63); None when ``whole`` is nothing."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def format_baht(value) -> str:
    """1,234.50 บาท"""
    if value is None:
        return ""
    return f"{format_number(value)} บาท"


def validate_national_id(value: str) -> str:
    """The 13 digits of a valid Thai national ID, or a ValidationError with a Thai message."""
    try:
        return pin.validate(value or "")
    except stdnum_errors.InvalidLength as exc:
        raise ValidationError(ID_LENGTH_ERROR, code="length") from exc
    except stdnum_errors.InvalidFormat as exc:
        raise ValidationError(ID_DIGITS_ERROR, code="digits") from exc
    except stdnum_errors.InvalidComponent as exc:
        raise ValidationError(ID_FIRST_DIGIT_ERROR, code="first_digit") from exc
    except stdnum_errors.InvalidChecksum as exc:
        raise ValidationError(ID_CHECKSUM_ERROR, code="checksum") from exc


def with_check_digit(first12: str) -> str:
    """The whole ID for its first 12 digits (for generated data: demo, tests, benchmarks)."""
    return first12 + pin.calc_check_digit(first12)


def fiscal_year_from(value) -> int:
    """A BE fiscal year given as text (a page's ``?year=``), or the current one when the text
    is not a plausible year."""
    try:
        year = int(value)
    except (TypeError, ValueError):
        year = 0
    return year if 2500 <= year <= 2700 else fiscal_year(timezone.localdate())


def format_national_id(value: str) -> str:
    """1-2345-67890-12-3"""
    return pin.format(value) if value else ""


def mask_national_id(value: str) -> str:
    """1-2345-xxxxx-xx-3: the middle hidden for roles that do not need the number."""
    if not value:
        return ""
    digits = pin.compact(value)
    return f"{digits[:1]}-{digits[1:5]}-xxxxx-xx-{digits[12:]}"


# 13 digits standing on their own, written together or in the 1-4-5-2-1 groups of an ID card.
_ID_IN_TEXT = re.compile(r"(?<!\d)(\d)[- ]?(\d{4})[- ]?(\d{5})[- ]?(\d{2})[- ]?(\d)(?!\d)")


def mask_ids_in(text: str) -> str:
    """``text`` (a file name a user chose, say) with every national ID in it masked."""
    return _ID_IN_TEXT.sub(lambda m: mask_national_id("".join(m.groups())), text)


def masked_id_sql(column: str):
    """``mask_national_id`` as a database expression, for the constraint that keeps a stored
    masked copy equal to the mask of its ID."""
    return Concat(
        Substr(column, 1, 1),
        Value("-"),
        Substr(column, 2, 4),
        Value("-xxxxx-xx-"),
        Substr(column, 13, 1),
    )
