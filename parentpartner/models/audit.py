"""The audit trail: the history of every change (HistoryEntry), who read which family's record (the
access log) and who exported what (the export log). All three are append-only (AppendOnly and the
database trigger of migration 0005). Each history row is also sealed in a hash chain
(HistoryChainLink, migration 0009), so a change made by a database superuser is detected too
(`manage.py verify_history`).

Written only through `parentpartner.audit` (`record`, `record_access`) and `parentpartner.services.exports`.
"""

from typing import Any, Self

from django.db import models

from parentpartner import access
from parentpartner.models.users import User


class AppendOnly(models.Model):
    """A log row written once and never changed: `save` refuses an update and `delete` refuses, and a
    PostgreSQL trigger (migration 0005) refuses UPDATE and DELETE from any client, so neither a bug, a
    queryset `.update()`/`.delete()` nor raw SQL can rewrite the record. TRUNCATE (test flushes) and
    dropping the database stay possible for the database owner."""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            raise ValueError(f"{type(self).__name__} rows are never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
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

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.object_repr} by {self.user} at {self.at:%Y-%m-%d %H:%M}"


class HistoryChainLink(AppendOnly):
    """One link of the hash chain over the history: `entry_hash` = sha256(`previous_hash` + the
    entry's canonical content), `previous_hash` being the hash of the link before (64 zeros for the
    first). Written only by the database (the deferred triggers of migration 0009, when the
    transaction that wrote the entry commits, in commit order); the runtime role may only read it.
    `manage.py verify_history` recomputes the chain."""

    # Not a foreign key: the chain is a witness kept beside the history, and a deleted history row
    # must show up as a broken link, not be prevented by a constraint a superuser can drop.
    entry_id = models.BigIntegerField(unique=True)
    previous_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"history entry {self.entry_id}: {self.entry_hash[:12]}"


class AccessLogQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> Self:
        return access.access_log_visible_to(user, self)


class AccessLogEntry(AppendOnly):
    """One opening of a page showing a family's case data: who, which family, when, which page."""

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    family = models.ForeignKey("mentoring.Family", on_delete=models.PROTECT, related_name="+")
    path = models.CharField(max_length=300)
    at = models.DateTimeField(auto_now_add=True)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = "access log entry"
        verbose_name_plural = "access log entries"
        indexes = [
            # The access log page: newest first, optionally for one family or one user.
            models.Index(fields=["-at"], name="accesslog_at_idx"),
            models.Index(fields=["family", "-at"], name="accesslog_family_idx"),
            models.Index(fields=["user", "-at"], name="accesslog_user_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.user} opened {self.path} at {self.at:%Y-%m-%d %H:%M}"


class ExportPurpose(models.TextChoices):
    PAYMENT = "payment", "Payment or invoicing"
    REPORTING = "reporting", "Reporting to DHS or the contract"
    CASE_WORK = "case_work", "Case work or supervision"
    AUDIT = "audit", "File audit or quality review"
    FILING = "filing", "Printing for the paper file"
    OTHER = "other", "Other (say which below)"


class ExportLogQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> Self:
        return access.export_log_visible_to(user, self)


class ExportLog(AppendOnly):
    """Who exported what (the page and its filters), in which format, when and why."""

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    what = models.CharField(max_length=100)  # the URL name, e.g. "mentoring:pay-download-csv"
    path = models.CharField(max_length=300)
    params = models.JSONField(default=dict)  # the query string and URL arguments: the scope exported
    file_format = models.CharField(max_length=10)
    purpose = models.CharField(max_length=20, choices=ExportPurpose.choices)
    purpose_detail = models.CharField("details", max_length=300, blank=True)
    row_count = models.PositiveIntegerField(null=True, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    objects = ExportLogQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [
            # The export log page: newest first.
            models.Index(fields=["-at"], name="exportlog_at_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.user} exported {self.what} ({self.file_format}) at {self.at:%Y-%m-%d %H:%M}"
