"""Outcomes (R-OUT-1): reunification rate, median days from assignment to reunification, re-entry
within 12 months, TPR rate and placements avoided, per site, area and state, checked against figures
computed here in Python from the rows the test made; and the re-entry page."""

import datetime
import random
import statistics

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.models import Case, CaseOutcome, CaseStatus, ReferralSource
from parentpartner.models import HistoryEntry, Role
from reporting.models import Reentry
from reporting.services import outcomes
from reporting.services.quarters import last_complete_quarter
from tests.factories import AssignmentFactory, CaseFactory, UserFactory
from tests.matrix.pages_reporting_dashboards import reunified_family_at

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
QUARTER = last_complete_quarter(TODAY)
DAY = datetime.timedelta(days=1)
TRADITIONAL_OUTCOMES = [CaseOutcome.REUNIFIED, CaseOutcome.TPR, CaseOutcome.OTHER_PERMANENCY, CaseOutcome.WITHDREW]
CSC_OUTCOMES = [CaseOutcome.PLACEMENT_AVOIDED, CaseOutcome.OTHER]


def closed_case(site, *, outcome, closed_on, assigned_on, source=ReferralSource.TRADITIONAL, later_assignment=False):
    case = CaseFactory(
        family__site=site,
        source=source,
        referred_on=assigned_on - 2 * DAY,
        status=CaseStatus.CLOSED,
        closed_on=closed_on,
        closed_by="mutual",
        outcome=outcome,
    )
    if later_assignment:
        # A reassignment: the days still run from the first assignment.
        AssignmentFactory(case=case, assigned_on=assigned_on + 20 * DAY, ended_on=closed_on, end_reason="case_closed")
    AssignmentFactory(case=case, assigned_on=assigned_on, ended_on=assigned_on + 20 * DAY, end_reason="knows_family")
    return case


def make_cases(world, seed=11):
    """Cases closed inside and outside the quarter at a1, a2 and b1, with re-entries in and out of the
    12-month window. Returns the specs of those closed in the quarter, for the expected figures."""
    rng = random.Random(seed)  # noqa: S311 - test data, not security
    specs = []
    for site in (world.site_a1, world.site_a2, world.site_b1):
        for n in range(9):
            csc = n % 4 == 3
            outcome = rng.choice(CSC_OUTCOMES if csc else TRADITIONAL_OUTCOMES)
            closed_on = QUARTER.start + rng.randint(0, (QUARTER.end - QUARTER.start).days - 1) * DAY
            assigned_on = closed_on - rng.randint(30, 400) * DAY
            source = ReferralSource.CHILD_SAFETY_CONFERENCE if csc else ReferralSource.TRADITIONAL
            case = closed_case(
                site,
                outcome=outcome,
                closed_on=closed_on,
                assigned_on=assigned_on,
                source=source,
                later_assignment=n % 3 == 0,
            )
            reentry = rng.choice([None, 30, 200, 400, -10])
            if reentry is not None:
                Reentry.objects.create(
                    family=case.family, reentered_on=closed_on + reentry * DAY, recorded_by=UserFactory()
                )
            specs.append(
                {
                    "site": site.pk,
                    "area": site.service_area_id,
                    "source": source,
                    "outcome": outcome,
                    "days": (closed_on - assigned_on).days,
                    "reentered": reentry in (30, 200),
                }
            )
        # Outside the quarter: never counted.
        closed_case(
            site, outcome=CaseOutcome.REUNIFIED, closed_on=QUARTER.start - DAY, assigned_on=QUARTER.start - 90 * DAY
        )
        closed_case(site, outcome=CaseOutcome.TPR, closed_on=QUARTER.end, assigned_on=QUARTER.start - 90 * DAY)
    return specs


def expected(specs):
    traditional = [s for s in specs if s["source"] == ReferralSource.TRADITIONAL]
    reunified = [s for s in traditional if s["outcome"] == CaseOutcome.REUNIFIED]
    csc = [s for s in specs if s["source"] == ReferralSource.CHILD_SAFETY_CONFERENCE]
    return outcomes.Figures(
        closed=len(specs),
        traditional=len(traditional),
        reunified=len(reunified),
        median_days=float(statistics.median([s["days"] for s in reunified])) if reunified else None,
        reentered=sum(1 for s in reunified if s["reentered"]),
        tpr=sum(1 for s in traditional if s["outcome"] == CaseOutcome.TPR),
        csc=len(csc),
        placements_avoided=sum(1 for s in csc if s["outcome"] == CaseOutcome.PLACEMENT_AVOIDED),
    )


def test_r_out_1_figures_per_site_area_and_state_match_independent_counts(world):
    specs = make_cases(world)
    cases = Case.objects.all()
    by_site = outcomes.figures(cases, QUARTER, "site")
    by_area = outcomes.figures(cases, QUARTER, "area")
    state = outcomes.figures(cases, QUARTER)[None]
    for site in (world.site_a1, world.site_a2, world.site_b1):
        assert by_site[site.pk] == expected([s for s in specs if s["site"] == site.pk]), site
    for area in (world.area_a, world.area_b):
        assert by_area[area.pk] == expected([s for s in specs if s["area"] == area.pk]), area
    assert state == expected(specs)
    assert state.closed == 27


