"""Rows of one model written in bulk with PostgreSQL's COPY (millions of rows in seconds).

The columns are the model's own fields, declared once in its ``models.py``: a row names its values
by field (``province_id=...``), a field the row leaves out takes what the ORM would give it (its
default, NULL where allowed, an empty string where blank is allowed), and a field that a form would
require raises at once. A column added to a model is therefore never silently left out of a bulk
writer, and no column list is typed out twice.

COPY skips the model's ``save()`` and Python validation: the caller builds every row consistent.
"""

import csv
import io
import json
import operator

from django.db import connection, models

NULL = "\\N"


def _default_of(field):
    """``(value, is_callable)`` for a value left out, or None when the field must be given."""
    if field.has_default():
        return (field.default, True) if callable(field.default) else (field.default, False)
    if field.null:
        return None, False
    if field.empty_strings_allowed and field.blank:
        return "", False
    return None


def _text(value) -> str:
    if value is None:
        return NULL
    if isinstance(value, bool):
        return "t" if value else "f"
    return value


class CopyWriter:
    """Collects rows of ``model`` and writes them every ``chunk`` rows; ``add()`` returns the row
    (a dict) so that the caller may still change it until the next ``maybe_flush()``; ``flush()``
    writes the rest."""

    def __init__(self, model: type[models.Model], chunk: int = 100_000):
        fields = model._meta.concrete_fields
        self.table = model._meta.db_table
        self.chunk = chunk
        self.fields = [f.attname for f in fields]
        self.columns = [f.column for f in fields]
        self.json = {f.attname for f in fields if isinstance(f, models.JSONField)}
        self.constant = {}  # the values of fields left out that do not change from row to row
        self.computed = {}  # the fields whose default is computed for each row
        self.required = set()
        for f in fields:
            default = _default_of(f)
            if default is None:
                self.required.add(f.attname)
            elif default[1]:
                self.computed[f.attname] = default[0]
            else:
                self.constant[f.attname] = default[0]
        self.known = self.required | self.constant.keys() | self.computed.keys()
        self.values_of = operator.itemgetter(*self.fields)
        self.rows: list[dict] = []  # rows still open to changes
        self.count = 0
        self._new_buffer()

    def add(self, **values) -> dict:
        if not values.keys() <= self.known:
            unknown = ", ".join(sorted(values.keys() - self.known))
            raise TypeError(f"{self.table} has no field {unknown}")
        if not self.required <= values.keys():
            missing = ", ".join(sorted(self.required - values.keys()))
            raise ValueError(f"a row of {self.table} needs {missing}")
        row = {**self.constant, **values}
        for name, default in self.computed.items():
            if name not in values:
                row[name] = default()
        self.rows.append(row)
        return row

    def maybe_flush(self) -> None:
        """Call it where the rows added so far are final: they are turned into COPY text (a
        fraction of their size as dicts), and written when a chunk is full."""
        for row in self.rows:
            for name in self.json:
                if row[name] is not None:
                    row[name] = json.dumps(row[name])
            self.writer.writerow([_text(v) for v in self.values_of(row)])
        self.buffered += len(self.rows)
        self.rows = []
        if self.buffered >= self.chunk:
            self._copy()

    def flush(self) -> None:
        """Writes every row added so far."""
        self.maybe_flush()
        if self.buffered:
            self._copy()

    def _copy(self) -> None:
        sql = (
            f"COPY {self.table} ({', '.join(map(connection.ops.quote_name, self.columns))}) "
            "FROM STDIN "
            f"WITH (FORMAT csv, NULL '{NULL}')"
        )
        with connection.cursor() as cursor, cursor.copy(sql) as copy:  # psycopg 3
            copy.write(self.buffer.getvalue())
        self.count += self.buffered
        self._new_buffer()

    def _new_buffer(self) -> None:
        self.buffer = io.StringIO()
        self.writer = csv.writer(self.buffer)
        self.buffered = 0
