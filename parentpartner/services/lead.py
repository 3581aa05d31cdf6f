"""The Lead Parent Partner case (R-ROLE-6) and coordinator certification (R-ROLE-8).

Each step of the case is one move of the `STEPS` machine (`parentpartner.states`) from one stage,
taken by one role, recorded with who and when; a step the case is not at is refused with the reason.
Only the contract manager's final approval makes the recommended Parent Partner a Lead, through
`parentpartner.services.door`. Every step that names a person (the letter of interest, the recommendation, the
steps after it, the final decision) asks the door's whole gate for "approve as Lead" again at that
moment (R-ROLE-6, R-ELIG-1, R-ELIG-2, R-REV-4).
"""

import datetime
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone

from parentpartner import records
from parentpartner.access import is_statewide
from parentpartner.models import (
    CertificationKind,
    CoordinatorCertification,
    LeadCase,
    LeadStage,
    LeadStep,
    LetterOfInterest,
    ParentPartner,
    PartnerRole,
    PartnerStatus,
    Role,
    Site,
    User,
)
from parentpartner.services import door
from parentpartner.services.gates import Change, blockers, blockers_for_many
from parentpartner.services.progression import verify_signer
from parentpartner.states import Machine, Move

# Counters of the families a site serves now, contributed by the app that keeps families (mentoring,
# in its AppConfig.ready()): the core does not reach into it.
FAMILIES_SERVED: list[Callable[[Site], int]] = []


def site_figures(site: Site) -> dict[str, int]:
    """Step 1's figures (R-ROLE-6): active Parent Partners at the site and families with a Parent
    Partner assigned now, one query each."""
    partners = ParentPartner.objects.filter(site=site, status=PartnerStatus.ACTIVE).count()
    families = sum(count(site) for count in FAMILIES_SERVED)
    return {"partner_count": partners, "families_served": families}