def test_r_out_1_rates_are_shares_of_the_right_cases():
    figures = outcomes.Figures(closed=10, traditional=8, reunified=6, reentered=3, tpr=1, csc=2, placements_avoided=1)
    assert figures.reunification_rate == 75.0
    assert figures.reentry_rate == 50.0
    assert figures.tpr_rate == 12.5
    assert figures.placements_avoided_rate == 50.0
    assert outcomes.Figures().reunification_rate is None


def test_r_out_1_reentry_counts_up_to_twelve_months_after_reunification(world):
    closed_on = datetime.date(2025, 2, 28)
    quarter = outcomes.Quarter.containing(closed_on)
    inside = closed_case(
        world.site_a1, outcome=CaseOutcome.REUNIFIED, closed_on=closed_on, assigned_on=closed_on - 100 * DAY
    )
    outside = closed_case(
        world.site_a1, outcome=CaseOutcome.REUNIFIED, closed_on=closed_on, assigned_on=closed_on - 100 * DAY
    )
    same_day = closed_case(
        world.site_a1, outcome=CaseOutcome.REUNIFIED, closed_on=closed_on, assigned_on=closed_on - 100 * DAY
    )
    recorder = UserFactory()
    Reentry.objects.create(family=inside.family, reentered_on=datetime.date(2026, 2, 28), recorded_by=recorder)
    Reentry.objects.create(family=outside.family, reentered_on=datetime.date(2026, 3, 1), recorded_by=recorder)
    Reentry.objects.create(family=same_day.family, reentered_on=closed_on, recorded_by=recorder)
    figures = outcomes.figures(Case.objects.all(), quarter)[None]
    assert (figures.reunified, figures.reentered) == (3, 1)
    assert figures.median_days == 100


def test_r_out_1_trend_gives_every_quarter_in_one_query(world, django_assert_num_queries):
    make_cases(world)
    quarters = QUARTER.last(8)
    with django_assert_num_queries(1):
        rows = outcomes.trend(Case.objects.all(), quarters)
    assert [q for q, _ in rows] == quarters
    assert rows[-1][1] == outcomes.figures(Case.objects.all(), QUARTER)[None]
    assert rows[-2][1].closed == 3  # the cases closed the day before the quarter, one per site


def test_outcomes_page_is_scoped_to_the_coordinators_sites(login, world):
    make_cases(world)
    response = login(world.users[Role.SITE_COORDINATOR]).get(reverse("reporting:outcomes"), {"quarter": str(QUARTER)})
    assert response.status_code == 200
    assert response.context["total_rows"][0][1].closed == 9
    assert [site for site, _ in response.context["site_rows"]] == [world.site_a1]
    assert response.context["area_rows"] == []
    assert b'data-chart="chart-outcomes"' in response.content
    assert b'id="chart-outcomes" type="application/json"' in response.content


def test_outcomes_page_query_count_does_not_grow_with_cases(login, world, django_assert_num_queries):
    """Session, user; outcomes by site, the sites, by area, the areas, in all, the trend; session save (3)."""
    client = login(world.users[Role.STATEWIDE_COORDINATOR])
    make_cases(world)
    with django_assert_num_queries(11):
        client.get(reverse("reporting:outcomes"))
    make_cases(world, seed=12)
    with django_assert_num_queries(11):
        client.get(reverse("reporting:outcomes"))


def test_outcomes_page_answers_a_bad_quarter_with_a_message(login, world):
    response = login(world.users[Role.STATEWIDE_COORDINATOR]).get(reverse("reporting:outcomes"), {"quarter": "2026-Q9"})
    assert response.status_code == 200
    assert response.context["quarter"] == QUARTER
    assert b"That is not a quarter" in response.content


def test_r_out_1_coordinator_records_a_reentry_with_history(login, world):
    family = reunified_family_at(world, "a1")
    client = login(world.users[Role.SITE_COORDINATOR])
    assert (
        reverse("reporting:reentry-create", args=[family.pk]).encode() in client.get(family.get_absolute_url()).content
    )
    response = client.post(
        reverse("reporting:reentry-create", args=[family.pk]),
        {"reentered_on": (TODAY - 5 * DAY).isoformat(), "note": "Placed with a relative."},
    )
    assert response.status_code == 302
    reentry = Reentry.objects.get(family=family)
    assert reentry.recorded_by == world.users[Role.SITE_COORDINATOR]
    entry = HistoryEntry.objects.get(object_id=str(reentry.pk), content_type__model="reentry")
    assert entry.action == HistoryEntry.Action.CREATE


def test_r_out_1_reentry_needs_an_earlier_reunification(login, world):
    family = reunified_family_at(world, "a1")
    closed_on = family.cases.get().closed_on
    client = login(world.users[Role.SITE_COORDINATOR])
    url = reverse("reporting:reentry-create", args=[family.pk])
    response = client.post(url, {"reentered_on": (closed_on - DAY).isoformat()})
    assert response.status_code == 200
    assert "after a reunification" in str(response.context["form"].errors)
    response = client.post(url, {"reentered_on": (TODAY + DAY).isoformat()})
    assert "once it has happened" in str(response.context["form"].errors)
    response = client.post(url, {"reentered_on": "not a date"})
    assert response.status_code == 200
    assert not Reentry.objects.exists()
