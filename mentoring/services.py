"""Mentoring rules: referrals (R-FAM-1, R-FAM-8), matching and assignment (R-FAM-2..4), closing
(R-FAM-5) and the monthly activity form's life (R-FAM-7)."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max, Min, Q
from django.utils import timezone

from mentoring.models import (
    Assignment,
    Case,
    CaseOutcome,
    CaseStatus,
    Conflict,
    Contact,
    EndReason,
    FormStatus,
    Placement,
    ReferralSource,
    StateHoliday,
)
from mentoring.models.cases import (  # noqa: F401  (the CSC cap is read from here by reporting)
    CSC_CAPACITY_PER_AREA,
    csc_capacity_problem,
    csc_families_active_in_area,
)
from mentoring.workdays import add_working_days
from parentpartner import audit
from parentpartner.dates import long_date
from parentpartner.models import HistoryEntry, LivedExperience, ParentPartner, PartnerStatus

FIRST_CONTACT_WORKING_DAYS = 2


# --- referrals -------------------------------------------------------------------------------


def referral_problems(case: Case, children) -> dict[str, str]:
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
def open_case(case: Case, children, *, user) -> Case:
    """Open a referral after checking it (R-FAM-1, R-FAM-8). The area is locked while counting so two
    coordinators cannot both take the 50th CSC slot (mentoring.models.cases.csc_capacity_problem, which
    `Case.save` asks again on every other path)."""
    problems = referral_problems(case, children)
    if problems:
        raise ValidationError(problems)
    case.created_by = user
    case.status = CaseStatus.AWAITING_ASSIGNMENT
    case.save()
    audit.record(user, case, HistoryEntry.Action.CREATE)
    return case


# --- matching --------------------------------------------------------------------------------


@dataclass
class Candidate:
    partner: ParentPartner
    score: int = 0
    reasons: list[str] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)

    @property
    def eligible(self):
        return not self.excluded


def review_answers(partners) -> dict:
    """`eligibility.services.may_mentor` for many people in three queries instead of three each:
    id -> its answer, built by the eligibility app's own `mentoring_from`."""
    from eligibility.models import EligibilityRecord, ReviewCase
    from eligibility.services import mentoring_from

    ids = [partner.pk for partner in partners]
    cases = defaultdict(list)
    stopping = ReviewCase.objects.filter(parent_partner__in=ids).stopping_mentoring().order_by("-opened_on", "-pk")
    for review in stopping:
        cases[review.parent_partner_id].append(review)
    records = {
        record.parent_partner_id: record
        for record in EligibilityRecord.objects.filter(parent_partner__in=ids).prefetch_related("disqualifiers")
    }
    return {pk: mentoring_from(records.get(pk), cases[pk]) for pk in ids}


