"""The first-year deadline (R-TRN-1): when a person was accepted, when trainings 7-11 fall due, who is
overdue or due soon, and which trainings to schedule next."""

import datetime
from typing import TYPE_CHECKING, Any, TypedDict

from django.db.models import Count, DateField, F, Func, Min, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from parentpartner.models import ParentPartner, PartnerRole, PartnerStatus, RoleAssignment
from parentpartner.subqueries import count_in_query
from training.models import Training, TrainingCompletion

if TYPE_CHECKING:  # django-stubs-ext, a typing tool, is not a runtime requirement
    from django_stubs_ext import WithAnnotations

# R-TRN-1 "within one year of acceptance": a calendar anniversary (parentpartner.dates), never 365 days.
FIRST_YEAR_YEARS = 1


def acceptance_date(partner: ParentPartner) -> datetime.date | None:
    """When the person was accepted, i.e. first became PP in Training Mentoring (R-ROLE-3): the start
    of the one-year deadline for the first-year trainings (R-TRN-1)."""
    prefetched = getattr(partner, "_prefetched_objects_cache", {}).get("role_history")
    if prefetched is not None:  # the Parent Partner page loads the history anyway
        return min((r.started_on for r in prefetched if r.role == PartnerRole.IN_TRAINING_MENTORING), default=None)
    return partner.role_history.filter(role=PartnerRole.IN_TRAINING_MENTORING).aggregate(first=Min("started_on"))[
        "first"
    ]


def acceptance_subquery() -> Subquery:
    """The same date as a subquery, for annotating many Parent Partners in one query."""
    return Subquery(
        RoleAssignment.objects.filter(parent_partner=OuterRef("pk"), role=PartnerRole.IN_TRAINING_MENTORING)
        .order_by("started_on")
        .values("started_on")[:1]
    )


class YearsAfter(Func):
    """A date `years` calendar years after a date expression, computed by PostgreSQL: adding an
    interval of years keeps the day of the month or takes the month's last day (29 February + 1 year
    is 28 February), as `parentpartner.dates.anniversary` does in Python."""

    template = "CAST((%(expressions)s + make_interval(years => %(years)d)) AS date)"
    output_field = DateField()

    def __init__(self, expression: Any, *, years: int) -> None:
        super().__init__(expression, years=int(years))


def first_year_due(accepted_on: Any) -> YearsAfter:
    """R-TRN-1: the day trainings 7-11 are due, one calendar year after acceptance, as an expression."""
    return YearsAfter(accepted_on, years=FIRST_YEAR_YEARS)


class FirstYearDeadline(TypedDict):
    """The annotations `with_first_year_deadline` adds to each Parent Partner."""

    accepted_on: datetime.date | None
    # A date, None before acceptance: not `date | None`, which django-stubs would not match, as it types
    # an expression with a DateField output as never null.
    due_on: Any
    first_year_done: int
    first_year_missing: int


def with_first_year_deadline(
    partners: "QuerySet[ParentPartner]",
) -> "QuerySet[WithAnnotations[ParentPartner, FirstYearDeadline]]":
    """Annotate `accepted_on`, `due_on` and `first_year_missing` (first-year trainings not done),
    all computed by the database."""
    # Counted inside the same query, not in a query of its own each time (issue 9: home page budget).
    required = count_in_query(Training.objects.filter(is_active=True, required_within_first_year=True))
    return partners.annotate(
        accepted_on=acceptance_subquery(),
        due_on=first_year_due(F("accepted_on")),
        first_year_done=Count(
            "training_completions",
            filter=Q(
                training_completions__training__is_active=True,
                training_completions__training__required_within_first_year=True,
            ),
            distinct=True,
        ),
    ).annotate(first_year_missing=required - F("first_year_done"))


def overdue_partners(
    partners: "QuerySet[ParentPartner]", today: datetime.date | None = None
) -> "QuerySet[ParentPartner]":
    """Active people whose one-year deadline has passed with first-year trainings missing (R-TRN-1)."""
    today = today or timezone.localdate()
    return (
        with_first_year_deadline(partners.filter(status=PartnerStatus.ACTIVE))
        .filter(due_on__lt=today, first_year_missing__gt=0)
        .order_by("due_on")
    )


def due_soon_partners(
    partners: "QuerySet[ParentPartner]", today: datetime.date | None = None, days: int = 30
) -> "QuerySet[ParentPartner]":
    """Active people whose one-year deadline falls in the next `days` days with trainings missing."""
    today = today or timezone.localdate()
    return (
        with_first_year_deadline(partners.filter(status=PartnerStatus.ACTIVE))
        .filter(due_on__gte=today, due_on__lte=today + datetime.timedelta(days=days), first_year_missing__gt=0)
        .order_by("due_on")
    )


def trainings_to_schedule(partners: "QuerySet[ParentPartner]") -> list[tuple[Training, int]]:
    """For each training, how many active people in `partners` still need it: what to schedule next."""
    active = partners.filter(status=PartnerStatus.ACTIVE)
    total = active.count()
    done = dict(
        TrainingCompletion.objects.filter(parent_partner__in=active)
        .values_list("training")
        .annotate(n=Count("pk"))
        .values_list("training", "n")
    )
    rows = [(training, total - done.get(training.pk, 0)) for training in Training.objects.filter(is_active=True)]
    return sorted(rows, key=lambda row: (-row[1], row[0].number))
