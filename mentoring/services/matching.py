"""Matching a family with a Parent Partner (R-FAM-2): candidates ranked with their reasons, the ones
who may not take the family with why, and the one check before any assignment (R-TRN-1, R-REV-4,
R-FAM-4). Who may mentor is the training and eligibility apps' answer; this module asks it for many
people at once."""

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypedDict

from django.db.models import Count, Q

from eligibility.models import EligibilityRecord, ReviewCase
from eligibility.services import may_mentor, mentoring_from
from mentoring.models import Case, Conflict
from parentpartner.models import LivedExperience, ParentPartner, PartnerStatus
from training.models import Training
from training.services import MENTORING_ROLES, mentoring_gate

if TYPE_CHECKING:  # django-stubs' helper, for the type checker only (not installed in production)
    from django_stubs_ext import WithAnnotations


class _Counts(TypedDict):
    """The counts `candidates` annotates on each Parent Partner."""

    caseload: int
    pre_mentoring_done: int


@dataclass
class Candidate:
    partner: ParentPartner
    score: int = 0
    reasons: list[str] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)

    @property
    def eligible(self) -> bool:
        return not self.excluded


def review_answers(partners: list[ParentPartner]) -> dict[int, Any]:
    """`eligibility.services.may_mentor` for many people in three queries instead of three each:
    id -> its answer, built by the eligibility app's own `mentoring_from`."""
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


def candidates(case: Case, user: Any) -> list[Candidate]:
    """Parent Partners for this family, best match first, each with the reasons for its rank, and the
    ones who may not take it with the reason (R-FAM-2): the training gate, an eligibility review that
    stops mentoring, a declared conflict. Ranked by shared lived experience, noncustodial parenting,
    language, county and current caseload."""
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


def _gate_reasons(partner: "WithAnnotations[ParentPartner, _Counts]", required_before: int) -> list[str]:
    """training.services.mentoring_gate, from the annotated counts instead of a query per person."""
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
    gate = mentoring_gate(partner)
    if not gate.allowed:
        return " ".join(gate.reasons)
    review = may_mentor(partner)
    if not review.allowed:
        return review.reason
    if Conflict.objects.filter(family=case.family, parent_partner=partner).exists():
        return f"{partner} declared a conflict with this family."
    return None
