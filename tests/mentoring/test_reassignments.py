"""A Parent Partner who may no longer mentor (R-REV-4, R-ELIG-2): their current families are urgent
reassignments at the top of the coordinator's worklist and the service area coordinator's dashboard,
and no new monthly activity form can be started for them, by the coordinator or by themselves."""

import datetime
import re

from django.urls import reverse
from django.utils import timezone

from eligibility.models import Outcome, Step
from mentoring.models import ActivityForm, FormStatus
from parentpartner.dates import first_of_month as month_start
from parentpartner.dates import long_date, previous_month
from parentpartner.models import Role
from parentpartner.services import door
from parentpartner.services.gates import Change
from tests.factories import (
    ActivityFormFactory,
    AssignmentFactory,
    DisqualifierFactory,
    ParentPartnerFactory,
    ReviewCaseFactory,
    UserFactory,
)

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def family_of(site, partner, last_name):
    return AssignmentFactory(
        case__family__site=site, case__family__parent_last_name=last_name, parent_partner=partner
    ).case.family


def mentor(site, first_name, last_name, **kwargs):
    return ParentPartnerFactory(site=site, first_name=first_name, last_name=last_name, current_role="pp", **kwargs)


def disqualified(site, first_name, last_name):
    partner = mentor(site, first_name, last_name)
    DisqualifierFactory(record__parent_partner=partner, found_on=TODAY - 3 * DAY)
    return partner


def role_ended(site, first_name, last_name, on):
    """The role ended through the door on `on` (the status and its StatusChange row)."""
    partner = mentor(site, first_name, last_name)
    door.change_standing(partner, Change.END, user=UserFactory(), reason="Moved out of state.", today=on)
    partner.refresh_from_db()
    return partner


def stopped_by_review(site, first_name, last_name, outcome, closed_on):
    partner = mentor(site, first_name, last_name)
    ReviewCaseFactory(parent_partner=partner, step=Step.CLOSED, outcome=outcome, closed_on=closed_on)
    return partner


def under_open_review(site, first_name, last_name, opened_on):
    partner = mentor(site, first_name, last_name)
    ReviewCaseFactory(parent_partner=partner, may_mentor_while_open=False, opened_on=opened_on)
    return partner


def no_rule_or_record_ids(text):
    assert not re.search(r"R-[A-Z]+-\d", text)
    assert "Review case " not in text and "case #" not in text


# --- the urgent rows --------------------------------------------------------------------------


