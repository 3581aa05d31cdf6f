"""The figures of the dashboards: the service area coordinator's (per site and county of the area),
the statewide coordinator's (per area and site, and what waits for their approval) and the contract
manager's (approvals waiting for signature, outcomes).

Every figure is counted by the database, grouped by site, area or county, one query per figure and
level, whatever the number of rows. The rules are not re-derived here: each figure is the queryset
of the app that owns the rule (mentoring.services, training.services, ...), grouped.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, IntegerField, QuerySet, Value
from django.db.models.functions import TruncQuarter
from django.shortcuts import get_object_or_404

from eligibility import services as eligibility_services
from eligibility.models import ReviewCase
from mentoring.models import Assignment, Case, CaseStatus, ReferralSource, SafetyConcern
from mentoring.models.cases import CSC_CAPACITY_PER_AREA
from mentoring.services import cases as mentoring_services
from mentoring.services import reassignments
from parentpartner.dates import previous_month
from parentpartner.models import County, ParentPartner, PartnerStatus, ServiceArea, Site
from parentpartner.services import lead, progression
from reporting.services import meetings, outcomes
from reporting.services.charts import chart
from reporting.services.quarters import Quarter, current_quarter, last_complete_quarter
from training import services as training_services

CSC_CAP = CSC_CAPACITY_PER_AREA


@dataclass(frozen=True)
class Figure:
    name: str
    label: str
    prefix: str  # the path from the counted row to the family or the Parent Partner ("family__", "")


FIGURES = [
    Figure("active_families", "Active families", "family__"),
    Figure("partners", "Active Parent Partners", ""),
    Figure("mentoring", "Of whom may mentor", ""),
    Figure("caseload", "Families assigned now", "case__family__"),
    Figure("overdue_first_contacts", "Overdue first contacts", "case__family__"),
    Figure("missing_forms", "Missing monthly forms (last month)", "case__family__"),
    Figure("overdue_trainings", "Overdue first-year trainings", ""),
    Figure("open_concerns", "Open safety concerns", "case__family__"),
    Figure("open_review_cases", "Open review cases", "parent_partner__"),
    Figure("csc_active", "Child Safety Conference families", "family__"),
]


def csc_active_cases(cases: QuerySet) -> QuerySet:
    """R-FAM-8: the Child Safety Conference cases that take a slot (as
    mentoring.services.csc_families_active_in_area counts them, for any number of areas)."""
    return cases.filter(source=ReferralSource.CHILD_SAFETY_CONFERENCE).exclude(status=CaseStatus.CLOSED)


def figure_querysets(user: Any, today: datetime.date) -> dict[str, QuerySet]:
    """The rows each figure counts, in the user's scope, from the functions that own the rules."""
    cases = Case.objects.visible_to(user)
    partners = ParentPartner.objects.visible_to(user)
    assignments = Assignment.objects.filter(case__in=cases)
    missing = mentoring_services.missing_forms(assignments, previous_month(today))
    overdue_trainings = training_services.overdue_partners(partners, today)
    return {
        "active_families": cases.filter(status=CaseStatus.ACTIVE),
        "partners": partners.filter(status=PartnerStatus.ACTIVE),
        "mentoring": partners.filter(status=PartnerStatus.ACTIVE, current_role__in=training_services.MENTORING_ROLES),
        "caseload": assignments.filter(ended_on__isnull=True),
        "overdue_first_contacts": mentoring_services.overdue_first_contacts(assignments, today),
        # Both functions return querysets with their own joins and grouping: counted through their keys.
        "missing_forms": Assignment.objects.filter(pk__in=missing.values("pk")),
        "overdue_trainings": ParentPartner.objects.filter(pk__in=overdue_trainings.values("pk")),
        "open_concerns": SafetyConcern.objects.open().visible_to(user),
        "open_review_cases": ReviewCase.objects.visible_to(user).open(),
        "csc_active": csc_active_cases(cases),
    }


KEYS = {"site": "site", "area": "site__service_area", "county": "county"}


