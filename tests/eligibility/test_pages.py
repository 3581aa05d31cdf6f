"""Eligibility pages and panels: what they show, to whom, and in a fixed number of queries."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from eligibility.models import (
    CaseStep,
    Criterion,
    Disqualifier,
    EligibilityRecord,
    Outcome,
    PlanItem,
    ReviewCase,
    ReviewTeamMember,
    ScreeningStatus,
    Step,
)
from parentpartner.models import HistoryEntry, Role
from tests.factories import (
    CriterionCheckFactory,
    EligibilityRecordFactory,
    ParentPartnerFactory,
    PlanItemFactory,
    ReviewCaseFactory,
    ReviewTeamMemberFactory,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def warm_content_types():
    """The history panels look content types up once per process; count the same queries every run."""
    for model in (EligibilityRecord, ReviewCase, PlanItem, ReviewTeamMember, Disqualifier, CaseStep):
        ContentType.objects.get_for_model(model)
    ContentType.objects.get_for_model(CriterionCheckFactory._meta.model)


def test_criterion_check_page_records_evidence_who_and_when(login, world):
    record = EligibilityRecordFactory(parent_partner=world.pp_a1)
    client = login(world.users[Role.SITE_COORDINATOR])
    url = reverse("eligibility:criterion-check", args=[record.pk, Criterion.STABLE_FAMILY])
    response = client.post(url, {"result": "met", "evidence": "Home visit; no open case.", "checked_on": TODAY})
    assert response.status_code == 302
    page = client.get(record.get_absolute_url()).content.decode()
    assert "Home visit; no open case." in page
    assert str(world.users[Role.SITE_COORDINATOR]) in page


def test_unknown_criterion_is_404(login, world):
    record = EligibilityRecordFactory(parent_partner=world.pp_a1)
    url = reverse("eligibility:criterion-check", args=[record.pk, "charm"])
    assert login(world.users[Role.SITE_COORDINATOR]).get(url).status_code == 404


def test_criterion_bad_input_is_shown_on_the_field(login, world):
    record = EligibilityRecordFactory(parent_partner=world.pp_a1)
    url = reverse("eligibility:criterion-check", args=[record.pk, Criterion.FLEXIBILITY])
    future = TODAY + datetime.timedelta(days=2)
    response = login(world.users[Role.SITE_COORDINATOR]).post(url, {"result": "maybe", "checked_on": future})
    errors = response.context["form"].errors
    assert response.status_code == 200
    assert set(errors) == {"result", "checked_on", "evidence"}


def test_r_elig_2_the_disqualifier_page_ends_the_screening_and_the_pages_say_why(login, world):
    record = EligibilityRecordFactory(parent_partner=world.pp_a1)
    client = login(world.users[Role.SITE_COORDINATOR])
    client.post(
        reverse("eligibility:disqualifier-create", args=[record.pk]),
        {"kind": "child_death_conviction", "evidence": "Court record.", "found_on": TODAY.isoformat()},
    )
    record.refresh_from_db()
    assert record.status == ScreeningStatus.DISQUALIFIED
    page = client.get(record.get_absolute_url()).content.decode()
    assert "Screening ended: disqualified" in page and "Convicted in the death of a child" in page
    assert "cannot be approved for any Parent Partner role" in page
    profile = client.get(world.pp_a1.get_absolute_url()).content.decode()
    assert "Disqualified: convicted in the death of a child (R-ELIG-2)." in profile
    assert "No, may not mentor." in profile
    # The screening can no longer be edited.
    edit = client.post(
        reverse("eligibility:record-update", args=[record.pk]), {"notes": "late edit", "version": record.version}
    )
    assert "cannot be changed" in edit.content.decode()


def test_starting_a_screening_twice_goes_to_the_existing_one(login, world):
    record = EligibilityRecordFactory(parent_partner=world.pp_a1)
    response = login(world.users[Role.SITE_COORDINATOR]).get(
        reverse("eligibility:record-create", args=[world.pp_a1.pk])
    )
    assert response.status_code == 302 and response.url == record.get_absolute_url()


def test_the_screening_form_wants_a_dhs_date_with_a_result(login, world):
    record = EligibilityRecordFactory(parent_partner=world.pp_a1)
    response = login(world.users[Role.SITE_COORDINATOR]).post(
        reverse("eligibility:record-update", args=[record.pk]),
        {"dhs_review_result": "no_concerns", "version": record.version},
    )
    assert "Enter the date of the DHS review." in response.context["form"].errors["dhs_reviewed_on"]


# --- who sees what ---------------------------------------------------------------------------------


def test_the_parent_partner_sees_their_own_case_and_plan(login, world):
    case = ReviewCaseFactory(parent_partner=world.pp_a1, step=Step.MEETING_SCHEDULED, meeting_on=TODAY)
    PlanItemFactory(case=case, description="Weekly check-in with the coordinator.")
    client = login(world.users[Role.PARENT_PARTNER])
    page = client.get(case.get_absolute_url()).content.decode()
    assert "Weekly check-in with the coordinator." in page
    assert "Next step" not in page and "Add a plan item" not in page
    profile = client.get(world.pp_a1.get_absolute_url()).content.decode()
    assert f"Review case {case.pk}" in profile


def test_the_dhs_liaison_sees_eligibility_but_not_review_cases(login, world):
    ReviewCaseFactory(parent_partner=world.pp_a1, may_mentor_while_open=False)
    client = login(world.users[Role.DHS_LIAISON])
    profile = client.get(world.pp_a1.get_absolute_url()).content.decode()
    assert "Eligibility" in profile
    assert "Review case" not in profile and "May mentor now" not in profile


def test_case_list_shows_only_cases_in_scope(login, world):
    for partner in (world.pp_a1, world.pp_a2, world.pp_b1):
        ReviewCaseFactory(parent_partner=partner)
    response = login(world.users[Role.SERVICE_AREA_COORDINATOR]).get(reverse("eligibility:case-list"))
    assert {case.parent_partner for case in response.context["object_list"]} == {world.pp_a1, world.pp_a2}
    closed = login(world.users[Role.SERVICE_AREA_COORDINATOR]).get(
        reverse("eligibility:case-list"), {"state": "closed"}
    )
    assert list(closed.context["object_list"]) == []


def test_screening_list_filters_by_screening_state(login, world):
    EligibilityRecordFactory(parent_partner=world.pp_a1)
    client = login(world.users[Role.SERVICE_AREA_COORDINATOR])
    url = reverse("eligibility:record-list")
    assert [p for p, *_ in client.get(url, {"screening": "not_started"}).context["rows"]] == [world.pp_a2]
    assert [p for p, *_ in client.get(url, {"screening": "in_progress"}).context["rows"]] == [world.pp_a1]


# --- panels ----------------------------------------------------------------------------------------


def test_home_shows_overdue_plan_items_to_the_coordinator_and_the_service_area_coordinator(login, world):
    overdue = TODAY - datetime.timedelta(days=3)
    for partner, text in ((world.pp_a1, "A1 overdue item"), (world.pp_a2, "A2 overdue item"), (world.pp_b1, "B1 item")):
        case = ReviewCaseFactory(parent_partner=partner, step=Step.MEETING_SCHEDULED, meeting_on=TODAY)
        PlanItemFactory(case=case, description=text, due_on=overdue)
        PlanItemFactory(case=case, description=f"{text} done", due_on=overdue, done_on=TODAY)
    coordinator = login(world.users[Role.SITE_COORDINATOR]).get(reverse("home")).content.decode()
    assert "A1 overdue item" in coordinator and "A2 overdue item" not in coordinator and "B1" not in coordinator
    assert "done" not in coordinator.split("Overdue review plan items")[1].split("</section>")[0]
    sac = login(world.users[Role.SERVICE_AREA_COORDINATOR]).get(reverse("home")).content.decode()
    assert "A1 overdue item" in sac and "A2 overdue item" in sac and "B1" not in sac
    assert "Overdue review plan items (2)" in sac
    statewide = login(world.users[Role.STATEWIDE_COORDINATOR]).get(reverse("home")).content.decode()
    assert "Overdue review plan items" not in statewide


@pytest.mark.parametrize("rows", [3, 30])
def test_home_overdue_panel_query_count_is_fixed(login, world, django_assert_max_num_queries, rows):
    case = ReviewCaseFactory(parent_partner=world.pp_a1, step=Step.MEETING_SCHEDULED, meeting_on=TODAY)
    PlanItemFactory.create_batch(rows, case=case, due_on=TODAY - datetime.timedelta(days=1))
    client = login(world.users[Role.SERVICE_AREA_COORDINATOR])
    # The home page with every app's panels (at most 23, see test_views) plus the first ten overdue
    # items and, past ten, their count.
    with django_assert_max_num_queries(27):
        response = client.get(reverse("home"))
    assert response.status_code == 200


@pytest.mark.parametrize("cases", [1, 6])
def test_parent_partner_page_panel_query_count_is_fixed(login, world, django_assert_num_queries, cases):
    record = EligibilityRecordFactory(parent_partner=world.pp_a1)
    for criterion in Criterion:
        CriterionCheckFactory(record=record, criterion=criterion)
    for _ in range(cases):
        ReviewCaseFactory(parent_partner=world.pp_a1, step=Step.CLOSED, outcome=Outcome.RESOLVED, closed_on=TODAY)
    client = login(world.users[Role.SITE_COORDINATOR])
    warm_content_types()
    # 1 session, 2 user, 3 the partner, 4 role history, 5 history entries, 6 the scope's sites (the panel's
    # scoped screening), 7 the screening, 8 its checks, 9 its disqualifiers, 10 the person's review cases,
    # 11-12 the training panel (trainings with the person's completions, shadowing items with their
    # records; the acceptance date from the prefetched role history, the gate from the checklist),
    # 13 current families, 14 role progression's open approval form, 15-17 the session's renewal.
    with django_assert_num_queries(17):
        response = client.get(world.pp_a1.get_absolute_url())
    assert "May mentor now" in response.content.decode()


def test_screening_list_answers_are_eligibility_for_each_person_r_elig_1_r_elig_2(login, world):
    """Issue 9: the list loads the checks and disqualifiers of a page as plain rows (services.queries.load_checks);
    each row's answer is still exactly `services.eligibility_for` of the person for their role."""
    from eligibility import services
    from eligibility.models import CheckResult
    from tests.factories import DisqualifierFactory

    people = ParentPartnerFactory.create_batch(5, site=world.site_a1)
    all_met = EligibilityRecordFactory(
        parent_partner=people[0], dhs_review_result="no_concerns", dhs_reviewed_on=TODAY - datetime.timedelta(days=3)
    )
    for criterion in Criterion:
        CriterionCheckFactory(record=all_met, criterion=criterion)
    some = EligibilityRecordFactory(parent_partner=people[1])
    CriterionCheckFactory(record=some, criterion=list(Criterion)[0], result=CheckResult.NOT_MET)
    CriterionCheckFactory(record=some, criterion=list(Criterion)[1])
    DisqualifierFactory(record=EligibilityRecordFactory(parent_partner=people[2]))
    EligibilityRecordFactory(parent_partner=people[3])  # started, nothing checked; people[4]: no record
    ReviewCaseFactory(parent_partner=people[3], step=Step.CLOSED, outcome=Outcome.NO_LONGER_ELIGIBLE, closed_on=TODAY)
    response = login(world.users[Role.SITE_COORDINATOR]).get(reverse("eligibility:record-list"))
    answers = {partner.pk: answer for partner, _record, answer, _url, _record_url in response.context["rows"]}
    for partner, record, _answer, url, record_url in response.context["rows"]:
        assert url == partner.get_absolute_url()
        assert record_url == (record.get_absolute_url() if record else None)
    assert set(answers) >= {p.pk for p in people}
    for partner in [*people, world.pp_a1]:
        assert answers[partner.pk] == services.eligibility_for(partner, partner.current_role), partner
    assert answers[people[2].pk].disqualified and not answers[people[1].pk].eligible


