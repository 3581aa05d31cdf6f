"""Protocol D, Addressing Potential Safety Concerns (R-SAFE-1..3), as a state machine.

    raised, child present or imminent danger  -> awaiting_referral
        record_referral (a coordinator, with the date)                  -> referral_made
    raised, child not present                 -> awaiting_self_report
        confirm_self_report (the participant told the caseworker)       -> caseworker_informed
        record_participant_told (they would not; told the coordinator
            will be told)                                               -> awaiting_coordinator
    awaiting_coordinator
        record_coordinator_informed (a coordinator, with the date)      -> caseworker_informed

Each step locks the row, refuses a step that is not the next one with a message that says what is
next, and leaves a history row. Nothing here trusts the view to have checked the order.
"""

import dataclasses

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from mentoring.models import InformedBy, SafetyConcern, SafetyStatus
from parentpartner import audit
from parentpartner.access import has_permission
from parentpartner.models import HistoryEntry

STALE_MESSAGE = "This concern changed after you opened it; look at it again before you record that."

NEXT_STEP = {
    SafetyStatus.AWAITING_REFERRAL: "The next step is the child abuse referral, made with the coordinator.",
    SafetyStatus.AWAITING_SELF_REPORT: (
        "The next step is the participant's self-report to the caseworker, or telling the participant that "
        "the coordinator will be told."
    ),
    SafetyStatus.AWAITING_COORDINATOR: "The next step is the coordinator informing the caseworker.",
    SafetyStatus.REFERRAL_MADE: "Every step of the protocol is done: the child abuse referral was made.",
    SafetyStatus.CASEWORKER_INFORMED: "Every step of the protocol is done: the caseworker was informed.",
}


@dataclasses.dataclass(frozen=True)
class Step:
    name: str
    label: str
    done_on: object
    done_by: object
    done: bool


def raise_concern(user, *, case, parent_partner, contact=None, **facts) -> SafetyConcern:
    """R-SAFE-1: record what was observed or told. R-SAFE-2 / R-SAFE-3 choose the path from whether
    a child was present or is in imminent danger."""
    if not has_permission(user, "safety_concern.raise"):
        raise PermissionDenied
    needs_referral = facts["child_present"] or facts["imminent_danger"]
    status = SafetyStatus.AWAITING_REFERRAL if needs_referral else SafetyStatus.AWAITING_SELF_REPORT
    with transaction.atomic():
        concern = SafetyConcern.objects.create(
            case=case, parent_partner=parent_partner, contact=contact, raised_by=user, status=status, **facts
        )
        audit.record(user, concern, HistoryEntry.Action.CREATE)
    return concern


def _step(concern, user, version, expected, refusal, change, coordinator_only):
    if coordinator_only and not has_permission(user, "safety_concern.coordinate"):
        raise PermissionDenied
    with transaction.atomic():
        current = SafetyConcern.objects.select_for_update().get(pk=concern.pk)
        if version is not None and version != current.version:
            raise ValidationError(STALE_MESSAGE)
        if current.status != expected:
            raise ValidationError(f"{refusal} {NEXT_STEP[current.status]}")
        before = audit.snapshot(current)
        change(current)
        if current.status not in (SafetyStatus.AWAITING_COORDINATOR,):
            current.closed_at = timezone.now()
        current.version += 1
        current.save()
        audit.record(user, current, HistoryEntry.Action.UPDATE, before)
    return current


def record_referral(concern, user, *, made_on, reference="", version=None) -> SafetyConcern:
    """R-SAFE-2: child present or imminent danger -> the child abuse referral, made with the
    coordinator, who records it (who and when)."""

    def change(current):
        current.status = SafetyStatus.REFERRAL_MADE
        current.referral_made_on = made_on
        current.referral_coordinator = user
        current.referral_reference = reference

    return _step(
        concern,
        user,
        version,
        SafetyStatus.AWAITING_REFERRAL,
        "A child abuse referral is the step only when a child was present or is in imminent danger, and only once.",
        change,
        coordinator_only=True,
    )


def confirm_self_report(concern, user, *, reported_on, version=None) -> SafetyConcern:
    """R-SAFE-3, preferred: the participant self-reported to the caseworker with the Parent Partner's
    support, and someone confirmed it, with the date."""

    def change(current):
        current.status = SafetyStatus.CASEWORKER_INFORMED
        current.caseworker_informed_by = InformedBy.PARTICIPANT
        current.caseworker_informed_on = reported_on
        current.caseworker_informed_recorded_by = user

    return _step(
        concern,
        user,
        version,
        SafetyStatus.AWAITING_SELF_REPORT,
        "A self-report settles only a concern where no child was present and the participant was not yet told "
        "that the coordinator will be told.",
        change,
        coordinator_only=False,
    )


def record_participant_told(concern, user, *, told_on, version=None) -> SafetyConcern:
    """R-SAFE-3: the participant will not self-report, so the Parent Partner told them that the
    coordinator will be told."""

    def change(current):
        current.status = SafetyStatus.AWAITING_COORDINATOR
        current.participant_told_on = told_on
        current.participant_told_recorded_by = user

    return _step(
        concern,
        user,
        version,
        SafetyStatus.AWAITING_SELF_REPORT,
        "Telling the participant that the coordinator will be told applies only while a self-report is awaited.",
        change,
        coordinator_only=False,
    )


def record_coordinator_informed(concern, user, *, informed_on, version=None) -> SafetyConcern:
    """R-SAFE-3: after the participant was told, the coordinator informs the caseworker (who, when)."""

    def change(current):
        if informed_on < current.participant_told_on:
            raise ValidationError("The coordinator informs the caseworker after the participant was told, not before.")
        current.status = SafetyStatus.CASEWORKER_INFORMED
        current.caseworker_informed_by = InformedBy.COORDINATOR
        current.caseworker_informed_on = informed_on
        current.caseworker_informed_recorded_by = user

    return _step(
        concern,
        user,
        version,
        SafetyStatus.AWAITING_COORDINATOR,
        "The coordinator informs the caseworker only after the Parent Partner told the participant that the "
        "coordinator will be told.",
        change,
        coordinator_only=True,
    )


def steps(concern) -> list[Step]:
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
