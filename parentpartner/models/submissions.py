"""Creation pages are safe to retry: each creation form carries a one-time token, and the first
submission that creates something records here what it made (issue 15). A retry with the same token
(a browser resending the form after a cut connection, a double click) finds this row and is led to
what the first one made instead of creating a duplicate.

Written only by `parentpartner.viewmixins.CreatesOnceMixin`, in the transaction of the creation.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import models

from parentpartner.models.users import User


class Submission(models.Model):
    """One creation form's token, sent by `user`, and what its first submission made."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=64)
    # What the first submission created (a family, a safety concern...): its first new row.
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.CharField(max_length=64)
    # Where the first submission led: a retry is sent to the same page.
    url = models.CharField(max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # A retry that races the first submission waits on this index, then finds the first's row.
            models.UniqueConstraint(fields=["user", "token"], name="parentpartner_submission_once_per_token"),
        ]

    def __str__(self) -> str:
        return f"submission {self.token[:8]}"
