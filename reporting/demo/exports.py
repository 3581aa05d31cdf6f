"""Demo data: an export in the export log."""

from typing import Any

from parentpartner.dates import first_of_month, previous_month
from parentpartner.models import ExportLog


def load(demo: Any) -> None:
    """Last month's pay report, exported by the contract manager for invoicing: the export log page
    shows a row (and the benchmark counts that page's queries with rows, as on the scale data)."""
    if ExportLog.objects.exists():
        return
    month = previous_month(first_of_month(demo.today))
    ExportLog.objects.create(
        user=demo.users["contractmanager"],
        what="mentoring:pay-report-xlsx",
        path=f"/mentoring/pay/xlsx/?month={month:%Y-%m}",
        params={"month": f"{month:%Y-%m}"},
        file_format="xlsx",
        purpose="payment",
        row_count=len(demo.partners),
    )
