"""A safety concern walked to its end in Chromium (R-SAFE-1, R-SAFE-3): the Parent Partner records
what they were told, the participant will not self-report and is told the coordinator will be told,
and the coordinator, finding the open concern on their home page, informs the caseworker."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from mentoring.models import InformedBy, SafetyConcern, SafetyStatus
from tests.browser.test_browser import assert_accessible, log_in
from tests.factories import AssignmentFactory, CaseFactory, FamilyFactory

pytestmark = pytest.mark.browser


def test_a_safety_concern_is_walked_to_its_end(page: Page, base_url, world):
    family = FamilyFactory(site=world.site_a1, parent_first_name="Tamsin", parent_last_name="Brightwater")
    AssignmentFactory(case=CaseFactory(family=family, status="active"), parent_partner=world.pp_a1)
    yesterday = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    today = timezone.localdate().isoformat()

    log_in(page, base_url, "pp")
    page.get_by_role("button", name="My work").click()
    page.get_by_role("link", name="Safety concerns").click()
    expect(page.get_by_role("heading", name="Safety concerns")).to_be_visible()
    page.get_by_role("link", name="Record a safety concern").click()
    page.get_by_label("Family").select_option(label=f"Brightwater, Tamsin (DHS {family.dhs_case_number})")
    page.get_by_label("Observed or told on").fill(yesterday)
    page.get_by_label("Told to the Parent Partner").check()
    page.get_by_role("combobox", name=re.compile("^Concern")).select_option(label="Substance use")
    page.get_by_label("What was observed or told").fill("Said she drank heavily on Saturday; the children are in care.")
    page.locator("#id_child_present_1").check()
    page.locator("#id_imminent_danger_1").check()
    assert_accessible(page, "safety-concern-form")
    page.get_by_role("button", name="Record the concern").click()

    expect(page.get_by_role("heading", name="Safety concern about Tamsin Brightwater")).to_be_visible()
    expect(page.locator(".lead")).to_contain_text("The next step is the participant's self-report")
    assert_accessible(page, "safety-concern-open")
    told = page.locator(".card", has_text="will not self-report")
    told.get_by_label("Participant told on").fill(today)
    told.get_by_role("button", name="Record this step").click()
    expect(page.get_by_role("status").first).to_contain_text("Recorded.")
    expect(page.locator(".lead")).to_contain_text("The next step is the coordinator informing the caseworker.")
    expect(page.get_by_text("The coordinator informs the caseworker and records it here.")).to_be_visible()
    page.locator("#account-menu").click()
    page.get_by_role("button", name="Log out").click()

    log_in(page, base_url, "coordinator")
    panel = page.get_by_role("region", name="Supervision, clinical support and safety")
    expect(panel).to_contain_text("Open safety concerns with steps not done (1)")
    assert_accessible(page, "safety-home-open-concern")
    panel.get_by_role("link", name=yesterday).click()
    expect(
        page.get_by_role("listitem").filter(has_text="Participant told that the coordinator will be told")
    ).to_contain_text("Done:")
    assert_accessible(page, "safety-concern-coordinator-step")
    page.get_by_label("Caseworker informed on").fill(today)
    page.get_by_role("button", name="Record this step").click()

    expect(page.locator(".lead")).to_contain_text("Closed.")
    expect(page.locator(".lead")).to_contain_text("Every step of the protocol is done: the caseworker was informed.")
    expect(page.get_by_role("region", name="Change history")).to_contain_text("Caseworker informed")
    assert_accessible(page, "safety-concern-closed")
    concern = SafetyConcern.objects.get()
    assert concern.status == SafetyStatus.CASEWORKER_INFORMED
    assert concern.caseworker_informed_by == InformedBy.COORDINATOR
    page.get_by_role("link", name="Home").click()
    expect(page.get_by_text("None: every concern's steps are done.")).to_be_visible()


def test_child_present_goes_to_the_coordinator_for_a_referral(page: Page, base_url, world):
    family = FamilyFactory(site=world.site_a1, parent_first_name="Rowan", parent_last_name="Fennimore")
    case = AssignmentFactory(case=CaseFactory(family=family, status="active"), parent_partner=world.pp_a1).case
    log_in(page, base_url, "coordinator")
    page.goto(f"{base_url}/mentoring/safety-concerns/new/?case={case.pk}")
    page.get_by_label("Observed or told on").fill(timezone.localdate().isoformat())
    page.get_by_label("Observed by the Parent Partner").check()
    page.get_by_role("combobox", name=re.compile("^Concern")).select_option(label="Behaviour concerning child safety")
    page.get_by_label("What was observed or told").fill("Toddler left alone near an open balcony.")
    page.locator("#id_child_present_0").check()
    page.locator("#id_imminent_danger_0").check()
    page.get_by_role("button", name="Record the concern").click()
    expect(page.locator(".lead")).to_contain_text("The next step is the child abuse referral")
    page.get_by_label("Referral made on").fill(timezone.localdate().isoformat())
    page.get_by_label("Intake reference (optional)").fill("Intake 5521")
    assert_accessible(page, "safety-concern-referral")
    page.get_by_role("button", name="Record this step").click()
    expect(page.locator(".lead")).to_contain_text(
        "Every step of the protocol is done: the child abuse referral was made."
    )
    expect(page.get_by_text("Intake reference Intake 5521")).to_be_visible()


def test_support_and_pay_pages_are_accessible(page: Page, base_url, world):
    """The outreach lines, supervision, clinical support, who-is-due and pay pages pass axe."""
    from tests.factories import OutreachActivityFactory, OutreachFormFactory

    form = OutreachFormFactory(parent_partner=world.pp_a1)
    OutreachActivityFactory(form=form, held_on=form.month)
    AssignmentFactory(case__family__site=world.site_a1, parent_partner=world.pp_a1)
    log_in(page, base_url, "coordinator")
    page.goto(f"{base_url}/mentoring/outreach-forms/{form.pk}/lines/")
    page.get_by_label("Hours, line 1").fill("40")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("No more than 16 hours on one line.")).to_be_visible()
    assert_accessible(page, "outreach-lines-error")
    for path, name in [
        (f"outreach-forms/{form.pk}/", "outreach-detail"),
        ("supervision/flags/", "support-flags"),
        ("supervision/new/", "supervision-form"),
        ("clinical-support/new/", "clinical-support-form"),
        ("pay/", "pay-report"),
    ]:
        page.goto(f"{base_url}/mentoring/{path}")
        assert_accessible(page, name)
