"""The quarterly report (R-SUP-5) as a table for CSV and Excel. Text cells are the user's text: the
writers of parentpartner.spreadsheets (`as_csv`, `as_xlsx`) keep every one from running as a formula."""

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from parentpartner.spreadsheets import as_xlsx
from reporting.services.quarterly_reports.report import Period, ReportScope, Section

HEADER = ["Quarter", "Period", "Scope", "Section", "Figure", "Value", "Unit"]
UNITS = {"": "count", "hours": "hours", "miles": "miles", "percent": "percent"}


def table(
    report_sections: Iterable[Section], values: dict[str, Any], period: Period, scope: ReportScope
) -> list[list[Any]]:
    """A header and one line per figure, numbers as numbers (an empty cell for a percentage of 0)."""
    through = f"{period.start:%Y-%m-%d} to {period.as_of:%Y-%m-%d}"
    lines: list[list[Any]] = [HEADER]
    for section in report_sections:
        for item in section.items:
            value = values[item.key]
            lines.append(
                [
                    str(period.quarter),
                    through,
                    str(scope),
                    section.title,
                    item.label,
                    value if isinstance(value, int | Decimal) else "",
                    UNITS[item.unit],
                ]
            )
    return lines


def as_xlsx_report(lines: list[list[Any]], period: Period) -> bytes:
    """The table as an Excel workbook, its sheet named after the quarter."""
    return as_xlsx(lines, period.quarter.start, title=f"Quarterly report {period.quarter}")
