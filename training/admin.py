from django.contrib import admin

from parentpartner.admin import RoleAdmin
from parentpartner.roles import Role
from training.models import ShadowingItem, Training


@admin.register(Training)
class TrainingAdmin(RoleAdmin):
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


@admin.register(ShadowingItem)
class ShadowingItemAdmin(RoleAdmin):
    editor_roles = {Role.STATEWIDE_COORDINATOR}
    list_display = ["name", "always_required", "order"]
