"""Role progression's rules (R-ROLE-1..5, R-ROLE-7, R-ELIG-2): what the next role needs, the recorded
path for status changes, and the Training Verification and Approval form with its signatures.

Every change runs in one transaction, locks the row it changes, checks the version the user started
from and leaves a history row. A role changes only here, through `services.change_role`, and only on
the approval it needs. A refused shortcut raises ValidationError with a message for the page.
"""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from eligibility.models import Disqualifier
from eligibility.services import add_months, eligibility_for, months_required
from parentpartner import audit, services, two_factor
from parentpartner.models import HistoryEntry, ParentPartner, PartnerRole, PartnerStatus, Role, RoleAssignment
from parentpartner.models_roles import ApprovalForm, FormState, Signature, SignerRole, StatusChange
from training.services import checklist

CONFLICT = "Someone else changed this after you opened it. Reload the page, check what they did, and try again."
ROLES = list(PartnerRole)
LEAD_YEARS = 2


def _d(day):
    return f"{day:%b} {day.day}, {day.year}"


def next_role(partner) -> PartnerRole | None:
    """R-ROLE-1: the role after the current one, or None for a Lead."""
    index = ROLES.index(PartnerRole(partner.current_role))
    return ROLES[index + 1] if index + 1 < len(ROLES) else None


def days_as_parent_partner(partner, today) -> int:
    """R-ROLE-6: days held as a Parent Partner (every row, the open one counted to today), in one query."""
    total = RoleAssignment.objects.filter(parent_partner=partner, role=PartnerRole.PARENT_PARTNER).aggregate(
        days=Sum(Coalesce(F("ended_on"), today) - F("started_on"))
    )["days"]
    return total.days if total else 0


def _since_and_days(partner, today):
    """The start of the open role row and R-ROLE-6's days as a Parent Partner, in one query: the page
    makes the same number of queries whatever the role (issue 9). The rows never overlap
    (parentpartner_roleassignment_no_overlap), so at most one is open."""
    answer = RoleAssignment.objects.filter(parent_partner=partner).aggregate(
        since=Max("started_on", filter=Q(ended_on__isnull=True)),
        days=Sum(Coalesce(F("ended_on"), today) - F("started_on"), filter=Q(role=PartnerRole.PARENT_PARTNER)),
    )
    return answer["since"], (answer["days"].days if answer["days"] else 0)


def is_disqualified(partner) -> bool:
    return Disqualifier.objects.filter(record__parent_partner=partner).exists()


def refuse_if_disqualified(partner):
    """R-ELIG-2: an absolute disqualifier recorded on a person blocks every approval for them."""
    if is_disqualified(partner):
        raise ValidationError(
            f"{partner} has an absolute disqualifier recorded (R-ELIG-2): no approval may proceed.",
            code="disqualified",
        )


@dataclass
class Requirement:
    label: str
    rule: str
    met: bool
    details: list[str] = field(default_factory=list)


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
        return [f"{r.label}: {' '.join(r.details) or 'not met'}" for r in self.requirements if not r.met]


def progression(partner, today=None) -> Progression:
    """The requirements of the next role (R-ROLE-2..6), each with its status, from the training and
    eligibility apps' own functions."""
    today = today or timezone.localdate()
    since, days = _since_and_days(partner, today)
    role = next_role(partner)
    items = []
    if role is None:
        return Progression(partner, since, None, items)
    items.append(
        Requirement(
            "Active in the program",
            "R-ROLE-1",
            partner.status == PartnerStatus.ACTIVE,
            [] if partner.status == PartnerStatus.ACTIVE else [f"Status is {partner.get_status_display().lower()}."],
        )
    )
    if role in (PartnerRole.IN_TRAINING_MENTORING, PartnerRole.PARENT_PARTNER):
        months = months_required(partner.permanency_type, role)
        ready_on = add_months(partner.permanency_date, months)
        items.append(
            Requirement(
                f"{months} months since {partner.get_permanency_type_display().lower()}",
                "R-ROLE-2, R-ROLE-3",
                today >= ready_on,
                [f"Since {_d(partner.permanency_date)}; reached on {_d(ready_on)}."],
            )
        )
    if role == PartnerRole.PARENT_PARTNER:
        trainings = checklist(partner, today)
        items.append(
            Requirement(
                "Trainings",
                "R-TRN-1, R-ROLE-4",
                trainings.all_done,
                [f"{trainings.done_count} of {len(trainings.items)} done."]
                + [f"Not done: {item.training}." for item in trainings.items if not item.completion],
            )
        )
        items.append(
            Requirement(
                "Shadowing a veteran Parent Partner",
                "R-ROLE-4",
                trainings.shadowing_done,
                [f"Not shadowed yet: {item}." for item, record in trainings.shadowing if record is None],
            )
        )
    if role == PartnerRole.LEAD:
        items.append(
            Requirement(
                f"{LEAD_YEARS} years as a Parent Partner",
                "R-ROLE-6",
                days >= 365 * LEAD_YEARS,
                [f"{days // 365} years and {days % 365} days so far."],
            )
        )
    answer = eligibility_for(partner, role, today)
    items.append(
        Requirement(
            "Eligibility" + (" (absolute disqualifier)" if answer.disqualified else ""),
            "R-ELIG-1, R-ELIG-2",
            answer.eligible,
            answer.missing,
        )
    )
    return Progression(partner, since, role, items)


