"""Eligibility screening (R-ELIG-1, R-ELIG-2): starting a screening, recording each criterion's check,
an absolute disqualifier, and the answer other apps ask for: is this person eligible for a role today,
and if not, what is missing (`eligibility_for`)?

Every change runs in one transaction, locks the row it changes, checks the version the user started
from and leaves a history row, through `parentpartner.records`.
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from eligibility.models import (
    CheckResult,
    Criterion,
    CriterionCheck,
    DhsReviewResult,
    Disqualifier,
    EligibilityRecord,
    ReviewCase,
    ScreeningStatus,
)
from parentpartner import audit, records
from parentpartner.dates import anniversary, long_date
from parentpartner.models import LivedExperience, ParentPartner, PartnerRole, PermanencyType
from parentpartner.services import door
from parentpartner.services.gates import Change, months_required

ROLE_ORDER: list[str] = list(PartnerRole)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later; the 31st becomes the month's last day (parentpartner.dates)."""
    return anniversary(day, months=months)


# ---------------------------------------------------------------------------------------------------
# Eligibility for a role


@dataclass(frozen=True)
class Eligibility:
    """The answer of `eligibility_for`: `eligible`, and what is `missing` in words a coordinator reads."""

    role: str
    eligible: bool
    missing: list[str] = field(default_factory=list)
    disqualified: bool = False
    # The day the waiting periods end, when a date rule is among what is missing.
    eligible_from: datetime.date | None = None

    @property
    def role_label(self) -> str:
        return PartnerRole(self.role).label


def substance_abuse_was_an_issue(partner: ParentPartner, record: EligibilityRecord | None) -> bool:
    """Either the screening says so or the person's lived experience includes it."""
    return bool(record and record.substance_abuse_issue) or LivedExperience.SUBSTANCE_ABUSE in (
        partner.lived_experience or []
    )


def loaded(record: EligibilityRecord, name: str) -> list[Any]:
    """A record's checks or disqualifiers as loaded for a list page: the plain list prefetched with
    to_attr `page_<name>` (Prefetch(..., to_attr=...) builds no queryset per record: about a fifth of
    the screening list's time at scale, issue 9), else the related manager's prefetched rows."""
    rows = getattr(record, f"page_{name}", None)
    return rows if rows is not None else list(getattr(record, name).all())


def evaluate(
    partner: ParentPartner,
    role: str,
    record: EligibilityRecord | None,
    cases: Sequence[ReviewCase],
    today: datetime.date,
    *,
    waiting_periods: bool = True,
) -> Eligibility:
    """R-ELIG-1, R-ELIG-2, R-ROLE-2, R-ROLE-3 and R-REV-4 c from rows already loaded: `record` with
    its `checks` and `disqualifiers` prefetched (or loaded as `page_checks`, `page_disqualifiers`; see
    `loaded`) (or None), `cases` the person's review cases that
    ended "no longer eligible" and are not reinstated. Reads no database rows of its own, so lists
    can evaluate many people in a fixed number of queries.

    Training (R-TRN), shadowing (R-ROLE-4), approvals (R-ROLE-5) and years as a Parent Partner
    (R-ROLE-6) are role progression's business, not criteria, and are not checked here. With
    `waiting_periods=False` the time since reunification is left to role progression's own gate
    (parentpartner.services.gates), which asks it of every role change."""
    role = PartnerRole(role)
    disqualifiers = loaded(record, "disqualifiers") if record else []
    if disqualifiers:
        # R-ELIG-2: absolute; whatever else is entered, nothing else is worth listing.
        reasons = [f"Disqualified: {d.get_kind_display().lower()} (R-ELIG-2)." for d in disqualifiers]
        return Eligibility(role, False, reasons, disqualified=True)
    missing = []
    waits_until = []
    months = months_required(partner.permanency_type, role)
    permanency_ready = add_months(partner.permanency_date, months)
    if waiting_periods and today < permanency_ready:
        what = "Reunified" if partner.permanency_type == PermanencyType.REUNIFIED else "Permanency resolved"
        missing.append(
            f"{what} on {long_date(partner.permanency_date)}: {months} months are needed for this role, "
            f"reached on {long_date(permanency_ready)}."
        )
        waits_until.append(permanency_ready)
    if record is None:
        missing.append("No eligibility screening has been started.")
    else:
        missing += _screening_gaps(partner, record, today, waits_until)
    for case in cases:
        # R-REV-4 c: no longer eligible for the role held then, and so for the roles above it.
        if ROLE_ORDER.index(role) >= ROLE_ORDER.index(case.partner_role):
            missing.append(
                f"A review found them no longer eligible as {case.get_partner_role_display()} "
                f"on {long_date(case.closed_day)}; no reinstatement recorded."
            )
    only_waiting = len(missing) == len(waits_until)
    return Eligibility(
        role, not missing, missing, eligible_from=max(waits_until) if waits_until and only_waiting else None
    )


