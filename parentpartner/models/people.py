"""Parent Partners and their role history (R-ROLE-1), guarded so that a role or a status changes only
through `parentpartner.services.door`."""

import contextvars
import datetime
from collections.abc import Collection
from typing import Any, Self

from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import ArrayField, BigIntegerRangeField, DateRangeField, RangeOperators
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import F, Func, Q
from django.urls import reverse

from parentpartner import access
from parentpartner.models.organisation import County, Site
from parentpartner.models.users import User


class LivedExperience(models.TextChoices):
    """The shared experience matching looks for (R-FAM-2)."""

    SUBSTANCE_ABUSE = "substance_abuse", "Substance abuse"
    DOMESTIC_VIOLENCE = "domestic_violence", "Domestic violence"
    MENTAL_HEALTH = "mental_health", "Mental health"
    TERMINATION_OF_PARENTAL_RIGHTS = "tpr", "Termination of parental rights"
    NONCUSTODIAL_PARENTING = "noncustodial", "Noncustodial parenting"
    INCARCERATION = "incarceration", "Incarceration"
    HOMELESSNESS = "homelessness", "Homelessness"
    CHILD_WELFARE_AS_CHILD = "foster_care_as_child", "Was in foster care as a child"


class Language(models.TextChoices):
    ENGLISH = "en", "English"
    SPANISH = "es", "Spanish"
    VIETNAMESE = "vi", "Vietnamese"
    BOSNIAN = "bs", "Bosnian"
    ARABIC = "ar", "Arabic"
    SWAHILI = "sw", "Swahili"
    BURMESE = "my", "Burmese"
    ASL = "ase", "American Sign Language"


class PartnerRole(models.TextChoices):
    """The Parent Partner roles in order of progression (R-ROLE-1)."""

    IN_TRAINING = "ppit", "Parent Partner in Training"
    IN_TRAINING_MENTORING = "ppit_mentoring", "Parent Partner in Training Mentoring"
    PARENT_PARTNER = "pp", "Parent Partner"
    LEAD = "lead", "Lead Parent Partner"


class PartnerStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    PAUSED = "paused", "Paused"
    INACTIVE = "inactive", "Inactive"


class PermanencyType(models.TextChoices):
    """How the person's own child welfare case was resolved (R-ROLE-2)."""

    REUNIFIED = "reunified", "Reunified with their children"
    TPR = "tpr", "Termination of parental rights resolved"
    OTHER_PERMANENCY = "other", "Other permanency decision resolved"


# Open only inside `parentpartner.services.door`: a person's role and status change there and nowhere else.
DOOR_OPEN: contextvars.ContextVar[bool] = contextvars.ContextVar("parentpartner_door_open", default=False)
STANDING_FIELDS = {"current_role", "status"}


class OutsideTheDoor(RuntimeError):
    """A role or status written without `parentpartner.services.door`: a programming error, never user input."""

    def __init__(self, what: str) -> None:
        super().__init__(f"{what}: a Parent Partner's role and status change only through parentpartner.services.door.")


def refuse_outside_the_door(what: str) -> None:
    if not DOOR_OPEN.get():
        raise OutsideTheDoor(what)


class DoorGuardedQuerySet(models.QuerySet):
    """Bulk writes that would change a role or status without the door are refused."""

    guarded_fields: set[str] = set()

    def update(self, **kwargs: Any) -> int:
        if self.guarded_fields & set(kwargs) or "*" in self.guarded_fields:
            refuse_outside_the_door(f"{self.model.__name__}.objects.update")
        return super().update(**kwargs)

    def bulk_update(self, objs: Any, fields: Any, *args: Any, **kwargs: Any) -> int:
        if self.guarded_fields & set(fields) or "*" in self.guarded_fields:
            refuse_outside_the_door(f"{self.model.__name__}.objects.bulk_update")
        return super().bulk_update(objs, fields, *args, **kwargs)

    def bulk_create(self, objs: Any, *args: Any, **kwargs: Any) -> list:
        refuse_outside_the_door(f"{self.model.__name__}.objects.bulk_create")
        return super().bulk_create(objs, *args, **kwargs)

    def delete(self) -> tuple[int, dict[str, int]]:
        if "*" in self.guarded_fields:
            refuse_outside_the_door(f"{self.model.__name__}.objects.delete")
        return super().delete()


class ParentPartnerQuerySet(DoorGuardedQuerySet):
    guarded_fields = STANDING_FIELDS

    def visible_to(self, user: Any) -> Self:
        return access.parent_partners_visible_to(user, self)

    def active_counts_by_role(self) -> dict[str, int]:
        """Active people per role (R-ROLE-1) and in all, in one aggregate query."""
        active = Q(status=PartnerStatus.ACTIVE)
        return self.aggregate(
            active=models.Count("pk", filter=active),
            **{role.value: models.Count("pk", filter=active & Q(current_role=role)) for role in PartnerRole},
        )


