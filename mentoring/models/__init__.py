"""Families and their cases, assignments, monthly activity forms (R-FAM-*), and the records around them:
community outreach forms, pay rates, safety concerns, supervision and clinical support.

One module per subject; everything is importable from `mentoring.models`.
"""

from mentoring.models.activity import ActivityForm, Contact, ContactActivity, ContactMethod, FormStatus
from mentoring.models.assignments import Assignment, Conflict, EndReason
from mentoring.models.cases import (
    Case,
    CaseOutcome,
    CaseStatus,
    Child,
    ClosedBy,
    Family,
    Placement,
    ReferralSource,
    StateHoliday,
)
from mentoring.models.outreach import OutreachActivity, OutreachForm, OutreachKind
from mentoring.models.pay import PayRate, RateKind
from mentoring.models.safety import ConcernKind, HowKnown, InformedBy, SafetyConcern, SafetyStatus
from mentoring.models.supervision import ClinicalSupportFormat, ClinicalSupportSession, SupervisionSession

__all__ = [
    "ActivityForm",
    "Assignment",
    "Case",
    "CaseOutcome",
    "CaseStatus",
    "Child",
    "ClinicalSupportFormat",
    "ClinicalSupportSession",
    "ClosedBy",
    "ConcernKind",
    "Conflict",
    "Contact",
    "ContactActivity",
    "ContactMethod",
    "EndReason",
    "Family",
    "FormStatus",
    "HowKnown",
    "InformedBy",
    "OutreachActivity",
    "OutreachForm",
    "OutreachKind",
    "PayRate",
    "Placement",
    "RateKind",
    "ReferralSource",
    "SafetyConcern",
    "SafetyStatus",
    "StateHoliday",
    "SupervisionSession",
]
