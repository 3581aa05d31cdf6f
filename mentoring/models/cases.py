"""Families, their cases (from the DHS caseworker's referral to closing) and assignments of a Parent
Partner (R-FAM-1..5, R-FAM-8)."""

import enum
from collections.abc import Collection
from typing import Any, Final, Self

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models, transaction
from django.db.models import Q
from django.db.models.functions import Upper
from django.urls import reverse

from parentpartner import access
from parentpartner.models import County, Language, LivedExperience, ServiceArea, Site, User

# R-FAM-8: up to 50 parents per service area in the Child Safety Conference pilot.
CSC_CAPACITY_PER_AREA = 50


class _NotLoaded(enum.Enum):
    """A value the row was loaded without (.only(), .defer()), told apart from a loaded None. An enum
    member rather than object() so that mypy narrows `is _NOT_LOADED`."""

    NOT_LOADED = "not loaded"


_NOT_LOADED: Final = _NotLoaded.NOT_LOADED


class StateHoliday(models.Model):
    """A state holiday: not a working day for the two-working-day first contact (R-FAM-3)."""

    date = models.DateField(unique=True)
    name = models.CharField(max_length=80)

    class Meta:
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.name} ({self.date})"


class FamilyQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> Self:
        return access.families_visible_to(user, self)


class Family(models.Model):
    """The parent a Parent Partner supports, and what matching needs to know. Only what the program
    needs is stored: no dates of birth, no addresses."""

    parent_first_name = models.CharField(max_length=80)
    parent_last_name = models.CharField(max_length=80)
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="families")
    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="families")
    dhs_case_number = models.CharField("DHS case number", max_length=40)
    caseworker_name = models.CharField(max_length=120)
    caseworker_phone = models.CharField(max_length=30, blank=True)
    caseworker_email = models.EmailField(blank=True)
    needs = ArrayField(
        models.CharField(max_length=32, choices=LivedExperience.choices),
        default=list,
        blank=True,
        help_text="Shared experience that matching looks for (R-FAM-2).",
    )
    language = models.CharField(max_length=8, choices=Language.choices, default=Language.ENGLISH)
    noncustodial_parent = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = FamilyQuerySet.as_manager()

    # The site the row had when loaded or last saved (R-FAM-8: a move to another area is checked).
    _loaded_site_id: int | _NotLoaded

    class Meta:
        ordering = ["parent_last_name", "parent_first_name", "pk"]
        verbose_name_plural = "families"
        indexes = [
            # The family list of a site, by name.
            models.Index(fields=["site", "parent_last_name"], name="family_site_name_idx"),
            # The family list's search (FamilyFilter: icontains on the first name, the last name or the
            # DHS case number, i.e. UPPER(column) LIKE '%TERM%'): trigram indexes answer it without
            # reading every family (statewide search count 8 -> 0.7 ms on the scale data, issue 9).
            *[
                GinIndex(OpClass(Upper(column), name="gin_trgm_ops"), name=f"family_search_{short}_trgm")
                for column, short in (
                    ("parent_first_name", "first"),
                    ("parent_last_name", "last"),
                    ("dhs_case_number", "dhs"),
                )
            ],
        ]

    def __str__(self) -> str:
        return f"{self.parent_first_name} {self.parent_last_name}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """R-FAM-8: a family with an open Child Safety Conference case that moves to a site of another
        service area takes one of that area's 50 places; refused when none is left, on every path that
        saves a family (the family's page, a command, demo data)."""
        with transaction.atomic():
            if (
                self.pk is not None
                and _moves_into_another_area(self)
                and self.cases.filter(source=ReferralSource.CHILD_SAFETY_CONFERENCE)
                .exclude(status=CaseStatus.CLOSED)
                .exists()
            ):
                problem = csc_capacity_problem(self.site.service_area_id, exclude_family=self.pk)
                if problem:
                    raise ValidationError({"site": problem})
            super().save(*args, **kwargs)
        self._loaded_site_id = self.site_id

    def get_absolute_url(self) -> str:
        return reverse("mentoring:family-detail", args=[self.pk])

    @classmethod
    def from_db(cls, db: str | None, field_names: Collection[str], values: Collection[Any], **kwargs: Any) -> Self:
        # **kwargs: django-stubs 6.1 declares Django 6.1's `fetch_mode`; Django 5.2 passes nothing more.
        instance = super().from_db(db, field_names, values, **kwargs)
        instance._loaded_site_id = dict(zip(field_names, values, strict=True)).get("site_id", _NOT_LOADED)
        return instance

    def get_needs_display(self) -> str:
        labels = dict(LivedExperience.choices)
        return ", ".join(labels.get(code, code) for code in self.needs)


class Placement(models.TextChoices):
    IN_HOME = "in_home", "In the home"
    FOSTER_CARE = "foster_care", "Foster care"
    KINSHIP_CARE = "kinship_care", "Kinship care"


class Child(models.Model):
    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="children")
    age = models.PositiveSmallIntegerField(validators=[MaxValueValidator(21)])
    placement = models.CharField(max_length=20, choices=Placement.choices)

    class Meta:
        ordering = ["-age", "pk"]
        verbose_name_plural = "children"

    def __str__(self) -> str:
        return f"Child aged {self.age}, {self.get_placement_display().lower()}"


