"""The quarterly report (R-SUP-5): what it is made of and how it is computed.

A report is for one calendar quarter (reporting.services.quarters) and one scope: a site, a service
area or the state. Each figure is declared once, in `figures` and `oversight_figures`, as
(base, Q filter, Count or Sum):

- a *base* is a model's rows that belong to the quarter and the scope (with the annotations its
  filters need, e.g. "had an assignment active in the quarter" as an EXISTS subquery);
- the figure's value is `Count("pk", filter=q)` (or a Sum) over that base;
- the records behind the figure are `base.filter(q)`, the same definition, narrowed by the user's own
  scope through parentpartner.access.

All the figures of one base are computed together in one `aggregate()` query, so the report costs one
query per base (about ten) whatever the number of rows, and nothing is counted in Python.

A quarter still in progress is reported "to date": figures that depend on the quarter's end (held at
the end, open at the end, months and weeks expected) use the report date instead (`Period.as_of`).
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, cast

from django.db.models import Aggregate, Count, Q, QuerySet
from django.utils import timezone

from parentpartner.access import (
    area_of,
    has_permission,
    is_statewide,
    sees_service_area,
    sees_site,
    service_areas_visible_to,
    site_ids_of,
)
from parentpartner.dates import next_month
from parentpartner.models import ServiceArea, Site
from parentpartner.params import whole_number
from reporting.services.quarters import Quarter, last_complete_quarter

ONE_DAY = datetime.timedelta(days=1)
SERVICE_AREAS = 5  # R-ORG-1; R-FAM-8 puts the statewide CSC cap at 250 = 5 x 50


# --- the period ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """A quarter seen from `today`: a past quarter is complete; the current one is reported to date."""

    quarter: Quarter
    today: datetime.date

    @property
    def start(self) -> datetime.date:
        return self.quarter.start

    @property
    def end(self) -> datetime.date:
        """Exclusive: a row belongs to the quarter when start <= day < end."""
        return self.quarter.end

    @property
    def as_of(self) -> datetime.date:
        """The day "at the end of the quarter" figures are read on: its last day, or today if sooner."""
        return min(self.quarter.last_day, self.today)

    @property
    def in_progress(self) -> bool:
        """Until the quarter's last day is over (its last month's forms are not due yet on that day)."""
        return self.today < self.quarter.end

    @property
    def ended_months(self) -> list[datetime.date]:
        """Months of the quarter that have ended: a monthly form is due for those only (R-FAM-7)."""
        return [month for month in self.quarter.months if next_month(month) <= self.today]

    @property
    def started_months(self) -> list[datetime.date]:
        return [month for month in self.quarter.months if month <= self.as_of]

    @property
    def weeks(self) -> list[datetime.date]:
        """The Mondays of the quarter up to `as_of`: the weeks of weekly supervision (R-SUP-1)."""
        monday = self.start + datetime.timedelta(days=(7 - self.start.weekday()) % 7)
        weeks = []
        while monday <= self.as_of:
            weeks.append(monday)
            monday += datetime.timedelta(days=7)
        return weeks

    @property
    def as_of_datetime(self) -> datetime.datetime:
        """The first moment after `as_of`, for timestamp columns (local time)."""
        return timezone.make_aware(datetime.datetime.combine(self.as_of + ONE_DAY, datetime.time()))


# --- the scope ---------------------------------------------------------------------------------------


class BadScope(ValueError):
    """The scope parameter is malformed (a message for the user)."""


@dataclass(frozen=True)
class ReportScope:
    """What the report covers: `site`, `area` or neither (the state)."""

    site: Site | None = None
    area: ServiceArea | None = None

    @property
    def key(self) -> str:
        if self.site is not None:
            return f"site-{self.site.pk}"
        if self.area is not None:
            return f"area-{self.area.pk}"
        return "state"

    @property
    def kind(self) -> str:
        return "site" if self.site is not None else "area" if self.area is not None else "state"

    def __str__(self) -> str:
        if self.site is not None:
            return f"{self.site} ({self.site.service_area} service area)"
        if self.area is not None:
            return f"{self.area} service area"
        return "The state"

    @property
    def areas(self) -> int:
        """How many service areas the scope spans, for the CSC cap (R-FAM-8: 50 per area, 250 for the
        state's five areas, R-ORG-1); 0 for a site, whose cap is its area's."""
        return 0 if self.site is not None else 1 if self.area is not None else SERVICE_AREAS

    def q(self, site_path: str) -> Q:
        """Rows whose site (reached through `site_path`) is in the scope."""
        if self.site is not None:
            return Q(**{f"{site_path}_id": self.site.pk})
        if self.area is not None:
            return Q(**{f"{site_path}__service_area_id": self.area.pk})
        return Q()

    @classmethod
    def parse(cls, value: str) -> tuple[str, int | None]:
        """'state', 'area-3', 'site-12' -> (kind, pk); anything else raises BadScope."""
        value = (value or "").strip().lower()
        if value == "state":
            return "state", None
        kind, _, number = value.partition("-")
        pk = whole_number(number)  # ASCII digits only: "area-²" or "area-١" is malformed, not a 500
        if kind in ("area", "site") and pk is not None:
            return kind, pk
        raise BadScope("Choose the state, a service area or a site from the list.")

    @classmethod
    def lookup(cls, user: Any, value: str) -> "ReportScope | None":
        """The scope named by `value` if the user may report on it, else None (the page answers 404,
        as for any row out of scope). BadScope if `value` is malformed."""
        kind, pk = cls.parse(value)
        if not may_report_on(user, kind, pk):
            return None
        if kind == "state":
            return cls()
        number = cast(int, pk)  # parse gives a number with "area" and "site"
        if kind == "area":
            area = ServiceArea.objects.filter(pk=number).first()
            return cls(area=area) if area else None
        site = Site.objects.select_related("service_area").filter(pk=number).first()
        return cls(site=site) if site else None

    @classmethod
    def default_for(cls, user: Any) -> str:
        """The user's own scope: the state, their area, or their first site."""
        if is_statewide(user):
            return "state"
        if area := area_of(user):
            return f"area-{area}"
        if site_ids := site_ids_of(user):
            # The ids are the user's own sites, rows that exist.
            site = cast(Site, Site.objects.filter(pk__in=site_ids).order_by("name").first())
            return f"site-{site.pk}"
        return "state"


def may_report_on(user: Any, kind: str, pk: int | None) -> bool:
    """A statewide role reports on anything; an area role on its area and the area's sites; a site
    role on its own sites (parentpartner.access decides the scope itself)."""
    if kind == "state":
        return is_statewide(user)
    if kind == "area":
        return sees_service_area(user, pk)
    return kind == "site" and sees_site(user, pk, Site.objects.all())


def scope_choices(user: Any) -> list[tuple[str, str]]:
    """The scopes the user may choose, for the form: (value, label); parentpartner.access decides
    which areas and sites are the user's."""
    choices = [("state", "The state")] if is_statewide(user) else []
    areas = service_areas_visible_to(user, ServiceArea.objects.order_by("name"))
    choices += [(f"area-{a.pk}", f"{a} service area") for a in areas]
    sites = Site.objects.visible_to(user).select_related("service_area").order_by("service_area__name", "name")
    choices += [(f"site-{s.pk}", f"{s} (site)") for s in sites]
    return choices


# --- bases and figures ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Base:
    """A model's rows for one period and scope.

    `rows(period)` gives the rows of the period with the annotations the figures filter on;
    `scope_q(scope)` keeps the scope's rows; `visible(user, queryset)` narrows to what the user may
    see (parentpartner.access); `permission` is the one needed to open the records.
    """

    key: str
    label: str  # what one record is, in the plural: "families", "contacts"
    rows: Callable[[Period], QuerySet]
    site_path: str
    permission: str
    visible: Callable
    link: Callable  # record -> URL of its existing detail page
    title: Callable = str  # record -> the linked text of its row
    columns: tuple = ()  # (heading, record -> text), after the linked title
    select_related: tuple = ()
    scope_q: Callable | None = None

    def in_scope(self, period: Period, scope: ReportScope) -> QuerySet:
        q = self.scope_q(scope) if self.scope_q else scope.q(self.site_path)
        return self.rows(period).filter(q)


@dataclass(frozen=True)
class Figure:
    """One number of the report: `Count("pk", filter=q)` over its base, unless `value(q)` gives
    another aggregate (a Sum, or a sum of monthly counts). `records` is the filter of the drill-down
    when it differs from `q`."""

    key: str
    label: str
    base: Base
    q: Q = field(default_factory=Q)
    value: Callable | None = None
    unit: str = ""  # "" (a count), "hours", "miles"
    records: Q | None = None
    note: str = ""
    from_minutes: bool = False  # a Sum of minutes shown in hours

    def expression(self) -> Aggregate:
        if self.value is not None:
            return self.value(self.q)  # a Sum over no row is NULL: compute() reads it as 0
        return Count("pk", filter=self.q)

    @property
    def drill_q(self) -> Q:
        return self.records if self.records is not None else self.q


@dataclass(frozen=True)
class Ratio:
    """A percentage of two figures of the report, computed from their values (no query)."""

    key: str
    label: str
    numerator: str
    denominator: str
    unit: str = "percent"
    note: str = ""


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    items: tuple  # Figure | Ratio
    rule: str = ""
    note: str = ""


def figures_of(sections: Iterable["Section"]) -> dict[str, Figure]:
    return {item.key: item for section in sections for item in section.items if isinstance(item, Figure)}


def compute(sections: Iterable["Section"], period: Period, scope: ReportScope) -> dict[str, Any]:
    """Every figure's value: one aggregate query per base."""
    by_base: dict[str, list[Figure]] = {}
    bases: dict[str, Base] = {}
    for figure in figures_of(sections).values():
        by_base.setdefault(figure.base.key, []).append(figure)
        bases[figure.base.key] = figure.base
    values: dict[str, Any] = {}
    for key, figures in by_base.items():
        values.update(
            bases[key].in_scope(period, scope).aggregate(**{figure.key: figure.expression() for figure in figures})
        )
    for section in sections:
        for item in section.items:
            if isinstance(item, Figure) and values[item.key] is None:
                values[item.key] = 0
            if isinstance(item, Ratio):
                top, bottom = values[item.numerator], values[item.denominator]
                values[item.key] = (Decimal(100) * top / bottom).quantize(Decimal("0.1")) if bottom else None
            elif getattr(item, "from_minutes", False):
                values[item.key] = (Decimal(values[item.key]) / 60).quantize(Decimal("0.01"))
    return values


def records(figure: Figure, period: Period, scope: ReportScope, user: Any) -> QuerySet:
    """The records behind a figure, within the user's own scope too (parentpartner.access)."""
    base = figure.base
    queryset = base.visible(user, base.in_scope(period, scope).filter(figure.drill_q))
    return queryset.select_related(*base.select_related).order_by("pk").distinct()


def may_open(user: Any, figure: Figure) -> bool:
    return has_permission(user, figure.base.permission)


def default_quarter(today: datetime.date | None = None) -> Quarter:
    return last_complete_quarter(today or timezone.localdate())
