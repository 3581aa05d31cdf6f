"""The core's records, one module per feature: the organisation (service areas, counties, sites,
R-ORG-1), logins and their roles (R-ORG-2, R-ORG-3), login changes waiting for a second person and
notifications, Parent Partners and their role history
(R-ROLE-1), role progression and its approvals (R-ROLE-5, R-ROLE-7), the Lead Parent Partner case and
coordinator certification (R-ROLE-6, R-ROLE-8), and the audit trail (history, access and export logs).

Who may see which rows is decided in `parentpartner.access`, which the `visible_to` queryset methods
call; nothing else filters by scope. Import the records from here: `from parentpartner.models import X`.
"""

from parentpartner.models.audit import (
    AccessLogEntry,
    AccessLogQuerySet,
    AppendOnly,
    ExportLog,
    ExportLogQuerySet,
    ExportPurpose,
    HistoryChainLink,
    HistoryEntry,
)
from parentpartner.models.lead import (
    OPEN_LEAD_STAGES,
    CertificationKind,
    CoordinatorCertification,
    LeadCase,
    LeadCaseQuerySet,
    LeadStage,
    LeadStep,
    LetterOfInterest,
)
from parentpartner.models.logins import (
    LoginChangeRequest,
    LoginChangeRequestQuerySet,
    LoginChangeState,
    Notification,
)
from parentpartner.models.organisation import SITE_MOVE_CHECKS, County, ServiceArea, Site, SiteQuerySet
from parentpartner.models.people import (
    DOOR_OPEN,
    STANDING_FIELDS,
    DoorGuardedQuerySet,
    Language,
    LivedExperience,
    OutsideTheDoor,
    ParentPartner,
    ParentPartnerQuerySet,
    PartnerRole,
    PartnerStatus,
    PermanencyType,
    RoleAssignment,
    RoleAssignmentQuerySet,
    refuse_outside_the_door,
)
from parentpartner.models.progression import (
    OPEN_FORM_STATES,
    ApprovalForm,
    ApprovalFormQuerySet,
    FormState,
    Immutable,
    Signature,
    SignerRole,
    StatusChange,
)
from parentpartner.models.submissions import Submission
from parentpartner.models.users import ProgramUserManager, User
from parentpartner.roles import Role

__all__ = [
    "DOOR_OPEN",
    "OPEN_FORM_STATES",
    "OPEN_LEAD_STAGES",
    "SITE_MOVE_CHECKS",
    "STANDING_FIELDS",
    "AccessLogEntry",
    "AccessLogQuerySet",
    "AppendOnly",
    "ApprovalForm",
    "ApprovalFormQuerySet",
    "CertificationKind",
    "CoordinatorCertification",
    "County",
    "DoorGuardedQuerySet",
    "ExportLog",
    "ExportLogQuerySet",
    "ExportPurpose",
    "FormState",
    "HistoryChainLink",
    "HistoryEntry",
    "Immutable",
    "Language",
    "LeadCase",
    "LeadCaseQuerySet",
    "LeadStage",
    "LeadStep",
    "LetterOfInterest",
    "LivedExperience",
    "LoginChangeRequest",
    "LoginChangeRequestQuerySet",
    "LoginChangeState",
    "Notification",
    "OutsideTheDoor",
    "ParentPartner",
    "ParentPartnerQuerySet",
    "PartnerRole",
    "PartnerStatus",
    "PermanencyType",
    "ProgramUserManager",
    "Role",
    "RoleAssignment",
    "RoleAssignmentQuerySet",
    "ServiceArea",
    "Signature",
    "SignerRole",
    "Site",
    "SiteQuerySet",
    "StatusChange",
    "Submission",
    "User",
    "refuse_outside_the_door",
]
