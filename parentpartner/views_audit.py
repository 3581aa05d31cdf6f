"""The access log (who opened which family's record) and the export log (who exported what and why),
read-only pages for the statewide coordinator (and a service area coordinator for their area's
families). Written by parentpartner.audit.record_access and parentpartner.exports."""

import django_filters
from django import forms
from django.views.generic import ListView

from parentpartner.models import AccessLogEntry, ExportLog, ExportPurpose
from parentpartner.viewmixins import FilteredListMixin, ScopedMixin


class _LogFilter(django_filters.FilterSet):
    user = django_filters.CharFilter(field_name="user__username", lookup_expr="iexact", label="Login")
    since = django_filters.DateFilter(
        field_name="at", lookup_expr="date__gte", label="From", widget=forms.DateInput(attrs={"type": "date"})
    )
    until = django_filters.DateFilter(
        field_name="at", lookup_expr="date__lte", label="To", widget=forms.DateInput(attrs={"type": "date"})
    )


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


class AccessLogListView(FilteredListMixin, ScopedMixin, ListView):
    permission = "access_log.view"
    model = AccessLogEntry
    filterset_class = AccessLogFilter
    template_name = "parentpartner/accesslogentry_list.html"

    def list_queryset(self, queryset):
        return queryset.select_related("user", "family__site")


class ExportLogListView(FilteredListMixin, ScopedMixin, ListView):
    permission = "export_log.view"
    model = ExportLog
    filterset_class = ExportLogFilter
    template_name = "parentpartner/exportlog_list.html"

    def list_queryset(self, queryset):
        return queryset.select_related("user")
