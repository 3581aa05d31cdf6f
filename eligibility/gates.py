"""The eligibility app's gate on every change of a Parent Partner's role or standing (registered in
`EligibilityConfig.ready()`; asked by `parentpartner.services.door`): the criteria (R-ELIG-1), the absolute
disqualifiers (R-ELIG-2), an open review case and the outcomes in force (R-REV-4)."""

import datetime
from collections import defaultdict
from collections.abc import Sequence
from typing import cast

from eligibility.models import EligibilityRecord, Outcome, ReviewCase
from eligibility.services.screening import eligibility_for, evaluate, record_of
from parentpartner.dates import long_date
from parentpartner.models import ParentPartner, PartnerRole
from parentpartner.services.gates import Change, Requirement


def gate(partner: ParentPartner, change: Change, today: datetime.date) -> list[Requirement]:
    if partner.pk is None or not change.is_approval:
        return []
    if change == Change.REINSTATE:
        return _reinstatement(partner, today)
    cases = list(ReviewCase.objects.filter(parent_partner=partner).order_by("-opened_on", "-pk"))
    return _from_rows(partner, change, today, record_of(partner), cases)


def many(partners: Sequence[ParentPartner], change: Change, today: datetime.date) -> dict[int, list[Requirement]]:
    """`gate` for a list of people, in four queries whatever its length."""
    if not change.is_approval or change == Change.REINSTATE:
        return {p.pk: gate(p, change, today) for p in partners}
    ids = [p.pk for p in partners]
    cases = defaultdict(list)
    for case in ReviewCase.objects.filter(parent_partner__in=ids).order_by("-opened_on", "-pk"):
        cases[case.parent_partner_id].append(case)
    records = {
        r.parent_partner_id: r
        for r in EligibilityRecord.objects.filter(parent_partner__in=ids).prefetch_related("checks", "disqualifiers")
    }
    return {p.pk: _from_rows(p, change, today, records.get(p.pk), cases[p.pk]) for p in partners}


def _from_rows(
    partner: ParentPartner,
    change: Change,
    today: datetime.date,
    record: EligibilityRecord | None,
    cases: Sequence[ReviewCase],
) -> list[Requirement]:
    no_longer = [
        c for c in cases if c.outcome == Outcome.NO_LONGER_ELIGIBLE and c.reinstated_on is None and not c.is_open
    ]
    # Only the approvals that lead to a role come here (`gate` and `many` send REINSTATE elsewhere).
    role = cast(PartnerRole, change.role)
    answer = evaluate(partner, role, record, no_longer, today, waiting_periods=False)
    found = [
        Requirement(
            "Eligibility" + (" (absolute disqualifier)" if answer.disqualified else ""),
            answer.eligible,
            answer.missing,
            rule="R-ELIG-1, R-ELIG-2, R-REV-4",
        )
    ]
    if answer.disqualified:
        return found
    open_cases = [case for case in cases if case.is_open]
    found.append(
        Requirement(
            "No eligibility review in progress",
            not open_cases,
            [
                f"A review opened on {long_date(c.opened_on)} is in progress; approvals wait for its outcome."
                for c in open_cases
            ],
            rule="R-REV-1, R-REV-4",
        )
    )
    stopped = [
        case
        for case in cases
        if not case.is_open and case.outcome == Outcome.STOP_MENTORING and case.reinstated_on is None
    ]
    found.append(
        Requirement(
            "Not stopped from mentoring by a review",
            not stopped,
            [
                f"A review ended on {long_date(c.closed_day)}: they may not mentor until a reinstatement is recorded."
                for c in stopped
            ],
            rule="R-REV-4",
        )
    )
    return found


def _reinstatement(partner: ParentPartner, today: datetime.date) -> list[Requirement]:
    """R-ELIG-2: no reinstatement past a disqualifier. R-REV-4 c: after "no longer eligible", the
    reinstatement is recorded on the review case, once the criteria are met again."""
    answer = eligibility_for(partner, partner.current_role, today, waiting_periods=False)
    reasons = [m for m in answer.missing if answer.disqualified or "no longer eligible" in m]
    if reasons and not answer.disqualified:
        reasons.append("The reinstatement is recorded on the review case, once the criteria are met again.")
    return [Requirement("Eligibility findings", not reasons, reasons, rule="R-ELIG-2, R-REV-4")]
