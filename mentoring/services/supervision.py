"""Who is overdue for weekly supervision (R-SUP-1) or monthly clinical support (R-SUP-2).

Both rules are about the families a Parent Partner serves, so they apply to active Parent Partners
with at least one current family, and the clock starts at their first current assignment: someone
assigned yesterday is not overdue for last week's supervision.
"""

import datetime

from django.db.models import (
    Case,
    Count,
    DateField,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.utils import timezone

from mentoring.models import Assignment, ClinicalSupportSession, SupervisionSession
from parentpartner.dates import one_month_before
from parentpartner.models import PartnerStatus

SUPERVISION_INTERVAL = datetime.timedelta(days=7)


def supervision_cutoff(today: datetime.date) -> datetime.date:
    """R-SUP-1: weekly, so a supervision on this date or later counts."""
    return today - SUPERVISION_INTERVAL


def clinical_cutoff(today: datetime.date) -> datetime.date:
    """R-SUP-2: at least monthly, so a session on this date (a month ago) or later counts."""
    return one_month_before(today)


def _latest(queryset: QuerySet, partner_path: str) -> Subquery:
    """The newest `held_on` of the person: ORDER BY ... LIMIT 1 walks the (partner, -held_on) index
    for one row, where MAX() with GROUP BY read every session of the person."""
    return Subquery(
        queryset.filter(**{partner_path: OuterRef("pk")}).order_by("-held_on").values("held_on")[:1],
        output_field=DateField(),
    )


def flag_conditions(today: datetime.date | None = None) -> tuple[Q, Q]:
    """(needs supervision, needs clinical support) as conditions on Parent Partners.

    Serving (active, with a current family) since before the cutoff, and no session since it. Written
    as IN / NOT IN over the sessions and assignments after the cutoff, which PostgreSQL computes once
    per query (hashed), instead of each person's latest dates recomputed in every CASE and WHERE that
    uses them: the home page's counts went from about 0.5 s to milliseconds at ten years of data.
    Same answer as comparing GREATEST(latest session, first current assignment) with the cutoff.
    """
    today = today or timezone.localdate()
    supervision_since, clinical_since = supervision_cutoff(today), clinical_cutoff(today)
    attendance = ClinicalSupportSession.attendees.through.objects

    def serving_before(cutoff: datetime.date) -> Q:
        current = Assignment.objects.filter(ended_on__isnull=True, assigned_on__lt=cutoff)
        return Q(status=PartnerStatus.ACTIVE, pk__in=current.values("parent_partner_id"))

    supervised = SupervisionSession.objects.filter(held_on__gte=supervision_since).values("parent_partner_id")
    supported = attendance.filter(clinicalsupportsession__held_on__gte=clinical_since).values("parentpartner_id")
    return (
        serving_before(supervision_since) & ~Q(pk__in=supervised),
        serving_before(clinical_since) & ~Q(pk__in=supported),
    )


def with_support_dates(partners: QuerySet, today: datetime.date | None = None) -> QuerySet:
    """Each Parent Partner with the date of their last supervision, last clinical support, the start of
    their current mentoring, and the two flags; one query, however many people."""
    today = today or timezone.localdate()
    current = Assignment.objects.filter(parent_partner=OuterRef("pk"), ended_on__isnull=True)
    mentoring_since = Subquery(
        current.order_by().values("parent_partner").annotate(first=Min("assigned_on")).values("first"),
        output_field=DateField(),
    )
    needs_supervision, needs_clinical = flag_conditions(today)
    return partners.annotate(
        last_supervision_on=_latest(SupervisionSession.objects.all(), "parent_partner"),
        last_clinical_on=_latest(ClinicalSupportSession.objects.all(), "attendees"),
        mentoring_since=mentoring_since,
        needs_supervision=Case(When(needs_supervision, then=Value(True)), default=Value(False)),
        needs_clinical_support=Case(When(needs_clinical, then=Value(True)), default=Value(False)),
    )


def flagged(partners: QuerySet, today: datetime.date | None = None) -> QuerySet:
    """R-SUP-1, R-SUP-2: the Parent Partners without supervision in the last 7 days or without
    clinical support in the last month."""
    needs_supervision, needs_clinical = flag_conditions(today)
    return with_support_dates(partners, today).filter(needs_supervision | needs_clinical)


def flag_counts(partners: QuerySet, today: datetime.date | None = None) -> dict[str, int]:
    """For the home page: how many are flagged for each, in one aggregate query."""
    needs_supervision, needs_clinical = flag_conditions(today)
    return partners.aggregate(
        supervision=Count("pk", filter=needs_supervision),
        clinical=Count("pk", filter=needs_clinical),
        either=Count("pk", filter=needs_supervision | needs_clinical),
    )
