"""The Django admin: logins and reference data only. Case data goes through the app's own pages,
where scope, conflicts and the audit trail are enforced.

Access follows the role, not Django's per-model permissions: `User.save` makes the system
administrator and the statewide coordinator staff, and each ModelAdmin names the roles that may edit.
"""

from axes.utils import reset
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from parentpartner.adminhistory import RecordedAdmin
from parentpartner.forms.sites import CountyAdminForm, SiteAdminForm
from parentpartner.models import County, Role, ServiceArea, Site, User

ADMIN_ROLES = {Role.SYSTEM_ADMINISTRATOR, Role.STATEWIDE_COORDINATOR}


class RoleAdmin(admin.ModelAdmin):
    editor_roles: set[Role] = ADMIN_ROLES

    def _allowed(self, request):
        return request.user.is_active and request.user.role in self.editor_roles

    def has_module_permission(self, request):
        return self._allowed(request)

    def has_view_permission(self, request, obj=None):
        return self._allowed(request)

    def has_add_permission(self, request):
        return self._allowed(request)

    def has_change_permission(self, request, obj=None):
        return self._allowed(request)

    def has_delete_permission(self, request, obj=None):
        # Reference rows are protected by foreign keys; deactivating beats deleting.
        return False


@admin.register(ServiceArea)
class ServiceAreaAdmin(RecordedAdmin, RoleAdmin):
    list_display = ["name"]


@admin.register(County)
class CountyAdmin(RecordedAdmin, RoleAdmin):
    """R-ORG-1: a statewide coordinator corrects which service area a county lies in (not while a
    site of its old area covers it: CountyAdminForm, in the editable list too)."""

    form = CountyAdminForm

    list_display = ["name", "service_area"]
    list_filter = ["service_area"]
    list_editable = ["service_area"]
    search_fields = ["name"]
    list_select_related = ["service_area"]

    def get_changelist_form(self, request, **kwargs):
        return super().get_changelist_form(request, **{"form": CountyAdminForm, **kwargs})


@admin.register(Site)
class SiteAdmin(RecordedAdmin, RoleAdmin):
    """R-ORG-1: the site's counties lie in its service area (SiteAdminForm, as on the site pages)."""

    form = SiteAdminForm
    list_display = ["name", "service_area", "is_active"]
    list_filter = ["service_area", "is_active"]
    search_fields = ["name"]
    filter_horizontal = ["counties"]
    list_select_related = ["service_area"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin, RoleAdmin):
    editor_roles = {Role.SYSTEM_ADMINISTRATOR}
    list_display = ["username", "first_name", "last_name", "role", "service_area", "is_active"]
    list_filter = ["role", "service_area", "is_active"]
    list_select_related = ["service_area"]
    raw_id_fields = ["parent_partner"]
    filter_horizontal = ["sites"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("Person", {"fields": ("first_name", "last_name", "email")}),
        ("Role and scope", {"fields": ("role", "sites", "service_area", "parent_partner", "is_active")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("username", "password1", "password2", "role")}),)
    actions = ["reset_two_factor", "unlock_login"]

    @admin.action(description="Reset two-step login (lost phone): the user enrols again at the next login")
    def reset_two_factor(self, request, queryset):
        for user in queryset:
            TOTPDevice.objects.filter(user=user).delete()
            StaticDevice.objects.filter(user=user).delete()
            user.end_all_sessions()
        self.message_user(request, f"Two-step login reset for {queryset.count()} user(s); their sessions ended.")

    @admin.action(description="Unlock login (clear failed login attempts)")
    def unlock_login(self, request, queryset):
        for user in queryset:
            reset(username=user.username)
        self.message_user(request, f"Failed logins cleared for {queryset.count()} user(s).")
