"""Role progression's pages in the permission matrix (see tests/matrix/test_permissions.py).

Who may do what, written from the issue and R-ROLE-5, R-ROLE-6, R-ROLE-8, independently of
parentpartner.access: staff read the progression page and the approval forms, a Parent Partner their
own; coordinators keep the recorded path; the site coordinator starts forms and signs first; the
candidate signs with their own login; then the statewide coordinator, then the contract manager. Lead
cases are read by the site, area and state staff except the clinician; each step belongs to one role.
Certification is the statewide coordinator's.
"""

from django.utils import timezone

from parentpartner.models import (
    ApprovalForm,
    CoordinatorCertification,
    ExportLog,
    FormState,
    LeadCase,
    LeadStage,
    LetterOfInterest,
    ParentPartner,
    Role,
    Signature,
    StatusChange,
)
from tests.factories import (
    PASSWORD,
    ApprovalFormFactory,
    LeadCaseFactory,
    LetterOfInterestFactory,
    UserFactory,
    candidate,
    ready_for_next_role,
    veteran_parent_partner,
)
from tests.matrix import COORDINATORS, STAFF, Page, export_purpose, partner_at, site_at

FORM_READERS = STAFF | {Role.PARENT_PARTNER}
LEAD_READERS = STAFF - {Role.CLINICIAN}
WATCH_FORMS = (ApprovalForm, Signature, ParentPartner)
WATCH_LEAD = (LeadCase, LetterOfInterest, ParentPartner)


def today():
    return timezone.localdate().isoformat()


def ready_ppit(world, suffix):
    """The site's Parent Partner in Training, ready for mentoring (reunified long enough, screened)."""
    partner = partner_at(world, suffix)
    if not partner.training_completions.exists():
        ready_for_next_role(partner)
    return partner


def form_at(state):
    def target(world, suffix):
        if state == FormState.AWAITING_CANDIDATE and suffix == "a1":
            partner = partner_at(world, "a1")  # the world's Parent Partner login is theirs
            ready_for_next_role(partner)
        else:
            partner = candidate(site_at(world, suffix))
        return ApprovalFormFactory(parent_partner=partner, state=state)

    return target


def sign_data(world, form, user):
    return {
        "decision": "sign",
        "password": PASSWORD,
        "version": form.version,
        "witness_note": "Witnessed at the office.",
    }


def sign_page(slug, roles, state):
    return Page(
        "parentpartner:approval-form-sign",
        roles,
        form_at(state),
        sign_data,
        watch=WATCH_FORMS,
        args=lambda form, slug=slug: [form.pk, slug],
    )


def lead_case_at(stage):
    def target(world, suffix):
        case = LeadCaseFactory(site=site_at(world, suffix), stage=stage)
        if stage in (LeadStage.LETTERS, LeadStage.RECOMMENDED, LeadStage.STATEWIDE_REVIEW, LeadStage.FINAL_DECISION):
            letter = LetterOfInterestFactory(case=case)
            if stage != LeadStage.LETTERS:
                case.recommended = letter
                case.save()
        return case

    return target


def step_data(world, case, user):
    letter = case.letters.first()
    return {
        "result": "approved" if case.stage in (LeadStage.INITIAL_APPROVAL, LeadStage.FINAL_DECISION) else "done",
        "held_on": today(),
        "notes": "Discussed.",
        "version": case.version,
        "letter": letter.pk if letter else "",
        "forms_attached": "on",
        "password": PASSWORD,  # the contract manager's decisions are signed (R-ROLE-6)
    }


def step_page(slug, roles, stage):
    return Page(
        "parentpartner:lead-case-step",
        roles,
        lead_case_at(stage),
        step_data,
        watch=WATCH_LEAD,
        args=lambda case, slug=slug: [case.pk, slug],
    )


def letter_data(world, case, user):
    partner = veteran_parent_partner(case.site)
    return {
        "parent_partner": partner.pk,
        "received_on": today(),
        "years_in_program": "4.5",
        "qualifications": "Mentored families.",
        "education": "High school.",
        "trainings_and_committees": "All trainings.",
    }


