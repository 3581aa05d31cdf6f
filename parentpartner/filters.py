"""The core's list filters: sites, Parent Partners, approval forms, Lead cases, the access and export logs."""

import django_filters
from django import forms
from django.db.models import Q

from parentpartner.forms import DATE
from parentpartner.models import (
    AccessLogEntry,
    ApprovalForm,
    ExportLog,
    ExportPurpose,
    FormState,
    LeadCase,
    LeadStage,
    LivedExperience,
    ParentPartner,
    PartnerRole,
    PartnerStatus,
    ServiceArea,
    Site,
)


class SiteFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(lookup_expr="icontains", label="Name contains")
    service_area = django_filters.ModelChoiceFilter(queryset=ServiceArea.objects.all(), empty_label="Any")
    is_active = django_filters.BooleanFilter(label="Active", widget=forms.NullBooleanSelect)
    ordering = django_filters.OrderingFilter(
        fields=(("name", "name"), ("service_area__name", "service_area")), label="Sort by", empty_label="Name"
    )

    class Meta:
        model = Site
        fields = ["name", "service_area", "is_active"]


class ParentPartnerFilter(django_filters.FilterSet):
    search = django_filters.CharFilter(method="filter_search", label="Name or email")
    site = django_filters.ModelChoiceFilter(queryset=Site.objects.none(), empty_label="Any")
    current_role = django_filters.ChoiceFilter(choices=PartnerRole.choices, label="Role", empty_label="Any")
    status = django_filters.ChoiceFilter(choices=PartnerStatus.choices, empty_label="Any")
    lived_experience = django_filters.ChoiceFilter(
        choices=LivedExperience.choices, method="filter_lived_experience", label="Lived experience", empty_label="Any"
    )
    ordering = django_filters.OrderingFilter(
        fields=(
            ("last_name", "name"),
            ("site__name", "site"),
            ("current_role", "role"),
            ("permanency_date", "permanency_date"),
        ),
        label="Sort by",
        empty_label="Name",
    )

    class Meta:
        model = ParentPartner
        fields = ["search", "site", "current_role", "status", "lived_experience"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        # Offer only the sites in the user's scope.
        self.filters["site"].queryset = Site.objects.visible_to(request.user)

    def filter_search(self, queryset, name, value):
        for word in value.split():
            queryset = queryset.filter(
                Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(email__icontains=word)
            )
        return queryset

    def filter_lived_experience(self, queryset, name, value):
        return queryset.filter(lived_experience__contains=[value])


class ApprovalFormFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(choices=FormState.choices, empty_label="Any state")

    class Meta:
        model = ApprovalForm
        fields = ["state"]


class LeadCaseFilter(django_filters.FilterSet):
    stage = django_filters.ChoiceFilter(choices=LeadStage.choices, empty_label="Any step")

    class Meta:
        model = LeadCase
        fields = ["stage"]


class _LogFilter(django_filters.FilterSet):
    user = django_filters.CharFilter(field_name="user__username", lookup_expr="iexact", label="Login")
    since = django_filters.DateFilter(field_name="at", lookup_expr="date__gte", label="From", widget=DATE)
    until = django_filters.DateFilter(field_name="at", lookup_expr="date__lte", label="To", widget=DATE)


class AccessLogFilter(_LogFilter):
    family = django_filters.NumberFilter(field_name="family_id", label="Family number", min_value=1)

    class Meta:
        model = AccessLogEntry
        fields = ["user", "family", "since", "until"]


class ExportLogFilter(_LogFilter):
    purpose = django_filters.ChoiceFilter(choices=ExportPurpose.choices, empty_label="Any")
    what = django_filters.CharFilter(lookup_expr="icontains", label="Export")

    class Meta:
        model = ExportLog
        fields = ["user", "what", "purpose", "since", "until"]
