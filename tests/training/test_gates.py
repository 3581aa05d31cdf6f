"""Issue 13 in the training app: no gate can be bypassed.

- R-TRN-2: a training recorded for one person carries its length, at least two hours for 2-11.
- R-TRN-4: a trainer applicant co-trains a BABF with a Master Trainer, so that a new trainer can qualify.
- R-TRN-1, R-TRN-4: "within one year of acceptance" and "within two years" are calendar anniversaries.
- R-ROLE-4, R-TRN-3, R-TRN-4, R-REV-4, R-ELIG-2: a person who may not mentor now is neither offered
  nor accepted as the veteran shadowed, a BABF co-trainer or applicant, or for a trainer approval.
"""

import datetime
import re

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from eligibility.models import Outcome, Step
from parentpartner.models import HistoryEntry, PartnerRole, Role
from parentpartner.services import door
from parentpartner.services.gates import Change
from tests.factories import (
    DisqualifierFactory,
    ParentPartnerFactory,
    ReviewCaseFactory,
    ShadowingItem,
    SiteFactory,
    TrainerApprovalFactory,
    TrainerFactory,
    TrainingSessionFactory,
    TrainTheTrainerAttendanceFactory,
    UserFactory,
    accepted_into_mentoring_on,
    training,
)
from training import services
from training.models import (
    ShadowingRecord,
    TrainerApproval,
    TrainerKind,
    TrainingCompletion,
    TrainingSession,
)

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)
RULE_OR_ID = re.compile(r"R-[A-Z]+-\d|#\d|case \d")


def plain(message: str) -> str:
    """A message shown to users names no rule id and no record number."""
    assert not RULE_OR_ID.search(message), message
    return message


# --- R-TRN-2: the length of a training recorded for one person ---------------------------------


def completion_url(partner):
    return reverse("training:completion-create", args=[partner.pk])


def completion_post(**overrides):
    data = {
        "training": training(8).pk,
        "completed_on": (TODAY - DAY).isoformat(),
        "hours": "3",
        "evidence": "County mental health workshop",
    }
    data.update(overrides)
    return data


def test_r_trn_2_a_training_recorded_for_one_person_carries_its_length(login, world):
    client = login(world.users[Role.SITE_COORDINATOR])
    response = client.post(completion_url(world.pp_a1), completion_post(hours="3.5"))
    assert response.status_code == 302
    completion = TrainingCompletion.objects.get(parent_partner=world.pp_a1)
    assert completion.hours == completion.length == 3.5
    assert HistoryEntry.objects.filter(object_id=str(completion.pk), action=HistoryEntry.Action.CREATE).exists()
    checklist = client.get(reverse("training:checklist", args=[world.pp_a1.pk])).content.decode()
    assert "3.50 hours" in checklist


def test_r_trn_2_an_individual_record_without_its_length_is_refused_on_the_form(login, world):
    client = login(world.users[Role.SITE_COORDINATOR])
    response = client.post(completion_url(world.pp_a1), completion_post(hours=""))
    assert response.status_code == 200
    assert response.context["form"].errors["hours"] == ["Enter how long the training lasted."]
    assert "County mental health workshop" in response.content.decode()  # what was typed is kept
    assert not TrainingCompletion.objects.exists()


def test_r_trn_2_an_individual_record_shorter_than_two_hours_is_refused_on_the_form(login, world):
    client = login(world.users[Role.SITE_COORDINATOR])
    response = client.post(completion_url(world.pp_a1), completion_post(hours="1.5"))
    assert response.status_code == 200
    assert response.context["form"].errors["hours"] == [plain("Mental Health must last at least 2 hours.")]
    assert not TrainingCompletion.objects.exists()