def _screening_gaps(
    partner: ParentPartner, record: EligibilityRecord, today: datetime.date, waits_until: list[datetime.date]
) -> list[str]:
    """What the screening still lacks (R-ELIG-1): each criterion checked and met, a year substance
    free where substance abuse was an issue (its day added to `waits_until`), a DHS review without
    concerns."""
    missing = []
    substance_issue = substance_abuse_was_an_issue(partner, record)
    checks = {check.criterion: check for check in loaded(record, "checks")}
    for criterion in Criterion:
        if criterion == Criterion.SUBSTANCE_FREE and not substance_issue:
            continue
        check = checks.get(criterion)
        if check is None:
            missing.append(f"Not checked yet: {criterion.label}.")
        elif check.result != CheckResult.MET:
            missing.append(f"Not met (checked {long_date(check.checked_on)}): {criterion.label}.")
    if substance_issue:
        since = record.substance_free_since
        if since is None:
            missing.append("Substance free since: no date recorded.")
        elif today < add_months(since, 12):
            year = add_months(since, 12)
            missing.append(f"Substance free since {long_date(since)}: one year is reached on {long_date(year)}.")
            waits_until.append(year)
    if not record.dhs_review_result:
        missing.append("No DHS review recorded.")
    elif record.dhs_review_result == DhsReviewResult.CONCERNS:
        # A DHS result has its date: check constraint eligibility_eligibilityrecord_dhs_result_has_date.
        reviewed_on = cast(datetime.date, record.dhs_reviewed_on)
        missing.append(f"The DHS review of {long_date(reviewed_on)} found current or ongoing concerns.")
    return missing


def record_of(partner: ParentPartner) -> EligibilityRecord | None:
    """The person's screening with its checks and disqualifiers (three queries), or None."""
    return EligibilityRecord.objects.filter(parent_partner=partner).prefetch_related("checks", "disqualifiers").first()


def eligibility_for(
    partner: ParentPartner, role: str, today: datetime.date | None = None, *, waiting_periods: bool = True
) -> Eligibility:
    """Is `partner` eligible for `role` (a PartnerRole value) on `today`, and if not, what is missing?
    R-ELIG-1 (criteria, dates counted against today), R-ELIG-2 (absolute disqualifiers), R-ROLE-2 and
    R-ROLE-3 (6 months / 1 year), R-REV-4 c (no longer eligible until reinstated). Four queries."""
    today = today or timezone.localdate()
    cases = ReviewCase.objects.filter(parent_partner=partner).no_longer_eligible()
    return evaluate(partner, role, record_of(partner), list(cases), today, waiting_periods=waiting_periods)


# ---------------------------------------------------------------------------------------------------
# Recording the screening


def _refuse_if_disqualified(record: EligibilityRecord) -> None:
    if record.is_disqualified:
        # A disqualified screening has ended: check constraint eligibility_eligibilityrecord_disqualified_has_end.
        ended_on = cast(datetime.date, record.ended_on)
        raise ValidationError(
            f"The screening ended on {long_date(ended_on)} with an absolute disqualifier (R-ELIG-2); "
            "nothing more can be recorded.",
            code="disqualified",
        )


@transaction.atomic
def start_screening(record: EligibilityRecord, *, user: Any) -> EligibilityRecord:
    """A new screening for a Parent Partner (R-ELIG-1); substance abuse in their lived experience is
    carried over."""
    if EligibilityRecord.objects.filter(parent_partner=record.parent_partner).exists():
        raise ValidationError(f"{record.parent_partner} already has a screening.", code="exists")
    if LivedExperience.SUBSTANCE_ABUSE in (record.parent_partner.lived_experience or []):
        record.substance_abuse_issue = True
    record.created_by = user
    return records.create(record, user=user)


@transaction.atomic
def record_check(
    record: EligibilityRecord,
    criterion: str,
    *,
    user: Any,
    result: str,
    evidence: str,
    checked_on: datetime.date,
    version: Any = None,
) -> CriterionCheck:
    """Record one R-ELIG-1 criterion's result with its evidence. `version` is the check's version the
    user started from (None for a first check)."""
    record = records.locked(record, what="screening")
    _refuse_if_disqualified(record)
    check = CriterionCheck.objects.select_for_update().filter(record=record, criterion=criterion).first()
    if check is None:
        if version:
            # A version to compare, but no check to compare it with: not the row the form was opened on.
            raise records.Conflict("check")
        return records.create(
            CriterionCheck(
                record=record,
                criterion=criterion,
                result=result,
                evidence=evidence,
                checked_on=checked_on,
                checked_by=user,
            ),
            user=user,
        )
    # An existing check re-checked without the version it was read at is as stale as an old version.
    with records.edit(check, user=user, version=-1 if version is None else version, what="check") as check:
        check.result, check.evidence, check.checked_on, check.checked_by = result, evidence, checked_on, user
    return check


@transaction.atomic
def record_disqualifier(
    record: EligibilityRecord, *, user: Any, kind: str, evidence: str, found_on: datetime.date
) -> Disqualifier:
    """R-ELIG-2: an absolute disqualifier ends the screening; the person is ineligible for every role
    and may not mentor, whatever else is entered."""
    record = records.locked(record, what="screening")
    if record.disqualifiers.filter(kind=kind).exists():
        raise ValidationError({"kind": "This disqualifier is already recorded."})
    disqualifier = records.create(
        Disqualifier(record=record, kind=kind, evidence=evidence, found_on=found_on, recorded_by=user), user=user
    )
    # The finding takes effect at once: the role ends, kept in the history (R-ELIG-2).
    door.change_standing(
        record.parent_partner,
        Change.END_BY_DISQUALIFIER,
        user=user,
        reason=f"Absolute disqualifier recorded: {disqualifier.get_kind_display().lower()}.",
    )
    if not record.is_disqualified:
        before = audit.snapshot(record)
        record.status = ScreeningStatus.DISQUALIFIED
        record.ended_on = timezone.localdate()
        records.save(record, user=user, before=before)
    return disqualifier
