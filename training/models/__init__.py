"""The eleven-training checklist (R-TRN-1..4), shadowing (R-ROLE-4) and BABF trainers (R-TRN-4).

The rules read the catalogue's flags (`required_before_mentoring`, `required_within_first_year`,
`minimum_hours`, `co_trainers_required`), never training numbers, so another state can run its own
list from the admin.

By feature: `catalogue` (the trainings and shadowing activities), `trainers` (BABF trainers and their
approvals), `sessions` (one delivery of a training), `checklist` (what a person completed and
shadowed), and `taking_part` (whom eligibility lets take part now). What refuses saving a session,
a completion or a shadowing record sits beside its model, asked by its `clean()`.
"""

from training.models.catalogue import ShadowingItem, Training
from training.models.checklist import ShadowingRecord, TrainingCompletion
from training.models.sessions import SessionFormat, TrainingSession, TrainingSessionQuerySet
from training.models.trainers import (
    Trainer,
    TrainerApproval,
    TrainerKind,
    TrainerQuerySet,
    TrainTheTrainerAttendance,
)

__all__ = [
    "SessionFormat",
    "ShadowingItem",
    "ShadowingRecord",
    "Trainer",
    "TrainerApproval",
    "TrainerKind",
    "TrainerQuerySet",
    "TrainTheTrainerAttendance",
    "Training",
    "TrainingCompletion",
    "TrainingSession",
    "TrainingSessionQuerySet",
]
