"""Issue 13, item 6: the mentoring gates hold on every path, proved through the pages a coordinator
uses: contacts inside the assignment and a stable first contact (R-FAM-3, R-FAM-7), the Child Safety
Conference cap on every path into a service area (R-FAM-8), the approval's confirmation that no line is
babysitting, transporting children or supervising a visit (R-FAM-6), and months never drawn for a file
review or audit listed as overdue (R-SUP-4)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from mentoring.models import ActivityForm, Assignment, Case, CaseStatus, Contact, FormStatus
from mentoring.services import cases as services
from parentpartner.dates import long_date
from parentpartner.models import HistoryEntry, Role
from reporting.services import file_audits as audits
from tests.factories import ActivityFormFactory, AssignmentFactory, CaseFactory, ChildFactory, ContactFactory
from tests.matrix.pages_mentoring import family_data

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)
LAST_MONTH = services.previous_month(TODAY)
TWO_MONTHS_AGO = services.previous_month(LAST_MONTH)


def lines(form, *days, version=None, initial=0, ids=()):
    """The contact formset as the page posts it: `ids` are the saved lines' ids (first lines)."""
    data = {
        "version": version or form.version,
        "contacts-TOTAL_FORMS": str(len(days)),
        "contacts-INITIAL_FORMS": str(initial),
        "contacts-MIN_NUM_FORMS": "0",
        "contacts-MAX_NUM_FORMS": "200",
    }
    for index, day in enumerate(days):
        data.update(
            {
                f"contacts-{index}-contacted_on": day.isoformat(),
                f"contacts-{index}-method": "face_to_face",
                f"contacts-{index}-activity": "home_visit",
                f"contacts-{index}-minutes": "60",
                f"contacts-{index}-miles": "5",
            }
        )
        if index < len(ids):
            data[f"contacts-{index}-id"] = ids[index]
    return data


# --- contacts inside the assignment (R-FAM-3, R-FAM-7) ------------------------------------------------


def test_r_fam_7_a_contact_before_the_assignment_started_is_refused_on_its_line(login, world):
    assignment = AssignmentFactory(case__family__site=world.site_a1, assigned_on=LAST_MONTH + 14 * DAY)
    form = ActivityFormFactory(assignment=assignment, month=LAST_MONTH)
    kept = ContactFactory(form=form, contacted_on=LAST_MONTH + 20 * DAY)
    client = login(world.users[Role.SITE_COORDINATOR])
    data = lines(form, kept.contacted_on, LAST_MONTH + DAY, initial=1, ids=[kept.pk])
    data["contacts-0-minutes"] = "45"  # a change on the good line is not saved either
    response = client.post(reverse("mentoring:activity-form-update", args=[form.pk]), data)
    assert response.status_code == 200
    message = " ".join(response.context["formset"].forms[1].errors["contacted_on"])
    assert message == (
        f"This date is before the Parent Partner was assigned to this family on {long_date(assignment.assigned_on)}."
    )
    assert "R-" not in message
    assert "Nothing was saved" in response.content.decode()
    assert list(Contact.objects.values_list("pk", "minutes")) == [(kept.pk, 90)]


def test_r_fam_7_a_contact_after_the_assignment_ended_is_refused_on_its_line(login, world):
    assignment = AssignmentFactory(
        case__family__site=world.site_a1,
        assigned_on=TWO_MONTHS_AGO,
        ended_on=LAST_MONTH + 9 * DAY,
        end_reason="knows_family",
    )
    form = ActivityFormFactory(assignment=assignment, month=LAST_MONTH)
    response = login(world.users[Role.SITE_COORDINATOR]).post(
        reverse("mentoring:activity-form-update", args=[form.pk]),
        lines(form, LAST_MONTH + 3 * DAY, LAST_MONTH + 19 * DAY),
    )
    assert response.status_code == 200
    assert response.context["formset"].forms[1].errors["contacted_on"] == [
        f"This date is after the assignment ended on {long_date(LAST_MONTH + 9 * DAY)}."
    ]
    assert not Contact.objects.exists()


def test_r_fam_7_every_other_path_meets_the_same_contact_date_check(world):
    """Demo data, commands and anything else that saves a contact go through Contact.save."""
    assignment = AssignmentFactory(case__family__site=world.site_a1, assigned_on=LAST_MONTH + 14 * DAY)
    form = ActivityFormFactory(assignment=assignment, month=LAST_MONTH)
    with pytest.raises(ValidationError, match="before the Parent Partner was assigned"):
        Contact.objects.create(form=form, contacted_on=LAST_MONTH, method="phone", activity="encouragement", minutes=5)
    assert not Contact.objects.exists()


