"""Dashboards: the figures per site, area and county against counts made here in Python over every
row, the grouped database versions against the worklist functions they reuse, a fixed number of
queries whatever the number of rows, what waits for the statewide coordinator and the contract
manager, and the navigation."""

import datetime
from collections import Counter

import pytest
from django.urls import reverse
from django.utils import timezone

from eligibility.models import ReviewCase, Step
from mentoring.models import Assignment, Case, CaseStatus, FormStatus, ReferralSource, SafetyConcern, SafetyStatus
from mentoring.services import cases as mentoring_services
from parentpartner.models import FormState, ParentPartner, PartnerRole, PartnerStatus, Role, ServiceArea
from reporting.services import dashboards
from tests.factories import (
    ActivityFormFactory,
    ApprovalFormFactory,
    AssignmentFactory,
    CaseFactory,
    CountyFactory,
    ParentPartnerFactory,
    ReviewCaseFactory,
    RoleAssignmentFactory,
    SafetyConcernFactory,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)
LAST_MONTH = mentoring_services.previous_month(TODAY)


def populate(world, per_site=2):
    """At each site: active families (some with an overdue first contact, some with last month's form
    missing, submitted or approved), open and closed safety concerns and review cases, Child Safety
    Conference cases, inactive and mentoring Parent Partners, one overdue on first-year trainings."""
    for site in (world.site_a1, world.site_a2, world.site_b1):
        for _ in range(per_site):
            assigned_on = LAST_MONTH - 5 * DAY
            overdue = AssignmentFactory(
                case__family__site=site,
                assigned_on=TODAY - 10 * DAY,
                first_contact_due=TODAY - 8 * DAY,
                first_contact_on=None,
            )
            submitted = AssignmentFactory(case__family__site=site, assigned_on=assigned_on)
            ActivityFormFactory(assignment=submitted, month=LAST_MONTH, status=FormStatus.SUBMITTED)
            draft = AssignmentFactory(case__family__site=site, assigned_on=assigned_on)
            ActivityFormFactory(assignment=draft, month=LAST_MONTH, status=FormStatus.DRAFT)
            AssignmentFactory(
                case__family__site=site,
                case__source=ReferralSource.CHILD_SAFETY_CONFERENCE,
                assigned_on=assigned_on,
            )
            CaseFactory(family__site=site, source=ReferralSource.CHILD_SAFETY_CONFERENCE)  # awaiting: takes a slot
            SafetyConcernFactory(case=overdue.case)
            SafetyConcernFactory(
                case=draft.case,
                status=SafetyStatus.CASEWORKER_INFORMED,
                caseworker_informed_on=TODAY,
                caseworker_informed_by="participant",
                caseworker_informed_recorded_by=world.users[Role.SITE_COORDINATOR],
            )
            ReviewCaseFactory(parent_partner=overdue.parent_partner)
            ReviewCaseFactory(
                parent_partner=draft.parent_partner, step=Step.CLOSED, outcome="resolved", closed_on=TODAY
            )
            ParentPartnerFactory(site=site, status=PartnerStatus.INACTIVE)
            late = ParentPartnerFactory(site=site, current_role=PartnerRole.IN_TRAINING_MENTORING, role_history=False)
            RoleAssignmentFactory(
                parent_partner=late, role=PartnerRole.IN_TRAINING_MENTORING, started_on=TODAY - 400 * DAY
            )
        CaseFactory(
            family__site=site, status=CaseStatus.CLOSED, closed_on=TODAY - DAY, closed_by="mutual", outcome="reunified"
        )


