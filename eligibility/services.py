"""The rules of eligibility (R-ELIG-1, R-ELIG-2) and of review cases (protocol E, R-REV-1..4).

Two questions other apps ask:
- `eligibility_for(partner, role, today=None)`: is this person eligible for role X today, and if not,
  what is missing? Role progression and matching call it.
- `may_mentor(partner, today=None)`: may this person mentor now, and if not, why? Matching calls it.

Every change here runs in one transaction, locks the row it changes, checks the version the user
started from, and leaves a history row (parentpartner.audit).
"""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from eligibility.models import (
    STOPPING_OUTCOMES,
    CaseStep,
    CheckResult,
    Criterion,
    CriterionCheck,
    DhsReviewResult,
    Disqualifier,
    EligibilityRecord,
    Outcome,
    PlanItem,
    PlanItemKind,
    ReviewCase,
    ReviewTeamMember,
    ScreeningStatus,
    Step,
    TeamRole,
)
from parentpartner import audit, door
from parentpartner.dates import anniversary, long_date
from parentpartner.gates import Change, months_required
from parentpartner.models import HistoryEntry, LivedExperience, PartnerRole, PartnerStatus, PermanencyType

CONFLICT = "Someone else changed this case after you opened it. Reload the page, check what they did, and try again."
ROLE_ORDER = list(PartnerRole)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later; the 31st becomes the month's last day (parentpartner.dates)."""
    return anniversary(day, months=months)


def _d(day: datetime.date) -> str:
    return f"{day:%b} {day.day}, {day.year}"


# ---------------------------------------------------------------------------------------------------
# Eligibility


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
    def role_label(self):
        return PartnerRole(self.role).label


def substance_abuse_was_an_issue(partner, record) -> bool:
    """Either the screening says so or the person's lived experience includes it."""
    return bool(record and record.substance_abuse_issue) or LivedExperience.SUBSTANCE_ABUSE in (
        partner.lived_experience or []
    )


def loaded(record, name):
    """A record's checks or disqualifiers as loaded for a list page: the plain list prefetched with
    to_attr `page_<name>` (Prefetch(..., to_attr=...) builds no queryset per record: about a fifth of
    the screening list's time at scale, issue 9), else the related manager's prefetched rows."""
    rows = getattr(record, f"page_{name}", None)
    return rows if rows is not None else list(getattr(record, name).all())


def evaluate(partner, role, record, cases, today, *, waiting_periods=True) -> Eligibility:
    """R-ELIG-1, R-ELIG-2, R-ROLE-2, R-ROLE-3 and R-REV-4 c from rows already loaded: `record` with
    its `checks` and `disqualifiers` prefetched (or loaded as `page_checks`, `page_disqualifiers`; see
    `loaded`) (or None), `cases` the person's review cases that
    ended "no longer eligible" and are not reinstated. Reads no database rows of its own, so lists
    can evaluate many people in a fixed number of queries.

    Training (R-TRN), shadowing (R-ROLE-4), approvals (R-ROLE-5) and years as a Parent Partner
    (R-ROLE-6) are role progression's business, not criteria, and are not checked here. With
    `waiting_periods=False` the time since reunification is left to role progression's own gate
    (parentpartner.gates), which asks it of every role change."""
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
            f"{what} on {_d(partner.permanency_date)}: {months} months are needed for this role, "
            f"reached on {_d(permanency_ready)}."
        )
        waits_until.append(permanency_ready)
    if record is None:
        missing.append("No eligibility screening has been started.")
    else:
        substance_issue = substance_abuse_was_an_issue(partner, record)
        checks = {check.criterion: check for check in loaded(record, "checks")}
        for criterion in Criterion:
            if criterion == Criterion.SUBSTANCE_FREE and not substance_issue:
                continue
            check = checks.get(criterion)
            if check is None:
                missing.append(f"Not checked yet: {criterion.label}.")
            elif check.result != CheckResult.MET:
                missing.append(f"Not met (checked {_d(check.checked_on)}): {criterion.label}.")
        if substance_issue:
            since = record.substance_free_since
            if since is None:
                missing.append("Substance free since: no date recorded.")
            elif today < add_months(since, 12):
                missing.append(f"Substance free since {_d(since)}: one year is reached on {_d(add_months(since, 12))}.")
                waits_until.append(add_months(since, 12))
        if not record.dhs_review_result:
            missing.append("No DHS review recorded.")
        elif record.dhs_review_result == DhsReviewResult.CONCERNS:
            missing.append(f"The DHS review of {_d(record.dhs_reviewed_on)} found current or ongoing concerns.")
    for case in cases:
        # R-REV-4 c: no longer eligible for the role held then, and so for the roles above it.
        if ROLE_ORDER.index(role) >= ROLE_ORDER.index(case.partner_role):
            missing.append(
                f"A review found them no longer eligible as {case.get_partner_role_display()} "
                f"on {_d(case.closed_on)}; no reinstatement recorded."
            )
    only_waiting = len(missing) == len(waits_until)
    return Eligibility(
        role, not missing, missing, eligible_from=max(waits_until) if waits_until and only_waiting else None
    )


