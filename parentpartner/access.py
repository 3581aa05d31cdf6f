"""Who sees what: the one place that decides it.

Two questions, answered separately so that the answer is never a silent leak:
- *Scope* (which rows): `Scope.of(user)` and the `*_visible_to` functions, called by every model's
  `visible_to(user)` queryset method. A row outside the scope is looked up through the scoped
  queryset and so answers 404, indistinguishable from a row that does not exist.
- *Permission* (which pages): each view declares a permission name; `has_permission(user, name)`
  reads the table below. A role without the permission gets 403.

Scopes, after R-ORG-1..3: the statewide coordinator and the DHS contract manager see everything; a
service area coordinator and a DHS liaison their area; a site coordinator and a clinician their
sites; a Parent Partner themselves and their own families. A system administrator manages logins and
reference data in the admin and sees no case data (of the program's records, the admin shows only the
name of the Parent Partner record a Parent Partner's login is linked to).

One file, longer than the others on purpose: it is the one place of access decisions (the scopes, the
permission table with a reason per entry, and the questions pages ask about a user's scope), so that a
reviewer reads every decision in one sitting and no other module branches on `ScopeKind`. The models'
`visible_to(user)` methods call the `*_visible_to` functions here; this module imports no model.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, TypeVar

from django.db.models import Q, QuerySet

from parentpartner.roles import Role

# A model's own queryset class goes in and comes out scoped, with its methods (`.open()`).
Rows = TypeVar("Rows", bound=QuerySet[Any, Any])


class ScopeKind(Enum):
    STATE = "state"
    AREA = "area"
    SITES = "sites"
    SELF = "self"
    NONE = "none"


SCOPE_OF_ROLE = {
    Role.STATEWIDE_COORDINATOR: ScopeKind.STATE,
    Role.CONTRACT_MANAGER: ScopeKind.STATE,
    Role.SERVICE_AREA_COORDINATOR: ScopeKind.AREA,
    Role.DHS_LIAISON: ScopeKind.AREA,
    Role.SITE_COORDINATOR: ScopeKind.SITES,
    Role.CLINICIAN: ScopeKind.SITES,
    Role.PARENT_PARTNER: ScopeKind.SELF,
    Role.SYSTEM_ADMINISTRATOR: ScopeKind.NONE,
}


@dataclass(frozen=True)
class Scope:
    kind: ScopeKind
    area_id: int | None = None
    site_ids: frozenset[int] = field(default_factory=frozenset)
    parent_partner_id: int | None = None

    @classmethod
    def of(cls, user: Any) -> "Scope":
        """The user's scope, computed once per request and cached on the user object."""
        if not user.is_authenticated or not user.is_active:
            return cls(ScopeKind.NONE)
        cached = getattr(user, "_scope_cache", None)
        if cached is not None:
            return cached
        kind = SCOPE_OF_ROLE.get(user.role, ScopeKind.NONE)
        if kind is ScopeKind.AREA:
            scope = cls(kind, area_id=user.service_area_id)
        elif kind is ScopeKind.SITES:
            scope = cls(kind, site_ids=frozenset(user.sites.values_list("pk", flat=True)))
        elif kind is ScopeKind.SELF:
            scope = cls(kind, parent_partner_id=user.parent_partner_id)
        else:
            scope = cls(kind)
        user._scope_cache = scope
        return scope


def by_site(
    user: Any,
    queryset: Rows,
    site_path: str,
    partner_path: str | None = None,
    partner_q: Callable[[int | None], Q] | None = None,
) -> Rows:
    """Rows that belong to a site (through `site_path`, e.g. "site" or "parent_partner__site"), within
    the user's scope. A Parent Partner reaches only rows about themselves, through `partner_path` or,
    when several conditions must hold on one join, `partner_q(parent_partner_id) -> Q`."""
    scope = Scope.of(user)
    if scope.kind is ScopeKind.STATE:
        return queryset
    if scope.kind is ScopeKind.AREA:
        return queryset.filter(**{f"{site_path}__service_area_id": scope.area_id})
    if scope.kind is ScopeKind.SITES:
        return queryset.filter(**{f"{site_path}_id__in": scope.site_ids})
    if scope.kind is ScopeKind.SELF and partner_q is not None:
        return queryset.filter(partner_q(scope.parent_partner_id))
    if scope.kind is ScopeKind.SELF and partner_path is not None:
        return queryset.filter(**{partner_path: scope.parent_partner_id})
    return queryset.none()