def test_r_fam_7_a_case_cannot_close_before_its_last_contact(login, world):
    assignment = AssignmentFactory(
        case__family__site=world.site_a1, case__referred_on=TWO_MONTHS_AGO, assigned_on=TWO_MONTHS_AGO
    )
    form = ActivityFormFactory(assignment=assignment, month=LAST_MONTH)
    ContactFactory(form=form, contacted_on=LAST_MONTH + 10 * DAY)
    case = assignment.case
    response = login(world.users[Role.SITE_COORDINATOR]).post(
        reverse("mentoring:case-close", args=[case.pk]),
        {
            "closed_by": "mutual",
            "outcome": "reunified",
            "closed_on": (LAST_MONTH + 5 * DAY).isoformat(),
            "version": case.version,
        },
    )
    assert response.status_code == 200
    errors = " ".join(response.context["form"].non_field_errors()) + str(response.context["form"].errors)
    assert f"has a contact with this family on {long_date(LAST_MONTH + 10 * DAY)}" in errors, errors
    case.refresh_from_db()
    assignment.refresh_from_db()
    assert case.status == CaseStatus.ACTIVE and assignment.ended_on is None


# --- a stable first contact (R-FAM-3) ---------------------------------------------------------------


def test_r_fam_3_first_contact_is_the_earliest_and_a_later_form_never_moves_it(login, world):
    """The reported case: approving a later month's form moved a first contact to that month."""
    assignment = AssignmentFactory(
        case__family__site=world.site_a1, assigned_on=TWO_MONTHS_AGO + 2 * DAY, first_contact_on=None
    )
    client = login(world.users[Role.SITE_COORDINATOR])
    first_form = ActivityFormFactory(assignment=assignment, month=TWO_MONTHS_AGO)
    client.post(
        reverse("mentoring:activity-form-update", args=[first_form.pk]),
        lines(first_form, TWO_MONTHS_AGO + 4 * DAY, TWO_MONTHS_AGO + 12 * DAY),
    )
    assignment.refresh_from_db()
    assert assignment.first_contact_on == TWO_MONTHS_AGO + 4 * DAY

    later = ActivityFormFactory(assignment=assignment, month=LAST_MONTH)
    client.post(
        reverse("mentoring:activity-form-update", args=[later.pk]),
        {**lines(later, LAST_MONTH + DAY, LAST_MONTH + 8 * DAY), "submit": "1"},
    )
    later.refresh_from_db()
    client.post(
        reverse("mentoring:activity-form-review", args=[later.pk]),
        {"action": "approve", "version": later.version, "confirm_no_prohibited_activity": "on"},
    )
    later.refresh_from_db()
    assignment.refresh_from_db()
    assert later.status == FormStatus.APPROVED
    assert assignment.first_contact_on == TWO_MONTHS_AGO + 4 * DAY


def test_r_fam_3_a_first_contact_recorded_without_a_line_is_not_moved_by_a_later_form(login, world):
    assignment = AssignmentFactory(case__family__site=world.site_a1, assigned_on=TWO_MONTHS_AGO + 2 * DAY)
    recorded = assignment.first_contact_on
    later = ActivityFormFactory(assignment=assignment, month=LAST_MONTH)
    login(world.users[Role.SITE_COORDINATOR]).post(
        reverse("mentoring:activity-form-update", args=[later.pk]), lines(later, LAST_MONTH + 2 * DAY)
    )
    assignment.refresh_from_db()
    assert assignment.first_contact_on == recorded


def test_r_fam_3_correcting_the_first_contacts_line_moves_it_with_a_history_row(login, world):
    assignment = AssignmentFactory(
        case__family__site=world.site_a1, assigned_on=TWO_MONTHS_AGO + 2 * DAY, first_contact_on=None
    )
    form = ActivityFormFactory(assignment=assignment, month=TWO_MONTHS_AGO)
    client = login(world.users[Role.SITE_COORDINATOR])
    url = reverse("mentoring:activity-form-update", args=[form.pk])
    client.post(url, lines(form, TWO_MONTHS_AGO + 3 * DAY, TWO_MONTHS_AGO + 9 * DAY))
    first, second = Contact.objects.order_by("contacted_on")
    form.refresh_from_db()
    # The first line was typed on the wrong day: corrected to the 6th.
    client.post(url, lines(form, TWO_MONTHS_AGO + 5 * DAY, second.contacted_on, initial=2, ids=[first.pk, second.pk]))
    assignment.refresh_from_db()
    assert assignment.first_contact_on == TWO_MONTHS_AGO + 5 * DAY
    changes = HistoryEntry.objects.filter(content_type__model="assignment", object_id=str(assignment.pk)).order_by("pk")
    assert [entry.changes["first contact on"][1] for entry in changes] == [
        str(TWO_MONTHS_AGO + 3 * DAY),
        str(TWO_MONTHS_AGO + 5 * DAY),
    ]


