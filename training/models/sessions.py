"""Training sessions: one delivery of a training, organised by a site (R-TRN-2), and for a BABF its two
co-trainers and a trainer applicant (R-TRN-3, R-TRN-4), with what refuses saving one."""

from collections.abc import Callable
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse

from parentpartner import access
from parentpartner.models import Site, User
from training.models.catalogue import Training, length_refusal
from training.models.trainers import (
    Trainer,
    TrainerApproval,
    TrainerKind,
    approved_trainers,
    master_trainer_ids,
    trainer_refusal,
)


class SessionFormat(models.TextChoices):
    """How a training was given (R-TRN-2)."""

    IN_PERSON = "in_person", "In person, individually"
    GROUP = "group", "Group"
    MEDIA = "media", "Media (video, online)"
    OUTSIDE = "outside", "Outside provider, accepted as equivalent"


class TrainingSessionQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> "TrainingSessionQuerySet":
        return access.training_sessions_visible_to(user, self)


class TrainingSession(models.Model):
    """One delivery of a training, organised by a site. Recording attendance completes the training
    for each attendee."""

    training = models.ForeignKey(Training, on_delete=models.PROTECT, related_name="sessions")
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="training_sessions")
    held_on = models.DateField("date")
    hours = models.DecimalField(
        max_digits=4, decimal_places=2, validators=[MinValueValidator(0.25), MaxValueValidator(40)]
    )
    format = models.CharField(max_length=20, choices=SessionFormat.choices, default=SessionFormat.GROUP)
    location = models.CharField(max_length=200, blank=True)
    trainer_names = models.CharField(
        "trainers", max_length=300, blank=True, help_text="The qualified person(s) who gave it (R-TRN-2)."
    )
    # BABF only (R-TRN-3): two approved co-trainers, one of each kind, on the state curriculum.
    parent_partner_trainer = models.ForeignKey(
        Trainer,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="Parent Partner co-trainer",
    )
    professional_trainer = models.ForeignKey(
        Trainer,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="child welfare professional co-trainer",
    )
    follows_state_curriculum = models.BooleanField(default=False)
    co_trainers_evaluated_satisfactory = models.BooleanField(
        "co-trainers' evaluation by the Master Trainer was satisfactory", null=True, blank=True
    )
    average_rating = models.DecimalField(
        "average participant rating (1-5)",
        max_digits=3,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    # R-TRN-4: an applicant co-trains a complete BABF with a Master Trainer, who evaluates them. The
    # session keeps its two approved co-trainers (R-TRN-3); the applicant presents alongside them.
    trainee = models.ForeignKey(
        Trainer,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="co_trained_sessions",
        verbose_name="trainer applicant (co-trains with a Master Trainer)",
    )
    trainee_evaluated_satisfactory = models.BooleanField(
        "the Master Trainer's evaluation of the applicant was satisfactory", null=True, blank=True
    )
    created_by = models.ForeignKey(User, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = TrainingSessionQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "-pk"]
        indexes = [
            # The session list of a site, newest first.
            models.Index(fields=["site", "-held_on"], name="training_session_site_date_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.training.short_name} on {self.held_on:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("training:session-detail", args=[self.pk])

    def clean(self) -> None:
        """R-TRN-2 (length), R-TRN-3 and R-TRN-4 (who may co-train): `session_refusals`, so that every
        form and service that saves a session asks the same question."""
        if errors := session_refusals(self):
            raise ValidationError(errors)

    @property
    def trainers_display(self) -> str:
        if self.parent_partner_trainer_id or self.professional_trainer_id:
            return " and ".join(str(t) for t in (self.parent_partner_trainer, self.professional_trainer) if t)
        return self.trainer_names


Refuse = Callable[[str, str], None]


def session_refusals(session: TrainingSession) -> dict[str, list[str]]:
    """What refuses saving `session`, by field: its length (R-TRN-2), its trainer named (R-TRN-2), BABF
    by two approved co-trainers, a Parent Partner and a child welfare professional, on the state
    curriculum, in person (R-TRN-3), and a trainer applicant co-training with a Master Trainer
    (R-TRN-4). A Parent Partner co-trainer or applicant must be able to take part now (R-REV-4,
    R-ELIG-2); that is asked when they are put on the session, not of a session held before."""
    errors: dict[str, list[str]] = {}

    def refuse(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if not session.training_id:
        return errors
    training = session.training
    if reason := length_refusal(training, session.hours):
        refuse("hours", reason)
    saved = TrainingSession.objects.filter(pk=session.pk).first() if session.pk else None

    def newly_set(name: str) -> bool:
        return bool(getattr(session, f"{name}_id")) and getattr(saved, f"{name}_id", None) != getattr(
            session, f"{name}_id"
        )

    if not training.co_trainers_required:
        if not session.trainer_names:
            refuse("trainer_names", "Name the qualified person who gave the training.")
        if session.trainee_id:
            refuse("trainee", "Only a BABF is co-trained by a trainer applicant.")
        return errors
    pair = (
        ("parent_partner_trainer", TrainerKind.PARENT_PARTNER, "an approved Parent Partner co-trainer"),
        ("professional_trainer", TrainerKind.PROFESSIONAL, "an approved child welfare professional co-trainer"),
    )
    for name, kind, what in pair:
        trainer = getattr(session, name) if getattr(session, f"{name}_id") else None
        if trainer is None:
            refuse(name, f"{training.name} needs {what}.")
        elif not approved_trainers(kind).filter(pk=trainer.pk).exists():
            refuse(name, f"{trainer} is not {what}.")
        elif newly_set(name) and (reason := trainer_refusal(trainer)):
            refuse(name, f"{trainer} cannot co-train now: {reason}.")
    if not session.follows_state_curriculum:
        refuse("follows_state_curriculum", f"{training.name} must follow the state curriculum.")
    if session.format in (SessionFormat.MEDIA, SessionFormat.OUTSIDE):
        refuse("format", f"{training.name} is given in person by its two co-trainers.")
    if session.trainee_id:
        _trainee_refusals(session, refuse, newly_set("trainee"))
    elif session.trainee_evaluated_satisfactory is not None:
        refuse("trainee_evaluated_satisfactory", "Record this evaluation only with a trainer applicant.")
    return errors


def _trainee_refusals(session: TrainingSession, refuse: Refuse, newly_set: bool) -> None:
    """R-TRN-4: an applicant who has both prior approvals co-trains a BABF with a Master Trainer."""
    trainee = cast(Trainer, session.trainee)  # asked only when the session names a trainee
    kinds = set(trainee.approvals.values_list("kind", flat=True))
    co_trainer_ids = {session.parent_partner_trainer_id, session.professional_trainer_id} - {None}
    if trainee.pk in co_trainer_ids:
        refuse("trainee", f"{trainee} is already one of the two co-trainers.")
    elif TrainerApproval.Kind.TRAINER in kinds:
        refuse("trainee", f"{trainee} is already an approved trainer.")
    elif not {TrainerApproval.Kind.PRIOR_STATEWIDE, TrainerApproval.Kind.PRIOR_CONTRACT_MANAGER} <= kinds:
        refuse(
            "trainee",
            f"{trainee} needs the prior approval of the statewide coordinator and of the DHS contract manager "
            "before co-training.",
        )
    elif not master_trainer_ids().filter(trainer__in=co_trainer_ids).exists():
        refuse("trainee", "An applicant co-trains with a Master Trainer: one of the two co-trainers must be one.")
    elif newly_set and (reason := trainer_refusal(trainee)):
        refuse("trainee", f"{trainee} cannot co-train now: {reason}.")
