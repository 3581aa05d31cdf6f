"""Program outcomes (R-OUT-1) of the families whose case closed in a period, by site, service area or
for the state, all computed by the database.

- Reunification rate: traditional-program cases closed as reunified, over traditional cases closed.
- Median days from assignment to reunification: from the case's first assignment to its closing, over
  the reunified cases (PostgreSQL `percentile_cont(0.5)`).
- Re-entry within 12 months: reunified cases whose family has a recorded re-entry into care after the
  closing and at most 12 months later, over the reunified cases. For recent closings the 12 months
  have not all passed yet: the figure counts what is known so far.
- TPR rate: traditional cases closed with termination of parental rights, over traditional cases closed.
- Placements avoided: Child Safety Conference cases closed with placement avoided, over the CSC cases
  closed (R-FAM-8).
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    Aggregate,
    Count,
    DateField,
    Exists,
    F,
    FloatField,
    Func,
    IntegerField,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import TruncQuarter

from mentoring.models import Assignment, CaseOutcome, CaseStatus, ReferralSource
from reporting.models import Reentry
from reporting.services.charts import chart
from reporting.services.quarters import Quarter


class Median(Aggregate):
    """PostgreSQL's continuous median of a numeric expression."""

    function = "percentile_cont"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


TRADITIONAL = Q(source=ReferralSource.TRADITIONAL)
CSC = Q(source=ReferralSource.CHILD_SAFETY_CONFERENCE)
REUNIFIED = TRADITIONAL & Q(outcome=CaseOutcome.REUNIFIED)

# The paths from a case to the key of each level's rows.
LEVELS = {"site": "family__site", "area": "family__site__service_area", "state": None}


@dataclass
class Figures:
    closed: int = 0
    traditional: int = 0
    reunified: int = 0
    median_days: float | None = None
    reentered: int = 0
    tpr: int = 0
    csc: int = 0
    placements_avoided: int = 0

    @staticmethod
    def _rate(part: int, whole: int) -> float | None:
        return round(100 * part / whole, 1) if whole else None

    @property
    def reunification_rate(self) -> float | None:
        return self._rate(self.reunified, self.traditional)

    @property
    def reentry_rate(self) -> float | None:
        return self._rate(self.reentered, self.reunified)

    @property
    def tpr_rate(self) -> float | None:
        return self._rate(self.tpr, self.traditional)

    @property
    def placements_avoided_rate(self) -> float | None:
        return self._rate(self.placements_avoided, self.csc)


def closed_cases(cases: QuerySet, start: datetime.date, end: datetime.date) -> QuerySet:
    """Cases closed on or after `start` and before `end`."""
    return cases.filter(status=CaseStatus.CLOSED, closed_on__gte=start, closed_on__lt=end)


def days_to_close() -> Func:
    """Days from the case's first assignment to its closing (date minus date is days in PostgreSQL)."""
    first_assigned = (
        Assignment.objects.filter(case=OuterRef("pk")).order_by().values("case").annotate(d=Min("assigned_on"))
    )
    return Func(
        F("closed_on"),
        Subquery(first_assigned.values("d")),
        template="(%(expressions)s)",
        arg_joiner=" - ",
        output_field=IntegerField(),
    )


def reentered_within_12_months() -> Exists:
    """A re-entry of the case's family after the closing and at most 12 months later."""
    twelve_months_later = Func(
        OuterRef("closed_on"), template="(%(expressions)s + interval '12 months')::date", output_field=DateField()
    )
    return Exists(
        Reentry.objects.filter(
            family=OuterRef("family"), reentered_on__gt=OuterRef("closed_on"), reentered_on__lte=twelve_months_later
        )
    )


def aggregates() -> dict[str, Any]:
    """The figures as aggregate expressions over closed cases (written inline, not over annotations,
    so that Django can aggregate them in one SELECT)."""
    return {
        "closed": Count("pk"),
        "traditional": Count("pk", filter=TRADITIONAL),
        "reunified": Count("pk", filter=REUNIFIED),
        "median_days": Median(days_to_close(), filter=REUNIFIED),
        "reentered": Count("pk", filter=REUNIFIED & Q(reentered_within_12_months())),
        "tpr": Count("pk", filter=TRADITIONAL & Q(outcome=CaseOutcome.TPR)),
        "csc": Count("pk", filter=CSC),
        "placements_avoided": Count("pk", filter=CSC & Q(outcome=CaseOutcome.PLACEMENT_AVOIDED)),
    }


FIELDS = ["closed", "traditional", "reunified", "median_days", "reentered", "tpr", "csc", "placements_avoided"]


def _figures(row: dict[str, Any]) -> Figures:
    return Figures(**{name: row[name] for name in FIELDS})


def figures(cases: QuerySet, quarter: Quarter, level: str = "state") -> dict[int | None, Figures]:
    """R-OUT-1 for the cases closed in `quarter`: {key: Figures} with the site or area id as key
    (`level` "site" or "area"), or {None: Figures} for the whole of `cases`. One query."""
    rows = closed_cases(cases, quarter.start, quarter.end)
    path = LEVELS[level]
    if path is None:
        return {None: _figures(rows.aggregate(**aggregates()))}
    grouped = rows.order_by().values(path).annotate(**aggregates())
    return {row[path]: _figures(row) for row in grouped}


def trend(cases: QuerySet, quarters: list[Quarter]) -> list[tuple[Quarter, Figures]]:
    """R-OUT-1 per quarter for consecutive `quarters` (oldest first), in one query."""
    rows = closed_cases(cases, quarters[0].start, quarters[-1].end)
    grouped = rows.annotate(quarter=TruncQuarter("closed_on")).order_by().values("quarter").annotate(**aggregates())
    by_start = {row["quarter"]: _figures(row) for row in grouped}
    return [(quarter, by_start.get(quarter.start, Figures())) for quarter in quarters]


def chart_data(rows: list[tuple[Quarter, Figures]]) -> dict[str, Any]:
    """The trend as json_script data for static/js/charts.js."""
    return chart(
        "line",
        [str(quarter) for quarter, _ in rows],
        [
            {"label": "Reunification rate", "data": [f.reunification_rate for _, f in rows]},
            {"label": "Re-entry within 12 months", "data": [f.reentry_rate for _, f in rows]},
            {"label": "TPR rate", "data": [f.tpr_rate for _, f in rows]},
            {"label": "Placements avoided (CSC)", "data": [f.placements_avoided_rate for _, f in rows]},
        ],
        suffix="%",
    )
