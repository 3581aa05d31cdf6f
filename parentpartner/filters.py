import django_filters
from django import forms
from django.db.models import Q

from parentpartner.models import (
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