class ParentPartner(models.Model):
    """A parent who mentors, at any stage of R-ROLE-1. Many never have a login."""

    first_name = models.CharField(max_length=80)
    last_name = models.CharField(max_length=80)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=30, blank=True)
    # Empty only for people recorded before it was asked; with the name it finds a person entered twice.
    date_of_birth = models.DateField(null=True, blank=True)
    county = models.ForeignKey(
        County, on_delete=models.PROTECT, related_name="parent_partners", verbose_name="county of residence"
    )
    languages = ArrayField(models.CharField(max_length=8, choices=Language.choices), default=list, blank=True)
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="parent_partners")
    # Kept equal to the open RoleAssignment row by `parentpartner.services.door`; never edited by a form.
    current_role = models.CharField(max_length=20, choices=PartnerRole.choices, editable=False)
    lived_experience = ArrayField(
        models.CharField(max_length=32, choices=LivedExperience.choices), default=list, blank=True
    )
    permanency_type = models.CharField(max_length=12, choices=PermanencyType.choices)
    permanency_date = models.DateField(
        "date of reunification or permanency resolution",
        # R-ROLE-2, R-ROLE-3: the clock that role progression reads.
        help_text="Training may start 6 months after this date; mentoring after 1 year.",
    )
    status = models.CharField(max_length=10, choices=PartnerStatus.choices, default=PartnerStatus.ACTIVE)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ParentPartnerQuerySet.as_manager()

    # The days as a Parent Partner, as read on (day, days) by a query that already had them
    # (`progression`, `gates.blockers_for_many`): `gates.days_as_parent_partner` then asks no more.
    _days_as_parent_partner: tuple[datetime.date, int]

    class Meta:
        ordering = ["last_name", "first_name", "pk"]
        indexes = [
            # The site coordinator's Parent Partner list: filter by site, order by name.
            models.Index(fields=["site", "last_name", "first_name"], name="pp_site_name_idx"),
            # Matching looks for shared experience: `lived_experience @> ARRAY[...]`.
            GinIndex(fields=["lived_experience"], name="pp_lived_experience_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """R-ROLE-1: a person is entered, and their role or status changed, only through the door."""
        if self._state.adding:
            refuse_outside_the_door("Entering a Parent Partner")
        else:
            loaded = getattr(self, "_standing_loaded", {})
            if any(self.__dict__.get(name, loaded.get(name)) != loaded.get(name) for name in STANDING_FIELDS):
                refuse_outside_the_door("Changing a Parent Partner's role or status")
        super().save(*args, **kwargs)
        self._standing_loaded = {name: self.__dict__.get(name) for name in STANDING_FIELDS}

    def get_absolute_url(self) -> str:
        return reverse("parentpartner:parent-partner-detail", args=[self.pk])

    @classmethod
    def from_db(
        cls, db: str | None, field_names: Collection[str], values: Collection[Any], **kwargs: Any
    ) -> "ParentPartner":
        # `kwargs`: what a later Django passes on (django-stubs already declares 6.0's `fetch_mode`).
        instance = super().from_db(db, field_names, values, **kwargs)
        instance._standing_loaded = {name: instance.__dict__.get(name) for name in STANDING_FIELDS}
        return instance

    def refresh_from_db(self, *args: Any, **kwargs: Any) -> None:
        # What the database holds now is what a later save compares with.
        super().refresh_from_db(*args, **kwargs)
        self._standing_loaded = {name: self.__dict__.get(name) for name in STANDING_FIELDS}

    def get_languages_display(self) -> str:
        labels = dict(Language.choices)
        return ", ".join(labels.get(code, code) for code in self.languages)

    def get_lived_experience_display(self) -> str:
        labels = dict(LivedExperience.choices)
        return ", ".join(labels.get(code, code) for code in self.lived_experience)


class RoleAssignmentQuerySet(DoorGuardedQuerySet):
    guarded_fields = {"*"}


class RoleAssignment(models.Model):
    """One role held by a Parent Partner from `started_on` until `ended_on` (R-ROLE-1).

    The database refuses two overlapping rows for one person, so a person can never hold two roles at
    once and the history has no gaps that a form could paper over.
    """

    parent_partner = models.ForeignKey(ParentPartner, on_delete=models.CASCADE, related_name="role_history")
    role = models.CharField(max_length=20, choices=PartnerRole.choices)
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True, help_text="Empty while the role is held.")
    reason = models.CharField(max_length=200, blank=True)
    recorded_by = models.ForeignKey(User, null=True, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    # A role held before the application kept the roster: recorded from the paper record, with the
    # original approval's date and approver (R-ROLE-5) as the paper shows them.
    from_paper = models.BooleanField("recorded from paper", default=False)
    approved_on = models.DateField("originally approved on", null=True, blank=True)
    approved_by_name = models.CharField("originally approved by", max_length=120, blank=True, default="")

    objects = RoleAssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["parent_partner", "started_on"]
        constraints = [
            models.CheckConstraint(
                name="parentpartner_roleassignment_ends_after_start",
                condition=Q(ended_on__isnull=True) | Q(ended_on__gt=F("started_on")),
            ),
            # Both sides are ranges so that core PostgreSQL's GiST handles them: the person's id as a
            # one-point range instead of `=`, which would need the btree_gist extension (not in every
            # PostgreSQL, e.g. the embedded one).
            ExclusionConstraint(
                name="parentpartner_roleassignment_no_overlap",
                expressions=[
                    (
                        Func(
                            F("parent_partner"),
                            F("parent_partner"),
                            models.Value("[]"),
                            function="int8range",
                            output_field=BigIntegerRangeField(),
                        ),
                        RangeOperators.OVERLAPS,
                    ),
                    (
                        Func(
                            F("started_on"),
                            F("ended_on"),
                            models.Value("[)"),
                            function="daterange",
                            output_field=DateRangeField(),
                        ),
                        RangeOperators.OVERLAPS,
                    ),
                ],
            ),
        ]

    def __str__(self) -> str:
        end = self.ended_on or "now"
        return f"{self.get_role_display()} {self.started_on}–{end}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """R-ROLE-1: the role history is written only through the door."""
        refuse_outside_the_door("Writing a role history row")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        refuse_outside_the_door("Deleting a role history row")
        return super().delete(*args, **kwargs)
