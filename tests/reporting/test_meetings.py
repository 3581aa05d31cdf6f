"""Meetings (R-ORG-4, R-SUP-3): which are overdue for a scope and a day, in a fixed number of queries;
the pages: scope, form rules, history and version conflicts."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from parentpartner.models import HistoryEntry, Role
from reporting.models import Meeting, MeetingKind
from reporting.services import meetings
from tests.factories import CaseFactory, ServiceAreaFactory, SiteFactory, UserFactory
from tests.matrix.pages_reporting_dashboards import meeting_in

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def overdue_of(user, kind, subject=None):
    return [
        item
        for item in meetings.overdue_meetings(user, TODAY)
        if item.kind == kind and (subject is None or item.subject == subject)
    ]


def established(*sites):
    """Sites with a referral long ago: no longer new (R-SUP-3)."""
    for site in sites:
        CaseFactory(family__site=site, referred_on=TODAY - 400 * DAY)


def test_r_org_4_steering_committee_due_quarterly_per_area(world):
    sac = world.users[Role.SERVICE_AREA_COORDINATOR]
    never = overdue_of(sac, MeetingKind.STEERING_COMMITTEE)
    assert [(item.subject, item.last_held) for item in never] == [("Area A", None)]
    meeting_in(world.area_a, held_on=TODAY - 92 * DAY)
    assert overdue_of(sac, MeetingKind.STEERING_COMMITTEE) == []
    Meeting.objects.all().delete()
    meeting_in(world.area_a, held_on=TODAY - 93 * DAY)
    meeting_in(world.area_b, held_on=TODAY - 200 * DAY)  # another area's: not the SAC's concern
    (item,) = overdue_of(sac, MeetingKind.STEERING_COMMITTEE)
    assert (item.last_held, item.due_on) == (TODAY - 93 * DAY, TODAY - DAY)


def test_r_org_4_statewide_advisory_committee_semi_annual_for_the_state_roles(world):
    statewide = world.users[Role.STATEWIDE_COORDINATOR]
    assert len(overdue_of(statewide, MeetingKind.ADVISORY_COMMITTEE)) == 1
    meeting_in(None, kind=MeetingKind.ADVISORY_COMMITTEE, held_on=TODAY - 184 * DAY)
    assert overdue_of(statewide, MeetingKind.ADVISORY_COMMITTEE) == []
    Meeting.objects.update(held_on=TODAY - 185 * DAY)
    assert len(overdue_of(statewide, MeetingKind.ADVISORY_COMMITTEE)) == 1
    assert overdue_of(world.users[Role.SERVICE_AREA_COORDINATOR], MeetingKind.ADVISORY_COMMITTEE) == []


def test_r_sup_3_each_site_coordinator_supervised_every_two_weeks(world):
    sac = world.users[Role.SERVICE_AREA_COORDINATOR]
    coordinator = world.users[Role.SITE_COORDINATOR]
    other_area = UserFactory(role=Role.SITE_COORDINATOR, sites=[world.site_b1])
    assert [item.subject for item in overdue_of(sac, MeetingKind.COORDINATOR_SUPERVISION)] == [str(coordinator)]
    meeting_in(
        world.area_a, kind=MeetingKind.COORDINATOR_SUPERVISION, coordinator=coordinator, held_on=TODAY - 14 * DAY
    )
    assert overdue_of(sac, MeetingKind.COORDINATOR_SUPERVISION) == []
    Meeting.objects.update(held_on=TODAY - 15 * DAY)
    assert len(overdue_of(sac, MeetingKind.COORDINATOR_SUPERVISION)) == 1
    statewide = world.users[Role.STATEWIDE_COORDINATOR]
    assert {item.subject for item in overdue_of(statewide, MeetingKind.COORDINATOR_SUPERVISION)} == {
        str(coordinator),
        str(other_area),
    }


def test_r_sup_3_liaison_meeting_monthly_for_established_sites(world):
    established(world.site_a1, world.site_a2)
    sac = world.users[Role.SERVICE_AREA_COORDINATOR]
    meeting_in(world.area_a, kind=MeetingKind.LIAISON_MEETING, held_on=TODAY - 31 * DAY)
    assert overdue_of(sac, MeetingKind.LIAISON_MEETING) == []
    Meeting.objects.update(held_on=TODAY - 32 * DAY)
    assert len(overdue_of(sac, MeetingKind.LIAISON_MEETING)) == 1


def test_r_sup_3_liaison_meeting_bi_weekly_while_the_area_has_a_new_site(world):
    """A site whose first referral is under six months old, or with none yet, is new."""
    established(world.site_a1)
    CaseFactory(family__site=world.site_a2, referred_on=TODAY - 100 * DAY)
    sac = world.users[Role.SERVICE_AREA_COORDINATOR]
    meeting_in(world.area_a, kind=MeetingKind.LIAISON_MEETING, held_on=TODAY - 20 * DAY)
    assert len(overdue_of(sac, MeetingKind.LIAISON_MEETING)) == 1
    CaseFactory(family__site=world.site_a2, referred_on=TODAY - 200 * DAY)  # its first referral is older now
    assert overdue_of(sac, MeetingKind.LIAISON_MEETING) == []
    SiteFactory(service_area=world.area_a)  # a site with no referral yet
    assert len(overdue_of(sac, MeetingKind.LIAISON_MEETING)) == 1


def test_overdue_meetings_run_two_queries_whatever_the_numbers(world, django_assert_num_queries):
    statewide = world.users[Role.STATEWIDE_COORDINATOR]
    for n in range(4):
        area = ServiceAreaFactory()
        site = SiteFactory(service_area=area)
        coordinator = UserFactory(role=Role.SITE_COORDINATOR, sites=[site])
        for kind in (MeetingKind.STEERING_COMMITTEE, MeetingKind.LIAISON_MEETING):
            meeting_in(area, kind=kind, held_on=TODAY - (10 + 40 * n) * DAY)
        meeting_in(area, kind=MeetingKind.COORDINATOR_SUPERVISION, coordinator=coordinator, held_on=TODAY - 20 * DAY)
    with django_assert_num_queries(2):
        found = meetings.overdue_meetings(statewide, TODAY)
    assert len(found) > 4
    assert meetings.overdue_meetings(world.users[Role.SITE_COORDINATOR], TODAY) == []


def test_dhs_liaison_is_not_told_of_overdue_coordinator_supervision_r_sup_3(world):
    liaison = world.users[Role.DHS_LIAISON]
    assert overdue_of(world.users[Role.SERVICE_AREA_COORDINATOR], MeetingKind.COORDINATOR_SUPERVISION)
    assert overdue_of(liaison, MeetingKind.COORDINATOR_SUPERVISION) == []
    assert overdue_of(liaison, MeetingKind.STEERING_COMMITTEE)  # the rest of the area's meetings stay


def test_coordinator_with_an_inactive_site_elsewhere_is_supervised_in_their_active_sites_area(world):
    # Active at b1 (area B); an old, inactive site in area A does not make them area A's coordinator.
    old = SiteFactory(service_area=world.area_a, is_active=False)
    coordinator = UserFactory(role=Role.SITE_COORDINATOR, sites=[old, world.site_b1])
    statewide = world.users[Role.STATEWIDE_COORDINATOR]
    [item] = [i for i in overdue_of(statewide, MeetingKind.COORDINATOR_SUPERVISION) if i.subject == str(coordinator)]
    assert item.area_id == world.area_b.pk
    sac = world.users[Role.SERVICE_AREA_COORDINATOR]
    assert overdue_of(sac, MeetingKind.COORDINATOR_SUPERVISION, str(coordinator)) == []


def test_sac_reads_but_cannot_rewrite_the_advisory_committee(login, world):
    advisory = Meeting.objects.create(
        kind=MeetingKind.ADVISORY_COMMITTEE, held_on=TODAY, recorded_by=world.users[Role.STATEWIDE_COORDINATOR]
    )
    sac = login(world.users[Role.SERVICE_AREA_COORDINATOR])
    assert sac.get(reverse("reporting:meeting-detail", args=[advisory.pk])).status_code == 200
    assert sac.get(reverse("reporting:meeting-update", args=[advisory.pk])).status_code == 404
    statewide = login(world.users[Role.STATEWIDE_COORDINATOR])
    assert statewide.get(reverse("reporting:meeting-update", args=[advisory.pk])).status_code == 200


def test_dhs_liaison_does_not_see_the_supervision_of_coordinators(login, world):
    supervision = meeting_in(
        world.area_a, kind=MeetingKind.COORDINATOR_SUPERVISION, coordinator=world.users[Role.SITE_COORDINATOR]
    )
    steering = meeting_in(world.area_a)
    client = login(world.users[Role.DHS_LIAISON])
    assert client.get(reverse("reporting:meeting-detail", args=[supervision.pk])).status_code == 404
    assert client.get(reverse("reporting:meeting-detail", args=[steering.pk])).status_code == 200


def form_data(**overrides):
    return {
        "kind": MeetingKind.STEERING_COMMITTEE,
        "held_on": TODAY.isoformat(),
        "other_attendees": "",
        "notes": "",
        **overrides,
    }


def test_sac_records_a_meeting_with_attendees_and_history(login, world):
    sac = world.users[Role.SERVICE_AREA_COORDINATOR]
    liaison = world.users[Role.DHS_LIAISON]
    response = login(sac).post(
        reverse("reporting:meeting-create"),
        form_data(service_area=world.area_a.pk, attendees=[sac.pk, liaison.pk], other_attendees="Dana Ruiz"),
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert (meeting.recorded_by, set(meeting.attendees.all())) == (sac, {sac, liaison})
    entry = HistoryEntry.objects.get(content_type__model="meeting", object_id=str(meeting.pk))
    assert entry.action == HistoryEntry.Action.CREATE
    assert "Dana Ruiz" in str(entry.changes)


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"service_area": "other"}, "service_area"),
        ({"kind": MeetingKind.ADVISORY_COMMITTEE, "service_area": "own"}, "kind"),
        ({"kind": MeetingKind.COORDINATOR_SUPERVISION, "service_area": "own"}, "coordinator"),
        ({"service_area": "own", "held_on": (TODAY + DAY).isoformat()}, "held_on"),
        ({"service_area": "own", "held_on": "yesterday"}, "held_on"),
    ],
)
def test_meeting_form_refuses_what_does_not_fit(login, world, overrides, field):
    areas = {"own": world.area_a.pk, "other": world.area_b.pk}
    data = form_data(**{**overrides, "service_area": areas[overrides["service_area"]]})
    response = login(world.users[Role.SERVICE_AREA_COORDINATOR]).post(reverse("reporting:meeting-create"), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Meeting.objects.exists()


def test_statewide_coordinator_records_the_advisory_committee_without_an_area(login, world):
    client = login(world.users[Role.STATEWIDE_COORDINATOR])
    refused = client.post(
        reverse("reporting:meeting-create"),
        form_data(kind=MeetingKind.ADVISORY_COMMITTEE, service_area=world.area_a.pk),
    )
    assert "service_area" in refused.context["form"].errors
    assert (
        client.post(reverse("reporting:meeting-create"), form_data(kind=MeetingKind.ADVISORY_COMMITTEE)).status_code
        == 302
    )
    assert Meeting.objects.get().service_area is None


def test_supervision_names_a_coordinator_of_the_area(login, world):
    client = login(world.users[Role.SERVICE_AREA_COORDINATOR])
    coordinator = world.users[Role.SITE_COORDINATOR]
    data = form_data(kind=MeetingKind.COORDINATOR_SUPERVISION, service_area=world.area_a.pk, coordinator=coordinator.pk)
    assert client.post(reverse("reporting:meeting-create"), data).status_code == 302
    other = UserFactory(role=Role.SITE_COORDINATOR, sites=[world.site_b1])
    refused = client.post(reverse("reporting:meeting-create"), {**data, "coordinator": other.pk})
    assert "coordinator" in refused.context["form"].errors


def test_stale_meeting_edit_answers_409_and_keeps_what_was_typed(login, world):
    meeting = meeting_in(world.area_a, notes="First notes")
    client = login(world.users[Role.SERVICE_AREA_COORDINATOR])
    url = reverse("reporting:meeting-update", args=[meeting.pk])
    data = form_data(service_area=world.area_a.pk, held_on=meeting.held_on.isoformat(), version=meeting.version)
    assert client.post(url, {**data, "notes": "Second notes"}).status_code == 302
    stale = client.post(url, {**data, "notes": "My notes"})
    assert stale.status_code == 409
    assert b"My notes" in stale.content and b"Second notes" in stale.content
    meeting.refresh_from_db()
    assert (meeting.notes, meeting.version) == ("Second notes", 2)
    update = HistoryEntry.objects.get(object_id=str(meeting.pk), action=HistoryEntry.Action.UPDATE)
    assert update.changes["notes"] == ["First notes", "Second notes"]
    detail = client.get(meeting.get_absolute_url())
    assert b"Change history" in detail.content


def test_meeting_list_filters_by_kind_and_flags_overdue(login, world, django_assert_num_queries):
    for n in range(5):
        meeting_in(world.area_a, held_on=TODAY - n * DAY)
    meeting_in(world.area_a, kind=MeetingKind.LIAISON_MEETING)
    client = login(world.users[Role.SERVICE_AREA_COORDINATOR])
    # Session, user, count, page of meetings, overdue meetings 2, session save 3.
    with django_assert_num_queries(9):
        response = client.get(reverse("reporting:meeting-list"), {"kind": MeetingKind.LIAISON_MEETING})
    assert len(response.context["object_list"]) == 1
    assert any(item.kind == MeetingKind.COORDINATOR_SUPERVISION for item in response.context["overdue"])


def test_sac_picks_attendees_from_their_area_and_the_state_roles(login, world):
    other_area = UserFactory(role=Role.SITE_COORDINATOR, sites=[world.site_b1])
    response = login(world.users[Role.SERVICE_AREA_COORDINATOR]).get(reverse("reporting:meeting-create"))
    choices = set(response.context["form"].fields["attendees"].queryset)
    assert world.users[Role.SITE_COORDINATOR] in choices
    assert world.users[Role.DHS_LIAISON] in choices
    assert world.users[Role.STATEWIDE_COORDINATOR] in choices
    assert world.users[Role.PARENT_PARTNER] in choices
    assert other_area not in choices
    assert world.users[Role.SYSTEM_ADMINISTRATOR] not in choices