class ReferralSource(models.TextChoices):
    """R-FAM-8: the traditional program for families with children in care, or a Child Safety
    Conference for families at risk of removal."""

    TRADITIONAL = "traditional", "Traditional program (children in care)"
    CHILD_SAFETY_CONFERENCE = "csc", "Child Safety Conference"


class CaseStatus(models.TextChoices):
    AWAITING_ASSIGNMENT = "awaiting", "Awaiting assignment"
    ACTIVE = "active", "Active"
    CLOSED = "closed", "Closed"


class ClosedBy(models.TextChoices):
    """R-FAM-5: by mutual agreement of all parties, or by the participant alone."""

    MUTUAL_AGREEMENT = "mutual", "Mutual agreement of all parties"
    PARTICIPANT = "participant", "The participant"


class CaseOutcome(models.TextChoices):
    REUNIFIED = "reunified", "Reunified"
    OTHER_PERMANENCY = "other_permanency", "Other permanent plan"
    TPR = "tpr", "Termination of parental rights"
    PLACEMENT_AVOIDED = "placement_avoided", "Placement avoided (Child Safety Conference)"
    WITHDREW = "withdrew", "Participant withdrew"
    OTHER = "other", "Other"


class CaseQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> Self:
        return access.cases_visible_to(user, self)


