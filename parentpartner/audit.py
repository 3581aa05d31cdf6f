"""The audit trail: every change to case data leaves a HistoryEntry with who, when and what changed,
one row per changed record, bulk changes included (`update_each`, `delete_each`: never a bare
queryset `.update()`/`.delete()`/`bulk_create`/`bulk_update` on case data). Openings of a family's
record go to the access log (`record_access`). Exports are logged by `parentpartner.services.exports`."""

import datetime
from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from parentpartner.models import AccessLogEntry, HistoryEntry

# Bookkeeping columns that say nothing a reader of the history needs.
_NOT_AUDITED = {"id", "version", "created_at", "updated_at", "password", "last_login"}


def snapshot(obj: models.Model) -> dict[str, str]:
    """The record's fields as a person reads them, for comparing before and after a change."""
    values = {}
    for field in [*obj._meta.concrete_fields, *obj._meta.many_to_many]:
        if field.name in _NOT_AUDITED:
            continue
        label = str(field.verbose_name)
        if field.many_to_many:
            items = getattr(obj, field.name).all() if obj.pk else []
            values[label] = ", ".join(sorted(str(item) for item in items))
        elif hasattr(obj, f"get_{field.name}_display"):
            values[label] = str(getattr(obj, f"get_{field.name}_display")())
        else:
            values[label] = readable(getattr(obj, field.name))
    return values


def readable(value: Any) -> str:
    """A value as the history shows it: Yes/No, times in the program's time zone to the minute."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    return str(value)


def record(
    user: Any,
    obj: models.Model,
    action: str,
    before: dict[str, str] | None = None,
    after: dict[str, str] | None = None,
) -> HistoryEntry | None:
    """Write one history row. For an update, only the fields that differ from `before` are kept, and
    an update that changed nothing writes no row. `after` defaults to the object's snapshot; a caller
    that also tracks related rows (a family's children) passes both sides."""
    if after is None:
        after = snapshot(obj) if action != HistoryEntry.Action.DELETE else {}
    before = before or {}
    if action == HistoryEntry.Action.UPDATE:
        changes = {key: [before.get(key, ""), value] for key, value in after.items() if before.get(key, "") != value}
        if not changes:
            return None
    elif action == HistoryEntry.Action.CREATE:
        changes = {key: ["", value] for key, value in after.items() if value}
    else:
        changes = {key: [value, ""] for key, value in before.items() if value}
    return HistoryEntry.objects.create(
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True),
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        action=action,
        changes=changes,
        user=user if user is not None and user.is_authenticated else None,
    )


def history_of(obj: models.Model) -> QuerySet[HistoryEntry]:
    return HistoryEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True), object_id=str(obj.pk)
    ).select_related("user")


def record_change(user: Any, obj: models.Model, changes: dict[str, list[str]]) -> HistoryEntry | None:
    """An update row on `obj` with changes the caller worked out, for what is not a field of `obj`
    itself (e.g. the lines of a monthly form). Nothing is written when nothing changed."""
    changes = {key: values for key, values in changes.items() if values[0] != values[1]}
    if not changes:
        return None
    return HistoryEntry.objects.create(
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True),
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        action=HistoryEntry.Action.UPDATE,
        changes=changes,
        user=user if user is not None and user.is_authenticated else None,
    )


def update_each(user: Any, queryset: QuerySet, **values: Any) -> int:
    """A bulk change that leaves a history row per changed record: the rows are locked, changed and
    recorded one by one (case data changes in handfuls, so the cost is a few queries per row)."""
    changed = 0
    for obj in queryset.select_for_update().order_by("pk"):
        before = snapshot(obj)
        for name, value in values.items():
            setattr(obj, name, value)
        fields = list(values)
        if any(field.name == "version" for field in obj._meta.concrete_fields):
            obj.version += 1
            fields.append("version")
        if any(field.name == "updated_at" for field in obj._meta.concrete_fields):
            fields.append("updated_at")
        obj.save(update_fields=fields)
        if record(user, obj, HistoryEntry.Action.UPDATE, before) is not None:
            changed += 1
    return changed


def delete_each(user: Any, queryset: QuerySet) -> int:
    """A bulk delete that leaves a history row per deleted record, with what it held."""
    count = 0
    for obj in queryset.select_for_update().order_by("pk"):
        before = snapshot(obj)
        record(user, obj, HistoryEntry.Action.DELETE, before)
        obj.delete()
        count += 1
    return count


def create_all(
    user: Any, objects: Iterable[models.Model], recorded_with: Iterable[models.Model] = ()
) -> list[models.Model]:
    """Saves new records of one model and their creation rows in two queries (one INSERT each), for
    the rows of a single action (a file-audit draw's checklists): every record still gets its history
    row, exactly as `record` would write it. `recorded_with`: records just saved by the same action
    whose creation rows go in the same INSERT."""
    objects = list(objects)
    if objects:
        type(objects[0])._default_manager.bulk_create(objects)
    saved = [*recorded_with, *objects]
    by = user if user is not None and user.is_authenticated else None
    HistoryEntry.objects.bulk_create(
        HistoryEntry(
            content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True),
            object_id=str(obj.pk),
            object_repr=str(obj)[:200],
            action=HistoryEntry.Action.CREATE,
            changes={key: ["", value] for key, value in snapshot(obj).items() if value},
            user=by,
        )
        for obj in saved
    )
    return objects


def create_each(user: Any, objects: Iterable[models.Model]) -> list[models.Model]:
    """Saves new records one by one with a creation row each (instead of `bulk_create`)."""
    for obj in objects:
        obj.save()
        record(user, obj, HistoryEntry.Action.CREATE)
    return list(objects)


def record_access(request: HttpRequest, shown: Any) -> None:
    """The access log: `request.user` opened a page showing the case data of `shown`: one family, None,
    or many (a list searched by name or DHS case number, a supervision session's families). One row per
    family, all in ONE INSERT, whatever their number; a family shown twice on the page counts once.
    Families are typed Any: the core does not import the other apps."""
    if not request.user.is_authenticated or shown is None:
        return
    families = [shown] if hasattr(shown, "pk") else list(shown)
    unique = list({family.pk: family for family in families if family is not None}.values())
    if not unique:
        return
    path = request.get_full_path()[:300]
    AccessLogEntry.objects.bulk_create(AccessLogEntry(user=request.user, family=family, path=path) for family in unique)
