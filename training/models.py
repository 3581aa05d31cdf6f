"""The eleven-training checklist (R-TRN-1..4), shadowing (R-ROLE-4) and BABF trainers (R-TRN-4).

The rules read the catalogue's flags (`required_before_mentoring`, `required_within_first_year`,
`minimum_hours`, `co_trainers_required`), never training numbers, so another state can run its own
list from the admin.
"""

from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from parentpartner.models import ParentPartner, Site, User


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

    def __str__(self):
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

    def __str__(self):
        return self.name


class TrainerKind(models.TextChoices):
    PARENT_PARTNER = "parent_partner", "Parent Partner"
    PROFESSIONAL = "professional", "Child welfare professional"


class TrainerQuerySet(models.QuerySet):
    def visible_to(self, user):
        from parentpartner import access

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

    def __str__(self):
        return str(self.parent_partner) if self.parent_partner_id else self.name

    def get_absolute_url(self):
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

    def __str__(self):
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

    def __str__(self):
        return f"Train-the-Trainer {self.attended_on}"


class SessionFormat(models.TextChoices):
    """How a training was given (R-TRN-2)."""

    IN_PERSON = "in_person", "In person, individually"
    GROUP = "group", "Group"
    MEDIA = "media", "Media (video, online)"
    OUTSIDE = "outside", "Outside provider, accepted as equivalent"


class TrainingSessionQuerySet(models.QuerySet):
    def visible_to(self, user):
        from parentpartner import access

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

    def __str__(self):
        return f"{self.training.short_name} on {self.held_on:%Y-%m-%d}"

    def get_absolute_url(self):
        return reverse("training:session-detail", args=[self.pk])

    def clean(self):
        """R-TRN-2 (length), R-TRN-3 and R-TRN-4 (who may co-train): `training.services.session_refusals`,
        so that every form and service that saves a session asks the same question."""
        from training.services import session_refusals

        if errors := session_refusals(self):
            raise ValidationError(errors)

    @property
    def trainers_display(self):
        if self.parent_partner_trainer_id or self.professional_trainer_id:
            return " and ".join(str(t) for t in (self.parent_partner_trainer, self.professional_trainer) if t)
        return self.trainer_names


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

    def __str__(self):
        return f"{self.training.short_name} completed {self.completed_on}"

    @property
    def length(self):
        """The hours of the training: its own, or its session's."""
        return self.session.hours if self.session_id else self.hours

    def clean(self):
        """R-TRN-2, R-TRN-3: `training.services.completion_refusals`."""
        from training.services import completion_refusals

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

    def __str__(self):
        return f"{self.item} – {self.get_outcome_display()}"

    def clean(self):
        """R-ROLE-4, R-ELIG-2, R-REV-4: `training.services.shadowing_refusals`."""
        from training.services import shadowing_refusals

        if errors := shadowing_refusals(self):
            raise ValidationError(errors)