def _record_of(partner):
    return EligibilityRecord.objects.filter(parent_partner=partner).prefetch_related("checks", "disqualifiers").first()


def eligibility_for(partner, role, today=None, *, waiting_periods=True) -> Eligibility:
    """Is `partner` eligible for `role` (a PartnerRole value) on `today`, and if not, what is missing?
    R-ELIG-1 (criteria, dates counted against today), R-ELIG-2 (absolute disqualifiers), R-ROLE-2 and
    R-ROLE-3 (6 months / 1 year), R-REV-4 c (no longer eligible until reinstated). Four queries."""
    today = today or timezone.localdate()
    cases = ReviewCase.objects.filter(
        parent_partner=partner, outcome=Outcome.NO_LONGER_ELIGIBLE, reinstated_on__isnull=True
    )
    return evaluate(partner, role, _record_of(partner), list(cases), today, waiting_periods=waiting_periods)


@dataclass(frozen=True)
class MentoringPermission:
    """The answer of `may_mentor`."""

    allowed: bool
    reason: str
    case: ReviewCase | None = None


def mentoring_from(record, cases) -> MentoringPermission:
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
                f"Review case {case.pk}, opened on {_d(case.opened_on)}, is open and the coordinator "
                "has decided they may not mentor while it is open.",
                case,
            )
        if not case.is_open and case.awaits_reinstatement:
            return MentoringPermission(
                False,
                f"Review case {case.pk} ended on {_d(case.closed_on)}: {case.get_outcome_display().lower()}. "
                "They may mentor again once a reinstatement is recorded.",
                case,
            )
    return MentoringPermission(True, "No disqualifier and no review case stops them mentoring.")


def may_mentor(partner, today=None) -> MentoringPermission:
    """May `partner` mentor now, and if not, why? False with an absolute disqualifier (R-ELIG-2),
    while an open review case has the coordinator's "may not mentor while open" choice, and after an
    outcome that stops mentoring (R-REV-4 b, c) until a reinstatement is recorded. Eligibility for the
    role itself is `eligibility_for`'s question; matching asks both. Three queries. `today` is
    accepted for symmetry with `eligibility_for`; nothing here depends on the date yet."""
    cases = ReviewCase.objects.filter(parent_partner=partner).stopping_mentoring().order_by("-opened_on", "-pk")
    record = EligibilityRecord.objects.filter(parent_partner=partner).prefetch_related("disqualifiers").first()
    return mentoring_from(record, list(cases))


