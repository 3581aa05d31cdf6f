"""Who read what: the access log of families' records and the log of exports, beside the history of
changes (HistoryEntry). All three are append-only (AppendOnly + the database trigger of migration 0005).

Written only through `parentpartner.audit.record_access` and `parentpartner.exports`.
"""

from django.db import models

from parentpartner.models import AppendOnly, User


def _scoped(function_name):
    def visible_to(self, user):
        from parentpartner import access

        return getattr(access, function_name)(user, self)

    return visible_to


class AccessLogQuerySet(models.QuerySet):
    visible_to = _scoped("access_log_visible_to")


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

    def __str__(self):
        return f"{self.user} opened {self.path} at {self.at:%Y-%m-%d %H:%M}"


class ExportPurpose(models.TextChoices):
    PAYMENT = "payment", "Payment or invoicing"
    REPORTING = "reporting", "Reporting to DHS or the contract"
    CASE_WORK = "case_work", "Case work or supervision"
    AUDIT = "audit", "File audit or quality review"
    FILING = "filing", "Printing for the paper file"
    OTHER = "other", "Other (say which below)"


class ExportLogQuerySet(models.QuerySet):
    visible_to = _scoped("export_log_visible_to")


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

    def __str__(self):
        return f"{self.user} exported {self.what} ({self.file_format}) at {self.at:%Y-%m-%d %H:%M}"