def _locked_partner(partner, version=None):
    current = ParentPartner.objects.select_for_update().get(pk=partner.pk)
    if version is not None and version != current.version:
        raise ValidationError(CONFLICT, code="conflict")
    return current


def _reason(reason):
    if not (reason or "").strip():
        raise ValidationError({"reason": "Give the reason; it is kept with the change."})


# ---------------------------------------------------------------------------------------------------
# The recorded path: accepting into mentoring, pausing, ending, reinstating


@transaction.atomic
def accept_into_mentoring(partner, *, user, reason, version=None, today=None):
    """R-ROLE-3: the coordinator accepts a Parent Partner in Training as PPiT Mentoring once every
    requirement is met; the role row changes through `services.change_role`. R-ELIG-2 blocks it."""
    today = today or timezone.localdate()
    _reason(reason)
    partner = _locked_partner(partner, version)
    refuse_if_disqualified(partner)
    if partner.current_role != PartnerRole.IN_TRAINING:
        raise ValidationError(
            f"{partner} is a {partner.get_current_role_display()}; only a Parent Partner in Training is "
            "accepted into mentoring (R-ROLE-1: roles are not skipped).",
            code="wrong_role",
        )
    state = progression(partner, today)
    if not state.ready:
        raise ValidationError(["Not every requirement is met (R-ROLE-3):", *state.unmet], code="unmet")
    return services.change_role(partner, role=PartnerRole.IN_TRAINING_MENTORING, on=today, user=user, reason=reason)


STATUS_MOVES = {
    # slug: (label, from statuses, to status)
    "pause": ("Pause", {PartnerStatus.ACTIVE}, PartnerStatus.PAUSED),
    "end": ("End the role", {PartnerStatus.ACTIVE, PartnerStatus.PAUSED}, PartnerStatus.INACTIVE),
    "reinstate": ("Reinstate", {PartnerStatus.PAUSED, PartnerStatus.INACTIVE}, PartnerStatus.ACTIVE),
}


@transaction.atomic
def change_status(partner, move, *, user, reason, version=None, today=None) -> StatusChange:
    """Pause, end or reinstate a role with a reason, recorded like every role change (R-ROLE-1).
    Ending closes the open role row; reinstating after an end opens a new row of the same role and,
    being an approval, is refused on an absolute disqualifier (R-ELIG-2)."""
    today = today or timezone.localdate()
    _reason(reason)
    label, from_statuses, to_status = STATUS_MOVES[move]
    partner = _locked_partner(partner, version)
    if partner.status not in from_statuses:
        raise ValidationError(
            f"{label}: not possible while the status is {partner.get_status_display().lower()}.", code="wrong_status"
        )
    before = audit.snapshot(partner)
    open_row = RoleAssignment.objects.select_for_update().filter(parent_partner=partner, ended_on__isnull=True).first()
    if move == "end" and open_row is not None:
        if open_row.started_on >= today:
            raise ValidationError("The role started today; it can be ended from tomorrow.", code="too_soon")
        role_before = audit.snapshot(open_row)
        open_row.ended_on = today
        open_row.save(update_fields=["ended_on"])
        audit.record(user, open_row, HistoryEntry.Action.UPDATE, role_before)
    if move == "reinstate":
        refuse_if_disqualified(partner)
        if open_row is None:
            role_row = RoleAssignment.objects.create(
                parent_partner=partner, role=partner.current_role, started_on=today, reason=reason, recorded_by=user
            )
            audit.record(user, role_row, HistoryEntry.Action.CREATE)
    change = StatusChange.objects.create(
        parent_partner=partner,
        from_status=partner.status,
        to_status=to_status,
        on=today,
        reason=reason,
        recorded_by=user,
    )
    partner.status = to_status
    partner.version += 1
    partner.save(update_fields=["status", "version", "updated_at"])
    audit.record(user, change, HistoryEntry.Action.CREATE)
    audit.record(user, partner, HistoryEntry.Action.UPDATE, before)
    return change


