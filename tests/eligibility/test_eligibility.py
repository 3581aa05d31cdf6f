"""Screening and the two questions other apps ask: `eligibility_for` (R-ELIG-1, R-ELIG-2, R-ROLE-2,
R-ROLE-3, R-REV-4 c) and `may_mentor` (R-ELIG-2, R-REV-4 b and c)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from eligibility import services
from eligibility.models import (
    CheckResult,
    Criterion,
    CriterionCheck,
    DhsReviewResult,
    EligibilityRecord,
    Outcome,
    ReviewCase,
    ScreeningStatus,
    Step,
)
from eligibility.services import add_months, eligibility_for, may_mentor
from parentpartner.models import HistoryEntry, PartnerRole, PermanencyType, Role
from tests.factories import (
    CaseStepFactory,
    CriterionCheckFactory,
    DisqualifierFactory,
    EligibilityRecordFactory,
    ParentPartnerFactory,
    PlanItemFactory,
    ReviewCaseFactory,
    ReviewTeamMemberFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
D = datetime.date
TODAY = D(2026, 6, 15)


def screened(partner, *, skip=(), dhs=DhsReviewResult.NO_CONCERNS, substance_free_since=None):
    """A screening with every criterion met (except `skip`) and the DHS review done."""
    checker = UserFactory()
    record = EligibilityRecordFactory(
        parent_partner=partner,
        dhs_reviewed_on=D(2026, 1, 10) if dhs else None,
        dhs_review_result=dhs or "",
        substance_free_since=substance_free_since,
    )
    for criterion in Criterion:
        if criterion not in skip:
            CriterionCheckFactory(record=record, criterion=criterion, checked_by=checker, checked_on=D(2026, 1, 5))
    return record


def person(**kwargs):
    defaults = {"lived_experience": ["domestic_violence"], "permanency_date": D(2024, 1, 1)}
    return ParentPartnerFactory(**{**defaults, **kwargs})


def test_factories_build_every_eligibility_model():
    assert CriterionCheckFactory().record.pk
    assert DisqualifierFactory().record.is_disqualified
    assert CaseStepFactory().case.pk
    assert ReviewTeamMemberFactory().case.step == Step.MANAGEMENT_APPROVED
    assert PlanItemFactory().case.meeting_on


def test_add_months_keeps_the_day_or_takes_the_last_of_the_month():
    assert add_months(D(2025, 1, 15), 6) == D(2025, 7, 15)
    assert add_months(D(2025, 8, 31), 6) == D(2026, 2, 28)
    assert add_months(D(2023, 8, 31), 6) == D(2024, 2, 29)
    assert add_months(D(2025, 12, 1), 12) == D(2026, 12, 1)


# --- R-ELIG-1: the criteria ------------------------------------------------------------------------


@pytest.mark.parametrize("role", list(PartnerRole))
def test_r_elig_1_everything_met_is_eligible_for_every_role(role):
    partner = person()
    screened(partner)
    answer = eligibility_for(partner, role, today=TODAY)
    assert answer.eligible and answer.missing == []


def test_r_elig_1_no_screening_is_not_eligible():
    answer = eligibility_for(person(), PartnerRole.IN_TRAINING, today=TODAY)
    assert not answer.eligible
    assert answer.missing == ["No eligibility screening has been started."]


def test_r_elig_1_each_unchecked_or_unmet_criterion_is_named():
    partner = person()
    record = screened(partner, skip=[Criterion.FLEXIBILITY, Criterion.CONFIDENTIALITY])
    CriterionCheck.objects.filter(record=record, criterion=Criterion.STABLE_FAMILY).update(result=CheckResult.NOT_MET)
    missing = eligibility_for(partner, PartnerRole.PARENT_PARTNER, today=TODAY).missing
    assert f"Not checked yet: {Criterion.FLEXIBILITY.label}." in missing
    assert f"Not checked yet: {Criterion.CONFIDENTIALITY.label}." in missing
    assert f"Not met (checked Jan 5, 2026): {Criterion.STABLE_FAMILY.label}." in missing
    assert len(missing) == 3


@pytest.mark.parametrize(
    "dhs, expected",
    [("", "No DHS review recorded."), (DhsReviewResult.CONCERNS, "found current or ongoing concerns")],
)
def test_r_elig_1_the_dhs_review_must_find_no_concerns(dhs, expected):
    partner = person()
    screened(partner, dhs=dhs)
    answer = eligibility_for(partner, PartnerRole.IN_TRAINING, today=TODAY)
    assert not answer.eligible
    assert expected in answer.missing[0]


def test_r_role_2_in_training_six_months_after_reunification_counted_against_today():
    """Becomes eligible on the right day without anyone editing anything."""
    partner = person(permanency_type=PermanencyType.REUNIFIED, permanency_date=D(2025, 12, 15))
    screened(partner)
    before = eligibility_for(partner, PartnerRole.IN_TRAINING, today=D(2026, 6, 14))
    assert not before.eligible
    assert before.eligible_from == D(2026, 6, 15)
    assert "6 months are needed" in before.missing[0]
    assert eligibility_for(partner, PartnerRole.IN_TRAINING, today=D(2026, 6, 15)).eligible


@pytest.mark.parametrize("role", [PartnerRole.IN_TRAINING_MENTORING, PartnerRole.PARENT_PARTNER, PartnerRole.LEAD])
def test_r_role_3_r_elig_1_mentoring_roles_need_a_year_after_reunification(role):
    partner = person(permanency_date=D(2025, 6, 16))
    screened(partner)
    assert eligibility_for(partner, PartnerRole.IN_TRAINING, today=TODAY).eligible
    assert not eligibility_for(partner, role, today=D(2026, 6, 15)).eligible
    assert eligibility_for(partner, role, today=D(2026, 6, 16)).eligible


@pytest.mark.parametrize("permanency_type", [PermanencyType.TPR, PermanencyType.OTHER_PERMANENCY])
def test_r_role_2_a_year_since_tpr_or_other_permanency_even_in_training(permanency_type):
    partner = person(permanency_type=permanency_type, permanency_date=D(2025, 12, 15))
    screened(partner)
    answer = eligibility_for(partner, PartnerRole.IN_TRAINING, today=D(2026, 7, 1))
    assert not answer.eligible
    assert answer.missing[0].startswith("Permanency resolved on Dec 15, 2025: 12 months")
    assert eligibility_for(partner, PartnerRole.IN_TRAINING, today=D(2026, 12, 15)).eligible


def test_r_elig_1_substance_free_a_year_where_substance_abuse_was_an_issue():
    partner = person(lived_experience=["substance_abuse"])
    screened(partner, substance_free_since=D(2025, 9, 1))
    answer = eligibility_for(partner, PartnerRole.IN_TRAINING, today=TODAY)
    assert answer.missing == ["Substance free since Sep 1, 2025: one year is reached on Sep 1, 2026."]
    assert answer.eligible_from == D(2026, 9, 1)
    assert eligibility_for(partner, PartnerRole.IN_TRAINING, today=D(2026, 9, 1)).eligible


def test_r_elig_1_substance_free_date_must_be_recorded_when_it_was_an_issue():
    partner = person()
    record = screened(partner)
    record.substance_abuse_issue = True
    record.save()
    assert "Substance free since: no date recorded." in eligibility_for(partner, "ppit", today=TODAY).missing


def test_r_elig_1_substance_criterion_does_not_apply_when_it_was_not_an_issue():
    partner = person()
    screened(partner, skip=[Criterion.SUBSTANCE_FREE])
    assert eligibility_for(partner, PartnerRole.LEAD, today=TODAY).eligible


def test_eligibility_for_runs_a_fixed_number_of_queries(django_assert_num_queries):
    partner = person()
    screened(partner)
    # 1 the partner's "no longer eligible" cases, 2 the screening, 3 its checks, 4 its disqualifiers.
    with django_assert_num_queries(4):
        eligibility_for(partner, PartnerRole.PARENT_PARTNER, today=TODAY)


# --- R-ELIG-2: absolute disqualifiers ----------------------------------------------------------------


@pytest.mark.parametrize("kind", ["founded_sexual_abuse", "sex_abuse_registry", "child_death_conviction"])
def test_r_elig_2_a_disqualifier_makes_every_role_ineligible_whatever_else_is_entered(kind):
    partner = person()
    record = screened(partner)
    services.record_disqualifier(record, user=UserFactory(), kind=kind, evidence="Seen.", found_on=D(2026, 5, 1))
    for role in PartnerRole:
        answer = eligibility_for(partner, role, today=TODAY)
        assert not answer.eligible and answer.disqualified
        assert answer.missing == [f"Disqualified: {record.disqualifiers.get().get_kind_display().lower()} (R-ELIG-2)."]
    assert not may_mentor(partner).allowed
    assert "R-ELIG-2" in may_mentor(partner).reason


def test_r_elig_2_a_disqualifier_ends_the_screening_and_nothing_more_can_be_recorded():
    partner = person()
    record = screened(partner, skip=[Criterion.FLEXIBILITY])
    user = UserFactory()
    services.record_disqualifier(
        record, user=user, kind="child_death_conviction", evidence="Court record.", found_on=TODAY
    )
    record.refresh_from_db()
    assert record.status == ScreeningStatus.DISQUALIFIED and record.ended_on
    with pytest.raises(ValidationError, match="absolute disqualifier"):
        services.record_check(record, Criterion.FLEXIBILITY, user=user, result="met", evidence="x", checked_on=TODAY)
    with pytest.raises(ValidationError, match="already recorded"):
        services.record_disqualifier(record, user=user, kind="child_death_conviction", evidence="x", found_on=TODAY)


def test_r_elig_2_disqualified_screening_needs_an_end_date_in_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        EligibilityRecordFactory(status=ScreeningStatus.DISQUALIFIED)


# --- screening records -----------------------------------------------------------------------------


def test_start_screening_carries_substance_abuse_from_lived_experience_and_leaves_history():
    user = UserFactory()
    partner = person(lived_experience=["substance_abuse"])
    record = services.start_screening(EligibilityRecord(parent_partner=partner), user=user)
    assert record.substance_abuse_issue
    assert HistoryEntry.objects.filter(object_id=str(record.pk), action="create", user=user).exists()
    with pytest.raises(ValidationError, match="already has a screening"):
        services.start_screening(EligibilityRecord(parent_partner=partner), user=user)


def test_r_elig_1_a_check_records_who_when_evidence_and_a_recheck_is_in_the_history():
    record = EligibilityRecordFactory()
    first, second = UserFactory(), UserFactory()
    check = services.record_check(
        record, Criterion.CONFIDENTIALITY, user=first, result="not_met", evidence="Not yet signed.", checked_on=TODAY
    )
    services.record_check(
        record, Criterion.CONFIDENTIALITY, user=second, result="met", evidence="Signed.", checked_on=TODAY, version=1
    )
    check.refresh_from_db()
    assert (check.result, check.checked_by, check.version) == ("met", second, 2)
    entry = HistoryEntry.objects.get(object_id=str(check.pk), action="update")
    assert entry.user == second and entry.changes["result"] == ["Not met", "Met"]


def test_a_stale_criterion_check_is_refused():
    record = EligibilityRecordFactory()
    user = UserFactory()
    services.record_check(record, Criterion.FLEXIBILITY, user=user, result="met", evidence="a", checked_on=TODAY)
    # A second person opened the form before the first check existed (no version) and saves after it.
    with pytest.raises(ValidationError) as error:
        services.record_check(
            record, Criterion.FLEXIBILITY, user=user, result="not_met", evidence="b", checked_on=TODAY
        )
    assert error.value.code == "conflict"


# --- may_mentor (R-REV-4) ----------------------------------------------------------------------------


def test_may_mentor_without_cases_or_disqualifier():
    answer = may_mentor(person())
    assert answer.allowed and answer.reason


def test_r_rev_2_the_coordinators_choice_while_a_case_is_open():
    partner = person()
    case = ReviewCaseFactory(parent_partner=partner, may_mentor_while_open=True)
    assert may_mentor(partner).allowed
    services.set_mentoring_while_open(case, user=UserFactory(), may_mentor_while_open=False, notes="Pause.")
    answer = may_mentor(partner)
    assert not answer.allowed
    assert "may not mentor while it is open" in answer.reason


@pytest.mark.parametrize("outcome", [Outcome.STOP_MENTORING, Outcome.NO_LONGER_ELIGIBLE])
def test_r_rev_4_an_outcome_that_stops_mentoring_until_a_recorded_reinstatement(outcome):
    partner = person()
    screened(partner)
    case = ReviewCaseFactory(
        parent_partner=partner,
        step=Step.CLOSED,
        outcome=outcome,
        opened_on=D(2026, 3, 1),
        closed_on=D(2026, 5, 1),
        may_mentor_while_open=True,
    )
    answer = may_mentor(partner)
    assert not answer.allowed and answer.case == case
    assert "once a reinstatement is recorded" in answer.reason
    services.advance(case, "reinstatement", user=UserFactory(), result="reinstated", held_on=TODAY, notes="Plan done.")
    assert may_mentor(partner).allowed


@pytest.mark.parametrize("outcome", [Outcome.OVERSIGHT, Outcome.RESOLVED, Outcome.NOT_VALID, Outcome.WITHDRAWN])
def test_r_rev_4_other_outcomes_do_not_stop_mentoring(outcome):
    partner = person()
    ReviewCaseFactory(
        parent_partner=partner, step=Step.CLOSED, outcome=outcome, closed_on=D(2026, 5, 1), may_mentor_while_open=False
    )
    assert may_mentor(partner).allowed


def test_r_rev_4_c_no_longer_eligible_for_the_role_and_above_until_reinstated():
    partner = person(current_role=PartnerRole.PARENT_PARTNER)
    screened(partner)
    ReviewCaseFactory(
        parent_partner=partner,
        partner_role=PartnerRole.PARENT_PARTNER,
        step=Step.CLOSED,
        outcome=Outcome.NO_LONGER_ELIGIBLE,
        closed_on=D(2026, 5, 1),
    )
    assert not eligibility_for(partner, PartnerRole.PARENT_PARTNER, today=TODAY).eligible
    assert not eligibility_for(partner, PartnerRole.LEAD, today=TODAY).eligible
    assert "no longer eligible as Parent Partner" in eligibility_for(partner, "pp", today=TODAY).missing[0]
    assert eligibility_for(partner, PartnerRole.IN_TRAINING_MENTORING, today=TODAY).eligible


def test_r_rev_4_c_reinstatement_waits_until_the_criteria_are_met_again():
    partner = person()
    record = screened(partner, dhs=DhsReviewResult.CONCERNS)
    case = ReviewCaseFactory(
        parent_partner=partner,
        step=Step.CLOSED,
        outcome=Outcome.NO_LONGER_ELIGIBLE,
        opened_on=D(2026, 3, 1),
        closed_on=D(2026, 5, 1),
    )
    user = UserFactory(role=Role.STATEWIDE_COORDINATOR)
    with pytest.raises(ValidationError, match="Not yet eligible for the role again"):
        services.advance(case, "reinstatement", user=user, result="reinstated", held_on=TODAY, notes="Asked.")
    EligibilityRecord.objects.filter(pk=record.pk).update(dhs_review_result=DhsReviewResult.NO_CONCERNS)
    case = services.advance(case, "reinstatement", user=user, result="reinstated", held_on=TODAY, notes="Met.")
    assert case.reinstated_on == TODAY and case.reinstated_by == user
    assert eligibility_for(partner, case.partner_role, today=TODAY).eligible


def test_r_elig_2_no_reinstatement_past_a_disqualifier():
    partner = person()
    DisqualifierFactory(record=EligibilityRecordFactory(parent_partner=partner, status="disqualified", ended_on=TODAY))
    case = ReviewCaseFactory(
        parent_partner=partner,
        step=Step.CLOSED,
        outcome=Outcome.STOP_MENTORING,
        opened_on=D(2026, 5, 1),
        closed_on=TODAY,
    )
    with pytest.raises(ValidationError, match="R-ELIG-2"):
        services.advance(case, "reinstatement", user=UserFactory(), result="reinstated", held_on=TODAY, notes="x")
    assert ReviewCase.objects.get(pk=case.pk).reinstated_on is None


def test_may_mentor_runs_a_fixed_number_of_queries(django_assert_num_queries):
    partner = person()
    screened(partner)
    ReviewCaseFactory(parent_partner=partner, may_mentor_while_open=False)
    # 1 the cases that stop mentoring, 2 the screening, 3 its disqualifiers.
    with django_assert_num_queries(3):
        assert not may_mentor(partner).allowed