@pytest.mark.django_db
def test_r_trn_2_the_service_used_by_every_path_refuses_a_short_training():
    """Pages, demo data and any later path record through `services.record_completion`, and a session
    is checked by its model's clean: one rule for both."""
    partner = ParentPartnerFactory()
    short = TrainingCompletion(
        parent_partner=partner, training=training(5), completed_on=TODAY, hours=1, evidence="Video"
    )
    with pytest.raises(ValidationError) as refused:
        services.record_completion(short, user=None)
    assert refused.value.message_dict["hours"] == ["Family Interaction Overview must last at least 2 hours."]
    session = TrainingSessionFactory.build(training=training(5), hours=1, site=SiteFactory())
    with pytest.raises(ValidationError) as refused:
        session.full_clean()
    assert "must last at least 2 hours" in refused.value.message_dict["hours"][0]
    assert not TrainingCompletion.objects.exists()


def test_r_trn_2_a_session_cannot_be_edited_shorter_than_two_hours(login, world):
    session = TrainingSessionFactory(site=world.site_a1, hours=2)
    client = login(world.users[Role.SITE_COORDINATOR])
    response = client.post(
        reverse("training:session-update", args=[session.pk]),
        {
            "training": session.training_id,
            "site": world.site_a1.pk,
            "held_on": session.held_on.isoformat(),
            "hours": "1",
            "format": "group",
            "trainer_names": "A qualified trainer",
            "version": session.version,
        },
    )
    assert response.context["form"].errors["hours"] == ["Mandatory Reporter must last at least 2 hours."]
    session.refresh_from_db()
    assert session.hours == 2


# --- R-TRN-4: a trainer applicant co-trains with a Master Trainer -------------------------------


def approved(kind, *, master=False, **kwargs):
    trainer = TrainerFactory(kind=kind, **kwargs)
    TrainerApprovalFactory(trainer=trainer, kind=TrainerApproval.Kind.TRAINER)
    if master:
        TrainerApprovalFactory(trainer=trainer, kind=TrainerApproval.Kind.MASTER_TRAINER)
    return trainer


def applicant(**kwargs):
    """A trainer applicant with both prior approvals (R-TRN-4), observed a BABF and at Train-the-Trainer."""
    kwargs.setdefault("kind", TrainerKind.PROFESSIONAL)
    trainer = TrainerFactory(observed_babf_on=TODAY - 30 * DAY, **kwargs)
    for kind in (TrainerApproval.Kind.PRIOR_STATEWIDE, TrainerApproval.Kind.PRIOR_CONTRACT_MANAGER):
        TrainerApprovalFactory(trainer=trainer, kind=kind)
    TrainTheTrainerAttendanceFactory(trainer=trainer)
    return trainer


def babf_post(world, partner_trainer, professional, **overrides):
    data = {
        "training": training(1).pk,
        "site": world.site_a1.pk,
        "held_on": (TODAY - 3 * DAY).isoformat(),
        "hours": "6",
        "format": "group",
        "parent_partner_trainer": partner_trainer.pk,
        "professional_trainer": professional.pk,
        "follows_state_curriculum": "on",
    }
    data.update(overrides)
    return data


def test_r_trn_4_an_applicant_co_trains_two_babfs_with_a_master_trainer_and_is_approved(login, world):
    new = applicant(name="Nia Newcomer")
    partner_trainer = approved(TrainerKind.PARENT_PARTNER, parent_partner=world.pp_a2, name="")
    mentor = approved(TrainerKind.PROFESSIONAL, master=True, name="Max Master")
    coordinator = login(world.users[Role.SITE_COORDINATOR])
    form = coordinator.get(reverse("training:session-create")).context["form"]
    assert new in form.fields["trainee"].queryset
    for days_ago in (40, 20):
        response = coordinator.post(
            reverse("training:session-create"),
            babf_post(
                world,
                partner_trainer,
                mentor,
                held_on=(TODAY - days_ago * DAY).isoformat(),
                trainee=new.pk,
                trainee_evaluated_satisfactory="true",
            ),
        )
        assert response.status_code == 302
    detail = coordinator.get(response.url).content.decode()
    assert "Nia Newcomer" in detail and "evaluated satisfactory" in detail
    standing = services.standing(new)
    assert standing.trainer_criteria[2].detail == "2 so far"
    assert standing.may_approve_trainer
    statewide = login(world.users[Role.STATEWIDE_COORDINATOR])
    assert "Record: Approved as BABF trainer" in statewide.get(new.get_absolute_url()).content.decode()
    response = statewide.post(reverse("training:trainer-approve", args=[new.pk]), {"kind": "trainer"})
    assert response.status_code == 302
    assert services.standing(new).status == "Approved trainer"


