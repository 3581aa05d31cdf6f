"""The quarterly report (R-SUP-5) as a table for CSV and Excel. Text cells go through the spreadsheet
formula guard of mentoring.pay (`safe_text`, and `as_xlsx` storing strings as text), not a copy."""

from decimal import Decimal

from parentpartner.spreadsheets import as_csv, as_xlsx, safe_text
from reporting.quarterly import Period, ReportScope

HEADER = ["Quarter", "Period", "Scope", "Section", "Figure", "Value", "Unit"]
UNITS = {"": "count", "hours": "hours", "miles": "miles", "percent": "percent"}


def table(report_sections, values: dict, period: Period, scope: ReportScope) -> list[list]:
    """A header and one line per figure, numbers as numbers (an empty cell for a percentage of 0)."""
    through = f"{period.start:%Y-%m-%d} to {period.as_of:%Y-%m-%d}"
    lines = [HEADER]
    for section in report_sections:
        for item in section.items:
            value = values[item.key]
            lines.append(
                [
                    str(period.quarter),
                    through,
                    safe_text(scope),
                    safe_text(section.title),
                    safe_text(item.label),
                    value if isinstance(value, int | Decimal) else "",
                    UNITS[item.unit],
                ]
            )
    return lines


__all__ = ["as_csv", "as_xlsx", "table"]


def as_xlsx_report(lines, period: Period) -> bytes:
    return as_xlsx(lines, period.quarter.start, title=f"Quarterly report {period.quarter}")
