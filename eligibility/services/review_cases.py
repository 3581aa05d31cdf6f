"""Review cases, protocol E (R-REV-1..4): opening a case, its steps declared as a state machine
(`PROTOCOL_E`) and taken through `advance`, the outcome's effect on the person's standing, the
reinstatement, and the coordinator's choice whether the person may mentor while the case is open.

Every change runs in one transaction, locks the case, checks the version the user started from and
leaves a history row, through `parentpartner.records`.
"""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from eligibility.models import CaseStep, Outcome, ReviewCase, Step
from eligibility.services.review_parts import plan_gaps, team_gaps
from eligibility.services.screening import eligibility_for
from parentpartner import records
from parentpartner.dates import long_date
from parentpartner.models import PartnerStatus
from parentpartner.services import door
from parentpartner.services.gates import Change
from parentpartner.states import Machine, Move

# The words of the conflict message: the case page calls it a case.
WHAT = "case"


@transaction.atomic
def open_case(case: ReviewCase, *, user: Any) -> ReviewCase:
    """R-REV-1: a coordinator opens a case about a Parent Partner of any role, only if the person
    wishes to continue in the role; one open case per person."""
    if not case.wishes_to_continue:
        raise ValidationError(
            {"wishes_to_continue": "Protocol E is only for those who wish to continue in the role (R-REV-1)."}
        )
    # The person's row is locked so that two coordinators cannot open two cases at once.
    partner = records.locked(case.parent_partner)
    if ReviewCase.objects.open().filter(parent_partner=partner).exists():
        raise ValidationError(f"{partner} already has an open review case: add the concern to it.", code="exists")
    case.partner_role = partner.current_role
    case.opened_by = user
    case.step = Step.OPENED
    records.create(case, user=user)
    CaseStep.objects.create(
        case=case, action="Case opened", step=Step.OPENED, held_on=case.opened_on, notes=case.concern, recorded_by=user
    )
    return case


# ---------------------------------------------------------------------------------------------------
# The steps of protocol E (R-REV-2..4)


def _closes(outcome: Outcome) -> tuple[str, str]:
    return (Step.CLOSED, outcome)


def _refusal(case: ReviewCase, move: Move) -> str | None:
    """Why `move` cannot be taken from the case's step, or None. R-REV-2: no step is skipped; the
    refusal names where the case is and the step that comes next. R-REV-4: a reinstatement follows
    only an outcome that stops mentoring."""
    if move.slug == "reinstatement":
        if not case.awaits_reinstatement:
            return "Only a case that ended with an outcome that stops mentoring can be followed by a reinstatement."
        return None
    if case.step in move.sources:
        return None
    if not case.is_open:
        return (
            f"This case closed on {long_date(case.closed_day)} ({case.get_outcome_display().lower()}); no further step."
        )
    following = next_move(case.step).label
    return f"Not possible yet: the case is at “{case.get_step_display()}”. The next step is: {following}."