def candidates(case: Case, user) -> list[Candidate]:
    """Parent Partners for this family, best match first, each with the reasons for its rank, and the
    ones who may not take it with the reason (R-FAM-2): the training gate, an eligibility review that
    stops mentoring, a declared conflict. Ranked by shared lived experience, noncustodial parenting,
    language, county and current caseload."""
    from training.models import Training

    family = case.family
    required_before = Training.objects.filter(is_active=True, required_before_mentoring=True).count()
    partners = list(
        ParentPartner.objects.visible_to(user)
        .filter(site__service_area_id=family.site.service_area_id)
        .exclude(status=PartnerStatus.INACTIVE)
        .select_related("site", "county")
        .annotate(
            caseload=Count("assignments", filter=Q(assignments__ended_on__isnull=True), distinct=True),
            pre_mentoring_done=Count(
                "training_completions",
                filter=Q(
                    training_completions__training__is_active=True,
                    training_completions__training__required_before_mentoring=True,
                ),
                distinct=True,
            ),
        )
        .order_by("last_name", "first_name")
    )
    conflicts = dict(Conflict.objects.filter(family=family).values_list("parent_partner", "reason"))
    stops = {pk: answer.reason for pk, answer in review_answers(partners).items() if not answer.allowed}
    labels = dict(LivedExperience.choices)
    result = []
    for partner in partners:
        candidate = Candidate(partner)
        candidate.excluded = _gate_reasons(partner, required_before)
        if partner.pk in stops:
            candidate.excluded.append(f"Eligibility review: {stops[partner.pk]}")
        if partner.pk in conflicts:
            candidate.excluded.append("Declared a conflict with this family.")
        shared = [code for code in family.needs if code in partner.lived_experience]
        if shared:
            candidate.score += 3 * len(shared)
            candidate.reasons.append("Shared experience: " + ", ".join(labels[c] for c in shared))
        if family.noncustodial_parent and LivedExperience.NONCUSTODIAL_PARENTING in partner.lived_experience:
            candidate.score += 2
            candidate.reasons.append("Has been a noncustodial parent")
        if family.language in partner.languages:
            candidate.score += 2 if family.language != "en" else 0
            if family.language != "en":
                candidate.reasons.append(f"Speaks {family.get_language_display()}")
        elif family.language:
            candidate.score -= 4
            candidate.reasons.append(f"Does not speak {family.get_language_display()}")
        if partner.county_id == family.county_id:
            candidate.score += 2
            candidate.reasons.append(f"Lives in {family.county.name} County")
        elif partner.site_id == family.site_id:
            candidate.score += 1
            candidate.reasons.append("Same site")
        candidate.score -= partner.caseload
        candidate.reasons.append(f"{partner.caseload} current famil{'y' if partner.caseload == 1 else 'ies'}")
        result.append(candidate)
    return sorted(result, key=lambda c: (not c.eligible, -c.score, c.partner.last_name))


def _gate_reasons(partner, required_before) -> list[str]:
    """training.services.mentoring_gate, from the annotated counts instead of a query per person."""
    from training.services import MENTORING_ROLES

    reasons = []
    if partner.current_role not in MENTORING_ROLES:
        reasons.append(f"Training gate: a {partner.get_current_role_display()} does not mentor one-on-one yet.")
    if partner.status != PartnerStatus.ACTIVE:
        reasons.append(f"Status: {partner.get_status_display().lower()}.")
    if partner.pre_mentoring_done < required_before:
        missing = required_before - partner.pre_mentoring_done
        reasons.append(
            f"Training gate: {missing} training{'s' if missing > 1 else ''} required before mentoring not done."
        )
    return reasons


def assignment_refusal(case: Case, partner: ParentPartner) -> str | None:
    """The one check before any assignment (R-FAM-2, R-TRN-1, R-REV-4), per person."""
    from eligibility.services import may_mentor
    from training.services import mentoring_gate

    gate = mentoring_gate(partner)
    if not gate.allowed:
        return " ".join(gate.reasons)
    review = may_mentor(partner)
    if not review.allowed:
        return review.reason
    if Conflict.objects.filter(family=case.family, parent_partner=partner).exists():
        return f"{partner} declared a conflict with this family."
    return None


def first_contact_due(assigned_on: datetime.date) -> datetime.date:
    """R-FAM-3: two working days after assignment, skipping weekends and state holidays."""
    holidays = set(
        StateHoliday.objects.filter(
            date__gt=assigned_on, date__lte=assigned_on + datetime.timedelta(days=30)
        ).values_list("date", flat=True)
    )
    return add_working_days(assigned_on, FIRST_CONTACT_WORKING_DAYS, holidays)


