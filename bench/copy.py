"""Bulk loading for the scale data: rows go to PostgreSQL with COPY, never one INSERT per row.

Ids are allocated here (after the table's current maximum) so that rows can refer to each other
before they are written; `reset_sequences` moves each identity sequence past them at the end.
"""

import datetime
import io
import json

from django.db import connection


def _text(value) -> str:
    if value is None:
        return r"\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return "{" + ",".join(str(v) for v in value) + "}"
    if isinstance(value, dict):
        value = json.dumps(value)
    return str(value).replace("\\", "\\\\").replace("\t", " ").replace("\n", " ").replace("\r", " ")


def copy_rows(model, fields: list[str], rows) -> int:
    """COPY `rows` (tuples in the order of `fields`, attribute names such as "site_id") into the
    model's table. Returns the number of rows."""
    columns = [model._meta.get_field(name.removesuffix("_id") if name.endswith("_id") else name) for name in fields]
    # Columns the scale data does not name get the model's default, so that a field added later with
    # a default (a flag, an empty text) does not break the copy.
    given = {field.column for field in columns}
    extra = [
        field
        for field in model._meta.concrete_fields
        if field.column not in given and not field.null and not field.primary_key and field.has_default()
    ]
    defaults = tuple(field.get_default() for field in extra)
    names = ", ".join(f'"{field.column}"' for field in [*columns, *extra])
    buffer = io.StringIO()
    count = 0
    for row in rows:
        buffer.write("\t".join(_text(v) for v in (*row, *defaults)))
        buffer.write("\n")
        count += 1
    buffer.seek(0)
    with connection.cursor() as cursor:
        cursor.cursor.copy_expert(f"COPY {model._meta.db_table} ({names}) FROM STDIN", buffer)
    return count


def copy_m2m(through, fields: list[str], rows) -> int:
    """COPY into an auto-created many-to-many table (columns are the given names)."""
    buffer = io.StringIO()
    count = 0
    for row in rows:
        buffer.write("\t".join(_text(v) for v in row) + "\n")
        count += 1
    buffer.seek(0)
    with connection.cursor() as cursor:
        cursor.cursor.copy_expert(f"COPY {through._meta.db_table} ({', '.join(fields)}) FROM STDIN", buffer)
    return count


class Ids:
    """Next primary key per model, starting after what the table already holds."""

    def __init__(self):
        self._next = {}

    def take(self, model) -> int:
        if model not in self._next:
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {model._meta.db_table}")  # noqa: S608 # nosec B608 - a model's own table name, not input
                self._next[model] = cursor.fetchone()[0] + 1
        value = self._next[model]
        self._next[model] = value + 1
        return value


def reset_sequences(models) -> None:
    with connection.cursor() as cursor:
        for model in models:
            table = model._meta.db_table
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608 # nosec B608 - a model's own table name, not input
                f"GREATEST((SELECT MAX(id) FROM {table}), 1))"
            )


def execute(sql: str, params=None) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount
