"""The access log (who opened which family's record) and the export log (who exported what and why),
read-only pages for the statewide coordinator (and a service area coordinator for their area's
families). Written by parentpartner.audit.record_access and parentpartner.services.exports."""

from django.views.generic import ListView

from parentpartner.filters import AccessLogFilter, ExportLogFilter
from parentpartner.models import AccessLogEntry, ExportLog
from parentpartner.viewmixins import FilteredListMixin, ScopedMixin


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
