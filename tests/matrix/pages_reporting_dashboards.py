"""Dashboards, outcomes (R-OUT-1), meetings (R-ORG-4, R-SUP-3) and re-entries in the permission matrix
(see tests/matrix/test_permissions.py).

Dashboards are the service area coordinator's, the statewide coordinator's and the contract manager's.
Outcomes are read by coordinators, the DHS liaison and the contract manager. Meetings are the area's
and the state's business: the SAC and the statewide coordinator record them, the liaison and the
contract manager read them, site staff do not see them; a meeting row belongs to the area of the
target site, so a1 and a2 (same area) are both in reach of the area roles. Coordinators record a
re-entry into care from a family of their scope."""

import datetime

from django.utils import timezone

from mentoring.models import CaseOutcome, CaseStatus
from parentpartner.models import Role
from reporting.models import Meeting, MeetingKind, Reentry
from tests.factories import CaseFactory, UserFactory
from tests.matrix import COORDINATORS, Page, site_at

TODAY = timezone.localdate()
DASHBOARD = {Role.SERVICE_AREA_COORDINATOR, Role.STATEWIDE_COORDINATOR, Role.CONTRACT_MANAGER}
OUTCOMES = COORDINATORS | {Role.DHS_LIAISON, Role.CONTRACT_MANAGER}
MEETING_VIEW = {Role.SERVICE_AREA_COORDINATOR, Role.STATEWIDE_COORDINATOR, Role.DHS_LIAISON, Role.CONTRACT_MANAGER}
MEETING_RECORD = {Role.SERVICE_AREA_COORDINATOR, Role.STATEWIDE_COORDINATOR}


def meeting_in(area, kind=MeetingKind.STEERING_COMMITTEE, held_on=None, coordinator=None, **kwargs):
    recorder = kwargs.pop("recorded_by", None) or UserFactory(role=Role.STATEWIDE_COORDINATOR)
    return Meeting.objects.create(
        kind=kind,
        held_on=held_on or TODAY - datetime.timedelta(days=3),
        service_area=area,
        coordinator=coordinator,
        recorded_by=recorder,
        **kwargs,
    )


def meeting_at(world, suffix):
    return meeting_in(site_at(world, suffix).service_area)


def reunified_family_at(world, suffix):
    case = CaseFactory(
        family__site=site_at(world, suffix),
        status=CaseStatus.CLOSED,
        closed_on=TODAY - datetime.timedelta(days=60),
        closed_by="mutual",
        outcome=CaseOutcome.REUNIFIED,
        referred_on=TODAY - datetime.timedelta(days=300),
    )
    return case.family


def meeting_data(world, _row, _user):
    return {
        "kind": MeetingKind.STEERING_COMMITTEE,
        "held_on": TODAY.isoformat(),
        "service_area": world.area_a.pk,
        "other_attendees": "Pat Community",
        "notes": "Referrals and capacity.",
    }


def meeting_update_data(world, row, user):
    return {**meeting_data(world, row, user), "service_area": row.service_area_id, "version": row.version}


def reentry_data(_world, _row, _user):
    return {"reentered_on": (TODAY - datetime.timedelta(days=10)).isoformat(), "note": "Back in foster care."}


PAGES = [
    Page("reporting:dashboard", DASHBOARD),
    Page("reporting:outcomes", OUTCOMES),
    Page("reporting:meeting-list", MEETING_VIEW),
    Page("reporting:meeting-create", MEETING_RECORD, post=meeting_data, watch=(Meeting,)),
    Page("reporting:meeting-detail", MEETING_VIEW, meeting_at),
    Page("reporting:meeting-update", MEETING_RECORD, meeting_at, meeting_update_data, watch=(Meeting,)),
    Page("reporting:reentry-create", COORDINATORS, reunified_family_at, reentry_data, watch=(Reentry,)),
]
