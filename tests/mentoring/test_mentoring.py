"""Mentoring: referrals, matching and assignment, reassignment, closing, monthly activity forms."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from eligibility.models import Step
from mentoring.models import ActivityForm, Assignment, Case, CaseStatus, Conflict, Contact, Family, FormStatus
from mentoring.services import cases as services
from parentpartner.models import HistoryEntry, PartnerRole, Role
from tests.factories import (
    ActivityFormFactory,
    AssignmentFactory,
    CaseFactory,
    ChildFactory,
    ContactFactory,
    DisqualifierFactory,
    ParentPartnerFactory,
    ReviewCaseFactory,
    StateHolidayFactory,
    TrainingCompletionFactory,
    training,
)
from tests.matrix.pages_mentoring import family_data

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def qualified(site, **kwargs):
    """A Parent Partner who passes the training gate (R-TRN-1)."""
    partner = ParentPartnerFactory(
        site=site, current_role=kwargs.pop("current_role", PartnerRole.PARENT_PARTNER), **kwargs
    )
    for number in range(1, 7):
        TrainingCompletionFactory(parent_partner=partner, training=training(number))
    return partner


# --- referrals (R-FAM-1, R-FAM-8) ------------------------------------------------------------


def test_r_fam_1_a_referral_needs_the_parents_consent(login, world):
    client = login(world.users[Role.SITE_COORDINATOR])
    data = family_data(world)
    del data["referral-consent_given"]
    response = client.post(reverse("mentoring:family-create"), data)
    assert "consent is required" in response.context["referral"].errors["consent_given"][0]
    assert not Family.objects.exists()


def test_r_fam_1_a_new_referral_saves_family_children_and_case(login, world):
    client = login(world.users[Role.SITE_COORDINATOR])
    response = client.post(reverse("mentoring:family-create"), family_data(world))
    family = Family.objects.get(parent_last_name="Newfamily")
    assert response.url == family.get_absolute_url()
    assert [(c.age, c.placement) for c in family.children.all()] == [(3, "foster_care")]
    case = family.cases.get()
    assert case.status == CaseStatus.AWAITING_ASSIGNMENT and case.created_by == world.users[Role.SITE_COORDINATOR]
    assert HistoryEntry.objects.filter(object_id=str(family.pk), action="create").exists()


def csc_data(world, placement="in_home"):
    data = family_data(world)
    data.update({"referral-source": "csc", "children-0-placement": placement})
    return data


def test_r_fam_8_csc_referral_is_refused_when_a_child_is_removed(login, world):
    client = login(world.users[Role.SITE_COORDINATOR])
    for placement in ("foster_care", "kinship_care"):
        response = client.post(reverse("mentoring:family-create"), csc_data(world, placement))
        assert "placed out of the home" in response.context["referral"].errors["source"][0]
    assert not Family.objects.exists()


def test_r_fam_8_csc_referral_is_accepted_for_a_family_at_home(login, world):
    client = login(world.users[Role.SITE_COORDINATOR])
    assert client.post(reverse("mentoring:family-create"), csc_data(world)).status_code == 302
    assert Case.objects.get().source == "csc"


def test_r_fam_8_csc_referral_is_refused_when_the_parent_already_has_a_parent_partner(login, world):
    assignment = AssignmentFactory(case__family__site=world.site_a1)
    assignment.case.status = CaseStatus.CLOSED
    # The family's open case is closed on paper but the Parent Partner is still with them.
    Case.objects.filter(pk=assignment.case.pk).update(
        status="closed", closed_on=TODAY, closed_by="mutual", outcome="other"
    )
    client = login(world.users[Role.SITE_COORDINATOR])
    response = client.post(
        reverse("mentoring:referral-create", args=[assignment.case.family.pk]),
        {
            "source": "csc",
            "referred_on": TODAY.isoformat(),
            "referred_by": "A caseworker",
            "consent_given": "on",
            "consent_on": TODAY.isoformat(),
        },
    )
    assert "already has a Parent Partner" in response.context["form"].errors["source"][0]


def test_r_fam_8_csc_capacity_is_fifty_families_per_service_area(login, world):
    for _ in range(services.CSC_CAPACITY_PER_AREA):
        CaseFactory(family__site=world.site_a2, source="csc")
    CaseFactory(family__site=world.site_b1, source="csc")  # another area does not count
    client = login(world.users[Role.SITE_COORDINATOR])
    response = client.post(reverse("mentoring:family-create"), csc_data(world))
    assert "already has 50 active Child Safety Conference families" in response.context["referral"].errors["source"][0]
    # A traditional referral is not limited by the pilot's capacity.
    assert client.post(reverse("mentoring:family-create"), family_data(world)).status_code == 302


# --- matching and assignment (R-FAM-2, R-FAM-3) ----------------------------------------------


def test_r_fam_2_candidates_are_ranked_with_reasons(login, world):
    case = CaseFactory(
        family__site=world.site_a1,
        family__needs=["domestic_violence", "mental_health"],
        family__noncustodial_parent=True,
    )
    best = qualified(
        world.site_a1,
        last_name="Best",
        lived_experience=["domestic_violence", "noncustodial"],
        county=case.family.county,
    )
    qualified(world.site_a1, last_name="Plain", lived_experience=[])
    busy = qualified(
        world.site_a1,
        last_name="Busy",
        lived_experience=["domestic_violence", "noncustodial"],
        county=case.family.county,
    )
    AssignmentFactory.create_batch(3, parent_partner=busy, case__family__site=world.site_a1)
    response = login(world.users[Role.SITE_COORDINATOR]).get(reverse("mentoring:case-match", args=[case.pk]))
    ranked = [c.partner.last_name for c in response.context["eligible"]]
    assert ranked.index("Best") < ranked.index("Busy") < ranked.index("Plain")
    reasons = response.context["eligible"][0].reasons
    assert "Shared experience: Domestic violence" in reasons
    assert "Has been a noncustodial parent" in reasons
    assert best.pk == response.context["eligible"][0].partner.pk


def test_r_fam_2_r_trn_1_the_training_gate_leaves_people_out_with_the_reason(login, world):
    case = CaseFactory(family__site=world.site_a1)
    untrained = ParentPartnerFactory(site=world.site_a1, current_role=PartnerRole.PARENT_PARTNER, last_name="Untrained")
    response = login(world.users[Role.SITE_COORDINATOR]).get(reverse("mentoring:case-match", args=[case.pk]))
    excluded = {c.partner.pk: c.excluded for c in response.context["excluded"]}
    assert "6 trainings required before mentoring not done" in " ".join(excluded[untrained.pk])
    # world.pp_a1 is a Parent Partner in Training: never matched.
    assert "does not mentor one-on-one yet" in " ".join(excluded[world.pp_a1.pk])


def test_r_fam_2_r_trn_1_an_assignment_refused_by_the_training_gate(login, world):
    case = CaseFactory(family__site=world.site_a1)
    untrained = ParentPartnerFactory(site=world.site_a1, current_role=PartnerRole.PARENT_PARTNER)
    client = login(world.users[Role.SITE_COORDINATOR])
    response = client.post(
        reverse("mentoring:case-match", args=[case.pk]), {"parent_partner": untrained.pk}, follow=True
    )
    assert "Not assigned: Trainings required before mentoring not done" in response.content.decode()
    assert not Assignment.objects.exists()


def test_r_rev_4_a_review_that_stops_mentoring_leaves_the_person_out_of_matching(login, world):
    case = CaseFactory(family__site=world.site_a1)
    stopped = qualified(world.site_a1, last_name="Stopped")
    ReviewCaseFactory(parent_partner=stopped, may_mentor_while_open=False)
    client = login(world.users[Role.SITE_COORDINATOR])
    response = client.get(reverse("mentoring:case-match", args=[case.pk]))
    excluded = {c.partner.pk: " ".join(c.excluded) for c in response.context["excluded"]}
    assert "may not mentor while it is open" in excluded[stopped.pk]
    refused = client.post(reverse("mentoring:case-match", args=[case.pk]), {"parent_partner": stopped.pk})
    assert refused.status_code == 302 and not Assignment.objects.exists()


def test_r_elig_2_a_disqualified_person_is_left_out_of_matching(login, world):
    case = CaseFactory(family__site=world.site_a1)
    disqualified = qualified(world.site_a1)
    DisqualifierFactory(record__parent_partner=disqualified)
    response = login(world.users[Role.SITE_COORDINATOR]).get(reverse("mentoring:case-match", args=[case.pk]))
    assert disqualified.pk in [c.partner.pk for c in response.context["excluded"]]


def test_r_fam_3_assignment_records_who_when_and_the_first_contact_due_in_two_working_days(login, world):
    case = CaseFactory(family__site=world.site_a1)
    partner = qualified(world.site_a1)
    coordinator = world.users[Role.SITE_COORDINATOR]
    login(coordinator).post(reverse("mentoring:case-match", args=[case.pk]), {"parent_partner": partner.pk})
    assignment = Assignment.objects.get()
    assert (assignment.parent_partner, assignment.assigned_by, assignment.assigned_on) == (partner, coordinator, TODAY)
    assert assignment.first_contact_due == services.first_contact_due(TODAY)
    case.refresh_from_db()
    assert case.status == CaseStatus.ACTIVE


@pytest.mark.django_db
def test_r_fam_3_first_contact_skips_weekends_and_state_holidays():
    friday = datetime.date(2026, 11, 20)
    assert services.first_contact_due(friday) == datetime.date(2026, 11, 24)
    # Assigned the Wednesday before Thanksgiving: Thursday and Friday are state holidays (migration).
    assert services.first_contact_due(datetime.date(2026, 11, 25)) == datetime.date(2026, 12, 1)
    StateHolidayFactory(date=datetime.date(2026, 11, 23), name="Storm closure")
    assert services.first_contact_due(friday) == datetime.date(2026, 11, 25)


def test_r_fam_3_overdue_first_contacts_are_listed_and_a_contact_clears_them(login, world):
    late = AssignmentFactory(
        case__family__site=world.site_a1,
        assigned_on=TODAY - 10 * DAY,
        first_contact_due=TODAY - 8 * DAY,
        first_contact_on=None,
    )
    client = login(world.users[Role.SITE_COORDINATOR])
    assert list(client.get(reverse("mentoring:worklist")).context["overdue"]) == [late]
    form = ActivityFormFactory(assignment=late, month=TODAY.replace(day=1))
    client.post(reverse("mentoring:activity-form-update", args=[form.pk]), contacts(form, TODAY))
    late.refresh_from_db()
    assert late.first_contact_on == TODAY
    assert list(client.get(reverse("mentoring:worklist")).context["overdue"]) == []


# --- reassignment and closing (R-FAM-4, R-FAM-5) ---------------------------------------------


def test_r_fam_4_reassignment_keeps_the_history_and_the_conflict(login, world):
    first = qualified(world.site_a1, last_name="First")
    assignment = AssignmentFactory(case__family__site=world.site_a1, parent_partner=first)
    case = assignment.case
    client = login(world.users[Role.SITE_COORDINATOR])
    response = client.post(
        reverse("mentoring:case-reassign", args=[case.pk]),
        {"reason": "lives_close", "note": "Lives next door", "version": case.version},
    )
    assert response.url == reverse("mentoring:case-match", args=[case.pk])
    assignment.refresh_from_db()
    assert (assignment.ended_on, assignment.end_reason) == (TODAY, "lives_close")
    assert Conflict.objects.get(parent_partner=first, family=case.family).reason == "lives_close"
    match = client.get(response.url)
    assert first.pk in [c.partner.pk for c in match.context["excluded"]]
    second = qualified(world.site_a1, last_name="Second")
    client.post(response.url, {"parent_partner": second.pk})
    assert [a.parent_partner.last_name for a in case.assignments.order_by("pk")] == ["First", "Second"]


def test_r_rev_4_families_of_a_stopped_parent_partner_are_flagged_to_reassign(login, world):
    stopped = qualified(world.site_a1)
    assignment = AssignmentFactory(case__family__site=world.site_a1, parent_partner=stopped)
    ReviewCaseFactory(parent_partner=stopped, step=Step.CLOSED, outcome="stop_mentoring", closed_on=TODAY)
    flagged = login(world.users[Role.SITE_COORDINATOR]).get(reverse("mentoring:worklist")).context["urgent"]
    assert [row.assignment for row in flagged] == [assignment]


def test_r_fam_5_closing_a_case_by_the_participant_ends_the_assignment(login, world):
    assignment = AssignmentFactory(case__family__site=world.site_a1)
    case = assignment.case
    client = login(world.users[Role.SITE_COORDINATOR])
    client.post(
        reverse("mentoring:case-close", args=[case.pk]),
        {"closed_by": "participant", "outcome": "withdrew", "closed_on": TODAY.isoformat(), "version": case.version},
    )
    case.refresh_from_db()
    assignment.refresh_from_db()
    assert (case.status, case.closed_by, case.outcome) == ("closed", "participant", "withdrew")
    assert assignment.end_reason == "case_closed"


def test_r_fam_8_placement_avoided_is_only_for_csc_families(login, world):
    case = AssignmentFactory(case__family__site=world.site_a1).case
    response = login(world.users[Role.SITE_COORDINATOR]).post(
        reverse("mentoring:case-close", args=[case.pk]),
        {
            "closed_by": "mutual",
            "outcome": "placement_avoided",
            "closed_on": TODAY.isoformat(),
            "version": case.version,
        },
    )
    assert "Child Safety Conference" in response.context["form"].errors["outcome"][0]
    case.refresh_from_db()
    assert case.status == CaseStatus.ACTIVE


# --- monthly activity forms (R-FAM-6, R-FAM-7) -----------------------------------------------


def contacts(form, *days, minutes="60", miles="10", version=None):
    data = {
        "version": form.version if version is None else version,
        "contacts-TOTAL_FORMS": str(len(days)),
        "contacts-INITIAL_FORMS": "0",
    }
    for index, day in enumerate(days):
        data.update(
            {
                f"contacts-{index}-contacted_on": day.isoformat(),
                f"contacts-{index}-method": "face_to_face",
                f"contacts-{index}-activity": "home_visit",
                f"contacts-{index}-minutes": minutes,
                f"contacts-{index}-miles": miles,
            }
        )
    return data


def last_month_form(world, **kwargs):
    month = services.previous_month(TODAY)
    assignment = AssignmentFactory(
        case__family__site=world.site_a1,
        assigned_on=month - 20 * DAY,
        parent_partner=kwargs.pop("parent_partner", None) or qualified(world.site_a1),
    )
    return ActivityFormFactory(assignment=assignment, month=month, **kwargs)


def test_r_fam_7_a_month_of_contacts_is_saved_in_one_post_with_totals(login, world):
    form = last_month_form(world)
    days = [form.month + n * DAY for n in (0, 6, 13, 20)]
    client = login(world.users[Role.SITE_COORDINATOR])
    response = client.post(
        reverse("mentoring:activity-form-update", args=[form.pk]), contacts(form, *days, minutes="120", miles="12.5")
    )
    assert response.status_code == 302
    detail = client.get(form.get_absolute_url())
    assert detail.context["totals"]["hours"] == 8
    assert detail.context["totals"]["miles"] == 50
    assert detail.context["totals"]["flag"] == ""


def test_r_role_7_months_below_seven_hours_are_flagged(login, world):
    form = last_month_form(world)
    ContactFactory(form=form, minutes=60)
    response = login(world.users[Role.SITE_COORDINATOR]).get(form.get_absolute_url())
    assert "Below the expected 7–10 hours" in response.context["totals"]["flag"]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("contacted_on", "outside", "the date must fall in that month"),
        ("contacted_on", "future", "cannot be in the future"),
        ("minutes", "-5", "Enter at least 1 minute."),
        ("minutes", "2000", "More than 16 hours in one contact is not plausible"),
        ("miles", "-1", "Miles cannot be negative."),
        ("miles", "5000", "More than 1,000 miles in one contact is not plausible"),
        ("minutes", "abc", "Enter a whole number."),
    ],
)
def test_r_fam_7_bad_contact_lines_are_refused_on_the_field_and_nothing_is_saved(
    login, world, clock_on, field, value, message
):
    month = TODAY.replace(day=1)
    if value == "future":
        # A day of the form's month after today: on a month's last day there is none (the next day meets
        # the month check first), so this case is run on the first of the month and dated the second.
        clock_on(month)
        value = (month + DAY).isoformat()
    today = timezone.localdate()
    form = ActivityFormFactory(assignment=AssignmentFactory(case__family__site=world.site_a1), month=month)
    data = contacts(form, today, today)
    if value == "outside":
        value = (form.month - DAY).isoformat()
    data[f"contacts-1-{field}"] = value
    response = login(world.users[Role.SITE_COORDINATOR]).post(
        reverse("mentoring:activity-form-update", args=[form.pk]), data
    )
    assert response.status_code == 200
    assert message in " ".join(response.context["formset"].forms[1].errors[field])
    assert not Contact.objects.exists()


def test_r_fam_7_submit_approve_locks_and_a_correction_keeps_its_reason(login, world):
    form = last_month_form(world)
    coordinator = login(world.users[Role.SITE_COORDINATOR])
    coordinator.post(
        reverse("mentoring:activity-form-update", args=[form.pk]), {**contacts(form, form.month), "submit": "1"}
    )
    form.refresh_from_db()
    assert form.status == FormStatus.SUBMITTED
    review = reverse("mentoring:activity-form-review", args=[form.pk])
    coordinator.post(review, {"action": "approve", "version": form.version, "confirm_no_prohibited_activity": "on"})
    form.refresh_from_db()
    assert form.status == FormStatus.APPROVED and form.approved_by == world.users[Role.SITE_COORDINATOR]
    assert coordinator.get(reverse("mentoring:activity-form-update", args=[form.pk])).status_code == 403
    no_reason = coordinator.post(review, {"action": "reopen", "comment": "", "version": form.version}, follow=True)
    assert "Give the reason for the correction." in no_reason.content.decode()
    coordinator.post(review, {"action": "reopen", "comment": "Wrong mileage on the 1st", "version": form.version})
    form.refresh_from_db()
    assert (form.status, form.correction_reason) == (FormStatus.DRAFT, "Wrong mileage on the 1st")
    actions = list(
        HistoryEntry.objects.filter(object_id=str(form.pk), content_type__model="activityform")
        .order_by("pk")
        .values_list("changes__status", flat=True)
    )
    assert actions[-3:] == [["Draft", "Submitted"], ["Submitted", "Approved"], ["Approved", "Draft"]]


def test_r_fam_7_a_returned_form_carries_the_comment(login, world):
    form = last_month_form(world, status=FormStatus.SUBMITTED)
    client = login(world.users[Role.SITE_COORDINATOR])
    review = reverse("mentoring:activity-form-review", args=[form.pk])
    client.post(review, {"action": "return", "comment": "", "version": form.version})
    form.refresh_from_db()
    assert form.status == FormStatus.SUBMITTED
    client.post(review, {"action": "return", "comment": "Add the court date", "version": form.version})
    form.refresh_from_db()
    assert (form.status, form.return_comment) == (FormStatus.RETURNED, "Add the court date")


def test_a_parent_partner_drafts_and_submits_their_own_form_but_cannot_approve(login, world):
    form = last_month_form(world, parent_partner=world.pp_a1)
    client = login(world.users[Role.PARENT_PARTNER])
    assert (
        client.post(
            reverse("mentoring:activity-form-update", args=[form.pk]), {**contacts(form, form.month), "submit": "1"}
        ).status_code
        == 302
    )
    form.refresh_from_db()
    assert form.status == FormStatus.SUBMITTED
    refused = client.post(
        reverse("mentoring:activity-form-review", args=[form.pk]), {"action": "approve", "version": form.version}
    )
    assert refused.status_code == 403
    form.refresh_from_db()
    assert form.status == FormStatus.SUBMITTED


def test_two_people_saving_the_same_activity_form_do_not_overwrite_each_other(login, world, client):
    form = last_month_form(world)
    stale_version = form.version
    url = reverse("mentoring:activity-form-update", args=[form.pk])
    login(world.users[Role.SITE_COORDINATOR]).post(url, contacts(form, form.month, minutes="30"))
    second = login(world.users[Role.SERVICE_AREA_COORDINATOR]).post(
        url, contacts(form, form.month + DAY, minutes="45", version=stale_version)
    )
    assert second.status_code == 409
    assert "Someone else saved this record" in second.content.decode()
    assert list(Contact.objects.values_list("minutes", flat=True)) == [30]


def test_r_fam_7_missing_forms_for_last_month_are_listed(login, world):
    missing = last_month_form(world).assignment
    ActivityForm.objects.filter(assignment=missing).delete()
    submitted = last_month_form(world, status=FormStatus.SUBMITTED).assignment
    draft_only = last_month_form(world).assignment
    listed = list(login(world.users[Role.SITE_COORDINATOR]).get(reverse("mentoring:worklist")).context["missing"])
    assert missing in listed and draft_only in listed and submitted not in listed


def test_a_form_cannot_be_started_before_the_assignment(login, world):
    assignment = AssignmentFactory(case__family__site=world.site_a1, assigned_on=TODAY.replace(day=1))
    client = login(world.users[Role.SITE_COORDINATOR])
    before = services.previous_month(TODAY).strftime("%Y-%m")
    response = client.post(
        reverse("mentoring:activity-form-start", args=[assignment.pk]), {"month": before}, follow=True
    )
    assert "was not assigned to this family yet" in response.content.decode()
    assert not ActivityForm.objects.exists()


# --- scope and query counts ------------------------------------------------------------------


def test_a_parent_partner_sees_only_families_assigned_to_them_now(login, world):
    mine = AssignmentFactory(case__family__site=world.site_a1, parent_partner=world.pp_a1)
    other = AssignmentFactory(case__family__site=world.site_a1)
    client = login(world.users[Role.PARENT_PARTNER])
    assert client.get(mine.case.family.get_absolute_url()).status_code == 200
    assert client.get(other.case.family.get_absolute_url()).status_code == 404
    services.end_assignment(mine.case, user=world.users[Role.SITE_COORDINATOR], reason="other_conflict")
    assert client.get(mine.case.family.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("rows", [3, 30])
def test_family_list_query_count_does_not_grow(login, world, django_assert_num_queries, rows):
    for _ in range(rows):
        AssignmentFactory(case__family__site=world.site_a1)
    client = login(world.users[Role.SITE_COORDINATOR])
    # 1 session, 2 user, 3 scope, 4 count, 5 site choices, 6 the page with latest case and current
    # Parent Partner as subqueries, 7-9 the session's renewal.
    with django_assert_num_queries(9):
        response = client.get(reverse("mentoring:family-list"))
    assert response.context["paginator"].count == rows


@pytest.mark.parametrize("rows", [3, 20])
def test_match_page_query_count_does_not_grow(login, world, django_assert_num_queries, rows):
    case = CaseFactory(family__site=world.site_a1)
    for _ in range(rows):
        ReviewCaseFactory(parent_partner=qualified(world.site_a1))
    client = login(world.users[Role.SITE_COORDINATOR])
    # 1 session, 2 user, 3 scope, 4 the case, 5 pre-mentoring training count, 6 candidates with
    # caseload and trainings, 7 conflicts, 8-9 review answers (stopping cases, screenings; a third
    # for disqualifiers once someone has a screening), 10 the current assignment, 11 the access log row
    # (issue 15), 12-14 renewal.
    with django_assert_num_queries(14):
        response = client.get(reverse("mentoring:case-match", args=[case.pk]))
    assert len(response.context["eligible"]) == rows


@pytest.mark.parametrize("rows", [3, 30])
def test_worklist_query_count_does_not_grow(login, world, django_assert_num_queries, rows):
    for _ in range(rows):
        AssignmentFactory(case__family__site=world.site_a1, first_contact_on=None, first_contact_due=TODAY - DAY)
        CaseFactory(family__site=world.site_a1)
    client = login(world.users[Role.SITE_COORDINATOR])
    # 1 session, 2 user, 3 scope, 4 families to reassign now (with their flags; their review cases
    # would be one more, whatever their number: tests/matrix/test_query_counts.py), 5 awaiting, 6 overdue,
    # 7 missing forms, 8-10 the session's renewal.
    with django_assert_num_queries(10):
        response = client.get(reverse("mentoring:worklist"))
    assert len(response.context["overdue"]) == rows


@pytest.mark.parametrize("rows", [3, 30])
def test_activity_form_pages_query_count_does_not_grow(login, world, django_assert_num_queries, rows):
    form = last_month_form(world)
    for n in range(rows):
        ContactFactory(form=form, contacted_on=form.month + (n % 28) * DAY)
    client = login(world.users[Role.SITE_COORDINATOR])
    # 1 session, 2 user, 3 scope, 4 the form with its assignment, family and people, 5 contacts,
    # 6 totals, 7 history, 8 the access log row, 9-11 the session's renewal.
    with django_assert_num_queries(11):
        client.get(form.get_absolute_url())
    # 1 session, 2 user, 3 scope, 4 the form, 5 totals, 6 the contacts of the formset, 7 the access log
    # row (issue 15), 8-10 renewal.
    with django_assert_num_queries(10):
        client.get(reverse("mentoring:activity-form-update", args=[form.pk]))


def test_family_edit_records_changes_to_children(login, world):
    family = AssignmentFactory(case__family__site=world.site_a1).case.family
    child = ChildFactory(family=family, age=5)
    client = login(world.users[Role.SITE_COORDINATOR])
    data = family_data(world, family)
    data.update(
        {
            "children-TOTAL_FORMS": "1",
            "children-INITIAL_FORMS": "1",
            "children-0-id": child.pk,
            "children-0-age": "6",
            "children-0-placement": "kinship_care",
        }
    )
    assert client.post(reverse("mentoring:family-update", args=[family.pk]), data).status_code == 302
    entry = HistoryEntry.objects.filter(object_id=str(family.pk), action="update").get()
    assert entry.changes["children"] == ["Child aged 5, foster care", "Child aged 6, kinship care"]


def test_r_safe_1_a_concern_can_be_raised_from_the_family_page_and_from_a_contact(login, world):
    form = last_month_form(world)
    contact = ContactFactory(form=form)
    client = login(world.users[Role.SITE_COORDINATOR])
    family_page = client.get(form.assignment.case.family.get_absolute_url()).content.decode()
    assert f"/mentoring/safety-concerns/new/?case={form.assignment.case_id}" in family_page
    form_page = client.get(form.get_absolute_url()).content.decode()
    assert f"?case={form.assignment.case_id}&amp;contact={contact.pk}" in form_page
