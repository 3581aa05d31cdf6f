"""Quarterly reports, file audits, dashboards, outcomes and meetings (R-SUP-3..5, R-OUT-1, R-ORG-4)."""

from django.urls import path, re_path

from reporting.views import dashboards, file_audits, meetings, outcomes, quarterly_reports

app_name = "reporting"

urlpatterns = [
    # Random file audits (R-SUP-4).
    path("audits/", file_audits.DrawListView.as_view(), name="audit-draw-list"),
    path("audits/draw/", file_audits.DrawCreateView.as_view(), name="audit-draw-create"),
    path("audits/<int:pk>/", file_audits.DrawDetailView.as_view(), name="audit-draw-detail"),
    path("audits/files/<int:pk>/", file_audits.FileAuditDetailView.as_view(), name="file-audit-detail"),
    path("audits/files/<int:pk>/review/", file_audits.FileAuditUpdateView.as_view(), name="file-audit-update"),
    # Quarterly reports (R-SUP-5).
    path("quarterly/", quarterly_reports.QuarterlyChooseView.as_view(), name="quarterly-choose"),
    path(
        "quarterly/<str:quarter>/<str:scope>/",
        quarterly_reports.QuarterlyReportView.as_view(),
        name="quarterly-report",
    ),
    path(
        "quarterly/<str:quarter>/<str:scope>/figures/<slug:figure>/",
        quarterly_reports.QuarterlyRecordsView.as_view(),
        name="quarterly-records",
    ),
    re_path(
        r"^quarterly/(?P<quarter>[^/]+)/(?P<scope>[^/]+)/download/(?P<fmt>csv|xlsx)/$",
        quarterly_reports.quarterly_download,
        name="quarterly-download",
    ),
    path("quarterly/<str:quarter>/<str:scope>/print/", quarterly_reports.quarterly_print, name="quarterly-print"),
    # Dashboards and outcomes (R-OUT-1), with re-entries into care.
    path("dashboard/", dashboards.DashboardView.as_view(), name="dashboard"),
    path("outcomes/", outcomes.OutcomesView.as_view(), name="outcomes"),
    path("families/<int:pk>/reentries/new/", outcomes.ReentryCreateView.as_view(), name="reentry-create"),
    # Meetings (R-ORG-4, R-SUP-3).
    path("meetings/", meetings.MeetingListView.as_view(), name="meeting-list"),
    path("meetings/new/", meetings.MeetingCreateView.as_view(), name="meeting-create"),
    path("meetings/<int:pk>/", meetings.MeetingDetailView.as_view(), name="meeting-detail"),
    path("meetings/<int:pk>/edit/", meetings.MeetingUpdateView.as_view(), name="meeting-update"),
]