def _related(queryset: QuerySet, name: str) -> QuerySet:
    """All rows of the model `queryset`'s foreign key `name` points to: how a decision reaches a
    related model without importing the models (which import this module)."""
    return queryset.model._meta.get_field(name).related_model._default_manager.all()


def _of_visible_parent_partner(user: Any, queryset: Rows) -> Rows:
    """Rows about a Parent Partner (`parent_partner`) the user may see."""
    return queryset.filter(parent_partner__in=parent_partners_visible_to(user, _related(queryset, "parent_partner")))


def sites_visible_to(user: Any, queryset: Rows) -> Rows:
    scope = Scope.of(user)
    if scope.kind is ScopeKind.STATE:
        return queryset
    if scope.kind is ScopeKind.AREA:
        return queryset.filter(service_area_id=scope.area_id)
    if scope.kind is ScopeKind.SITES:
        return queryset.filter(pk__in=scope.site_ids)
    return queryset.none()


def parent_partners_visible_to(user: Any, queryset: Rows) -> Rows:
    return by_site(user, queryset, "site", partner_path="pk")


def training_sessions_visible_to(user: Any, queryset: Rows) -> Rows:
    return by_site(user, queryset, "site")


def families_visible_to(user: Any, queryset: Rows) -> Rows:
    """A Parent Partner sees the families currently assigned to them, not those they handed over."""
    return by_site(
        user,
        queryset,
        "site",
        partner_q=lambda pk: Q(cases__assignments__parent_partner=pk, cases__assignments__ended_on__isnull=True),
    )


def cases_visible_to(user: Any, queryset: Rows) -> Rows:
    return by_site(
        user,
        queryset,
        "family__site",
        partner_q=lambda pk: Q(assignments__parent_partner=pk, assignments__ended_on__isnull=True),
    )


def activity_forms_visible_to(user: Any, queryset: Rows) -> Rows:
    """A Parent Partner sees the forms of their own assignments, current or past."""
    return by_site(user, queryset, "assignment__case__family__site", partner_path="assignment__parent_partner")


def outreach_forms_visible_to(user: Any, queryset: Rows) -> Rows:
    """Community outreach forms (R-FAM-7): by the Parent Partner's site; a Parent Partner their own."""
    return by_site(user, queryset, "parent_partner__site", partner_path="parent_partner")


def supervision_sessions_visible_to(user: Any, queryset: Rows) -> Rows:
    """The weekly supervision log (R-SUP-1) is the coordinators' record: a Parent Partner has no view
    of it (the permission table), so no partner path is given."""
    return by_site(user, queryset, "parent_partner__site")


def clinical_support_sessions_visible_to(user: Any, queryset: Rows) -> Rows:
    return by_site(user, queryset, "site")


def safety_concerns_visible_to(user: Any, queryset: Rows) -> Rows:
    """Protocol D (R-SAFE-1..3): staff of the family's site and above; a Parent Partner only the
    concerns they raised, even after the family is assigned to someone else."""
    return by_site(user, queryset, "case__family__site", partner_path="parent_partner")


def trainers_visible_to(user: Any, queryset: Rows) -> Rows:
    """BABF trainers serve the whole state (R-TRN-4): every program staff member sees them all."""
    return queryset if Scope.of(user).kind in (ScopeKind.STATE, ScopeKind.AREA, ScopeKind.SITES) else queryset.none()


def eligibility_records_visible_to(user: Any, queryset: Rows) -> Rows:
    """Screenings (R-ELIG-1): the scope of the Parent Partner they are about."""
    return _of_visible_parent_partner(user, queryset)


