"""Meetings the organisation must hold (R-ORG-4, R-SUP-3), kept by the reporting app.

How often each meeting is due, and which are overdue, is in reporting.services.meetings.
"""

from typing import Any

from django.db import models
from django.db.models import Q
from django.urls import reverse

from parentpartner import access
from parentpartner.models import ServiceArea, User
from parentpartner.roles import Role


class MeetingKind(models.TextChoices):
    """R-ORG-4: a steering committee per service area, a statewide advisory committee; R-SUP-3: the
    service area coordinator's supervision of each site coordinator and meetings with the DHS liaison."""

    STEERING_COMMITTEE = "steering", "Steering committee"
    ADVISORY_COMMITTEE = "advisory", "Statewide advisory committee"
    COORDINATOR_SUPERVISION = "supervision", "Supervision of a site coordinator"
    LIAISON_MEETING = "liaison", "Meeting with the DHS liaison"


# Kinds held for one service area (the advisory committee is the state's).
AREA_KINDS = {MeetingKind.STEERING_COMMITTEE, MeetingKind.COORDINATOR_SUPERVISION, MeetingKind.LIAISON_MEETING}


class MeetingQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> "models.QuerySet[Meeting]":
        return access.meetings_visible_to(user, self)


class Meeting(models.Model):
    """One meeting held: when, who came (logins, and names of people without one) and the notes."""

    kind = models.CharField(max_length=12, choices=MeetingKind.choices)
    held_on = models.DateField("held on")
    service_area = models.ForeignKey(
        ServiceArea, null=True, blank=True, on_delete=models.PROTECT, related_name="meetings"
    )
    coordinator = models.ForeignKey(
        User,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="supervision_meetings",
        verbose_name="site coordinator supervised",
        limit_choices_to={"role": Role.SITE_COORDINATOR},
    )
    attendees = models.ManyToManyField(User, blank=True, related_name="meetings_attended")
    other_attendees = models.CharField(
        "other attendees", max_length=500, blank=True, help_text="Names of people without a login, separated by commas."
    )
    notes = models.TextField(max_length=5000, blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "-pk"]
        constraints = [
            # The advisory committee is statewide; every other meeting belongs to one service area.
            models.CheckConstraint(
                name="reporting_meeting_area_follows_kind",
                condition=Q(kind="advisory", service_area__isnull=True)
                | (~Q(kind="advisory") & Q(service_area__isnull=False)),
            ),
            # Supervision is of one site coordinator; no other meeting names one.
            models.CheckConstraint(
                name="reporting_meeting_coordinator_only_for_supervision",
                condition=Q(kind="supervision", coordinator__isnull=False)
                | (~Q(kind="supervision") & Q(coordinator__isnull=True)),
            ),
        ]
        indexes = [
            # Overdue meetings: the latest meeting of a kind per area (or per coordinator).
            models.Index(fields=["kind", "service_area", "-held_on"], name="meeting_kind_area_idx"),
        ]

    def __str__(self) -> str:
        subject = self.coordinator if self.coordinator_id else (self.service_area or "statewide")
        return f"{self.get_kind_display()}, {subject}, {self.held_on:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("reporting:meeting-detail", args=[self.pk])
