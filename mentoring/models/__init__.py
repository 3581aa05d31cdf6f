"""Families and their cases, assignments, monthly activity forms (R-FAM-*), and the records around them.

One module per subject; everything is importable from `mentoring.models`.
"""

from mentoring.models.activity import ActivityForm, Contact, ContactActivity, ContactMethod, FormStatus
from mentoring.models.cases import (
    Assignment,
    Case,
    CaseOutcome,
    CaseStatus,
    Child,
    ClosedBy,
    Conflict,
    EndReason,
    Family,
    Placement,
    ReferralSource,
    StateHoliday,
)

__all__ = [
    "ActivityForm",
    "Assignment",
    "Case",
    "CaseOutcome",
    "CaseStatus",
    "Child",
    "ClosedBy",
    "Conflict",
    "Contact",
    "ContactActivity",
    "ContactMethod",
    "EndReason",
    "Family",
    "FormStatus",
    "Placement",
    "ReferralSource",
    "StateHoliday",
]
