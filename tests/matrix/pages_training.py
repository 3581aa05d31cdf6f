"""The training app's pages in the permission matrix (see tests/matrix/test_permissions.py)."""

import datetime

from django.utils import timezone

from parentpartner.models import Role
from tests.factories import (
    ParentPartnerFactory,
    ShadowingItem,
    TrainerFactory,
    TrainingSessionFactory,
    training,
)
from tests.matrix import COORDINATORS, STAFF, Page, partner_at, site_at
from training.models import (
    ShadowingRecord,
    Trainer,
    TrainerApproval,
    TrainingCompletion,
    TrainingSession,
    TrainTheTrainerAttendance,
)

RECENT = (timezone.localdate() - datetime.timedelta(days=5)).isoformat()
TRAINING_ROWS = (TrainingSession, TrainingCompletion, ShadowingRecord)
TRAINER_ROWS = (Trainer, TrainerApproval)


def session_at(world, suffix):
    return TrainingSessionFactory(site=site_at(world, suffix))


def trainer_at(world, suffix):
    # Trainers serve the whole state; the suffix only names the row.
    return TrainerFactory(name=f"Trainer {suffix}")


def completion_data(world, partner, *_):
    return {
        "training": training(3).pk,
        "completed_on": RECENT,
        "hours": "2.5",
        "evidence": "Outside provider certificate",
    }


def shadowing_data(world, partner, *_):
    veteran = ParentPartnerFactory(site=world.site_a1, current_role="pp")
    return {
        "item": ShadowingItem.objects.get(code="face_to_face_visit").pk,
        "outcome": "shadowed",
        "shadowed_on": RECENT,
        "veteran": veteran.pk,
    }


def session_data(world, session, *_):
    return {
        "training": training(2).pk,
        "site": world.site_a1.pk if session is None else session.site_id,
        "held_on": RECENT,
        "hours": "2.5",
        "format": "group",
        "trainer_names": "A qualified trainer",
        "attendees": [world.pp_a1.pk] if session is None else [],
        "version": session.version if session else "",
    }


def trainer_data(world, trainer, *_):
    return {
        "kind": "professional",
        "name": "Renamed Trainer",
        "organisation": "A county office",
        "version": trainer.version if trainer else "",
    }


def approval_data(world, trainer, user):
    kind = "prior_contract_manager" if user.role == Role.CONTRACT_MANAGER else "prior_statewide"
    return {"kind": kind}


PAGES = [
    Page("training:overview", STAFF),
    Page("training:checklist", STAFF | {Role.PARENT_PARTNER}, partner_at),
    Page("training:completion-create", COORDINATORS, partner_at, completion_data, watch=TRAINING_ROWS),
    Page("training:shadowing-create", COORDINATORS, partner_at, shadowing_data, watch=TRAINING_ROWS),
    Page("training:session-list", STAFF),
    Page("training:session-create", COORDINATORS, post=lambda w, *_: session_data(w, None), watch=TRAINING_ROWS),
    Page("training:session-detail", STAFF, session_at),
    Page("training:session-update", COORDINATORS, session_at, session_data, watch=TRAINING_ROWS),
    Page("training:trainer-list", STAFF),
    Page(
        "training:trainer-create",
        {Role.STATEWIDE_COORDINATOR},
        post=lambda w, *_: trainer_data(w, None),
        watch=TRAINER_ROWS,
    ),
    Page("training:trainer-detail", STAFF, trainer_at, unscoped=True),
    Page(
        "training:trainer-update",
        {Role.STATEWIDE_COORDINATOR},
        trainer_at,
        trainer_data,
        watch=TRAINER_ROWS,
        unscoped=True,
    ),
    Page(
        "training:trainer-approve",
        {Role.STATEWIDE_COORDINATOR, Role.CONTRACT_MANAGER},
        trainer_at,
        approval_data,
        watch=TRAINER_ROWS,
        unscoped=True,
        post_only=True,
    ),
    Page(
        "training:trainer-train-the-trainer",
        {Role.STATEWIDE_COORDINATOR},
        trainer_at,
        lambda *_: {"attended_on": RECENT},
        watch=(Trainer, TrainTheTrainerAttendance),
        unscoped=True,
        post_only=True,
    ),
]