def grouped_counts(querysets: dict[str, QuerySet]) -> dict[str, dict[str, dict[Any, int]]]:
    """{level: {figure name: {site, area or county id: count}}} for the three levels at once, in ONE
    query whatever the number of figures and rows: per figure, its own rows (the owning app's
    queryset) grouped by (site, area, county), the figures' SELECTs joined by UNION ALL, each in its
    own column. A counted row belongs to one site and one county (a family's, a Parent Partner's), so
    the counts per site, per area and per county are sums of these cells."""
    parts: list[QuerySet] = []
    for figure in FIGURES:
        prefix = figure.prefix
        part = (
            querysets[figure.name]
            .order_by()
            .values(g_site=F(prefix + "site"), g_area=F(prefix + "site__service_area"), g_county=F(prefix + "county"))
        )
        columns = {
            f"n_{other.name}": Count("pk", distinct=True) if other is figure else Value(0, output_field=IntegerField())
            for other in FIGURES
        }
        parts.append(part.annotate(**columns))
    result: dict[str, dict[str, dict[Any, int]]] = {level: {figure.name: {} for figure in FIGURES} for level in KEYS}
    for row in parts[0].union(*parts[1:], all=True):
        for figure in FIGURES:
            n = row[f"n_{figure.name}"]
            if n:
                for level in KEYS:
                    cell = result[level][figure.name]
                    cell[row[f"g_{level}"]] = cell.get(row[f"g_{level}"], 0) + n
    return result


def counts_by(querysets: dict[str, QuerySet], level: str) -> dict[str, dict[Any, int]]:
    """{figure name: {site, area or county id: count}} (see grouped_counts)."""
    return grouped_counts(querysets)[level]


@dataclass
class Row:
    """A site, area or county and its figures, in the order of FIGURES."""

    obj: Any
    counts: dict[str, int]


def _rows(objects: Any, counts: dict[str, dict[Any, int]]) -> list[Row]:
    return [Row(obj, {figure.name: counts[figure.name].get(obj.pk, 0) for figure in FIGURES}) for obj in objects]


def _totals(rows: list[Row]) -> dict[str, int]:
    return {figure.name: sum(row.counts[figure.name] for row in rows) for figure in FIGURES}


def quarter_chart(
    cases: QuerySet, quarters: list[Quarter], trend: list[tuple[Quarter, outcomes.Figures]] | None = None
) -> dict[str, Any]:
    """Families referred and closed per quarter over `quarters`: one grouped query for the referrals;
    the closings are the outcome trend's `closed` (the same cases: closed in the quarter), counted
    again only when no trend is given."""
    start, end = quarters[0].start, quarters[-1].end
    referred = dict(
        cases.filter(referred_on__gte=start, referred_on__lt=end)
        .annotate(q=TruncQuarter("referred_on"))
        .order_by()
        .values("q")
        .annotate(n=Count("pk"))
        .values_list("q", "n")
    )
    if trend is not None:
        closed = {quarter.start: figures.closed for quarter, figures in trend}
    else:
        closed = dict(
            cases.filter(status=CaseStatus.CLOSED, closed_on__gte=start, closed_on__lt=end)
            .annotate(q=TruncQuarter("closed_on"))
            .order_by()
            .values("q")
            .annotate(n=Count("pk"))
            .values_list("q", "n")
        )
    return chart(
        "bar",
        [str(q) for q in quarters],
        [
            {"label": "Families referred", "data": [referred.get(q.start, 0) for q in quarters]},
            {"label": "Cases closed", "data": [closed.get(q.start, 0) for q in quarters]},
        ],
    )


def charts(user: Any, today: datetime.date) -> dict[str, Any]:
    """The last 8 quarters, the current one included: referrals and closings, and the outcome rates."""
    quarters = current_quarter(today).last(8)
    cases = Case.objects.visible_to(user)
    trend = outcomes.trend(cases, quarters)
    return {"activity": quarter_chart(cases, quarters, trend), "outcomes": outcomes.chart_data(trend), "trend": trend}


