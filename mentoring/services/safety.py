"""Protocol D, Addressing Potential Safety Concerns (R-SAFE-1..3), as a state machine (PROTOCOL).

    raised, child present or imminent danger  -> awaiting_referral
        referral (a coordinator, with the date)                          -> referral_made
    raised, child not present                 -> awaiting_self_report
        self_report (the participant told the caseworker)                -> caseworker_informed
        participant_told (they would not; told the coordinator
            will be told)                                                -> awaiting_coordinator
    awaiting_coordinator
        coordinator_informed (a coordinator, with the date)              -> caseworker_informed

Each step locks the row, refuses a step that is not the next one with a message that says what is
next, and leaves a history row (parentpartner.records). Nothing here trusts the view to have checked
the order or the role.
"""

import dataclasses
import datetime
from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from mentoring.models import Case, Contact, InformedBy, SafetyConcern, SafetyStatus
from parentpartner import records
from parentpartner.access import has_permission
from parentpartner.models import ParentPartner
from parentpartner.states import Machine, Move

NEXT_STEP: dict[str, str] = {
    SafetyStatus.AWAITING_REFERRAL: "The next step is the child abuse referral, made with the coordinator.",
    SafetyStatus.AWAITING_SELF_REPORT: (
        "The next step is the participant's self-report to the caseworker, or telling the participant that "
        "the coordinator will be told."
    ),
    SafetyStatus.AWAITING_COORDINATOR: "The next step is the coordinator informing the caseworker.",
    SafetyStatus.REFERRAL_MADE: "Every step of the protocol is done: the child abuse referral was made.",
    SafetyStatus.CASEWORKER_INFORMED: "Every step of the protocol is done: the caseworker was informed.",
}


def _refusal(concern: SafetyConcern, move: Move) -> str | None:
    """A step out of order is refused with why, and with what the next step is."""
    if concern.status in move.sources:
        return None
    return f"{move.options['refused']} {NEXT_STEP[concern.status]}"


PROTOCOL = Machine(
    [
        # R-SAFE-2
        Move(
            "referral",
            "Child abuse referral made with the coordinator",
            sources=(SafetyStatus.AWAITING_REFERRAL,),
            results={"done": SafetyStatus.REFERRAL_MADE},
            permission="safety_concern.coordinate",
            options={
                "refused": "A child abuse referral is the step only when a child was present or is in imminent "
                "danger, and only once."
            },
        ),
        # R-SAFE-3, preferred
        Move(
            "self_report",
            "Participant self-reported to the caseworker",
            sources=(SafetyStatus.AWAITING_SELF_REPORT,),
            results={"done": SafetyStatus.CASEWORKER_INFORMED},
            permission="safety_concern.raise",
            options={
                "refused": "A self-report settles only a concern where no child was present and the participant "
                "was not yet told that the coordinator will be told."
            },
        ),
        # R-SAFE-3
        Move(
            "participant_told",
            "Participant told that the coordinator will be told",
            sources=(SafetyStatus.AWAITING_SELF_REPORT,),
            results={"done": SafetyStatus.AWAITING_COORDINATOR},
            permission="safety_concern.raise",
            options={
                "refused": "Telling the participant that the coordinator will be told applies only while a "
                "self-report is awaited."
            },
        ),
        # R-SAFE-3
        Move(
            "coordinator_informed",
            "Caseworker informed by the coordinator",
            sources=(SafetyStatus.AWAITING_COORDINATOR,),
            results={"done": SafetyStatus.CASEWORKER_INFORMED},
            permission="safety_concern.coordinate",
            options={
                "refused": "The coordinator informs the caseworker only after the Parent Partner told the "
                "participant that the coordinator will be told."
            },
        ),
    ],
    state="status",
    refuse=_refusal,
)


@dataclasses.dataclass(frozen=True)
class Step:
    name: str
    label: str
    done_on: datetime.date | None
    done_by: Any
    done: bool


def raise_concern(
    user: Any, *, case: Case, parent_partner: ParentPartner, contact: Contact | None = None, **facts: Any
) -> SafetyConcern:
    """R-SAFE-1: record what was observed or told. R-SAFE-2 / R-SAFE-3 choose the path from whether
    a child was present or is in imminent danger."""
    if not has_permission(user, "safety_concern.raise"):
        raise PermissionDenied
    needs_referral = facts["child_present"] or facts["imminent_danger"]
    status = SafetyStatus.AWAITING_REFERRAL if needs_referral else SafetyStatus.AWAITING_SELF_REPORT
    concern = SafetyConcern(
        case=case, parent_partner=parent_partner, contact=contact, raised_by=user, status=status, **facts
    )
    return records.create(concern, user=user)


