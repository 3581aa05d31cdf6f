"""May this person mentor now (R-ELIG-2, R-REV-4)? The question matching and reassignments ask, for
one person (`may_mentor`), for rows already loaded (`mentoring_from`) and for a queryset of people
(`who_may_mentor`)."""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from eligibility.models import Disqualifier, EligibilityRecord, ReviewCase
from parentpartner.dates import long_date
from parentpartner.models import ParentPartner


@dataclass(frozen=True)
class MentoringPermission:
    """The answer of `may_mentor`."""

    allowed: bool
    reason: str
    case: ReviewCase | None = None


def mentoring_from(record: EligibilityRecord | None, cases: Sequence[ReviewCase]) -> MentoringPermission:
    """R-ELIG-2, R-REV-4 b and c, and the coordinator's choice while a case is open, from rows already
    loaded: `cases` are the person's cases that stop mentoring (ReviewCase.objects.stopping_mentoring)."""
    disqualifiers = list(record.disqualifiers.all()) if record else []
    if disqualifiers:
        return MentoringPermission(
            False, f"Disqualified: {disqualifiers[0].get_kind_display().lower()} (R-ELIG-2). No review can change this."
        )
    for case in cases:
        if case.is_open and not case.may_mentor_while_open:
            return MentoringPermission(
                False,
                f"Review case {case.pk}, opened on {long_date(case.opened_on)}, is open and the coordinator "
                "has decided they may not mentor while it is open.",
                case,
            )
        if not case.is_open and case.awaits_reinstatement:
            return MentoringPermission(
                False,
                f"Review case {case.pk} ended on {long_date(case.closed_day)}: {case.get_outcome_display().lower()}. "
                "They may mentor again once a reinstatement is recorded.",
                case,
            )
    return MentoringPermission(True, "No disqualifier and no review case stops them mentoring.")


def may_mentor(partner: ParentPartner, today: datetime.date | None = None) -> MentoringPermission:
    """May `partner` mentor now, and if not, why? False with an absolute disqualifier (R-ELIG-2),
    while an open review case has the coordinator's "may not mentor while open" choice, and after an
    outcome that stops mentoring (R-REV-4 b, c) until a reinstatement is recorded. Eligibility for the
    role itself is `eligibility_for`'s question; matching asks both. Three queries. `today` is
    accepted for symmetry with `eligibility_for`; nothing here depends on the date yet."""
    cases = ReviewCase.objects.filter(parent_partner=partner).stopping_mentoring().order_by("-opened_on", "-pk")
    record = EligibilityRecord.objects.filter(parent_partner=partner).prefetch_related("disqualifiers").first()
    return mentoring_from(record, list(cases))


def who_may_mentor(partners: QuerySet[Any]) -> QuerySet[Any]:
    """The queryset form of `may_mentor`, for lists and choices: `partners` without anyone an absolute
    disqualifier (R-ELIG-2) or a review case that stops mentoring (R-REV-4 b, c, or the coordinator's
    choice while a case is open) keeps from mentoring now. Two subqueries, no query of its own."""
    stopped = ReviewCase.objects.stopping_mentoring().values("parent_partner")
    disqualified = Disqualifier.objects.values("record__parent_partner")
    return partners.exclude(pk__in=stopped).exclude(pk__in=disqualified)