# ---------------------------------------------------------------------------------------------------
# Training Verification and Approval form (R-ROLE-5)

ORDER = {
    FormState.AWAITING_COORDINATOR: (SignerRole.COORDINATOR, FormState.AWAITING_CANDIDATE),
    FormState.AWAITING_CANDIDATE: (SignerRole.CANDIDATE, FormState.AWAITING_STATEWIDE),
    FormState.AWAITING_STATEWIDE: (SignerRole.STATEWIDE, FormState.AWAITING_CONTRACT_MANAGER),
    FormState.AWAITING_CONTRACT_MANAGER: (SignerRole.CONTRACT_MANAGER, FormState.APPROVED),
}


def verify_signer(user, password, code="") -> dict:
    """A signature re-asks for the signer's password (R-ROLE-5) and, when two-factor authentication
    is on, for a fresh code from their authenticator (or a backup code). The errors by field; empty
    when the signer is verified."""
    if not (password and user.check_password(password)):
        # An error message under the "password" field, not a password (nosec).
        return {"password": "That is not your password. Enter it again."}  # nosec B105
    if two_factor.required() and two_factor.verify_code(user, code) is None:
        return {"code": "That code is not right or was already used. Enter the newest code from your app."}
    return {}


@transaction.atomic
def start_form(partner, *, user, commits, notes, today=None) -> ApprovalForm:
    """R-ROLE-5: the coordinator starts a form for a PPiT Mentoring; unmet requirements are listed on
    it and block the coordinator's signature. R-ELIG-2 blocks it outright."""
    partner = _locked_partner(partner)
    refuse_if_disqualified(partner)
    if partner.current_role != PartnerRole.IN_TRAINING_MENTORING:
        raise ValidationError(
            f"{partner} is a {partner.get_current_role_display()}: the form is for a Parent Partner in "
            "Training Mentoring becoming a Parent Partner (R-ROLE-1, R-ROLE-5).",
            code="wrong_role",
        )
    if ApprovalForm.objects.open().filter(parent_partner=partner).exists():
        raise ValidationError(f"{partner} already has a form in progress.", code="exists")
    form = ApprovalForm.objects.create(
        parent_partner=partner,
        started_by=user,
        commits_one_year_two_families=commits,
        coordinator_notes=notes,
        unmet=progression(partner, today).unmet,
    )
    audit.record(user, form, HistoryEntry.Action.CREATE)
    return form


def form_snapshot(form) -> dict:
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


def signer_role_of(form) -> SignerRole | None:
    step = ORDER.get(form.state)
    return step[0] if step else None


def refusal(form, user, *, on_paper=False) -> str | None:
    """Why `user` may not sign `form` now, or None (R-ROLE-5: the order, nobody about themselves,
    nobody in someone else's name: the signer is the logged-in user)."""
    if not form.is_open:
        return f"This form is {form.get_state_display().lower()}; nothing more can be signed."
    expected = signer_role_of(form)
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


def _verified(user, password, code):
    """Outside the signature's transaction, so that a wrong code still counts towards django-otp's
    throttling and a used backup code stays used."""
    errors = verify_signer(user, password, code)
    if errors:
        raise ValidationError(errors)


def _check_signer(form, user, version, on_paper=False):
    form = ApprovalForm.objects.select_for_update().select_related("parent_partner__site").get(pk=form.pk)
    if version is not None and version != form.version:
        raise ValidationError(CONFLICT, code="conflict")
    reason = refusal(form, user, on_paper=on_paper)
    if reason:
        raise ValidationError(reason, code="order")
    return form


