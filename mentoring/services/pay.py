"""Time and mileage for pay (R-ROLE-7, handbook C.IX): per Parent Partner and month, the hours, miles
and amounts of every program activity on their approved forms, at the rates in force on each
activity's date.

Where the time comes from:
- contacts with families: the lines of the approved monthly activity forms (R-FAM-7), in minutes;
- everything else the handbook pays for (community outreach, presentations, trainings attended,
  supervision, clinical support, program meetings): the lines of the approved community outreach form,
  by their kind (KIND_OF_LINE), in hours. Why those are recorded there is in mentoring.models.outreach.

Rates (mentoring.models.pay.PayRate): each line is paid at the hourly and the per-mile rate in force
on its own date, so a rate that changes in the middle of a month pays the days before and after it
differently. A line's amounts are rounded to the cent, so the amounts of a person, a kind and the whole
report add up exactly. A line dated before any rate of its kind has no amount and is counted apart
(`missing_rates`), never paid at zero silently.

Everything is summed by the database, grouped per person and kind: two queries for the people of a
page (one per kind of form, so the two never multiply each other's rows), two for the totals.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import models
from django.db.models import Case, Count, DecimalField, F, OuterRef, Q, QuerySet, Subquery, Sum, Value, When
from django.db.models.expressions import Combinable
from django.db.models.functions import Cast, Coalesce, Round

from mentoring.models import (
    ActivityForm,
    Contact,
    FormStatus,
    OutreachActivity,
    OutreachForm,
    OutreachKind,
    PayRate,
    RateKind,
)

# Output fields of the pay figures (SQL numeric of these sizes).
MONEY: "DecimalField[Decimal, Decimal]" = DecimalField(max_digits=12, decimal_places=2)
HOURS: "DecimalField[Decimal, Decimal]" = DecimalField(max_digits=9, decimal_places=2)
RATE: "DecimalField[Decimal, Decimal]" = DecimalField(max_digits=7, decimal_places=3)
ZERO = Decimal("0.00")


class PayKind(models.TextChoices):
    """The kinds of paid activity the report shows, in the handbook's words (C.IX)."""

    CONTACTS = "contacts", "Contacts with families"
    OUTREACH = "outreach", "Community outreach"
    PRESENTATIONS = "presentations", "Presentations and trainings given"
    TRAININGS = "trainings", "Trainings attended"
    SUPERVISION = "supervision", "Supervision"
    CLINICAL_SUPPORT = "clinical_support", "Clinical support"
    MEETINGS = "meetings", "Meetings and conferences"


# Each kind of community outreach form line, as the kind of pay it counts as.
KIND_OF_LINE = {
    OutreachKind.COMMITTEE: PayKind.OUTREACH,
    OutreachKind.OTHER: PayKind.OUTREACH,
    OutreachKind.SPEAKING: PayKind.PRESENTATIONS,
    OutreachKind.TRAINING_GIVEN: PayKind.PRESENTATIONS,
    OutreachKind.NEW_WORKER_ORIENTATION: PayKind.PRESENTATIONS,
    OutreachKind.TRAINING_ATTENDED: PayKind.TRAININGS,
    OutreachKind.SUPERVISION: PayKind.SUPERVISION,
    OutreachKind.CLINICAL_SUPPORT: PayKind.CLINICAL_SUPPORT,
    OutreachKind.PROGRAM_MEETING: PayKind.MEETINGS,
}

COLUMNS = [
    "Last name",
    "First name",
    "Site",
    "Month",
    "Activity",
    "Hours",
    "Miles",
    "Time pay",
    "Mileage pay",
    "Total pay",
]
ALL_ACTIVITIES = "All activities"


@dataclass
class Figures:
    """Hours, miles and amounts of one person (or of everyone) for one kind of activity, or summed."""

    hours: Decimal = ZERO
    miles: Decimal = Decimal("0.0")
    time_pay: Decimal = ZERO
    mileage_pay: Decimal = ZERO
    # Lines with hours (or miles) but no rate in force on their date: not in the amounts.
    missing_rates: int = 0

    @property
    def total_pay(self) -> Decimal:
        return self.time_pay + self.mileage_pay

    def __add__(self, other: "Figures") -> "Figures":
        return Figures(
            self.hours + other.hours,
            self.miles + other.miles,
            self.time_pay + other.time_pay,
            self.mileage_pay + other.mileage_pay,
            self.missing_rates + other.missing_rates,
        )


