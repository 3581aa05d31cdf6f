"""A coordinator records a BABF session with its two co-trainers in Chromium, and the attendees'
checklists change (R-TRN-3)."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.test_browser import assert_accessible, log_in
from tests.factories import ParentPartnerFactory, TrainerApprovalFactory, TrainerFactory
from training.models import TrainerApproval, TrainerKind

pytestmark = pytest.mark.browser


def approved(kind, **kwargs):
    trainer = TrainerFactory(kind=kind, **kwargs)
    TrainerApprovalFactory(trainer=trainer, kind=TrainerApproval.Kind.TRAINER)
    return trainer


def test_coordinator_records_a_babf_session_and_checklists_change(page: Page, base_url, world):
    veteran = ParentPartnerFactory(site=world.site_a1, first_name="Vera", last_name="Veteran", current_role="pp")
    approved(TrainerKind.PARENT_PARTNER, parent_partner=veteran)
    approved(TrainerKind.PROFESSIONAL, name="Pat Professional")
    newcomer = ParentPartnerFactory(site=world.site_a1, first_name="Nia", last_name="Newcomer")
    held_on = (timezone.localdate() - datetime.timedelta(days=2)).isoformat()

    log_in(page, base_url, "coordinator")
    page.goto(f"{base_url}/training/parent-partners/{world.pp_a1.pk}/")
    expect(page.get_by_role("row", name="1. Building a Better Future")).to_contain_text("Due")
    assert_accessible(page, "training-checklist-before")

    page.get_by_role("link", name="Training", exact=True).click()
    assert_accessible(page, "training-overview")
    page.get_by_role("link", name="Sessions").click()
    page.get_by_role("link", name="Record a session").click()
    page.get_by_label("Training").select_option(label="1. Building a Better Future")
    page.get_by_label("Date").fill(held_on)
    page.get_by_label("Hours").fill("6")
    page.get_by_label("Parent Partner co-trainer").select_option(label="Vera Veteran")
    page.get_by_label("Child welfare professional co-trainer").select_option(label="Pat Professional")
    page.get_by_label("Follows state curriculum").check()
    page.get_by_label("Alpha, Ada (Site A1)").check()
    page.get_by_label("Newcomer, Nia (Site A1)").check()
    assert_accessible(page, "training-session-form")
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Building a Better Future")
    expect(page.get_by_text("2 training completion(s) recorded.")).to_be_visible()
    expect(page.get_by_text("Vera Veteran and Pat Professional")).to_be_visible()
    assert_accessible(page, "training-session-detail")

    for partner in (world.pp_a1, newcomer):
        page.goto(f"{base_url}/training/parent-partners/{partner.pk}/")
        expect(page.get_by_role("row", name="1. Building a Better Future")).to_contain_text("Done")
        expect(page.get_by_text("1 of 11 trainings done")).to_be_visible()


def test_babf_without_co_trainers_is_refused_on_the_form(page: Page, base_url, world):
    log_in(page, base_url, "coordinator")
    page.goto(f"{base_url}/training/sessions/new/")
    page.get_by_label("Training").select_option(label="1. Building a Better Future")
    page.get_by_label("Date").fill((timezone.localdate() - datetime.timedelta(days=2)).isoformat())
    page.get_by_label("Hours").fill("6")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("needs an approved Parent Partner co-trainer")).to_be_visible()
    assert_accessible(page, "training-session-form-errors")
