from django.urls import path

from parentpartner import views

app_name = "parentpartner"

urlpatterns = [
    path("me/", views.my_profile, name="my-profile"),
    path("sites/", views.SiteListView.as_view(), name="site-list"),
    path("sites/new/", views.SiteCreateView.as_view(), name="site-create"),
    path("sites/<int:pk>/", views.SiteDetailView.as_view(), name="site-detail"),
    path("sites/<int:pk>/edit/", views.SiteUpdateView.as_view(), name="site-update"),
    path("parent-partners/", views.ParentPartnerListView.as_view(), name="parent-partner-list"),
    path("parent-partners/new/", views.ParentPartnerCreateView.as_view(), name="parent-partner-create"),
    path(
        "parent-partners/record-from-paper/",
        views.PaperRosterCreateView.as_view(),
        name="parent-partner-record-from-paper",
    ),
    path("parent-partners/<int:pk>/", views.ParentPartnerDetailView.as_view(), name="parent-partner-detail"),
    path("parent-partners/<int:pk>/edit/", views.ParentPartnerUpdateView.as_view(), name="parent-partner-update"),
]

# Role progression and approvals (R-ROLE-1..8): parentpartner/views_roles.py.
from parentpartner import views_roles  # noqa: E402
from parentpartner.exports import asks_purpose  # noqa: E402

urlpatterns += [
    path("parent-partners/<int:pk>/progression/", views_roles.ProgressionView.as_view(), name="progression"),
    path(
        "parent-partners/<int:pk>/accept-into-mentoring/",
        views_roles.AcceptIntoMentoringView.as_view(),
        name="accept-into-mentoring",
    ),
    path("parent-partners/<int:pk>/status/<slug:move>/", views_roles.StatusChangeView.as_view(), name="status-change"),
    path(
        "parent-partners/<int:pk>/approval-form/new/",
        views_roles.ApprovalFormCreateView.as_view(),
        name="approval-form-create",
    ),
    path("approval-forms/", views_roles.ApprovalFormListView.as_view(), name="approval-form-list"),
    path("approval-forms/<int:pk>/", views_roles.ApprovalFormDetailView.as_view(), name="approval-form-detail"),
    path(
        "approval-forms/<int:pk>/print/",
        asks_purpose(views_roles.ApprovalFormPrintView.as_view(), "print"),
        name="approval-form-print",
    ),
    path("approval-forms/<int:pk>/sign/<slug:signer>/", views_roles.SignView.as_view(), name="approval-form-sign"),
    path("lead-cases/", views_roles.LeadCaseListView.as_view(), name="lead-case-list"),
    path("sites/<int:pk>/lead-cases/new/", views_roles.LeadCaseCreateView.as_view(), name="lead-case-create"),
    path("lead-cases/<int:pk>/", views_roles.LeadCaseDetailView.as_view(), name="lead-case-detail"),
    path("lead-cases/<int:pk>/letters/new/", views_roles.LetterCreateView.as_view(), name="lead-letter-create"),
    path("lead-cases/<int:pk>/steps/<slug:transition>/", views_roles.LeadStepView.as_view(), name="lead-case-step"),
    path("certifications/", views_roles.CertificationListView.as_view(), name="certification-list"),
    path("certifications/new/", views_roles.CertificationCreateView.as_view(), name="certification-create"),
]

# Two-factor authentication: parentpartner/views_two_factor.py.
from parentpartner import views_two_factor  # noqa: E402

urlpatterns += [
    path("accounts/two-factor/enrol/", views_two_factor.enrol, name="two-factor-enrol"),
    path("accounts/two-factor/verify/", views_two_factor.verify, name="two-factor-verify"),
    path("accounts/two-factor/backup-codes/", views_two_factor.backup_codes, name="two-factor-backup-codes"),
]

# The access and export logs (read-only): parentpartner/views_audit.py.
from parentpartner import views_audit  # noqa: E402

urlpatterns += [
    path("access-log/", views_audit.AccessLogListView.as_view(), name="access-log"),
    path("export-log/", views_audit.ExportLogListView.as_view(), name="export-log"),
]
