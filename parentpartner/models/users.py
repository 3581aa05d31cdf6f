"""Logins and their roles (R-ORG-2, R-ORG-3): a user's scope comes from their role
(`parentpartner.access`)."""

from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import F, Q
from django.utils.crypto import salted_hmac

from parentpartner.models.organisation import ServiceArea, Site
from parentpartner.roles import Role


class ProgramUserManager(UserManager["User"]):
    def create_superuser(
        self, username: str, email: str | None = None, password: str | None = None, **extra_fields: Any
    ) -> "User":
        # `createsuperuser` makes a system administrator: the admin is reached through the role.
        extra_fields.setdefault("role", Role.SYSTEM_ADMINISTRATOR)
        # django-stubs does not declare UserManager._create_user (private, but Django's own helper).
        return self._create_user(username, email, password, **extra_fields)  # type: ignore[attr-defined]


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
    # A password an administrator set is temporary: until the user chooses their own, every page sends
    # them to the password change (parentpartner.services.temporary_passwords).
    must_change_password = models.BooleanField(default=False, editable=False)
    # Kept on the login rather than counted: the navigation bar shows it on every page, and the user
    # row is loaded by every request anyway (parentpartner.services.notifications.notify keeps it current).
    unread_notifications = models.PositiveIntegerField(default=0, editable=False)

    objects: ClassVar[ProgramUserManager] = ProgramUserManager()

    class Meta:
        ordering = ["last_name", "first_name", "username"]
        constraints = [
            models.CheckConstraint(
                name="parentpartner_user_area_roles_have_area",
                condition=~Q(role__in=[Role.SERVICE_AREA_COORDINATOR, Role.DHS_LIAISON])
                | Q(service_area__isnull=False),
            ),
            models.CheckConstraint(
                name="parentpartner_user_parent_partner_login_has_record",
                condition=~Q(role=Role.PARENT_PARTNER) | Q(parent_partner__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def _get_session_auth_hash(self, secret: str | None = None) -> str:
        """Each session is stamped with this hash at login and checked against it on every request.
        Django derives it from the password hash, so a password change ends the other sessions; the
        epoch adds logout to that. Chosen over deleting session rows: it works with any session
        backend and needs no scan of every session to find the user's."""
        key_salt = "parentpartner.User.get_session_auth_hash"
        return salted_hmac(
            key_salt, f"{self.password}:{self.session_epoch}", secret=secret, algorithm="sha256"
        ).hexdigest()

    def end_all_sessions(self) -> None:
        """Ends every session of this user, on every device (logging out does this)."""
        User.objects.filter(pk=self.pk).update(session_epoch=F("session_epoch") + 1)
        self.refresh_from_db(fields=["session_epoch"])

    def set_password(self, raw_password: str | None) -> None:
        """A password the user sets themselves (password change, reset by e-mail) is no longer the
        temporary one; `services.logins` raises the flag again after setting one for them."""
        super().set_password(raw_password)
        self.must_change_password = False

    def save(self, *args: Any, **kwargs: Any) -> None:
        # The admin is for logins and reference data (parentpartner.admin); the role decides who enters.
        self.is_staff = self.role in (Role.SYSTEM_ADMINISTRATOR, Role.STATEWIDE_COORDINATOR)
        self.is_superuser = False
        super().save(*args, **kwargs)