# Review cases (protocol E) are personnel matters: the issue names the coordinator, the service area
# coordinator and the clinician of the person's site, the statewide coordinator and the contract
# manager, and the person themselves. The DHS liaison is left out on purpose: DHS takes part only
# through a representative on the review team when a DHS assessment is involved (R-REV-3), and an
# area-wide view of every Parent Partner's performance issues is more than that role needs.
REVIEW_CASE_SCOPES = {ScopeKind.STATE, ScopeKind.AREA, ScopeKind.SITES, ScopeKind.SELF}


def review_cases_visible_to(user: Any, queryset: Rows) -> Rows:
    if user.is_authenticated and user.role == Role.DHS_LIAISON:
        return queryset.none()
    scope = Scope.of(user)
    if scope.kind not in REVIEW_CASE_SCOPES:
        return queryset.none()
    return _of_visible_parent_partner(user, queryset)


def review_case_parts_visible_to(user: Any, queryset: Rows) -> Rows:
    """Plan items and review team members: the scope of their case."""
    cases = review_cases_visible_to(user, _related(queryset, "case"))
    return queryset.filter(case__in=cases)


def approval_forms_visible_to(user: Any, queryset: Rows) -> Rows:
    """Training Verification and Approval forms (R-ROLE-5): the scope of the candidate; the
    candidate sees their own."""
    return by_site(user, queryset, "parent_partner__site", partner_path="parent_partner")


def lead_cases_visible_to(user: Any, queryset: Rows) -> Rows:
    """Lead Parent Partner cases (R-ROLE-6): the site's staff, its area, the state. Parent Partners
    take part through their letters, recorded by the coordinator, and do not see the case."""
    return by_site(user, queryset, "site")


STATE_ROLES = {Role.STATEWIDE_COORDINATOR, Role.CONTRACT_MANAGER}
AREA_ROLES = {Role.SERVICE_AREA_COORDINATOR, Role.DHS_LIAISON}
SITE_ROLES = {Role.SITE_COORDINATOR, Role.CLINICIAN}
PROGRAM_STAFF = STATE_ROLES | AREA_ROLES | SITE_ROLES
COORDINATORS = {Role.SITE_COORDINATOR, Role.SERVICE_AREA_COORDINATOR, Role.STATEWIDE_COORDINATOR}

REPORT_ROLES = COORDINATORS | {Role.CONTRACT_MANAGER}

