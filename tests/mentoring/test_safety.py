"""Safety concerns, protocol D (R-SAFE-1..3): the state machine, its refusals, and who sees what."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from mentoring.models import InformedBy, SafetyConcern, SafetyStatus
from mentoring.services import safety
from parentpartner.models import HistoryEntry, Role
from tests.factories import AssignmentFactory, CaseFactory, ContactFactory, SafetyConcernFactory, UserFactory

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def coordinator(world):
    return world.users[Role.SITE_COORDINATOR]


def own_case(world):
    """A family of site a1 assigned now to the Parent Partner who has the login."""
    return AssignmentFactory(
        case=CaseFactory(family__site=world.site_a1, status="active"), parent_partner=world.pp_a1
    ).case


def concern(world, **kwargs):
    return SafetyConcernFactory(case=own_case(world), parent_partner=world.pp_a1, **kwargs)


def raise_data(case, **extra):
    return {
        "case": case.pk,
        "known_on": TODAY.isoformat(),
        "how_known": "observed",
        "kind": "substance_use",
        "description": "Appeared intoxicated at the visit.",
        "child_present": "False",
        "imminent_danger": "False",
        **extra,
    }


def post_step(client, concern, url_name, prefix, **extra):
    data = {f"{prefix}-on": TODAY.isoformat(), f"{prefix}-version": concern.version, **extra}
    return client.post(reverse(url_name, args=[concern.pk]), data, follow=True)


def messages_of(response):
    return " ".join(str(message) for message in response.context["messages"])


# --- raising a concern (R-SAFE-1) ---------------------------------------------------------------


def test_r_safe_1_parent_partner_raises_a_concern_about_their_family_from_a_contact(login, world):
    case = own_case(world)
    contact = ContactFactory(form__assignment=case.assignments.get())
    client = login(world.users[Role.PARENT_PARTNER])
    form_page = client.get(reverse("mentoring:safety-concern-create"), {"case": case.pk, "contact": contact.pk})
    assert form_page.context["form"]["contact"].value() == contact.pk
    response = client.post(reverse("mentoring:safety-concern-create"), raise_data(case, contact=contact.pk))
    assert response.status_code == 302
    concern = SafetyConcern.objects.get()
    assert concern.parent_partner == world.pp_a1 and concern.raised_by == world.users[Role.PARENT_PARTNER]
    assert concern.contact == contact and concern.status == SafetyStatus.AWAITING_SELF_REPORT
    assert HistoryEntry.objects.filter(object_id=str(concern.pk), action="create").exists()


def test_r_safe_1_a_parent_partner_cannot_raise_one_about_a_family_not_assigned_to_them(login, world):
    other = AssignmentFactory(case__family__site=world.site_a1).case
    response = login(world.users[Role.PARENT_PARTNER]).post(
        reverse("mentoring:safety-concern-create"), raise_data(other)
    )
    assert response.status_code == 200
    assert "Select a valid choice" in " ".join(response.context["form"].errors["case"])
    assert not SafetyConcern.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("known_on", (TODAY + DAY).isoformat(), "cannot be in the future"),
        ("description", "", "required"),
        ("child_present", "", "required"),
    ],
)
def test_r_safe_1_bad_input_gets_a_message_on_the_field(login, world, field, value, message):
    case = own_case(world)
    response = login(coordinator(world)).post(
        reverse("mentoring:safety-concern-create"), raise_data(case, **{field: value})
    )
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not SafetyConcern.objects.exists()


def test_r_safe_1_coordinator_records_for_the_family_s_parent_partner_and_a_contact_must_be_of_the_family(login, world):
    case = own_case(world)
    stranger_contact = ContactFactory(form__assignment=AssignmentFactory(case__family__site=world.site_a1))
    client = login(coordinator(world))
    response = client.post(reverse("mentoring:safety-concern-create"), raise_data(case, contact=stranger_contact.pk))
    assert response.status_code == 200 and "contact" in response.context["form"].errors
    assert client.post(reverse("mentoring:safety-concern-create"), raise_data(case)).status_code == 302
    assert SafetyConcern.objects.get().parent_partner == world.pp_a1


def test_r_safe_1_only_coordinators_and_parent_partners_raise_concerns(world):
    case = own_case(world)
    with pytest.raises(PermissionDenied):
        safety.raise_concern(
            world.users[Role.CLINICIAN],
            case=case,
            parent_partner=world.pp_a1,
            known_on=TODAY,
            how_known="told",
            kind="case_plan",
            description="x",
            child_present=False,
            imminent_danger=False,
        )


# --- the two paths (R-SAFE-2, R-SAFE-3) -----------------------------------------------------------


def test_r_safe_2_child_present_or_in_danger_means_a_referral_made_with_the_coordinator(login, world):
    client = login(world.users[Role.PARENT_PARTNER])
    client.post(reverse("mentoring:safety-concern-create"), raise_data(own_case(world), imminent_danger="True"))
    concern = SafetyConcern.objects.get()
    assert concern.status == SafetyStatus.AWAITING_REFERRAL
    response = login(coordinator(world)).post(
        reverse("mentoring:safety-concern-referral", args=[concern.pk]),
        {"referral-on": TODAY.isoformat(), "referral-reference": "Intake 12", "referral-version": concern.version},
    )
    assert response.status_code == 302
    concern.refresh_from_db()
    assert concern.status == SafetyStatus.REFERRAL_MADE and not concern.is_open
    assert concern.referral_coordinator == coordinator(world) and concern.referral_made_on == TODAY
    assert concern.closed_at is not None


def test_r_safe_3_participant_self_reports_confirmed_with_a_date(world):
    item = concern(world)
    item = safety.confirm_self_report(item, world.users[Role.PARENT_PARTNER], reported_on=TODAY)
    assert item.status == SafetyStatus.CASEWORKER_INFORMED
    assert item.caseworker_informed_by == InformedBy.PARTICIPANT and item.caseworker_informed_on == TODAY
    assert [step.done for step in safety.steps(item)] == [True, True]


def test_r_safe_3_coordinator_informs_the_caseworker_after_the_participant_was_told(world):
    item = concern(world, known_on=TODAY - 3 * DAY)
    item = safety.record_participant_told(item, world.users[Role.PARENT_PARTNER], told_on=TODAY - 2 * DAY)
    assert item.status == SafetyStatus.AWAITING_COORDINATOR and item.is_open
    assert [step.done for step in safety.steps(item)] == [True, True, False]
    with pytest.raises(ValidationError, match="after the participant was told"):
        safety.record_coordinator_informed(item, coordinator(world), informed_on=TODAY - 3 * DAY)
    item = safety.record_coordinator_informed(item, coordinator(world), informed_on=TODAY)
    assert item.status == SafetyStatus.CASEWORKER_INFORMED and item.caseworker_informed_by == InformedBy.COORDINATOR
    assert item.caseworker_informed_recorded_by == coordinator(world)
    statuses = [
        e.changes["status"][1]
        for e in HistoryEntry.objects.filter(object_id=str(item.pk), action="update").order_by("at", "pk")
    ]
    assert statuses == [SafetyStatus.AWAITING_COORDINATOR.label, SafetyStatus.CASEWORKER_INFORMED.label]


# --- refused shortcuts ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "url_name", "prefix", "extra"),
    [
        # R-SAFE-3: the coordinator cannot inform the caseworker before the participant was told.
        ({}, "mentoring:safety-concern-caseworker-informed", "coordinator_informed", {}),
        # R-SAFE-2 / R-SAFE-3: no child present -> no referral step; a child present -> no shortcut
        # through the caseworker.
        ({}, "mentoring:safety-concern-referral", "referral", {}),
        (
            {"child_present": True},
            "mentoring:safety-concern-self-report",
            "self_report",
            {"self_report-confirmed": "on"},
        ),
        ({"child_present": True}, "mentoring:safety-concern-participant-told", "participant_told", {}),
        ({"imminent_danger": True}, "mentoring:safety-concern-caseworker-informed", "coordinator_informed", {}),
        # Once the participant was told, only the coordinator's step is left.
        (
            {"status": SafetyStatus.AWAITING_COORDINATOR, "participant_told_on": TODAY},
            "mentoring:safety-concern-self-report",
            "self_report",
            {"self_report-confirmed": "on"},
        ),
        # A finished concern takes no more steps.
        (
            {
                "child_present": True,
                "status": SafetyStatus.REFERRAL_MADE,
                "referral_made_on": TODAY,
                "referral_coordinator": None,
            },
            "mentoring:safety-concern-referral",
            "referral",
            {},
        ),
    ],
)
def test_r_safe_2_r_safe_3_a_skipped_or_repeated_step_is_refused_with_a_message(
    login, world, start, url_name, prefix, extra
):
    if start.get("referral_coordinator", 0) is None:
        start = {**start, "referral_coordinator": coordinator(world)}
    item = concern(world, **start)
    before = SafetyConcern.objects.filter(pk=item.pk).values().get()
    response = post_step(login(coordinator(world)), item, url_name, prefix, **extra)
    assert response.status_code == 200
    assert (
        "Not recorded" in messages_of(response)
        and "next step" in messages_of(response).lower()
        or ("Every step" in messages_of(response))
    )
    assert SafetyConcern.objects.filter(pk=item.pk).values().get() == before


def test_r_safe_2_a_parent_partner_does_not_record_the_coordinator_s_steps(login, world):
    item = concern(world, child_present=True)
    client = login(world.users[Role.PARENT_PARTNER])
    response = client.post(
        reverse("mentoring:safety-concern-referral", args=[item.pk]),
        {"referral-on": TODAY.isoformat(), "referral-version": item.version},
    )
    assert response.status_code == 403
    with pytest.raises(PermissionDenied):
        safety.record_referral(item, world.users[Role.PARENT_PARTNER], made_on=TODAY)
    item.refresh_from_db()
    assert item.status == SafetyStatus.AWAITING_REFERRAL


def test_r_safe_3_a_self_report_needs_confirming_and_a_date_not_before_the_concern(login, world):
    item = concern(world, known_on=TODAY - DAY)
    client = login(world.users[Role.PARENT_PARTNER])
    url = reverse("mentoring:safety-concern-self-report", args=[item.pk])
    response = client.post(url, {"self_report-on": TODAY.isoformat(), "self_report-version": item.version})
    assert "confirmed" in " ".join(response.context["step_forms"]["self_report"].errors["confirmed"])
    response = client.post(
        url,
        {
            "self_report-on": (TODAY - 5 * DAY).isoformat(),
            "self_report-confirmed": "on",
            "self_report-version": item.version,
        },
    )
    assert "cannot be before" in " ".join(response.context["step_forms"]["self_report"].errors["on"])
    response = client.post(
        url,
        {
            "self_report-on": (TODAY + DAY).isoformat(),
            "self_report-confirmed": "on",
            "self_report-version": item.version,
        },
    )
    assert "future" in " ".join(response.context["step_forms"]["self_report"].errors["on"])
    item.refresh_from_db()
    assert item.status == SafetyStatus.AWAITING_SELF_REPORT


def test_r_safe_3_a_step_on_a_concern_changed_meanwhile_is_refused(login, world):
    item = concern(world)
    SafetyConcern.objects.filter(pk=item.pk).update(version=item.version + 1)
    response = post_step(
        login(coordinator(world)),
        item,
        "mentoring:safety-concern-self-report",
        "self_report",
        **{"self_report-confirmed": "on"},
    )
    assert "saved this concern after you opened it" in messages_of(response)


def test_r_safe_2_r_safe_3_the_database_refuses_a_path_that_does_not_follow_the_child(world):
    item = concern(world)
    with pytest.raises(IntegrityError), transaction.atomic():
        SafetyConcern.objects.filter(pk=item.pk).update(status=SafetyStatus.REFERRAL_MADE)
    with pytest.raises(IntegrityError), transaction.atomic():
        SafetyConcern.objects.filter(pk=item.pk).update(
            status=SafetyStatus.CASEWORKER_INFORMED,
            caseworker_informed_by=InformedBy.COORDINATOR,
            caseworker_informed_on=TODAY,
            caseworker_informed_recorded_by=coordinator(world),
        )


# --- who sees concerns ----------------------------------------------------------------------------


def test_r_safe_1_a_parent_partner_sees_only_the_concerns_they_raised_even_after_reassignment(login, world):
    mine = concern(world)
    someone_elses = SafetyConcernFactory(case=AssignmentFactory(case__family__site=world.site_a1).case)
    client = login(world.users[Role.PARENT_PARTNER])
    listed = client.get(reverse("mentoring:safety-concern-list")).context["object_list"]
    assert list(listed) == [mine]
    assert client.get(reverse("mentoring:safety-concern-detail", args=[someone_elses.pk])).status_code == 404
    mine.case.assignments.update(ended_on=TODAY, end_reason="lives_close")
    assert client.get(reverse("mentoring:safety-concern-detail", args=[mine.pk])).status_code == 200


def test_r_safe_1_staff_of_the_site_and_above_see_concerns_others_do_not(login, world):
    item = concern(world)
    url = reverse("mentoring:safety-concern-detail", args=[item.pk])
    for role in (Role.SITE_COORDINATOR, Role.CLINICIAN, Role.SERVICE_AREA_COORDINATOR, Role.STATEWIDE_COORDINATOR):
        assert login(world.users[role]).get(url).status_code == 200
    elsewhere = UserFactory(role=Role.SITE_COORDINATOR, sites=[world.site_b1])
    assert login(elsewhere).get(url).status_code == 404
    assert login(world.users[Role.SYSTEM_ADMINISTRATOR]).get(url).status_code == 403


def test_r_safe_open_concerns_with_steps_not_done_are_on_the_coordinator_s_home_page(login, world):
    open_one = concern(world, description="Open one")
    done = concern(world)
    safety.confirm_self_report(done, coordinator(world), reported_on=TODAY)
    response = login(coordinator(world)).get(reverse("home"))
    panel = next(p for p in response.context["panels"] if p.template == "mentoring/panel_support_home.html")
    assert panel.context["open_concern_count"] == 1 and panel.context["concerns"] == [open_one]
    assert "Open safety concerns with steps not done (1)" in response.content.decode()


@pytest.mark.parametrize("rows", [4, 30])
def test_coordinator_home_page_query_count_does_not_grow(login, world, django_assert_num_queries, rows):
    for _ in range(rows):
        concern(world)
    client = login(coordinator(world))
    home = reverse("home")
    client.get(home)
    # 1 session, 2 user, 3 scope sites, 4 site names and which are active, 5 Parent Partner counts by
    # role, 6 the training panel's overdue and due-soon counts (one query, parentpartner.subqueries.
    # count_many); eligibility's overdue plan items 7; the families panel 8 (awaiting, overdue first
    # contacts, missing forms: one query); this panel: 9 supervision flag counts, 10 outreach forms to
    # review and open concerns (one query), 11 the first open concerns; 12 the file reviews never drawn
    # (reporting.audits.overdue_draws, R-SUP-4); 13-14 role progression's "waiting for my signature"
    # (approval forms, Lead cases); 15-17 the session's renewal.
    with django_assert_num_queries(17):
        response = client.get(home)
    assert response.status_code == 200


@pytest.mark.parametrize("rows", [4, 30])
def test_safety_concern_list_query_count_does_not_grow(login, world, django_assert_num_queries, rows):
    for _ in range(rows):
        concern(world)
    client = login(coordinator(world))
    # 1 session, 2 user, 3 scope sites, 4 count, 5 site choices, 6 the page with family, site and
    # Parent Partner, 7-9 the session's renewal.
    with django_assert_num_queries(9):
        response = client.get(reverse("mentoring:safety-concern-list"))
    assert response.context["paginator"].count == rows
