"""The training catalogue in the admin (R-TRN-1), each edit recorded in the history
(parentpartner.adminhistory)."""

from django import forms
from django.contrib import admin
from django.contrib.postgres.forms import SimpleArrayField

from parentpartner.admin import RoleAdmin
from parentpartner.adminhistory import RecordedAdmin
from parentpartner.roles import Role
from training.models import ShadowingItem, Training


class OneObjectivePerLine(SimpleArrayField):
    """A training's objectives, one per line. The admin's default list field splits on commas, and the
    handbook's objectives contain commas: each save cut them into pieces (the history showed it)."""

    def __init__(self, **kwargs):
        super().__init__(forms.CharField(), delimiter="\n", widget=forms.Textarea, **kwargs)

    def to_python(self, value):
        lines = [line.strip() for line in (value or "").splitlines() if line.strip()]
        return super().to_python("\n".join(lines))


@admin.register(Training)
class TrainingAdmin(RecordedAdmin, RoleAdmin):
    """R-TRN-1: the statewide coordinator keeps the catalogue; the rules read its flags."""

    editor_roles = {Role.STATEWIDE_COORDINATOR}
    list_display = [
        "number",
        "name",
        "required_before_mentoring",
        "required_within_first_year",
        "minimum_hours",
        "co_trainers_required",
        "is_active",
    ]
    list_editable = ["is_active"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "objectives":
            return OneObjectivePerLine(required=False, label="Objectives", help_text="One objective per line.")
        return super().formfield_for_dbfield(db_field, request, **kwargs)


@admin.register(ShadowingItem)
class ShadowingItemAdmin(RecordedAdmin, RoleAdmin):
    editor_roles = {Role.STATEWIDE_COORDINATOR}
    list_display = ["name", "always_required", "order"]