# Permission name -> the roles that hold it. Scope still limits which rows they reach.
PERMISSIONS: dict[str, set[Role]] = {
    # Site directory: program staff read it; the statewide coordinator sets sites up and the service
    # area coordinator, responsible for capacity in the area (R-ORG-2), keeps theirs current.
    "site.view": PROGRAM_STAFF,
    "site.create": {Role.STATEWIDE_COORDINATOR},
    "site.change": {Role.STATEWIDE_COORDINATOR, Role.SERVICE_AREA_COORDINATOR},
    # Parent Partner records: coordinators keep them (R-SUP-5); a Parent Partner reads their own.
    "parent_partner.list": PROGRAM_STAFF,
    "parent_partner.view": PROGRAM_STAFF | {Role.PARENT_PARTNER},
    "parent_partner.change": COORDINATORS,
    # The paper roster: people who already hold a role are recorded once, by the statewide coordinator,
    # with the original approval (R-ROLE-1, R-ROLE-5); everyone else enters as a Parent Partner in Training.
    "parent_partner.record_from_paper": {Role.STATEWIDE_COORDINATOR},
    "history.view": PROGRAM_STAFF,
    # Who opened which family's record: the statewide coordinator for the state, a service area
    # coordinator for the families of their area. The export log (who exported what and why) is the
    # statewide coordinator's.
    "access_log.view": {Role.STATEWIDE_COORDINATOR, Role.SERVICE_AREA_COORDINATOR},
    "export_log.view": {Role.STATEWIDE_COORDINATOR},
    # Four eyes on logins (parentpartner.services.logins): the system administrator files powerful
    # changes, the statewide coordinator confirms those for staff logins and another system
    # administrator those for the statewide coordinator's own; both read the waiting ones. The record
    # of every login change is the statewide coordinator's to read.
    "login_change.waiting": {Role.SYSTEM_ADMINISTRATOR, Role.STATEWIDE_COORDINATOR},
    "login_change.decide": {Role.SYSTEM_ADMINISTRATOR, Role.STATEWIDE_COORDINATOR},
    "login_change.history": {Role.STATEWIDE_COORDINATOR},
    # Everyone reads their own notifications (notifications_visible_to).
    "notification.view": set(Role),
    # Training (R-TRN-1..4, R-ROLE-4): coordinators record; a Parent Partner reads their own checklist.
    "training.checklist.view": PROGRAM_STAFF | {Role.PARENT_PARTNER},
    "training.record": COORDINATORS,
    "training.view": PROGRAM_STAFF,
    "training.trainer.manage": {Role.STATEWIDE_COORDINATOR},
    "training.trainer.approve": {Role.STATEWIDE_COORDINATOR, Role.CONTRACT_MANAGER},
    # R-TRN-4: each signer records their own approvals of a trainer (training.services.APPROVALS).
    "training.trainer.sign_statewide": {Role.STATEWIDE_COORDINATOR},
    "training.trainer.sign_contract_manager": {Role.CONTRACT_MANAGER},
    # Mentoring (R-FAM-*): coordinators keep families, referrals and assignments (R-SUP-5); a Parent
    # Partner with a login reads their own families and drafts their own activity forms.
    "family.view": PROGRAM_STAFF | {Role.PARENT_PARTNER},
    "family.list": PROGRAM_STAFF,
    "family.change": COORDINATORS,
    "case.assign": COORDINATORS,
    "activity_form.view": PROGRAM_STAFF | {Role.PARENT_PARTNER},
    "activity_form.edit": COORDINATORS | {Role.PARENT_PARTNER},
    "activity_form.review": COORDINATORS,
    # Eligibility screening (R-ELIG-1, R-ELIG-2): staff read it, a Parent Partner their own;
    # coordinators record the checks, the DHS review and any disqualifier.
    "eligibility.list": PROGRAM_STAFF,
    "eligibility.view": PROGRAM_STAFF | {Role.PARENT_PARTNER},
    "eligibility.change": {Role.SITE_COORDINATOR, Role.SERVICE_AREA_COORDINATOR, Role.STATEWIDE_COORDINATOR},
    # Review cases (protocol E, R-REV-1..4); see review_cases_visible_to for who and why.
    "review_case.list": {
        Role.SITE_COORDINATOR,
        Role.SERVICE_AREA_COORDINATOR,
        Role.CLINICIAN,
        Role.STATEWIDE_COORDINATOR,
        Role.CONTRACT_MANAGER,
    },
    "review_case.view": {
        Role.SITE_COORDINATOR,
        Role.SERVICE_AREA_COORDINATOR,
        Role.CLINICIAN,
        Role.STATEWIDE_COORDINATOR,
        Role.CONTRACT_MANAGER,
        Role.PARENT_PARTNER,
    },
    # R-REV-1, R-REV-2 step 1: the coordinator opens a case and decides whether mentoring continues.
    "review_case.open": {Role.SITE_COORDINATOR},
    # R-REV-2 steps 1-2: the validity meeting and the discussion with the clinician.
    "review_case.local_step": {Role.SITE_COORDINATOR, Role.SERVICE_AREA_COORDINATOR},
    # R-REV-2 after notification, R-REV-3, R-REV-4: the statewide coordinator's steps.
    "review_case.statewide_step": {Role.STATEWIDE_COORDINATOR},
    # Closing on withdrawal (R-REV-1) and keeping the plan's items current.
    "review_case.withdraw": {Role.SITE_COORDINATOR, Role.SERVICE_AREA_COORDINATOR, Role.STATEWIDE_COORDINATOR},
    "review_case.plan": {Role.SITE_COORDINATOR, Role.SERVICE_AREA_COORDINATOR, Role.STATEWIDE_COORDINATOR},
    # Community outreach, supervision and clinical support (R-FAM-7, R-SUP-1, R-SUP-2): outreach
    # forms like activity forms; the supervision log is the coordinators'; clinicians record their
    # sessions too.
    "outreach_form.view": PROGRAM_STAFF | {Role.PARENT_PARTNER},
    "outreach_form.edit": COORDINATORS | {Role.PARENT_PARTNER},
    "outreach_form.review": COORDINATORS,
    "supervision.view": PROGRAM_STAFF,
    "supervision.record": COORDINATORS,
    "clinical_support.view": PROGRAM_STAFF,
    "clinical_support.record": COORDINATORS | {Role.CLINICIAN},
    # Time and mileage for pay (R-ROLE-7): the coordinators who submit it and the contract manager.
    "pay.view": COORDINATORS | {Role.CONTRACT_MANAGER},
    # The hourly and per-mile rates it is paid at (handbook C.IX: the statewide coordinator's fiscal
    # management); those who read the report read the rates.
    "pay_rate.change": {Role.STATEWIDE_COORDINATOR},
    # Safety concerns (R-SAFE-1..3): staff read them; a Parent Partner raises one and records the
    # participant's side; the coordinator's steps are the coordinators'.
    "safety_concern.view": PROGRAM_STAFF | {Role.PARENT_PARTNER},
    "safety_concern.raise": COORDINATORS | {Role.PARENT_PARTNER},
    "safety_concern.coordinate": COORDINATORS,
    # Role progression (R-ROLE-1..6): staff read it, a Parent Partner their own; coordinators keep the
    # recorded path (accept, pause, end, reinstate) and start approval forms. Each signature on a form
    # is checked against its signer in parentpartner.services.progression, not here.
    "progression.view": PROGRAM_STAFF | {Role.PARENT_PARTNER},
    "progression.change": COORDINATORS,
    "approval_form.list": PROGRAM_STAFF,
    "approval_form.view": PROGRAM_STAFF | {Role.PARENT_PARTNER},
    # R-ROLE-5's signers, one page each; the candidate with their own login, or on paper through the
    # coordinator when they have none. Order and "not about themselves" are checked in progression.
    "approval_form.start": {Role.SITE_COORDINATOR},
    "approval_form.sign_coordinator": {Role.SITE_COORDINATOR},
    "approval_form.sign_candidate": {Role.PARENT_PARTNER},
    "approval_form.sign_statewide": {Role.STATEWIDE_COORDINATOR},
    "approval_form.sign_contract_manager": {Role.CONTRACT_MANAGER},
    # Lead Parent Partner cases (R-ROLE-6): the coordinator asks, the SAC and the statewide
    # coordinator pass it on, the contract manager decides; each step checks its own role.
    "lead_case.view": {
        Role.SITE_COORDINATOR,
        Role.SERVICE_AREA_COORDINATOR,
        Role.DHS_LIAISON,
        Role.STATEWIDE_COORDINATOR,
        Role.CONTRACT_MANAGER,
    },
    "lead_case.open": {Role.SITE_COORDINATOR},
    "lead_case.sac_step": {Role.SERVICE_AREA_COORDINATOR},
    "lead_case.statewide_step": {Role.STATEWIDE_COORDINATOR},
    "lead_case.decide": {Role.CONTRACT_MANAGER},
    # Coordinator certification (R-ROLE-8): verified to, and kept by, the statewide coordinator.
    "certification.manage": {Role.STATEWIDE_COORDINATOR},
    # Random client file audits (R-SUP-4): coordinators review a site's files and SACs audit an
    # area's; the statewide coordinator and the contract manager read them. Any coordinator in scope
    # may complete and sign off a checklist (a SAC may finish a site's review); the sign-off says who.
    "file_audit.view": COORDINATORS | {Role.CONTRACT_MANAGER},
    "file_audit.draw": {Role.SITE_COORDINATOR, Role.SERVICE_AREA_COORDINATOR},
    "file_audit.review": COORDINATORS,
    # Quarterly reports (R-SUP-5): coordinators provide them and service area coordinators review their
    # area's data; the statewide coordinator and the contract manager read the state's. The clinician
    # is left out: the report is program administration, not clinical support, and its drill-downs
    # reach case records beyond a clinician's sessions. The DHS liaison is left out too: DHS receives
    # the report through the contract manager, and at a small site even the counts of eligibility
    # review cases could name a person whose review is kept from the liaison (review_cases_visible_to).
    # Each figure's records need their own permission besides (reporting.quarterly_bases).
    "quarterly_report.view": REPORT_ROLES,
    # Every download goes through reporting.views_quarterly.download_quarterly_report.
    "quarterly_report.download": REPORT_ROLES,
    # Meetings (R-ORG-4, R-SUP-3) are the service area coordinator's and the statewide coordinator's to
    # record; the DHS liaison and the contract manager read them. Site staff have no view of them.
    "meeting.view": {
        Role.SERVICE_AREA_COORDINATOR,
        Role.STATEWIDE_COORDINATOR,
        Role.DHS_LIAISON,
        Role.CONTRACT_MANAGER,
    },
    "meeting.record": {Role.SERVICE_AREA_COORDINATOR, Role.STATEWIDE_COORDINATOR},
    # Outcomes (R-OUT-1): coordinators, the liaison and the contract manager read them in their scope;
    # coordinators record a child's re-entry into care.
    "outcomes.view": COORDINATORS | {Role.DHS_LIAISON, Role.CONTRACT_MANAGER},
    "reentry.record": COORDINATORS,
    # Dashboards: the service area coordinator's, the statewide coordinator's, the contract manager's.
    "dashboard.view": {Role.SERVICE_AREA_COORDINATOR, Role.STATEWIDE_COORDINATOR, Role.CONTRACT_MANAGER},
}