@dataclass
class Statement:
    """One Parent Partner's (or the report's) figures per kind of activity, in the order of PayKind."""

    by_kind: dict = field(default_factory=dict)

    @property
    def kinds(self) -> list[tuple[str, Figures]]:
        return [(PayKind(kind).label, self.by_kind[kind]) for kind in PayKind.values if kind in self.by_kind]

    @property
    def total(self) -> Figures:
        return sum(self.by_kind.values(), Figures())


def rate_on(kind: str, day: str) -> Subquery:
    """The rate of `kind` in force on the date in column `day` of the outer row: the latest that began
    on or before it (index mentoring_payrate_one_per_kind_and_day)."""
    rates = PayRate.objects.filter(kind=kind, effective_from__lte=OuterRef(day)).order_by("-effective_from")
    return Subquery(rates.values("amount")[:1], output_field=RATE)


def _line_figures(lines: QuerySet, hours: Any, day: str) -> tuple[dict[str, Any], QuerySet]:
    """The aggregates of a group of lines: hours, miles, each line's amounts rounded to the cent, and
    the lines that no rate covers. `hours`: the line's hours as an expression; `day`: its date column."""
    lines = lines.annotate(hourly_rate=rate_on(RateKind.HOURLY, day), mileage_rate=rate_on(RateKind.MILEAGE, day))
    no_rate = Q(hourly_rate__isnull=True) | Q(mileage_rate__isnull=True, miles__gt=0)
    # Named apart from the columns (a "miles" aggregate would shadow the lines' miles).
    return {
        "sum_hours": Coalesce(Sum(hours, output_field=HOURS), Value(ZERO), output_field=HOURS),
        "sum_miles": Coalesce(Sum("miles"), Value(Decimal("0.0")), output_field=HOURS),
        "sum_time_pay": Coalesce(
            Sum(Round(hours * F("hourly_rate"), 2), output_field=MONEY), Value(ZERO), output_field=MONEY
        ),
        "sum_mileage_pay": Coalesce(
            Sum(Round(F("miles") * F("mileage_rate"), 2), output_field=MONEY), Value(ZERO), output_field=MONEY
        ),
        "missing_rates": Count("pk", filter=no_rate),
    }, lines


def _contacts(month: datetime.date) -> QuerySet:
    return Contact.objects.filter(form__month=month, form__status=FormStatus.APPROVED)


def _outreach_lines(month: datetime.date) -> QuerySet:
    return OutreachActivity.objects.filter(form__month=month, form__status=FormStatus.APPROVED)


def _contact_hours() -> Any:
    # numeric / integer: a cast first, or PostgreSQL divides integers.
    return Cast(F("minutes"), HOURS) / Value(Decimal(60))


def _pay_kind_of_line() -> Case:
    return Case(
        *[When(kind=kind, then=Value(pay_kind.value)) for kind, pay_kind in KIND_OF_LINE.items()],
        default=Value(PayKind.OUTREACH.value),
        output_field=models.CharField(),
    )


def _grouped(lines: QuerySet, partner_path: str, hours: Any, day: str, by_kind_of_line: bool) -> QuerySet:
    """Rows of (person, pay kind, figures...) over `lines`, one per person and kind."""
    aggregates, lines = _line_figures(lines, hours, day)
    keys: dict[str, Combinable] = {"partner": F(partner_path)}
    keys["pay_kind"] = _pay_kind_of_line() if by_kind_of_line else Value(PayKind.CONTACTS.value)
    return lines.order_by().values(**keys).annotate(**aggregates)


def _add(statements: dict[Any, Statement], row: dict[str, Any], key: Any) -> None:
    figures = Figures(
        row["sum_hours"].quantize(Decimal("0.01")),
        row["sum_miles"],
        row["sum_time_pay"],
        row["sum_mileage_pay"],
        row["missing_rates"],
    )
    statement = statements[key]
    statement.by_kind[row["pay_kind"]] = statement.by_kind.get(row["pay_kind"], Figures()) + figures


def statements(partner_ids: Any, month: datetime.date) -> dict[int, Statement]:
    """Each person's statement of `month`: two grouped queries, whatever the number of people.
    `partner_ids`: a list of primary keys (a page) or a queryset of them (a download)."""
    result: dict[int, Statement] = defaultdict(Statement)
    contacts = _contacts(month).filter(form__assignment__parent_partner__in=partner_ids)
    contact_hours = _contact_hours()
    for row in _grouped(contacts, "form__assignment__parent_partner", contact_hours, "contacted_on", False):
        _add(result, row, row["partner"])
    outreach = _outreach_lines(month).filter(form__parent_partner__in=partner_ids)
    for row in _grouped(outreach, "form__parent_partner", F("hours"), "held_on", True):
        _add(result, row, row["partner"])
    return result


