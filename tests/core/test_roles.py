"""Role progression and approvals: R-ROLE-1..8 and R-ELIG-2, every refused shortcut."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from parentpartner.dates import anniversary
from parentpartner.models import (
    ApprovalForm,
    FormState,
    HistoryEntry,
    LeadStage,
    ParentPartner,
    PartnerRole,
    Role,
    RoleAssignment,
    Signature,
)
from parentpartner.services import door, lead, progression
from tests.factories import (
    PASSWORD,
    ApprovalFormFactory,
    CoordinatorCertificationFactory,
    DisqualifierFactory,
    EligibilityRecord,
    LeadCaseFactory,
    LetterOfInterestFactory,
    UserFactory,
    candidate,
    ready_for_next_role,
    veteran_parent_partner,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def signers(world):
    u = world.users
    return u[Role.SITE_COORDINATOR], None, u[Role.STATEWIDE_COORDINATOR], u[Role.CONTRACT_MANAGER]


def with_login(partner):
    return UserFactory(role=Role.PARENT_PARTNER, parent_partner=partner)


def test_progression_lists_every_requirement_with_its_status_r_role_2_to_4(world):
    """R-ROLE-2..4: time, trainings, shadowing and eligibility for the next role, each with a status."""
    partner = ParentPartner.objects.get(pk=world.pp_a1.pk)
    partner.current_role = PartnerRole.IN_TRAINING_MENTORING
    state = progression.progression(partner)
    assert state.next_role == PartnerRole.PARENT_PARTNER
    labels = {r.label: r.met for r in state.requirements}
    assert labels["Trainings"] is False and labels["Shadowing a veteran Parent Partner"] is False
    assert not state.ready
    ready_for_next_role(partner)
    assert progression.progression(partner).ready


def requirement(state, label):
    return next(r for r in state.requirements if r.label == label)


def test_lead_needs_two_years_as_parent_partner_r_role_6(world):
    junior = progression.progression(veteran_parent_partner(world.site_a1, years=1))
    assert not requirement(junior, "2 years as a Parent Partner").met
    assert requirement(
        progression.progression(veteran_parent_partner(world.site_a1, years=3)), "2 years as a Parent Partner"
    ).met


def test_progression_of_a_parent_partner_in_as_many_queries_as_in_training_r_role_6(world):
    """Issue 9: the R-ROLE-6 days (a Parent Partner's next role is Lead) come in the same query as the
    role's start, so the progression page counts the same whatever the role's branch (the same
    person's rows read as a Parent Partner and as one in training)."""
    veteran = veteran_parent_partner(world.site_a1, years=3)
    with CaptureQueriesContext(connection) as as_parent_partner:
        state = progression.progression(veteran)
    years = requirement(state, "2 years as a Parent Partner")
    assert state.next_role == PartnerRole.LEAD and years.met
    # Calendar years (issue 13): three anniversaries since the role started, then the days since the
    # third (five, or six on 29 February, whose anniversary three years back was 28 February).
    started = RoleAssignment.objects.get(parent_partner=veteran).started_on
    assert years.details == [f"3 years and {(TODAY - anniversary(started, years=3)).days} days so far."]
    assert (TODAY - anniversary(started, years=3)).days in (5, 6)
    assert state.since == RoleAssignment.objects.get(parent_partner=veteran, ended_on__isnull=True).started_on
    veteran.current_role = PartnerRole.IN_TRAINING
    with CaptureQueriesContext(connection) as as_in_training:
        progression.progression(veteran)
    assert len(as_parent_partner.captured_queries) == len(as_in_training.captured_queries)


def test_accept_into_mentoring_changes_the_role_through_the_role_history_r_role_3(world):
    partner = ready_for_next_role(world.pp_a1)
    progression.accept_into_mentoring(partner, user=world.users[Role.SITE_COORDINATOR], reason="Ready.")
    partner.refresh_from_db()
    assert partner.current_role == PartnerRole.IN_TRAINING_MENTORING
    rows = list(RoleAssignment.objects.filter(parent_partner=partner).order_by("started_on"))
    assert rows[0].ended_on == TODAY and rows[-1].started_on == TODAY and rows[-1].ended_on is None


def test_accept_into_mentoring_refuses_unmet_requirements_and_skipped_roles_r_role_1_r_role_3(world):
    with pytest.raises(ValidationError, match="cannot go ahead"):
        progression.accept_into_mentoring(world.pp_a1, user=world.users[Role.SITE_COORDINATOR], reason="Go.")
    with pytest.raises(ValidationError, match="roles are not skipped"):
        progression.accept_into_mentoring(candidate(world.site_a1), user=world.users[Role.SITE_COORDINATOR], reason="x")


def test_full_signing_order_makes_a_parent_partner_only_at_the_contract_manager_r_role_5(world):
    """R-ROLE-5: coordinator, candidate, statewide coordinator, contract manager; only the last
    signature changes the role, dated that day, with a snapshot of what each signed."""
    partner = candidate(world.site_a1)
    coordinator, _, statewide, manager = signers(world)
    form = progression.start_form(partner, user=coordinator, commits=True, notes="Verified.")
    login = with_login(partner)
    for user in (coordinator, login, statewide):
        progression.sign(form, user=user, password=PASSWORD)
        form.refresh_from_db()
        assert ParentPartner.objects.get(pk=partner.pk).current_role == PartnerRole.IN_TRAINING_MENTORING
    progression.sign(form, user=manager, password=PASSWORD)
    form.refresh_from_db()
    assert form.state == FormState.APPROVED and form.decided_on == TODAY
    assert ParentPartner.objects.get(pk=partner.pk).current_role == PartnerRole.PARENT_PARTNER
    signatures = list(form.signatures.order_by("pk"))
    assert [s.signed_by for s in signatures] == [coordinator, login, statewide, manager]
    assert signatures[-1].snapshot["candidate"] == str(partner) and len(signatures[-1].snapshot["signatures"]) == 3


def test_signatures_go_in_order_r_role_5(world):
    form = ApprovalFormFactory(parent_partner=candidate(world.site_a1))
    with pytest.raises(ValidationError, match="signatures go in order"):
        progression.sign(form, user=world.users[Role.CONTRACT_MANAGER], password=PASSWORD)
    with pytest.raises(ValidationError, match="signatures go in order"):
        progression.sign(form, user=world.users[Role.STATEWIDE_COORDINATOR], password=PASSWORD)
    assert not Signature.objects.exists()


def test_signing_re_asks_for_the_signers_password_r_role_5(world):
    form = ApprovalFormFactory(parent_partner=candidate(world.site_a1))
    with pytest.raises(ValidationError, match="not your password"):
        progression.sign(form, user=world.users[Role.SITE_COORDINATOR], password="wrong")
    assert not Signature.objects.exists()


def test_unmet_requirements_block_the_coordinators_signature_r_role_5(world):
    partner = ParentPartner.objects.get(pk=world.pp_a1.pk)
    with door._opened():  # a person recorded in the role, without the trainings it needs
        RoleAssignment.objects.filter(parent_partner=partner).update(role=PartnerRole.IN_TRAINING_MENTORING)
        ParentPartner.objects.filter(pk=partner.pk).update(current_role=PartnerRole.IN_TRAINING_MENTORING)
    form = progression.start_form(
        ParentPartner.objects.get(pk=partner.pk), user=world.users[Role.SITE_COORDINATOR], commits=True, notes=""
    )
    assert form.unmet
    with pytest.raises(ValidationError, match="requirement is unmet"):
        progression.sign(form, user=world.users[Role.SITE_COORDINATOR], password=PASSWORD)


def test_nobody_signs_about_themselves_except_as_candidate_r_role_5(world):
    partner = candidate(world.site_a1)
    form = ApprovalFormFactory(parent_partner=partner, state=FormState.AWAITING_STATEWIDE)
    # A statewide coordinator whose login is also the candidate's record.
    self_signer = UserFactory(role=Role.STATEWIDE_COORDINATOR, parent_partner=partner)
    assert "about themselves" in progression.refusal(form, self_signer)
    with pytest.raises(ValidationError, match="about themselves"):
        progression.sign(form, user=self_signer, password=PASSWORD)


def test_another_parent_partner_cannot_sign_as_the_candidate_r_role_5(world):
    form = ApprovalFormFactory(parent_partner=candidate(world.site_a1), state=FormState.AWAITING_CANDIDATE)
    with pytest.raises(ValidationError):
        progression.sign(form, user=world.users[Role.PARENT_PARTNER], password=PASSWORD)


def test_paper_signature_only_for_a_candidate_without_login_with_a_witness_r_role_5(world):
    coordinator = world.users[Role.SITE_COORDINATOR]
    form = ApprovalFormFactory(parent_partner=candidate(world.site_a1), state=FormState.AWAITING_CANDIDATE)
    with pytest.raises(ValidationError, match="witness"):
        progression.sign(form, user=coordinator, password=PASSWORD, on_paper=True, witness_note=" ")
    signature = progression.sign(form, user=coordinator, password=PASSWORD, on_paper=True, witness_note="Seen.")
    assert signature.on_paper and signature.signer_role == "candidate"
    with_login_form = ApprovalFormFactory(parent_partner=candidate(world.site_a1), state=FormState.AWAITING_CANDIDATE)
    with_login(with_login_form.parent_partner)
    with pytest.raises(ValidationError, match="has a login"):
        progression.sign(with_login_form, user=coordinator, password=PASSWORD, on_paper=True, witness_note="Seen.")


def test_any_signer_may_return_the_form_with_a_reason_r_role_5(world):
    form = ApprovalFormFactory(parent_partner=candidate(world.site_a1), state=FormState.AWAITING_STATEWIDE)
    statewide = world.users[Role.STATEWIDE_COORDINATOR]
    with pytest.raises(ValidationError):
        progression.return_form(form, user=statewide, password=PASSWORD, reason=" ")
    progression.return_form(form, user=statewide, password=PASSWORD, reason="Shadowing dates are missing.")
    form.refresh_from_db()
    assert form.state == FormState.RETURNED and form.return_reason
    with pytest.raises(ValidationError, match="nothing more can be signed"):
        progression.sign(form, user=world.users[Role.CONTRACT_MANAGER], password=PASSWORD)


def test_approved_form_cannot_be_changed_r_role_5(world):
    form = ApprovalFormFactory(parent_partner=candidate(world.site_a1), state=FormState.APPROVED, decided_on=TODAY)
    form.coordinator_notes = "Rewritten."
    with pytest.raises(ValueError, match="final record"):
        form.save()


def test_absolute_disqualifier_blocks_every_approval_r_elig_2(world):
    partner = candidate(world.site_a1)
    form = ApprovalFormFactory(parent_partner=partner, state=FormState.AWAITING_CONTRACT_MANAGER)
    record = EligibilityRecord.objects.get(parent_partner=partner)
    DisqualifierFactory(record=record)
    with pytest.raises(ValidationError, match="R-ELIG-2"):
        progression.sign(form, user=world.users[Role.CONTRACT_MANAGER], password=PASSWORD)
    with pytest.raises(ValidationError, match="R-ELIG-2"):
        progression.start_form(
            partner,
            user=world.users[Role.SITE_COORDINATOR],
            commits=True,
            notes="",
        )
    ppit = ready_for_next_role(world.pp_a2)
    DisqualifierFactory(record=EligibilityRecord.objects.get(parent_partner=ppit))
    with pytest.raises(ValidationError, match="R-ELIG-2"):
        progression.accept_into_mentoring(ppit, user=world.users[Role.STATEWIDE_COORDINATOR], reason="x")
    assert ParentPartner.objects.get(pk=partner.pk).current_role == PartnerRole.IN_TRAINING_MENTORING


def test_pause_end_and_reinstate_go_through_the_recorded_path(world):
    """Pausing, ending and reinstating a role, each with a reason and a history row (R-ROLE-1)."""
    user = world.users[Role.SITE_COORDINATOR]
    partner = world.pp_a1
    with pytest.raises(ValidationError):
        progression.change_status(partner, "reinstate", user=user, reason="Back.")
    with pytest.raises(ValidationError):
        progression.change_status(partner, "pause", user=user, reason="")
    progression.change_status(partner, "pause", user=user, reason="Moving house.")
    progression.change_status(partner, "end", user=user, reason="Stepped down.")
    assert not RoleAssignment.objects.filter(parent_partner=partner, ended_on__isnull=True).exists()
    progression.change_status(partner, "reinstate", user=user, reason="Returned.")
    partner.refresh_from_db()
    assert partner.status == "active"
    assert RoleAssignment.objects.get(parent_partner=partner, ended_on__isnull=True).started_on == TODAY
    assert partner.status_changes.count() == 3
    assert HistoryEntry.objects.filter(object_repr__contains=str(partner)).count() >= 6


def test_status_is_not_edited_on_the_parent_partner_form(login, world):
    client = login(world.users[Role.SITE_COORDINATOR])
    response = client.get(reverse("parentpartner:parent-partner-update", args=[world.pp_a1.pk]))
    assert "status" not in response.context["form"].fields


# --- Lead Parent Partner (R-ROLE-6) ------------------------------------------------------------------


def test_lead_case_every_step_in_order_to_the_role_change_r_role_6(world):
    u = world.users
    case = lead.open_case(
        world.site_a1, user=u[Role.SITE_COORDINATOR], reason="Growing.", partner_count=9, families_served=20
    )
    step = dict(held_on=TODAY, notes="Done.")
    lead.advance(case, "notify-statewide", user=u[Role.SERVICE_AREA_COORDINATOR], result="done", **step)
    lead.advance(case, "ask-initial-approval", user=u[Role.STATEWIDE_COORDINATOR], result="done", **step)
    lead.advance(case, "initial-decision", user=u[Role.CONTRACT_MANAGER], result="approved", password=PASSWORD, **step)
    veteran = veteran_parent_partner(world.site_a1)
    letter = LetterOfInterestFactory.build(case=case, parent_partner=veteran)
    letter = lead.add_letter(letter, user=u[Role.SITE_COORDINATOR])
    lead.advance(case, "recommend", user=u[Role.SITE_COORDINATOR], result="done", letter=letter, **step)
    lead.advance(case, "forward-recommendation", user=u[Role.SERVICE_AREA_COORDINATOR], result="done", **step)
    with pytest.raises(ValidationError):
        lead.advance(case, "submit-approval-form", user=u[Role.STATEWIDE_COORDINATOR], result="done", **step)
    lead.advance(
        case, "submit-approval-form", user=u[Role.STATEWIDE_COORDINATOR], result="done", forms_attached=True, **step
    )
    with pytest.raises(ValidationError, match="not your password"):
        lead.advance(case, "final-decision", user=u[Role.CONTRACT_MANAGER], result="approved", **step)
    lead.advance(case, "final-decision", user=u[Role.CONTRACT_MANAGER], result="approved", password=PASSWORD, **step)
    case.refresh_from_db()
    assert case.stage == LeadStage.APPROVED
    assert ParentPartner.objects.get(pk=veteran.pk).current_role == PartnerRole.LEAD
    assert [s.recorded_by for s in case.steps.all()][-1] == u[Role.CONTRACT_MANAGER]
    assert case.steps.count() == 8


def test_lead_case_refuses_skipped_steps_and_other_roles_r_role_6(world):
    case = LeadCaseFactory(site=world.site_a1)
    with pytest.raises(ValidationError, match="not next"):
        lead.advance(
            case,
            "final-decision",
            user=world.users[Role.CONTRACT_MANAGER],
            result="approved",
            held_on=TODAY,
            notes="",
            password=PASSWORD,
        )
    with pytest.raises(ValidationError, match="another role"):
        lead.advance(
            case,
            "notify-statewide",
            user=world.users[Role.STATEWIDE_COORDINATOR],
            result="done",
            held_on=TODAY,
            notes="",
        )


def test_letters_only_from_parent_partners_with_two_years_r_role_6(world):
    case = LeadCaseFactory(site=world.site_a1, stage=LeadStage.LETTERS)
    junior = veteran_parent_partner(world.site_a1, years=1)
    with pytest.raises(ValidationError, match="less than 2 years"):
        lead.add_letter(
            LetterOfInterestFactory.build(case=case, parent_partner=junior), user=world.users[Role.SITE_COORDINATOR]
        )
    early = LeadCaseFactory(site=world.site_a2)
    with pytest.raises(ValidationError, match="after the initial approval"):
        lead.add_letter(
            LetterOfInterestFactory.build(case=early, parent_partner=veteran_parent_partner(world.site_a2)),
            user=world.users[Role.SITE_COORDINATOR],
        )


def test_final_lead_approval_refused_on_a_disqualifier_r_elig_2(world):
    letter = LetterOfInterestFactory(case=LeadCaseFactory(site=world.site_a1, stage=LeadStage.FINAL_DECISION))
    case = letter.case
    case.recommended = letter
    case.save()
    DisqualifierFactory(record=letter.parent_partner.eligibility_record)
    with pytest.raises(ValidationError, match="R-ELIG-2"):
        lead.advance(
            case,
            "final-decision",
            user=world.users[Role.CONTRACT_MANAGER],
            result="approved",
            held_on=TODAY,
            notes="",
            password=PASSWORD,
        )


def test_site_figures_count_partners_and_families_r_role_6(world):
    figures = lead.site_figures(world.site_a1)
    assert figures["partner_count"] == 1 and figures["families_served"] == 0


# --- waiting for my signature, certification (R-ROLE-8), lists -----------------------------------------


def test_home_shows_what_waits_for_the_statewide_coordinator_and_contract_manager(login, world):
    ApprovalFormFactory(parent_partner=candidate(world.site_b1), state=FormState.AWAITING_STATEWIDE)
    LeadCaseFactory(site=world.site_a2, stage=LeadStage.INITIAL_APPROVAL)
    statewide = login(world.users[Role.STATEWIDE_COORDINATOR]).get(reverse("home"))
    assert b"Waiting for my signature (1)" in statewide.content
    manager = login(world.users[Role.CONTRACT_MANAGER]).get(reverse("home"))
    assert b"Waiting for my signature (1)" in manager.content and b"Lead Parent Partner case" in manager.content


def test_coordinators_missing_certification_are_listed_r_role_8(login, world):
    coordinator = world.users[Role.SITE_COORDINATOR]
    CoordinatorCertificationFactory(coordinator=coordinator)
    missing = lead.coordinators_missing_certification(world.users[Role.STATEWIDE_COORDINATOR])
    assert coordinator in missing
    CoordinatorCertificationFactory(coordinator=coordinator, kind="parent_partner_supervision")
    assert coordinator not in lead.coordinators_missing_certification(world.users[Role.STATEWIDE_COORDINATOR])
    assert not lead.coordinators_missing_certification(world.users[Role.SERVICE_AREA_COORDINATOR]).exists()


@pytest.mark.parametrize("rows", [2, 12])
def test_approval_form_list_query_count_does_not_grow(login, world, django_assert_num_queries, rows):
    for _ in range(rows):
        ApprovalFormFactory(parent_partner__site=world.site_a1)
    client = login(world.users[Role.STATEWIDE_COORDINATOR])
    # session, user, count, page of forms with candidate and site, and the session renewal (3).
    with django_assert_num_queries(7):
        assert client.get(reverse("parentpartner:approval-form-list")).status_code == 200


@pytest.mark.parametrize("rows", [2, 12])
def test_certification_list_query_count_does_not_grow(login, world, django_assert_num_queries, rows):
    UserFactory.create_batch(rows, role=Role.SITE_COORDINATOR, sites=[world.site_a1])
    client = login(world.users[Role.STATEWIDE_COORDINATOR])
    with django_assert_num_queries(8):
        assert client.get(reverse("parentpartner:certification-list")).status_code == 200


@pytest.mark.parametrize("rows", [2, 12])
def test_lead_case_list_query_count_does_not_grow(login, world, django_assert_num_queries, rows):
    for index in range(rows):
        LeadCaseFactory(
            site=world.site_a1
            if index == 0
            else LeadCaseFactory._meta.model.site.field.related_model.objects.create(
                name=f"S{index}", service_area=world.area_a
            ),
            stage=LeadStage.APPROVED,
            decided_on=TODAY,
        )
    client = login(world.users[Role.STATEWIDE_COORDINATOR])
    with django_assert_num_queries(7):
        assert client.get(reverse("parentpartner:lead-case-list")).status_code == 200


def test_sign_page_shows_a_refusal_instead_of_a_500(login, world):
    form = ApprovalFormFactory(parent_partner=candidate(world.site_a1))
    response = login(world.users[Role.CONTRACT_MANAGER]).post(
        reverse("parentpartner:approval-form-sign", args=[form.pk, "contract-manager"]),
        {"decision": "sign", "password": PASSWORD, "version": form.version},
    )
    assert response.status_code == 200 and ApprovalForm.objects.get(pk=form.pk).state == FormState.AWAITING_COORDINATOR