# --- the Child Safety Conference cap on every path (R-FAM-8) ---------------------------------------------


def fill_area_with_csc_families(site):
    for _ in range(services.CSC_CAPACITY_PER_AREA):
        CaseFactory(family__site=site, source="csc")


def test_r_fam_8_moving_a_csc_family_into_a_full_service_area_is_refused_on_the_site_field(login, world):
    case = CaseFactory(family__site=world.site_b1, source="csc")
    ChildFactory(family=case.family, age=4, placement="in_home")
    fill_area_with_csc_families(world.site_a2)
    family = case.family
    client = login(world.users[Role.STATEWIDE_COORDINATOR])
    data = {
        **family_data(world, family),
        "family-site": world.site_a1.pk,
        "family-county": world.site_a1.counties.first().pk,
    }
    data.update({"children-TOTAL_FORMS": "0", "children-INITIAL_FORMS": "0"})
    response = client.post(reverse("mentoring:family-update", args=[family.pk]), data)
    assert response.status_code == 200
    message = " ".join(response.context["form"].errors["site"])
    assert "already has 50 active Child Safety Conference families" in message
    family.refresh_from_db()
    assert (family.site, family.parent_first_name) == (world.site_b1, case.family.parent_first_name)
    # A traditional family moves freely.
    case.source = "traditional"
    Case.objects.filter(pk=case.pk).update(source="traditional")
    family.refresh_from_db()
    data["family-version"] = family.version
    assert client.post(reverse("mentoring:family-update", args=[family.pk]), data).status_code == 302


def test_r_fam_8_a_new_referral_after_a_closed_case_is_refused_when_the_area_is_full(login, world):
    closed = CaseFactory(
        family__site=world.site_a1,
        source="csc",
        status=CaseStatus.CLOSED,
        closed_on=TODAY,
        closed_by="mutual",
        outcome="placement_avoided",
    )
    fill_area_with_csc_families(world.site_a2)
    response = login(world.users[Role.SITE_COORDINATOR]).post(
        reverse("mentoring:referral-create", args=[closed.family.pk]),
        {
            "source": "csc",
            "referred_on": TODAY.isoformat(),
            "referred_by": "Casey Caseworker",
            "consent_given": "on",
            "consent_on": TODAY.isoformat(),
        },
    )
    assert "already has 50 active Child Safety Conference families" in response.context["form"].errors["source"][0]
    assert closed.family.cases.count() == 1


def test_r_fam_8_reopening_or_moving_a_csc_case_on_any_other_path_is_refused(world):
    """A command or demo data that saves a case directly meets the same check (Case.save)."""
    closed = CaseFactory(
        family__site=world.site_a1,
        source="csc",
        status=CaseStatus.CLOSED,
        closed_on=TODAY,
        closed_by="mutual",
        outcome="placement_avoided",
    )
    fill_area_with_csc_families(world.site_a2)
    closed.status = CaseStatus.AWAITING_ASSIGNMENT
    with pytest.raises(ValidationError, match="already has 50 active"):
        closed.save()
    assert Case.objects.get(pk=closed.pk).status == CaseStatus.CLOSED
    with pytest.raises(ValidationError, match="already has 50 active"):
        CaseFactory(family__site=world.site_a1, source="csc")
    # Saving a case that already holds its place is not refused.
    holding = Case.objects.filter(family__site=world.site_a2).first()
    holding.referred_by = "Another Caseworker"
    holding.save()


# --- the approval confirms no prohibited activity (R-FAM-6) ------------------------------------------


