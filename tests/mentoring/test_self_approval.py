"""One person, no second look (issue 15): a monthly form entered and approved by the same person is
allowed (a small site may have one coordinator), shown as such on its pages, and its family's file is
drawn first in the month's file review and file audit (R-SUP-4)."""

import datetime
import random

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.models import FormStatus
from parentpartner.models import Role
from reporting.services import file_audits as audits
from tests.factories import ActivityFormFactory, AssignmentFactory, OutreachFormFactory
from tests.mentoring.test_mentoring import contacts, last_month_form

pytestmark = pytest.mark.django_db

MARK = "Entered and approved by the same person"
TODAY = timezone.localdate()
LAST_MONTH = (TODAY.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)


def test_r_sup_4_a_form_entered_and_approved_by_one_coordinator_is_allowed_and_marked(login, world):
    """The coordinator enters the contacts, submits and approves alone: the approval goes through (not
    forbidden) and the form's page and the family's page say so; a form the Parent Partner submitted
    and the coordinator approved carries no mark."""
    form = last_month_form(world)
    coordinator_user = world.users[Role.SITE_COORDINATOR]
    coordinator = login(coordinator_user)
    coordinator.post(
        reverse("mentoring:activity-form-update", args=[form.pk]), {**contacts(form, form.month), "submit": "1"}
    )
    form.refresh_from_db()
    review = reverse("mentoring:activity-form-review", args=[form.pk])
    coordinator.post(review, {"action": "approve", "version": form.version, "confirm_no_prohibited_activity": "on"})
    form.refresh_from_db()
    assert form.status == FormStatus.APPROVED
    assert form.submitted_by == form.approved_by == coordinator_user
    page = coordinator.get(form.get_absolute_url()).content.decode()
    assert MARK in page
    family_page = coordinator.get(form.assignment.case.family.get_absolute_url()).content.decode()
    assert MARK in family_page

    second_look = last_month_form(world, parent_partner=world.pp_a1)
    partner = login(world.users[Role.PARENT_PARTNER])
    partner.post(
        reverse("mentoring:activity-form-update", args=[second_look.pk]),
        {**contacts(second_look, second_look.month), "submit": "1"},
    )
    second_look.refresh_from_db()
    coordinator = login(coordinator_user)
    coordinator.post(
        reverse("mentoring:activity-form-review", args=[second_look.pk]),
        {"action": "approve", "version": second_look.version, "confirm_no_prohibited_activity": "on"},
    )
    second_look.refresh_from_db()
    assert second_look.status == FormStatus.APPROVED and second_look.submitted_by != second_look.approved_by
    assert MARK not in coordinator.get(second_look.get_absolute_url()).content.decode()


def test_r_sup_4_an_outreach_form_created_and_approved_by_one_person_is_marked_in_the_list(login, world):
    coordinator = world.users[Role.SITE_COORDINATOR]
    marked = OutreachFormFactory(
        parent_partner=world.pp_a1, status=FormStatus.APPROVED, approved_by=coordinator, created_by=coordinator
    )
    client = login(coordinator)
    listing = client.get(reverse("mentoring:outreach-form-list")).content.decode()
    assert listing.count(MARK) == 1
    assert MARK in client.get(marked.get_absolute_url()).content.decode()


def _families_with_last_months_forms(world, count):
    forms = []
    for _ in range(count):
        assignment = AssignmentFactory(case__family__site=world.site_a1, assigned_on=LAST_MONTH)
        forms.append(ActivityFormFactory(assignment=assignment, month=LAST_MONTH))
    return forms


def _approve(form, *, entered_by, approved_by):
    form.status, form.created_by, form.submitted_by = FormStatus.APPROVED, entered_by, entered_by
    form.approved_by, form.approved_at = approved_by, timezone.now()
    form.save()


@pytest.mark.parametrize("seed", range(8))
def test_r_sup_4_the_file_review_draws_the_self_approved_form_first(world, seed):
    """Of nine files, one has a form its coordinator entered and approved alone and one a form the
    Parent Partner submitted: a sample of one is always the first, whatever the seed; the draw
    records it and re-runs to the same files."""
    forms = _families_with_last_months_forms(world, 9)
    coordinator = world.users[Role.SITE_COORDINATOR]
    _approve(forms[4], entered_by=coordinator, approved_by=coordinator)
    _approve(forms[6], entered_by=world.users[Role.PARENT_PARTNER], approved_by=coordinator)
    alone = forms[4].assignment.case.family_id
    made = audits.draw(coordinator, month=LAST_MONTH, sample_size=1, site=world.site_a1, seed=seed)
    assert made.sample == [alone] and made.priority == [alone]
    assert audits.rerun(made)["same_sample"]


def test_r_sup_4_the_rest_of_the_sample_is_drawn_as_before_and_the_audit_does_the_same(login, world):
    forms = _families_with_last_months_forms(world, 9)
    coordinator = world.users[Role.SITE_COORDINATOR]
    _approve(forms[2], entered_by=coordinator, approved_by=coordinator)
    alone = forms[2].assignment.case.family_id
    review = audits.draw(coordinator, month=LAST_MONTH, sample_size=4, site=world.site_a1, seed=7)
    assert review.sample[0] == alone and len(set(review.sample)) == 4
    assert set(review.sample) <= set(review.population)
    again = audits.rerun(review)
    assert again["sample"] == review.sample and again["same_sample"]
    page = login(coordinator).get(review.get_absolute_url()).content.decode()
    assert page.count("Drawn first: a form entered and approved by the same person") == 1
    # The service area coordinator's file audit of the area draws it first too.
    area_audit = audits.draw(world.users[Role.SERVICE_AREA_COORDINATOR], month=LAST_MONTH, sample_size=2, seed=7)
    assert area_audit.sample[0] == alone and area_audit.priority == [alone]


def test_r_sup_4_a_draw_without_self_approved_forms_is_the_plain_random_sample():
    """Records drawn before the priority existed (empty) re-run to the same sample; more families to
    draw first than the sample size: the sample is drawn from them only."""
    population = [11, 3, 7, 19, 5]
    assert audits.sample_of(population, 3, 42) == random.Random(42).sample(sorted(population), 3)  # noqa: S311
    assert audits.sample_of(population, 3, 42, first=[19, 99])[0] == 19
    for seed in range(10):
        assert set(audits.sample_of(population, 2, seed, first=[3, 7, 19])) < {3, 7, 19}
