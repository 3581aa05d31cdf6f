"""Role progression and its approvals (R-ROLE-1..8, R-ELIG-2): the Training Verification and Approval
form with its signatures, the Lead Parent Partner case, role status changes, coordinator certification.

The rules live in `parentpartner.progression` and `parentpartner.lead`; these are the records. Scope
is decided in `parentpartner.access`, as everywhere.
"""

from django.db import models
from django.db.models import Q
from django.urls import reverse

from parentpartner.models import ParentPartner, PartnerStatus, Site, User, _refuse_outside_the_door


def _scoped(function_name):
    def visible_to(self, user):
        from parentpartner import access

        return getattr(access, function_name)(user, self)

    return visible_to


class Immutable:
    """A record that, once final, the application never changes again (`save` refuses)."""

    def final_in_database(self) -> bool:
        raise NotImplementedError

    def save(self, *args, **kwargs):
        if self.pk is not None and self.final_in_database():
            raise ValueError(f"{self} is a final record and cannot be changed.")
        super().save(*args, **kwargs)


# ---------------------------------------------------------------------------------------------------
# Training Verification and Approval form (R-ROLE-5)


class FormState(models.TextChoices):
    """Where a form is in its signing order (R-ROLE-5): coordinator, candidate, statewide
    coordinator, DHS contract manager."""

    AWAITING_COORDINATOR = "awaiting_coordinator", "Waiting for the coordinator's signature"
    AWAITING_CANDIDATE = "awaiting_candidate", "Waiting for the candidate's signature"
    AWAITING_STATEWIDE = "awaiting_statewide", "Waiting for the statewide coordinator's signature"
    AWAITING_CONTRACT_MANAGER = "awaiting_contract_manager", "Waiting for the DHS contract manager's approval"
    APPROVED = "approved", "Approved"
    RETURNED = "returned", "Returned"


OPEN_FORM_STATES = [
    FormState.AWAITING_COORDINATOR,
    FormState.AWAITING_CANDIDATE,
    FormState.AWAITING_STATEWIDE,
    FormState.AWAITING_CONTRACT_MANAGER,
]


class SignerRole(models.TextChoices):
    """The four signatures of the form, in order (R-ROLE-5)."""

    COORDINATOR = "coordinator", "Coordinator"
    CANDIDATE = "candidate", "Candidate"
    STATEWIDE = "statewide", "Statewide coordinator"
    CONTRACT_MANAGER = "contract_manager", "DHS contract manager"


class ApprovalFormQuerySet(models.QuerySet):
    visible_to = _scoped("approval_forms_visible_to")

    def open(self):
        return self.filter(state__in=OPEN_FORM_STATES)


class ApprovalForm(Immutable, models.Model):
    """A Training Verification and Approval form for one candidate (R-ROLE-5). Started by the
    coordinator; the unmet requirements found then are listed and block the coordinator's signature
    until they are met. Approved by the contract manager's signature only; then final (R-ROLE-5)."""

    parent_partner = models.ForeignKey(ParentPartner, on_delete=models.PROTECT, related_name="approval_forms")
    state = models.CharField(max_length=32, choices=FormState.choices, default=FormState.AWAITING_COORDINATOR)
    # R-ROLE-7: the commitment the candidate makes by signing.
    commits_one_year_two_families = models.BooleanField(
        "commits to at least one year and two families (about 7-10 hours a month per family)", default=False
    )
    coordinator_notes = models.TextField("coordinator's verification notes", blank=True)
    # The requirements not met when the form was started or last checked, in words (JSON list).
    unmet = models.JSONField("unmet requirements", default=list, blank=True)
    started_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    started_at = models.DateTimeField(auto_now_add=True)
    decided_on = models.DateField("approved or returned on", null=True, blank=True)
    return_reason = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ApprovalFormQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["parent_partner"],
                condition=Q(state__in=OPEN_FORM_STATES),
                name="parentpartner_approvalform_one_open_per_person",
            ),
            models.CheckConstraint(
                name="parentpartner_approvalform_returned_has_reason",
                condition=~Q(state=FormState.RETURNED) | ~Q(return_reason=""),
            ),
            models.CheckConstraint(
                name="parentpartner_approvalform_decided_has_date",
                condition=Q(state__in=OPEN_FORM_STATES) | Q(decided_on__isnull=False),
            ),
        ]
        indexes = [
            # "Waiting for my signature": open forms by state.
            models.Index(fields=["state"], condition=Q(state__in=OPEN_FORM_STATES), name="approvalform_open_idx"),
        ]

    def __str__(self):
        return f"Training Verification and Approval form {self.pk} for {self.parent_partner}"

    def get_absolute_url(self):
        return reverse("parentpartner:approval-form-detail", args=[self.pk])

    def final_in_database(self):
        return ApprovalForm.objects.filter(pk=self.pk, state=FormState.APPROVED).exists()

    @property
    def is_open(self):
        return self.state in OPEN_FORM_STATES


