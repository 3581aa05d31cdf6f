"""Demo data of the meetings (R-ORG-4, R-SUP-3): the demo service area's steering committee and
liaison meetings up to date, the supervision of one coordinator overdue, other areas without meetings
(overdue), and a statewide advisory committee held last spring. All names are invented."""

import datetime
from typing import Any

from parentpartner.models import User
from parentpartner.roles import Role
from reporting.models import Meeting, MeetingKind

DAY = datetime.timedelta(days=1)


def any_recorded() -> bool:
    """The meetings and the outcomes' closed families are added together, once: not when meetings exist."""
    return Meeting.objects.exists()


def load(demo: Any) -> None:
    """The demo area's meetings kept up, except the supervision of its coordinator; the other areas'
    left unrecorded, so that the dashboards show overdue meetings."""
    today = demo.today
    sac = demo.users["areacoordinator"]
    statewide = demo.users["statewide"]
    liaison = demo.users["liaison"]
    coordinator = demo.users["coordinator"]
    area = sac.service_area
    for weeks_ago in (2, 15, 28):
        steering = Meeting.objects.create(
            kind=MeetingKind.STEERING_COMMITTEE,
            held_on=today - weeks_ago * 7 * DAY,
            service_area=area,
            other_attendees="Pastor Lena Dietrich (community member), Judge's clerk Omar Faizi",
            notes="Referrals from the juvenile court; the Child Safety Conference pilot's first months.",
            recorded_by=sac,
        )
        steering.attendees.set([sac, liaison, coordinator])
    for days_ago in (12, 40, 70):
        meeting = Meeting.objects.create(
            kind=MeetingKind.LIAISON_MEETING,
            held_on=today - days_ago * DAY,
            service_area=area,
            notes="Referral numbers, caseworker feedback, two families waiting for a Parent Partner.",
            recorded_by=sac,
        )
        meeting.attendees.set([sac, liaison])
    supervision = Meeting.objects.create(
        kind=MeetingKind.COORDINATOR_SUPERVISION,
        held_on=today - 23 * DAY,
        service_area=area,
        coordinator=coordinator,
        notes="Caseloads, monthly forms missing at one site, training plan for the new Parent Partners.",
        recorded_by=sac,
    )
    supervision.attendees.set([sac, coordinator])
    other = User.objects.filter(role=Role.SITE_COORDINATOR).exclude(pk=coordinator.pk).first()
    if other is not None and (site := other.sites.first()) is not None:
        Meeting.objects.create(
            kind=MeetingKind.COORDINATOR_SUPERVISION,
            held_on=today - 5 * DAY,
            service_area=site.service_area,
            coordinator=other,
            notes="Covered by the statewide coordinator while the area's coordinator post is open.",
            recorded_by=statewide,
        ).attendees.set([statewide, other])
    advisory = Meeting.objects.create(
        kind=MeetingKind.ADVISORY_COMMITTEE,
        held_on=today - 150 * DAY,
        other_attendees="Parent Partners from each program: Dana Ruiz, Lee Whitcomb, Toni Abernathy",
        notes="Program fidelity review; recruiting Parent Partners in rural counties.",
        recorded_by=statewide,
    )
    advisory.attendees.set([statewide, sac, liaison, coordinator])
