"""Saving a record that someone may be editing at the same time: the one way every app does it.

Lock the row, compare the version the user started from, snapshot it, let the caller change it, bump
the version, save, and write the history row (who, when, what changed). Two people editing the same
record cannot overwrite each other silently: the second save is refused with one message, everywhere
the same, and the form keeps what they typed (the views show `Conflict` on the form with status 409).

    with records.edit(concern, user=user, version=version, what="concern") as current:
        current.status = SafetyStatus.REFERRAL_MADE

`locked` alone is for a change that is not a plain field edit (a monthly form's lines, a signature);
`create` is a new record with its creation row.
"""

import contextlib
from collections.abc import Iterator
from typing import Any, Protocol, TypeVar, cast

from django.core.exceptions import ValidationError
from django.db import models, transaction

from parentpartner import audit
from parentpartner.models import HistoryEntry

Record = TypeVar("Record", bound=models.Model)


class _Versioned(Protocol):
    """Every record these helpers take has `version = models.PositiveIntegerField(default=1)`; a type
    bound cannot say "a Model with a version field", so `_version_of` names it."""

    version: int


def _version_of(row: models.Model) -> _Versioned:
    return cast(_Versioned, row)


def conflict_message(what: str = "record") -> str:
    """The one message for a stale save. `what` names the record as its page does ("case", "form")."""
    return (
        f"Someone else saved this {what} after you opened it, so your changes were not saved. "
        "Check what they saved, then make your change again."
    )


class Conflict(ValidationError):
    """The row changed since the version the user started from."""

    def __init__(self, what: str = "record") -> None:
        super().__init__(conflict_message(what), code="conflict")


def _same_version(expected: Any, current: int) -> bool:
    try:
        return int(expected) == current
    except (TypeError, ValueError):
        return False


def locked(obj: Record, version: Any = None, *, what: str = "record", queryset: Any = None) -> Record:
    """The record's row, locked until the transaction ends; `Conflict` when its version is no longer
    `version` (None: the caller has no version to compare, e.g. a one-click action on a fresh row).
    Call it inside `transaction.atomic()`."""
    rows = queryset if queryset is not None else type(obj)._default_manager
    current = rows.select_for_update().get(pk=obj.pk)
    if version is not None and not _same_version(version, _version_of(current).version):
        raise Conflict(what)
    return current


def save(current: models.Model, *, user: Any, before: dict[str, str], update_fields: list[str] | None = None) -> None:
    """Bump the version, save, and write the history row of what changed since `before`."""
    _version_of(current).version += 1
    if update_fields is not None:
        update_fields = [*update_fields, "version"]
    current.save(update_fields=update_fields)
    audit.record(user, current, HistoryEntry.Action.UPDATE, before)


@contextlib.contextmanager
def edit(
    obj: Record, *, user: Any, version: Any = None, what: str = "record", queryset: Any = None
) -> Iterator[Record]:
    """Change a record in one transaction: yields the locked, version-checked row; when the block ends
    without an exception, saves it with a new version and its history row. An exception (a refusal
    the block raises) rolls everything back."""
    with transaction.atomic():
        current = locked(obj, version, what=what, queryset=queryset)
        before = audit.snapshot(current)
        yield current
        save(current, user=user, before=before)


def create(obj: Record, *, user: Any) -> Record:
    """Save a new record and its creation row in the history."""
    with transaction.atomic():
        obj.save()
        audit.record(user, obj, HistoryEntry.Action.CREATE)
    return obj
