"""Quarterly reports, file audits and dashboards (R-SUP-3..5, R-OUT-1): built by the reporting issue."""

from django.urls import path

from reporting import views

app_name = "reporting"

urlpatterns: list = [
    path("audits/", views.DrawListView.as_view(), name="audit-draw-list"),
    path("audits/draw/", views.DrawCreateView.as_view(), name="audit-draw-create"),
    path("audits/<int:pk>/", views.DrawDetailView.as_view(), name="audit-draw-detail"),
    path("audits/files/<int:pk>/", views.FileAuditDetailView.as_view(), name="file-audit-detail"),
    path("audits/files/<int:pk>/review/", views.FileAuditUpdateView.as_view(), name="file-audit-update"),
]
