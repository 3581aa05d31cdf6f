"""The reporting app's section of the home page (see parentpartner.panels): the file reviews and file
audits never drawn (R-SUP-4), in one query whatever the number of months."""

from typing import Any

from parentpartner.access import has_permission
from parentpartner.panels import Panel
from reporting.services import file_audits


def home_panels(user: Any) -> list[Panel]:
    if not has_permission(user, "file_audit.draw"):
        return []
    overdue = file_audits.overdue_draws(user)
    if not overdue:
        return []
    return [Panel("reporting/panel_overdue_draws.html", {"overdue": overdue})]
