"""The Lead Parent Partner case (R-ROLE-6) and coordinator certification (R-ROLE-8): the records. The
rules live in `parentpartner.services.lead`."""

from typing import Any, Self

from django.db import models
from django.db.models import Q
from django.urls import reverse

from parentpartner import access
from parentpartner.models.organisation import Site
from parentpartner.models.people import ParentPartner
from parentpartner.models.users import User


class LeadStage(models.TextChoices):
    """The Lead Parent Partner case, step by step (R-ROLE-6)."""

    REQUESTED = "requested", "Requested: the service area coordinator tells the statewide coordinator"
    WITH_STATEWIDE = "with_statewide", "The statewide coordinator asks the contract manager"
    INITIAL_APPROVAL = "initial_approval", "Waiting for the contract manager's initial approval"
    LETTERS = "letters", "Letters of interest, interview and recommendation"
    RECOMMENDED = "recommended", "Recommended: the service area coordinator tells the statewide coordinator"
    STATEWIDE_REVIEW = "statewide_review", "The statewide coordinator meets and recommends"
    FINAL_DECISION = "final_decision", "Waiting for the contract manager's final decision"
    APPROVED = "approved", "Approved"
    DECLINED = "declined", "Declined"


OPEN_LEAD_STAGES = [s for s in LeadStage if s not in (LeadStage.APPROVED, LeadStage.DECLINED)]


class LeadCaseQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> Self:
        return access.lead_cases_visible_to(user, self)

    def open(self) -> models.QuerySet:
        return self.filter(stage__in=OPEN_LEAD_STAGES)


class LeadCase(models.Model):
    """A site's request for a Lead Parent Partner, tracked through every step to the contract
    manager's final decision (R-ROLE-6)."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="lead_cases")
    stage = models.CharField(max_length=20, choices=LeadStage.choices, default=LeadStage.REQUESTED)
    reason = models.TextField("reason for a Lead Parent Partner")
    # Step 1's figures as the coordinator gave them (prefilled from the database).
    partner_count = models.PositiveIntegerField("Parent Partners in the coordinator's area")
    families_served = models.PositiveIntegerField("families being served")
    requested_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    requested_on = models.DateField()
    recommended = models.ForeignKey(
        "LetterOfInterest", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_on = models.DateField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = LeadCaseQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["site"],
                condition=Q(stage__in=OPEN_LEAD_STAGES),
                name="parentpartner_leadcase_one_open_per_site",
            ),
            models.CheckConstraint(
                name="parentpartner_leadcase_closed_has_date",
                condition=Q(stage__in=OPEN_LEAD_STAGES) | Q(decided_on__isnull=False),
            ),
        ]
        indexes = [
            # "Waiting for my signature" and the open cases list: open cases by stage.
            models.Index(fields=["stage"], condition=Q(stage__in=OPEN_LEAD_STAGES), name="leadcase_open_idx"),
        ]

    def __str__(self) -> str:
        return f"Lead Parent Partner case {self.pk} for {self.site}"

    def get_absolute_url(self) -> str:
        return reverse("parentpartner:lead-case-detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.stage in OPEN_LEAD_STAGES


class LeadStep(models.Model):
    """One step taken on a Lead case: which, with what result, who and when (R-ROLE-6)."""

    case = models.ForeignKey(LeadCase, on_delete=models.PROTECT, related_name="steps")
    action = models.CharField(max_length=120)
    from_stage = models.CharField(max_length=20, choices=LeadStage.choices)
    to_stage = models.CharField(max_length=20, choices=LeadStage.choices)
    held_on = models.DateField()
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["case", "recorded_at", "pk"]

    def __str__(self) -> str:
        return f"{self.action} ({self.held_on})"


class LetterOfInterest(models.Model):
    """A Parent Partner's letter of interest in the Lead position (R-ROLE-6 step 3); only from a
    Parent Partner with two years in the role."""

    case = models.ForeignKey(LeadCase, on_delete=models.PROTECT, related_name="letters")
    parent_partner = models.ForeignKey(ParentPartner, on_delete=models.PROTECT, related_name="lead_letters")
    received_on = models.DateField()
    years_in_program = models.DecimalField("years with the Parent Partner program", max_digits=4, decimal_places=1)
    qualifications = models.TextField()
    education = models.TextField("education experience")
    trainings_and_committees = models.TextField("trainings attended and committees")
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["case", "received_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "parent_partner"], name="parentpartner_letterofinterest_one_per_case"
            )
        ]

    def __str__(self) -> str:
        return f"Letter of interest from {self.parent_partner}"


# ---------------------------------------------------------------------------------------------------
# Coordinator certification (R-ROLE-8)


class CertificationKind(models.TextChoices):
    """The two trainings a coordinator must complete (R-ROLE-8)."""

    FAMILY_SUPPORT_SUPERVISION = "family_support_supervision", "Family Support Supervision course"
    PARENT_PARTNER_SUPERVISION = "parent_partner_supervision", "Parent Partner Supervision training (2 days)"


class CoordinatorCertification(models.Model):
    """A coordinator's completed certification training, verified to the state program manager (R-ROLE-8)."""

    coordinator = models.ForeignKey(User, on_delete=models.PROTECT, related_name="certifications")
    kind = models.CharField(max_length=32, choices=CertificationKind.choices)
    completed_on = models.DateField()
    verified_on = models.DateField("verification received on")
    evidence = models.CharField(max_length=300, help_text="e.g. the certificate's number or the trainer's letter.")
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["coordinator", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["coordinator", "kind"], name="parentpartner_coordinatorcertification_once"),
            models.CheckConstraint(
                name="parentpartner_coordinatorcertification_verified_after_completion",
                condition=Q(verified_on__gte=models.F("completed_on")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.coordinator}: {self.get_kind_display()}"