class Case(models.Model):
    """A family's time with the program: opened by the DHS caseworker's referral with the parent's
    voluntary consent (R-FAM-1), closed by agreement or by the participant (R-FAM-5)."""

    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="cases")
    source = models.CharField(max_length=20, choices=ReferralSource.choices, default=ReferralSource.TRADITIONAL)
    referred_on = models.DateField()
    referred_by = models.CharField("referring caseworker", max_length=120)
    consent_given = models.BooleanField("the parent agreed voluntarily", default=False)
    consent_on = models.DateField("consent given on", null=True, blank=True)
    status = models.CharField(max_length=20, choices=CaseStatus.choices, default=CaseStatus.AWAITING_ASSIGNMENT)
    closed_on = models.DateField(null=True, blank=True)
    closed_by = models.CharField(max_length=20, choices=ClosedBy.choices, blank=True)
    outcome = models.CharField(max_length=20, choices=CaseOutcome.choices, blank=True)
    closing_note = models.CharField(max_length=300, blank=True)
    reentry_on = models.DateField(
        "child re-entered care on", null=True, blank=True, help_text="Recorded after a reunification (R-OUT-1)."
    )
    created_by = models.ForeignKey(User, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = CaseQuerySet.as_manager()

    # Status, source and family when loaded or last saved (R-FAM-8: a case taking a new place is checked).
    _loaded: tuple[str | _NotLoaded, str | _NotLoaded, int | None]

    class Meta:
        ordering = ["-referred_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="mentoring_case_consent_before_opening",
                condition=Q(consent_given=True, consent_on__isnull=False),
            ),
            models.CheckConstraint(
                name="mentoring_case_closed_has_date_and_outcome",
                condition=~Q(status="closed") | (Q(closed_on__isnull=False) & ~Q(outcome="") & ~Q(closed_by="")),
            ),
            # One open case per family at a time.
            models.UniqueConstraint(
                fields=["family"], condition=~Q(status="closed"), name="mentoring_case_one_open_per_family"
            ),
        ]
        indexes = [
            # CSC capacity per service area and active-case lists: filter by status and source.
            models.Index(fields=["status", "source"], name="case_status_source_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.family} ({self.get_source_display()}, referred {self.referred_on})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """R-FAM-8: an open Child Safety Conference case takes one of its service area's 50 places.
        Checked whenever a case starts taking one: opened, re-opened, made a CSC case, moved to
        another family, on every path that saves a case (mentoring.services.cases.open_case shows the
        same message on the referral form first)."""
        with transaction.atomic():
            if self.takes_a_csc_place and not self._took_a_csc_place():
                area_id = Site.objects.filter(families=self.family_id).values_list("service_area", flat=True).first()
                problem = csc_capacity_problem(area_id, exclude_case=self.pk)
                if problem:
                    raise ValidationError({"source": problem})
            super().save(*args, **kwargs)
        self._loaded = (self.status, self.source, self.family_id)

    def get_absolute_url(self) -> str:
        return reverse("mentoring:family-detail", args=[self.family_id])

    @classmethod
    def from_db(cls, db: str | None, field_names: Collection[str], values: Collection[Any], **kwargs: Any) -> Self:
        # **kwargs: django-stubs 6.1 declares Django 6.1's `fetch_mode`; Django 5.2 passes nothing more.
        instance = super().from_db(db, field_names, values, **kwargs)
        loaded = dict(zip(field_names, values, strict=True))
        instance._loaded = (
            loaded.get("status", _NOT_LOADED),
            loaded.get("source", _NOT_LOADED),
            loaded.get("family_id"),
        )
        return instance

    @property
    def takes_a_csc_place(self) -> bool:
        return self.source == ReferralSource.CHILD_SAFETY_CONFERENCE and self.status != CaseStatus.CLOSED

    def _took_a_csc_place(self) -> bool:
        """Did this case already take a place in its area when it was loaded?"""
        if self.pk is None:
            return False
        status, source, family_id = getattr(self, "_loaded", (_NOT_LOADED, _NOT_LOADED, None))
        if status is _NOT_LOADED or source is _NOT_LOADED:
            row = Case.objects.filter(pk=self.pk).values_list("status", "source", "family_id").first()
            if row is None:
                return False
            status, source, family_id = row
        return (
            source == ReferralSource.CHILD_SAFETY_CONFERENCE
            and status != CaseStatus.CLOSED
            and family_id == self.family_id
        )


def _moves_into_another_area(family: Family) -> bool:
    old_site_id: int | None | _NotLoaded = getattr(family, "_loaded_site_id", _NOT_LOADED)
    if old_site_id is _NOT_LOADED:
        old_site_id = Family.objects.filter(pk=family.pk).values_list("site_id", flat=True).first()
    if old_site_id == family.site_id:
        return False
    areas: dict[int | None, int] = dict(
        Site.objects.filter(pk__in=[old_site_id, family.site_id]).values_list("pk", "service_area_id")
    )
    return areas.get(old_site_id) != areas.get(family.site_id)


def csc_families_active_in_area(
    area_id: int | None, *, exclude_case: int | None = None, exclude_family: int | None = None
) -> int:
    """R-FAM-8: the open Child Safety Conference cases of a service area (one place each)."""
    cases = Case.objects.filter(
        source=ReferralSource.CHILD_SAFETY_CONFERENCE, family__site__service_area_id=area_id
    ).exclude(status=CaseStatus.CLOSED)
    if exclude_case is not None:
        cases = cases.exclude(pk=exclude_case)
    if exclude_family is not None:
        cases = cases.exclude(family=exclude_family)
    return cases.count()


def csc_capacity_problem(
    area_id: int | None, *, exclude_case: int | None = None, exclude_family: int | None = None
) -> str | None:
    """R-FAM-8: why one more Child Safety Conference family cannot join service area `area_id`, or
    None. The area's row is locked until the caller's transaction ends, so two coordinators cannot
    both take its last place. The one check of every path: referral, re-referral, a family moved
    to another area, a case made a CSC case."""
    if area_id is None:  # no area (a case whose family is not saved): no row to find, nothing to lock
        return None
    area = ServiceArea.objects.select_for_update().filter(pk=area_id).first()
    if area is None:
        return None
    if csc_families_active_in_area(area_id, exclude_case=exclude_case, exclude_family=exclude_family) >= (
        CSC_CAPACITY_PER_AREA
    ):
        return (
            f"The {area} service area already has {CSC_CAPACITY_PER_AREA} active Child Safety Conference "
            "families, the most the pilot takes."
        )
    return None


def csc_site_move_problem(site: Site, area_id: int) -> str | None:
    """R-FAM-8: a site moving to another service area brings its open Child Safety Conference cases;
    the new area's cap holds for all of them together."""
    moving = (
        Case.objects.filter(source=ReferralSource.CHILD_SAFETY_CONFERENCE, family__site=site)
        .exclude(status=CaseStatus.CLOSED)
        .count()
    )
    if not moving:
        return None
    area = ServiceArea.objects.select_for_update().filter(pk=area_id).first()
    there = csc_families_active_in_area(area_id)
    if area is not None and there + moving > CSC_CAPACITY_PER_AREA:
        return (
            f"{site} has {moving} active Child Safety Conference families and the {area} service area "
            f"already has {there}: together more than the {CSC_CAPACITY_PER_AREA} the pilot takes."
        )
    return None
