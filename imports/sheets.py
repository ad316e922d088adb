"""The registers that can be imported from Excel, and what each of their cells may hold.

Each register is a ``Sheet`` (declared in ``centre_sheets.py`` and ``debt_sheets.py``): its
columns, how one row (or a run of rows that belong together, such as one household's loans) is
written through the owning app's own services, and how its records are exported back in the same
layout. A ``Column`` reads one cell into Python, or refuses it with a Thai message.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cddfund import thai

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"
NOT_A_NUMBER = _("ต้องเป็นตัวเลข")
NOT_WHOLE = _("ต้องเป็นจำนวนเต็ม")
TOO_MANY_DECIMALS = _("จำนวนเงินมีทศนิยมได้ไม่เกิน 2 ตำแหน่ง")
REQUIRED = _("ต้องกรอก")
NOT_A_CHOICE = _("ต้องเป็นค่าใดค่าหนึ่งต่อไปนี้: %(choices)s")
OUT_OF_AREA = _("อยู่นอกพื้นที่ที่คุณรับผิดชอบ นำเข้าไม่ได้")
VILLAGE_CODE = _("รหัสหมู่บ้านต้องเป็นตัวเลข 8 หลัก (รหัสตำบล 6 หลัก + หมู่ที่ 2 หลัก)")
VILLAGE_UNKNOWN = _("ไม่พบหมู่บ้านรหัส %(code)s ในระบบ (เพิ่มหมู่บ้านที่หน้าหมู่บ้านก่อน)")


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
