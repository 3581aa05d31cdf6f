"""Re-entries into care after a reunification (R-OUT-1), recorded by the coordinator; the outcome
figures that read them are in reporting.services.outcomes."""

from typing import Any

from django.db import models
from django.urls import reverse

from mentoring.models import Family
from parentpartner import access
from parentpartner.models import User


class ReentryQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> "models.QuerySet[Reentry]":
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

    def __str__(self) -> str:
        return f"Re-entry into care, {self.family}, {self.reentered_on:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("mentoring:family-detail", args=[self.family_id])