def who_may_mentor(partners):
    """The queryset form of `may_mentor`, for lists and choices: `partners` without anyone an absolute
    disqualifier (R-ELIG-2) or a review case that stops mentoring (R-REV-4 b, c, or the coordinator's
    choice while a case is open) keeps from mentoring now. Two subqueries, no query of its own."""
    stopped = ReviewCase.objects.stopping_mentoring().values("parent_partner")
    disqualified = Disqualifier.objects.values("record__parent_partner")
    return partners.exclude(pk__in=stopped).exclude(pk__in=disqualified)


# ---------------------------------------------------------------------------------------------------
# Screening


def _locked(model, obj, version):
    current = model.objects.select_for_update().get(pk=obj.pk)
    if version is not None and version != current.version:
        raise ValidationError(CONFLICT, code="conflict")
    return current


def _refuse_if_disqualified(record):
    if record.is_disqualified:
        raise ValidationError(
            f"The screening ended on {_d(record.ended_on)} with an absolute disqualifier (R-ELIG-2); "
            "nothing more can be recorded.",
            code="disqualified",
        )


@transaction.atomic
def start_screening(record: EligibilityRecord, *, user) -> EligibilityRecord:
    """A new screening for a Parent Partner (R-ELIG-1); substance abuse in their lived experience is
    carried over."""
    if EligibilityRecord.objects.filter(parent_partner=record.parent_partner).exists():
        raise ValidationError(f"{record.parent_partner} already has a screening.", code="exists")
    if LivedExperience.SUBSTANCE_ABUSE in (record.parent_partner.lived_experience or []):
        record.substance_abuse_issue = True
    record.created_by = user
    record.save()
    audit.record(user, record, HistoryEntry.Action.CREATE)
    return record


@transaction.atomic
def record_check(record, criterion, *, user, result, evidence, checked_on, version=None) -> CriterionCheck:
    """Record one R-ELIG-1 criterion's result with its evidence. `version` is the check's version the
    user started from (None for a first check)."""
    record = EligibilityRecord.objects.select_for_update().get(pk=record.pk)
    _refuse_if_disqualified(record)
    check = CriterionCheck.objects.select_for_update().filter(record=record, criterion=criterion).first()
    if check is None:
        if version:
            raise ValidationError(CONFLICT, code="conflict")
        check = CriterionCheck.objects.create(
            record=record, criterion=criterion, result=result, evidence=evidence, checked_on=checked_on, checked_by=user
        )
        audit.record(user, check, HistoryEntry.Action.CREATE)
        return check
    if version != check.version:
        raise ValidationError(CONFLICT, code="conflict")
    before = audit.snapshot(check)
    check.result, check.evidence, check.checked_on, check.checked_by = result, evidence, checked_on, user
    check.version += 1
    check.save()
    audit.record(user, check, HistoryEntry.Action.UPDATE, before)
    return check


@transaction.atomic
def record_disqualifier(record, *, user, kind, evidence, found_on) -> Disqualifier:
    """R-ELIG-2: an absolute disqualifier ends the screening; the person is ineligible for every role
    and may not mentor, whatever else is entered."""
    record = EligibilityRecord.objects.select_for_update().get(pk=record.pk)
    if record.disqualifiers.filter(kind=kind).exists():
        raise ValidationError({"kind": "This disqualifier is already recorded."})
    disqualifier = Disqualifier.objects.create(
        record=record, kind=kind, evidence=evidence, found_on=found_on, recorded_by=user
    )
    audit.record(user, disqualifier, HistoryEntry.Action.CREATE)
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
        record.version += 1
        record.save()
        audit.record(user, record, HistoryEntry.Action.UPDATE, before)
    return disqualifier


# ---------------------------------------------------------------------------------------------------
# Review cases


