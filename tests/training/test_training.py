"""The training app: checklist, deadlines, sessions, the mentoring gate and BABF trainers."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from parentpartner.models import PartnerRole, Role
from tests.factories import (
    ParentPartnerFactory,
    ShadowingItem,
    TrainerApprovalFactory,
    TrainerFactory,
    TrainingCompletionFactory,
    TrainingSessionFactory,
    TrainTheTrainerAttendanceFactory,
    accepted_into_mentoring_on,
    training,
)
from training import services
from training.models import ShadowingRecord, TrainerApproval, TrainerKind, Training, TrainingCompletion

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def complete(partner, *numbers):
    for number in numbers:
        TrainingCompletionFactory(parent_partner=partner, training=training(number))


def accepted(partner, days_ago):
    """Make `partner` a PP in Training Mentoring accepted `days_ago` days ago (R-ROLE-3)."""
    return accepted_into_mentoring_on(partner, TODAY - days_ago * DAY)


# --- catalogue -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_r_trn_1_catalogue_has_eleven_trainings_six_before_mentoring():
    trainings = list(Training.objects.all())
    assert [t.number for t in trainings] == list(range(1, 12))
    assert [t.number for t in trainings if t.required_before_mentoring] == [1, 2, 3, 4, 5, 6]
    assert [t.number for t in trainings if t.required_within_first_year] == [7, 8, 9, 10, 11]
    assert all(t.objectives for t in trainings if t.number != 1)


@pytest.mark.django_db
def test_r_trn_2_trainings_two_to_eleven_last_at_least_two_hours_r_trn_3_babf_has_co_trainers():
    babf = training(1)
    assert babf.co_trainers_required and babf.minimum_hours is None
    assert {t.minimum_hours for t in Training.objects.exclude(number=1)} == {2}


# --- the mentoring gate ----------------------------------------------------------------------


@pytest.mark.django_db
def test_r_trn_1_mentoring_gate_refuses_a_parent_partner_in_training():
    partner = ParentPartnerFactory(current_role=PartnerRole.IN_TRAINING)
    complete(partner, 1, 2, 3, 4, 5, 6)
    gate = services.mentoring_gate(partner)
    assert not gate.allowed
    assert gate.reasons == ["A Parent Partner in Training does not mentor families one-on-one yet."]


@pytest.mark.django_db
def test_r_trn_1_mentoring_gate_names_the_missing_pre_mentoring_trainings():
    partner = accepted(ParentPartnerFactory(), days_ago=30)
    complete(partner, 1, 2, 4)
    gate = services.mentoring_gate(partner)
    assert not gate.allowed
    assert gate.reasons == [
        "Trainings required before mentoring not done: Boundaries and Safety Issues, "
        "Family Interaction Overview, Confidentiality."
    ]


@pytest.mark.django_db
def test_r_trn_1_mentoring_gate_allows_once_the_six_are_done():
    partner = accepted(ParentPartnerFactory(), days_ago=30)
    complete(partner, 1, 2, 3, 4, 5, 6)
    assert services.mentoring_gate(partner).allowed


@pytest.mark.django_db
def test_mentoring_gate_refuses_a_paused_parent_partner():
    partner = ParentPartnerFactory(current_role=PartnerRole.PARENT_PARTNER, status="paused")
    complete(partner, *range(1, 12))
    assert services.mentoring_gate(partner).reasons == ["Their status is paused."]


@pytest.mark.django_db
def test_r_trn_1_mentoring_gate_reads_the_catalogue_flags_not_numbers():
    partner = accepted(ParentPartnerFactory(), days_ago=30)
    complete(partner, 1, 2, 3, 4, 5, 6)
    Training.objects.filter(number=7).update(required_within_first_year=False, required_before_mentoring=True)
    assert "Domestic Violence 101" in services.mentoring_gate(partner).reasons[0]


# --- checklist and deadlines -----------------------------------------------------------------


@pytest.mark.django_db
def test_r_trn_1_first_year_trainings_are_due_one_year_after_acceptance():
    partner = accepted(ParentPartnerFactory(), days_ago=400)
    complete(partner, 1, 2, 3, 4, 5, 6, 7)
    checklist = services.checklist(partner)
    by_number = {item.training.number: item for item in checklist.items}
    assert checklist.accepted_on == TODAY - 400 * DAY
    assert by_number[7].status == "Done"
    assert by_number[8].due_on == TODAY - 35 * DAY and by_number[8].status == "Overdue"
    assert by_number[3].due_on is None  # due before mentoring, not by a date
    assert [item.training.number for item in checklist.overdue] == [8, 9, 10, 11]
    assert not checklist.all_done


@pytest.mark.django_db
def test_r_trn_1_checklist_shows_only_this_persons_completions():
    """The checklist joins each training to this person's completion in one query (FilteredRelation):
    another person's completions must not show, nor duplicate a training."""
    partner = accepted(ParentPartnerFactory(), days_ago=30)
    other = accepted(ParentPartnerFactory(), days_ago=30)
    complete(partner, 1, 2)
    complete(other, 1, 2, 3, 4)
    checklist = services.checklist(partner)
    numbers = [item.training.number for item in checklist.items]
    assert len(numbers) == len(set(numbers)) == Training.objects.filter(is_active=True).count()
    done = {item.training.number for item in checklist.items if item.completion is not None}
    assert done == {1, 2}
    assert all(item.completion.parent_partner_id == partner.pk for item in checklist.items if item.completion)