def test_r_fam_6_approval_is_refused_without_the_no_babysitting_confirmation_and_records_it(login, world):
    assignment = AssignmentFactory(case__family__site=world.site_a1, assigned_on=TWO_MONTHS_AGO)
    form = ActivityFormFactory(assignment=assignment, month=LAST_MONTH, status=FormStatus.SUBMITTED)
    ContactFactory(form=form, activity="other", note="Drove the children to school")
    client = login(world.users[Role.SITE_COORDINATOR])
    detail = client.get(form.get_absolute_url()).content.decode()
    assert "no line of this form is babysitting, transporting children or supervising a visit" in detail
    review = reverse("mentoring:activity-form-review", args=[form.pk])
    refused = client.post(review, {"action": "approve", "version": form.version}, follow=True)
    assert "Confirm that no line of this form is babysitting, transporting children or supervising a visit" in (
        refused.content.decode()
    )
    form.refresh_from_db()
    assert (form.status, form.confirmed_no_prohibited_activity) == (FormStatus.SUBMITTED, False)
    client.post(review, {"action": "approve", "version": form.version, "confirm_no_prohibited_activity": "on"})
    form.refresh_from_db()
    assert (form.status, form.confirmed_no_prohibited_activity) == (FormStatus.APPROVED, True)
    entry = HistoryEntry.objects.filter(content_type__model="activityform", object_id=str(form.pk)).latest("pk")
    assert entry.changes["confirmed: no babysitting, transporting children or supervising visits"] == ["No", "Yes"]
    # A correction asks for it again.
    client.post(review, {"action": "reopen", "comment": "Wrong day", "version": form.version})
    form.refresh_from_db()
    assert (form.status, form.confirmed_no_prohibited_activity) == (FormStatus.DRAFT, False)


# --- months never drawn are overdue (R-SUP-4) --------------------------------------------------------


def test_r_sup_4_months_never_drawn_are_listed_as_overdue_for_the_coordinator_and_the_sac(login, world):
    AssignmentFactory(case__family__site=world.site_a1, assigned_on=TWO_MONTHS_AGO + 3 * DAY)
    coordinator = world.users[Role.SITE_COORDINATOR]
    audits.draw(coordinator, month=TWO_MONTHS_AGO, sample_size=1, site=world.site_a1)
    client = login(coordinator)
    page = client.get(reverse("reporting:audit-draw-list"))
    assert [(item.month, item.scope_name) for item in page.context["overdue"]] == [(LAST_MONTH, "Site A1")]
    assert f"{LAST_MONTH:%B %Y}: monthly file review (site), Site A1" in page.content.decode()
    home = client.get(reverse("home")).content.decode()
    assert "File reviews and audits overdue" in home and f"{LAST_MONTH:%B %Y}" in home

    sac = login(world.users[Role.SERVICE_AREA_COORDINATOR])
    page = sac.get(reverse("reporting:audit-draw-list"))
    assert [(item.month, item.scope_name) for item in page.context["overdue"]] == [
        (TWO_MONTHS_AGO, "Area A"),
        (LAST_MONTH, "Area A"),
    ]
    # The contract manager reads the draws but draws none: nothing is overdue for them.
    manager = login(world.users[Role.CONTRACT_MANAGER])
    assert manager.get(reverse("reporting:audit-draw-list")).context["overdue"] == []


def test_r_sup_4_overdue_months_start_with_the_sites_data_and_stop_a_year_back(world):
    coordinator = world.users[Role.SITE_COORDINATOR]
    # No family yet: nothing to draw, nothing overdue.
    assert audits.overdue_draws(coordinator, TODAY) == []
    AssignmentFactory(case__family__site=world.site_a1, assigned_on=TODAY.replace(day=1) - 800 * DAY)
    overdue = audits.overdue_draws(coordinator, TODAY)
    assert len(overdue) == audits.OVERDUE_LOOKBACK_MONTHS
    assert overdue[-1].month == LAST_MONTH
    # The current month has not ended: never overdue.
    assert all(item.month < TODAY.replace(day=1) for item in overdue)
    assert Assignment.objects.count() == 1 and ActivityForm.objects.count() == 0


def test_r_fam_8_moving_a_site_with_csc_families_into_a_full_area_is_refused_on_every_path(login, world):
    """R-FAM-8: a whole site moved to another service area brings its Child Safety Conference
    families; the site page shows the cap on the area field, and a save by any other path is refused."""
    CaseFactory(family__site=world.site_b1, source="csc")
    fill_area_with_csc_families(world.site_a2)
    site = world.site_b1
    client = login(world.users[Role.STATEWIDE_COORDINATOR])
    data = {
        "name": site.name,
        "service_area": world.site_a1.service_area_id,
        "counties": [],
        "is_active": "on",
        "version": site.version,
    }
    response = client.post(reverse("parentpartner:site-update", args=[site.pk]), data)
    assert response.status_code == 200
    assert "together more than the 50" in " ".join(response.context["form"].errors["service_area"])
    site.refresh_from_db()
    assert site.service_area_id == world.site_b1.service_area_id
    site.service_area_id = world.site_a1.service_area_id
    with pytest.raises(ValidationError):
        site.save()