@pytest.mark.parametrize("rows", [3, 30])
def test_screening_list_query_count_does_not_grow(login, world, django_assert_num_queries, rows):
    for partner in ParentPartnerFactory.create_batch(rows, site=world.site_a1):
        record = EligibilityRecordFactory(parent_partner=partner)
        CriterionCheckFactory(record=record)
        ReviewCaseFactory(parent_partner=partner, step=Step.CLOSED, outcome=Outcome.NO_LONGER_ELIGIBLE, closed_on=TODAY)
    client = login(world.users[Role.SITE_COORDINATOR])
    # 1 session, 2 user, 3 the user's sites, 4 count, 5 the site choices of the filter form, 6 the page of
    # people with site and screening, 7 checks, 8 disqualifiers, 9 "no longer eligible" cases,
    # 10-12 the session's idle-timeout renewal.
    with django_assert_num_queries(12):
        response = client.get(reverse("eligibility:record-list"))
    assert len(response.context["rows"]) == min(rows + 1, 25)


@pytest.mark.parametrize("rows", [3, 30])
def test_case_list_query_count_does_not_grow(login, world, django_assert_num_queries, rows):
    for partner in ParentPartnerFactory.create_batch(rows, site=world.site_a1):
        ReviewCaseFactory(parent_partner=partner)
    client = login(world.users[Role.SITE_COORDINATOR])
    # 1 session, 2 user, 3 the user's sites, 4 count, 5 site choices, 6 the page of cases with person and
    # site, 7-9 the session's idle-timeout renewal.
    with django_assert_num_queries(9):
        response = client.get(reverse("eligibility:case-list"))
    assert response.context["paginator"].count == rows