def totals(partners: QuerySet, month: datetime.date) -> Statement:
    """The report's totals per kind over every person of the report (not only the page shown): two
    queries grouped by kind only. The amounts equal the sums of the people's, each line being rounded
    on its own; the hours of contacts are summed in minutes first, as a person's are."""
    result: dict[None, Statement] = defaultdict(Statement)
    ids = partners.values("pk")
    contacts = _contacts(month).filter(form__assignment__parent_partner__in=ids)
    aggregates, contacts = _line_figures(contacts, _contact_hours(), "contacted_on")
    row = contacts.aggregate(**aggregates)
    if any(row[key] for key in ("sum_hours", "sum_miles", "missing_rates")):
        _add(result, {**row, "pay_kind": PayKind.CONTACTS.value}, None)
    outreach = _outreach_lines(month).filter(form__parent_partner__in=ids)
    aggregates, outreach = _line_figures(outreach, F("hours"), "held_on")
    for row in outreach.order_by().values(pay_kind=_pay_kind_of_line()).annotate(**aggregates):
        _add(result, row, None)
    return result[None]


def people(partners: QuerySet, month: datetime.date) -> QuerySet:
    """The Parent Partners with approved forms (activity or outreach) in `month`: two semi-joins on the
    forms of the month (indexes activityform_month_status_idx and outreachform_month_status_idx)."""
    forms = ActivityForm.objects.filter(month=month, status=FormStatus.APPROVED)
    approved_outreach = OutreachForm.objects.filter(month=month, status=FormStatus.APPROVED)
    with_activity = Q(pk__in=forms.values("assignment__parent_partner_id"))
    return partners.filter(with_activity | Q(pk__in=approved_outreach.values("parent_partner_id")))


def rates_of(month: datetime.date, last: datetime.date) -> dict[str, list[PayRate]]:
    """The rates that apply to some day of the month (`month` to `last`): the one in force on its first
    day and any that begin during it, per kind, earliest first. One query over a small table."""
    result: dict[str, list[PayRate]] = {kind: [] for kind in RateKind.values}
    for rate in PayRate.objects.filter(effective_from__lte=last).order_by("kind", "-effective_from"):
        applied = result[rate.kind]
        if not applied or applied[0].effective_from > month:
            applied.insert(0, rate)
    return result


def not_yet_approved(activity_forms: QuerySet, outreach_forms: QuerySet, month: datetime.date) -> int:
    """Forms of the month that are not approved and so not in the report."""
    pending = ~Q(status=FormStatus.APPROVED)
    return activity_forms.filter(pending, month=month).count() + outreach_forms.filter(pending, month=month).count()


def _line(last: str, first: str, site: str, month_label: str, activity: str, figures: Figures) -> list:
    return [
        last,
        first,
        site,
        month_label,
        activity,
        figures.hours.quantize(Decimal("0.01")),
        figures.miles.quantize(Decimal("0.1")),
        figures.time_pay,
        figures.mileage_pay,
        figures.total_pay,
    ]


def table(partners: QuerySet, month: datetime.date) -> list[list]:
    """Header, then for each Parent Partner (by name) a line per kind of activity and one for all of
    them, then the report's totals the same way. Values are numbers where they are numbers."""
    people_rows = list(
        partners.order_by("last_name", "first_name", "pk").values("pk", "last_name", "first_name", "site__name")
    )
    by_person = statements(partners.values("pk"), month)
    label = f"{month:%Y-%m}"
    lines = [list(COLUMNS)]
    for person in people_rows:
        statement = by_person.get(person["pk"], Statement())
        names = (person["last_name"], person["first_name"], person["site__name"], label)
        lines += [_line(*names, kind, figures) for kind, figures in statement.kinds]
        lines.append(_line(*names, ALL_ACTIVITIES, statement.total))
    report = totals(partners, month)
    lines += [_line("Total", "", "", label, kind, figures) for kind, figures in report.kinds]
    lines.append(_line("Total", "", "", label, ALL_ACTIVITIES, report.total))
    return lines