def test_r_rev_4_r_elig_2_families_to_reassign_now_top_the_coordinators_worklist_with_the_plain_reason(login, world):
    """Every kind of stop, each with its reason in plain words and its date as "Nov 30, 2026"; a family
    whose Parent Partner may mentor (or may while their review is open) is not listed; another
    area's family is not shown."""
    fine = family_of(world.site_a1, mentor(world.site_a1, "Fay", "Fine"), "Keepfamily")
    mentoring_while_open = mentor(world.site_a1, "Opal", "Open")
    ReviewCaseFactory(parent_partner=mentoring_while_open, may_mentor_while_open=True)
    family_of(world.site_a1, mentoring_while_open, "Staysfamily")
    reinstated = mentor(world.site_a1, "Rena", "Reinstated")
    ReviewCaseFactory(
        parent_partner=reinstated,
        step=Step.CLOSED,
        outcome=Outcome.STOP_MENTORING,
        closed_on=TODAY - 60 * DAY,
        reinstated_on=TODAY - 10 * DAY,
    )
    family_of(world.site_a1, reinstated, "Backfamily")
    opened_on, closed_on, ended_on = TODAY - 12 * DAY, TODAY - 9 * DAY, TODAY - 4 * DAY
    dq = family_of(world.site_a1, disqualified(world.site_a1, "Dina", "Disqualified"), "Dqfamily")
    nle = family_of(
        world.site_a1,
        stopped_by_review(world.site_a1, "Nell", "Noteligible", Outcome.NO_LONGER_ELIGIBLE, closed_on),
        "Nlefamily",
    )
    stopped = stopped_by_review(world.site_a1, "Stan", "Stopped", Outcome.STOP_MENTORING, closed_on)
    stop = family_of(world.site_a1, stopped, "Stopfamily")
    review = family_of(world.site_a1, under_open_review(world.site_a1, "Rhea", "Reviewed", opened_on), "Openfamily")
    ended = family_of(world.site_a1, role_ended(world.site_a1, "Edie", "Ended", ended_on), "Endfamily")
    other_area = family_of(world.site_b1, disqualified(world.site_b1, "Otto", "Otherarea"), "Farfamily")

    response = login(world.users[Role.SITE_COORDINATOR]).get(reverse("mentoring:worklist"))

    rows = response.context["urgent"]
    assert [row.family for row in rows] == [dq, ended, nle, review, stop]  # by Parent Partner's name
    reasons = {row.family: row.reason for row in rows}
    assert reasons[dq].startswith("An absolute disqualifier is recorded")
    assert reasons[ended] == f"The role ended on {long_date(ended_on)}."
    assert reasons[nle].startswith(f"An eligibility review ended on {long_date(closed_on)}: no longer eligible")
    assert reasons[stop].startswith(f"An eligibility review ended on {long_date(closed_on)}: stop mentoring")
    assert f"opened on {long_date(opened_on)} stops mentoring while it is open" in reasons[review]
    page = response.content.decode()
    # At the top: before every other list of the worklist.
    assert page.index("Reassign now: 5 families") < page.index("Referrals awaiting a Parent Partner")
    assert "Reassign now: Dina Disqualified may no longer mentor" in page
    assert f'href="{dq.get_absolute_url()}#reassign"' in page
    urgent = page[page.index("Reassign now") : page.index("Referrals awaiting")]
    assert "Keepfamily" not in urgent and "Staysfamily" not in urgent and "Backfamily" not in urgent
    assert other_area.parent_last_name not in page
    assert fine not in [row.family for row in rows]
    no_rule_or_record_ids(urgent)

    home = login(world.users[Role.SITE_COORDINATOR]).get(reverse("home")).content.decode()
    assert "Reassign now: 5 families" in home


def test_r_elig_2_the_service_area_coordinator_sees_the_areas_families_to_reassign_first(login, world):
    """The dashboard of area A lists both of its sites' urgent families, above the figures, and not area B's."""
    a1 = family_of(world.site_a1, disqualified(world.site_a1, "Dina", "Disqualified"), "Dqfamily")
    a2 = family_of(world.site_a2, role_ended(world.site_a2, "Edie", "Ended", TODAY - 2 * DAY), "Endfamily")
    b1 = family_of(world.site_b1, disqualified(world.site_b1, "Otto", "Otherarea"), "Farfamily")

    response = login(world.users[Role.SERVICE_AREA_COORDINATOR]).get(reverse("reporting:dashboard"))

    assert [row.family for row in response.context["urgent"]] == [a1, a2]
    page = response.content.decode()
    assert page.index("Reassign now: 2 families") < page.index("By site")
    assert "Reassign now: Edie Ended may no longer mentor" in page
    assert f"The role ended on {long_date(TODAY - 2 * DAY)}." in page
    assert f'href="{a2.get_absolute_url()}#reassign"' in page
    assert b1.parent_last_name not in page


def test_r_rev_4_the_family_page_says_why_and_opens_the_reassignment(login, world):
    partner = under_open_review(world.site_a1, "Rhea", "Reviewed", TODAY - 5 * DAY)
    family = family_of(world.site_a1, partner, "Openfamily")
    page = login(world.users[Role.SITE_COORDINATOR]).get(family.get_absolute_url()).content.decode()
    assert "Reassign now: Rhea Reviewed may no longer mentor." in page
    assert f"opened on {long_date(TODAY - 5 * DAY)}" in page
    assert '<details class="mb-3" id="reassign" open>' in page
    start = reverse("mentoring:activity-form-start", args=[family.cases.get().assignments.get().pk])
    assert "No new form now" in page and start not in page


# --- no new monthly activity form -------------------------------------------------------------


