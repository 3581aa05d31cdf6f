"""The spreadsheet formula guard (parentpartner.spreadsheets, issue 15): every text cell of a download
that a spreadsheet could read as a formula is kept as text; Excel shows the user's text unchanged, the
CSV neutralises it with a `'`."""

import csv
import datetime
import io
import zipfile

import pytest
from openpyxl import load_workbook

from parentpartner.spreadsheets import as_csv, as_xlsx, is_formula_like, safe_text

MONTH = datetime.date(2026, 1, 1)

# Text a spreadsheet would run (OWASP CSV injection): leading = + - @ tab CR, after blanks or quotes,
# after a separator another reader splits on, DDE calls, full-width signs.
HOSTILE = [
    "=1+1",
    "+1+1",
    "-1+1",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
    " =1+1",
    '"=1+1',
    ";=1+1",
    "Smith;=1+1",
    "Smith,=1+1",
    "Smith, -2+3",
    "Smith\t+1",
    "Smith\n@SUM(A1)",
    "Smith|=1",
    '=HYPERLINK("http://example.org","click")',
    "cmd|' /C calc'!A0",
    '=DDE("cmd";"/C calc";"__DdeLink_60_870516294")',
    "＝1+1",
]

HARMLESS = ["Smith", "Mary-Jane O'Brien", "Site A1", "2026-01-01 to 2026-03-31", "Hours, miles", ""]


def _cells_as_a_reader_splits_them(text: str, separator: str) -> list[str]:
    """The cells a CSV reader set to `separator` makes of one written cell, blanks and quotes stripped
    as lenient readers do."""
    pieces = []
    for line in text.replace("\r", "\n").split("\n"):
        pieces += line.split(separator)
    return [piece.strip().strip('"').strip() for piece in pieces]


@pytest.mark.parametrize("text", HOSTILE)
def test_csv_cells_that_a_spreadsheet_could_run_are_neutralised(text):
    """Written through as_csv and read back with `,` (and, as other locales do, with `;`, tab or `|`),
    no cell starts with a formula sign: each gets a `'` in front of it (OWASP's advice)."""
    assert is_formula_like(text)
    written = as_csv([["Name"], [text]])
    (cell,) = list(csv.reader(io.StringIO(written)))[1]
    assert cell == safe_text(text) != text
    for separator in (",", ";", "\t", "|"):
        for piece in _cells_as_a_reader_splits_them(cell, separator):
            assert piece[:1] not in ("=", "+", "-", "@", "＝"), (text, separator, piece)
    # The guard is applied once: writing a guarded text again changes nothing.
    assert safe_text(cell) == cell


def test_the_issues_example_goes_out_neutralised():
    """`;=1+1` went out unchanged before (only the first character was looked at)."""
    assert as_csv([[";=1+1"]]) == ";'=1+1\r\n"
    assert as_csv([["=1+1", "Smith;=2"]]) == "'=1+1,Smith;'=2\r\n"
    assert as_csv([["cmd|' /C calc'!A0"]]) == "'cmd|' /C calc'!A0\r\n"


@pytest.mark.parametrize("text", HARMLESS)
def test_csv_leaves_ordinary_text_and_numbers_alone(text):
    assert not is_formula_like(text)
    assert list(csv.reader(io.StringIO(as_csv([[text, -5, 1.5]]))))[0] == [text, "-5", "1.5"]


def test_excel_shows_exactly_the_users_text_as_text_never_a_formula():
    """openpyxl reads back every hostile text unchanged (no `'` in front), each cell a text cell with
    the Text format, and the workbook holds no formula at all."""
    lines = [["Name", "Hours"], *[[text, 1] for text in HOSTILE + HARMLESS]]
    content = as_xlsx(lines, MONTH)
    sheet = load_workbook(io.BytesIO(content)).active
    for row, text in enumerate(HOSTILE + HARMLESS, start=2):
        cell = sheet.cell(row, 1)
        if text == "":
            continue  # an empty cell stays empty
        # XML reads a carriage return in a text as a line break: the only character not kept as is.
        assert cell.value == text.replace("\r", "\n")
        assert cell.data_type == "s" and cell.number_format == "@"
        assert sheet.cell(row, 2).value == 1 and sheet.cell(row, 2).data_type == "n"
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        sheet_xml = package.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml and "<f " not in sheet_xml
