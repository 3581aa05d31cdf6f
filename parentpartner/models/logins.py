"""Changes to logins that wait for a second person (four eyes), and the in-app notifications that tell
a person what was done to their login. The rule that decides which change waits and who confirms it
is `parentpartner.services.logins`; who sees which request is `parentpartner.access`."""

from typing import Any, Self

from django.db import models
from django.urls import reverse

from parentpartner import access
from parentpartner.models.users import User
from parentpartner.roles import Role


class LoginChangeState(models.TextChoices):
    WAITING = "waiting", "Waiting for confirmation"
    CONFIRMED = "confirmed", "Confirmed"
    REFUSED = "refused", "Refused"


class LoginChangeRequestQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> Self:
        return access.login_change_requests_visible_to(user, self)

    def waiting(self) -> Self:
        return self.filter(state=LoginChangeState.WAITING)


class LoginChangeRequest(models.Model):
    """A powerful change to a login, filed by one person and applied only when a second one confirms:
    who asked, for whom, what exactly (`new_values`, applied as they are; `summary`, as a person reads
    it), when, and who confirmed or refused it when. The password an administrator chose waits as its
    hash only, and is wiped once the request is decided."""

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="login_change_requests")
    requested_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    # The role whose holder confirms, fixed when the request is filed (services.logins.confirmer_role).
    confirmer_role = models.CharField(max_length=32, choices=Role.choices)
    # Field name -> new value as stored (ids for the scope); "reset_two_factor": True for a device reset,
    # "temporary_credentials": True for the password in `password_hash`.
    new_values = models.JSONField(default=dict)
    # {"label": [old, new]} with human-readable values, as the history shows them.
    summary = models.JSONField(default=dict)
    password_hash = models.CharField(max_length=256, blank=True, editable=False)
    state = models.CharField(max_length=10, choices=LoginChangeState.choices, default=LoginChangeState.WAITING)
    decided_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = LoginChangeRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at", "-pk"]
        indexes = [
            # The "Login changes waiting" page: the waiting requests, newest first.
            models.Index(fields=["state", "-requested_at"], name="loginchange_state_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                name="parentpartner_loginchangerequest_decided_has_who_and_when",
                condition=models.Q(state=LoginChangeState.WAITING, decided_by__isnull=True)
                | models.Q(decided_by__isnull=False, decided_at__isnull=False),
            ),
            models.CheckConstraint(
                name="parentpartner_loginchangerequest_four_eyes",
                condition=~models.Q(decided_by=models.F("requested_by")),
            ),
        ]

    def __str__(self) -> str:
        return f"Change to the login of {self.user}"


class NotificationQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> Self:
        return access.notifications_visible_to(user, self)


class Notification(models.Model):
    """A message to one person about something done to them (their login changed, a request waiting
    for them). Read on the notifications page; opening it marks them read."""

    recipient = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    message = models.CharField(max_length=500)
    link = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            # The notifications page: one person's notifications, newest first.
            models.Index(fields=["recipient", "-created_at"], name="notification_recipient_idx"),
        ]

    def __str__(self) -> str:
        return self.message

    def get_absolute_url(self) -> str:
        return self.link or reverse("parentpartner:notification-list")