class Signature(Immutable, models.Model):
    """One signature (or return) on a form: who, when, and the form as they saw it (R-ROLE-5).
    `signed_by` is always the logged-in user; a candidate without a login signs on paper and the
    coordinator records it with a witness note (`on_paper`)."""

    class Decision(models.TextChoices):
        SIGNED = "signed", "Signed"
        RETURNED = "returned", "Returned"

    form = models.ForeignKey(ApprovalForm, on_delete=models.PROTECT, related_name="signatures")
    signer_role = models.CharField(max_length=20, choices=SignerRole.choices)
    decision = models.CharField(max_length=10, choices=Decision.choices)
    signed_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField(auto_now_add=True)
    on_paper = models.BooleanField("paper signature recorded by the coordinator", default=False)
    witness_note = models.CharField(max_length=300, blank=True)
    reason = models.TextField("reason for returning", blank=True)
    # The form as signed: its fields, the requirements and the signatures before this one.
    snapshot = models.JSONField(default=dict)

    class Meta:
        ordering = ["form", "signed_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["form", "signer_role"],
                condition=Q(decision="signed"),
                name="parentpartner_signature_one_per_signer",
            ),
            models.CheckConstraint(
                name="parentpartner_signature_paper_has_witness",
                condition=Q(on_paper=False) | ~Q(witness_note=""),
            ),
            models.CheckConstraint(
                name="parentpartner_signature_return_has_reason",
                condition=~Q(decision="returned") | ~Q(reason=""),
            ),
        ]

    def __str__(self):
        return f"{self.get_signer_role_display()} {self.get_decision_display().lower()} by {self.signed_by}"

    def final_in_database(self):
        return True  # a signature is never changed


# ---------------------------------------------------------------------------------------------------
# Status changes: pausing, ending, reinstating (the recorded path)


class StatusChange(models.Model):
    """A Parent Partner's status changed with a reason (pause, end, reinstate), by whom and when."""

    parent_partner = models.ForeignKey(ParentPartner, on_delete=models.PROTECT, related_name="status_changes")
    from_status = models.CharField(max_length=10, choices=PartnerStatus.choices)
    to_status = models.CharField(max_length=10, choices=PartnerStatus.choices)
    on = models.DateField()
    reason = models.CharField(max_length=300)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["parent_partner", "-recorded_at", "-pk"]
        constraints = [
            models.CheckConstraint(name="parentpartner_statuschange_has_reason", condition=~Q(reason="")),
            models.CheckConstraint(
                name="parentpartner_statuschange_changes", condition=~Q(from_status=models.F("to_status"))
            ),
        ]

    def __str__(self):
        return f"{self.parent_partner}: {self.get_from_status_display()} -> {self.get_to_status_display()} on {self.on}"

    def save(self, *args, **kwargs):
        _refuse_outside_the_door("Recording a status change")
        super().save(*args, **kwargs)


# ---------------------------------------------------------------------------------------------------
# Lead Parent Partner (R-ROLE-6)


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
    visible_to = _scoped("lead_cases_visible_to")

    def open(self):
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

    def __str__(self):
        return f"Lead Parent Partner case {self.pk} for {self.site}"

    def get_absolute_url(self):
        return reverse("parentpartner:lead-case-detail", args=[self.pk])

    @property
    def is_open(self):
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

    def __str__(self):
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

    def __str__(self):
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

    def __str__(self):
        return f"{self.coordinator}: {self.get_kind_display()}"