def sign(form, *, user, password, code="", version=None, on_paper=False, witness_note="", today=None) -> Signature:
    """One signature on the form, in order (R-ROLE-5), recorded with who, when and a snapshot. The
    coordinator's signature submits the form and is refused while a requirement is unmet; the
    contract manager's approves it and makes the person a Parent Partner from today. R-ELIG-2
    refuses every signature once an absolute disqualifier is recorded."""
    _verified(user, password, code)
    return _sign(form, user=user, version=version, on_paper=on_paper, witness_note=witness_note, today=today)


@transaction.atomic
def _sign(form, *, user, version, on_paper, witness_note, today) -> Signature:
    today = today or timezone.localdate()
    form = _check_signer(form, user, version, on_paper)
    partner = form.parent_partner
    refuse_if_disqualified(partner)
    if on_paper and not witness_note.strip():
        raise ValidationError({"witness_note": "Say who witnessed the paper signature and where it is kept."})
    role, next_state = ORDER[form.state]
    before = audit.snapshot(form)
    if role in (SignerRole.COORDINATOR, SignerRole.CONTRACT_MANAGER):
        state = progression(partner, today)
        if form.unmet != state.unmet:
            form.unmet = state.unmet
            form.save(update_fields=["unmet"])
        if state.unmet:
            raise ValidationError(
                ["The form cannot go further while a requirement is unmet:", *state.unmet], code="unmet"
            )
    signature = Signature.objects.create(
        form=form,
        signer_role=role,
        decision=Signature.Decision.SIGNED,
        signed_by=user,
        on_paper=on_paper,
        witness_note=witness_note,
        snapshot=form_snapshot(form),
    )
    audit.record(user, signature, HistoryEntry.Action.CREATE)
    if next_state == FormState.APPROVED:
        services.change_role(
            partner, role=PartnerRole.PARENT_PARTNER, on=today, user=user, reason=f"Approved: {form} (R-ROLE-5)"
        )
        form.decided_on = today
    form.state = next_state
    form.version += 1
    form.save()
    audit.record(user, form, HistoryEntry.Action.UPDATE, before)
    return signature


def may_return(form, user) -> bool:
    """Any signer may return the form: the one whose turn it is or one who has signed it."""
    if refusal(form, user) is None:
        return True
    signed = form.signatures.filter(decision=Signature.Decision.SIGNED, signed_by=user).exists()
    return form.is_open and signed


def return_form(form, *, user, password, reason, code="", version=None, today=None) -> Signature:
    """Any signer returns the form with a reason (R-ROLE-5); it ends, and the coordinator starts a new
    one when ready. The return is recorded like a signature."""
    _reason(reason)
    _verified(user, password, code)
    return _return_form(form, user=user, reason=reason, version=version, today=today)


@transaction.atomic
def _return_form(form, *, user, reason, version, today) -> Signature:
    today = today or timezone.localdate()
    form = ApprovalForm.objects.select_for_update().select_related("parent_partner").get(pk=form.pk)
    if version is not None and version != form.version:
        raise ValidationError(CONFLICT, code="conflict")
    if not form.is_open:
        raise ValidationError(f"This form is {form.get_state_display().lower()}; it cannot be returned.", code="order")
    if user.parent_partner_id == form.parent_partner_id and signer_role_of(form) != SignerRole.CANDIDATE:
        raise ValidationError("Nobody acts on a form about themselves, except as the candidate.", code="self")
    if not may_return(form, user):
        raise ValidationError("Only a signer of this form may return it.", code="order")
    before = audit.snapshot(form)
    own = form.signatures.filter(decision="signed", signed_by=user).first()
    signature = Signature.objects.create(
        form=form,
        signer_role=own.signer_role if own else signer_role_of(form),
        decision=Signature.Decision.RETURNED,
        signed_by=user,
        reason=reason,
        snapshot=form_snapshot(form),
    )
    form.state, form.return_reason, form.decided_on = FormState.RETURNED, reason, today
    form.version += 1
    form.save()
    audit.record(user, signature, HistoryEntry.Action.CREATE)
    audit.record(user, form, HistoryEntry.Action.UPDATE, before)
    return signature


def forms_waiting_for(user):
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