@pytest.mark.django_db
def test_r_trn_1_no_deadline_before_acceptance():
    partner = ParentPartnerFactory(current_role=PartnerRole.IN_TRAINING)
    checklist = services.checklist(partner)
    assert checklist.accepted_on is None
    assert not checklist.overdue


@pytest.mark.django_db
def test_overdue_and_due_soon_lists_are_computed_by_the_database(world):
    overdue = accepted(ParentPartnerFactory(site=world.site_a1, last_name="Late"), days_ago=400)
    soon = accepted(ParentPartnerFactory(site=world.site_a1, last_name="Soon"), days_ago=350)
    done = accepted(ParentPartnerFactory(site=world.site_a1, last_name="Done"), days_ago=400)
    complete(done, 7, 8, 9, 10, 11)
    complete(overdue, 7, 8)
    partners = world.pp_a1.__class__.objects.filter(site=world.site_a1)
    late = list(services.overdue_partners(partners))
    assert [p.last_name for p in late] == ["Late"]
    assert late[0].first_year_missing == 3
    assert [p.last_name for p in services.due_soon_partners(partners)] == ["Soon"]
    assert soon.pk not in [p.pk for p in late]


@pytest.mark.django_db
def test_trainings_to_schedule_counts_active_people_who_still_need_each(world):
    complete(world.pp_a1, 1, 2)
    inactive = ParentPartnerFactory(site=world.site_a1, status="inactive")
    complete(inactive, 3)
    partners = world.pp_a1.__class__.objects.filter(site__service_area=world.area_a)
    need = {t.number: n for t, n in services.trainings_to_schedule(partners)}
    assert need[1] == 1 and need[2] == 1 and need[3] == 2 and need[11] == 2


# --- sessions (R-TRN-2, R-TRN-3) -------------------------------------------------------------


def approved_trainer(kind, **kwargs):
    trainer = TrainerFactory(kind=kind, **kwargs)
    TrainerApprovalFactory(trainer=trainer, kind=TrainerApproval.Kind.TRAINER)
    return trainer


def session_post(world, **overrides):
    data = {
        "training": training(2).pk,
        "site": world.site_a1.pk,
        "held_on": (TODAY - 3 * DAY).isoformat(),
        "hours": "2",
        "format": "group",
        "trainer_names": "A qualified trainer",
        "attendees": [world.pp_a1.pk],
    }
    data.update(overrides)
    return data


def test_r_trn_2_a_session_shorter_than_two_hours_is_refused(login, world):
    client = login(world.users[Role.SITE_COORDINATOR])
    response = client.post(reverse("training:session-create"), session_post(world, hours="1.5"))
    assert response.context["form"].errors["hours"] == ["Mandatory Reporter must last at least 2 hours."]
    assert not TrainingCompletion.objects.exists()


def test_r_trn_2_a_training_needs_its_qualified_trainer_named(login, world):
    client = login(world.users[Role.SITE_COORDINATOR])
    response = client.post(reverse("training:session-create"), session_post(world, trainer_names=""))
    assert "trainer_names" in response.context["form"].errors


def test_recording_attendance_completes_the_training_once(login, world):
    client = login(world.users[Role.SITE_COORDINATOR])
    client.post(reverse("training:session-create"), session_post(world))
    client.post(reverse("training:session-create"), session_post(world, held_on=(TODAY - DAY).isoformat()))
    completion = TrainingCompletion.objects.get(parent_partner=world.pp_a1)
    assert completion.training.number == 2
    assert completion.completed_on == TODAY - 3 * DAY
    checklist = client.get(reverse("training:checklist", args=[world.pp_a1.pk]))
    assert "Done" in [item.status for item in checklist.context["checklist"].items if item.training.number == 2]


