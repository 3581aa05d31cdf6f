"""Quarterly reports, file audits and dashboards (R-SUP-3..5, R-OUT-1): built by the reporting issue."""

from django.urls import path, re_path

from reporting import views, views_quarterly

app_name = "reporting"

urlpatterns: list = [
    path("audits/", views.DrawListView.as_view(), name="audit-draw-list"),
    path("audits/draw/", views.DrawCreateView.as_view(), name="audit-draw-create"),
    path("audits/<int:pk>/", views.DrawDetailView.as_view(), name="audit-draw-detail"),
    path("audits/files/<int:pk>/", views.FileAuditDetailView.as_view(), name="file-audit-detail"),
    path("audits/files/<int:pk>/review/", views.FileAuditUpdateView.as_view(), name="file-audit-update"),
    path("quarterly/", views_quarterly.QuarterlyChooseView.as_view(), name="quarterly-choose"),
    path(
        "quarterly/<str:quarter>/<str:scope>/", views_quarterly.QuarterlyReportView.as_view(), name="quarterly-report"
    ),
    path(
        "quarterly/<str:quarter>/<str:scope>/figures/<slug:figure>/",
        views_quarterly.QuarterlyRecordsView.as_view(),
        name="quarterly-records",
    ),
    re_path(
        r"^quarterly/(?P<quarter>[^/]+)/(?P<scope>[^/]+)/download/(?P<fmt>csv|xlsx)/$",
        views_quarterly.quarterly_download,
        name="quarterly-download",
    ),
    path("quarterly/<str:quarter>/<str:scope>/print/", views_quarterly.quarterly_print, name="quarterly-print"),
]

# Dashboards, outcomes (R-OUT-1), meetings (R-ORG-4, R-SUP-3) and re-entries into care.
from reporting import views_dashboards  # noqa: E402

urlpatterns += [
    path("dashboard/", views_dashboards.DashboardView.as_view(), name="dashboard"),
    path("outcomes/", views_dashboards.OutcomesView.as_view(), name="outcomes"),
    path("meetings/", views_dashboards.MeetingListView.as_view(), name="meeting-list"),
    path("meetings/new/", views_dashboards.MeetingCreateView.as_view(), name="meeting-create"),
    path("meetings/<int:pk>/", views_dashboards.MeetingDetailView.as_view(), name="meeting-detail"),
    path("meetings/<int:pk>/edit/", views_dashboards.MeetingUpdateView.as_view(), name="meeting-update"),
    path("families/<int:pk>/reentries/new/", views_dashboards.ReentryCreateView.as_view(), name="reentry-create"),
]
