"""Meetings the organisation must hold (R-ORG-4, R-SUP-3) and re-entries into care after a
reunification (R-OUT-1), kept by the reporting app. Loaded with reporting.models.

How often each meeting is due, and which are overdue, is in reporting.meetings; the outcome figures
that read re-entries are in reporting.outcomes.
"""

from django.db import models
from django.db.models import Q
from django.urls import reverse

from mentoring.models import Family
from parentpartner.models import ServiceArea, User


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
    def visible_to(self, user):
        from parentpartner import access

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
        limit_choices_to={"role": "site_coordinator"},
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

    def __str__(self):
        subject = self.coordinator if self.coordinator_id else (self.service_area or "statewide")
        return f"{self.get_kind_display()}, {subject}, {self.held_on:%Y-%m-%d}"

    def get_absolute_url(self):
        return reverse("reporting:meeting-detail", args=[self.pk])


class ReentryQuerySet(models.QuerySet):
    def visible_to(self, user):
        from parentpartner import access

        return access.by_site(user, self, "family__site")


class Reentry(models.Model):
    """A child of a family re-entered care (R-OUT-1), recorded by the coordinator. The outcome figures
    count it against a reunification when it falls within 12 months after the case closed."""

    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="reentries")
    reentered_on = models.DateField("re-entered care on")
    note = models.CharField(max_length=500, blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ReentryQuerySet.as_manager()

    class Meta:
        ordering = ["-reentered_on", "-pk"]
        verbose_name_plural = "re-entries"
        indexes = [
            # Outcomes: re-entries of a family after a date.
            models.Index(fields=["family", "reentered_on"], name="reentry_family_date_idx"),
        ]

    def __str__(self):
        return f"Re-entry into care, {self.family}, {self.reentered_on:%Y-%m-%d}"

    def get_absolute_url(self):
        return reverse("mentoring:family-detail", args=[self.family_id])