def area_dashboard(user: Any, today: datetime.date) -> dict[str, Any]:
    """The service area coordinator's dashboard: per site and per county of their area, under the
    families to reassign now because their Parent Partner may no longer mentor (R-REV-4, R-ELIG-2)."""
    # A login made in the admin without its area: 404, like any scope that does not exist.
    area = get_object_or_404(ServiceArea, pk=user.service_area_id)
    counts = grouped_counts(figure_querysets(user, today))
    sites = _rows(Site.objects.visible_to(user).filter(is_active=True).order_by("name"), counts["site"])
    counties = _rows(County.objects.filter(service_area=area).order_by("name"), counts["county"])
    totals = _totals(sites)
    return {
        "area": area,
        "figures": FIGURES,
        "sites": sites,
        "counties": counties,
        "totals": totals,
        "csc_cap": CSC_CAP,
        "counties_without_partner": [row.obj for row in counties if row.counts["partners"] == 0],
        "overdue_meetings": meetings.overdue_meetings(user, today),
        "urgent": reassignments.urgent_reassignments(Assignment.objects.filter(case__in=Case.objects.visible_to(user))),
        **charts(user, today),
    }


def statewide_review_steps() -> set[str]:
    """The review case steps whose next step is the statewide coordinator's (protocol E's machine)."""
    return eligibility_services.steps_awaiting("review_case.statewide_step")


def waiting_for(user: Any, shown: int = 10) -> dict[str, list[Any]]:
    """What waits for this user's approval or signature, from the worklists of the apps that own them."""
    forms = progression.forms_waiting_for(user).select_related("parent_partner").order_by("started_at")
    cases = lead.cases_waiting_for(user).select_related("site").order_by("requested_on")
    return {"forms": list(forms[:shown]), "lead_cases": list(cases[:shown])}


def state_dashboard(user: Any, today: datetime.date) -> dict[str, Any]:
    """The statewide coordinator's dashboard: the same figures per area and site, and their worklist."""
    counts = grouped_counts(figure_querysets(user, today))
    areas = _rows(ServiceArea.objects.order_by("name"), counts["area"])
    sites = _rows(
        Site.objects.visible_to(user).filter(is_active=True).select_related("service_area").order_by("name"),
        counts["site"],
    )
    all_counties = County.objects.select_related("service_area").order_by("service_area__name", "name")
    counties = _rows(all_counties, counts["county"])
    review_cases = (
        ReviewCase.objects.visible_to(user)
        .filter(step__in=statewide_review_steps())
        .select_related("parent_partner")
        .order_by("opened_on", "pk")
    )
    return {
        "figures": FIGURES,
        "areas": areas,
        "sites": sites,
        "totals": _totals(areas),
        "csc_cap": CSC_CAP,
        "state_csc_cap": CSC_CAP * len(areas),
        "counties_without_partner": [row.obj for row in counties if row.counts["partners"] == 0],
        "overdue_meetings": meetings.overdue_meetings(user, today),
        "waiting": {
            **waiting_for(user),
            "review_cases": list(review_cases[:10]),
            "missing_certification": lead.coordinators_missing_certification(user).count(),
        },
        **charts(user, today),
    }


def contract_dashboard(user: Any, today: datetime.date) -> dict[str, Any]:
    """The contract manager's dashboard: approvals waiting for their signature, and the outcomes of
    the last complete quarter per area and for the state, with the trend."""
    quarter = last_complete_quarter(today)
    cases = Case.objects.visible_to(user)
    by_area = outcomes.figures(cases, quarter, "area")
    areas = list(ServiceArea.objects.order_by("name"))
    return {
        "waiting": waiting_for(user),
        "quarter": quarter,
        "state_figures": outcomes.figures(cases, quarter)[None],
        "area_figures": [(area, by_area.get(area.pk, outcomes.Figures())) for area in areas],
        **charts(user, today),
    }