@transaction.atomic
def open_case(case: ReviewCase, *, user) -> ReviewCase:
    """R-REV-1: a coordinator opens a case about a Parent Partner of any role, only if the person
    wishes to continue in the role; one open case per person."""
    if not case.wishes_to_continue:
        raise ValidationError(
            {"wishes_to_continue": "Protocol E is only for those who wish to continue in the role (R-REV-1)."}
        )
    partner = type(case.parent_partner).objects.select_for_update().get(pk=case.parent_partner_id)
    if ReviewCase.objects.open().filter(parent_partner=partner).exists():
        raise ValidationError(f"{partner} already has an open review case: add the concern to it.", code="exists")
    case.partner_role = partner.current_role
    case.opened_by = user
    case.step = Step.OPENED
    case.save()
    CaseStep.objects.create(
        case=case, action="Case opened", step=Step.OPENED, held_on=case.opened_on, notes=case.concern, recorded_by=user
    )
    audit.record(user, case, HistoryEntry.Action.CREATE)
    return case


@dataclass(frozen=True)
class Transition:
    """One step of R-REV-2..4: from which steps it may be taken, where each result leads, and who."""

    slug: str
    label: str
    from_steps: tuple
    # result -> (next step, outcome when it closes the case)
    results: dict
    permission: str
    needs_meeting_date: bool = False


def _closes(outcome):
    return (Step.CLOSED, outcome)


TRANSITIONS = {
    t.slug: t
    for t in [
        Transition(
            "validity-meeting",
            "Record the validity meeting (coordinator, service area coordinator and the Parent Partner)",
            (Step.OPENED,),
            {
                "valid": (Step.VALIDITY_CONFIRMED, ""),
                Outcome.NOT_VALID.value: _closes(Outcome.NOT_VALID),
            },
            "review_case.local_step",
        ),
        Transition(
            "discussion",
            "Record the discussion with the clinician",
            (Step.VALIDITY_CONFIRMED,),
            {
                Outcome.RESOLVED.value: _closes(Outcome.RESOLVED),
                "unresolved": (Step.STATEWIDE_NOTIFIED, ""),
            },
            "review_case.local_step",
        ),
        Transition(
            "recommendation",
            "Record the statewide coordinator's review and recommendation to the management team",
            (Step.STATEWIDE_NOTIFIED,),
            {"recommended": (Step.RECOMMENDED, "")},
            "review_case.statewide_step",
        ),
        Transition(
            "management-approval",
            "Record the management team's approval",
            (Step.RECOMMENDED,),
            {"approved": (Step.MANAGEMENT_APPROVED, "")},
            "review_case.statewide_step",
        ),
        Transition(
            "review-team",
            "Record that the review team is formed",
            (Step.MANAGEMENT_APPROVED,),
            {"formed": (Step.TEAM_FORMED, "")},
            "review_case.statewide_step",
        ),
        Transition(
            "meeting",
            "Schedule the review team meeting",
            (Step.TEAM_FORMED,),
            {"scheduled": (Step.MEETING_SCHEDULED, "")},
            "review_case.statewide_step",
            needs_meeting_date=True,
        ),
        Transition(
            "plan",
            "Record that the behavioural plan is agreed",
            (Step.MEETING_SCHEDULED,),
            {"agreed": (Step.PLAN_AGREED, "")},
            "review_case.statewide_step",
        ),
        Transition(
            "outcome",
            "Record the outcome",
            (Step.PLAN_AGREED,),
            {o.value: _closes(o) for o in (Outcome.OVERSIGHT, Outcome.STOP_MENTORING, Outcome.NO_LONGER_ELIGIBLE)},
            "review_case.statewide_step",
        ),
        Transition(
            "withdrawal",
            "Close: the Parent Partner no longer wishes to continue",
            tuple(step for step in Step if step != Step.CLOSED),
            {Outcome.WITHDRAWN.value: _closes(Outcome.WITHDRAWN)},
            "review_case.withdraw",
        ),
        Transition(
            "reinstatement",
            "Record the reinstatement",
            (Step.CLOSED,),
            {"reinstated": (Step.CLOSED, None)},
            "review_case.statewide_step",
        ),
    ]
}

