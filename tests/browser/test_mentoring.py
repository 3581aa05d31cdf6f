"""A coordinator enters a whole monthly activity form in Chromium, adding lines without a reload,
then submits and approves it (R-FAM-7)."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from mentoring.models import ActivityForm, FormStatus
from mentoring.services import cases as services
from tests.browser.test_browser import assert_accessible, log_in
from tests.factories import AssignmentFactory

pytestmark = pytest.mark.browser


def test_coordinator_enters_a_month_of_contacts_and_approves_it(page: Page, base_url, world):
    today = timezone.localdate()
    last_month = services.previous_month(today)
    assignment = AssignmentFactory(
        case__family__site=world.site_a1,
        case__family__parent_first_name="Rhea",
        case__family__parent_last_name="Rivers",
        parent_partner=world.pp_a1,
        assigned_on=last_month - datetime.timedelta(days=10),
        first_contact_on=None,  # made on the form below (R-FAM-3)
    )
    log_in(page, base_url, "coordinator")
    page.get_by_role("button", name="Families").click()
    page.get_by_role("link", name="Worklist", exact=True).click()
    expect(page.get_by_role("heading", name="Mentoring worklist")).to_be_visible()
    assert_accessible(page, "mentoring-worklist")
    page.get_by_role("link", name="All families").click()
    assert_accessible(page, "mentoring-family-list")
    page.get_by_role("link", name="Rivers, Rhea").click()
    assert_accessible(page, "mentoring-family-detail")
    page.get_by_role("button", name=f"Enter {last_month:%B}").click()
    expect(page.get_by_role("heading", name=f"Monthly activity form: {last_month:%B %Y}")).to_be_visible()

    lines = [
        (last_month.replace(day=3), "Face to face", "Home visit", "120", "14"),
        (last_month.replace(day=9), "Phone", "Encouragement", "30", "0"),
        (last_month.replace(day=15), "Face to face", "Court", "180", "22.5"),
        (last_month.replace(day=22), "Text", "Connecting to resources", "20", "0"),
        (last_month.replace(day=27), "Face to face", "Family Team Decision Making meeting", "150", "18"),
    ]
    page.get_by_role("button", name="Add a line").click()
    page.get_by_role("button", name="Add a line").click()
    rows = page.locator("tr[data-formset-row]")
    expect(rows).to_have_count(5)
    for index, (day, method, activity, minutes, miles) in enumerate(lines):
        row = rows.nth(index)
        row.get_by_label("Date").fill(day.isoformat())
        row.get_by_label("Method").select_option(label=method)
        row.get_by_label("Activity").select_option(label=activity)
        row.get_by_label("Minutes").fill(minutes)
        row.get_by_label("Miles").fill(miles)
    expect(page.locator("#live-totals")).to_have_text("8.33 hours, 54.5 miles in the lines on this page")
    assert_accessible(page, "mentoring-activity-form")
    page.get_by_role("button", name="Save and submit").click()

    expect(page.get_by_text(f"Submitted the form for {last_month:%B %Y}.")).to_be_visible()
    expect(page.get_by_text("8.33 hours, 54.5 miles, 5 contacts")).to_be_visible()
    assert_accessible(page, "mentoring-activity-form-detail")
    page.get_by_role("button", name="Approve").click()
    expect(
        page.get_by_role("status").filter(has_text="Confirm that no line of this form is babysitting")
    ).to_be_visible()  # R-FAM-6
    page.get_by_label("I confirm that no line of this form is babysitting").check()
    page.get_by_role("button", name="Approve").click()
    expect(page.get_by_text("Approved. The form is now locked.")).to_be_visible()
    form = ActivityForm.objects.get(assignment=assignment)
    assert form.status == FormStatus.APPROVED and form.contacts.count() == 5
    assignment.refresh_from_db()
    assert assignment.first_contact_on == last_month.replace(day=3)


def test_a_bad_line_is_marked_and_nothing_is_lost(page: Page, base_url, world):
    today = timezone.localdate()
    assignment = AssignmentFactory(case__family__site=world.site_a1, assigned_on=today.replace(day=1))
    form = ActivityForm.objects.create(assignment=assignment, month=today.replace(day=1))
    log_in(page, base_url, "coordinator")
    page.goto(f"{base_url}/mentoring/activity-forms/{form.pk}/edit/")
    row = page.locator("tr[data-formset-row]").first
    row.get_by_label("Date").fill(today.isoformat())
    row.get_by_label("Method").select_option(label="Phone")
    row.get_by_label("Activity").select_option(label="Encouragement")
    row.get_by_label("Minutes").fill("2000")
    row.get_by_label("Miles").fill("3")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("Nothing was saved: correct the lines marked below.")).to_be_visible()
    expect(page.get_by_text("More than 16 hours in one contact is not plausible")).to_be_visible()
    expect(page.locator("tr[data-formset-row]").first.get_by_label("Miles")).to_have_value("3")
    assert_accessible(page, "mentoring-activity-form-error")