# Each move's results: result -> (the step it leads to, the outcome when it closes the case).
PROTOCOL_E = Machine(
    [
        Move(
            "validity-meeting",
            "Record the validity meeting (coordinator, service area coordinator and the Parent Partner)",
            sources=(Step.OPENED,),
            results={"valid": (Step.VALIDITY_CONFIRMED, ""), Outcome.NOT_VALID.value: _closes(Outcome.NOT_VALID)},
            permission="review_case.local_step",
        ),
        Move(
            "discussion",
            "Record the discussion with the clinician",
            sources=(Step.VALIDITY_CONFIRMED,),
            results={Outcome.RESOLVED.value: _closes(Outcome.RESOLVED), "unresolved": (Step.STATEWIDE_NOTIFIED, "")},
            permission="review_case.local_step",
        ),
        Move(
            "recommendation",
            "Record the statewide coordinator's review and recommendation to the management team",
            sources=(Step.STATEWIDE_NOTIFIED,),
            results={"recommended": (Step.RECOMMENDED, "")},
            permission="review_case.statewide_step",
        ),
        Move(
            "management-approval",
            "Record the management team's approval",
            sources=(Step.RECOMMENDED,),
            results={"approved": (Step.MANAGEMENT_APPROVED, "")},
            permission="review_case.statewide_step",
        ),
        Move(
            "review-team",
            "Record that the review team is formed",
            sources=(Step.MANAGEMENT_APPROVED,),
            results={"formed": (Step.TEAM_FORMED, "")},
            permission="review_case.statewide_step",
        ),
        Move(
            "meeting",
            "Schedule the review team meeting",
            sources=(Step.TEAM_FORMED,),
            results={"scheduled": (Step.MEETING_SCHEDULED, "")},
            permission="review_case.statewide_step",
            options={"needs_meeting_date": True},
        ),
        Move(
            "plan",
            "Record that the behavioural plan is agreed",
            sources=(Step.MEETING_SCHEDULED,),
            results={"agreed": (Step.PLAN_AGREED, "")},
            permission="review_case.statewide_step",
        ),
        Move(
            "outcome",
            "Record the outcome",
            sources=(Step.PLAN_AGREED,),
            results={
                o.value: _closes(o) for o in (Outcome.OVERSIGHT, Outcome.STOP_MENTORING, Outcome.NO_LONGER_ELIGIBLE)
            },
            permission="review_case.statewide_step",
        ),
        Move(
            "withdrawal",
            "Close: the Parent Partner no longer wishes to continue",
            sources=tuple(step for step in Step if step != Step.CLOSED),
            results={Outcome.WITHDRAWN.value: _closes(Outcome.WITHDRAWN)},
            permission="review_case.withdraw",
        ),
        Move(
            "reinstatement",
            "Record the reinstatement",
            sources=(Step.CLOSED,),
            results={"reinstated": (Step.CLOSED, None)},
            permission="review_case.statewide_step",
        ),
    ],
    state="step",
    refuse=_refusal,
)

RESULT_LABELS = {
    "valid": "The concern is valid enough to continue with the protocol",
    "unresolved": "Eligibility is affected or the issue is unresolved: notify the statewide coordinator",
    **{o.value: o.label for o in Outcome},
}


def next_move(step: str) -> Move:
    """What to do next at an open step: the first move of the protocol, in its order, taken from it
    (withdrawal, possible from every open step, comes after the forward moves)."""
    return next(move for move in PROTOCOL_E if step in move.sources)


def steps_awaiting(permission: str) -> set[str]:
    """The steps from which a move needing `permission` may be taken: a worklist of the cases waiting
    for that role (the statewide coordinator's dashboard)."""
    return {step for move in PROTOCOL_E if move.permission == permission for step in move.sources}


@transaction.atomic
def advance(
    case: ReviewCase,
    slug: str,
    *,
    user: Any,
    result: str,
    held_on: datetime.date,
    notes: str,
    version: Any = None,
    meeting_on: datetime.date | None = None,
) -> ReviewCase:
    """Take one step of protocol E (R-REV-2..4) and record who, when and notes. A skipped step, a
    result the step does not have, a team or plan that is not complete, or a stale form is refused
    with a ValidationError that the page shows."""
    move = PROTOCOL_E[slug]
    with records.edit(case, user=user, version=version, what=WHAT) as case:
        if reason := PROTOCOL_E.refusal(case, move):
            raise ValidationError(reason, code="step")
        step, outcome = move.leads_to(result)
        if slug == "review-team" and (gaps := team_gaps(case)):
            raise ValidationError(f"The review team still needs: {', '.join(gaps)} (R-REV-3).", code="team")
        if slug == "plan" and (gaps := plan_gaps(case)):
            raise ValidationError(
                f"The behavioural plan still needs an item for: {', '.join(gaps)} (R-REV-2).", code="plan"
            )
        if move.options.get("needs_meeting_date") and meeting_on is None:
            raise ValidationError({"meeting_on": "Enter the date of the meeting."})
        _check_dates(case, held_on=held_on, meeting_on=meeting_on)
        if slug == "reinstatement":
            _check_reinstatement(case, held_on)
        case.step = step
        if outcome:
            case.outcome = outcome
            case.closed_on = held_on
        if meeting_on:
            case.meeting_on = meeting_on
        if slug == "reinstatement":
            case.reinstated_on, case.reinstated_by = held_on, user
    CaseStep.objects.create(
        case=case,
        action=move.label,
        step=step,
        outcome=outcome or "",
        held_on=held_on,
        notes=notes,
        recorded_by=user,
    )
    _take_effect(case, slug, outcome, user)
    return case


