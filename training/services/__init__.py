"""Training rules: the checklist, the mentoring gate, deadlines and BABF trainer standing.

By feature: `checklist` (one person's trainings and shadowing, the mentoring gate, recording a row),
`deadlines` (the first-year deadline, R-TRN-1), `sessions` (attendance), `trainers` (standing and
approvals, R-TRN-4). What refuses saving a session, a completion or a shadowing record, and whom
eligibility lets take part, sit beside the models (their `clean()` asks them) and are named here too,
so that `training.services` is the one place callers look.
"""

from training.models.catalogue import length_refusal
from training.models.checklist import completion_refusals, shadowing_refusals
from training.models.sessions import session_refusals
from training.models.taking_part import is_disqualified, taking_part, taking_part_refusal
from training.models.trainers import (
    approved_trainers,
    master_trainer_ids,
    trainer_applicants,
    trainer_refusal,
    trainers_taking_part,
)
from training.services.checklist import (
    MENTORING_ROLES,
    Checklist,
    ChecklistItem,
    Gate,
    checklist,
    mentoring_gate,
    record_completion,
    record_shadowing,
)
from training.services.deadlines import (
    FIRST_YEAR_YEARS,
    YearsAfter,
    acceptance_date,
    acceptance_subquery,
    due_soon_partners,
    first_year_due,
    overdue_partners,
    trainings_to_schedule,
    with_first_year_deadline,
)
from training.services.sessions import record_attendance
from training.services.trainers import (
    APPROVALS,
    OBSERVED_BABF_YEARS,
    TRAIN_THE_TRAINER_YEARS,
    Criterion,
    Standing,
    approval_kinds_for,
    record_train_the_trainer,
    record_trainer_approval,
    standing,
)

__all__ = [
    "APPROVALS",
    "FIRST_YEAR_YEARS",
    "MENTORING_ROLES",
    "OBSERVED_BABF_YEARS",
    "TRAIN_THE_TRAINER_YEARS",
    "Checklist",
    "ChecklistItem",
    "Criterion",
    "Gate",
    "Standing",
    "YearsAfter",
    "acceptance_date",
    "acceptance_subquery",
    "approval_kinds_for",
    "approved_trainers",
    "checklist",
    "completion_refusals",
    "due_soon_partners",
    "first_year_due",
    "is_disqualified",
    "length_refusal",
    "master_trainer_ids",
    "mentoring_gate",
    "overdue_partners",
    "record_attendance",
    "record_completion",
    "record_shadowing",
    "record_train_the_trainer",
    "record_trainer_approval",
    "session_refusals",
    "shadowing_refusals",
    "standing",
    "taking_part",
    "taking_part_refusal",
    "trainer_applicants",
    "trainer_refusal",
    "trainers_taking_part",
    "trainings_to_schedule",
    "with_first_year_deadline",
]
