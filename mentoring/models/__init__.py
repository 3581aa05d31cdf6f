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
from mentoring.models.outreach import OutreachActivity, OutreachForm, OutreachKind  # noqa: E402
from mentoring.models.pay import PayRate, RateKind  # noqa: E402
from mentoring.models.safety import (  # noqa: E402
    ConcernKind,
    HowKnown,
    InformedBy,
    SafetyConcern,
    SafetyStatus,
)
from mentoring.models.supervision import (  # noqa: E402
    ClinicalSupportFormat,
    ClinicalSupportSession,
    SupervisionSession,
)

__all__ += [
    "ClinicalSupportFormat",
    "ClinicalSupportSession",
    "ConcernKind",
    "HowKnown",
    "InformedBy",
    "OutreachActivity",
    "OutreachForm",
    "OutreachKind",
    "PayRate",
    "RateKind",
    "SafetyConcern",
    "SafetyStatus",
    "SupervisionSession",
]
