"""A Parent Partner assigned to a family's case (R-FAM-2), its first contact (R-FAM-3), how it ended
(R-FAM-4, R-FAM-5), and the conflicts Parent Partners declared with families (R-FAM-4)."""

import datetime

from django.db import models
from django.db.models import Q

from mentoring.models.cases import Case, Family
from parentpartner.dates import long_date
from parentpartner.models import ParentPartner, User


class EndReason(models.TextChoices):
    """Why an assignment ended (R-FAM-4, R-FAM-5)."""

    KNOWS_FAMILY = "knows_family", "Reassigned: the Parent Partner knows the family"
    LIVES_CLOSE = "lives_close", "Reassigned: the Parent Partner lives close by"
    OTHER_CONFLICT = "other_conflict", "Reassigned: another conflict or concern"
    MENTORING_STOPPED = "mentoring_stopped", "Reassigned: the Parent Partner may not mentor now"
    CASE_CLOSED = "case_closed", "The case closed"


class Assignment(models.Model):
    """A Parent Partner assigned to a case (R-FAM-2). The first contact is due within two working days
    (R-FAM-3). Reassignment ends this row and opens another, so the history stays (R-FAM-4)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="assignments")
    parent_partner = models.ForeignKey(ParentPartner, on_delete=models.PROTECT, related_name="assignments")
    assigned_on = models.DateField()
    assigned_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    assigned_at = models.DateTimeField(auto_now_add=True)
    match_reasons = models.CharField(max_length=300, blank=True)
    first_contact_due = models.DateField()
    first_contact_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    end_reason = models.CharField(max_length=30, choices=EndReason.choices, blank=True)
    end_note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-assigned_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"], condition=Q(ended_on__isnull=True), name="mentoring_assignment_one_current_per_case"
            ),
            models.CheckConstraint(
                name="mentoring_assignment_ended_has_reason",
                condition=Q(ended_on__isnull=True) | ~Q(end_reason=""),
            ),
        ]
        indexes = [
            # A Parent Partner's current caseload (matching ranks by it).
            models.Index(fields=["parent_partner"], condition=Q(ended_on__isnull=True), name="assignment_current_idx"),
            # Overdue first contacts: current assignments without a first contact, by due date.
            models.Index(
                fields=["first_contact_due"],
                condition=Q(first_contact_on__isnull=True, ended_on__isnull=True),
                name="assignment_first_contact_idx",
            ),
            # Assignments active in a month (reporting.audits.active_assignments, the home page's
            # missing forms): `ended_on IS NULL OR ended_on >= %s` as two index scans (issue 9).
            models.Index(fields=["ended_on"], name="assignment_active_in_month_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.parent_partner} with {self.case.family}"

    @property
    def is_current(self) -> bool:
        return self.ended_on is None

    def contact_date_problem(self, day: datetime.date | None) -> str | None:
        """R-FAM-3, R-FAM-7: a contact on this assignment's monthly activity form falls inside the
        assignment, from the day the Parent Partner was assigned to the day it ended. Checked by
        `Contact.clean` (the form's lines) and `Contact.save` (every other path)."""
        if day is None:
            return None
        if day < self.assigned_on:
            return (
                f"This date is before the Parent Partner was assigned to this family on {long_date(self.assigned_on)}."
            )
        if self.ended_on is not None and day > self.ended_on:
            return f"This date is after the assignment ended on {long_date(self.ended_on)}."
        return None


class Conflict(models.Model):
    """A Parent Partner declared a conflict with a family (R-FAM-4): never matched with it again."""

    parent_partner = models.ForeignKey(ParentPartner, on_delete=models.CASCADE, related_name="conflicts")
    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="conflicts")
    reason = models.CharField(max_length=30, choices=EndReason.choices[:3])
    note = models.CharField(max_length=300, blank=True)
    declared_on = models.DateField()

    class Meta:
        ordering = ["-declared_on"]
        constraints = [
            models.UniqueConstraint(fields=["parent_partner", "family"], name="mentoring_conflict_once"),
        ]

    def __str__(self) -> str:
        return f"{self.parent_partner} / {self.family}: {self.get_reason_display()}"
