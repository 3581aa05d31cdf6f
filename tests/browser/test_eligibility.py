"""Real Chromium: a review case walked from opening to an outcome that stops mentoring (R-REV-1..4),
after which the person's page says they may not mentor and why; every page checked with axe."""

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from eligibility.models import Criterion
from parentpartner.models import Role
from tests.browser.test_browser import assert_accessible, log_in
from tests.factories import CriterionCheckFactory, EligibilityRecordFactory

pytestmark = pytest.mark.browser


def log_out(page: Page):
    """The account menu in the navigation bar holds "Log out"."""
    page.locator("#account-menu").click()
    page.get_by_role("button", name="Log out").click()


def take_step(page: Page, name: str, result: str | None = None, notes: str = "Recorded at the meeting.", shot=None):
    page.get_by_role("link", name=name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    if result:
        page.get_by_label(result).check()
    page.get_by_label("Notes").fill(notes)
    if shot:
        assert_accessible(page, shot)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("recorded")


def test_r_rev_2_a_case_from_opening_to_stop_mentoring_and_the_profile_says_why(page: Page, base_url, world):
    today = timezone.localdate().isoformat()
    record = EligibilityRecordFactory(parent_partner=world.pp_a1)
    for criterion in Criterion:
        CriterionCheckFactory(record=record, criterion=criterion)

    # R-REV-1: the coordinator opens the case from the person's page and decides about mentoring.
    log_in(page, base_url, "coordinator")
    page.goto(f"{base_url}{world.pp_a1.get_absolute_url()}")
    expect(page.get_by_role("heading", name="Eligibility")).to_be_visible()
    expect(page.locator("#may-mentor")).to_contain_text("Yes.")
    page.get_by_role("link", name="Open a review case").click()
    assert_accessible(page, "reviewcase-form")
    page.get_by_label("Failure to meet eligibility criteria").check()
    page.get_by_label("Concern raised").fill("A caseworker reported a relapse (alcohol).")
    # Saving without the person's wish to continue is refused on the field (R-REV-1).
    page.get_by_label("No", exact=True).check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("only for a Parent Partner who wishes to continue")).to_be_visible()
    assert_accessible(page, "reviewcase-form-error")
    page.get_by_label("The Parent Partner wishes to continue in their role").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("Review case opened")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Review case")
    case_url = page.url
    assert_accessible(page, "reviewcase-detail-opened")

    # R-REV-2 steps 1 and 2, recorded by the coordinator.
    take_step(
        page,
        "Record the validity meeting (coordinator, service area coordinator and the Parent Partner)",
        "The concern is valid enough to continue with the protocol",
        shot="reviewcase-step",
    )
    take_step(page, "Record the discussion with the clinician", "Eligibility is affected or the issue is unresolved")
    log_out(page)

    # The statewide coordinator takes it from here.
    log_in(page, base_url, "statewide")
    page.goto(case_url)
    # A skipped step, reached by typing its address, is explained instead of offered.
    page.goto(f"{case_url}steps/outcome/")
    expect(page.get_by_role("alert")).to_contain_text("Not possible yet")
    assert_accessible(page, "reviewcase-step-refused")
    page.goto(case_url)
    take_step(page, "Record the statewide coordinator's review and recommendation to the management team")
    take_step(page, "Record the management team's approval")
    for name, role in [("Appointee of the statewide coordinator", "Statewide coordinator or appointee"),
                       ("Recovery specialist", "Content expert")]:  # fmt: skip
        page.get_by_role("link", name="Add a team member").click()
        page.get_by_label("Name").fill(name)
        page.get_by_label("Role on the team").select_option(label=role)
        page.get_by_role("button", name="Save").click()
    take_step(page, "Record that the review team is formed")
    page.get_by_role("link", name="Schedule the review team meeting").click()
    page.get_by_label("Date of the review team meeting").fill(today)
    page.get_by_label("Notes").fill("First meeting set.")
    page.get_by_role("button", name="Save").click()
    for kind, text in [("Behavioural change", "Attends two recovery meetings a week."),
                       ("Crisis planning", "Calls the sponsor before any visit when at risk.")]:  # fmt: skip
        page.get_by_role("link", name="Add a plan item").click()
        page.get_by_label("Kind").select_option(label=kind)
        page.get_by_label("Description").fill(text)
        page.get_by_label("Assigned to").fill("The Parent Partner")
        page.get_by_label("Due (time frame)").fill(today)
        if kind == "Crisis planning":
            assert_accessible(page, "planitem-form")
        page.get_by_role("button", name="Save").click()
    take_step(page, "Record that the behavioural plan is agreed")
    take_step(
        page,
        "Record the outcome",
        "May not mentor; other activities continue, with a plan to resume",
        notes="Review team decision.",
        shot="reviewcase-outcome",
    )
    expect(page.locator("main")).to_contain_text("May not mentor; other activities continue")
    assert_accessible(page, "reviewcase-detail-closed")

    # R-REV-4 b: the person's page says they may not mentor, and why.
    page.goto(f"{base_url}{world.pp_a1.get_absolute_url()}")
    may_mentor = page.locator("#may-mentor")
    expect(may_mentor).to_contain_text("No, may not mentor.")
    expect(may_mentor).to_contain_text("may not mentor; other activities continue, with a plan to resume")
    expect(may_mentor).to_contain_text("once a reinstatement is recorded")
    assert_accessible(page, "parentpartner-detail-may-not-mentor")
    log_out(page)

    # The person sees their own case and plan, without the staff's buttons.
    log_in(page, base_url, world.users[Role.PARENT_PARTNER].username)
    page.goto(case_url)
    expect(page.get_by_text("Attends two recovery meetings a week.")).to_be_visible()
    expect(page.get_by_role("link", name="Add a plan item")).to_have_count(0)
    assert_accessible(page, "reviewcase-detail-own")


def test_screening_pages_are_accessible(page: Page, base_url, world):
    record = EligibilityRecordFactory(parent_partner=world.pp_a1)
    CriterionCheckFactory(record=record, criterion=Criterion.CONFIDENTIALITY)
    log_in(page, base_url, "coordinator")
    page.get_by_role("link", name="Eligibility").click()
    expect(page.get_by_role("heading", name="Screenings")).to_be_visible()
    assert_accessible(page, "eligibility-screening-list")
    page.get_by_role("link", name="In progress").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Eligibility screening")
    assert_accessible(page, "eligibility-screening-detail")
    page.get_by_role("link", name="Flexibility to attend state and local meetings").click()
    assert_accessible(page, "eligibility-criterion-form")
    page.get_by_label("Met", exact=True).check()
    page.get_by_label("Evidence").fill("Available on weekday evenings.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("Criterion recorded")
    row = page.get_by_role("row", name="Flexibility to attend").first
    expect(row).to_contain_text("Available on weekday evenings.")
    page.get_by_role("link", name="Eligibility", exact=True).click()
    page.get_by_role("link", name="Review cases").click()
    assert_accessible(page, "eligibility-case-list")