def independent(site_ids, key=lambda family: family.site_id, partner_key=lambda partner: partner.site_id):
    """Every figure counted in Python over all rows, for the families and Parent Partners whose
    `key` is in `site_ids` (site, area or county ids)."""
    from training import services as training_services

    partners = [p for p in ParentPartner.objects.select_related("site") if partner_key(p) in site_ids]
    active = [p for p in partners if p.status == PartnerStatus.ACTIVE]
    cases = [c for c in Case.objects.select_related("family__site") if key(c.family) in site_ids]
    assignments = [a for a in Assignment.objects.select_related("case__family__site") if key(a.case.family) in site_ids]
    current = [a for a in assignments if a.ended_on is None]
    month_end = TODAY.replace(day=1)

    def form_in(assignment):
        return assignment.activity_forms.filter(
            month=LAST_MONTH, status__in=[FormStatus.SUBMITTED, FormStatus.APPROVED]
        ).exists()

    return {
        "active_families": sum(1 for c in cases if c.status == CaseStatus.ACTIVE),
        "partners": len(active),
        "mentoring": sum(1 for p in active if p.current_role in training_services.MENTORING_ROLES),
        "caseload": len(current),
        "overdue_first_contacts": sum(1 for a in current if a.first_contact_on is None and a.first_contact_due < TODAY),
        "missing_forms": sum(
            1
            for a in assignments
            if a.assigned_on < month_end and (a.ended_on is None or a.ended_on >= LAST_MONTH) and not form_in(a)
        ),
        "overdue_trainings": sum(1 for p in active if training_services.checklist(p, TODAY).overdue),
        "open_concerns": sum(
            1
            for c in SafetyConcern.objects.select_related("case__family__site")
            if key(c.case.family) in site_ids and c.status.startswith("awaiting_")
        ),
        "open_review_cases": sum(
            1
            for r in ReviewCase.objects.select_related("parent_partner__site")
            if partner_key(r.parent_partner) in site_ids and r.step != Step.CLOSED
        ),
        "csc_active": sum(
            1 for c in cases if c.source == ReferralSource.CHILD_SAFETY_CONFERENCE and c.status != CaseStatus.CLOSED
        ),
    }


def test_area_dashboard_figures_per_site_match_independent_counts(world):
    populate(world)
    sac = world.users[Role.SERVICE_AREA_COORDINATOR]
    board = dashboards.area_dashboard(sac, TODAY)
    assert [row.obj for row in board["sites"]] == [world.site_a1, world.site_a2]
    for row in board["sites"]:
        assert row.counts == independent({row.obj.pk}), row.obj
    assert board["totals"] == independent({world.site_a1.pk, world.site_a2.pk})
    assert board["totals"]["overdue_first_contacts"] == 4
    # The draft and the CSC assignment, twice per site; in a month's first ten days the overdue family,
    # assigned ten days ago, began last month and lacks last month's form too.
    overdue_began_last_month = TODAY - 10 * DAY < TODAY.replace(day=1)
    assert board["totals"]["missing_forms"] == (12 if overdue_began_last_month else 8)
    assert board["totals"]["overdue_trainings"] == 4
    assert board["totals"]["csc_active"] == 8


def test_area_dashboard_per_county_and_counties_without_parent_partner_r_org_2(world):
    populate(world)
    empty = CountyFactory(service_area=world.area_a, name="Emptycounty")
    board = dashboards.area_dashboard(world.users[Role.SERVICE_AREA_COORDINATOR], TODAY)
    counties = {row.obj: row for row in board["counties"]}
    assert set(counties) == set(world.area_a.counties.all())
    for county, row in counties.items():
        assert row.counts == independent(
            {county.pk}, key=lambda family: family.county_id, partner_key=lambda partner: partner.county_id
        ), county
    assert board["counties_without_partner"] == [empty]


def test_state_dashboard_figures_per_area_match_independent_counts(world):
    populate(world)
    board = dashboards.state_dashboard(world.users[Role.STATEWIDE_COORDINATOR], TODAY)
    areas = {row.obj: row for row in board["areas"]}
    for area in (world.area_a, world.area_b):
        assert areas[area].counts == independent(
            {area.pk},
            key=lambda family: family.site.service_area_id,
            partner_key=lambda partner: partner.site.service_area_id,
        ), area
    assert board["totals"] == independent(
        set(ServiceArea.objects.values_list("pk", flat=True)),
        key=lambda f: f.site.service_area_id,
        partner_key=lambda p: p.site.service_area_id,
    )


def test_grouped_csc_count_agrees_with_the_cap_check_r_fam_8(world):
    populate(world)
    grouped = Counter(
        dashboards.csc_active_cases(Case.objects.all()).values_list("family__site__service_area", flat=True)
    )
    for area in (world.area_a, world.area_b):
        assert grouped[area.pk] == mentoring_services.csc_families_active_in_area(area.pk)


def test_grouped_overdue_trainings_agree_with_each_persons_checklist_r_trn_1(world):
    """training.services.checklist works person by person in Python; the dashboard's database count
    must say the same."""
    from training import services as training_services

    populate(world)
    sets = dashboards.figure_querysets(world.users[Role.STATEWIDE_COORDINATOR], TODAY)
    by_db = set(sets["overdue_trainings"].values_list("pk", flat=True))
    by_checklist = {
        p.pk
        for p in ParentPartner.objects.filter(status=PartnerStatus.ACTIVE)
        if training_services.checklist(p, TODAY).overdue
    }
    assert by_db == by_checklist
    assert len(by_db) == 6


