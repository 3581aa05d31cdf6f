"""The reporting app's records, one module per part: random file audits (R-SUP-4), the meetings the
organisation must hold (R-ORG-4, R-SUP-3) and re-entries into care (R-OUT-1)."""

from reporting.models.file_audits import CHECKS, AuditKind, CheckResult, FileAudit, FileAuditDraw
from reporting.models.meetings import AREA_KINDS, Meeting, MeetingKind
from reporting.models.outcomes import Reentry

__all__ = [
    "AREA_KINDS",
    "CHECKS",
    "AuditKind",
    "CheckResult",
    "FileAudit",
    "FileAuditDraw",
    "Meeting",
    "MeetingKind",
    "Reentry",
]
