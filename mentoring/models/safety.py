"""Safety concerns and protocol D (R-SAFE-1..3). The steps are taken only through
mentoring.services.safety, which refuses a skipped step; the constraints below keep a finished concern
honest even if someone writes to the table another way."""

from typing import Any, Self

from django.db import models
from django.db.models import Q
from django.urls import reverse

from mentoring.models.activity import Contact
from mentoring.models.cases import Case
from parentpartner import access
from parentpartner.models import ParentPartner, User


class HowKnown(models.TextChoices):
    """R-SAFE-1: the Parent Partner observed it or was told."""

    OBSERVED = "observed", "Observed by the Parent Partner"
    TOLD = "told", "Told to the Parent Partner"


class ConcernKind(models.TextChoices):
    """R-SAFE-1: substance use, or behaviour that concerns child safety or the case plan."""

    SUBSTANCE_USE = "substance_use", "Substance use"
    CHILD_SAFETY = "child_safety", "Behaviour concerning child safety"
    CASE_PLAN = "case_plan", "Behaviour concerning the case plan"


class SafetyStatus(models.TextChoices):
    """Where the concern is in protocol D. The first three have a step still to take."""

    AWAITING_REFERRAL = "awaiting_referral", "Child abuse referral to make with the coordinator"
    AWAITING_SELF_REPORT = "awaiting_self_report", "Caseworker to be informed: participant offered to self-report"
    AWAITING_COORDINATOR = (
        "awaiting_coordinator",
        "Participant told the coordinator will be told: coordinator to inform caseworker",
    )
    REFERRAL_MADE = "referral_made", "Child abuse referral made"
    CASEWORKER_INFORMED = "caseworker_informed", "Caseworker informed"


OPEN_STATUSES = (SafetyStatus.AWAITING_REFERRAL, SafetyStatus.AWAITING_SELF_REPORT, SafetyStatus.AWAITING_COORDINATOR)
REFERRAL_PATH = (SafetyStatus.AWAITING_REFERRAL, SafetyStatus.REFERRAL_MADE)


class InformedBy(models.TextChoices):
    """R-SAFE-3: preferably the participant self-reports; otherwise the coordinator tells the caseworker."""

    PARTICIPANT = "participant", "The participant (self-report, confirmed)"
    COORDINATOR = "coordinator", "The coordinator"


class SafetyConcernQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> Self:
        return access.safety_concerns_visible_to(user, self)

    def open(self) -> "SafetyConcernQuerySet":
        return self.filter(status__in=OPEN_STATUSES)


class SafetyConcern(models.Model):
    """Something a Parent Partner observed or was told that concerns a child's safety or the case plan
    (R-SAFE-1), and each protocol D step taken since: who and when (R-SAFE-2, R-SAFE-3)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="safety_concerns")
    contact = models.ForeignKey(
        Contact,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="safety_concerns",
        help_text="The contact of the monthly activity form where it came up, if any.",
    )
    parent_partner = models.ForeignKey(
        ParentPartner,
        on_delete=models.PROTECT,
        related_name="safety_concerns",
        help_text="The Parent Partner who observed it or was told.",
    )
    known_on = models.DateField("observed or told on")
    how_known = models.CharField(max_length=10, choices=HowKnown.choices)
    kind = models.CharField("concern", max_length=20, choices=ConcernKind.choices)
    description = models.TextField("what was observed or told", max_length=2000)
    child_present = models.BooleanField("a child was present")
    imminent_danger = models.BooleanField("a child is in imminent danger")
    status = models.CharField(max_length=24, choices=SafetyStatus.choices)
    raised_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    raised_at = models.DateTimeField(auto_now_add=True)
    # R-SAFE-2: the child abuse referral made with the coordinator.
    referral_made_on = models.DateField("child abuse referral made on", null=True, blank=True)
    referral_coordinator = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="referral made with"
    )
    referral_reference = models.CharField("intake reference", max_length=60, blank=True)
    # R-SAFE-3: the participant was told the coordinator would be told (they did not self-report).
    participant_told_on = models.DateField("participant told the coordinator will be told on", null=True, blank=True)
    participant_told_recorded_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # R-SAFE-3: how and when the caseworker was informed.
    caseworker_informed_by = models.CharField(max_length=12, choices=InformedBy.choices, blank=True)
    caseworker_informed_on = models.DateField(null=True, blank=True)
    caseworker_informed_recorded_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="confirmed by"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = SafetyConcernQuerySet.as_manager()

    class Meta:
        ordering = ["-known_on", "-pk"]
        constraints = [
            # R-SAFE-2 / R-SAFE-3: the path follows what was recorded about the child.
            models.CheckConstraint(
                name="mentoring_safetyconcern_path_follows_child_present",
                condition=(
                    (Q(child_present=True) | Q(imminent_danger=True)) & Q(status__in=[s.value for s in REFERRAL_PATH])
                )
                | (Q(child_present=False, imminent_danger=False) & ~Q(status__in=[s.value for s in REFERRAL_PATH])),
            ),
            models.CheckConstraint(
                name="mentoring_safetyconcern_referral_has_who_and_when",
                condition=~Q(status="referral_made")
                | Q(referral_made_on__isnull=False, referral_coordinator__isnull=False),
            ),
            models.CheckConstraint(
                name="mentoring_safetyconcern_informed_has_who_and_when",
                condition=~Q(status="caseworker_informed")
                | (
                    Q(caseworker_informed_on__isnull=False, caseworker_informed_recorded_by__isnull=False)
                    & ~Q(caseworker_informed_by="")
                ),
            ),
            # R-SAFE-3: the coordinator informs the caseworker only after the participant was told.
            models.CheckConstraint(
                name="mentoring_safetyconcern_coordinator_after_participant_told",
                condition=~Q(caseworker_informed_by="coordinator") | Q(participant_told_on__isnull=False),
            ),
        ]
        indexes = [
            # The coordinator's home page and the concern list: open concerns, newest first.
            models.Index(
                fields=["-known_on"],
                condition=Q(status__in=["awaiting_referral", "awaiting_self_report", "awaiting_coordinator"]),
                name="safetyconcern_open_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"Safety concern about {self.case.family} on {self.known_on}"

    def get_absolute_url(self) -> str:
        return reverse("mentoring:safety-concern-detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def needs_referral(self) -> bool:
        """R-SAFE-2: a child present or in imminent danger means a child abuse referral."""
        return self.child_present or self.imminent_danger
