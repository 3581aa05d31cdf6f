"""Issue 13: one door for every change of a Parent Partner's role or standing. Each gate is asked at
every step, through the pages a user would use, and the doors that used to skip them are shut."""

import ast
import datetime
import pathlib

import pytest
from django.urls import reverse
from django.utils import timezone

from eligibility import services as eligibility
from eligibility.models import Outcome, Step
from parentpartner.dates import anniversary
from parentpartner.models import (
    FormState,
    LeadStage,
    OutsideTheDoor,
    ParentPartner,
    PartnerRole,
    PartnerStatus,
    Role,
    RoleAssignment,
    StatusChange,
)
from parentpartner.services import door, gates, lead
from parentpartner.services.gates import Change
from tests.factories import (
    ApprovalFormFactory,
    LeadCaseFactory,
    LetterOfInterestFactory,
    ReviewCaseFactory,
    candidate,
    veteran_parent_partner,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
ROOT = pathlib.Path(__file__).resolve().parents[2]


def new_person(world, **overrides):
    partner = world.pp_a1
    return {
        "first_name": "Marisol",
        "last_name": "Quintero",
        "date_of_birth": "1991-03-14",
        "email": "marisol.q@example.org",
        "phone": "",
        "site": world.site_a1.pk,
        "county": partner.county_id,
        "languages": ["en"],
        "lived_experience": ["substance_abuse"],
        "permanency_type": "reunified",
        "permanency_date": anniversary(TODAY, years=-1).isoformat(),
        "role_started_on": TODAY.isoformat(),
        **overrides,
    }


def text(response):
    return response.content.decode()


# --- 1. One door --------------------------------------------------------------------------------------


def test_role_and_status_written_outside_the_door_are_refused_r_role_1(world):
    """R-ROLE-1: the models refuse a person entered, or a role or status changed, any other way than
    through parentpartner.services.door; so a new door that forgets the gates fails here and in its own test."""
    partner = world.pp_a1
    site = world.site_a1
    with pytest.raises(OutsideTheDoor):
        ParentPartner.objects.create(
            first_name="Side",
            last_name="Door",
            site=site,
            county=partner.county,
            current_role=PartnerRole.PARENT_PARTNER,
            permanency_type="reunified",
            permanency_date=datetime.date(2020, 1, 1),
        )
    partner = ParentPartner.objects.get(pk=partner.pk)
    partner.current_role = PartnerRole.LEAD
    with pytest.raises(OutsideTheDoor):
        partner.save()
    partner = ParentPartner.objects.get(pk=partner.pk)
    partner.status = PartnerStatus.INACTIVE
    with pytest.raises(OutsideTheDoor):
        partner.save(update_fields=["status"])
    with pytest.raises(OutsideTheDoor):
        ParentPartner.objects.filter(pk=partner.pk).update(current_role=PartnerRole.LEAD)
    with pytest.raises(OutsideTheDoor):
        RoleAssignment.objects.create(parent_partner=partner, role=PartnerRole.LEAD, started_on=TODAY)
    with pytest.raises(OutsideTheDoor):
        RoleAssignment.objects.filter(parent_partner=partner).update(role=PartnerRole.LEAD)
    with pytest.raises(OutsideTheDoor):
        StatusChange.objects.create(
            parent_partner=partner,
            from_status="active",
            to_status="inactive",
            on=TODAY,
            reason="x",
            recorded_by=world.users[Role.SITE_COORDINATOR],
        )
    partner.refresh_from_db()
    assert partner.current_role == PartnerRole.IN_TRAINING and partner.status == PartnerStatus.ACTIVE
    # Other fields save as before: editing a name is not a role change, also after the door changed
    # the status of the row this object was read from.
    door.change_standing(partner, Change.PAUSE, user=world.users[Role.SITE_COORDINATOR], reason="On leave.")
    partner.refresh_from_db()
    partner.first_name = "Adah"
    partner.save()


def _python_files(folder):
    return [p for p in (ROOT / folder).rglob("*.py") if "migrations" not in p.parts]


def test_the_core_imports_no_other_app():
    """Issue 13: parentpartner/ asks the other apps through its registries (gates, panels, the Lead
    request's figures); it never imports training, eligibility, mentoring, reporting or the bench."""
    others = {"training", "eligibility", "mentoring", "reporting", "bench"}
    found = []
    for path in _python_files("parentpartner"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            found += [f"{path.relative_to(ROOT)}: {name}" for name in names if name.split(".")[0] in others]
    assert found == []


def test_only_the_door_opens_the_role_models():
    """No application code writes role rows or opens the door itself (tests set up raw states only)."""
    offenders = []
    for folder in ("parentpartner", "training", "eligibility", "mentoring", "reporting"):
        for path in _python_files(folder):
            source = path.read_text()
            if path.name == "door.py":
                continue
            for needle in (
                "door._opened(",
                "DOOR_OPEN.set",
                "RoleAssignment.objects.create",
                "StatusChange.objects.create",
            ):
                if needle in source:
                    offenders.append(f"{path.relative_to(ROOT)}: {needle}")
    assert offenders == []


def test_the_apps_register_their_gates():
    modules = {gate.__module__ for gate in gates.registered()}
    assert {"training.gates", "eligibility.gates"} <= modules


# --- 2. Entering a person -----------------------------------------------------------------------------


def test_a_new_person_enters_as_parent_partner_in_training_whatever_is_posted_r_role_1_r_role_5(world, login):
    """R-ROLE-1, R-ROLE-5: the new-person page has no role to choose; a posted role is ignored."""
    client = login(world.users[Role.SITE_COORDINATOR])
    page = text(client.get(reverse("parentpartner:parent-partner-create")))
    assert "New Parent Partner in Training" in page and 'name="role"' not in page
    response = client.post(reverse("parentpartner:parent-partner-create"), new_person(world, role="lead"))
    assert response.status_code == 302
    person = ParentPartner.objects.get(last_name="Quintero")
    assert person.current_role == PartnerRole.IN_TRAINING
    assert list(person.role_history.values_list("role", flat=True)) == [PartnerRole.IN_TRAINING]


def test_entering_too_soon_after_reunification_is_refused_with_the_date_r_role_2(world, login):
    """R-ROLE-2: six calendar months after reunification, a year after TPR."""
    client = login(world.users[Role.SITE_COORDINATOR])
    too_soon = anniversary(TODAY, months=-5)
    response = client.post(
        reverse("parentpartner:parent-partner-create"), new_person(world, permanency_date=too_soon.isoformat())
    )
    assert response.status_code == 200
    page = text(response)
    assert "cannot go ahead" in page and "6 months since reunification" in page
    assert not ParentPartner.objects.filter(last_name="Quintero").exists()
    tpr = anniversary(TODAY, months=-11)
    response = client.post(
        reverse("parentpartner:parent-partner-create"),
        new_person(world, permanency_type="tpr", permanency_date=tpr.isoformat()),
    )
    assert "One year since permanency was resolved" in text(response)
    assert not ParentPartner.objects.filter(last_name="Quintero").exists()


def test_a_disqualified_person_is_not_entered_again_as_a_clean_record_r_elig_2(world, login):
    """R-ELIG-2: a person matching a record (name and date of birth, e-mail or phone), disqualified
    or not, is not entered twice; the coordinator is shown the match."""
    coordinator = world.users[Role.SITE_COORDINATOR]
    client = login(coordinator)
    client.post(reverse("parentpartner:parent-partner-create"), new_person(world))
    first = ParentPartner.objects.get(last_name="Quintero")
    record = eligibility.start_screening(eligibility.EligibilityRecord(parent_partner=first), user=coordinator)
    eligibility.record_disqualifier(
        record, user=coordinator, kind="sex_abuse_registry", evidence="Registry check.", found_on=TODAY
    )
    for changed in (
        {"email": "another@example.org"},  # the same name and date of birth
        {"first_name": "Mari", "last_name": "Q", "date_of_birth": "1980-01-01"},  # the same e-mail
    ):
        response = client.post(reverse("parentpartner:parent-partner-create"), new_person(world, **changed))
        page = text(response)
        assert response.status_code == 200 and "may already be recorded" in page
        assert first.get_absolute_url() in page
    first.refresh_from_db()
    assert ParentPartner.objects.filter(date_of_birth=datetime.date(1991, 3, 14)).count() == 1
    assert first.status == PartnerStatus.INACTIVE


def test_the_paper_roster_is_recorded_by_the_statewide_coordinator_only_r_role_5(world, login):
    """R-ROLE-1, R-ROLE-5: someone who already holds a role is recorded from paper with the original
    approval, marked and audited; a coordinator cannot."""
    data = new_person(
        world,
        role=PartnerRole.PARENT_PARTNER,
        role_started_on="2022-05-01",
        approved_on="2022-04-20",
        approved_by_name="The contract manager then",
        paper_notes="Roster binder, Des Moines office",
        permanency_date="2019-01-10",
    )
    url = reverse("parentpartner:parent-partner-record-from-paper")
    assert login(world.users[Role.SITE_COORDINATOR]).post(url, data).status_code == 403
    assert not ParentPartner.objects.filter(last_name="Quintero").exists()
    statewide = world.users[Role.STATEWIDE_COORDINATOR]
    response = login(statewide).post(url, {**data, "approved_by_name": ""})
    assert "Give who approved it." in text(response)
    assert login(statewide).post(url, data).status_code == 302
    person = ParentPartner.objects.get(last_name="Quintero")
    row = person.role_history.get()
    assert person.current_role == PartnerRole.PARENT_PARTNER
    assert row.from_paper and row.approved_on == datetime.date(2022, 4, 20) and row.recorded_by == statewide
    assert "Roster binder" in row.reason
    detail = text(login(statewide).get(person.get_absolute_url()))
    assert "Recorded from paper" in detail and "The contract manager then" in detail


# --- 3. Every gate at every step ----------------------------------------------------------------------


def open_review(partner, coordinator, may_mentor=False):
    return ReviewCaseFactory(parent_partner=partner, opened_by=coordinator, may_mentor_while_open=may_mentor)


def test_approval_as_parent_partner_waits_for_an_open_review_at_every_signature_r_role_5_r_rev_4(world, login):
    """R-ROLE-5, R-REV-4: a review opened after the form started stops it at the next signature."""
    partner = candidate(world.site_a1)
    form = ApprovalFormFactory(parent_partner=partner, state=FormState.AWAITING_STATEWIDE)
    open_review(partner, world.users[Role.SITE_COORDINATOR], may_mentor=True)
    client = login(world.users[Role.STATEWIDE_COORDINATOR])
    url = reverse("parentpartner:approval-form-sign", args=[form.pk, "statewide"])
    response = client.post(url, {"decision": "sign", "password": "a-long-test-password-42", "version": form.version})
    page = text(response)
    assert "A review opened on" in page and "approvals wait for its outcome" in page
    form.refresh_from_db()
    assert form.state == FormState.AWAITING_STATEWIDE
    partner.refresh_from_db()
    assert partner.current_role == PartnerRole.IN_TRAINING_MENTORING


def test_approval_is_refused_after_a_stop_mentoring_outcome_r_role_5_r_rev_4(world, login):
    """R-ROLE-5, R-REV-4: the contract manager's approval is refused after a "stop mentoring" outcome
    not reinstated; the page says why and the person keeps their role."""
    partner = candidate(world.site_a1)
    form = ApprovalFormFactory(parent_partner=partner, state=FormState.AWAITING_CONTRACT_MANAGER)
    ReviewCaseFactory(
        parent_partner=partner,
        step=Step.CLOSED,
        outcome=Outcome.STOP_MENTORING,
        opened_on=TODAY - datetime.timedelta(days=40),
        closed_on=TODAY - datetime.timedelta(days=3),
    )
    client = login(world.users[Role.CONTRACT_MANAGER])
    url = reverse("parentpartner:approval-form-sign", args=[form.pk, "contract-manager"])
    page = text(client.post(url, {"decision": "sign", "password": "a-long-test-password-42", "version": form.version}))
    assert "may not mentor until a reinstatement is recorded" in page
    form.refresh_from_db()
    partner.refresh_from_db()
    assert form.state == FormState.AWAITING_CONTRACT_MANAGER
    assert partner.current_role == PartnerRole.IN_TRAINING_MENTORING


def test_the_form_is_not_approved_without_the_commitment_r_role_7(world, login):
    """R-ROLE-7: at least one year and two families, confirmed on the form."""
    form = ApprovalFormFactory(parent_partner=candidate(world.site_a1), commits_one_year_two_families=False)
    client = login(world.users[Role.SITE_COORDINATOR])
    url = reverse("parentpartner:approval-form-sign", args=[form.pk, "coordinator"])
    page = text(client.post(url, {"decision": "sign", "password": "a-long-test-password-42", "version": form.version}))
    assert "at least one year and at least two families" in page
    form.refresh_from_db()
    assert form.state == FormState.AWAITING_COORDINATOR


def final_decision_case(world, partner):
    letter = LetterOfInterestFactory(
        case=LeadCaseFactory(site=world.site_a1, stage=LeadStage.FINAL_DECISION), parent_partner=partner
    )
    case = letter.case
    case.recommended = letter
    case.save()
    return case


def decide(client, case):
    url = reverse("parentpartner:lead-case-step", args=[case.pk, "final-decision"])
    return client.post(
        url,
        {
            "result": "approved",
            "held_on": TODAY.isoformat(),
            "notes": "",
            "password": "a-long-test-password-42",
            "version": case.version,
        },
    )


@pytest.mark.parametrize("finding", ["open review", "no longer eligible", "dhs concerns"])
def test_the_final_lead_decision_shows_and_refuses_what_stands_in_the_way_r_role_6(world, login, finding):
    """R-ROLE-6, R-REV-4, R-ELIG-1: a person under review, found no longer eligible, or with DHS
    concerns is not made Lead; the contract manager sees why before deciding."""
    partner = veteran_parent_partner(world.site_a1, years=3)
    coordinator = world.users[Role.SITE_COORDINATOR]
    expected = {
        "open review": "approvals wait for its outcome",
        "no longer eligible": "no longer eligible",
        "dhs concerns": "found current or ongoing concerns",
    }[finding]
    if finding == "open review":
        open_review(partner, coordinator, may_mentor=True)
    elif finding == "no longer eligible":
        ReviewCaseFactory(
            parent_partner=partner,
            step=Step.CLOSED,
            outcome=Outcome.NO_LONGER_ELIGIBLE,
            partner_role=PartnerRole.PARENT_PARTNER,
            closed_on=TODAY - datetime.timedelta(days=10),
        )
    else:
        record = partner.eligibility_record
        record.dhs_review_result = "concerns"
        record.save()
    case = final_decision_case(world, partner)
    client = login(world.users[Role.CONTRACT_MANAGER])
    page = text(client.get(reverse("parentpartner:lead-case-step", args=[case.pk, "final-decision"])))
    assert str(partner) in page and "cannot be made Lead now" in page and expected in page
    response = decide(client, case)
    assert response.status_code == 200 and expected in text(response)
    partner.refresh_from_db()
    assert partner.current_role == PartnerRole.PARENT_PARTNER


def test_the_final_lead_decision_goes_ahead_when_nothing_stands_in_the_way_r_role_6(world, login):
    partner = veteran_parent_partner(world.site_a1, years=3)
    case = final_decision_case(world, partner)
    assert decide(login(world.users[Role.CONTRACT_MANAGER]), case).status_code == 302
    partner.refresh_from_db()
    assert partner.current_role == PartnerRole.LEAD


def test_the_letter_list_offers_only_people_who_could_be_made_lead_r_role_6(world, login):
    ready = veteran_parent_partner(world.site_a1, years=3)
    under_review = veteran_parent_partner(world.site_a1, years=3)
    open_review(under_review, world.users[Role.SITE_COORDINATOR], may_mentor=True)
    junior = veteran_parent_partner(world.site_a1, years=1)
    case = LeadCaseFactory(site=world.site_a1, stage=LeadStage.LETTERS)
    page = text(
        login(world.users[Role.SITE_COORDINATOR]).get(reverse("parentpartner:lead-letter-create", args=[case.pk]))
    )
    assert str(ready) in page
    assert str(under_review) not in page and str(junior) not in page
    assert lead.candidates_for_lead(world.site_a1, TODAY) == [ready]


# --- 4. Outcomes take effect --------------------------------------------------------------------------


def test_no_longer_eligible_ends_the_role_at_once_and_reinstatement_restores_it_r_rev_4(world, login):
    """R-REV-4 c: the outcome, recorded on the review case's page, ends the role at once (kept in the
    history); the review's reinstatement, once the criteria are met again, reinstates the person."""
    partner = veteran_parent_partner(world.site_a1, years=3)
    client = login(world.users[Role.STATEWIDE_COORDINATOR])
    case = ReviewCaseFactory(
        parent_partner=partner, step=Step.PLAN_AGREED, opened_on=TODAY - datetime.timedelta(days=60)
    )
    url = reverse("eligibility:case-step", args=[case.pk, "outcome"])
    data = {
        "result": Outcome.NO_LONGER_ELIGIBLE,
        "held_on": TODAY.isoformat(),
        "notes": "Team decision.",
        "version": case.version,
    }
    assert client.post(url, data).status_code == 302
    partner.refresh_from_db()
    assert partner.status == PartnerStatus.INACTIVE
    assert not partner.role_history.filter(ended_on__isnull=True).exists()
    assert partner.role_history.filter(role=PartnerRole.PARENT_PARTNER).exists()
    page = text(
        login(world.users[Role.SITE_COORDINATOR]).get(
            reverse("parentpartner:status-change", args=[partner.pk, "reinstate"])
        )
    )
    assert "no longer eligible" in page and "recorded on the review case" in page
    case.refresh_from_db()
    client = login(world.users[Role.STATEWIDE_COORDINATOR])
    url = reverse("eligibility:case-step", args=[case.pk, "reinstatement"])
    data = {"result": "reinstated", "held_on": TODAY.isoformat(), "notes": "Team decision.", "version": case.version}
    assert client.post(url, data).status_code == 302
    partner.refresh_from_db()
    assert partner.status == PartnerStatus.ACTIVE
    assert partner.role_history.get(ended_on__isnull=True).role == PartnerRole.PARENT_PARTNER


def test_a_disqualifier_ends_the_role_and_no_reinstatement_is_possible_r_elig_2(world, login):
    partner = veteran_parent_partner(world.site_a1, years=3)
    coordinator = world.users[Role.SITE_COORDINATOR]
    eligibility.record_disqualifier(
        partner.eligibility_record, user=coordinator, kind="child_death", evidence="Court record.", found_on=TODAY
    )
    partner.refresh_from_db()
    assert partner.status == PartnerStatus.INACTIVE
    client = login(coordinator)
    url = reverse("parentpartner:status-change", args=[partner.pk, "reinstate"])
    response = client.post(url, {"reason": "Asked to come back.", "version": partner.version})
    assert "cannot go ahead" in text(response)
    partner.refresh_from_db()
    assert partner.status == PartnerStatus.INACTIVE


# --- 5. Dates the way people count them ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("since", "months", "ready_on"),
    [
        (datetime.date(2024, 2, 29), 12, datetime.date(2025, 2, 28)),  # a leap day
        (datetime.date(2026, 8, 31), 6, datetime.date(2027, 2, 28)),  # a month end
        (datetime.date(2027, 8, 31), 6, datetime.date(2028, 2, 29)),  # into a leap February
        (datetime.date(2026, 12, 31), 12, datetime.date(2027, 12, 31)),
    ],
)
def test_six_months_and_a_year_are_calendar_anniversaries_r_role_2_r_role_3(since, months, ready_on):
    role = PartnerRole.IN_TRAINING if months == 6 else PartnerRole.IN_TRAINING_MENTORING
    before = gates.time_since_permanency("reunified", since, role, ready_on - datetime.timedelta(days=1))
    on = gates.time_since_permanency("reunified", since, role, ready_on)
    assert not before.met and on.met


def test_two_years_as_a_parent_partner_is_two_anniversaries_r_role_6():
    start = datetime.date(2024, 2, 29)
    day_before = datetime.date(2026, 2, 27)
    assert not gates.years_as_parent_partner((day_before - start).days, day_before).met
    on = datetime.date(2026, 2, 28)
    assert gates.years_as_parent_partner((on - start).days, on).met
    # 730 days is not two years when a leap day falls between.
    assert not gates.years_as_parent_partner(730, datetime.date(2025, 12, 31)).met


def test_the_same_phone_written_another_way_is_a_match_r_elig_2(world):
    """R-ELIG-2: "(515) 555-0142" and "515.555.0142" are the same phone; a name alone is not a match."""
    partner = world.pp_a1
    door.record_from_paper(
        ParentPartner(
            first_name="Lenore",
            last_name="Ashby",
            phone="(515) 555-0142",
            site=world.site_a1,
            county=partner.county,
            permanency_type="reunified",
            permanency_date=datetime.date(2020, 1, 1),
        ),
        user=None,
        roles=[door.PaperRole(PartnerRole.PARENT_PARTNER, datetime.date(2022, 1, 1))],
    )
    assert door.matches(first_name="X", last_name="Y", phone="515.555.0142").get().last_name == "Ashby"
    assert not door.matches(first_name="Lenore", last_name="Ashby").exists()


def test_the_paper_roster_path_is_used_only_for_new_people_and_the_demo_roster():
    """The paper path adds people with their past roles; in application code only the statewide
    coordinator's page and the demo roster call it (test fixtures also use it to set up histories)."""
    callers = set()
    for folder in ("parentpartner", "training", "eligibility", "mentoring", "reporting"):
        for path in _python_files(folder):
            if "record_from_paper(" in path.read_text() and path.name != "door.py":
                callers.add(str(path.relative_to(ROOT)))
    assert callers == {
        "parentpartner/views/people.py",
        "parentpartner/demo/roster.py",
        "reporting/demo/quarterly_reports.py",
    }