def test_attendance_cannot_be_recorded_for_a_future_session(login, world):
    client = login(world.users[Role.SITE_COORDINATOR])
    response = client.post(
        reverse("training:session-create"), session_post(world, held_on=(TODAY + 5 * DAY).isoformat())
    )
    assert "attendees" in response.context["form"].errors
    assert not TrainingCompletion.objects.exists()


def test_r_trn_3_babf_needs_two_approved_co_trainers_of_each_kind(login, world):
    client = login(world.users[Role.SITE_COORDINATOR])
    response = client.post(
        reverse("training:session-create"),
        session_post(world, training=training(1).pk, hours="6", trainer_names=""),
    )
    errors = response.context["form"].errors
    assert "needs an approved Parent Partner co-trainer" in errors["parent_partner_trainer"][0]
    assert "needs an approved child welfare professional co-trainer" in errors["professional_trainer"][0]
    assert "must follow the state curriculum" in errors["follows_state_curriculum"][0]
    assert not TrainingCompletion.objects.exists()


def test_r_trn_3_an_unapproved_trainer_cannot_co_train_babf(login, world):
    applicant = TrainerFactory(kind=TrainerKind.PARENT_PARTNER, parent_partner=world.pp_a2, name="")
    professional = approved_trainer(TrainerKind.PROFESSIONAL)
    client = login(world.users[Role.SITE_COORDINATOR])
    response = client.post(
        reverse("training:session-create"),
        session_post(
            world,
            training=training(1).pk,
            hours="6",
            parent_partner_trainer=applicant.pk,
            professional_trainer=professional.pk,
            follows_state_curriculum="on",
        ),
    )
    assert "parent_partner_trainer" in response.context["form"].errors


def test_r_trn_3_babf_is_not_given_by_media(login, world):
    partner_trainer = approved_trainer(TrainerKind.PARENT_PARTNER, parent_partner=world.pp_a2, name="")
    professional = approved_trainer(TrainerKind.PROFESSIONAL)
    client = login(world.users[Role.SITE_COORDINATOR])
    response = client.post(
        reverse("training:session-create"),
        session_post(
            world,
            training=training(1).pk,
            hours="6",
            format="media",
            trainer_names="",
            parent_partner_trainer=partner_trainer.pk,
            professional_trainer=professional.pk,
            follows_state_curriculum="on",
        ),
    )
    assert "format" in response.context["form"].errors


def test_r_trn_3_babf_with_two_approved_co_trainers_completes_for_attendees(login, world):
    partner_trainer = approved_trainer(TrainerKind.PARENT_PARTNER, parent_partner=world.pp_a2, name="")
    professional = approved_trainer(TrainerKind.PROFESSIONAL, name="Pat Professional")
    client = login(world.users[Role.SITE_COORDINATOR])
    response = client.post(
        reverse("training:session-create"),
        session_post(
            world,
            training=training(1).pk,
            hours="6",
            trainer_names="",
            parent_partner_trainer=partner_trainer.pk,
            professional_trainer=professional.pk,
            follows_state_curriculum="on",
        ),
    )
    assert response.status_code == 302
    assert TrainingCompletion.objects.get(parent_partner=world.pp_a1).training.number == 1
    detail = client.get(response.url).content.decode()
    assert "Bea Beta and Pat Professional" in detail


def test_a_coordinator_cannot_record_attendance_for_someone_outside_scope(login, world):
    client = login(world.users[Role.SITE_COORDINATOR])
    response = client.post(reverse("training:session-create"), session_post(world, attendees=[world.pp_b1.pk]))
    assert "attendees" in response.context["form"].errors
    assert not TrainingCompletion.objects.exists()


# --- one-by-one completions and shadowing ----------------------------------------------------


def test_r_trn_2_an_outside_training_is_recorded_with_evidence(login, world):
    client = login(world.users[Role.SITE_COORDINATOR])
    url = reverse("training:completion-create", args=[world.pp_a1.pk])
    missing = client.post(url, {"training": training(8).pk, "completed_on": (TODAY - DAY).isoformat()})
    assert "evidence" in missing.context["form"].errors
    client.post(
        url,
        {
            "training": training(8).pk,
            "completed_on": (TODAY - DAY).isoformat(),
            "hours": "3",
            "evidence": "County mental health workshop",
        },
    )
    assert TrainingCompletion.objects.get(parent_partner=world.pp_a1).evidence.startswith("County")


