"""Eligibility screening: the criteria of R-ELIG-1 checked one by one with evidence, the DHS review,
and the absolute disqualifiers of R-ELIG-2.

The rules that read and change these rows live in `eligibility.services.screening`; who sees which
rows is decided in `parentpartner.access`, which the `visible_to` queryset method here calls.
"""

from typing import Any, Self

from django.db import models
from django.db.models import Q
from django.urls import reverse

from parentpartner import access
from parentpartner.models import ParentPartner, User


class Criterion(models.TextChoices):
    """The criteria of R-ELIG-1, each checked with evidence. Two are also dates that the rules read
    against today: the reunification or permanency date (on the Parent Partner) and "substance free
    since" (on the screening)."""

    CONFIDENTIALITY = "confidentiality", "Maintains confidentiality about the parents mentored"
    PERMANENCY = "permanency", "Date of reunification or permanency resolution verified"
    STABLE_FAMILY = "stable_family", "Healthy, stable family; no current child welfare involvement for safety issues"
    NO_FOUNDED_ABUSE = "no_founded_abuse", "No founded child abuse report since taking a Parent Partner role"
    FLEXIBILITY = "flexibility", "Flexibility to attend state and local meetings and trainings"
    SUBSTANCE_FREE = "substance_free", "Substance free (alcohol included), where substance abuse was an issue"
    CRIMINAL_CONVICTIONS = "criminal_convictions", "Any criminal convictions evaluated under the eligibility protocol"
    TRAINING_AND_SUPERVISION = (
        "training_supervision",
        "Takes part in mandated training and supervision, clinical support included",
    )
    APPROPRIATE_BEHAVIOUR = "behaviour", "Agrees to behave in a way that reflects well on the program"
    SHARES_EXPERIENCE = "shares_experience", "Agrees to share their experience as a learning tool"


class ScreeningStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", "In progress"
    # R-ELIG-2: an absolute disqualifier ends the screening for good.
    DISQUALIFIED = "disqualified", "Ended: disqualified"


class DhsReviewResult(models.TextChoices):
    NO_CONCERNS = "no_concerns", "No current or ongoing concerns"
    CONCERNS = "concerns", "Current or ongoing concerns"


class CheckResult(models.TextChoices):
    MET = "met", "Met"
    NOT_MET = "not_met", "Not met"


class DisqualifierKind(models.TextChoices):
    """The absolute disqualifiers of R-ELIG-2."""

    FOUNDED_SEXUAL_ABUSE = "founded_sexual_abuse", "Founded sexual abuse"
    SEX_ABUSE_REGISTRY = "sex_abuse_registry", "Listed on the sex abuse registry"
    CHILD_DEATH_CONVICTION = "child_death_conviction", "Convicted in the death of a child"


class EligibilityRecordQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> Self:
        """The screenings of the Parent Partners `user` may see (parentpartner.access)."""
        return access.eligibility_records_visible_to(user, self)


class EligibilityRecord(models.Model):
    """The screening of one Parent Partner against R-ELIG-1, with the DHS review and any R-ELIG-2
    disqualifier. Whether the person is eligible is computed each day by
    `eligibility.services.eligibility_for`, never stored."""

    parent_partner = models.OneToOneField(ParentPartner, on_delete=models.PROTECT, related_name="eligibility_record")
    status = models.CharField(max_length=16, choices=ScreeningStatus.choices, default=ScreeningStatus.IN_PROGRESS)
    substance_abuse_issue = models.BooleanField(
        "substance abuse was an issue", default=False, help_text="Then one year substance free is required."
    )
    substance_free_since = models.DateField(null=True, blank=True, help_text="Alcohol included.")
    dhs_reviewed_on = models.DateField("DHS review date", null=True, blank=True)
    dhs_review_result = models.CharField(
        "DHS review result", max_length=12, choices=DhsReviewResult.choices, blank=True
    )
    dhs_review_notes = models.TextField("DHS review notes", blank=True)
    notes = models.TextField(blank=True)
    ended_on = models.DateField("screening ended on", null=True, blank=True, editable=False)
    created_by = models.ForeignKey(User, null=True, on_delete=models.PROTECT, related_name="+", editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = EligibilityRecordQuerySet.as_manager()

    class Meta:
        ordering = ["parent_partner__last_name", "parent_partner__first_name", "pk"]
        constraints = [
            models.CheckConstraint(
                name="eligibility_eligibilityrecord_disqualified_has_end",
                condition=~Q(status="disqualified") | Q(ended_on__isnull=False),
            ),
            models.CheckConstraint(
                name="eligibility_eligibilityrecord_dhs_result_has_date",
                condition=Q(dhs_review_result="") | Q(dhs_reviewed_on__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"Eligibility screening of {self.parent_partner}"

    def get_absolute_url(self) -> str:
        return reverse("eligibility:record-detail", args=[self.pk])

    @property
    def is_disqualified(self) -> bool:
        return self.status == ScreeningStatus.DISQUALIFIED


class CriterionCheck(models.Model):
    """One R-ELIG-1 criterion checked: result, evidence, when and by whom. Re-checking updates the row;
    the history keeps every earlier answer."""

    record = models.ForeignKey(EligibilityRecord, on_delete=models.CASCADE, related_name="checks")
    criterion = models.CharField(max_length=24, choices=Criterion.choices)
    result = models.CharField(max_length=8, choices=CheckResult.choices)
    evidence = models.TextField(help_text="What was seen or heard, and from whom.")
    checked_on = models.DateField("date checked")
    checked_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["record", "criterion"]
        constraints = [
            # Its unique index also serves the screening page's `checks` prefetch by record.
            models.UniqueConstraint(
                fields=["record", "criterion"], name="eligibility_criterioncheck_one_per_criterion"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_criterion_display()}: {self.get_result_display()}"


class Disqualifier(models.Model):
    """An absolute disqualifier found (R-ELIG-2). Never removed by the application."""

    record = models.ForeignKey(EligibilityRecord, on_delete=models.PROTECT, related_name="disqualifiers")
    kind = models.CharField(max_length=24, choices=DisqualifierKind.choices)
    evidence = models.TextField()
    found_on = models.DateField("date established")
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", editable=False)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["record", "found_on", "pk"]
        constraints = [
            # Its unique index also serves the `disqualifiers` prefetch by record.
            models.UniqueConstraint(fields=["record", "kind"], name="eligibility_disqualifier_one_per_kind"),
        ]

    def __str__(self) -> str:
        return self.get_kind_display()
