"""Community outreach forms (R-FAM-7), supervision and clinical support (R-SUP-1, R-SUP-2). Time and
mileage for pay (R-ROLE-7) is in test_pay.py; safety concerns are in test_mentoring_safety.py."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from mentoring.models import FormStatus, OutreachActivity, OutreachForm, SupervisionSession
from mentoring.services import outreach_forms as outreach
from mentoring.services import supervision
from parentpartner.dates import next_month, one_month_before, previous_month
from parentpartner.models import HistoryEntry, Role
from tests.factories import (
    AssignmentFactory,
    ClinicalSupportSessionFactory,
    OutreachActivityFactory,
    OutreachFormFactory,
    ParentPartnerFactory,
    SupervisionSessionFactory,
)
from tests.matrix.pages_mentoring_support import lines_data

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)
MONTH = TODAY.replace(day=1)
LAST_MONTH = previous_month(MONTH)


def coordinator(world):
    return world.users[Role.SITE_COORDINATOR]


def history_changes(obj):
    return [entry.changes for entry in HistoryEntry.objects.filter(object_id=str(obj.pk)).order_by("at", "pk")]


# --- community outreach forms (R-FAM-7) ---------------------------------------------------------


def test_r_fam_7_outreach_form_is_submitted_returned_approved_and_reopened_with_its_reason(world):
    form = OutreachFormFactory(parent_partner=world.pp_a1, month=LAST_MONTH)
    OutreachActivityFactory(form=form, held_on=LAST_MONTH)
    partner_user, staff = world.users[Role.PARENT_PARTNER], coordinator(world)
    form = outreach.submit(form, partner_user)
    assert form.status == FormStatus.SUBMITTED and form.submitted_by == partner_user
    form = outreach.return_to_partner(form, staff, "Add the committee's name.")
    assert form.status == FormStatus.RETURNED and form.return_comment == "Add the committee's name."
    form = outreach.approve(outreach.submit(form, partner_user), staff)
    assert form.status == FormStatus.APPROVED and form.approved_by == staff and not form.is_editable
    form = outreach.reopen_for_correction(form, staff, "Miles were doubled.")
    assert form.status == FormStatus.DRAFT and form.correction_reason == "Miles were doubled."
    statuses = [changes["status"] for changes in history_changes(form) if "status" in changes]
    assert [new for _old, new in statuses] == ["Submitted", "Returned with a comment", "Submitted", "Approved", "Draft"]


@pytest.mark.parametrize(
    ("status", "action"),
    [
        (FormStatus.DRAFT, "approve"),
        (FormStatus.DRAFT, "return"),
        (FormStatus.APPROVED, "submit"),
        (FormStatus.SUBMITTED, "reopen"),
        (FormStatus.APPROVED, "approve"),
    ],
)
def test_r_fam_7_outreach_review_refuses_a_skipped_state(login, world, status, action):
    form = OutreachFormFactory(parent_partner=world.pp_a1, month=LAST_MONTH, status=status)
    OutreachActivityFactory(form=form, held_on=LAST_MONTH)
    name = "mentoring:outreach-form-submit" if action == "submit" else "mentoring:outreach-form-review"
    response = login(coordinator(world)).post(
        reverse(name, args=[form.pk]), {"action": action, "text": "reason", "version": form.version}, follow=True
    )
    assert response.status_code == 200
    assert "this one is" in " ".join(str(m) for m in response.context["messages"])
    form.refresh_from_db()
    assert form.status == status


def test_r_fam_7_an_empty_outreach_form_is_not_submitted(world):
    form = OutreachFormFactory(parent_partner=world.pp_a1)
    with pytest.raises(ValidationError, match="at least one outreach activity"):
        outreach.submit(form, coordinator(world))


def test_r_fam_7_returning_needs_a_comment_and_reopening_a_reason(world):
    form = OutreachFormFactory(parent_partner=world.pp_a1, status=FormStatus.SUBMITTED)
    with pytest.raises(ValidationError, match="what needs to change"):
        outreach.return_to_partner(form, coordinator(world), "  ")
    with pytest.raises(ValidationError, match="reason"):
        outreach.reopen_for_correction(form, coordinator(world), "")


def test_r_fam_7_approved_outreach_form_is_locked(login, world):
    form = OutreachFormFactory(parent_partner=world.pp_a1, status=FormStatus.APPROVED)
    OutreachActivityFactory(form=form, held_on=form.month)
    form.approved_by, form.approved_at = coordinator(world), timezone.now()
    form.save()
    client = login(world.users[Role.PARENT_PARTNER])
    url = reverse("mentoring:outreach-form-update", args=[form.pk])
    assert client.get(url).status_code == 302
    response = client.post(url, lines_data(world, form), follow=True)
    assert "cannot change now" in response.content.decode()
    assert form.activities.get().kind == "committee"


def test_r_fam_7_stale_outreach_edit_is_refused(login, world):
    form = OutreachFormFactory(parent_partner=world.pp_a1)
    OutreachActivityFactory(form=form, held_on=form.month)
    data = lines_data(world, form)
    OutreachForm.objects.filter(pk=form.pk).update(version=form.version + 1)
    response = login(coordinator(world)).post(reverse("mentoring:outreach-form-update", args=[form.pk]), data)
    assert response.status_code == 409
    assert form.activities.get().kind == "committee"


def test_r_fam_7_outreach_lines_are_saved_with_history(login, world):
    form = OutreachFormFactory(parent_partner=world.pp_a1)
    OutreachActivityFactory(form=form, held_on=form.month)
    data = lines_data(world, form)
    data.update({"lines-1-held_on": MONTH.isoformat(), "lines-1-kind": "other", "lines-1-description": "Fair booth"})
    data["lines-1-hours"] = "3"
    response = login(world.users[Role.PARENT_PARTNER]).post(
        reverse("mentoring:outreach-form-update", args=[form.pk]), data
    )
    assert response.status_code == 302
    assert sorted(form.activities.values_list("kind", flat=True)) == ["other", "speaking"]
    assert form.activities.get(kind="other").miles == 0
    lines_change = history_changes(form)[-1]["Outreach activities"]
    assert "Fair booth" in lines_change[1] and "County child welfare committee" in lines_change[0]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("held_on", (TODAY + DAY).isoformat(), "cannot be in the future"),
        ("held_on", (MONTH - DAY).isoformat(), "must be in"),
        ("hours", "-1", "more than zero"),
        ("hours", "0", "more than zero"),
        ("hours", "40", "No more than 16"),
        ("miles", "-3", "cannot be negative"),
        ("miles", "5000", "No more than 1000"),
        ("hours", "lots", "Enter a number"),
    ],
)
def test_r_fam_7_bad_outreach_lines_get_a_message_on_the_field(login, world, field, value, message):
    form = OutreachFormFactory(parent_partner=world.pp_a1)
    OutreachActivityFactory(form=form, held_on=form.month)
    data = lines_data(world, form)
    data[f"lines-0-{field}"] = value
    response = login(coordinator(world)).post(reverse("mentoring:outreach-form-update", args=[form.pk]), data)
    assert response.status_code == 200
    errors = response.context["formset"].forms[0].errors
    assert message in " ".join(errors[field])
    assert form.activities.get().kind == "committee"


def test_r_fam_7_one_outreach_form_per_partner_and_month_and_none_for_a_future_month(login, world):
    OutreachFormFactory(parent_partner=world.pp_a1, month=LAST_MONTH)
    client = login(coordinator(world))
    url = reverse("mentoring:outreach-form-create")
    response = client.post(url, {"parent_partner": world.pp_a1.pk, "month": f"{LAST_MONTH:%Y-%m}"})
    assert "already has a community outreach form" in response.content.decode()
    future = next_month(MONTH)
    response = client.post(url, {"parent_partner": world.pp_a1.pk, "month": f"{future:%Y-%m}"})
    assert "in the future" in response.content.decode()
    assert OutreachForm.objects.count() == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        OutreachForm.objects.create(parent_partner=world.pp_a1, month=LAST_MONTH)


def test_r_fam_7_a_parent_partner_starts_only_their_own_outreach_form(login, world):
    client = login(world.users[Role.PARENT_PARTNER])
    response = client.post(
        reverse("mentoring:outreach-form-create"), {"parent_partner": world.pp_a2.pk, "month": f"{MONTH:%Y-%m}"}
    )
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    assert not OutreachForm.objects.exists()


def test_outreach_line_constraints_keep_absurd_values_out(world):
    form = OutreachFormFactory(parent_partner=world.pp_a1)
    with pytest.raises(IntegrityError), transaction.atomic():
        OutreachActivity.objects.create(form=form, held_on=MONTH, kind="other", description="x", hours=30, miles=0)


@pytest.mark.parametrize("rows", [4, 30])
def test_outreach_form_list_query_count_does_not_grow(login, world, django_assert_num_queries, rows):
    for _ in range(rows):
        partner = ParentPartnerFactory(site=world.site_a1)
        OutreachActivityFactory.create_batch(2, form=OutreachFormFactory(parent_partner=partner, month=LAST_MONTH))
    client = login(coordinator(world))
    # 1 session, 2 user, 3 scope sites, 4 count, 5 site choices of the filter, 6 the page of forms
    # with Parent Partner, site and summed hours and miles, 7-9 the session's idle-timeout renewal.
    with django_assert_num_queries(9):
        response = client.get(reverse("mentoring:outreach-form-list"))
    assert response.context["paginator"].count == rows
    assert response.context["object_list"][0].total_hours == 4


# --- supervision and clinical support (R-SUP-1, R-SUP-2) ------------------------------------------


def serving(world, partner=None, assigned_days_ago=60):
    """A Parent Partner with a current family assigned `assigned_days_ago` days ago."""
    partner = partner or ParentPartnerFactory(site=world.site_a1, current_role="pp")
    AssignmentFactory(
        case__family__site=partner.site, parent_partner=partner, assigned_on=TODAY - assigned_days_ago * DAY
    )
    return partner


def flags(partner):
    row = supervision.with_support_dates(type(partner).objects.filter(pk=partner.pk)).get()
    return row.needs_supervision, row.needs_clinical_support


def test_r_sup_1_weekly_supervision_exactly_a_week_ago_counts_eight_days_ago_is_flagged(world):
    partner = serving(world)
    ClinicalSupportSessionFactory(site=partner.site, held_on=TODAY - 3 * DAY, attendees=[partner])
    assert flags(partner) == (True, False)
    entry = SupervisionSessionFactory(parent_partner=partner, held_on=TODAY - 8 * DAY)
    assert flags(partner) == (True, False)
    entry.held_on = TODAY - 7 * DAY
    entry.save()
    assert flags(partner) == (False, False)


def test_r_sup_2_clinical_support_in_the_last_month(world):
    partner = serving(world)
    SupervisionSessionFactory(parent_partner=partner, held_on=TODAY)
    session = ClinicalSupportSessionFactory(
        site=partner.site, held_on=one_month_before(TODAY) - DAY, attendees=[partner]
    )
    assert flags(partner) == (False, True)
    session.held_on = one_month_before(TODAY)
    session.save()
    assert flags(partner) == (False, False)


def test_r_sup_1_r_sup_2_clock_starts_at_the_assignment_and_only_for_active_partners_with_families(world):
    newly_assigned = serving(world, assigned_days_ago=2)
    assert flags(newly_assigned) == (False, False)
    without_family = ParentPartnerFactory(site=world.site_a1)
    assert flags(without_family) == (False, False)
    paused = serving(world, ParentPartnerFactory(site=world.site_a1, status="paused"))
    assert flags(paused) == (False, False)
    assert flags(serving(world)) == (True, True)


def test_r_sup_1_months_end_one_month_before():
    assert one_month_before(datetime.date(2026, 3, 31)) == datetime.date(2026, 2, 28)
    assert one_month_before(datetime.date(2026, 1, 15)) == datetime.date(2025, 12, 15)


def test_r_sup_1_r_sup_2_flags_page_and_home_count(login, world):
    due = serving(world, world.pp_a1)
    fine = serving(world)
    SupervisionSessionFactory(parent_partner=fine, held_on=TODAY - DAY)
    ClinicalSupportSessionFactory(site=fine.site, held_on=TODAY - DAY, attendees=[fine])
    serving(world, world.pp_b1)  # out of the coordinator's scope
    client = login(coordinator(world))
    response = client.get(reverse("mentoring:support-flags"))
    assert list(response.context["object_list"]) == [due]
    assert list(client.get(reverse("mentoring:support-flags") + "?flag=supervision").context["object_list"]) == [due]
    home = client.get(reverse("home")).content.decode()
    assert "Without weekly supervision in the last 7 days: 1" in home
    assert "Without clinical support in the last month: 1" in home


@pytest.mark.parametrize("rows", [4, 30])
def test_support_flags_query_count_does_not_grow(login, world, django_assert_num_queries, rows):
    for _ in range(rows):
        serving(world)
    client = login(coordinator(world))
    # 1 session, 2 user, 3 scope sites, 4 count, 5 site choices, 6 the page of people with their last
    # supervision, last clinical support and flags (subqueries), 7-9 the session's renewal.
    with django_assert_num_queries(9):
        response = client.get(reverse("mentoring:support-flags"))
    assert response.context["paginator"].count == rows


def test_r_sup_1_supervision_is_recorded_by_the_coordinator_with_the_cases_discussed(login, world):
    assignment = AssignmentFactory(case__family__site=world.site_a1, parent_partner=world.pp_a1)
    other = AssignmentFactory(case__family__site=world.site_a1)
    client = login(coordinator(world))
    url = reverse("mentoring:supervision-create")
    data = {"parent_partner": world.pp_a1.pk, "held_on": TODAY.isoformat(), "cases": [other.case.pk]}
    response = client.post(url, data)
    assert "Not a family of Ada Alpha" in response.content.decode()
    data["cases"] = [assignment.case.pk]
    assert client.post(url, data).status_code == 302
    entry = SupervisionSession.objects.get()
    assert entry.coordinator == coordinator(world) and list(entry.cases.all()) == [assignment.case]
    assert HistoryEntry.objects.filter(object_id=str(entry.pk), action="create").exists()
    response = client.post(url, data)
    assert "already in the log" in response.content.decode()
    data["held_on"] = (TODAY + DAY).isoformat()
    assert "cannot be in the future" in client.post(url, data).content.decode()


def test_r_sup_2_clinical_support_attendees_come_from_the_site_and_individual_has_one(login, world):
    client = login(world.users[Role.CLINICIAN])
    url = reverse("mentoring:clinical-support-create")
    other = ParentPartnerFactory(site=world.site_a1)
    data = {"site": world.site_a1.pk, "held_on": TODAY.isoformat(), "clinician": "A clinician", "format": "individual"}
    response = client.post(url, {**data, "attendees": [world.pp_a1.pk, other.pk]})
    assert "An individual session has one attendee." in response.content.decode()
    response = client.post(url, {**data, "attendees": []})
    assert "Choose who attended." in response.content.decode() or "This field is required" in response.content.decode()
    assert client.post(url, {**data, "attendees": [world.pp_a1.pk]}).status_code == 302


@pytest.mark.parametrize("rows", [4, 30])
def test_supervision_list_query_count_does_not_grow(login, world, django_assert_num_queries, rows):
    for index in range(rows):
        SupervisionSessionFactory(parent_partner=world.pp_a1, held_on=TODAY - index * DAY)
    client = login(coordinator(world))
    # 1 session, 2 user, 3 scope sites, 4 count, 5 Parent Partner choices of the filter, 6 the page
    # with Parent Partner, site, coordinator and case count, 7-9 the session's renewal.
    with django_assert_num_queries(9):
        response = client.get(reverse("mentoring:supervision-list"))
    assert response.context["paginator"].count == rows
    # The links come from one reverse() (parentpartner.links): the same as each entry's own URL.
    page = response.context["rows"]
    assert len(page) == min(rows, 25) and all(url == entry.get_absolute_url() for entry, url in page)
    assert page[0][1] in response.content.decode()


@pytest.mark.parametrize("rows", [4, 30])
def test_clinical_support_list_query_count_does_not_grow(login, world, django_assert_num_queries, rows):
    for index in range(rows):
        ClinicalSupportSessionFactory(site=world.site_a1, held_on=TODAY - index * DAY, attendees=[world.pp_a1])
    client = login(world.users[Role.CLINICIAN])
    # 1 session, 2 user, 3 scope sites, 4 count, 5 site choices, 6 the page with site and attendee
    # count, 7-9 the session's renewal.
    with django_assert_num_queries(9):
        response = client.get(reverse("mentoring:clinical-support-list"))
    assert response.context["paginator"].count == rows


@pytest.mark.django_db
def test_supervision_filter_offers_the_scopes_partners_by_name(world, login):
    """The Parent Partner choice is read as (pk, name) with values_list (issue 9: no model instance per
    option): the same people, order and labels as the model would give, only those in scope."""
    from parentpartner.models import ParentPartner

    user = world.users[Role.SITE_COORDINATOR]
    response = login(user).get(reverse("mentoring:supervision-list"))
    choices = list(response.context["filter"].form.fields["parent_partner"].choices)
    assert choices[0] == ("", "Anyone")
    assert choices[1:] == [(p.pk, str(p)) for p in ParentPartner.objects.visible_to(user)]
    assert world.pp_b1.pk not in {pk for pk, _label in choices}
    selected = login(user).get(reverse("mentoring:supervision-list"), {"parent_partner": world.pp_a1.pk})
    assert selected.status_code == 200
    assert f'<option value="{world.pp_a1.pk}" selected>' in selected.content.decode()