@transaction.atomic
def open_case(
    site: Site,
    *,
    user: Any,
    reason: str,
    partner_count: int,
    families_served: int,
    today: datetime.date | None = None,
) -> LeadCase:
    """R-ROLE-6 step 1: a coordinator asks for a Lead for their site, with the reason and figures,
    after discussing it with the service area coordinator. One open case per site."""
    today = today or timezone.localdate()
    if LeadCase.objects.open().filter(site=site).exists():
        raise ValidationError(f"{site} already has a Lead Parent Partner case in progress.", code="exists")
    case = records.create(
        LeadCase(
            site=site,
            reason=reason,
            partner_count=partner_count,
            families_served=families_served,
            requested_by=user,
            requested_on=today,
        ),
        user=user,
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
    return case


def _not_now(case: LeadCase, move: Move) -> str | None:
    """Why a step cannot be taken from the case's stage: the case is closed, or the step is not next."""
    if not case.is_open:
        return f"This case is closed ({case.get_stage_display().lower()}); no more steps are taken."
    if case.stage not in move.sources:
        return f"This step is not next. The case is at: {case.get_stage_display()}."
    return None


# R-ROLE-6, step by step: each step from one stage, by one role; the contract manager's decisions are
# signed (password and, with two-step login, a code).
STEPS = Machine(
    [
        Move(
            "notify-statewide", "Tell the statewide coordinator", (LeadStage.REQUESTED,),
            {"done": LeadStage.WITH_STATEWIDE}, permission="lead_case.sac_step",
        ),
        Move(
            "ask-initial-approval", "Ask the contract manager for initial approval", (LeadStage.WITH_STATEWIDE,),
            {"done": LeadStage.INITIAL_APPROVAL}, permission="lead_case.statewide_step",
        ),
        Move(
            "initial-decision", "Initial approval", (LeadStage.INITIAL_APPROVAL,),
            {"approved": LeadStage.LETTERS, "declined": LeadStage.DECLINED}, permission="lead_case.decide",
            signed=True,
        ),
        Move(
            "recommend", "Interview and recommend to the service area coordinator", (LeadStage.LETTERS,),
            {"done": LeadStage.RECOMMENDED}, permission="lead_case.open",
        ),
        Move(
            "forward-recommendation", "Tell the statewide coordinator of the recommendation",
            (LeadStage.RECOMMENDED,), {"done": LeadStage.STATEWIDE_REVIEW}, permission="lead_case.sac_step",
        ),
        Move(
            "submit-approval-form", "Meet and submit the Lead PP Approval Form and Contractor Approval Log",
            (LeadStage.STATEWIDE_REVIEW,), {"done": LeadStage.FINAL_DECISION}, permission="lead_case.statewide_step",
        ),
        Move(
            "final-decision", "Final decision", (LeadStage.FINAL_DECISION,),
            {"approved": LeadStage.APPROVED, "declined": LeadStage.DECLINED}, permission="lead_case.decide",
            signed=True,
        ),
    ],
    state="stage",
    refuse=_not_now,
)  # fmt: skip

RESULT_LABELS = {"done": "Done", "approved": "Approved", "declined": "Declined"}


def lead_blockers(partner: ParentPartner, today: datetime.date) -> list[str]:
    """Why `partner` cannot be made Lead today: the door's whole gate (R-ROLE-6: an active Parent
    Partner with two calendar years in the role; R-ELIG-1, R-ELIG-2, R-REV-4)."""
    return blockers(partner, Change.APPROVE_LEAD, today)


def letter_refusal(partner: ParentPartner, today: datetime.date) -> str | None:
    """R-ROLE-6: letters only from someone who could be made Lead."""
    reasons = lead_blockers(partner, today)
    return f"{partner} cannot be made Lead now. " + " ".join(reasons) if reasons else None


def candidates_for_lead(site: Site, today: datetime.date) -> list[ParentPartner]:
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
def add_letter(letter: LetterOfInterest, *, user: Any, today: datetime.date | None = None) -> LetterOfInterest:
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
    return records.create(letter, user=user)


def advance(
    case: LeadCase,
    slug: str,
    *,
    user: Any,
    result: str,
    held_on: datetime.date,
    notes: str,
    password: str = "",
    code: str = "",
    request: HttpRequest | None = None,
    **kwargs: Any,
) -> LeadCase:
    """Take one step (R-ROLE-6). The contract manager's decisions are their signature on the Lead PP
    Approval Form: like the signatures of R-ROLE-5 they re-ask for the password and, with two-step
    login on, a fresh code (progression.verify_signer), checked before the step's transaction so that
    a wrong password or code still counts towards throttling and the login's lockout (`request`: the
    page's, whose client address axes counts too)."""
    if STEPS[slug].signed:
        errors = verify_signer(user, password, code, request=request)
        if errors:
            raise ValidationError(errors)
    return _advance(case, STEPS[slug], user=user, result=result, held_on=held_on, notes=notes, **kwargs)


def _advance(
    case: LeadCase,
    move: Move,
    *,
    user: Any,
    result: str,
    held_on: datetime.date,
    notes: str,
    version: int | None = None,
    letter: LetterOfInterest | None = None,
    forms_attached: bool = False,
    today: datetime.date | None = None,
) -> LeadCase:
    """The recommendation names one letter's writer; the statewide coordinator's submission needs the
    Lead PP Approval Form and the Contractor Approval Log; the final approval re-checks the two years
    and R-ELIG-2, then changes the role."""
    today = today or timezone.localdate()
    with records.edit(case, user=user, version=version, what="case") as case:
        STEPS.check(case, move, user)
        to_stage = move.leads_to(result)
        if move.slug == "recommend":
            if letter is None or letter.case_id != case.pk:
                raise ValidationError({"letter": "Choose the Parent Partner you recommend, from the letters received."})
            if reason := letter_refusal(letter.parent_partner, today):
                raise ValidationError({"letter": reason})
            case.recommended = letter
        approving = move.slug in PERSON_STEPS and (move.slug != "final-decision" or result == "approved")
        if approving and case.recommended is not None:
            # Declining is always possible; going ahead re-checks the person at this moment.
            if reasons := lead_blockers(case.recommended.parent_partner, today):
                raise ValidationError(
                    [f"{case.recommended.parent_partner} cannot be made Lead now:", *reasons], code="unmet"
                )
        if move.slug == "submit-approval-form" and not forms_attached:
            raise ValidationError(
                {
                    "forms_attached": "The Lead PP Approval Form and the Contractor Approval Log go with the "
                    "recommendation."
                }
            )
        if move.slug == "final-decision" and result == "approved":
            if case.recommended is None:  # not reached: the final decision comes after "recommend" (STEPS)
                raise ValidationError("No Parent Partner is recommended in this case yet.", code="unmet")
            door.promote(
                case.recommended.parent_partner, Change.APPROVE_LEAD, on=today, user=user, reason=f"Approved: {case}"
            )
        LeadStep.objects.create(
            case=case,
            action=f"{move.label}: {RESULT_LABELS[result].lower()}",
            from_stage=case.stage,
            to_stage=to_stage,
            held_on=held_on,
            notes=notes,
            recorded_by=user,
        )
        case.stage = to_stage
        if to_stage in (LeadStage.APPROVED, LeadStage.DECLINED):
            case.decided_on = today
    return case


WAITING_STAGES = {
    Role.SITE_COORDINATOR: [LeadStage.LETTERS],
    Role.SERVICE_AREA_COORDINATOR: [LeadStage.REQUESTED, LeadStage.RECOMMENDED],
    Role.STATEWIDE_COORDINATOR: [LeadStage.WITH_STATEWIDE, LeadStage.STATEWIDE_REVIEW],
    Role.CONTRACT_MANAGER: [LeadStage.INITIAL_APPROVAL, LeadStage.FINAL_DECISION],
}


def cases_waiting_for(user: Any) -> QuerySet[LeadCase]:
    """Open Lead cases whose next step is this user's (R-ROLE-6)."""
    stages = WAITING_STAGES.get(user.role)
    if not stages:
        return LeadCase.objects.none()
    return LeadCase.objects.visible_to(user).filter(stage__in=stages)


# ---------------------------------------------------------------------------------------------------
# Coordinator certification (R-ROLE-8)


def coordinators_with_certification(user: Any) -> QuerySet[User]:
    """Site coordinators with whether each R-ROLE-8 training is recorded, annotated in one query."""
    if not is_statewide(user):
        return User.objects.none()
    annotations = {
        kind.value: Exists(CoordinatorCertification.objects.filter(coordinator=OuterRef("pk"), kind=kind))
        for kind in CertificationKind
    }
    return User.objects.filter(role=Role.SITE_COORDINATOR, is_active=True).annotate(**annotations)


def coordinators_missing_certification(user: Any) -> QuerySet[User]:
    if not is_statewide(user):
        return User.objects.none()
    missing = Q()
    for kind in CertificationKind:
        missing |= Q(**{kind.value: False})
    return coordinators_with_certification(user).filter(missing)


@transaction.atomic
def record_certification(certification: CoordinatorCertification, *, user: Any) -> CoordinatorCertification:
    """R-ROLE-8: the statewide coordinator records a coordinator's training, verified to them."""
    if certification.coordinator.role != Role.SITE_COORDINATOR:
        raise ValidationError({"coordinator": "Certification is recorded for site coordinators."})
    if CoordinatorCertification.objects.filter(coordinator=certification.coordinator, kind=certification.kind).exists():
        raise ValidationError({"kind": "This training is already recorded for this coordinator."})
    if certification.verified_on < certification.completed_on:
        raise ValidationError({"verified_on": "Verification comes after the training is completed."})
    certification.recorded_by = user
    return records.create(certification, user=user)