def _take(
    slug: str, concern: SafetyConcern, user: Any, version: Any, change: Callable[[SafetyConcern], None]
) -> SafetyConcern:
    move = PROTOCOL[slug]
    if move.permission and not has_permission(user, move.permission):
        raise PermissionDenied
    with records.edit(concern, user=user, version=version, what="concern") as current:
        PROTOCOL.check(current, move)
        change(current)
        current.status = move.leads_to()
        if not current.is_open:
            current.closed_at = timezone.now()
    return current


def record_referral(
    concern: SafetyConcern, user: Any, *, made_on: datetime.date, reference: str = "", version: Any = None
) -> SafetyConcern:
    """R-SAFE-2: child present or imminent danger -> the child abuse referral, made with the
    coordinator, who records it (who and when)."""

    def change(current: SafetyConcern) -> None:
        current.referral_made_on = made_on
        current.referral_coordinator = user
        current.referral_reference = reference

    return _take("referral", concern, user, version, change)


def confirm_self_report(
    concern: SafetyConcern, user: Any, *, reported_on: datetime.date, version: Any = None
) -> SafetyConcern:
    """R-SAFE-3, preferred: the participant self-reported to the caseworker with the Parent Partner's
    support, and someone confirmed it, with the date."""

    def change(current: SafetyConcern) -> None:
        current.caseworker_informed_by = InformedBy.PARTICIPANT
        current.caseworker_informed_on = reported_on
        current.caseworker_informed_recorded_by = user

    return _take("self_report", concern, user, version, change)


def record_participant_told(
    concern: SafetyConcern, user: Any, *, told_on: datetime.date, version: Any = None
) -> SafetyConcern:
    """R-SAFE-3: the participant will not self-report, so the Parent Partner told them that the
    coordinator will be told."""

    def change(current: SafetyConcern) -> None:
        current.participant_told_on = told_on
        current.participant_told_recorded_by = user

    return _take("participant_told", concern, user, version, change)


def record_coordinator_informed(
    concern: SafetyConcern, user: Any, *, informed_on: datetime.date, version: Any = None
) -> SafetyConcern:
    """R-SAFE-3: after the participant was told, the coordinator informs the caseworker (who, when)."""

    def change(current: SafetyConcern) -> None:
        # The move's only source, awaiting_coordinator, is reached through record_participant_told,
        # which always records the date; no constraint says so, so a row without it is refused loudly.
        told_on = current.participant_told_on
        if told_on is None:
            raise ValidationError(
                "The day the participant was told is not recorded; record it before the coordinator informs "
                "the caseworker.",
                code="order",
            )
        if informed_on < told_on:
            raise ValidationError("The coordinator informs the caseworker after the participant was told, not before.")
        current.caseworker_informed_by = InformedBy.COORDINATOR
        current.caseworker_informed_on = informed_on
        current.caseworker_informed_recorded_by = user

    return _take("coordinator_informed", concern, user, version, change)


def steps(concern: SafetyConcern) -> list[Step]:
    """The protocol steps of this concern's path, done or not, for the detail page."""
    if concern.needs_referral:
        return [
            Step(
                "referral",
                "Child abuse referral made with the coordinator",
                concern.referral_made_on,
                concern.referral_coordinator,
                concern.status == SafetyStatus.REFERRAL_MADE,
            )
        ]
    self_reported = concern.caseworker_informed_by == InformedBy.PARTICIPANT
    result = [
        Step(
            "self_report",
            "Participant offered support to self-report to the caseworker",
            concern.caseworker_informed_on if self_reported else concern.participant_told_on,
            concern.caseworker_informed_recorded_by if self_reported else concern.participant_told_recorded_by,
            concern.status != SafetyStatus.AWAITING_SELF_REPORT,
        )
    ]
    if self_reported:
        result.append(
            Step(
                "informed",
                "Caseworker informed by the participant (self-report confirmed)",
                concern.caseworker_informed_on,
                concern.caseworker_informed_recorded_by,
                True,
            )
        )
        return result
    result.append(
        Step(
            "participant_told",
            "Participant told that the coordinator will be told",
            concern.participant_told_on,
            concern.participant_told_recorded_by,
            concern.participant_told_on is not None,
        )
    )
    result.append(
        Step(
            "informed",
            "Caseworker informed by the coordinator",
            concern.caseworker_informed_on,
            concern.caseworker_informed_recorded_by,
            concern.status == SafetyStatus.CASEWORKER_INFORMED,
        )
    )
    return result
