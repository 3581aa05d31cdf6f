"""Role progression's records (R-ROLE-1, R-ROLE-5, R-ROLE-7): the Training Verification and Approval
form with its signatures, and the status changes of the recorded path (pause, end, reinstate).

The rules live in `parentpartner.services.progression` and `parentpartner.services.door`; these are the records. Scope
is decided in `parentpartner.access`, as everywhere.
"""

from typing import TYPE_CHECKING, Any, Self

from django.db import models
from django.db.models import Q
from django.urls import reverse

from parentpartner import access
from parentpartner.models.people import ParentPartner, PartnerStatus, refuse_outside_the_door
from parentpartner.models.users import User

if TYPE_CHECKING:
    # What the mixin is mixed into, for the checker; at run time a plain class (the migrations name it).
    _MixedIntoModel = models.Model
else:
    _MixedIntoModel = object


class Immutable(_MixedIntoModel):
    """A record that, once final, the application never changes again (`save` refuses)."""

    def final_in_database(self) -> bool:
        raise NotImplementedError

    def save(self, *args: Any, **kwargs: Any) -> None:
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
    def visible_to(self, user: Any) -> Self:
        return access.approval_forms_visible_to(user, self)

    def open(self) -> models.QuerySet:
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

    def __str__(self) -> str:
        return f"Training Verification and Approval form {self.pk} for {self.parent_partner}"

    def get_absolute_url(self) -> str:
        return reverse("parentpartner:approval-form-detail", args=[self.pk])

    def final_in_database(self) -> bool:
        return ApprovalForm.objects.filter(pk=self.pk, state=FormState.APPROVED).exists()

    @property
    def is_open(self) -> bool:
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

    def __str__(self) -> str:
        return f"{self.get_signer_role_display()} {self.get_decision_display().lower()} by {self.signed_by}"

    def final_in_database(self) -> bool:
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

    def __str__(self) -> str:
        return f"{self.parent_partner}: {self.get_from_status_display()} -> {self.get_to_status_display()} on {self.on}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        refuse_outside_the_door("Recording a status change")
        super().save(*args, **kwargs)
