"""Who is overdue for weekly supervision (R-SUP-1) or monthly clinical support (R-SUP-2).

Both rules are about the families a Parent Partner serves, so they apply to active Parent Partners
with at least one current family, and the clock starts at their first current assignment: someone
assigned yesterday is not overdue for last week's supervision.
"""

import datetime

from django.db.models import (
    BooleanField,
    Case,
    Count,
    DateField,
    Exists,
    F,
    Max,
    Min,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Greatest
from django.utils import timezone

from mentoring.models import Assignment, ClinicalSupportSession, SupervisionSession
from mentoring.months import one_month_before
from parentpartner.models import PartnerStatus

SUPERVISION_INTERVAL = datetime.timedelta(days=7)


def supervision_cutoff(today) -> datetime.date:
    """R-SUP-1: weekly, so a supervision on this date or later counts."""
    return today - SUPERVISION_INTERVAL


def clinical_cutoff(today) -> datetime.date:
    """R-SUP-2: at least monthly, so a session on this date (a month ago) or later counts."""
    return one_month_before(today)


def _latest(queryset, partner_path):
    return Subquery(
        queryset.filter(**{partner_path: OuterRef("pk")})
        .order_by()
        .values(partner_path)
        .annotate(latest=Max("held_on"))
        .values("latest"),
        output_field=DateField(),
    )


def with_support_dates(partners, today=None):
    """Each Parent Partner with the date of their last supervision, last clinical support, the start of
    their current mentoring, and the two flags; one query, however many people."""
    today = today or timezone.localdate()
    current = Assignment.objects.filter(parent_partner=OuterRef("pk"), ended_on__isnull=True)
    mentoring_since = Subquery(
        current.order_by().values("parent_partner").annotate(first=Min("assigned_on")).values("first"),
        output_field=DateField(),
    )
    partners = partners.annotate(
        last_supervision_on=_latest(SupervisionSession.objects.all(), "parent_partner"),
        last_clinical_on=_latest(ClinicalSupportSession.objects.all(), "attendees"),
        mentoring_since=mentoring_since,
        has_family=Exists(current),
    )
    serving = Q(status=PartnerStatus.ACTIVE, has_family=True)
    # GREATEST ignores NULLs in PostgreSQL: never supervised -> the clock starts at the assignment.
    partners = partners.annotate(
        supervision_clock=Greatest(F("last_supervision_on"), F("mentoring_since")),
        clinical_clock=Greatest(F("last_clinical_on"), F("mentoring_since")),
    )
    return partners.annotate(
        needs_supervision=Case(
            When(serving & Q(supervision_clock__lt=supervision_cutoff(today)), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
        needs_clinical_support=Case(
            When(serving & Q(clinical_clock__lt=clinical_cutoff(today)), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
    )


def flagged(partners, today=None):
    """R-SUP-1, R-SUP-2: the Parent Partners without supervision in the last 7 days or without
    clinical support in the last month."""
    return with_support_dates(partners, today).filter(Q(needs_supervision=True) | Q(needs_clinical_support=True))


def flag_counts(partners, today=None) -> dict[str, int]:
    """For the home page: how many are flagged for each, in one aggregate query."""
    return with_support_dates(partners, today).aggregate(
        supervision=Count("pk", filter=Q(needs_supervision=True)),
        clinical=Count("pk", filter=Q(needs_clinical_support=True)),
        either=Count("pk", filter=Q(needs_supervision=True) | Q(needs_clinical_support=True)),
    )