def test_r_trn_3_babf_cannot_be_recorded_as_an_outside_training(login, world):
    client = login(world.users[Role.SITE_COORDINATOR])
    response = client.post(
        reverse("training:completion-create", args=[world.pp_a1.pk]),
        {"training": training(1).pk, "completed_on": (TODAY - DAY).isoformat(), "evidence": "Video"},
    )
    assert "through a session" in response.context["form"].errors["training"][0]


def test_a_completion_cannot_be_dated_in_the_future(login, world):
    client = login(world.users[Role.SITE_COORDINATOR])
    response = client.post(
        reverse("training:completion-create", args=[world.pp_a1.pk]),
        {"training": training(8).pk, "completed_on": (TODAY + DAY).isoformat(), "evidence": "x"},
    )
    assert response.context["form"].errors["completed_on"] == ["This date cannot be in the future."]


def test_r_role_4_shadowing_needs_a_date_and_a_veteran(login, world):
    client = login(world.users[Role.SITE_COORDINATOR])
    item = ShadowingItem.objects.get(code="face_to_face_visit")
    response = client.post(
        reverse("training:shadowing-create", args=[world.pp_a1.pk]), {"item": item.pk, "outcome": "shadowed"}
    )
    assert set(response.context["form"].errors) == {"shadowed_on", "veteran"}


def test_r_role_4_only_an_if_applicable_activity_may_be_marked_not_applicable(login, world):
    client = login(world.users[Role.SITE_COORDINATOR])
    url = reverse("training:shadowing-create", args=[world.pp_a1.pk])
    always = ShadowingItem.objects.get(code="juvenile_cina_court_process")
    refused = client.post(url, {"item": always.pk, "outcome": "not_applicable"})
    assert "cannot be marked not applicable" in refused.context["form"].errors["outcome"][0]
    optional = ShadowingItem.objects.get(code="family_treatment_court")
    assert client.post(url, {"item": optional.pk, "outcome": "not_applicable"}).status_code == 302


@pytest.mark.django_db
def test_r_role_4_shadowing_is_complete_when_every_activity_is_accounted_for():
    partner, veteran = ParentPartnerFactory(), ParentPartnerFactory(current_role="pp")
    for item in ShadowingItem.objects.all():
        assert not services.checklist(partner).shadowing_done
        if item.always_required:
            ShadowingRecord.objects.create(parent_partner=partner, item=item, shadowed_on=TODAY, veteran=veteran)
        else:
            ShadowingRecord.objects.create(parent_partner=partner, item=item, outcome="not_applicable")
    assert services.checklist(partner).shadowing_done


# --- BABF trainers (R-TRN-4) -----------------------------------------------------------------


def babf_with(trainer, other, days_ago, satisfactory=True, rating=None):
    pair = (
        {"parent_partner_trainer": trainer, "professional_trainer": other}
        if trainer.kind == TrainerKind.PARENT_PARTNER
        else {"parent_partner_trainer": other, "professional_trainer": trainer}
    )
    return TrainingSessionFactory(
        training=training(1),
        hours=6,
        trainer_names="",
        follows_state_curriculum=True,
        held_on=TODAY - days_ago * DAY,
        co_trainers_evaluated_satisfactory=satisfactory,
        average_rating=rating,
        **pair,
    )


def master(kind):
    trainer = approved_trainer(kind)
    TrainerApprovalFactory(trainer=trainer, kind=TrainerApproval.Kind.MASTER_TRAINER)
    return trainer


@pytest.mark.django_db
def test_r_trn_4_trainer_criteria_come_from_the_data():
    applicant = TrainerFactory(kind=TrainerKind.PROFESSIONAL, observed_babf_on=TODAY - 100 * DAY)
    mentor = master(TrainerKind.PARENT_PARTNER)
    standing = services.standing(applicant)
    assert standing.status == "Applicant"
    assert [c.met for c in standing.trainer_criteria] == [False, True, False, False]

    TrainerApprovalFactory(trainer=applicant, kind=TrainerApproval.Kind.PRIOR_STATEWIDE)
    TrainerApprovalFactory(trainer=applicant, kind=TrainerApproval.Kind.PRIOR_CONTRACT_MANAGER)
    babf_with(applicant, mentor, 40)
    babf_with(applicant, mentor, 20, satisfactory=False)
    TrainTheTrainerAttendanceFactory(trainer=applicant)
    standing = services.standing(applicant)
    assert standing.trainer_criteria[2].detail == "1 so far"
    assert not standing.may_approve_trainer

    babf_with(applicant, mentor, 10)
    assert services.standing(applicant).may_approve_trainer