def _take_effect(case: ReviewCase, slug: str, outcome: str | None, user: Any) -> None:
    """The outcome changes the person's standing at once, through the door (R-REV-4): "no longer
    eligible" ends their role (kept in the history); its reinstatement reinstates them, once every gate
    allows it. "Stop mentoring" leaves the role held: who may mentor is asked of `may_mentor`."""
    partner = case.parent_partner
    if outcome == Outcome.NO_LONGER_ELIGIBLE:
        door.change_standing(
            partner, Change.END_BY_REVIEW, user=user, reason="A review found them no longer eligible for the role."
        )
    if slug == "reinstatement" and case.outcome == Outcome.NO_LONGER_ELIGIBLE:
        partner.refresh_from_db()
        if partner.status != PartnerStatus.ACTIVE:
            door.change_standing(partner, Change.REINSTATE, user=user, reason="Reinstated after the review.")


def _check_dates(case: ReviewCase, *, held_on: datetime.date, meeting_on: datetime.date | None = None) -> None:
    """R-REV-2: the steps of a case follow its opening; none is dated before the case was opened."""
    opened = long_date(case.opened_on)
    errors = {}
    if held_on < case.opened_on:
        errors["held_on"] = f"A step cannot be dated before the case was opened on {opened}."
    if meeting_on is not None and meeting_on < case.opened_on:
        errors["meeting_on"] = f"The review team meeting cannot be before the case was opened on {opened}."
    if errors:
        raise ValidationError(errors)


def _check_reinstatement(case: ReviewCase, held_on: datetime.date) -> None:
    """R-ELIG-2: no reinstatement past a disqualifier. R-REV-4 c: after "no longer eligible", only once
    the criteria for the role are met again."""
    if held_on < case.closed_day:
        raise ValidationError({"held_on": "A reinstatement cannot come before the outcome it ends."})
    answer = eligibility_for(case.parent_partner, case.partner_role, today=held_on)
    if answer.disqualified:
        raise ValidationError(" ".join(answer.missing), code="disqualified")
    if case.outcome == Outcome.NO_LONGER_ELIGIBLE:
        others = [m for m in answer.missing if not m.startswith("A review found them no longer eligible")]
        if others:
            raise ValidationError(
                "Not yet eligible for the role again (R-REV-4 c): " + " ".join(others), code="not_eligible"
            )


@transaction.atomic
def set_mentoring_while_open(
    case: ReviewCase, *, user: Any, may_mentor_while_open: bool, notes: str, version: Any = None
) -> ReviewCase:
    """The coordinator's choice, while a case is open, whether the person may keep mentoring."""
    with records.edit(case, user=user, version=version, what=WHAT) as case:
        if not case.is_open:
            raise ValidationError("The case is closed; its outcome decides whether they may mentor.", code="closed")
        case.may_mentor_while_open = may_mentor_while_open
    CaseStep.objects.create(
        case=case,
        action="May keep mentoring while open" if may_mentor_while_open else "May not mentor while open",
        step=case.step,
        held_on=timezone.localdate(),
        notes=notes,
        recorded_by=user,
    )
    return case
