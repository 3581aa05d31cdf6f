"""The core of the program: organisation (R-ORG-1..3), users and their roles, Parent Partners and
their role history (R-ROLE-1).

Who may see which rows is decided in `parentpartner.access`, which the `visible_to` queryset methods
here call; nothing else filters by scope.
"""

import contextvars

from django.contrib.auth.models import AbstractUser, UserManager
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import ArrayField, BigIntegerRangeField, DateRangeField, RangeOperators
from django.contrib.postgres.indexes import GinIndex
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Func, Q
from django.urls import reverse
from django.utils.crypto import salted_hmac

from parentpartner.roles import Role


class ServiceArea(models.Model):
    """One of the five DHS service areas (R-ORG-1), supervised by a service area coordinator."""

    name = models.CharField(max_length=60, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class County(models.Model):
    """An Iowa county; each lies in one service area (R-ORG-1). Correctable in the admin."""

    name = models.CharField(max_length=60, unique=True)
    service_area = models.ForeignKey(ServiceArea, on_delete=models.PROTECT, related_name="counties")

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "counties"

    def __str__(self):
        return f"{self.name} County"


class SiteQuerySet(models.QuerySet):
    def visible_to(self, user):
        from parentpartner import access

        return access.sites_visible_to(user, self)


# Checks the apps contribute on a site moving to another service area: `check(site, area_id)` returns
# why it cannot, or None (mentoring: the Child Safety Conference cap of the new area, R-FAM-8).
SITE_MOVE_CHECKS: list = []


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

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        """A site moved to another area brings its families: the apps' checks are asked on every path
        (the site pages, the admin, scripts); the forms show the same message on the area field."""
        self._refuse_move()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("parentpartner:site-detail", args=[self.pk])

    def clean(self):
        super().clean()
        self._refuse_move()

    def _refuse_move(self):
        if self.pk is None or not self.service_area_id:
            return
        before = Site.objects.filter(pk=self.pk).values_list("service_area_id", flat=True).first()
        if before is None or before == self.service_area_id:
            return
        for check in SITE_MOVE_CHECKS:
            if problem := check(self, self.service_area_id):
                raise ValidationError({"service_area": problem})


class ProgramUserManager(UserManager):
    def create_superuser(self, username, email=None, password=None, **extra_fields):
        # `createsuperuser` makes a system administrator: the admin is reached through the role.
        extra_fields.setdefault("role", Role.SYSTEM_ADMINISTRATOR)
        return self._create_user(username, email, password, **extra_fields)


class User(AbstractUser):
    """A login. Its scope comes from its role: sites (coordinator, clinician), a service area (service
    area coordinator, DHS liaison), the whole state, or one Parent Partner record."""

    role = models.CharField(max_length=32, choices=Role.choices)
    sites = models.ManyToManyField(Site, blank=True, related_name="staff")
    service_area = models.ForeignKey(ServiceArea, null=True, blank=True, on_delete=models.PROTECT, related_name="staff")
    parent_partner = models.OneToOneField(
        "ParentPartner", null=True, blank=True, on_delete=models.PROTECT, related_name="login"
    )

    # Mixed into the session hash: raising it ends every session of the user (logout, see below).
    session_epoch = models.PositiveIntegerField(default=0, editable=False)

    objects = ProgramUserManager()

    class Meta:
        ordering = ["last_name", "first_name", "username"]
        constraints = [
            models.CheckConstraint(
                name="parentpartner_user_area_roles_have_area",
                condition=~Q(role__in=["service_area_coordinator", "dhs_liaison"]) | Q(service_area__isnull=False),
            ),
            models.CheckConstraint(
                name="parentpartner_user_parent_partner_login_has_record",
                condition=~Q(role="parent_partner") | Q(parent_partner__isnull=False),
            ),
        ]

    def __str__(self):
        return self.get_full_name() or self.username

    def _get_session_auth_hash(self, secret=None):
        """Each session is stamped with this hash at login and checked against it on every request.
        Django derives it from the password hash, so a password change ends the other sessions; the
        epoch adds logout to that. Chosen over deleting session rows: it works with any session
        backend and needs no scan of every session to find the user's."""
        key_salt = "parentpartner.User.get_session_auth_hash"
        return salted_hmac(
            key_salt, f"{self.password}:{self.session_epoch}", secret=secret, algorithm="sha256"
        ).hexdigest()

    def end_all_sessions(self):
        """Ends every session of this user, on every device (logging out does this)."""
        User.objects.filter(pk=self.pk).update(session_epoch=F("session_epoch") + 1)
        self.refresh_from_db(fields=["session_epoch"])

    def save(self, *args, **kwargs):
        # The admin is for logins and reference data (parentpartner.admin); the role decides who enters.
        self.is_staff = self.role in (Role.SYSTEM_ADMINISTRATOR, Role.STATEWIDE_COORDINATOR)
        self.is_superuser = False
        super().save(*args, **kwargs)


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


# Open only inside `parentpartner.door`: a person's role and status change there and nowhere else.
DOOR_OPEN: contextvars.ContextVar[bool] = contextvars.ContextVar("parentpartner_door_open", default=False)
STANDING_FIELDS = {"current_role", "status"}


class OutsideTheDoor(RuntimeError):
    """A role or status written without `parentpartner.door`: a programming error, never user input."""

    def __init__(self, what):
        super().__init__(f"{what}: a Parent Partner's role and status change only through parentpartner.door.")


def _refuse_outside_the_door(what):
    if not DOOR_OPEN.get():
        raise OutsideTheDoor(what)


class DoorGuardedQuerySet(models.QuerySet):
    """Bulk writes that would change a role or status without the door are refused."""

    guarded_fields: set[str] = set()

    def update(self, **kwargs):
        if self.guarded_fields & set(kwargs) or "*" in self.guarded_fields:
            _refuse_outside_the_door(f"{self.model.__name__}.objects.update")
        return super().update(**kwargs)

    def bulk_update(self, objs, fields, *args, **kwargs):
        if self.guarded_fields & set(fields) or "*" in self.guarded_fields:
            _refuse_outside_the_door(f"{self.model.__name__}.objects.bulk_update")
        return super().bulk_update(objs, fields, *args, **kwargs)

    def bulk_create(self, objs, *args, **kwargs):
        _refuse_outside_the_door(f"{self.model.__name__}.objects.bulk_create")
        return super().bulk_create(objs, *args, **kwargs)

    def delete(self):
        if "*" in self.guarded_fields:
            _refuse_outside_the_door(f"{self.model.__name__}.objects.delete")
        return super().delete()


class ParentPartnerQuerySet(DoorGuardedQuerySet):
    guarded_fields = STANDING_FIELDS

    def visible_to(self, user):
        from parentpartner import access

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
    # Kept equal to the open RoleAssignment row by `parentpartner.door`; never edited by a form.
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

    class Meta:
        ordering = ["last_name", "first_name", "pk"]
        indexes = [
            # The site coordinator's Parent Partner list: filter by site, order by name.
            models.Index(fields=["site", "last_name", "first_name"], name="pp_site_name_idx"),
            # Matching looks for shared experience: `lived_experience @> ARRAY[...]`.
            GinIndex(fields=["lived_experience"], name="pp_lived_experience_idx"),
        ]

    def __str__(self):
        return f"{self.first_name} {self.last_name}"

    def save(self, *args, **kwargs):
        """R-ROLE-1: a person is entered, and their role or status changed, only through the door."""
        if self._state.adding:
            _refuse_outside_the_door("Entering a Parent Partner")
        else:
            loaded = getattr(self, "_standing_loaded", {})
            if any(self.__dict__.get(name, loaded.get(name)) != loaded.get(name) for name in STANDING_FIELDS):
                _refuse_outside_the_door("Changing a Parent Partner's role or status")
        super().save(*args, **kwargs)
        self._standing_loaded = {name: self.__dict__.get(name) for name in STANDING_FIELDS}

    def get_absolute_url(self):
        return reverse("parentpartner:parent-partner-detail", args=[self.pk])

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._standing_loaded = {name: instance.__dict__.get(name) for name in STANDING_FIELDS}
        return instance

    def refresh_from_db(self, *args, **kwargs):
        # What the database holds now is what a later save compares with.
        super().refresh_from_db(*args, **kwargs)
        self._standing_loaded = {name: self.__dict__.get(name) for name in STANDING_FIELDS}

    def get_languages_display(self):
        labels = dict(Language.choices)
        return ", ".join(labels.get(code, code) for code in self.languages)

    def get_lived_experience_display(self):
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

    def __str__(self):
        end = self.ended_on or "now"
        return f"{self.get_role_display()} {self.started_on}–{end}"

    def save(self, *args, **kwargs):
        """R-ROLE-1: the role history is written only through the door."""
        _refuse_outside_the_door("Writing a role history row")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        _refuse_outside_the_door("Deleting a role history row")
        return super().delete(*args, **kwargs)


class AppendOnly(models.Model):
    """A log row written once and never changed: `save` refuses an update and `delete` refuses, and a
    PostgreSQL trigger (migration 0005) refuses UPDATE and DELETE from any client, so neither a bug, a
    queryset `.update()`/`.delete()` nor raw SQL can rewrite the record. TRUNCATE (test flushes) and
    dropping the database stay possible for the database owner."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise ValueError(f"{type(self).__name__} rows are never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError(f"{type(self).__name__} rows are never deleted.")


class HistoryEntry(AppendOnly):
    """Who changed which case record, when, and what changed: the audit trail of every change.

    Written only through `parentpartner.audit`; the application never updates or deletes a row
    (AppendOnly: the model refuses, and so does the database).
    """

    class Action(models.TextChoices):
        CREATE = "create", "Created"
        UPDATE = "update", "Changed"
        DELETE = "delete", "Deleted"

    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.PROTECT)
    object_id = models.CharField(max_length=40)
    object_repr = models.CharField(max_length=200)
    action = models.CharField(max_length=10, choices=Action.choices)
    # {"field": [old, new], ...} with human-readable values.
    changes = models.JSONField(default=dict)
    user = models.ForeignKey(User, null=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name_plural = "history entries"
        indexes = [
            # The history panel of a detail page: one object's entries, newest first.
            models.Index(fields=["content_type", "object_id", "-at"], name="history_object_idx"),
        ]

    def __str__(self):
        return f"{self.get_action_display()} {self.object_repr} by {self.user} at {self.at:%Y-%m-%d %H:%M}"


# Who opened which family's record and who exported what (models_audit), role progression and
# approvals (models_roles, R-ROLE-1..8): their own modules, loaded with these models.
from parentpartner.models_audit import *  # noqa: E402, F401, F403
from parentpartner.models_roles import *  # noqa: E402, F401, F403