def has_permission(user: Any, name: str) -> bool:
    if name not in PERMISSIONS:
        raise KeyError(f"Unknown permission {name!r}: add it to parentpartner.access.PERMISSIONS.")
    return user.is_authenticated and user.is_active and user.role in PERMISSIONS[name]


def file_audit_draws_visible_to(user: Any, queryset: Rows) -> Rows:
    """Random file audits (R-SUP-4): a site's file reviews by the staff of the site and above; an
    area's file audits by the area's staff and the state roles (a site sees only its own reviews)."""
    scope = Scope.of(user)
    if scope.kind is ScopeKind.STATE:
        return queryset
    if scope.kind is ScopeKind.AREA:
        return queryset.filter(Q(service_area_id=scope.area_id) | Q(site__service_area_id=scope.area_id))
    if scope.kind is ScopeKind.SITES:
        return queryset.filter(site_id__in=scope.site_ids)
    return queryset.none()


def file_audits_visible_to(user: Any, queryset: Rows) -> Rows:
    """A sampled file's checklist: the scope of its draw."""
    draws = file_audit_draws_visible_to(user, _related(queryset, "draw"))
    return queryset.filter(draw__in=draws)


def meetings_editable_by(user: Any, queryset: QuerySet) -> QuerySet:
    """Meetings a user may edit: a service area coordinator their own area's meetings only, not the
    statewide advisory committee they can read; the state roles every meeting."""
    scope = Scope.of(user)
    if scope.kind is ScopeKind.AREA:
        return meetings_visible_to(user, queryset).filter(service_area_id=scope.area_id)
    return meetings_visible_to(user, queryset)


