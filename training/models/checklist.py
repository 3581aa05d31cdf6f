"""A Parent Partner's checklist rows: the trainings they completed (R-TRN-1, R-TRN-2) and the activities
they shadowed a veteran in (R-ROLE-4), with what refuses recording one."""

from decimal import Decimal
from typing import cast

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from parentpartner.models import ParentPartner, PartnerRole, User
from training.models.catalogue import ShadowingItem, Training, length_refusal
from training.models.sessions import TrainingSession
from training.models.taking_part import is_disqualified, taking_part_refusal


class TrainingCompletion(models.Model):
    """A Parent Partner completed a training: by attending a session, or one by one with evidence
    (an outside training that meets the objectives, R-TRN-2)."""

    parent_partner = models.ForeignKey(ParentPartner, on_delete=models.CASCADE, related_name="training_completions")
    training = models.ForeignKey(Training, on_delete=models.PROTECT, related_name="completions")
    completed_on = models.DateField()
    session = models.ForeignKey(
        TrainingSession, null=True, blank=True, on_delete=models.PROTECT, related_name="completions"
    )
    evidence = models.CharField(max_length=300, blank=True, help_text="For a training outside a session.")
    # R-TRN-2: a training recorded for one person carries its own length; one attended in a session has
    # the session's. Empty only on rows recorded before the length was asked for.
    hours = models.DecimalField(
        max_digits=4,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0.25), MaxValueValidator(40)],
        help_text="How long the training lasted.",
    )
    recorded_by = models.ForeignKey(User, null=True, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["training__number"]
        constraints = [
            # A training counts once; a second attendance is not a second completion.
            models.UniqueConstraint(fields=["parent_partner", "training"], name="training_completion_once"),
            models.CheckConstraint(
                name="training_completion_session_or_evidence",
                condition=Q(session__isnull=False) | ~Q(evidence=""),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.training.short_name} completed {self.completed_on}"

    @property
    def length(self) -> Decimal | None:
        """The hours of the training: its own, or its session's."""
        if self.session_id:
            return cast(TrainingSession, self.session).hours  # session_id is set
        return self.hours

    def clean(self) -> None:
        """R-TRN-2, R-TRN-3: `completion_refusals`."""
        if errors := completion_refusals(self):
            raise ValidationError(errors)


class ShadowingRecord(models.Model):
    """A candidate shadowed a veteran Parent Partner in one activity (R-ROLE-4), or the coordinator
    recorded that an 'where applicable' activity does not apply to them."""

    class Outcome(models.TextChoices):
        SHADOWED = "shadowed", "Shadowed and showed the skills"
        NOT_APPLICABLE = "not_applicable", "Not applicable"

    parent_partner = models.ForeignKey(ParentPartner, on_delete=models.CASCADE, related_name="shadowing")
    item = models.ForeignKey(ShadowingItem, on_delete=models.PROTECT, related_name="records")
    outcome = models.CharField(max_length=20, choices=Outcome.choices, default=Outcome.SHADOWED)
    shadowed_on = models.DateField("date", null=True, blank=True)
    veteran = models.ForeignKey(
        ParentPartner,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="veteran Parent Partner shadowed",
    )
    notes = models.CharField(max_length=300, blank=True)
    recorded_by = models.ForeignKey(User, null=True, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["item__order"]
        constraints = [
            models.UniqueConstraint(fields=["parent_partner", "item"], name="training_shadowingrecord_once"),
            models.CheckConstraint(
                name="training_shadowingrecord_shadowed_has_date_and_veteran",
                condition=~Q(outcome="shadowed") | Q(shadowed_on__isnull=False, veteran__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item} – {self.get_outcome_display()}"

    def clean(self) -> None:
        """R-ROLE-4, R-ELIG-2, R-REV-4: `shadowing_refusals`."""
        if errors := shadowing_refusals(self):
            raise ValidationError(errors)


# --- what may be recorded: asked by the models' clean(), so by every form, service and demo path ----


def completion_refusals(completion: TrainingCompletion) -> dict[str, list[str]]:
    """What refuses recording `completion`, by field. A training recorded for one person, not through
    a session, carries its length, at least the training's minimum (R-TRN-2); BABF is only ever
    recorded through a session with its two co-trainers (R-TRN-3)."""
    errors: dict[str, list[str]] = {}
    if completion.session_id is not None or completion.training_id is None:
        return errors
    training = completion.training
    if training.co_trainers_required:
        errors["training"] = [f"{training.name} is recorded through a session with its two co-trainers."]
    elif completion.hours is None:
        errors["hours"] = ["Enter how long the training lasted."]
    elif reason := length_refusal(training, completion.hours):
        errors["hours"] = [reason]
    return errors


def shadowing_refusals(record: ShadowingRecord) -> dict[str, list[str]]:
    """What refuses recording `record`, by field (R-ROLE-4): a shadowed activity has its date and a
    veteran, an approved Parent Partner or Lead who may take part now (R-REV-4, R-ELIG-2), not the
    candidate; only an 'where applicable' activity may be marked not applicable; and nothing is
    recorded for a candidate with an absolute disqualifier (R-ELIG-2)."""
    errors: dict[str, list[str]] = {}
    partner, item = record.parent_partner, record.item if record.item_id else None
    if record.parent_partner_id and is_disqualified(partner):
        errors["__all__"] = [
            f"No shadowing can be recorded for {partner}: an absolute disqualifier is recorded for them."
        ]
        return errors
    if record.outcome == record.Outcome.SHADOWED:
        if not record.shadowed_on:
            errors["shadowed_on"] = ["Enter the date of the shadowing."]
        if not record.veteran_id:
            errors["veteran"] = ["Choose the veteran Parent Partner who was shadowed."]
        else:
            veteran = cast(ParentPartner, record.veteran)  # veteran_id is set
            if veteran.pk == record.parent_partner_id:
                errors["veteran"] = ["The candidate cannot be their own veteran."]
            elif veteran.current_role not in (PartnerRole.PARENT_PARTNER, PartnerRole.LEAD):
                errors["veteran"] = [f"{veteran} is not an approved Parent Partner or Lead Parent Partner."]
            elif reason := taking_part_refusal(veteran):
                errors["veteran"] = [f"{veteran} cannot be the veteran shadowed now: {reason}."]
    if record.outcome == record.Outcome.NOT_APPLICABLE and item and item.always_required:
        errors["outcome"] = [f"{item.name} is required of every candidate; it cannot be marked not applicable."]
    return errors
