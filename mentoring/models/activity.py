"""Monthly activity forms: every contact with the family, submitted to the coordinator monthly
(R-FAM-6, R-FAM-7)."""

from decimal import Decimal
from typing import Any, Self

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from mentoring.models.assignments import Assignment
from parentpartner import access
from parentpartner.models import User

# R-ROLE-7: about 7-10 hours a month per family.
EXPECTED_HOURS_PER_MONTH = (Decimal(7), Decimal(10))


class FormStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    RETURNED = "returned", "Returned with a comment"
    APPROVED = "approved", "Approved"


class ActivityFormQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> Self:
        return access.activity_forms_visible_to(user, self)


class ReviewedMonthlyForm(models.Model):
    """What a monthly activity form and a community outreach form share: the month and the review
    cycle (mentoring.services.review), with who submitted and approved it and the optimistic-lock version."""

    month = models.DateField(help_text="The first day of the month the form covers.")
    status = models.CharField(max_length=12, choices=FormStatus.choices, default=FormStatus.DRAFT)
    return_comment = models.CharField(max_length=500, blank=True)
    correction_reason = models.CharField(max_length=500, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(User, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True

    @property
    def entered_and_approved_by_same_person(self) -> bool:
        """Approved by the person who created or submitted it: no second look. Allowed (a small site
        may have one coordinator), shown on the form's pages and drawn first in the month's file
        review and file audit (R-SUP-4, reporting.services.file_audits.self_approved_families)."""
        return self.approved_by_id is not None and self.approved_by_id in (self.created_by_id, self.submitted_by_id)

    @property
    def is_locked(self) -> bool:
        return self.status in (FormStatus.SUBMITTED, FormStatus.APPROVED)

    @property
    def is_editable(self) -> bool:
        """Lines change only while the form is a draft or was returned."""
        return not self.is_locked


class ActivityForm(ReviewedMonthlyForm):
    """One form per assignment per month. Approved forms are locked; a correction re-opens one with
    its reason kept."""

    assignment = models.ForeignKey(Assignment, on_delete=models.PROTECT, related_name="activity_forms")
    # R-FAM-6: the coordinator who approves the form confirms that no line is babysitting, transporting
    # children or supervising a visit, whatever activity it names (mentoring.services.activity_forms.approve).
    # Forms approved before this confirmation existed keep False: it was not asked.
    confirmed_no_prohibited_activity = models.BooleanField(
        "confirmed: no babysitting, transporting children or supervising visits", default=False
    )

    objects = ActivityFormQuerySet.as_manager()

    class Meta:
        ordering = ["-month", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["assignment", "month"], name="mentoring_activityform_one_per_month"),
            models.CheckConstraint(name="mentoring_activityform_month_starts_on_first", condition=Q(month__day=1)),
        ]
        indexes = [
            # The pay report (mentoring.services.pay.table: approved forms of one month) and the home page's
            # missing-forms check: WHERE month = %s AND status = %s, instead of every form (issue 9).
            models.Index(fields=["month", "status"], name="activityform_month_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.assignment.parent_partner} · {self.assignment.case.family} · {self.month:%B %Y}"

    def get_absolute_url(self) -> str:
        return reverse("mentoring:activity-form-detail", args=[self.pk])


class ContactMethod(models.TextChoices):
    FACE_TO_FACE = "face_to_face", "Face to face"
    PHONE = "phone", "Phone"
    TEXT = "text", "Text"
    EMAIL = "email", "Email"
    LETTER = "letter", "Letter"
    VIDEO = "video", "Video"


class ContactActivity(models.TextChoices):
    """What the contact was for (R-FAM-6). A Parent Partner never babysits, transports children or
    supervises visits, so those are not activities."""

    HOME_VISIT = "home_visit", "Home visit"
    COURT = "court", "Court"
    FTDM = "ftdm", "Family Team Decision Making meeting"
    CASEWORKER_MEETING = "caseworker_meeting", "Caseworker meeting"
    TREATMENT_OR_RECOVERY = "treatment", "Treatment or recovery group"
    VISITATION_SUPPORT = "visitation_support", "Support around visitation"
    RESOURCES = "resources", "Connecting to resources"
    ENCOURAGEMENT = "encouragement", "Encouragement"
    OTHER = "other", "Other"


class Contact(models.Model):
    form = models.ForeignKey(ActivityForm, on_delete=models.CASCADE, related_name="contacts")
    contacted_on = models.DateField("date")
    method = models.CharField(max_length=20, choices=ContactMethod.choices)
    activity = models.CharField(max_length=20, choices=ContactActivity.choices)
    # Bounds are also checked by the form with a message; these keep absurd values out of the table.
    minutes = models.PositiveIntegerField(validators=[MinValueValidator(1), MaxValueValidator(16 * 60)])
    miles = models.DecimalField(
        max_digits=6, decimal_places=1, default=0, validators=[MinValueValidator(0), MaxValueValidator(1000)]
    )
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["contacted_on", "pk"]
        constraints = [
            models.CheckConstraint(
                name="mentoring_contact_minutes_in_a_day", condition=Q(minutes__gte=1, minutes__lte=960)
            ),
            models.CheckConstraint(
                name="mentoring_contact_miles_plausible", condition=Q(miles__gte=0, miles__lte=1000)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.contacted_on} {self.get_method_display()} {self.get_activity_display()}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Every path that writes a contact (the form's page, demo data, a command) meets the same
        check; the page shows it on the line before getting here (`clean`)."""
        problem = self.date_problem()
        if problem:
            raise ValidationError({"contacted_on": problem})
        super().save(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        problem = self.date_problem() if self.form_id and self.contacted_on else None
        if problem:
            raise ValidationError({"contacted_on": problem})

    def date_problem(self) -> str | None:
        """R-FAM-3, R-FAM-7: the contact falls inside its assignment (Assignment.contact_date_problem)."""
        return self.form.assignment.contact_date_problem(self.contacted_on)