def meetings_visible_to(user: Any, queryset: Rows) -> Rows:
    """Meetings (R-ORG-4, R-SUP-3): the state roles see all; the area roles their area's meetings and
    the statewide advisory committee. The DHS liaison does not see the supervision of coordinators, a
    personnel matter between the SAC and the coordinator."""
    scope = Scope.of(user)
    if scope.kind is ScopeKind.STATE:
        return queryset
    if scope.kind is ScopeKind.AREA:
        visible = queryset.filter(Q(service_area_id=scope.area_id) | Q(service_area__isnull=True))
        if user.role == Role.DHS_LIAISON:
            visible = visible.exclude(kind="supervision")
        return visible
    return queryset.none()


def access_log_visible_to(user: Any, queryset: Rows) -> Rows:
    """Openings of families' records, by the family's site (a SAC reads their area's)."""
    return by_site(user, queryset, "family__site")


def login_change_requests_visible_to(user: Any, queryset: Rows) -> Rows:
    """A login change request is seen by the one who filed it and by the holders of the role that
    confirms it (fixed on the request when it is filed); never by anyone else, nor by the person
    whose login it changes unless they hold one of those places."""
    if not user.is_authenticated or not user.is_active:
        return queryset.none()
    return queryset.filter(Q(requested_by=user) | Q(confirmer_role=user.role))


