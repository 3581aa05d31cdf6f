"""Spreadsheets as the program's downloads write them (pay reports, quarterly reports): CSV and Excel,
with names kept as text so that a cell starting with = + - @ never runs as a formula."""

import csv
import datetime
import io
from collections.abc import Iterable
from decimal import Decimal
from typing import Any


def safe_text(value: Any) -> str:
    """A spreadsheet runs a cell that starts with = + - @ as a formula: names are kept as text."""
    text = str(value)
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def as_csv(lines: Iterable[Iterable[Any]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(lines)
    return buffer.getvalue()


def as_xlsx(lines: Iterable[Iterable[Any]], month: datetime.date, title: str | None = None) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title or f"Pay {month:%Y-%m}"
    for line in lines:
        sheet.append([float(value) if isinstance(value, Decimal) else value for value in line])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    # Strings are never formulas here, whatever they start with (safe_text covers other readers).
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
