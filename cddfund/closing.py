"""Closed periods: what central office has closed stays as it was.

Once a period is closed (``PeriodClosing``), a record dated inside it can no longer be added,
changed or deleted, nor another record moved back into it, until central office reopens the
period with a reason. The rule is kept by PostgreSQL: each model whose records are dated declares
``ClosedPeriodGuard`` among its triggers, naming its date columns (or a fiscal-year column, dated
by the year's last day) and the columns that may still change (balances kept up to date by later,
open-period records). ``records.save``/``records.delete`` and the form pages turn the database's
refusal into the Thai message on the date's field (``refusal``).

Closing takes the period lock exclusively and every guarded write takes it shared, so a closing
is committed while no guarded write is under way, and every write after that sees the closing:
nothing dated in the period changes after it. Its figures are then kept from records that can no
longer change (``reports.services.period_close``), while the lock lets the country's writes go on.
"""

import datetime
import zlib

import pgtrigger
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils.translation import gettext_lazy as _

from cddfund import thai
from cddfund.periods import Period

# The SQLSTATE of the refusal: class 23 (integrity constraint violation), so every caller that
# already turns a refused constraint into a message sees it as an IntegrityError.
SQLSTATE = "23C50"
LOCK_KEY = zlib.crc32(b"cddfund_periodclosing")

CLOSED = _(
    "วันที่ %(day)s อยู่ใน%(period)s ซึ่งส่วนกลางปิดงวดแล้ว: บันทึก แก้ไข หรือลบรายการที่ลงวันที่ในงวดนี้"
    "ไม่ได้ หากจำเป็นต้องแก้ ขอให้ส่วนกลางเปิดงวดพร้อมระบุเหตุผล"
)

# The closed period a day falls in, or NULL (one lookup in a table of a few rows per year), and
# the refusal of a write that would change a record of that day.
CLOSED_PERIOD_SQL = f"""
CREATE OR REPLACE FUNCTION cddfund_closed_period(day date) RETURNS text
LANGUAGE sql STABLE AS $$
    SELECT fiscal_year || '-' || round FROM cddfund_periodclosing
     WHERE reopened_at IS NULL AND day BETWEEN starts_on AND ends_on
     ORDER BY round LIMIT 1
$$;
CREATE OR REPLACE FUNCTION cddfund_refuse_closed(tbl text, col text, day date) RETURNS void
LANGUAGE plpgsql STABLE AS $$
DECLARE closed text := cddfund_closed_period(day);
BEGIN
    IF closed IS NOT NULL THEN
        RAISE EXCEPTION 'cddfund_closed_period: %.% is in closed period %', tbl, col, closed
            USING ERRCODE = '{SQLSTATE}', DETAIL = col || '|' || closed || '|' || day;
    END IF;
END $$;
"""
DROP_CLOSED_PERIOD_SQL = """
DROP FUNCTION IF EXISTS cddfund_refuse_closed(text, text, date);
DROP FUNCTION IF EXISTS cddfund_closed_period(date);
"""


def _day_sql(row: str, column: str) -> str:
    """The day a column dates its row by: a date, or ``fy:<column>`` for a BE fiscal year
    (dated by its last day, 30 September)."""
    if column.startswith("fy:"):
        return f"make_date({row}.{column[3:]} - 543, 9, 30)"
    return f"{row}.{column}"


def _name(column: str) -> str:
    return column.removeprefix("fy:")


class ClosedPeriodGuard(pgtrigger.Trigger):
    """Refuse writes that would change what a closed period's records say.

    - an insert or a delete: when any of ``dates`` falls in a closed period;
    - an update: when a date changes from or to a closed period, or when any column but
      ``free`` and the dates changes on a record whose first date is in a closed period.
    """

    when = pgtrigger.Before
    operation = pgtrigger.Insert | pgtrigger.Update | pgtrigger.Delete

    def __init__(self, *, dates: tuple[str, ...], free: tuple[str, ...] = (), **kwargs):
        self.dates = tuple(dates)
        self.free = tuple(free)
        super().__init__(name=kwargs.pop("name", "closed_period"), **kwargs)

    def _refuse(self, row: str, column: str) -> str:
        return (
            f"PERFORM cddfund_refuse_closed(TG_TABLE_NAME, '{_name(column)}', "
            f"{_day_sql(row, column)});"
        )

    def get_func(self, model):
        columns = {f.name: f.column for f in model._meta.concrete_fields}
        dates = [c if c.startswith("fy:") else columns[c] for c in self.dates]
        unlocked = ", ".join(f"'{_name(c)}'" for c in [*dates, *(columns[c] for c in self.free)])
        whole = {row: " ".join(self._refuse(row, d) for d in dates) for row in ("OLD", "NEW")}
        moved = " ".join(
            f"IF OLD.{_name(d)} IS DISTINCT FROM NEW.{_name(d)} THEN "
            f"{self._refuse('OLD', d)} {self._refuse('NEW', d)} END IF;"
            for d in dates
        )
        return f"""
        PERFORM pg_advisory_xact_lock_shared({LOCK_KEY});
        IF NOT EXISTS (SELECT 1 FROM cddfund_periodclosing WHERE reopened_at IS NULL) THEN
            RETURN COALESCE(NEW, OLD);
        END IF;
        IF TG_OP = 'INSERT' THEN {whole["NEW"]} RETURN NEW; END IF;
        IF TG_OP = 'DELETE' THEN {whole["OLD"]} RETURN OLD; END IF;
        {moved}
        IF (to_jsonb(OLD) - ARRAY[{unlocked}]) IS DISTINCT FROM (to_jsonb(NEW) - ARRAY[{unlocked}])
        THEN {self._refuse("OLD", dates[0])} END IF;
        RETURN NEW;
        """


def lock_exclusively() -> None:
    """Wait for every guarded write under way to finish and hold the others back until the
    transaction ends (closing or reopening a period)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])


def _database_error(exc: BaseException):
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if getattr(exc, "sqlstate", None) == SQLSTATE or getattr(exc, "pgcode", None) == SQLSTATE:
            return exc
        exc = exc.__cause__ or exc.__context__
    return None


def refusal(exc: BaseException) -> ValidationError | None:
    """The Thai message for a write the guard refused (on the date's field), or None when
    ``exc`` is another error."""
    error = _database_error(exc)
    if error is None:
        return None
    field, code, day = error.diag.message_detail.split("|")
    return _closed(
        field, datetime.date.fromisoformat(day), Period.from_code(code.removesuffix("-0"))
    )


def _closed(field: str, day: datetime.date, period: Period) -> ValidationError:
    message = ValidationError(
        CLOSED,
        code="closed_period",
        params={"day": thai.format_date(day), "period": period.label},
    )
    return ValidationError({field: message})


def refused(exc: ValidationError | Exception) -> ValidationError:
    """A service's refusal as a ValidationError: ``exc`` itself, or the guard's message for a
    write into a closed period; any other database error goes on up."""
    if isinstance(exc, ValidationError):
        return exc
    if message := refusal(exc):
        return message
    raise exc
