"""The Django admin: logins and reference data only. Case data goes through the app's own pages,
where scope, conflicts and the audit trail are enforced.

Access follows the role, not Django's per-model permissions: `User.save` makes the system
administrator and the statewide coordinator staff, and each ModelAdmin names the roles that may edit.
"""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm, UserChangeForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse

from parentpartner.adminhistory import RecordedAdmin
from parentpartner.forms.sites import CountyAdminForm, SiteAdminForm
from parentpartner.models import County, Role, ServiceArea, Site, User
from parentpartner.services import logins

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


class LoginChangeForm(UserChangeForm):
    """The admin's user form: nobody changes their own role, scope or activation (a form error,
    nothing saved; parentpartner.services.logins)."""

    request_user: User | None = None

    def clean(self):
        cleaned_data = super().clean()
        if self.request_user is not None and self.instance.pk:
            refusal = logins.own_change_refusal(self.request_user, self.instance, logins.wanted_values(cleaned_data))
            if refusal:
                raise ValidationError(refusal)
        return cleaned_data


class TemporaryPasswordForm(AdminPasswordChangeForm):
    """A password set by an administrator: always a password (no "disable password login"), and
    temporary: the user changes it at the next login."""

    def __init__(self, user, *args, **kwargs):
        super().__init__(user, *args, **kwargs)
        self.fields.pop("usable_password", None)
        self.fields["password1"].required = True
        self.fields["password2"].required = True


@admin.register(User)
class UserAdmin(DjangoUserAdmin, RoleAdmin):
    """Logins. Every change passes parentpartner.services.logins: the harmless part is saved, the
    powerful part (a state-wide or area role, a reactivation, a state-wide login's password or
    two-step reset) waits for a second person, and the administrator is told so."""

    editor_roles = {Role.SYSTEM_ADMINISTRATOR}
    form = LoginChangeForm
    change_password_form = TemporaryPasswordForm
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
    add_fieldsets = (
        (
            None,
            {"classes": ("wide",), "fields": ("username", "password1", "password2", "role", "service_area", "email")},
        ),
    )
    actions = ["reset_two_factor", "unlock_login"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        # A class made for this request (modelform_factory), so the attribute is this request's own.
        form.request_user = request.user
        return form

    def save_model(self, request, obj, form, change):
        try:
            filed = (
                logins.save_login(request.user, obj, logins.wanted_values(form.cleaned_data))
                if change
                else logins.create_login(request.user, obj)
            )
        except logins.LoginChangeRefused as refusal:
            # The form refuses it first; this is the service's own guard.
            raise PermissionDenied(str(refusal)) from refusal
        if filed is not None:
            self.message_user(request, _waiting_message(filed), messages.WARNING)

    def save_related(self, request, form, formsets, change):
        # The sites were saved (or filed) by the service with the rest of the scope.
        form.cleaned_data.pop("sites", None)
        super().save_related(request, form, formsets, change)

    def user_change_password(self, request, id, form_url=""):
        user = self.get_object(request, unquote(id))
        if not self.has_change_permission(request, user):
            raise PermissionDenied
        if user is None:
            raise Http404("No such login.")
        if request.method == "POST" and user.pk == request.user.pk:
            self.message_user(request, "Change your own password on the Change password page.", messages.ERROR)
            return HttpResponseRedirect(reverse("password_change"))
        if request.method == "POST":
            form = self.change_password_form(user, request.POST)
            if form.is_valid():
                filed = logins.set_password(request.user, user, form.cleaned_data["password1"])
                if filed is not None:
                    self.message_user(request, _waiting_message(filed), messages.WARNING)
                else:
                    self.message_user(request, "Password set. The user must change it at their next login.")
                return HttpResponseRedirect(reverse("admin:parentpartner_user_change", args=[user.pk]))
        return super().user_change_password(request, id, form_url)

    @admin.action(description="Reset two-step login (lost phone): the user enrols again at the next login")
    def reset_two_factor(self, request, queryset):
        for user in queryset:
            logins.reset_two_factor(request.user, user)
        self.message_user(
            request,
            f"{queryset.count()} reset(s) of a two-step login wait for a second person to confirm; "
            "each takes effect, and ends the user's sessions, when confirmed.",
            messages.WARNING,
        )

    @admin.action(description="Unlock login (clear failed login attempts)")
    def unlock_login(self, request, queryset):
        for user in queryset:
            logins.clear_lockout(request.user, user)
        self.message_user(request, f"Failed logins cleared for {queryset.count()} user(s).")


def _waiting_message(request) -> str:
    return (
        f"{logins.describe(request.summary)}: this change waits for the "
        f"{Role(request.confirmer_role).label.lower()} to confirm it (Login changes waiting)."
    )
