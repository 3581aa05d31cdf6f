"""R-ROLE-5 in Chromium: one candidate's Training Verification and Approval form goes from the
coordinator to the contract manager, each signer re-entering their password, and only the contract
manager's signature makes the person a Parent Partner."""

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from parentpartner.dates import anniversary
from parentpartner.models import LeadStage, ParentPartner, PartnerRole, Role
from tests.browser.test_browser import assert_accessible, log_in
from tests.browser.test_eligibility import log_out
from tests.factories import (
    PASSWORD,
    LeadCaseFactory,
    LetterOfInterestFactory,
    ReviewCaseFactory,
    UserFactory,
    candidate,
    veteran_parent_partner,
)

pytestmark = pytest.mark.browser


def sign(page: Page, base_url, form_url, username, name="Sign or return"):
    log_in(page, base_url, username)
    page.goto(form_url)
    page.get_by_role("link", name=name).click()
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status").first).to_be_visible()
    log_out(page)


def test_a_candidate_goes_from_the_coordinator_to_the_contract_managers_signature(page: Page, base_url, world):
    partner = candidate(world.site_a1, first_name="Cara", last_name="Candidate")
    UserFactory(username="cara", role=Role.PARENT_PARTNER, parent_partner=partner)

    log_in(page, base_url, "coordinator")
    page.goto(f"{base_url}/parent-partners/{partner.pk}/progression/")
    expect(page.get_by_role("heading", name="Requirements for Parent Partner")).to_be_visible()
    assert_accessible(page, "roles-progression")
    page.get_by_role("link", name="Start the Training Verification and Approval form").click()
    page.get_by_label("The candidate commits to at least one year").check()
    page.get_by_label("Coordinator's verification notes").fill("Trainings, shadowing and screening verified.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Training Verification and Approval form")
    form_url = page.url
    assert_accessible(page, "roles-form-started")

    # The coordinator signs first; a wrong password is refused on the form.
    page.get_by_role("link", name="Sign or return").click()
    page.get_by_label("Your password").fill("not-my-password")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("not your password")).to_be_visible()
    assert_accessible(page, "roles-sign-refused")
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Save").click()
    log_out(page)

    sign(page, base_url, form_url, "cara")
    sign(page, base_url, form_url, "statewide")
    assert ParentPartner.objects.get(pk=partner.pk).current_role == PartnerRole.IN_TRAINING_MENTORING

    log_in(page, base_url, "contractmanager")
    expect(page.get_by_text("Waiting for my signature")).to_be_visible()
    page.goto(form_url)
    page.get_by_role("link", name="Sign or return").click()
    expect(page.get_by_text("Your approval makes Cara Candidate a Parent Partner from today.")).to_be_visible()
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Save").click()

    page.goto(f"{base_url}/parent-partners/{partner.pk}/")
    expect(page.locator("dl").first).to_contain_text("Parent Partner")
    newest = page.get_by_role("region", name="Role history").get_by_role("row").nth(1)
    expect(newest.get_by_role("cell").nth(0)).to_have_text("Parent Partner")
    expect(newest.get_by_role("cell").nth(2)).to_have_text("now")
    assert ParentPartner.objects.get(pk=partner.pk).current_role == PartnerRole.PARENT_PARTNER
    assert_accessible(page, "roles-approved-partner")
    page.goto(f"{form_url}print/")
    assert_accessible(page, "export-purpose")
    page.get_by_label("Printing for the paper file").check()
    page.get_by_role("button", name="Export").click()
    expect(page.get_by_role("button", name="Print")).to_be_visible()
    assert_accessible(page, "roles-form-print")


def test_no_one_is_entered_directly_as_a_parent_partner_and_a_lead_decision_shows_the_review(
    page: Page, base_url, world
):
    """Issue 13 (R-ROLE-1, R-ROLE-2, R-ROLE-5): the coordinator's new-person page offers no role to
    choose, and the paper roster is the statewide coordinator's; a person entered too soon after
    reunification is refused with the date. R-ROLE-6, R-REV-4: the contract manager opening a Lead
    decision for a person under review sees why it cannot go ahead, and approving is refused."""
    log_in(page, base_url, "coordinator")
    page.goto(f"{base_url}/parent-partners/")
    expect(page.get_by_role("link", name="Record from the paper roster")).to_have_count(0)
    page.get_by_role("link", name="New Parent Partner in Training").click()
    expect(page.get_by_role("heading", name="New Parent Partner in Training")).to_be_visible()
    expect(page.get_by_label("Role held")).to_have_count(0)
    page.get_by_label("First name").fill("Rosalind")
    page.get_by_label("Last name").fill("Hastings")
    page.get_by_label("Date of birth").fill("1990-06-01")
    page.get_by_label("Site").select_option(label=str(world.site_a1))
    page.get_by_label("County of residence").select_option(index=1)
    page.get_by_label("Permanency type").select_option(label="Reunified with their children")
    recent = anniversary(timezone.localdate(), months=-2)
    page.get_by_label("Date of reunification or permanency resolution").fill(recent.isoformat())
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("cannot go ahead")).to_be_visible()
    expect(page.get_by_text("6 months since reunification")).to_be_visible()
    assert_accessible(page, "door-enter-refused")
    assert not ParentPartner.objects.filter(last_name="Hastings").exists()
    response = page.goto(f"{base_url}/parent-partners/record-from-paper/")
    assert response.status == 403
    log_out(page)

    partner = veteran_parent_partner(world.site_a1, years=3)
    ReviewCaseFactory(parent_partner=partner, may_mentor_while_open=True)
    letter = LetterOfInterestFactory(
        case=LeadCaseFactory(site=world.site_a1, stage=LeadStage.FINAL_DECISION), parent_partner=partner
    )
    case = letter.case
    case.recommended = letter
    case.save()
    log_in(page, base_url, "contractmanager")
    page.goto(f"{base_url}/lead-cases/{case.pk}/steps/final-decision/")
    expect(page.get_by_text(f"Recommended Parent Partner: {partner}")).to_be_visible()
    expect(page.get_by_text(f"{partner} cannot be made Lead now:")).to_be_visible()
    expect(page.get_by_text("approvals wait for its outcome")).to_be_visible()
    assert_accessible(page, "door-lead-decision-under-review")
    page.get_by_label("Approved").check()
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert").filter(has_text="approvals wait for its outcome").first).to_be_visible()
    assert ParentPartner.objects.get(pk=partner.pk).current_role == PartnerRole.PARENT_PARTNER