def test_grouped_missing_forms_agree_with_the_worklist_r_fam_7(world):
    populate(world)
    counts = dashboards.counts_by(dashboards.figure_querysets(world.users[Role.STATEWIDE_COORDINATOR], TODAY), "site")
    for site in (world.site_a1, world.site_a2, world.site_b1):
        worklist = mentoring_services.missing_forms(Assignment.objects.filter(case__family__site=site), LAST_MONTH)
        assert counts["missing_forms"][site.pk] == worklist.count()


# The queries of each dashboard, whatever the number of rows (issue 9: at most 15 with the session's).
# Every figure of every level (site, area, county) comes from one query (dashboards.grouped_counts:
# one grouped SELECT per figure, joined by UNION ALL); 2 for the charts (referrals; the outcome trend,
# which also gives the closings). The count of first-year trainings is cached per process.
# area: its area, figures 1, sites, counties, overdue meetings 2 (areas, coordinators), families to
#       reassign now 1 (2 when there are some: their review cases; tests/matrix/test_query_counts.py), charts 2 = 9
# state: figures 1, areas, sites, counties, overdue meetings 2 (areas with the advisory committee,
#        coordinators), waiting: forms, Lead cases, review cases, missing certification, charts 2 = 12
# contract: forms, Lead cases, outcomes by area and for the state, areas, charts 2 = 7
QUERIES = {Role.SERVICE_AREA_COORDINATOR: 9, Role.STATEWIDE_COORDINATOR: 12, Role.CONTRACT_MANAGER: 7}
# Around them: the session and the user, and the session's save (savepoint, update, release).
PAGE_OVERHEAD = 5


@pytest.mark.parametrize("role", list(QUERIES))
def test_dashboard_runs_a_fixed_number_of_queries(login, world, role, django_assert_num_queries):
    client = login(world.users[role])
    populate(world, per_site=1)
    with django_assert_num_queries(QUERIES[role] + PAGE_OVERHEAD):
        assert client.get(reverse("reporting:dashboard")).status_code == 200
    populate(world, per_site=3)
    with django_assert_num_queries(QUERIES[role] + PAGE_OVERHEAD):
        response = client.get(reverse("reporting:dashboard"))
    assert response.status_code == 200


def test_statewide_coordinator_sees_what_waits_for_them(login, world):
    at_statewide = ReviewCaseFactory(parent_partner=world.pp_b1, step=Step.STATEWIDE_NOTIFIED)
    recommended = ReviewCaseFactory(parent_partner=world.pp_a2, step=Step.RECOMMENDED)
    ReviewCaseFactory(parent_partner=world.pp_a1, step=Step.OPENED)
    form = ApprovalFormFactory(parent_partner__site=world.site_a2, state=FormState.AWAITING_STATEWIDE)
    ApprovalFormFactory(parent_partner__site=world.site_a2, state=FormState.AWAITING_CONTRACT_MANAGER)
    response = login(world.users[Role.STATEWIDE_COORDINATOR]).get(reverse("reporting:dashboard"))
    waiting = response.context["waiting"]
    assert set(waiting["review_cases"]) == {at_statewide, recommended}
    assert waiting["forms"] == [form]
    assert b"Statewide dashboard" in response.content


def test_contract_manager_sees_forms_waiting_for_their_signature_and_outcomes(login, world):
    ApprovalFormFactory(parent_partner__site=world.site_a2, state=FormState.AWAITING_STATEWIDE)
    form = ApprovalFormFactory(parent_partner__site=world.site_b1, state=FormState.AWAITING_CONTRACT_MANAGER)
    response = login(world.users[Role.CONTRACT_MANAGER]).get(reverse("reporting:dashboard"))
    assert response.context["waiting"]["forms"] == [form]
    assert "state_figures" in response.context
    assert b"Contract dashboard" in response.content


def test_dashboard_is_the_first_link_of_the_reports_menu(login, world):
    response = login(world.users[Role.SERVICE_AREA_COORDINATOR]).get(reverse("home"))
    reports = dict(response.context["nav_links"])["Reports"]
    assert reports[0] == ("Dashboard", "reporting:dashboard")
    coordinator = login(world.users[Role.SITE_COORDINATOR]).get(reverse("home"))
    assert dict(coordinator.context["nav_links"])["Reports"] == [
        ("Quarterly reports", "reporting:quarterly-choose"),
        ("Outcomes", "reporting:outcomes"),
        ("Random file audits", "reporting:audit-draw-list"),
    ]