def test_r_trn_4_an_applicant_needs_a_master_trainer_among_the_co_trainers(login, world):
    new = applicant()
    partner_trainer = approved(TrainerKind.PARENT_PARTNER, parent_partner=world.pp_a2, name="")
    plain_trainer = approved(TrainerKind.PROFESSIONAL)
    response = login(world.users[Role.SITE_COORDINATOR]).post(
        reverse("training:session-create"),
        babf_post(world, partner_trainer, plain_trainer, trainee=new.pk, trainee_evaluated_satisfactory="true"),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["trainee"] == [
        plain("An applicant co-trains with a Master Trainer: one of the two co-trainers must be one.")
    ]
    assert not TrainingSession.objects.exists()


def test_r_trn_4_an_unsatisfactory_evaluation_does_not_count(login, world):
    new = applicant()
    partner_trainer = approved(TrainerKind.PARENT_PARTNER, parent_partner=world.pp_a2, name="")
    mentor = approved(TrainerKind.PROFESSIONAL, master=True)
    client = login(world.users[Role.SITE_COORDINATOR])
    for evaluation in ("true", "false"):
        client.post(
            reverse("training:session-create"),
            babf_post(world, partner_trainer, mentor, trainee=new.pk, trainee_evaluated_satisfactory=evaluation),
        )
    assert TrainingSession.objects.count() == 2
    assert services.standing(new).trainer_criteria[2].detail == "1 so far"
    assert not services.standing(new).may_approve_trainer


@pytest.mark.django_db
def test_r_trn_4_only_an_applicant_with_both_prior_approvals_co_trains_and_only_a_babf():
    partner_trainer = approved(TrainerKind.PARENT_PARTNER)
    mentor = approved(TrainerKind.PROFESSIONAL, master=True)
    site = SiteFactory()
    without_prior = TrainerFactory()
    already = approved(TrainerKind.PROFESSIONAL)
    assert without_prior not in services.trainer_applicants()
    assert already not in services.trainer_applicants()

    def refusal(trainee, **kwargs):
        fields = {
            "training": training(1),
            "hours": 6,
            "trainer_names": "",
            "follows_state_curriculum": True,
            "parent_partner_trainer": partner_trainer,
            "professional_trainer": mentor,
            **kwargs,
        }
        session = TrainingSessionFactory.build(site=site, trainee=trainee, **fields)
        return services.session_refusals(session).get("trainee")

    assert "needs the prior approval" in refusal(without_prior)[0]
    assert "already an approved trainer" in refusal(already)[0]
    assert "already one of the two co-trainers" in refusal(mentor)[0]
    assert refusal(applicant()) is None
    assert refusal(applicant(), training=training(2), trainer_names="Someone") == [
        "Only a BABF is co-trained by a trainer applicant."
    ]


# --- R-TRN-1, R-TRN-4: calendar anniversaries (issue 13 item 5) --------------------------------


def accepted_on(partner, day):
    accepted_into_mentoring_on(partner, day)


def at(day):
    return time_machine.travel(
        datetime.datetime.combine(day, datetime.time(12), tzinfo=timezone.get_current_timezone()), tick=False
    )


def first_year_status(client, partner):
    items = client.get(reverse("training:checklist", args=[partner.pk])).context["checklist"].items
    return {item.status for item in items if item.training.required_within_first_year}, {
        item.due_on for item in items if item.training.required_within_first_year
    }


@pytest.mark.parametrize(
    "accepted, last_day",
    [
        # A leap day: a year later is 28 February.
        (datetime.date(2024, 2, 29), datetime.date(2025, 2, 28)),
        # A month end across a leap year: 365 days would end on 30 March.
        (datetime.date(2023, 3, 31), datetime.date(2024, 3, 31)),
        # The last day of a year.
        (datetime.date(2025, 12, 31), datetime.date(2026, 12, 31)),
    ],
)
def test_r_trn_1_first_year_trainings_are_due_on_the_calendar_anniversary_of_acceptance(
    login, world, accepted, last_day
):
    accepted_on(world.pp_a1, accepted)
    with at(last_day):
        client = login(world.users[Role.SITE_COORDINATOR])
        assert first_year_status(client, world.pp_a1) == ({"Due"}, {last_day})
        overview = client.get(reverse("training:overview")).context
        assert overview["overdue_count"] == 0
        assert [p.due_on for p in overview["due_soon"]] == [last_day]  # the database counts the same way
        assert (
            last_day.strftime("%b") in client.get(reverse("training:checklist", args=[world.pp_a1.pk])).content.decode()
        )
    with at(last_day + DAY):
        client = login(world.users[Role.SITE_COORDINATOR])
        assert first_year_status(client, world.pp_a1) == ({"Overdue"}, {last_day})
        assert client.get(reverse("training:overview")).context["overdue_count"] == 1


@pytest.mark.parametrize(
    "observed, last_day",
    [
        (datetime.date(2024, 2, 29), datetime.date(2026, 2, 28)),
        # No leap day in between: 730 days, where 2 * 365 + 1 days counted one day more.
        (datetime.date(2025, 1, 31), datetime.date(2027, 1, 31)),
    ],
)
def test_r_trn_4_observing_a_babf_counts_until_the_second_calendar_anniversary(login, world, observed, last_day):
    trainer = TrainerFactory(observed_babf_on=observed)
    for day, met in ((last_day, True), (last_day + DAY, False)):
        with at(day):
            page = login(world.users[Role.STATEWIDE_COORDINATOR]).get(trainer.get_absolute_url())
            criterion = page.context["standing"].trainer_criteria[1]
            assert criterion.met is met
            assert criterion.detail == f"last on {observed:%b} {observed.day}, {observed.year}"


# --- R-ROLE-4, R-TRN-3, R-TRN-4, R-REV-4, R-ELIG-2: outcomes take effect in training -----------


def stop_open_case(partner):
    ReviewCaseFactory(parent_partner=partner, may_mentor_while_open=False)


def stop_outcome(outcome):
    def make(partner):
        ReviewCaseFactory(parent_partner=partner, step=Step.CLOSED, outcome=outcome, closed_on=TODAY - 5 * DAY)

    return make


def disqualify(partner):
    DisqualifierFactory(record__parent_partner=partner)


def pause(partner):
    door.change_standing(partner, Change.PAUSE, user=UserFactory(), reason="On leave.")
    partner.refresh_from_db()


STOPPED = [
    pytest.param(stop_open_case, "while it is open", id="open-case-stops-mentoring"),
    pytest.param(stop_outcome(Outcome.STOP_MENTORING), "no reinstatement is recorded", id="stop-mentoring"),
    pytest.param(stop_outcome(Outcome.NO_LONGER_ELIGIBLE), "no reinstatement is recorded", id="no-longer-eligible"),
    pytest.param(disqualify, "an absolute disqualifier is recorded", id="disqualifier"),
    pytest.param(pause, "their status is paused", id="paused"),
]


def shadowing_post(veteran):
    return {
        "item": ShadowingItem.objects.get(code="face_to_face_visit").pk,
        "outcome": "shadowed",
        "shadowed_on": (TODAY - DAY).isoformat(),
        "veteran": veteran.pk,
        "notes": "Went well.",
    }


@pytest.mark.parametrize("stop, why", STOPPED)
def test_r_role_4_r_rev_4_a_veteran_who_may_not_mentor_is_not_offered_and_is_refused(login, world, stop, why):
    veteran = ParentPartnerFactory(site=world.site_a1, current_role=PartnerRole.PARENT_PARTNER)
    url = reverse("training:shadowing-create", args=[world.pp_a1.pk])
    client = login(world.users[Role.SITE_COORDINATOR])
    assert veteran in client.get(url).context["form"].fields["veteran"].queryset
    stop(veteran)
    assert veteran not in client.get(url).context["form"].fields["veteran"].queryset
    # What the service says to every path, in plain words.
    record = ShadowingRecord(
        parent_partner=world.pp_a1,
        item=ShadowingItem.objects.get(code="face_to_face_visit"),
        shadowed_on=TODAY - DAY,
        veteran=veteran,
    )
    message = services.shadowing_refusals(record)["veteran"][0]
    assert message.startswith(f"{veteran} cannot be the veteran shadowed now: ") and why in plain(message)
    # Posted anyway (a page opened before the outcome): refused on the form, nothing saved.
    response = client.post(url, shadowing_post(veteran))
    assert response.status_code == 200 and "veteran" in response.context["form"].errors
    assert "Went well." in response.content.decode()
    assert not ShadowingRecord.objects.exists()


def test_r_rev_4_a_reinstated_veteran_is_offered_again(login, world):
    veteran = ParentPartnerFactory(site=world.site_a1, current_role=PartnerRole.PARENT_PARTNER)
    case = ReviewCaseFactory(
        parent_partner=veteran, step=Step.CLOSED, outcome=Outcome.STOP_MENTORING, closed_on=TODAY - 9 * DAY
    )
    client = login(world.users[Role.SITE_COORDINATOR])
    url = reverse("training:shadowing-create", args=[world.pp_a1.pk])
    assert client.post(url, shadowing_post(veteran)).status_code == 200
    case.reinstated_on, case.reinstated_by = TODAY - DAY, world.users[Role.STATEWIDE_COORDINATOR]
    case.save()
    assert client.post(url, shadowing_post(veteran)).status_code == 302
    assert ShadowingRecord.objects.get(parent_partner=world.pp_a1).veteran == veteran


def test_r_elig_2_no_shadowing_is_recorded_for_a_disqualified_candidate(login, world):
    veteran = ParentPartnerFactory(site=world.site_a1, current_role=PartnerRole.PARENT_PARTNER)
    disqualify(world.pp_a1)
    response = login(world.users[Role.SITE_COORDINATOR]).post(
        reverse("training:shadowing-create", args=[world.pp_a1.pk]), shadowing_post(veteran)
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        plain(f"No shadowing can be recorded for {world.pp_a1}: an absolute disqualifier is recorded for them.")
    ]
    assert not ShadowingRecord.objects.exists()


@pytest.mark.parametrize("stop, why", STOPPED)
def test_r_trn_3_r_rev_4_a_parent_partner_co_trainer_who_may_not_mentor_is_not_offered_and_is_refused(
    login, world, stop, why
):
    partner_trainer = approved(TrainerKind.PARENT_PARTNER, parent_partner=world.pp_a2, name="")
    professional = approved(TrainerKind.PROFESSIONAL)
    client = login(world.users[Role.SITE_COORDINATOR])
    stop(world.pp_a2)
    form = client.get(reverse("training:session-create")).context["form"]
    assert partner_trainer not in form.fields["parent_partner_trainer"].queryset
    session = TrainingSessionFactory.build(
        site=world.site_a1,
        training=training(1),
        hours=6,
        follows_state_curriculum=True,
        parent_partner_trainer=partner_trainer,
        professional_trainer=professional,
    )
    message = services.session_refusals(session)["parent_partner_trainer"][0]
    assert message.startswith(f"{partner_trainer} cannot co-train now: ") and why in message
    plain(message)
    response = client.post(reverse("training:session-create"), babf_post(world, partner_trainer, professional))
    assert response.status_code == 200 and "parent_partner_trainer" in response.context["form"].errors
    assert not TrainingSession.objects.exists()


def test_r_rev_4_a_session_held_before_the_outcome_can_still_be_corrected(login, world):
    partner_trainer = approved(TrainerKind.PARENT_PARTNER, parent_partner=world.pp_a2, name="")
    professional = approved(TrainerKind.PROFESSIONAL)
    session = TrainingSessionFactory(
        site=world.site_a1,
        training=training(1),
        hours=6,
        trainer_names="",
        follows_state_curriculum=True,
        parent_partner_trainer=partner_trainer,
        professional_trainer=professional,
    )
    stop_open_case(world.pp_a2)
    response = login(world.users[Role.SITE_COORDINATOR]).post(
        reverse("training:session-update", args=[session.pk]),
        babf_post(world, partner_trainer, professional, location="Room 2", version=session.version),
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.location == "Room 2" and session.parent_partner_trainer == partner_trainer


@pytest.mark.parametrize("stop, why", STOPPED)
def test_r_trn_4_r_elig_2_an_applicant_who_may_not_mentor_is_not_offered_and_is_refused(login, world, stop, why):
    new = applicant(kind=TrainerKind.PARENT_PARTNER, parent_partner=world.pp_a2, name="")
    partner_trainer = approved(TrainerKind.PARENT_PARTNER)
    mentor = approved(TrainerKind.PROFESSIONAL, master=True)
    stop(world.pp_a2)
    client = login(world.users[Role.SITE_COORDINATOR])
    assert new not in client.get(reverse("training:session-create")).context["form"].fields["trainee"].queryset
    session = TrainingSessionFactory.build(
        site=world.site_a1,
        training=training(1),
        hours=6,
        follows_state_curriculum=True,
        parent_partner_trainer=partner_trainer,
        professional_trainer=mentor,
        trainee=new,
    )
    message = services.session_refusals(session)["trainee"][0]
    assert why in plain(message)
    response = client.post(
        reverse("training:session-create"), babf_post(world, partner_trainer, mentor, trainee=new.pk)
    )
    assert "trainee" in response.context["form"].errors
    assert not TrainingSession.objects.exists()


@pytest.mark.parametrize("stop, why", STOPPED)
def test_r_trn_4_r_elig_2_no_trainer_approval_for_a_parent_partner_who_may_not_mentor(login, world, stop, why):
    trainer = TrainerFactory(kind=TrainerKind.PARENT_PARTNER, parent_partner=world.pp_a2, name="")
    stop(world.pp_a2)
    client = login(world.users[Role.STATEWIDE_COORDINATOR])
    page = client.get(trainer.get_absolute_url())
    assert page.context["approval_choices"] == []
    assert "Cannot co-train or be approved now" in page.content.decode()
    response = client.post(
        reverse("training:trainer-approve", args=[trainer.pk]), {"kind": "prior_statewide"}, follow=True
    )
    assert response.status_code == 200
    shown = [str(m) for m in response.context["messages"]]
    assert shown == [plain(f"No approval can be recorded for {trainer} now: " + shown[0].split(": ", 1)[1])]
    assert why in shown[0]
    assert not trainer.approvals.exists()


def test_r_trn_4_a_professional_trainer_is_not_asked_about_parent_partner_standing(login, world):
    trainer = TrainerFactory(kind=TrainerKind.PROFESSIONAL)
    client = login(world.users[Role.STATEWIDE_COORDINATOR])
    assert (
        client.post(reverse("training:trainer-approve", args=[trainer.pk]), {"kind": "prior_statewide"}).status_code
        == 302
    )
    assert trainer.approvals.get().kind == TrainerApproval.Kind.PRIOR_STATEWIDE


def test_session_form_offers_co_trainers_in_a_fixed_number_of_queries(login, world):
    """The choices leave out who may not take part by subqueries, not by one question per person."""

    def add(n):
        for _ in range(n):
            stopped = approved(TrainerKind.PARENT_PARTNER)
            stop_open_case(stopped.parent_partner)
            approved(TrainerKind.PARENT_PARTNER)
            applicant()

    def count():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("training:session-create"))
        fields = response.context["form"].fields
        return len(queries), len(fields["parent_partner_trainer"].queryset), len(fields["trainee"].queryset)

    client = login(world.users[Role.SITE_COORDINATOR])
    add(1)
    client.get(reverse("training:session-create"))
    queries, offered, applicants = count()
    assert (offered, applicants) == (1, 1)
    add(5)
    assert count() == (queries, 6, 6)
