"""A family's case: the referral (R-FAM-1, R-FAM-8), the assignment of a Parent Partner and its first
contact (R-FAM-2..4), closing (R-FAM-5), and the coordinator's worklists (R-FAM-3, R-FAM-7). Matching
is in mentoring.services.matching; the Child Safety Conference cap in mentoring.models.cases, where
`Case.save` asks it on every path."""

import datetime
from collections.abc import Collection, Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Min, Q, QuerySet
from django.utils import timezone

from mentoring.models import (
    Assignment,
    Case,
    CaseOutcome,
    CaseStatus,
    Child,
    Conflict,
    Contact,
    EndReason,
    FormStatus,
    Placement,
    ReferralSource,
    StateHoliday,
)
from mentoring.models.cases import CSC_CAPACITY_PER_AREA, csc_capacity_problem, csc_families_active_in_area
from mentoring.services.matching import assignment_refusal
from mentoring.services.workdays import add_working_days
from parentpartner import audit, records
from parentpartner.dates import long_date, next_month, previous_month
from parentpartner.models import HistoryEntry, ParentPartner

# A case's rules as other apps read them (reporting's dashboards: the Child Safety Conference cap and
# its count, R-FAM-8, besides the worklists), the cap's own home being mentoring.models.cases.
__all__ = [
    "CONFLICT_REASONS",
    "CSC_CAPACITY_PER_AREA",
    "FIRST_CONTACT_WORKING_DAYS",
    "assign",
    "close_case",
    "csc_capacity_problem",
    "csc_families_active_in_area",
    "end_assignment",
    "first_contact_due",
    "last_month_missing_forms",
    "missing_forms",
    "open_case",
    "overdue_first_contacts",
    "previous_month",
    "referral_problems",
    "sync_first_contact",
]

FIRST_CONTACT_WORKING_DAYS = 2
# A declared conflict keeps the Parent Partner out of this family's matching for good (R-FAM-4).
CONFLICT_REASONS = (EndReason.KNOWS_FAMILY, EndReason.LIVES_CLOSE, EndReason.OTHER_CONFLICT)


# --- referrals -------------------------------------------------------------------------------


def referral_problems(case: Case, children: Iterable[Child]) -> dict[str, str]:
    """Why this referral cannot be opened, by form field (R-FAM-1, R-FAM-8). `children` are the
    family's children as entered (placements)."""
    problems = {}
    if not case.consent_given:
        problems["consent_given"] = "The parent's voluntary consent is required."
    if case.source != ReferralSource.CHILD_SAFETY_CONFERENCE:
        return problems
    family = case.family
    if family.pk and Assignment.objects.filter(case__family=family, ended_on__isnull=True).exists():
        problems["source"] = (
            "This parent already has a Parent Partner: a Child Safety Conference referral is only for "
            "parents without one."
        )
    if any(child.placement != Placement.IN_HOME for child in children):
        problems.setdefault(
            "source",
            "A Child Safety Conference referral is for families whose children are still at home: a child is "
            "placed out of the home.",
        )
    capacity = csc_capacity_problem(family.site.service_area_id, exclude_case=case.pk)
    if capacity:
        problems.setdefault("source", capacity)
    return problems


@transaction.atomic
def open_case(case: Case, children: Iterable[Child], *, user: Any) -> Case:
    """Open a referral after checking it (R-FAM-1, R-FAM-8). The area is locked while counting so two
    coordinators cannot both take the 50th CSC slot (mentoring.models.cases.csc_capacity_problem, which
    `Case.save` asks again on every other path)."""
    problems = referral_problems(case, children)
    if problems:
        raise ValidationError(problems)
    case.created_by = user
    case.status = CaseStatus.AWAITING_ASSIGNMENT
    return records.create(case, user=user)


# --- assignments -----------------------------------------------------------------------------


def first_contact_due(assigned_on: datetime.date) -> datetime.date:
    """R-FAM-3: two working days after assignment, skipping weekends and state holidays."""
    holidays = set(
        StateHoliday.objects.filter(
            date__gt=assigned_on, date__lte=assigned_on + datetime.timedelta(days=30)
        ).values_list("date", flat=True)
    )
    return add_working_days(assigned_on, FIRST_CONTACT_WORKING_DAYS, holidays)


@transaction.atomic
def assign(
    case: Case, partner: ParentPartner, *, user: Any, on: datetime.date | None = None, reasons: str = ""
) -> Assignment:
    """Assign a Parent Partner to a case awaiting one: records who, when and to whom (R-FAM-2) and
    when the first contact is due (R-FAM-3)."""
    case = records.locked(case, what="case")
    if case.status == CaseStatus.CLOSED:
        raise ValidationError("This case is closed.")
    if case.assignments.filter(ended_on__isnull=True).exists():
        raise ValidationError("This case already has a Parent Partner; reassign instead.")
    refusal = assignment_refusal(case, partner)
    if refusal:
        raise ValidationError(refusal)
    on = on or timezone.localdate()
    before = audit.snapshot(case)
    assignment = records.create(
        Assignment(
            case=case,
            parent_partner=partner,
            assigned_on=on,
            assigned_by=user,
            first_contact_due=first_contact_due(on),
            match_reasons=reasons[:300],
        ),
        user=user,
    )
    case.status = CaseStatus.ACTIVE
    records.save(case, user=user, before=before, update_fields=["status"])
    return assignment


