"""The Lead Parent Partner case (R-ROLE-6) and coordinator certification (R-ROLE-8).

Each step of the case is one transition from one stage, taken by one role, recorded with who and
when; a step the case is not at is refused with the reason. Only the contract manager's final
approval makes the recommended Parent Partner a Lead, through `parentpartner.door`. Every step that
names a person (the letter of interest, the recommendation, the steps after it, the final decision)
asks the door's whole gate for "approve as Lead" again at that moment (R-ROLE-6, R-ELIG-1, R-ELIG-2,
R-REV-4).
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from parentpartner import audit, door
from parentpartner.access import has_permission, is_statewide
from parentpartner.gates import Change, blockers, blockers_for_many
from parentpartner.models import (
    CertificationKind,
    CoordinatorCertification,
    HistoryEntry,
    LeadCase,
    LeadStage,
    LeadStep,
    LetterOfInterest,
    ParentPartner,
    PartnerRole,
    PartnerStatus,
    Role,
    User,
)
from parentpartner.progression import CONFLICT, verify_signer

# Counters of the families a site serves now, contributed by the app that keeps families (mentoring,
# in its AppConfig.ready()): the core does not reach into it.
FAMILIES_SERVED: list = []


def site_figures(site) -> dict:
    """Step 1's figures (R-ROLE-6): active Parent Partners at the site and families with a Parent
    Partner assigned now, one query each."""
    partners = ParentPartner.objects.filter(site=site, status=PartnerStatus.ACTIVE).count()
    families = sum(count(site) for count in FAMILIES_SERVED)
    return {"partner_count": partners, "families_served": families}


@transaction.atomic
def open_case(site, *, user, reason, partner_count, families_served, today=None) -> LeadCase:
    """R-ROLE-6 step 1: a coordinator asks for a Lead for their site, with the reason and figures,
    after discussing it with the service area coordinator. One open case per site."""
    today = today or timezone.localdate()
    if LeadCase.objects.open().filter(site=site).exists():
        raise ValidationError(f"{site} already has a Lead Parent Partner case in progress.", code="exists")
    case = LeadCase.objects.create(
        site=site,
        reason=reason,
        partner_count=partner_count,
        families_served=families_served,
        requested_by=user,
        requested_on=today,
    )
    LeadStep.objects.create(
        case=case,
        action="Coordinator's request, discussed with the service area coordinator",
        from_stage=LeadStage.REQUESTED,
        to_stage=LeadStage.REQUESTED,
        held_on=today,
        notes=reason,
        recorded_by=user,
    )
    audit.record(user, case, HistoryEntry.Action.CREATE)
    return case


@dataclass(frozen=True)
class Transition:
    slug: str
    label: str
    from_stage: str
    permission: str
    # result -> next stage
    results: dict

    @property
    def has_choice(self):
        return len(self.results) > 1

    @property
    def signed(self) -> bool:
        """The contract manager's decisions are signed (password and, with two-step login, a code)."""
        return self.permission == "lead_case.decide"


TRANSITIONS = {
    t.slug: t
    for t in [
        Transition(
            "notify-statewide", "Tell the statewide coordinator", LeadStage.REQUESTED,
            "lead_case.sac_step", {"done": LeadStage.WITH_STATEWIDE},
        ),
        Transition(
            "ask-initial-approval", "Ask the contract manager for initial approval", LeadStage.WITH_STATEWIDE,
            "lead_case.statewide_step", {"done": LeadStage.INITIAL_APPROVAL},
        ),
        Transition(
            "initial-decision", "Initial approval", LeadStage.INITIAL_APPROVAL, "lead_case.decide",
            {"approved": LeadStage.LETTERS, "declined": LeadStage.DECLINED},
        ),
        Transition(
            "recommend", "Interview and recommend to the service area coordinator", LeadStage.LETTERS,
            "lead_case.open", {"done": LeadStage.RECOMMENDED},
        ),
        Transition(
            "forward-recommendation", "Tell the statewide coordinator of the recommendation", LeadStage.RECOMMENDED,
            "lead_case.sac_step", {"done": LeadStage.STATEWIDE_REVIEW},
        ),
        Transition(
            "submit-approval-form", "Meet and submit the Lead PP Approval Form and Contractor Approval Log",
            LeadStage.STATEWIDE_REVIEW, "lead_case.statewide_step", {"done": LeadStage.FINAL_DECISION},
        ),
        Transition(
            "final-decision", "Final decision", LeadStage.FINAL_DECISION, "lead_case.decide",
            {"approved": LeadStage.APPROVED, "declined": LeadStage.DECLINED},
        ),
    ]
}  # fmt: skip

