"""Community outreach forms: a Parent Partner's committees, speaking, trainings given and new-worker
orientations, one form a month with its own lines (R-FAM-7, handbook responsibility 10). Reviewed
like the monthly activity forms and paid from once approved (R-ROLE-7).

The same form carries the Parent Partner's time and miles for the other program activities the
handbook pays for (C.IX): trainings they attend, supervision, clinical support and program meetings.
The records of those (training sessions, the supervision log, clinical support sessions, meetings)
are kept by staff for the program's rules and say nothing of one person's time or travel; the miles
are known only to the person who drove them, and a line here is reviewed and approved by the
coordinator like every other paid hour."""

from decimal import Decimal
from typing import Any, Self

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from mentoring.models.activity import ReviewedMonthlyForm
from parentpartner import access
from parentpartner.models import ParentPartner

# A line is at most one working day; more is a typing error, not a long committee meeting.
MAX_HOURS_PER_LINE = Decimal(16)
MAX_MILES_PER_LINE = Decimal(1000)


class OutreachKind(models.TextChoices):
    """The outreach the handbook lists (responsibility 10), and the other paid program activities
    (C.IX). Which kind of pay each counts as is in mentoring.services.pay.KIND_OF_LINE."""

    COMMITTEE = "committee", "Committee related to child welfare"
    SPEAKING = "speaking", "Speaking engagement or program awareness"
    TRAINING_GIVEN = "training_given", "Training given"
    NEW_WORKER_ORIENTATION = "new_worker_orientation", "DHS new-worker orientation"
    OTHER = "other", "Other meeting or activity"
    TRAINING_ATTENDED = "training_attended", "Training attended"
    SUPERVISION = "supervision", "Supervision with the coordinator"
    CLINICAL_SUPPORT = "clinical_support", "Clinical support session"
    PROGRAM_MEETING = "program_meeting", "Program meeting or conference"


class OutreachFormQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> Self:
        return access.outreach_forms_visible_to(user, self)


class OutreachForm(ReviewedMonthlyForm):
    """One community outreach form per Parent Partner per month (R-FAM-7). Same states as the monthly
    activity form: draft, submitted, returned with a comment, approved (locked); a correction re-opens
    an approved form with its reason kept (see mentoring.services.outreach_forms)."""

    parent_partner = models.ForeignKey(ParentPartner, on_delete=models.PROTECT, related_name="outreach_forms")

    objects = OutreachFormQuerySet.as_manager()

    class Meta:
        ordering = ["-month", "parent_partner__last_name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["parent_partner", "month"], name="mentoring_outreachform_one_per_month"),
            models.CheckConstraint(name="mentoring_outreachform_month_starts_on_first", condition=Q(month__day=1)),
            models.CheckConstraint(
                name="mentoring_outreachform_approved_has_who_and_when",
                condition=~Q(status="approved") | Q(approved_at__isnull=False, approved_by__isnull=False),
            ),
        ]
        indexes = [
            # The pay report and the review list: approved (or submitted) forms of one month.
            models.Index(fields=["month", "status"], name="outreachform_month_status_idx"),
        ]

    def __str__(self) -> str:
        return f"Community outreach · {self.parent_partner} · {self.month:%B %Y}"

    def get_absolute_url(self) -> str:
        return reverse("mentoring:outreach-form-detail", args=[self.pk])


class OutreachActivity(models.Model):
    form = models.ForeignKey(OutreachForm, on_delete=models.CASCADE, related_name="activities")
    held_on = models.DateField("date")
    kind = models.CharField("outreach", max_length=30, choices=OutreachKind.choices)
    description = models.CharField(max_length=300, help_text="Which committee, audience, training or meeting.")
    # Bounds are also checked by the form with a message; these keep absurd values out of the table.
    hours = models.DecimalField(
        max_digits=4,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.25")), MaxValueValidator(MAX_HOURS_PER_LINE)],
    )
    miles = models.DecimalField(
        max_digits=6,
        decimal_places=1,
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_MILES_PER_LINE)],
    )

    class Meta:
        ordering = ["held_on", "pk"]
        verbose_name_plural = "outreach activities"
        constraints = [
            models.CheckConstraint(
                name="mentoring_outreachactivity_hours_in_a_day", condition=Q(hours__gte=Decimal("0.25"), hours__lte=16)
            ),
            models.CheckConstraint(
                name="mentoring_outreachactivity_miles_plausible", condition=Q(miles__gte=0, miles__lte=1000)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.held_on} {self.get_kind_display()}: {self.description} ({self.hours} h, {self.miles} mi)"