def test_r_elig_2_the_coordinator_cannot_start_a_form_for_a_disqualified_parent_partner(login, world):
    """Refused with its reason on the family page, never a 500; the month already submitted stays
    readable. Refused even for last month, which ended before the disqualifier was recorded: the
    coordinator records that month after a reinstatement, never while the stop holds."""
    partner = disqualified(world.site_a1, "Dina", "Disqualified")
    family = family_of(world.site_a1, partner, "Dqfamily")
    assignment = family.cases.get().assignments.get()
    two_months_ago = previous_month(previous_month(TODAY))
    submitted = ActivityFormFactory(assignment=assignment, month=two_months_ago, status=FormStatus.SUBMITTED)
    client = login(world.users[Role.SITE_COORDINATOR])

    for month in (month_start(TODAY), previous_month(TODAY)):
        response = client.post(
            reverse("mentoring:activity-form-start", args=[assignment.pk]), {"month": f"{month:%Y-%m}"}, follow=True
        )
        assert response.status_code == 200
        assert response.redirect_chain[-1][0] == family.get_absolute_url()
        message = next(str(m) for m in response.context["messages"])
        assert message.startswith(
            "No new monthly activity form can be started for Dina Disqualified: they may no longer mentor. "
            "An absolute disqualifier is recorded"
        )
        no_rule_or_record_ids(message)
    assert list(ActivityForm.objects.filter(assignment=assignment)) == [submitted]
    assert client.get(submitted.get_absolute_url()).status_code == 200


def test_r_rev_4_a_parent_partner_under_a_stopping_review_cannot_start_their_own_form(login, world):
    """The Parent Partner themselves, logged in: the refusal speaks to them; their submitted form
    stays readable to them."""
    partner = world.pp_a1
    ReviewCaseFactory(parent_partner=partner, may_mentor_while_open=False, opened_on=TODAY - 6 * DAY)
    assignment = AssignmentFactory(case__family__site=world.site_a1, parent_partner=partner)
    submitted = ActivityFormFactory(assignment=assignment, month=previous_month(TODAY), status=FormStatus.SUBMITTED)
    client = login(world.users[Role.PARENT_PARTNER])

    family_page = client.get(assignment.case.family.get_absolute_url()).content.decode()
    assert "You may no longer mentor." in family_page and "No new form now" in family_page
    response = client.post(
        reverse("mentoring:activity-form-start", args=[assignment.pk]), {"month": f"{TODAY:%Y-%m}"}, follow=True
    )

    assert response.status_code == 200
    message = next(str(m) for m in response.context["messages"])
    assert message.startswith(
        "You cannot start a new monthly activity form: you may no longer mentor. An eligibility review opened on "
        f"{long_date(TODAY - 6 * DAY)} stops mentoring while it is open."
    )
    no_rule_or_record_ids(message)
    assert list(ActivityForm.objects.filter(assignment=assignment)) == [submitted]
    assert client.get(submitted.get_absolute_url()).status_code == 200


def test_r_rev_4_an_ended_role_starts_no_form_and_a_reinstatement_starts_them_again(login, world):
    ended = role_ended(world.site_a1, "Edie", "Ended", TODAY - DAY)
    assignment = family_of(world.site_a1, ended, "Endfamily").cases.get().assignments.get()
    client = login(world.users[Role.SITE_COORDINATOR])
    url = reverse("mentoring:activity-form-start", args=[assignment.pk])
    response = client.post(url, {"month": f"{TODAY:%Y-%m}"}, follow=True)
    assert f"The role ended on {long_date(TODAY - DAY)}." in next(str(m) for m in response.context["messages"])
    assert not ActivityForm.objects.filter(assignment=assignment).exists()

    reinstated = stopped_by_review(world.site_a1, "Rena", "Reinstated", Outcome.STOP_MENTORING, TODAY - 30 * DAY)
    reinstated.review_cases.update(reinstated_on=TODAY - DAY)
    assignment = family_of(world.site_a1, reinstated, "Backfamily").cases.get().assignments.get()
    response = client.post(reverse("mentoring:activity-form-start", args=[assignment.pk]), {"month": f"{TODAY:%Y-%m}"})
    form = ActivityForm.objects.get(assignment=assignment)
    assert response.url == reverse("mentoring:activity-form-update", args=[form.pk])
