"""One-time tokens that make creation pages safe to retry (issue 15, "saved but told it failed").

A creation form carries a random token made when the form is shown (`{% submission_token %}`). The
first submission that creates something records (user, token) -> the first new row and the page it
led to, in the same transaction as the creation (`remember`); a retry with the same token finds that
row (`earlier`) and is led there instead of creating again. A POST without a token (a non-browser
client) is a first submission.
"""

import contextlib
import re
import secrets
from collections.abc import Iterator
from contextvars import ContextVar
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.http import HttpRequest

from parentpartner.models import AccessLogEntry, ExportLog, HistoryEntry, Submission

FIELD = "submission_token"
ALREADY_SAVED = "This was already saved: here is what the first submission made."

_SHAPE = re.compile(r"[A-Za-z0-9_-]{32}")
# Rows that are not what a creation made: its history row and the logs written beside it.
_NOT_CREATIONS = (HistoryEntry, AccessLogEntry, ExportLog, Submission)
_created: ContextVar[list[models.Model] | None] = ContextVar("submissions_created", default=None)


def new_token() -> str:
    return secrets.token_urlsafe(24)


def posted_token(request: HttpRequest) -> str | None:
    """The token the form was sent with; None when there is none or it is not one of ours."""
    value = request.POST.get(FIELD, "")
    return value if _SHAPE.fullmatch(value) else None


def earlier(user: Any, token: str) -> Submission | None:
    return Submission.objects.filter(user=user, token=token).first()


@receiver(post_save, dispatch_uid="parentpartner.submissions.note_creation")
def _note_creation(sender: Any, instance: models.Model, created: bool, **kwargs: Any) -> None:
    made = _created.get()
    if created and made is not None and not isinstance(instance, _NOT_CREATIONS):
        made.append(instance)


@contextlib.contextmanager
def collecting() -> Iterator[list[models.Model]]:
    """The new rows saved inside the block (by this thread), in the order they were saved."""
    made: list[models.Model] = []
    reset = _created.set(made)
    try:
        yield made
    finally:
        _created.reset(reset)


def remember(user: Any, token: str, made: list[models.Model], url: str) -> Submission | None:
    """Record what the submission made, when it made something that is still there (a service may
    have rolled back its own part and answered with a refusal). Call it inside the creation's
    transaction: a second submission with the same token then waits for it and fails on the index."""
    for obj in made:
        if type(obj)._base_manager.filter(pk=obj.pk).exists():
            return Submission.objects.create(
                user=user,
                token=token,
                content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True),
                object_id=str(obj.pk),
                url=url,
            )
    return None
