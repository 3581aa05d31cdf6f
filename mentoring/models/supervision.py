"""Weekly supervision of each Parent Partner's cases by the coordinator (R-SUP-1) and clinical support
sessions with the site's clinician (R-SUP-2). Who is overdue for either is in mentoring.services.supervision."""

from typing import Any, Self

from django.db import models
from django.urls import reverse

from mentoring.models.cases import Case
from parentpartner import access
from parentpartner.models import ParentPartner, Site, User


class SupervisionSessionQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> Self:
        return access.supervision_sessions_visible_to(user, self)


class SupervisionSession(models.Model):
    """One entry of the weekly supervision log: the coordinator reviewed the Parent Partner's cases
    (R-SUP-1)."""

    parent_partner = models.ForeignKey(ParentPartner, on_delete=models.PROTECT, related_name="supervision_sessions")
    coordinator = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    held_on = models.DateField("date")
    cases = models.ManyToManyField(
        Case, blank=True, related_name="supervision_sessions", verbose_name="cases discussed"
    )
    notes = models.CharField(
        max_length=1000, blank=True, help_text="Ongoing issues and case concerns to follow up; no clinical detail."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = SupervisionSessionQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["parent_partner", "held_on"], name="mentoring_supervisionsession_once_a_day"
            ),
        ]
        indexes = [
            # R-SUP-1 flags: the latest supervision of each Parent Partner (Max(held_on) per person).
            models.Index(fields=["parent_partner", "-held_on"], name="supervision_partner_date_idx"),
            # The supervision list across an area or the state: ORDER BY held_on DESC, id DESC LIMIT 25
            # reads the first page from this index instead of sorting every session (issue 9).
            models.Index(fields=["-held_on", "-id"], name="supervision_list_order_idx"),
        ]

    def __str__(self) -> str:
        return f"Supervision of {self.parent_partner} on {self.held_on}"

    def get_absolute_url(self) -> str:
        return reverse("mentoring:supervision-detail", args=[self.pk])


class ClinicalSupportFormat(models.TextChoices):
    """R-SUP-2: monthly group sessions; individual sessions as needed."""

    GROUP = "group", "Group"
    INDIVIDUAL = "individual", "Individual"


class ClinicalSupportSessionQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> Self:
        return access.clinical_support_sessions_visible_to(user, self)


class ClinicalSupportSession(models.Model):
    """A clinical support session for Parent Partners of a site with its licensed clinician (R-SUP-2,
    R-ORG-3). Only who attended and when is kept: what was said stays with the clinician."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="clinical_support_sessions")
    held_on = models.DateField("date")
    clinician = models.CharField("clinician", max_length=120)
    format = models.CharField(max_length=12, choices=ClinicalSupportFormat.choices, default=ClinicalSupportFormat.GROUP)
    attendees = models.ManyToManyField(ParentPartner, related_name="clinical_support_sessions")
    recorded_by = models.ForeignKey(User, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ClinicalSupportSessionQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "-pk"]
        indexes = [
            # The clinical support list of a site, newest first.
            models.Index(fields=["site", "-held_on"], name="clinical_site_date_idx"),
            # The quarterly report's "attended clinical support in the quarter" per Parent Partner
            # (reporting.quarterly_bases, R-SUP-2): sessions held in a date range, not every session
            # (statewide report's Parent Partner figures 107 -> 47 ms on the scale data, issue 9).
            models.Index(fields=["held_on"], name="clinical_quarter_held_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_format_display()} clinical support, {self.site}, {self.held_on}"

    def get_absolute_url(self) -> str:
        return reverse("mentoring:clinical-support-detail", args=[self.pk])