@transaction.atomic
def end_assignment(
    case: Case,
    *,
    user: Any,
    reason: str,
    note: str = "",
    on: datetime.date | None = None,
    version: Any = None,
) -> Assignment:
    """End the current assignment so the case can be reassigned, keeping the history (R-FAM-4). A
    conflict the Parent Partner declared keeps them out of this family's matching for good. `version`:
    the case's, as the coordinator saw it (None when closing the case ends it)."""
    case = records.locked(case, version)
    current = case.assignments.filter(ended_on__isnull=True).select_related("parent_partner").first()
    if current is None:
        raise ValidationError("This case has no current Parent Partner.")
    on = on or timezone.localdate()
    # R-FAM-7: every contact falls inside the assignment, so it cannot end before its last contact.
    last = Contact.objects.filter(form__assignment=current).aggregate(last=Max("contacted_on"))["last"]
    if last is not None and last > on:
        raise ValidationError(
            f"{current.parent_partner} has a contact with this family on {long_date(last)}: "
            f"the assignment cannot end before that day."
        )
    # An assignment has no version: it is ended once, under the case's lock.
    before = audit.snapshot(current)
    current.ended_on = max(on, current.assigned_on)
    current.end_reason = reason
    current.end_note = note[:300]
    current.save()
    audit.record(user, current, HistoryEntry.Action.UPDATE, before)
    if reason in CONFLICT_REASONS:
        conflict, created = Conflict.objects.get_or_create(
            parent_partner=current.parent_partner,
            family=case.family,
            defaults={"reason": reason, "note": note[:300], "declared_on": on},
        )
        if created:
            audit.record(user, conflict, HistoryEntry.Action.CREATE)
    if reason != EndReason.CASE_CLOSED:
        case_before = audit.snapshot(case)
        case.status = CaseStatus.AWAITING_ASSIGNMENT
        records.save(case, user=user, before=case_before, update_fields=["status"])
    return current


def close_case(
    case: Case,
    *,
    user: Any,
    closed_by: str,
    outcome: str,
    on: datetime.date,
    note: str = "",
    version: Any = None,
) -> Case:
    """R-FAM-5: closed by mutual agreement of all parties or by the participant, with the outcome."""
    with records.edit(case, user=user, version=version, what="case") as current:
        if current.status == CaseStatus.CLOSED:
            raise ValidationError("This case is already closed.")
        if outcome == CaseOutcome.PLACEMENT_AVOIDED and current.source != ReferralSource.CHILD_SAFETY_CONFERENCE:
            raise ValidationError({"outcome": "Placement avoided is an outcome of Child Safety Conference families."})
        if on < current.referred_on:
            raise ValidationError({"closed_on": "A case cannot close before it was referred."})
        if current.assignments.filter(ended_on__isnull=True).exists():
            end_assignment(current, user=user, reason=EndReason.CASE_CLOSED, on=on)
        current.status, current.closed_on, current.closed_by, current.outcome = (
            CaseStatus.CLOSED,
            on,
            closed_by,
            outcome,
        )
        current.closing_note = note[:300]
    return current


def sync_first_contact(assignment: Assignment, user: Any = None, *, removed: Collection[Any] = ()) -> None:
    """R-FAM-3: the first contact is the earliest contact on the assignment's forms, and it is stable.

    A contact dated earlier than the recorded first contact moves it earlier. It moves later only
    when the line that held it was deleted or re-dated (`removed`: the dates lines had before this
    save); saving or approving a later month's form never moves it, and a first contact recorded
    without a line (from paper) is kept. Every change is recorded in the assignment's history."""
    first = Contact.objects.filter(form__assignment=assignment).aggregate(first=Min("contacted_on"))["first"]
    current = assignment.first_contact_on
    if first == current:
        return
    if current is not None and (first is None or first > current) and current not in removed:
        return
    audit.update_each(user, Assignment.objects.filter(pk=assignment.pk), first_contact_on=first)
    assignment.first_contact_on = first


# --- worklists -------------------------------------------------------------------------------


def overdue_first_contacts(assignments: QuerySet, today: datetime.date | None = None) -> QuerySet:
    """R-FAM-3: current assignments whose first contact is past due and not made."""
    today = today or timezone.localdate()
    return assignments.filter(ended_on__isnull=True, first_contact_on__isnull=True, first_contact_due__lt=today)


def missing_forms(assignments: QuerySet, month: datetime.date) -> QuerySet:
    """R-FAM-7: assignments that ran during `month` with no form submitted for it."""
    return (
        assignments.filter(assigned_on__lt=next_month(month))
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=month))
        .exclude(
            activity_forms__month=month,
            activity_forms__status__in=[FormStatus.SUBMITTED, FormStatus.APPROVED],
        )
    )


def last_month_missing_forms(assignments: QuerySet, today: datetime.date) -> tuple[datetime.date, QuerySet]:
    """R-FAM-7: the month the coordinator is chasing (last month) and its missing forms."""
    month = previous_month(today)
    return month, missing_forms(assignments, month)