@transaction.atomic
def assign(case: Case, partner: ParentPartner, *, user, on=None, reasons="") -> Assignment:
    """Assign a Parent Partner to a case awaiting one: records who, when and to whom (R-FAM-2) and
    when the first contact is due (R-FAM-3)."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.status == CaseStatus.CLOSED:
        raise ValidationError("This case is closed.")
    if case.assignments.filter(ended_on__isnull=True).exists():
        raise ValidationError("This case already has a Parent Partner; reassign instead.")
    refusal = assignment_refusal(case, partner)
    if refusal:
        raise ValidationError(refusal)
    on = on or timezone.localdate()
    assignment = Assignment.objects.create(
        case=case,
        parent_partner=partner,
        assigned_on=on,
        assigned_by=user,
        first_contact_due=first_contact_due(on),
        match_reasons=reasons[:300],
    )
    before = audit.snapshot(case)
    case.status = CaseStatus.ACTIVE
    case.version += 1
    case.save(update_fields=["status", "version"])
    audit.record(user, assignment, HistoryEntry.Action.CREATE)
    audit.record(user, case, HistoryEntry.Action.UPDATE, before)
    return assignment


@transaction.atomic
def end_assignment(case: Case, *, user, reason: str, note="", on=None) -> Assignment:
    """End the current assignment so the case can be reassigned, keeping the history (R-FAM-4). A
    conflict the Parent Partner declared keeps them out of this family's matching for good."""
    case = Case.objects.select_for_update().get(pk=case.pk)
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
    before = audit.snapshot(current)
    current.ended_on = max(on, current.assigned_on)
    current.end_reason = reason
    current.end_note = note[:300]
    current.save()
    audit.record(user, current, HistoryEntry.Action.UPDATE, before)
    if reason in (EndReason.KNOWS_FAMILY, EndReason.LIVES_CLOSE, EndReason.OTHER_CONFLICT):
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
        case.version += 1
        case.save(update_fields=["status", "version"])
        audit.record(user, case, HistoryEntry.Action.UPDATE, case_before)
    return current


@transaction.atomic
def close_case(case: Case, *, user, closed_by: str, outcome: str, on: datetime.date, note="", version=None) -> Case:
    """R-FAM-5: closed by mutual agreement of all parties or by the participant, with the outcome."""
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if version is not None and locked.version != version:
        raise ValidationError("Someone else changed this case after you opened it; reload and try again.")
    if locked.status == CaseStatus.CLOSED:
        raise ValidationError("This case is already closed.")
    if outcome == CaseOutcome.PLACEMENT_AVOIDED and locked.source != ReferralSource.CHILD_SAFETY_CONFERENCE:
        raise ValidationError({"outcome": "Placement avoided is an outcome of Child Safety Conference families."})
    if on < locked.referred_on:
        raise ValidationError({"closed_on": "A case cannot close before it was referred."})
    if locked.assignments.filter(ended_on__isnull=True).exists():
        end_assignment(locked, user=user, reason=EndReason.CASE_CLOSED, on=on)
    before = audit.snapshot(locked)
    locked.status, locked.closed_on, locked.closed_by, locked.outcome = CaseStatus.CLOSED, on, closed_by, outcome
    locked.closing_note = note[:300]
    locked.version += 1
    locked.save()
    audit.record(user, locked, HistoryEntry.Action.UPDATE, before)
    return locked


# --- worklists -------------------------------------------------------------------------------


def overdue_first_contacts(assignments, today=None):
    """R-FAM-3: current assignments whose first contact is past due and not made."""
    today = today or timezone.localdate()
    return assignments.filter(ended_on__isnull=True, first_contact_on__isnull=True, first_contact_due__lt=today)


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def previous_month(day: datetime.date) -> datetime.date:
    return month_start(month_start(day) - datetime.timedelta(days=1))


def missing_forms(assignments, month: datetime.date):
    """R-FAM-7: assignments that ran during `month` with no form submitted for it."""
    month_end = (month + datetime.timedelta(days=32)).replace(day=1)
    return (
        assignments.filter(assigned_on__lt=month_end)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=month))
        .exclude(
            activity_forms__month=month,
            activity_forms__status__in=[FormStatus.SUBMITTED, FormStatus.APPROVED],
        )
    )


def sync_first_contact(assignment: Assignment, user=None, *, removed=()) -> None:
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
