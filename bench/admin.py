"""The benchmark's yardstick: the Django admin changelist for the same rows as each main list.

Case data is deliberately not in the application's admin (parentpartner.admin registers logins and
reference data only), so these ModelAdmins live on a bench-only AdminSite, mounted only by the
bench-only URLconf `bench.urls`; production URLs never include it. Defaults are kept (counting,
pagination, select_related of the foreign keys shown), as a Django team would start from.
"""

from django.contrib import admin
from django.db.models import Q

from eligibility.models import EligibilityRecord, ReviewCase
from mentoring.models import ClinicalSupportSession, Family, OutreachForm, SafetyConcern, SupervisionSession
from parentpartner.models import ApprovalForm, LeadCase, ParentPartner, Site
from reporting.models import FileAuditDraw, Meeting
from training.models import Trainer, TrainingSession


class BenchAdminSite(admin.AdminSite):
    site_header = "Benchmark admin (not in production)"

    def has_permission(self, request):
        return request.user.is_active and request.user.is_authenticated


class ReadOnly(admin.ModelAdmin):
    list_per_page = 25

    def has_view_permission(self, request, obj=None):
        return True

    def has_module_permission(self, request):
        return True

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


site = BenchAdminSite(name="bench_admin")


def register(model, display, filters=(), search=()):
    site.register(model, type(f"{model.__name__}BenchAdmin", (ReadOnly,), {
        "list_display": display, "list_filter": filters, "search_fields": search,
    }))  # fmt: skip


register(Site, ["name", "service_area", "phone", "is_active"], ["service_area"])
register(
    ParentPartner, ["last_name", "first_name", "site", "county", "current_role", "status"],
    ["site", "site__service_area", "current_role", "status"], ["last_name", "first_name"],
)  # fmt: skip
register(
    Family, ["parent_last_name", "parent_first_name", "site", "county", "dhs_case_number"],
    ["site", "site__service_area"], ["parent_last_name"],
)  # fmt: skip
register(
    ApprovalForm,
    ["parent_partner", "state", "started_at", "decided_on"],
    ["state", "parent_partner__site", "parent_partner__site__service_area"],
)
register(LeadCase, ["site", "stage", "requested_on", "decided_on"], ["stage", "site", "site__service_area"])
register(
    OutreachForm,
    ["parent_partner", "month", "status"],
    ["status", "parent_partner__site", "parent_partner__site__service_area"],
)
register(
    SupervisionSession,
    ["parent_partner", "coordinator", "held_on"],
    ["parent_partner__site", "parent_partner__site__service_area"],
)
register(ClinicalSupportSession, ["site", "held_on", "clinician", "format"], ["site", "site__service_area"])
register(
    SafetyConcern, ["case", "parent_partner", "known_on", "kind", "status"],
    ["status", "case__family__site", "case__family__site__service_area"],
)  # fmt: skip
register(TrainingSession, ["training", "site", "held_on", "hours", "format"], ["site", "site__service_area"])
register(Trainer, ["name", "kind", "parent_partner", "organisation"], ["kind"])
register(
    EligibilityRecord,
    ["parent_partner", "status", "dhs_reviewed_on"],
    ["status", "parent_partner__site", "parent_partner__site__service_area"],
)
register(
    ReviewCase,
    ["parent_partner", "step", "opened_on", "closed_on"],
    ["step", "parent_partner__site", "parent_partner__site__service_area"],
)


def area_scope(either):
    """A list filter `?area=<pk>` for rows that belong to an area through either of two paths (a SAC
    sees the draws of the area's sites and the area's own draws; the area's meetings and the
    statewide ones), which the admin's plain field filters cannot say."""

    class AreaScope(admin.SimpleListFilter):
        title, parameter_name = "service area scope", "area"

        def lookups(self, request, model_admin):
            return []

        def queryset(self, request, queryset):
            if self.value():
                return queryset.filter(either(int(self.value())))
            return queryset

    return AreaScope


register(
    FileAuditDraw,
    ["kind", "month", "site", "service_area", "sample_size"],
    ["kind", "site", "service_area", area_scope(lambda pk: Q(site__service_area_id=pk) | Q(service_area_id=pk))],
)
register(
    Meeting, ["kind", "held_on", "service_area"],
    ["kind", "service_area", area_scope(lambda pk: Q(service_area_id=pk) | Q(service_area__isnull=True))],
)  # fmt: skip