@pytest.mark.parametrize("rows", [3, 20])
def test_case_detail_query_count_does_not_grow(login, world, django_assert_num_queries, rows):
    case = ReviewCaseFactory(parent_partner=world.pp_a1, step=Step.MEETING_SCHEDULED, meeting_on=TODAY)
    PlanItemFactory.create_batch(rows, case=case)
    ReviewTeamMemberFactory.create_batch(rows, case=case)
    client = login(world.users[Role.STATEWIDE_COORDINATOR])
    warm_content_types()
    # 1 session, 2 user, 3 the case with person, site, opener, 4 steps with who recorded them, 5 team,
    # 6 plan items, 7 history of case, team and plan, 8-10 the session's idle-timeout renewal.
    with django_assert_num_queries(10):
        response = client.get(case.get_absolute_url())
    assert len(response.context["plan"]) == rows


@pytest.mark.parametrize("rows", [3, 10])
def test_screening_detail_query_count_does_not_grow(login, world, django_assert_num_queries, rows):
    record = EligibilityRecordFactory(parent_partner=world.pp_a1)
    for criterion in list(Criterion)[:rows]:
        CriterionCheckFactory(record=record, criterion=criterion)
    client = login(world.users[Role.SITE_COORDINATOR])
    warm_content_types()
    # 1 session, 2 user, 3 the user's sites, 4 the screening with person and site, 5 checks, 6 who checked,
    # 7 disqualifiers, 8 "no longer eligible" cases, 9 history, 10-12 the session's idle-timeout renewal.
    with django_assert_num_queries(12):
        response = client.get(record.get_absolute_url())
    assert response.status_code == 200


