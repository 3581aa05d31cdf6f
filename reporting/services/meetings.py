"""Which required meetings are overdue (R-ORG-4, R-SUP-3), for a user's scope and a day.

Each rule is an interval after the latest meeting held: the next one is due by then, and a meeting
never held is overdue from the start.

- R-ORG-4: a steering committee in each service area at least quarterly (every 92 days, the longest
  calendar quarter), and a statewide advisory committee semi-annually (every 184 days). The advisory
  committee is the state's and shows only to the state roles.
- R-SUP-3: the service area coordinator supervises each active site coordinator of the area every two
  weeks (14 days), and meets the DHS liaison monthly (31 days), bi-weekly (14 days) while the area
  has a new site.

A *new site* is an active site whose first referral is less than six months (183 days) old, or that
has had no referral yet: the Site model keeps no opening date, and a site starts working with its
first referred family. Computed by the database in two queries whatever the number of areas,
coordinators and meetings.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, Max, Min, OuterRef, QuerySet, Subquery

from mentoring.models import Case
from parentpartner.access import is_statewide, sees_by_area, sees_coordinator_supervision, service_areas_visible_to
from parentpartner.models import ServiceArea, Site, User
from parentpartner.roles import Role
from reporting.models import Meeting, MeetingKind

STEERING_INTERVAL = datetime.timedelta(days=92)
ADVISORY_INTERVAL = datetime.timedelta(days=184)
SUPERVISION_INTERVAL = datetime.timedelta(days=14)
LIAISON_INTERVAL = datetime.timedelta(days=31)
LIAISON_INTERVAL_NEW_SITE = datetime.timedelta(days=14)
NEW_SITE_PERIOD = datetime.timedelta(days=183)


@dataclass(frozen=True)
class OverdueMeeting:
    kind: str
    subject: str  # the area, the coordinator or "Statewide"
    last_held: datetime.date | None
    due_on: datetime.date | None  # None: never held
    area_id: int | None = None
    coordinator_id: int | None = None

    @property
    def kind_label(self) -> str:
        return MeetingKind(self.kind).label


def new_sites(today: datetime.date) -> QuerySet:
    """Active sites that count as new on `today` (see the module docstring): no referral, or the first
    one less than six months old, i.e. no referral older than six months. Asked as NOT EXISTS, which
    stops at the first old referral, rather than as the minimum over all of a site's cases."""
    old_referral = Case.objects.filter(family__site=OuterRef("pk"), referred_on__lte=today - NEW_SITE_PERIOD)
    return Site.objects.filter(is_active=True).filter(~Exists(old_referral))


def _latest(kind: str, **match: Any) -> Subquery:
    return Subquery(
        Meeting.objects.filter(kind=kind, **match)
        .order_by()
        .values("kind")
        .annotate(last=Max("held_on"))
        .values("last")
    )


def _last_advisory() -> datetime.date | None:
    return Meeting.objects.filter(kind=MeetingKind.ADVISORY_COMMITTEE).aggregate(last=Max("held_on"))["last"]


def _check(
    kind: str,
    subject: str,
    last: datetime.date | None,
    interval: datetime.timedelta,
    today: datetime.date,
    area_id: int | None = None,
    coordinator_id: int | None = None,
) -> OverdueMeeting | None:
    due = last + interval if last is not None else None
    if due is not None and due >= today:
        return None
    return OverdueMeeting(kind, subject, last, due, area_id, coordinator_id)


def overdue_meetings(user: Any, today: datetime.date) -> list[OverdueMeeting]:
    """R-ORG-4, R-SUP-3: the meetings of the user's scope that are overdue on `today`, in two queries
    (areas with the advisory committee's latest meeting for the state roles, coordinators)."""
    if not sees_by_area(user):
        return []
    areas = service_areas_visible_to(user, ServiceArea.objects.all())
    statewide = is_statewide(user)
    area = OuterRef("pk")
    area_rows: Any = areas.annotate(
        last_steering=_latest(MeetingKind.STEERING_COMMITTEE, service_area=area),
        last_liaison=_latest(MeetingKind.LIAISON_MEETING, service_area=area),
        has_new_site=Exists(new_sites(today).filter(service_area=area)),
    ).order_by("name")
    if statewide:
        # The statewide advisory committee's latest meeting, asked in the same query (a constant column).
        area_rows = area_rows.annotate(last_advisory=_latest(MeetingKind.ADVISORY_COMMITTEE))
    area_rows = list(area_rows)
    found: list[OverdueMeeting | None] = []
    for row in area_rows:
        found.append(
            _check(MeetingKind.STEERING_COMMITTEE, row.name, row.last_steering, STEERING_INTERVAL, today, row.pk)
        )
        interval = LIAISON_INTERVAL_NEW_SITE if row.has_new_site else LIAISON_INTERVAL
        found.append(_check(MeetingKind.LIAISON_MEETING, row.name, row.last_liaison, interval, today, row.pk))
    # The supervision of coordinators is a personnel matter the DHS liaison does not see
    # (access.sees_coordinator_supervision), overdue or not.
    if not sees_coordinator_supervision(user):
        coordinators = User.objects.none()
    else:
        # One join on the coordinator's sites: an active site in one of the areas, that area.
        coordinators = (
            User.objects.filter(
                role=Role.SITE_COORDINATOR, is_active=True, sites__is_active=True, sites__service_area__in=areas
            )
            .annotate(
                last=_latest(MeetingKind.COORDINATOR_SUPERVISION, coordinator=OuterRef("pk")),
                area_id=Min("sites__service_area"),
            )
            .order_by("last_name", "first_name", "pk")
        )
    coordinator: Any
    for coordinator in coordinators:
        found.append(
            _check(
                MeetingKind.COORDINATOR_SUPERVISION,
                str(coordinator),
                coordinator.last,
                SUPERVISION_INTERVAL,
                today,
                coordinator.area_id,
                coordinator.pk,
            )
        )
    if statewide:
        last = area_rows[0].last_advisory if area_rows else _last_advisory()
        found.append(_check(MeetingKind.ADVISORY_COMMITTEE, "Statewide", last, ADVISORY_INTERVAL, today))
    return [item for item in found if item is not None]