RESULT_LABELS = {
    "valid": "The concern is valid enough to continue with the protocol",
    "unresolved": "Eligibility is affected or the issue is unresolved: notify the statewide coordinator",
    **{o.value: o.label for o in Outcome},
}

# What to do next at each step, for the message that refuses a skipped step.
NEXT_ACTION = {
    Step.OPENED: "validity-meeting",
    Step.VALIDITY_CONFIRMED: "discussion",
    Step.STATEWIDE_NOTIFIED: "recommendation",
    Step.RECOMMENDED: "management-approval",
    Step.MANAGEMENT_APPROVED: "review-team",
    Step.TEAM_FORMED: "meeting",
    Step.MEETING_SCHEDULED: "plan",
    Step.PLAN_AGREED: "outcome",
}


def available_transitions(case) -> list[Transition]:
    """The transitions that the case's step allows (R-REV-2), whoever takes them."""
    return [t for t in TRANSITIONS.values() if refusal(case, t) is None]


def refusal(case, transition) -> str | None:
    """Why `transition` cannot be taken from the case's step, or None. R-REV-2: no step is skipped."""
    if transition.slug == "reinstatement":
        if not case.awaits_reinstatement:
            return "Only a case that ended with an outcome that stops mentoring can be followed by a reinstatement."
        return None
    if case.step in transition.from_steps:
        return None
    if not case.is_open:
        return f"This case closed on {_d(case.closed_on)} ({case.get_outcome_display().lower()}); no further step."
    following = TRANSITIONS[NEXT_ACTION[case.step]].label
    return f"Not possible yet: the case is at “{case.get_step_display()}”. The next step is: {following}."


def _team_gaps(case) -> list[str]:
    """R-REV-3: the statewide coordinator or appointee and a content expert, plus a DHS representative
    when a DHS assessment is involved. (The Parent Partner is always a member.)"""
    present = set(case.team.values_list("team_role", flat=True))
    needed = [TeamRole.STATEWIDE, TeamRole.CONTENT_EXPERT] + ([TeamRole.DHS] if case.dhs_assessment_involved else [])
    return [role.label for role in needed if role not in present]


def _plan_gaps(case) -> list[str]:
    """R-REV-2: the plan has time frames and assigned responsibilities (every item has a due date and
    someone responsible), behavioural changes and crisis planning."""
    kinds = set(case.plan_items.values_list("kind", flat=True))
    return [kind.label for kind in (PlanItemKind.BEHAVIOURAL_CHANGE, PlanItemKind.CRISIS_PLAN) if kind not in kinds]


@transaction.atomic
def advance(case, slug, *, user, result, held_on, notes, version=None, meeting_on=None) -> ReviewCase:
    """Take one step of protocol E (R-REV-2..4) and record who, when and notes. A skipped step, a
    result the step does not have, a team or plan that is not complete, or a stale form is refused
    with a ValidationError that the page shows."""
    transition = TRANSITIONS[slug]
    case = _locked(ReviewCase, case, version)
    reason = refusal(case, transition)
    if reason:
        raise ValidationError(reason, code="step")
    if result not in transition.results:
        raise ValidationError({"result": "Choose one of the results offered."})
    if slug == "review-team" and (gaps := _team_gaps(case)):
        raise ValidationError(f"The review team still needs: {', '.join(gaps)} (R-REV-3).", code="team")
    if slug == "plan" and (gaps := _plan_gaps(case)):
        raise ValidationError(
            f"The behavioural plan still needs an item for: {', '.join(gaps)} (R-REV-2).", code="plan"
        )
    if transition.needs_meeting_date and meeting_on is None:
        raise ValidationError({"meeting_on": "Enter the date of the meeting."})
    _check_dates(case, held_on=held_on, meeting_on=meeting_on)
    if slug == "reinstatement":
        _check_reinstatement(case, held_on)
    before = audit.snapshot(case)
    step, outcome = transition.results[result]
    case.step = step
    if outcome:
        case.outcome = outcome
        case.closed_on = held_on
    if meeting_on:
        case.meeting_on = meeting_on
    if slug == "reinstatement":
        case.reinstated_on, case.reinstated_by = held_on, user
    case.version += 1
    case.save()
    CaseStep.objects.create(
        case=case,
        action=transition.label,
        step=step,
        outcome=outcome or "",
        held_on=held_on,
        notes=notes,
        recorded_by=user,
    )
    audit.record(user, case, HistoryEntry.Action.UPDATE, before)
    _take_effect(case, slug, outcome, user)
    return case