def test_every_step_leaves_history_on_the_case_page(login, world):
    case = ReviewCaseFactory(parent_partner=world.pp_a1)
    client = login(world.users[Role.SITE_COORDINATOR])
    client.post(
        reverse("eligibility:case-step", args=[case.pk, "validity-meeting"]),
        {"result": "valid", "held_on": TODAY.isoformat(), "notes": "All three met.", "version": case.version},
    )
    page = client.get(case.get_absolute_url())
    assert "All three met." in page.content.decode()
    entry = page.context["history"][0]
    assert entry.user == world.users[Role.SITE_COORDINATOR] and entry.changes["step"][1].startswith("Concern valid")


# --- demo data -------------------------------------------------------------------------------------


def test_demo_data_is_idempotent_and_covers_the_steps():
    def counts():
        return [m.objects.count() for m in (EligibilityRecord, Disqualifier, ReviewCase, CaseStep, PlanItem)]

    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    first = counts()
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert counts() == first
    assert EligibilityRecord.objects.count() >= 30
    assert Disqualifier.objects.exists()
    assert len(set(ReviewCase.objects.values_list("step", flat=True))) >= 4
    assert ReviewCase.objects.filter(outcome=Outcome.STOP_MENTORING).exists()
    assert PlanItem.objects.overdue(TODAY).exists()
    assert HistoryEntry.objects.filter(content_type__app_label="eligibility").exists()
