"""The program's organisation (R-ORG-1): the five DHS service areas, Iowa's counties and the local
sites. Who may see which site is decided in `parentpartner.access`."""

from collections.abc import Callable
from typing import Any, Self

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from parentpartner import access


class ServiceArea(models.Model):
    """One of the five DHS service areas (R-ORG-1), supervised by a service area coordinator."""

    name = models.CharField(max_length=60, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class County(models.Model):
    """An Iowa county; each lies in one service area (R-ORG-1). Correctable in the admin."""

    name = models.CharField(max_length=60, unique=True)
    service_area = models.ForeignKey(ServiceArea, on_delete=models.PROTECT, related_name="counties")

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "counties"

    def __str__(self) -> str:
        return f"{self.name} County"


class SiteQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> Self:
        return access.sites_visible_to(user, self)


# Checks the apps contribute on a site moving to another service area: `check(site, area_id)` returns
# why it cannot, or None (mentoring: the Child Safety Conference cap of the new area, R-FAM-8).
SITE_MOVE_CHECKS: list[Callable[[Any, int], str | None]] = []


class Site(models.Model):
    """A local program site, run by a Parent Partner coordinator (R-ORG-1)."""

    name = models.CharField(max_length=120, unique=True)
    service_area = models.ForeignKey(ServiceArea, on_delete=models.PROTECT, related_name="sites")
    counties = models.ManyToManyField(County, related_name="sites", blank=True)
    address = models.CharField(max_length=200, blank=True)
    phone = models.CharField(max_length=30, blank=True)
    is_active = models.BooleanField("active", default=True)
    # Optimistic concurrency: the edit form carries the version it started from (see forms.py).
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = SiteQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        """A site moved to another area brings its families: the apps' checks are asked on every path
        (the site pages, the admin, scripts); the forms show the same message on the area field."""
        self._refuse_move()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("parentpartner:site-detail", args=[self.pk])

    def clean(self) -> None:
        super().clean()
        self._refuse_move()

    def _refuse_move(self) -> None:
        if self.pk is None or not self.service_area_id:
            return
        before = Site.objects.filter(pk=self.pk).values_list("service_area_id", flat=True).first()
        if before is None or before == self.service_area_id:
            return
        for check in SITE_MOVE_CHECKS:
            if problem := check(self, self.service_area_id):
                raise ValidationError({"service_area": problem})
