"""BABF trainers and applicants, their approvals and Train-the-Trainer attendance (R-TRN-3, R-TRN-4),
and who may be chosen to co-train a BABF now."""

from typing import Any

from django.db import models
from django.db.models import Q, QuerySet
from django.urls import reverse

from parentpartner import access
from parentpartner.models import ParentPartner, User
from training.models.taking_part import taking_part, taking_part_refusal


class TrainerKind(models.TextChoices):
    PARENT_PARTNER = "parent_partner", "Parent Partner"
    PROFESSIONAL = "professional", "Child welfare professional"


class TrainerQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> "TrainerQuerySet":
        return access.trainers_visible_to(user, self)


class Trainer(models.Model):
    """A BABF trainer or applicant (R-TRN-3, R-TRN-4). A Parent Partner trainer is linked to their
    record; a professional is named here."""

    kind = models.CharField(max_length=20, choices=TrainerKind.choices)
    parent_partner = models.OneToOneField(
        ParentPartner, null=True, blank=True, on_delete=models.PROTECT, related_name="babf_trainer"
    )
    name = models.CharField(max_length=160, blank=True, help_text="For a professional.")
    organisation = models.CharField(max_length=160, blank=True)
    observed_babf_on = models.DateField("observed a BABF on", null=True, blank=True)
    willing_to_coach = models.BooleanField(default=False, help_text="Willing and able to coach and mentor trainees.")
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = TrainerQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(
                name="training_trainer_parent_partner_matches_kind",
                condition=Q(kind="parent_partner", parent_partner__isnull=False)
                | Q(kind="professional", parent_partner__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return str(self.parent_partner) if self.parent_partner_id else self.name

    def get_absolute_url(self) -> str:
        return reverse("training:trainer-detail", args=[self.pk])


class TrainerApproval(models.Model):
    """A recorded decision about a trainer: prior approvals and the approvals themselves (R-TRN-4)."""

    class Kind(models.TextChoices):
        PRIOR_STATEWIDE = "prior_statewide", "Prior approval by the statewide coordinator"
        PRIOR_CONTRACT_MANAGER = "prior_contract_manager", "Prior approval by the DHS contract manager"
        TRAINER = "trainer", "Approved as BABF trainer"
        MASTER_TRAINER = "master_trainer", "Approved as BABF Master Trainer"

    trainer = models.ForeignKey(Trainer, on_delete=models.CASCADE, related_name="approvals")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    approved_on = models.DateField()
    approved_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["approved_on"]
        constraints = [
            models.UniqueConstraint(fields=["trainer", "kind"], name="training_trainerapproval_once_per_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.approved_on})"


class TrainTheTrainerAttendance(models.Model):
    """Attendance at the annual BABF Train-the-Trainer workshop (R-TRN-4)."""

    trainer = models.ForeignKey(Trainer, on_delete=models.CASCADE, related_name="train_the_trainer")
    attended_on = models.DateField()

    class Meta:
        ordering = ["-attended_on"]
        constraints = [
            models.UniqueConstraint(fields=["trainer", "attended_on"], name="training_trainthetrainer_once_a_day"),
        ]

    def __str__(self) -> str:
        return f"Train-the-Trainer {self.attended_on}"


# --- who may be chosen to co-train a BABF now (R-TRN-3, R-TRN-4) ---------------------------------


def master_trainer_ids() -> "QuerySet[TrainerApproval, Any]":
    """The trainers approved as Master Trainers, as a subquery of trainer ids."""
    return TrainerApproval.objects.filter(kind=TrainerApproval.Kind.MASTER_TRAINER).values("trainer")


def approved_trainers(kind: str) -> TrainerQuerySet:
    """Approved trainers (or Master Trainers) of one kind, for choosing BABF co-trainers (R-TRN-3)."""
    return Trainer.objects.filter(
        kind=kind,
        approvals__kind__in=[TrainerApproval.Kind.TRAINER, TrainerApproval.Kind.MASTER_TRAINER],
    ).distinct()


def trainer_applicants() -> TrainerQuerySet:
    """Trainers not approved yet, with both prior approvals: who may co-train a BABF with a Master
    Trainer (R-TRN-4)."""
    Kind = TrainerApproval.Kind
    return (
        Trainer.objects.exclude(approvals__kind__in=[Kind.TRAINER, Kind.MASTER_TRAINER])
        .filter(approvals__kind=Kind.PRIOR_STATEWIDE)
        .filter(approvals__kind=Kind.PRIOR_CONTRACT_MANAGER)
        .distinct()
    )


def trainers_taking_part(trainers: TrainerQuerySet) -> TrainerQuerySet:
    """`trainers` without the Parent Partner trainers who may not take part now (`taking_part`):
    the choices for a BABF co-trainer or applicant (R-TRN-3, R-TRN-4, R-REV-4, R-ELIG-2)."""
    return trainers.filter(
        Q(parent_partner__isnull=True) | Q(parent_partner__in=taking_part(ParentPartner.objects.all()))
    )


def trainer_refusal(trainer: Trainer) -> str | None:
    """Why a Parent Partner trainer may not co-train or be approved now (`taking_part_refusal`), or
    None; a professional is not a Parent Partner record and is not asked."""
    partner = trainer.parent_partner if trainer.parent_partner_id else None
    return None if partner is None else taking_part_refusal(partner)
