"""Spreadsheets as the program's downloads write them (pay reports, quarterly reports): CSV and Excel.
The table builders hand over the user's text as it is; the two writers here keep every text cell from
being read as a formula (OWASP "CSV injection"), each in the way its format allows:

- Excel (`as_xlsx`): every text cell is written as an explicit string cell with the Text number
  format ("@"), so Excel shows exactly what was typed (no `'` in sight) and neither evaluates it on
  opening nor turns it into a formula when someone edits the cell.
- CSV (`as_csv`): a CSV file has no cell types, so the text itself is neutralised (`safe_text`): a `'`
  goes before every formula start that a spreadsheet could see at the beginning of a cell, which is
  OWASP's advice. A tab would also do, but readers that trim cells drop it; the `'` survives trimming.
  The `'` shows in the cell: the Excel download is the one that shows the text unchanged.
"""

import csv
import datetime
import io
import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

# What a spreadsheet reads as the start of a formula: = + - @ (and the full-width forms that some
# Excel input modes convert to them).
FORMULA_STARTS = "=+\\-@\uff1d\uff0b\uff0d\uff20"
# Where a reader may start a new cell inside our cell's text: a CSV reader set to another separator
# (`;` in many locales, tab, `|`) or a line break splits there, so `x;=1+1` becomes a cell `=1+1`.
SEPARATORS = ",;\t\r\n|"
# A formula start at the beginning of the text or of any such piece, after blanks and double quotes
# (a reader strips the quotes of a quoted piece and may trim blanks). A `'` before it neutralises it
# already, which also makes the guard idempotent.
_FORMULA = re.compile(f'(^|[{re.escape(SEPARATORS)}])([\\s"]*)([{FORMULA_STARTS}])')
# Dynamic Data Exchange (`cmd|' /C calc'!A0`) and the DDE functions: dangerous as soon as anything
# in front of them turns the cell into a formula, so the whole cell is kept as text.
_DDE = re.compile(r"\w+\|.*!|\bDDE(AUTO)?\s*\(", re.IGNORECASE)
# OWASP's list also names a leading tab or carriage return; a line feed behaves the same.
_LEADING_CONTROL = ("\t", "\r", "\n")


def is_formula_like(text: str) -> bool:
    """True when some spreadsheet could read (part of) `text` as a formula or a DDE call."""
    return bool(_FORMULA.search(text) or _DDE.search(text) or text.startswith(_LEADING_CONTROL))


def safe_text(value: Any) -> str:
    """`value` as text a spreadsheet reads as text, for CSV: a `'` before each formula start (at the
    beginning and after each separator a reader may split on) and in front of the whole cell when it
    starts with one, holds a DDE call or starts with a tab or line break. Text without any of these is
    returned unchanged."""
    text = str(value)
    if not is_formula_like(text):
        return text
    guarded = _FORMULA.sub(r"\1\2'\3", text)
    if not guarded.startswith("'") and (_DDE.search(text) or text.startswith(_LEADING_CONTROL)):
        guarded = f"'{guarded}"
    return guarded


def as_csv(lines: Iterable[Iterable[Any]]) -> str:
    """Every text cell through `safe_text`; numbers stay numbers."""
    buffer = io.StringIO()
    csv.writer(buffer).writerows(
        [safe_text(value) if isinstance(value, str) else value for value in line] for line in lines
    )
    return buffer.getvalue()


def as_xlsx(lines: Iterable[Iterable[Any]], month: datetime.date, title: str | None = None) -> bytes:
    """Numbers as numbers, every text cell an explicit Text cell showing exactly the user's text."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title or f"Pay {month:%Y-%m}"
    for line in lines:
        sheet.append([float(value) if isinstance(value, Decimal) else value for value in line])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    # openpyxl takes a text starting with "=" for a formula (data type "f"); a string cell ("s") is
    # stored as text, and the Text format keeps it text when someone edits the cell in Excel.
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"
                cell.number_format = "@"
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
