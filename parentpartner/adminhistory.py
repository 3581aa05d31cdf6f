"""Edits made in the Django admin leave the same history rows as the application's pages
(parentpartner.audit): who, when, each changed field from what to what. Django's own admin log keeps
only the names of the changed fields; this keeps the values.

`RecordedAdmin` goes in front of a ModelAdmin's bases. Every way the admin saves passes through it:
the add and change forms (`save_model`, then `save_related` for the many-to-many fields such as a
site's counties) and the list's editable columns (the changelist calls the same two methods for
each changed row). The admin wraps each of these in a transaction, so the row read for the "before"
side is locked until the save and its history row are written.
"""

from typing import Any

from django.contrib import admin
from django.db import models
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest

from parentpartner import audit
from parentpartner.models import HistoryEntry


class RecordedAdmin(admin.ModelAdmin):
    """A ModelAdmin whose saves and deletions are recorded in the history with before/after values."""

    def save_model(self, request: HttpRequest, obj: Any, form: ModelForm, change: bool) -> None:
        if change:
            # The row as saved, with its many-to-many values (not saved yet: save_related does).
            saved = type(obj)._default_manager.select_for_update().filter(pk=obj.pk).first()
            obj._history_before = audit.snapshot(saved) if saved is not None else {}
            if saved is not None and hasattr(saved, "version"):
                # A page opened before this admin edit must be refused as stale, like after a page save.
                obj.version = saved.version + 1
        super().save_model(request, obj, form, change)

    def save_related(self, request: HttpRequest, form: ModelForm, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        obj = form.instance
        if change:
            audit.record(request.user, obj, HistoryEntry.Action.UPDATE, getattr(obj, "_history_before", {}))
        else:
            audit.record(request.user, obj, HistoryEntry.Action.CREATE)

    def delete_model(self, request: HttpRequest, obj: models.Model) -> None:
        audit.record(request.user, obj, HistoryEntry.Action.DELETE, audit.snapshot(obj))
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        audit.delete_each(request.user, queryset)
