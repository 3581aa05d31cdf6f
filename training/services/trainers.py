"""BABF trainers (R-TRN-4): where a trainer stands against the criteria, the approvals as a state
machine (each signer records their own), and recording an approval or a Train-the-Trainer."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Avg, Q
from django.utils import timezone

from parentpartner import records
from parentpartner.dates import anniversary, long_date
from parentpartner.states import Machine, Move
from training.models import Trainer, TrainerApproval, TrainingSession, TrainTheTrainerAttendance
from training.models.trainers import master_trainer_ids, trainer_refusal

# R-TRN-4 "observed a BABF within two years", "annual Train-the-Trainer": calendar anniversaries
# (parentpartner.dates), never 730 or 365 days.
OBSERVED_BABF_YEARS = 2
TRAIN_THE_TRAINER_YEARS = 1

# Where a trainer stands: the states of the approval machine below.
APPLICANT = "Applicant"
APPROVED_TRAINER = "Approved trainer"
MASTER_TRAINER = "Master Trainer"


@dataclass
class Criterion:
    label: str
    met: bool
    detail: str = ""


@dataclass
class Standing:
    status: str  # APPLICANT, APPROVED_TRAINER or MASTER_TRAINER
    trainer_criteria: list[Criterion]
    master_criteria: list[Criterion]
    recorded: frozenset[str] = field(default_factory=frozenset)  # the approval kinds recorded

    @property
    def may_approve_trainer(self) -> bool:
        return APPROVALS.refusal(self, APPROVALS[TrainerApproval.Kind.TRAINER]) is None

    @property
    def may_approve_master(self) -> bool:
        return APPROVALS.refusal(self, APPROVALS[TrainerApproval.Kind.MASTER_TRAINER]) is None


def _approval_refusal(standing: Standing, move: Move) -> str | None:
    """Why `move` (an approval) cannot be recorded on a trainer who stands at `standing`: recorded once
    only, from the standing it applies to, and the approvals themselves once their criteria are met."""
    if move.slug in standing.recorded:
        return f"{move.label}: already recorded."
    if standing.status not in move.sources:
        return f"{move.label} is not possible now: the trainer is at the stage “{standing.status}”."
    criteria = move.options.get("criteria")
    if criteria and not all(criterion.met for criterion in getattr(standing, criteria)):
        return f"{move.label}: not every criterion is met yet."
    return None


def _approval(kind: TrainerApproval.Kind, sources: tuple[str, ...], permission: str, criteria: str = "") -> Move:
    return Move(
        kind,
        kind.label,
        sources=sources,
        results={"done": kind},
        permission=permission,
        options={"criteria": criteria} if criteria else {},
    )


STANDINGS = (APPLICANT, APPROVED_TRAINER, MASTER_TRAINER)
# R-TRN-4: the statewide coordinator and the contract manager each give their prior approval; the
# statewide coordinator approves a trainer, then a Master Trainer, once the criteria are met. The order
# is the order the trainer's page offers them.
APPROVALS = Machine(
    [
        _approval(TrainerApproval.Kind.PRIOR_CONTRACT_MANAGER, STANDINGS, "training.trainer.sign_contract_manager"),
        _approval(TrainerApproval.Kind.PRIOR_STATEWIDE, STANDINGS, "training.trainer.sign_statewide"),
        _approval(TrainerApproval.Kind.TRAINER, (APPLICANT,), "training.trainer.sign_statewide", "trainer_criteria"),
        _approval(
            TrainerApproval.Kind.MASTER_TRAINER,
            (APPROVED_TRAINER,),
            "training.trainer.sign_statewide",
            "master_criteria",
        ),
    ],
    state="status",
    refuse=_approval_refusal,
)


def standing(trainer: Trainer, today: datetime.date | None = None) -> Standing:
    """Where a trainer stands against R-TRN-4, from the data where it exists (sessions co-trained with
    a Master Trainer, sessions facilitated since approval, average ratings, Train-the-Trainer) and from
    recorded approvals where it does not."""
    today = today or timezone.localdate()
    approvals = {a.kind: a for a in trainer.approvals.all()}
    prior = (
        TrainerApproval.Kind.PRIOR_STATEWIDE in approvals and TrainerApproval.Kind.PRIOR_CONTRACT_MANAGER in approvals
    )
    babf_sessions = TrainingSession.objects.filter(training__co_trainers_required=True).filter(
        Q(parent_partner_trainer=trainer) | Q(professional_trainer=trainer)
    )
    # Co-trained with a Master Trainer: the other co-trainer of the session is a Master Trainer.
    masters = master_trainer_ids()
    with_master = babf_sessions.filter(
        Q(parent_partner_trainer=trainer, professional_trainer__in=masters)
        | Q(professional_trainer=trainer, parent_partner_trainer__in=masters)
    )
    # An applicant recorded on a BABF as the trainee of its two approved co-trainers, one of them a
    # Master Trainer, evaluated satisfactory by them.
    as_trainee = TrainingSession.objects.filter(
        Q(parent_partner_trainer__in=masters) | Q(professional_trainer__in=masters),
        training__co_trainers_required=True,
        trainee=trainer,
        trainee_evaluated_satisfactory=True,
    )
    satisfactory = with_master.filter(co_trainers_evaluated_satisfactory=True).count() + as_trainee.count()
    last_train_the_trainer = trainer.train_the_trainer.order_by("-attended_on").first()
    attended_this_year = last_train_the_trainer is not None and today <= anniversary(
        last_train_the_trainer.attended_on, years=TRAIN_THE_TRAINER_YEARS
    )
    observed_recently = trainer.observed_babf_on is not None and today <= anniversary(
        trainer.observed_babf_on, years=OBSERVED_BABF_YEARS
    )

    trainer_criteria = [
        Criterion("Prior approval by the statewide coordinator and the DHS contract manager", prior),
        Criterion(
            "Observed a BABF within the last two years",
            observed_recently,
            f"last on {long_date(trainer.observed_babf_on)}" if trainer.observed_babf_on else "not recorded",
        ),
        Criterion(
            "Co-trained at least two complete BABFs with a Master Trainer, evaluated satisfactory",
            satisfactory >= 2,
            f"{satisfactory} so far",
        ),
        Criterion(
            "Attends the annual Train-the-Trainer",
            attended_this_year,
            f"last on {long_date(last_train_the_trainer.attended_on)}" if last_train_the_trainer else "never recorded",
        ),
    ]

    approved = approvals.get(TrainerApproval.Kind.TRAINER)
    if approved:
        since = babf_sessions.filter(held_on__gte=approved.approved_on)
        facilitated = since.count()
        rating = since.aggregate(avg=Avg("average_rating"))["avg"]
    else:
        facilitated, rating = 0, None
    master_criteria = [
        Criterion("Is an approved BABF trainer", approved is not None),
        Criterion("Facilitated at least four BABFs since approval", facilitated >= 4, f"{facilitated} so far"),
        Criterion(
            "Average participant rating of at least 4",
            rating is not None and rating >= Decimal(4),
            f"{rating:.2f}" if rating is not None else "no ratings yet",
        ),
        Criterion("Willing and able to coach and mentor trainees", trainer.willing_to_coach),
        Criterion("Attends the annual Train-the-Trainer", attended_this_year),
        Criterion("Prior approval by the statewide coordinator and the DHS contract manager", prior),
    ]
    if TrainerApproval.Kind.MASTER_TRAINER in approvals:
        status = MASTER_TRAINER
    elif approved:
        status = APPROVED_TRAINER
    else:
        status = APPLICANT
    return Standing(status, trainer_criteria, master_criteria, frozenset(approvals))


def approval_kinds_for(user: Any, standing: Standing, *, refused: bool = False) -> list[TrainerApproval.Kind]:
    """The approvals this user may record now: each signer records their own (R-TRN-4); none for a
    Parent Partner trainer who may not take part now (`refused`, R-ELIG-2, R-REV-4)."""
    if refused:
        return []
    return [TrainerApproval.Kind(move.slug) for move in APPROVALS.available(standing, user)]


def record_trainer_approval(trainer: Trainer, kind: str | None, *, user: Any) -> TrainerApproval:
    """Record one approval of a trainer (R-TRN-4) that this user may record now (`APPROVALS`, from the
    trainer's standing, read under the trainer's lock). A Parent Partner trainer who may not take part
    now (R-ELIG-2, R-REV-4) gets no approval of any kind."""
    with transaction.atomic():
        current = records.locked(trainer)
        if reason := trainer_refusal(current):
            raise ValidationError(f"No approval can be recorded for {trainer} now: {reason}.", code="standing")
        move = APPROVALS.get(kind or "")
        if move is None or APPROVALS.refusal(standing(current), move, user):
            raise ValidationError("This approval is not yours to record now.", code="not_allowed")
        approval = TrainerApproval(trainer=current, kind=move.slug, approved_on=timezone.localdate(), approved_by=user)
        return records.create(approval, user=user)


def record_train_the_trainer(trainer: Trainer, attended_on: datetime.date, *, user: Any) -> TrainTheTrainerAttendance:
    """Record a trainer's attendance at the annual Train-the-Trainer (R-TRN-4), once a day: a second
    click finds the row the first recorded (the trainer's row is locked while it looks)."""
    with transaction.atomic():
        current = records.locked(trainer)
        attendance = current.train_the_trainer.filter(attended_on=attended_on).first()
        if attendance is not None:
            return attendance
        return records.create(TrainTheTrainerAttendance(trainer=current, attended_on=attended_on), user=user)
