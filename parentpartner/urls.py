"""The project's URLs: the core's pages (namespace "parentpartner"), each app's `urls.py`, the login
pages and the admin."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from parentpartner.services.exports import asks_purpose
from parentpartner.views import accounts, audit, home, lead, logins, people, progression, sites, two_factor

# The core's pages: sites and Parent Partners (R-ORG-1, R-ROLE-1), role progression and approvals
# (R-ROLE-1..8), two-step login, the access and export logs.
core_patterns = [
    path("me/", home.my_profile, name="my-profile"),
    path("sites/", sites.SiteListView.as_view(), name="site-list"),
    path("sites/new/", sites.SiteCreateView.as_view(), name="site-create"),
    path("sites/<int:pk>/", sites.SiteDetailView.as_view(), name="site-detail"),
    path("sites/<int:pk>/edit/", sites.SiteUpdateView.as_view(), name="site-update"),
    path("parent-partners/", people.ParentPartnerListView.as_view(), name="parent-partner-list"),
    path("parent-partners/new/", people.ParentPartnerCreateView.as_view(), name="parent-partner-create"),
    path(
        "parent-partners/record-from-paper/",
        people.PaperRosterCreateView.as_view(),
        name="parent-partner-record-from-paper",
    ),
    path("parent-partners/<int:pk>/", people.ParentPartnerDetailView.as_view(), name="parent-partner-detail"),
    path("parent-partners/<int:pk>/edit/", people.ParentPartnerUpdateView.as_view(), name="parent-partner-update"),
    path("parent-partners/<int:pk>/progression/", progression.ProgressionView.as_view(), name="progression"),
    path(
        "parent-partners/<int:pk>/accept-into-mentoring/",
        progression.AcceptIntoMentoringView.as_view(),
        name="accept-into-mentoring",
    ),
    path("parent-partners/<int:pk>/status/<slug:move>/", progression.StatusChangeView.as_view(), name="status-change"),
    path(
        "parent-partners/<int:pk>/approval-form/new/",
        progression.ApprovalFormCreateView.as_view(),
        name="approval-form-create",
    ),
    path("approval-forms/", progression.ApprovalFormListView.as_view(), name="approval-form-list"),
    path("approval-forms/<int:pk>/", progression.ApprovalFormDetailView.as_view(), name="approval-form-detail"),
    path(
        "approval-forms/<int:pk>/print/",
        asks_purpose(progression.ApprovalFormPrintView.as_view(), "print"),
        name="approval-form-print",
    ),
    path("approval-forms/<int:pk>/sign/<slug:signer>/", progression.SignView.as_view(), name="approval-form-sign"),
    path("lead-cases/", lead.LeadCaseListView.as_view(), name="lead-case-list"),
    path("sites/<int:pk>/lead-cases/new/", lead.LeadCaseCreateView.as_view(), name="lead-case-create"),
    path("lead-cases/<int:pk>/", lead.LeadCaseDetailView.as_view(), name="lead-case-detail"),
    path("lead-cases/<int:pk>/letters/new/", lead.LetterCreateView.as_view(), name="lead-letter-create"),
    path("lead-cases/<int:pk>/steps/<slug:transition>/", lead.LeadStepView.as_view(), name="lead-case-step"),
    path("certifications/", lead.CertificationListView.as_view(), name="certification-list"),
    path("certifications/new/", lead.CertificationCreateView.as_view(), name="certification-create"),
    path("accounts/two-factor/enrol/", two_factor.enrol, name="two-factor-enrol"),
    path("accounts/two-factor/verify/", two_factor.verify, name="two-factor-verify"),
    path("accounts/two-factor/backup-codes/", two_factor.backup_codes, name="two-factor-backup-codes"),
    path("access-log/", audit.AccessLogListView.as_view(), name="access-log"),
    path("export-log/", audit.ExportLogListView.as_view(), name="export-log"),
    # Four eyes on logins and the record of their changes (parentpartner.services.logins).
    path("login-changes/", logins.LoginChangeHistoryView.as_view(), name="login-change-history"),
    path("login-changes/waiting/", logins.LoginChangeWaitingView.as_view(), name="login-change-waiting"),
    path("login-changes/<int:pk>/decide/", logins.LoginChangeDecideView.as_view(), name="login-change-decide"),
    path("notifications/", logins.NotificationListView.as_view(), name="notification-list"),
]

urlpatterns = [
    path("", home.home, name="home"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    # Before Django's own: the password checked as at the login, the reset mail limited (views/accounts.py).
    path("accounts/password_change/", accounts.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password_reset/", accounts.PasswordResetView.as_view(), name="password_reset"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include((core_patterns, "parentpartner"))),
    path("mentoring/", include("mentoring.urls")),
    path("training/", include("training.urls")),
    path("eligibility/", include("eligibility.urls")),
    path("reporting/", include("reporting.urls")),
    path("admin/", admin.site.urls),
]

# DEBUG off: a plain page with a reference id that is logged with the exception.
handler400 = "parentpartner.security.bad_request"
handler500 = "parentpartner.security.server_error"