def notifications_visible_to(user: Any, queryset: Rows) -> Rows:
    """A notification is its recipient's alone."""
    return queryset.filter(recipient=user) if user.is_authenticated else queryset.none()


def export_log_visible_to(user: Any, queryset: Rows) -> Rows:
    """Exports are read statewide only (the permission holds it to the statewide coordinator)."""
    return queryset if Scope.of(user).kind is ScopeKind.STATE else queryset.none()


# ---------------------------------------------------------------------------------------------------
# Questions pages and services ask about a user's scope, so that no other module branches on ScopeKind.


def is_statewide(user: Any) -> bool:
    """The statewide coordinator and the DHS contract manager: every row of the state."""
    return Scope.of(user).kind is ScopeKind.STATE


def sees_by_area(user: Any) -> bool:
    """A role whose scope is the state or a service area, so figures by area mean something to it."""
    return Scope.of(user).kind in (ScopeKind.STATE, ScopeKind.AREA)


def area_of(user: Any) -> int | None:
    """The service area of an area role (service area coordinator, DHS liaison); None for the others."""
    scope = Scope.of(user)
    return scope.area_id if scope.kind is ScopeKind.AREA else None


def site_ids_of(user: Any) -> frozenset[int] | None:
    """The sites of a site role (site coordinator, clinician), empty when none is assigned yet; None for
    a role whose scope is not a list of sites."""
    scope = Scope.of(user)
    return scope.site_ids if scope.kind is ScopeKind.SITES else None


def service_areas_visible_to(user: Any, queryset: Rows) -> Rows:
    """Service areas a user works in: all for the state roles, their own for the area roles, none for
    the others (a site's staff reach their sites, not the area)."""
    scope = Scope.of(user)
    if scope.kind is ScopeKind.STATE:
        return queryset
    if scope.kind is ScopeKind.AREA:
        return queryset.filter(pk=scope.area_id)
    return queryset.none()


def sees_service_area(user: Any, area_id: int | None) -> bool:
    """R-ORG-1..3: the state roles reach every service area, an area role its own, the others none.
    Asks no query."""
    return is_statewide(user) or (area_id is not None and area_id == area_of(user))


def sees_site(user: Any, site_id: int | None, sites: QuerySet) -> bool:
    """R-ORG-1..3: whether the site `site_id` is in the user's scope. The state roles reach every site
    and a site role its own without a query; an area role a site of its area, looked up in `sites`
    (the Site rows, passed in because this module imports no model)."""
    scope = Scope.of(user)
    if scope.kind is ScopeKind.STATE:
        return True
    if scope.kind is ScopeKind.SITES:
        return site_id in scope.site_ids
    if scope.kind is ScopeKind.AREA:
        return sites.filter(pk=site_id, service_area_id=scope.area_id).exists()
    return False


def sees_coordinator_supervision(user: Any) -> bool:
    """R-SUP-3: the supervision of site coordinators is seen by the state roles and the service area
    coordinator, not by the DHS liaison (a personnel matter between the SAC and the coordinator; see
    meetings_visible_to), overdue or not."""
    return sees_by_area(user) and user.role != Role.DHS_LIAISON


def draws_file_reviews(user: Any) -> bool:
    """R-SUP-4: a site coordinator draws the monthly client file reviews of their sites."""
    return user.role == Role.SITE_COORDINATOR


def draws_file_audits(user: Any) -> bool:
    """R-SUP-4: a service area coordinator draws the monthly client file audits of their area."""
    return user.role == Role.SERVICE_AREA_COORDINATOR