def _take_effect(case, slug, outcome, user):
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


def _check_dates(case, *, held_on, meeting_on=None):
    """R-REV-2: the steps of a case follow its opening; none is dated before the case was opened."""
    opened = long_date(case.opened_on)
    errors = {}
    if held_on < case.opened_on:
        errors["held_on"] = f"A step cannot be dated before the case was opened on {opened}."
    if meeting_on is not None and meeting_on < case.opened_on:
        errors["meeting_on"] = f"The review team meeting cannot be before the case was opened on {opened}."
    if errors:
        raise ValidationError(errors)


def _check_reinstatement(case, held_on):
    """R-ELIG-2: no reinstatement past a disqualifier. R-REV-4 c: after "no longer eligible", only once
    the criteria for the role are met again."""
    if held_on < case.closed_on:
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
def set_mentoring_while_open(case, *, user, may_mentor_while_open, notes, version=None) -> ReviewCase:
    """The coordinator's choice, while a case is open, whether the person may keep mentoring."""
    case = _locked(ReviewCase, case, version)
    if not case.is_open:
        raise ValidationError("The case is closed; its outcome decides whether they may mentor.", code="closed")
    before = audit.snapshot(case)
    case.may_mentor_while_open = may_mentor_while_open
    case.version += 1
    case.save()
    CaseStep.objects.create(
        case=case,
        action="May keep mentoring while open" if may_mentor_while_open else "May not mentor while open",
        step=case.step,
        held_on=timezone.localdate(),
        notes=notes,
        recorded_by=user,
    )
    audit.record(user, case, HistoryEntry.Action.UPDATE, before)
    return case


TEAM_STEPS = (Step.RECOMMENDED, Step.MANAGEMENT_APPROVED, Step.TEAM_FORMED, Step.MEETING_SCHEDULED, Step.PLAN_AGREED)


@transaction.atomic
def add_team_member(member: ReviewTeamMember, *, user) -> ReviewTeamMember:
    """R-REV-3: members are named once management has the recommendation, until the outcome."""
    case = ReviewCase.objects.select_for_update().get(pk=member.case_id)
    if case.step not in TEAM_STEPS:
        raise ValidationError(
            "Review team members are added after the recommendation to the management team and before the outcome.",
            code="step",
        )
    member.added_by = user
    member.save()
    audit.record(user, member, HistoryEntry.Action.CREATE)
    return member


def plan_is_open(case) -> bool:
    """The plan is made at the review team meeting and kept while the case is open, and after an
    outcome for oversight or with a plan to resume or be reinstated (R-REV-4), until reinstatement."""
    if case.meeting_on is None:
        return False
    if case.is_open:
        return True
    return case.outcome in (Outcome.OVERSIGHT, *STOPPING_OUTCOMES) and case.reinstated_on is None


@transaction.atomic
def add_plan_item(item: PlanItem, *, user) -> PlanItem:
    case = ReviewCase.objects.select_for_update().get(pk=item.case_id)
    if not plan_is_open(case):
        raise ValidationError(
            "Plan items are added once the review team meeting is scheduled, and while the plan is followed.",
            code="step",
        )
    item.created_by = user
    item.save()
    audit.record(user, item, HistoryEntry.Action.CREATE)
    return item