@pytest.mark.django_db
def test_r_trn_4_co_training_with_a_non_master_does_not_count():
    applicant = TrainerFactory(kind=TrainerKind.PROFESSIONAL)
    plain = approved_trainer(TrainerKind.PARENT_PARTNER)
    babf_with(applicant, plain, 40)
    babf_with(applicant, plain, 20)
    assert services.standing(applicant).trainer_criteria[2].met is False


@pytest.mark.django_db
def test_r_trn_4_observing_a_babf_counts_for_two_years():
    assert services.standing(TrainerFactory(observed_babf_on=TODAY - 800 * DAY)).trainer_criteria[1].met is False


@pytest.mark.django_db
def test_r_trn_4_master_trainer_needs_four_babfs_since_approval_rated_four_on_average():
    trainer = approved_trainer(TrainerKind.PROFESSIONAL, willing_to_coach=True)
    TrainerApprovalFactory(trainer=trainer, kind=TrainerApproval.Kind.PRIOR_STATEWIDE)
    TrainerApprovalFactory(trainer=trainer, kind=TrainerApproval.Kind.PRIOR_CONTRACT_MANAGER)
    TrainTheTrainerAttendanceFactory(trainer=trainer)
    other = approved_trainer(TrainerKind.PARENT_PARTNER)
    babf_with(trainer, other, 500, rating=2)  # before approval (400 days ago): does not count
    for days_ago, rating in ((300, "4.5"), (200, "3.5"), (100, "4.0")):
        babf_with(trainer, other, days_ago, rating=rating)
    standing = services.standing(trainer)
    assert standing.status == "Approved trainer"
    assert standing.master_criteria[1].detail == "3 so far" and not standing.may_approve_master
    babf_with(trainer, other, 10, rating="4.0")
    standing = services.standing(trainer)
    assert standing.master_criteria[2].detail == "4.00"
    assert standing.may_approve_master


def test_r_trn_4_approval_is_refused_until_the_criteria_are_met(login, world):
    applicant = TrainerFactory(kind=TrainerKind.PROFESSIONAL)
    client = login(world.users[Role.STATEWIDE_COORDINATOR])
    url = reverse("training:trainer-approve", args=[applicant.pk])
    assert client.post(url, {"kind": "trainer"}).status_code == 403
    assert not applicant.approvals.exists()
    page = client.get(applicant.get_absolute_url())
    assert "Record: Approved as BABF trainer" not in page.content.decode()
    assert "Record: Prior approval by the statewide coordinator" in page.content.decode()


def test_r_trn_4_each_signer_records_only_their_own_prior_approval(login, world):
    applicant = TrainerFactory(kind=TrainerKind.PROFESSIONAL)
    url = reverse("training:trainer-approve", args=[applicant.pk])
    manager = login(world.users[Role.CONTRACT_MANAGER])
    assert manager.post(url, {"kind": "prior_statewide"}).status_code == 403
    assert manager.post(url, {"kind": "prior_contract_manager"}).status_code == 302
    # Recorded once: a second click is refused.
    assert manager.post(url, {"kind": "prior_contract_manager"}).status_code == 403
    approval = applicant.approvals.get()
    assert approval.approved_by == world.users[Role.CONTRACT_MANAGER]


def test_r_trn_4_statewide_coordinator_approves_a_qualified_applicant(login, world):
    applicant = TrainerFactory(kind=TrainerKind.PROFESSIONAL, observed_babf_on=TODAY - 30 * DAY)
    for kind in (TrainerApproval.Kind.PRIOR_STATEWIDE, TrainerApproval.Kind.PRIOR_CONTRACT_MANAGER):
        TrainerApprovalFactory(trainer=applicant, kind=kind)
    mentor = master(TrainerKind.PARENT_PARTNER)
    babf_with(applicant, mentor, 40)
    babf_with(applicant, mentor, 20)
    TrainTheTrainerAttendanceFactory(trainer=applicant)
    client = login(world.users[Role.STATEWIDE_COORDINATOR])
    response = client.post(reverse("training:trainer-approve", args=[applicant.pk]), {"kind": "trainer"})
    assert response.status_code == 302
    assert services.standing(applicant).status == "Approved trainer"


