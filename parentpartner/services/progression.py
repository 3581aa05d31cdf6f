"""Role progression (R-ROLE-1..5, R-ROLE-7): what the next role needs, and the Training Verification and
Approval form with its signatures.

What a role needs is the list of gates that `parentpartner.services.door` asks for that change (the core's and
every app's, `parentpartner.services.gates`); the role itself changes only through the door. The form's signing
order is the `SIGNING` machine (`parentpartner.states`). Every change runs in one transaction, locks
the row it changes, checks the version the user started from and leaves a history row
(`parentpartner.records`). A refused step raises ValidationError with a message for the page.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max, Q, Sum
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.utils import timezone

from parentpartner import audit, records, security
from parentpartner.models import (
    ApprovalForm,
    FormState,
    HistoryEntry,
    ParentPartner,
    PartnerRole,
    Role,
    RoleAssignment,
    Signature,
    SignerRole,
    StatusChange,
)
from parentpartner.services import door, two_factor
from parentpartner.services.gates import Change, Requirement, requirements
from parentpartner.states import Machine, Move

ROLES = list(PartnerRole)
# The change that leads to each role (R-ROLE-1).
CHANGE_TO = {
    PartnerRole.IN_TRAINING_MENTORING: Change.ACCEPT_INTO_MENTORING,
    PartnerRole.PARENT_PARTNER: Change.APPROVE_PARENT_PARTNER,
    PartnerRole.LEAD: Change.APPROVE_LEAD,
}
# The one message under the password of a signature, whichever of password and code was wrong.
NOT_VERIFIED = "That password or code is not right."
NOT_VERIFIED_WITHOUT_CODE = "That is not your password. Enter it again."
COMMITMENT = "Commitment: the candidate has not committed on this form to at least one year and at least two families."


def next_role(partner: ParentPartner) -> PartnerRole | None:
    """R-ROLE-1: the role after the current one, or None for a Lead."""
    index = ROLES.index(PartnerRole(partner.current_role))
    return ROLES[index + 1] if index + 1 < len(ROLES) else None


def _since(partner: ParentPartner, today: datetime.date) -> datetime.date | None:
    """The start of the open role row and R-ROLE-6's days as a Parent Partner, in one query: the page
    makes the same number of queries whatever the role (issue 9). The rows never overlap
    (parentpartner_roleassignment_no_overlap), so at most one is open."""
    answer = RoleAssignment.objects.filter(parent_partner=partner).aggregate(
        since=Max("started_on", filter=Q(ended_on__isnull=True)),
        days=Sum(Coalesce(F("ended_on"), today) - F("started_on"), filter=Q(role=PartnerRole.PARENT_PARTNER)),
    )
    partner._days_as_parent_partner = (today, answer["days"].days if answer["days"] else 0)
    return answer["since"]


@dataclass
class Progression:
    """What the progression page shows: the role held, since when, the next role and its requirements."""

    partner: ParentPartner
    since: datetime.date | None
    next_role: PartnerRole | None
    requirements: list[Requirement]

    @property
    def ready(self) -> bool:
        return self.next_role is not None and all(r.met for r in self.requirements)

    @property
    def unmet(self) -> list[str]:
        return [r.sentence for r in self.requirements if not r.met]

    @property
    def disqualified(self) -> bool:
        return any(not r.met and "disqualifier" in r.label for r in self.requirements)


def progression(partner: ParentPartner, today: datetime.date | None = None) -> Progression:
    """The requirements of the next role, each with its status: exactly what the door asks of that
    change (parentpartner.services.gates: the core's and every app's gates), so the page and the change agree."""
    today = today or timezone.localdate()
    role = next_role(partner)
    since = _since(partner, today)
    if role is None:
        return Progression(partner, since, None, [])
    return Progression(partner, since, role, requirements(partner, CHANGE_TO[role], today))


# ---------------------------------------------------------------------------------------------------
# The recorded path: accepting into mentoring, pausing, ending, reinstating


def accept_into_mentoring(
    partner: ParentPartner, *, user: Any, reason: str, version: int | None = None, today: datetime.date | None = None
) -> Any:
    """R-ROLE-3: the coordinator accepts a Parent Partner in Training as PPiT Mentoring once every
    requirement is met, through the door."""
    return door.promote(partner, Change.ACCEPT_INTO_MENTORING, user=user, reason=reason, on=today, version=version)


def status_moves(partner: ParentPartner, user: Any) -> list[Move]:
    """The coordinators' moves of the person's standing that the page offers now (pause, end, reinstate:
    `door.STANDING`'s moves with a permission; the findings that end a role have none)."""
    return [move for move in door.STANDING.available(partner, user) if move.permission]


def change_status(
    partner: ParentPartner,
    move: str,
    *,
    user: Any,
    reason: str,
    version: int | None = None,
    today: datetime.date | None = None,
) -> StatusChange | None:
    """Pause, end or reinstate a role with a reason, through the door (R-ROLE-1, R-ELIG-2, R-REV-4)."""
    return door.change_standing(partner, Change(move), user=user, reason=reason, version=version, today=today)


# ---------------------------------------------------------------------------------------------------
# Training Verification and Approval form (R-ROLE-5)


def _not_waiting(form: ApprovalForm, move: Move) -> str | None:
    if form.state in move.sources:
        return None
    return f"The form is not waiting for the {move.options['signer'].label.lower()}'s signature."


# R-ROLE-5's signatures in order: coordinator, candidate (with their own login, or on paper recorded by
# the coordinator when they have none), statewide coordinator, DHS contract manager, whose signature
# approves. The slugs are the signing pages'. Who may sign besides the permission (nobody about
# themselves, the candidate only their own form) is `refusal` below.
SIGNING = Machine(
    [
        Move(
            "coordinator", "Coordinator's signature", (FormState.AWAITING_COORDINATOR,),
            {"done": FormState.AWAITING_CANDIDATE}, "approval_form.sign_coordinator", signed=True,
            options={"signer": SignerRole.COORDINATOR},
        ),
        Move(
            "candidate", "Candidate's signature", (FormState.AWAITING_CANDIDATE,),
            {"done": FormState.AWAITING_STATEWIDE}, "approval_form.sign_candidate", signed=True,
            options={"signer": SignerRole.CANDIDATE},
        ),
        Move(
            "candidate-on-paper", "Candidate's paper signature", (FormState.AWAITING_CANDIDATE,),
            {"done": FormState.AWAITING_STATEWIDE}, "approval_form.sign_coordinator", signed=True,
            options={"signer": SignerRole.CANDIDATE, "paper": True},
        ),
        Move(
            "statewide", "Statewide coordinator's signature", (FormState.AWAITING_STATEWIDE,),
            {"done": FormState.AWAITING_CONTRACT_MANAGER}, "approval_form.sign_statewide", signed=True,
            options={"signer": SignerRole.STATEWIDE},
        ),
        Move(
            "contract-manager", "DHS contract manager's approval", (FormState.AWAITING_CONTRACT_MANAGER,),
            {"done": FormState.APPROVED}, "approval_form.sign_contract_manager", signed=True,
            options={"signer": SignerRole.CONTRACT_MANAGER},
        ),
    ],
    state="state",
    refuse=_not_waiting,
)  # fmt: skip


def verify_signer(user: Any, password: str, code: str = "", *, request: HttpRequest | None = None) -> dict[str, str]:
    """A signature re-asks for the signer's password (R-ROLE-5) and, when two-factor authentication
    is on, for a fresh code from their authenticator (or a backup code). The errors by field; empty
    when the signer is verified. Every wrong password or code counts towards the login's lockout, as on
    the login page, and a locked login is refused before either is looked at (`security`); one message
    for either, so that the page never tells a right password with a wrong code from a wrong password."""
    verified = security.password_is_right(request, user, password)
    if verified and two_factor.required() and two_factor.verify_code(user, code) is None:
        security.count_failure(request, user)
        verified = False
    if verified:
        return {}
    return {"password": NOT_VERIFIED if two_factor.required() else NOT_VERIFIED_WITHOUT_CODE}


def start_form(
    partner: ParentPartner, *, user: Any, commits: bool, notes: str, today: datetime.date | None = None
) -> ApprovalForm:
    """R-ROLE-5: the coordinator starts a form for a PPiT Mentoring; unmet requirements are listed on
    it and block the coordinator's signature. R-ELIG-2 blocks it outright."""
    with transaction.atomic():
        partner = records.locked(partner)
        state = progression(partner, today)
        if state.disqualified:
            raise ValidationError(state.unmet, code="disqualified")
        if partner.current_role != PartnerRole.IN_TRAINING_MENTORING:
            raise ValidationError(
                f"{partner} is a {partner.get_current_role_display()}: the form is for a Parent Partner in "
                "Training Mentoring becoming a Parent Partner (R-ROLE-1, R-ROLE-5).",
                code="wrong_role",
            )
        if ApprovalForm.objects.open().filter(parent_partner=partner).exists():
            raise ValidationError(f"{partner} already has a form in progress.", code="exists")
        form = ApprovalForm(
            parent_partner=partner,
            started_by=user,
            commits_one_year_two_families=commits,
            coordinator_notes=notes,
            unmet=form_unmet(state, commits),
        )
        return records.create(form, user=user)


def form_unmet(state: Progression, commits: bool) -> list[str]:
    """What stands between the form and approval: every gate of the change (R-ROLE-5) and the
    candidate's commitment to a year and two families (R-ROLE-7)."""
    return state.unmet + ([] if commits else [COMMITMENT])


def form_snapshot(form: ApprovalForm) -> dict[str, Any]:
    """What a signer sees and signs: the form's content and the signatures before theirs."""
    partner = form.parent_partner
    return {
        "form": form.pk,
        "candidate": str(partner),
        "site": str(partner.site),
        "role": partner.get_current_role_display(),
        "approves_as": PartnerRole.PARENT_PARTNER.label,
        "commits_one_year_two_families": form.commits_one_year_two_families,
        "coordinator_notes": form.coordinator_notes,
        "unmet": form.unmet,
        "signatures": [
            {
                "as": s.get_signer_role_display(),
                "by": str(s.signed_by),
                "at": s.signed_at.isoformat(),
                "paper": s.on_paper,
            }
            for s in form.signatures.filter(decision=Signature.Decision.SIGNED).select_related("signed_by")
        ],
    }


def signing_move(form: ApprovalForm) -> Move | None:
    """The signature the form waits for (`SIGNING`), or None once it is approved or returned."""
    return next((move for move in SIGNING if form.state in move.sources), None)


def signer_role_of(form: ApprovalForm) -> SignerRole | None:
    move = signing_move(form)
    return move.options["signer"] if move else None


def _closed(form: ApprovalForm) -> str:
    return f"This form is {form.get_state_display().lower()}; nothing more can be signed."


def refusal(form: ApprovalForm, user: Any, *, on_paper: bool = False) -> str | None:
    """Why `user` may not sign `form` now, or None (R-ROLE-5: the order, nobody about themselves,
    nobody in someone else's name: the signer is the logged-in user)."""
    expected = signer_role_of(form)
    # An open form always waits for a signature (`SIGNING` has a move from every open state).
    if not form.is_open or expected is None:
        return _closed(form)
    if user.parent_partner_id == form.parent_partner_id and expected != SignerRole.CANDIDATE:
        return "Nobody signs a form about themselves, except as the candidate."
    partner = form.parent_partner
    if on_paper:
        if expected != SignerRole.CANDIDATE or user.role != Role.SITE_COORDINATOR:
            return "Only the coordinator records a paper signature, and only the candidate's."
        if hasattr(partner, "login"):
            return f"{partner} has a login and signs with it; a paper signature is only for a candidate without one."
        return None
    allowed = {
        SignerRole.COORDINATOR: user.role == Role.SITE_COORDINATOR,
        SignerRole.CANDIDATE: user.role == Role.PARENT_PARTNER and user.parent_partner_id == form.parent_partner_id,
        SignerRole.STATEWIDE: user.role == Role.STATEWIDE_COORDINATOR,
        SignerRole.CONTRACT_MANAGER: user.role == Role.CONTRACT_MANAGER,
    }[expected]
    if not allowed:
        return f"The form waits for the {expected.label.lower()}'s signature first; signatures go in order."
    return None


def _verified(user: Any, password: str, code: str, request: HttpRequest | None) -> None:
    """Outside the signature's transaction, so that a wrong code still counts towards django-otp's
    throttling and the login's lockout, and a used backup code stays used."""
    errors = verify_signer(user, password, code, request=request)
    if errors:
        raise ValidationError(errors)


def _check_signer(form: ApprovalForm, user: Any, on_paper: bool = False) -> Move:
    """The signer's turn, on the form's row as locked by `records.edit`: the signature it waits for."""
    reason = refusal(form, user, on_paper=on_paper)
    move = signing_move(form)
    if reason:
        raise ValidationError(reason, code="order")
    if move is None:  # not reached: `refusal` has refused a form that waits for no signature
        raise ValidationError(_closed(form), code="order")
    return move


def sign(
    form: ApprovalForm,
    *,
    user: Any,
    password: str,
    code: str = "",
    version: int | None = None,
    on_paper: bool = False,
    witness_note: str = "",
    today: datetime.date | None = None,
    request: HttpRequest | None = None,
) -> Signature:
    """One signature on the form, in order (R-ROLE-5), recorded with who, when and a snapshot. The
    coordinator's signature submits the form and is refused while a requirement is unmet; the
    contract manager's approves it and makes the person a Parent Partner from today. R-ELIG-2
    refuses every signature once an absolute disqualifier is recorded."""
    _verified(user, password, code, request)
    return _sign(form, user=user, version=version, on_paper=on_paper, witness_note=witness_note, today=today)


def _sign(
    form: ApprovalForm,
    *,
    user: Any,
    version: int | None,
    on_paper: bool,
    witness_note: str,
    today: datetime.date | None,
) -> Signature:
    today = today or timezone.localdate()
    rows = ApprovalForm.objects.select_related("parent_partner__site")
    with records.edit(form, user=user, version=version, what="form", queryset=rows) as form:
        move = _check_signer(form, user, on_paper)
        partner = ParentPartner.objects.select_for_update().get(pk=form.parent_partner_id)
        if on_paper and not witness_note.strip():
            raise ValidationError({"witness_note": "Say who witnessed the paper signature and where it is kept."})
        # Every signature asks every gate again, at this moment (R-ROLE-5, R-ROLE-7, R-ELIG-2, R-REV-4):
        # a review opened or a disqualifier recorded after the form started stops it at the next signature.
        unmet = form_unmet(progression(partner, today), form.commits_one_year_two_families)
        if unmet:
            raise ValidationError(["The form cannot go further while a requirement is unmet:", *unmet], code="unmet")
        if form.unmet:
            form.unmet = []
        signature = Signature.objects.create(
            form=form,
            signer_role=move.options["signer"],
            decision=Signature.Decision.SIGNED,
            signed_by=user,
            on_paper=on_paper,
            witness_note=witness_note,
            snapshot=form_snapshot(form),
        )
        audit.record(user, signature, HistoryEntry.Action.CREATE)
        if move.leads_to() == FormState.APPROVED:
            door.promote(partner, Change.APPROVE_PARENT_PARTNER, on=today, user=user, reason=f"Approved: {form}")
            form.decided_on = today
        form.state = move.leads_to()
    return signature


def may_return(form: ApprovalForm, user: Any) -> bool:
    """Any signer may return the form: the one whose turn it is or one who has signed it."""
    if refusal(form, user) is None:
        return True
    signed = form.signatures.filter(decision=Signature.Decision.SIGNED, signed_by=user).exists()
    return form.is_open and signed


def return_form(
    form: ApprovalForm,
    *,
    user: Any,
    password: str,
    reason: str,
    code: str = "",
    version: int | None = None,
    today: datetime.date | None = None,
    request: HttpRequest | None = None,
) -> Signature:
    """Any signer returns the form with a reason (R-ROLE-5); it ends, and the coordinator starts a new
    one when ready. The return is recorded like a signature."""
    door._reason(reason)
    _verified(user, password, code, request)
    return _return_form(form, user=user, reason=reason, version=version, today=today)


def _return_form(
    form: ApprovalForm, *, user: Any, reason: str, version: int | None, today: datetime.date | None
) -> Signature:
    today = today or timezone.localdate()
    rows = ApprovalForm.objects.select_related("parent_partner")
    with records.edit(form, user=user, version=version, what="form", queryset=rows) as form:
        expected = signer_role_of(form)
        # An open form always waits for a signature (`SIGNING` has a move from every open state).
        if not form.is_open or expected is None:
            raise ValidationError(
                f"This form is {form.get_state_display().lower()}; it cannot be returned.", code="order"
            )
        if user.parent_partner_id == form.parent_partner_id and expected != SignerRole.CANDIDATE:
            raise ValidationError("Nobody acts on a form about themselves, except as the candidate.", code="self")
        if not may_return(form, user):
            raise ValidationError("Only a signer of this form may return it.", code="order")
        own = form.signatures.filter(decision="signed", signed_by=user).first()
        signature = Signature.objects.create(
            form=form,
            signer_role=own.signer_role if own else expected,
            decision=Signature.Decision.RETURNED,
            signed_by=user,
            reason=reason,
            snapshot=form_snapshot(form),
        )
        audit.record(user, signature, HistoryEntry.Action.CREATE)
        form.state, form.return_reason, form.decided_on = FormState.RETURNED, reason, today
    return signature


def forms_waiting_for(user: Any) -> Any:
    """The open forms whose next signature is this user's (R-ROLE-5), for "waiting for my signature"."""
    state = {
        Role.SITE_COORDINATOR: Q(state=FormState.AWAITING_COORDINATOR)
        | Q(state=FormState.AWAITING_CANDIDATE, parent_partner__login__isnull=True),
        Role.STATEWIDE_COORDINATOR: Q(state=FormState.AWAITING_STATEWIDE),
        Role.CONTRACT_MANAGER: Q(state=FormState.AWAITING_CONTRACT_MANAGER),
        Role.PARENT_PARTNER: Q(state=FormState.AWAITING_CANDIDATE),
    }.get(user.role)
    if state is None:
        return ApprovalForm.objects.none()
    return ApprovalForm.objects.visible_to(user).filter(state)
