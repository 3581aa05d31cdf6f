"""Families to reassign now: their Parent Partner may no longer mentor (R-REV-4, R-ELIG-2).

A Parent Partner may no longer mentor when their role has ended (status inactive: after a "no
longer eligible" outcome or an absolute disqualifier, or ended by the coordinator), or when
`eligibility.services.may_mentor` says no (an open review case that stops mentoring, a "stop
mentoring" or "no longer eligible" outcome not reinstated, a disqualifier). Their current families
are urgent reassignments at the top of the coordinator's worklist and the service area
coordinator's dashboard, and no new monthly activity form is started for them
(`mentoring.services.activity_forms.start`).

Who may mentor is decided by the eligibility app (`ReviewCase.objects.stopping_mentoring` and
`mentoring_from`); this module only finds the rows in a fixed number of queries and words the reason
for the screen: plain language, no rule ids, no record ids, dates as "Nov 30, 2026".
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery

from eligibility.models import Disqualifier, Outcome, ReviewCase
from eligibility.services import mentoring_from
from mentoring.models import Assignment, Family
from parentpartner.dates import long_date
from parentpartner.models import ParentPartner, PartnerStatus, StatusChange


def _stop_flags(partner: Any) -> dict[str, Any]:
    """Expressions about the Parent Partner `partner` (an OuterRef) that the outer query can filter
    and read in the same round trip."""
    return {
        "stop_disqualified": Exists(Disqualifier.objects.filter(record__parent_partner=partner)),
        "stop_review": Exists(ReviewCase.objects.filter(parent_partner=partner).stopping_mentoring()),
        "stop_role_ended_on": Subquery(
            StatusChange.objects.filter(parent_partner=partner, to_status=PartnerStatus.INACTIVE)
            .order_by("-on", "-pk")
            .values("on")[:1]
        ),
    }


def urgent_assignments(assignments: QuerySet) -> QuerySet:
    """The current assignments of `assignments` (already scoped to the user) whose Parent Partner
    may no longer mentor, as a queryset: one query to list, or a count inside another query."""
    return (
        assignments.filter(ended_on__isnull=True)
        .annotate(**_stop_flags(OuterRef("parent_partner")))
        .filter(Q(parent_partner__status=PartnerStatus.INACTIVE) | Q(stop_disqualified=True) | Q(stop_review=True))
    )


def _stopping_cases(partner_ids: Iterable[int]) -> dict[int, list]:
    """The review cases that stop each person mentoring, newest first: one query for any number."""
    cases = defaultdict(list)
    rows = ReviewCase.objects.filter(parent_partner__in=partner_ids).stopping_mentoring().order_by("-opened_on", "-pk")
    for case in rows:
        cases[case.parent_partner_id].append(case)
    return cases


def plain_reason(
    *, status: str, disqualified: bool, role_ended_on: datetime.date | None, cases: list[ReviewCase]
) -> str | None:
    """Why this person may no longer mentor, for the screen; None when they may. The eligibility
    app's `mentoring_from` decides about the review cases (R-REV-4); a disqualifier (R-ELIG-2) comes
    first, then a review case, then a role ended without either."""
    if disqualified:
        return "An absolute disqualifier is recorded on the eligibility screening; no review can change this."
    answer = mentoring_from(None, cases)
    if not answer.allowed and answer.case is not None:
        case = answer.case
        if case.is_open:
            return f"An eligibility review opened on {long_date(case.opened_on)} stops mentoring while it is open."
        # A closed review case has its closing date (constraint eligibility_reviewcase_closed_iff_outcome).
        closed_on = case.closed_day
        if case.outcome == Outcome.NO_LONGER_ELIGIBLE:
            return (
                f"An eligibility review ended on {long_date(closed_on)}: no longer eligible for the role "
                "until a reinstatement is recorded."
            )
        return (
            f"An eligibility review ended on {long_date(closed_on)}: stop mentoring until a reinstatement is recorded."
        )
    if status == PartnerStatus.INACTIVE:
        return f"The role ended on {long_date(role_ended_on)}." if role_ended_on else "The role has ended."
    return None


@dataclass(frozen=True)
class UrgentReassignment:
    """A family whose Parent Partner may no longer mentor, with the reason in plain language."""

    assignment: Assignment
    reason: str

    @property
    def family(self) -> Family:
        return self.assignment.case.family

    @property
    def parent_partner(self) -> ParentPartner:
        return self.assignment.parent_partner

    @property
    def headline(self) -> str:
        return f"Reassign now: {self.parent_partner} may no longer mentor"


def urgent_reassignments(assignments: QuerySet) -> list[UrgentReassignment]:
    """R-REV-4, R-ELIG-2: the current families of `assignments` (scoped to the user: pass
    `Assignment.objects.filter(case__in=Case.objects.visible_to(user))`) whose Parent Partner may no
    longer mentor, each with its reason, by Parent Partner then family. Two queries whatever the
    number of rows (one when there is none): the rows with their flags, and the review cases."""
    rows = list(
        urgent_assignments(assignments)
        .select_related("parent_partner", "case__family__site")
        .order_by("parent_partner__last_name", "parent_partner__first_name", "parent_partner", "case__family", "pk")
    )
    if not rows:
        return []
    cases = _stopping_cases({row.parent_partner_id for row in rows})
    result = []
    for row in rows:
        reason = plain_reason(
            status=row.parent_partner.status,
            disqualified=row.stop_disqualified,
            role_ended_on=row.stop_role_ended_on,
            cases=cases[row.parent_partner_id],
        )
        if reason:
            result.append(UrgentReassignment(row, reason))
    return result


def stop_reason(partner: ParentPartner) -> str | None:
    """Why `partner` may no longer mentor now, in plain language; None when they may (R-REV-4,
    R-ELIG-2). One query when they may mentor, two when they may not."""
    flags = (
        ParentPartner.objects.filter(pk=partner.pk)
        .annotate(**_stop_flags(OuterRef("pk")))
        .values("status", "stop_disqualified", "stop_review", "stop_role_ended_on")
        .get()
    )
    if not (flags["status"] == PartnerStatus.INACTIVE or flags["stop_disqualified"] or flags["stop_review"]):
        return None
    return plain_reason(
        status=flags["status"],
        disqualified=flags["stop_disqualified"],
        role_ended_on=flags["stop_role_ended_on"],
        cases=_stopping_cases([partner.pk])[partner.pk] if flags["stop_review"] else [],
    )