def test_train_the_trainer_date_in_the_future_is_refused_with_a_message(login, world):
    trainer = TrainerFactory()
    client = login(world.users[Role.STATEWIDE_COORDINATOR])
    response = client.post(
        reverse("training:trainer-train-the-trainer", args=[trainer.pk]),
        {"attended_on": (TODAY + DAY).isoformat()},
        follow=True,
    )
    assert "cannot be in the future" in response.content.decode()
    assert not trainer.train_the_trainer.exists()


# --- pages: panels and query counts ----------------------------------------------------------


def test_parent_partner_page_shows_training_progress_and_the_gate(login, world):
    complete(world.pp_a1, 1, 2)
    page = login(world.users[Role.SITE_COORDINATOR]).get(world.pp_a1.get_absolute_url()).content.decode()
    assert "2 of 11 trainings done" in page
    assert "does not mentor families one-on-one yet" in page


def test_a_parent_partner_sees_their_own_checklist(login, world):
    complete(world.pp_a1, 1)
    response = login(world.users[Role.PARENT_PARTNER]).get(reverse("training:checklist", args=[world.pp_a1.pk]))
    assert response.status_code == 200
    assert "1 of 11 trainings done" in response.content.decode()
    assert "Record a training" not in response.content.decode()


@pytest.mark.parametrize("rows", [3, 30])
def test_session_list_query_count_does_not_grow(login, world, django_assert_num_queries, rows):
    for _ in range(rows):
        session = TrainingSessionFactory(site=world.site_a1)
        TrainingCompletionFactory(session=session, training=session.training)
    client = login(world.users[Role.SITE_COORDINATOR])
    # 1 session, 2 user, 3 scope sites, 4 count, 5 training choices, 6 site choices, 7 the page of
    # sessions with training, site and attendee count, 8-10 the session's idle-timeout renewal.
    with django_assert_num_queries(10):
        response = client.get(reverse("training:session-list"))
    assert response.context["paginator"].count == rows


@pytest.mark.parametrize("rows", [3, 30])
def test_overview_query_count_does_not_grow(login, world, django_assert_num_queries, rows):
    for index in range(rows):
        partner = accepted(ParentPartnerFactory(site=world.site_a1), days_ago=380 + index)
        complete(partner, 1, 7)
    client = login(world.users[Role.SITE_COORDINATOR])
    # 1 session, 2 user, 3 scope sites, 4-5 overdue rows and count, 6-7 due-soon rows and count (the
    # first-year training count inside each), 8 active people, 9 completions per training,
    # 10 trainings, 11 sites offered, 12-14 session renewal.
    with django_assert_num_queries(14):
        response = client.get(reverse("training:overview"))
    assert response.context["overdue_count"] == rows


@pytest.mark.parametrize("rows", [3, 12])
def test_checklist_query_count_does_not_grow(login, world, django_assert_num_queries, rows):
    for number in range(1, rows - 1):
        complete(world.pp_a1, number)
    client = login(world.users[Role.SITE_COORDINATOR])
    # 1 session, 2 user, 3 scope, 4 the partner, 5 acceptance date, 6 trainings with this person's
    # completions and sessions, 7 shadowing items with their records, 8 the gate's missing trainings,
    # 9-11 renewal.
    with django_assert_num_queries(11):
        client.get(reverse("training:checklist", args=[world.pp_a1.pk]))


@pytest.mark.parametrize("rows", [3, 30])
def test_trainer_list_query_count_does_not_grow(login, world, django_assert_num_queries, rows):
    for _ in range(rows):
        approved_trainer(TrainerKind.PROFESSIONAL)
    client = login(world.users[Role.STATEWIDE_COORDINATOR])
    # 1 session, 2 user, 3 count, 4 the page with standing counts, 5-7 the session's renewal.
    with django_assert_num_queries(7):
        response = client.get(reverse("training:trainer-list"))
    assert all(row.is_approved for row in response.context["object_list"])


def test_r_trn_1_the_statewide_coordinator_edits_the_catalogue_in_the_admin(login, world):
    babf = training(1)
    url = reverse("admin:training_training_change", args=[babf.pk])
    assert login(world.users[Role.SITE_COORDINATOR]).get(url).status_code == 302
    client = login(world.users[Role.STATEWIDE_COORDINATOR])
    assert client.get(url).status_code == 200
    assert client.get(reverse("admin:training_training_changelist")).status_code == 200