RESULT_LABELS = {"done": "Done", "approved": "Approved", "declined": "Declined"}


def refusal(case, transition, user=None) -> str | None:
    """Why this step cannot be taken now (a skipped step, a closed case, another role's step)."""
    if not case.is_open:
        return f"This case is closed ({case.get_stage_display().lower()}); no more steps are taken."
    if case.stage != transition.from_stage:
        return f"This step is not next. The case is at: {case.get_stage_display()}."
    if user is not None and not has_permission(user, transition.permission):
        return "This step is another role's."
    return None


def available_transitions(case, user):
    return [t for t in TRANSITIONS.values() if refusal(case, t, user) is None]


def lead_blockers(partner, today) -> list[str]:
    """Why `partner` cannot be made Lead today: the door's whole gate (R-ROLE-6: an active Parent
    Partner with two calendar years in the role; R-ELIG-1, R-ELIG-2, R-REV-4)."""
    return blockers(partner, Change.APPROVE_LEAD, today)


def letter_refusal(partner, today) -> str | None:
    """R-ROLE-6: letters only from someone who could be made Lead."""
    reasons = lead_blockers(partner, today)
    return f"{partner} cannot be made Lead now. " + " ".join(reasons) if reasons else None


def candidates_for_lead(site, today) -> list[ParentPartner]:
    """The Parent Partners of the site whose letter may be taken: those who could be made Lead today."""
    partners = list(
        ParentPartner.objects.filter(
            site=site, current_role=PartnerRole.PARENT_PARTNER, status=PartnerStatus.ACTIVE
        ).order_by("last_name", "first_name")
    )
    answers = blockers_for_many(partners, Change.APPROVE_LEAD, today)
    return [partner for partner in partners if not answers[partner.pk]]


# The steps taken after the recommendation, each of which re-checks the recommended person.
PERSON_STEPS = {"forward-recommendation", "submit-approval-form", "final-decision"}


@transaction.atomic
def add_letter(letter: LetterOfInterest, *, user, today=None) -> LetterOfInterest:
    """R-ROLE-6 step 3: the coordinator records a letter of interest, once the case is open for them,
    from an eligible Parent Partner of the site (R-ELIG-2 refuses a disqualified person)."""
    today = today or timezone.localdate()
    case = LeadCase.objects.select_for_update().get(pk=letter.case_id)
    if case.stage != LeadStage.LETTERS:
        raise ValidationError(
            f"Letters are taken after the initial approval; the case is at: {case.get_stage_display()}."
        )
    partner = letter.parent_partner
    if partner.site_id != case.site_id:
        raise ValidationError({"parent_partner": f"{partner} is not at {case.site}."})
    if reason := letter_refusal(partner, today):
        raise ValidationError({"parent_partner": reason})
    if case.letters.filter(parent_partner=partner).exists():
        raise ValidationError({"parent_partner": f"{partner}'s letter is already recorded."})
    letter.recorded_by = user
    letter.save()
    audit.record(user, letter, HistoryEntry.Action.CREATE)
    return letter


def advance(case, slug, *, user, result, held_on, notes, password="", code="", **kwargs):
    """Take one step (R-ROLE-6). The contract manager's decisions are their signature on the Lead PP
    Approval Form: like the signatures of R-ROLE-5 they re-ask for the password and, with two-step
    login on, a fresh code (progression.verify_signer), checked before the step's transaction so that
    a wrong code still counts towards throttling."""
    if TRANSITIONS[slug].signed:
        errors = verify_signer(user, password, code)
        if errors:
            raise ValidationError(errors)
    return _advance(case, slug, user=user, result=result, held_on=held_on, notes=notes, **kwargs)


