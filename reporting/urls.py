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
        views_quarterly.QuarterlyDownloadView.as_view(),
        name="quarterly-download",
    ),
]
