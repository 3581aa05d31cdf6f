"""The catalogue: the eleven trainings (R-TRN-1) and the shadowing activities (R-ROLE-4), seeded by a
migration from the handbook (`training.data.catalogue`) and kept by the statewide coordinator."""

from decimal import Decimal

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q


class Training(models.Model):
    """One training of the catalogue (R-TRN-1), seeded by a migration from the handbook's section F."""

    number = models.PositiveSmallIntegerField(unique=True)
    name = models.CharField(max_length=120)
    short_name = models.CharField(max_length=40)
    required_before_mentoring = models.BooleanField(
        default=False, help_text="Must be done before one-on-one mentoring (R-TRN-1)."
    )
    required_within_first_year = models.BooleanField(
        default=False, help_text="Must be done within one year of acceptance as PP in Training Mentoring (R-TRN-1)."
    )
    minimum_hours = models.DecimalField(
        max_digits=4, decimal_places=2, null=True, blank=True, help_text="Empty: no minimum (R-TRN-2)."
    )
    co_trainers_required = models.BooleanField(
        default=False,
        help_text="Given by two approved co-trainers, a Parent Partner and a child welfare professional, "
        "on the state curriculum (R-TRN-3).",
    )
    objectives = ArrayField(models.TextField(), default=list, blank=True)
    is_active = models.BooleanField("active", default=True)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.CheckConstraint(
                name="training_training_one_deadline",
                condition=~Q(required_before_mentoring=True, required_within_first_year=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class ShadowingItem(models.Model):
    """An activity a candidate shadows a veteran Parent Partner in before becoming a PP (R-ROLE-4)."""

    code = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=120)
    always_required = models.BooleanField(
        default=True, help_text="Off for items required only where applicable (Family Treatment Court, ...)."
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


def length_refusal(training: Training, hours: Decimal | float | None) -> str | None:
    """R-TRN-2: trainings with a minimum length (two hours for 2-11) are refused when shorter."""
    if training.minimum_hours is not None and hours is not None and hours < training.minimum_hours:
        minimum = format(training.minimum_hours.normalize(), "f")
        return f"{training.name} must last at least {minimum} hours."
    return None