def certification_data(world, _obj, user):
    return {
        "coordinator": UserFactory(role=Role.SITE_COORDINATOR).pk,
        "kind": "parent_partner_supervision",
        "completed_on": today(),
        "verified_on": today(),
        "evidence": "Certificate.",
    }


PAGES = [
    Page("parentpartner:progression", FORM_READERS, partner_at),
    Page(
        "parentpartner:accept-into-mentoring",
        COORDINATORS,
        ready_ppit,
        lambda world, partner, user: {"reason": "Ready.", "version": partner.version},
    ),
    *[
        Page(
            "parentpartner:status-change",
            COORDINATORS,
            partner_at,
            lambda world, partner, user: {"reason": "Family emergency.", "version": partner.version},
            watch=(StatusChange, ParentPartner),
            args=lambda partner, move=move: [partner.pk, move],
        )
        for move in ["pause", "end"]
    ],
    Page(
        "parentpartner:approval-form-create",
        {Role.SITE_COORDINATOR},
        lambda world, suffix: candidate(site_at(world, suffix)),
        lambda world, partner, user: {"commits": "on", "notes": "Verified."},
        watch=WATCH_FORMS,
    ),
    Page("parentpartner:approval-form-list", STAFF),
    Page("parentpartner:approval-form-detail", FORM_READERS, form_at(FormState.AWAITING_CANDIDATE)),
    Page(
        "parentpartner:approval-form-print",
        FORM_READERS,
        form_at(FormState.AWAITING_CANDIDATE),
        export_purpose,
        watch=(ExportLog,),
        post_status=200,
    ),
    sign_page("coordinator", {Role.SITE_COORDINATOR}, FormState.AWAITING_COORDINATOR),
    sign_page("candidate", {Role.PARENT_PARTNER}, FormState.AWAITING_CANDIDATE),
    sign_page("statewide", {Role.STATEWIDE_COORDINATOR}, FormState.AWAITING_STATEWIDE),
    sign_page("contract-manager", {Role.CONTRACT_MANAGER}, FormState.AWAITING_CONTRACT_MANAGER),
    Page("parentpartner:lead-case-list", LEAD_READERS),
    Page(
        "parentpartner:lead-case-create",
        {Role.SITE_COORDINATOR},
        site_at,
        lambda world, site, user: {"reason": "A growing site.", "partner_count": 9, "families_served": 20},
        watch=WATCH_LEAD,
    ),
    Page("parentpartner:lead-case-detail", LEAD_READERS, lead_case_at(LeadStage.LETTERS)),
    Page(
        "parentpartner:lead-letter-create",
        {Role.SITE_COORDINATOR},
        lead_case_at(LeadStage.LETTERS),
        letter_data,
        watch=(LeadCase, LetterOfInterest),
    ),
    step_page("notify-statewide", {Role.SERVICE_AREA_COORDINATOR}, LeadStage.REQUESTED),
    step_page("ask-initial-approval", {Role.STATEWIDE_COORDINATOR}, LeadStage.WITH_STATEWIDE),
    step_page("initial-decision", {Role.CONTRACT_MANAGER}, LeadStage.INITIAL_APPROVAL),
    step_page("recommend", {Role.SITE_COORDINATOR}, LeadStage.LETTERS),
    step_page("forward-recommendation", {Role.SERVICE_AREA_COORDINATOR}, LeadStage.RECOMMENDED),
    step_page("submit-approval-form", {Role.STATEWIDE_COORDINATOR}, LeadStage.STATEWIDE_REVIEW),
    step_page("final-decision", {Role.CONTRACT_MANAGER}, LeadStage.FINAL_DECISION),
    Page("parentpartner:certification-list", {Role.STATEWIDE_COORDINATOR}),
    Page(
        "parentpartner:certification-create",
        {Role.STATEWIDE_COORDINATOR},
        post=certification_data,
        watch=(CoordinatorCertification,),
    ),
]