@transaction.atomic
def _advance(case, slug, *, user, result, held_on, notes, version=None, letter=None, forms_attached=False, today=None):
    """The recommendation names one letter's writer; the statewide coordinator's submission needs the
    Lead PP Approval Form and the Contractor Approval Log; the final approval re-checks the two years
    and R-ELIG-2, then changes the role."""
    today = today or timezone.localdate()
    transition = TRANSITIONS[slug]
    case = LeadCase.objects.select_for_update().get(pk=case.pk)
    if version is not None and version != case.version:
        raise ValidationError(CONFLICT, code="conflict")
    if reason := refusal(case, transition, user):
        raise ValidationError(reason, code="order")
    if result not in transition.results:
        raise ValidationError({"result": "Choose a result."})
    before = audit.snapshot(case)
    if slug == "recommend":
        if letter is None or letter.case_id != case.pk:
            raise ValidationError({"letter": "Choose the Parent Partner you recommend, from the letters received."})
        if reason := letter_refusal(letter.parent_partner, today):
            raise ValidationError({"letter": reason})
        case.recommended = letter
    approving = slug in PERSON_STEPS and (slug != "final-decision" or result == "approved")
    if approving and case.recommended is not None:
        # Declining is always possible; going ahead re-checks the person at this moment.
        if reasons := lead_blockers(case.recommended.parent_partner, today):
            raise ValidationError(
                [f"{case.recommended.parent_partner} cannot be made Lead now:", *reasons], code="unmet"
            )
    if slug == "submit-approval-form" and not forms_attached:
        raise ValidationError(
            {"forms_attached": "The Lead PP Approval Form and the Contractor Approval Log go with the recommendation."}
        )
    to_stage = transition.results[result]
    if slug == "final-decision" and result == "approved":
        door.promote(
            case.recommended.parent_partner, Change.APPROVE_LEAD, on=today, user=user, reason=f"Approved: {case}"
        )
    LeadStep.objects.create(
        case=case,
        action=f"{transition.label}: {RESULT_LABELS[result].lower()}",
        from_stage=case.stage,
        to_stage=to_stage,
        held_on=held_on,
        notes=notes,
        recorded_by=user,
    )
    case.stage = to_stage
    if to_stage in (LeadStage.APPROVED, LeadStage.DECLINED):
        case.decided_on = today
    case.version += 1
    case.save()
    audit.record(user, case, HistoryEntry.Action.UPDATE, before)
    return case


WAITING_STAGES = {
    Role.SITE_COORDINATOR: [LeadStage.LETTERS],
    Role.SERVICE_AREA_COORDINATOR: [LeadStage.REQUESTED, LeadStage.RECOMMENDED],
    Role.STATEWIDE_COORDINATOR: [LeadStage.WITH_STATEWIDE, LeadStage.STATEWIDE_REVIEW],
    Role.CONTRACT_MANAGER: [LeadStage.INITIAL_APPROVAL, LeadStage.FINAL_DECISION],
}


def cases_waiting_for(user):
    """Open Lead cases whose next step is this user's (R-ROLE-6)."""
    stages = WAITING_STAGES.get(user.role)
    if not stages:
        return LeadCase.objects.none()
    return LeadCase.objects.visible_to(user).filter(stage__in=stages)


# ---------------------------------------------------------------------------------------------------
# Coordinator certification (R-ROLE-8)


def coordinators_with_certification(user):
    """Site coordinators with whether each R-ROLE-8 training is recorded, annotated in one query."""
    if not is_statewide(user):
        return User.objects.none()
    annotations = {
        kind.value: Exists(CoordinatorCertification.objects.filter(coordinator=OuterRef("pk"), kind=kind))
        for kind in CertificationKind
    }
    return User.objects.filter(role=Role.SITE_COORDINATOR, is_active=True).annotate(**annotations)


def coordinators_missing_certification(user):
    if not is_statewide(user):
        return User.objects.none()
    missing = Q()
    for kind in CertificationKind:
        missing |= Q(**{kind.value: False})
    return coordinators_with_certification(user).filter(missing)


@transaction.atomic
def record_certification(certification: CoordinatorCertification, *, user) -> CoordinatorCertification:
    """R-ROLE-8: the statewide coordinator records a coordinator's training, verified to them."""
    if certification.coordinator.role != Role.SITE_COORDINATOR:
        raise ValidationError({"coordinator": "Certification is recorded for site coordinators."})
    if CoordinatorCertification.objects.filter(coordinator=certification.coordinator, kind=certification.kind).exists():
        raise ValidationError({"kind": "This training is already recorded for this coordinator."})
    if certification.verified_on < certification.completed_on:
        raise ValidationError({"verified_on": "Verification comes after the training is completed."})
    certification.recorded_by = user
    certification.save()
    audit.record(user, certification, HistoryEntry.Action.CREATE)
    return certification
