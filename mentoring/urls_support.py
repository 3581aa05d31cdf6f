"""URLs of community outreach, supervision and clinical support, pay, and safety concerns; included
at the end of mentoring/urls.py (app_name "mentoring")."""

from django.urls import path

from mentoring.views_support import outreach, pay, safety, supervision
from parentpartner.exports import asks_purpose

urlpatterns = [
    path("outreach-forms/", outreach.OutreachFormListView.as_view(), name="outreach-form-list"),
    path("outreach-forms/new/", outreach.OutreachFormCreateView.as_view(), name="outreach-form-create"),
    path("outreach-forms/<int:pk>/", outreach.OutreachFormDetailView.as_view(), name="outreach-form-detail"),
    path("outreach-forms/<int:pk>/lines/", outreach.OutreachFormUpdateView.as_view(), name="outreach-form-update"),
    path("outreach-forms/<int:pk>/submit/", outreach.OutreachFormSubmitView.as_view(), name="outreach-form-submit"),
    path("outreach-forms/<int:pk>/review/", outreach.OutreachFormReviewView.as_view(), name="outreach-form-review"),
    path("supervision/", supervision.SupervisionListView.as_view(), name="supervision-list"),
    path("supervision/new/", supervision.SupervisionCreateView.as_view(), name="supervision-create"),
    path("supervision/<int:pk>/", supervision.SupervisionDetailView.as_view(), name="supervision-detail"),
    path("supervision/<int:pk>/edit/", supervision.SupervisionUpdateView.as_view(), name="supervision-update"),
    path("supervision/flags/", supervision.SupportFlagListView.as_view(), name="support-flags"),
    path("clinical-support/", supervision.ClinicalSupportListView.as_view(), name="clinical-support-list"),
    path("clinical-support/new/", supervision.ClinicalSupportCreateView.as_view(), name="clinical-support-create"),
    path("clinical-support/<int:pk>/", supervision.ClinicalSupportDetailView.as_view(), name="clinical-support-detail"),
    path(
        "clinical-support/<int:pk>/edit/",
        supervision.ClinicalSupportUpdateView.as_view(),
        name="clinical-support-update",
    ),
    path("pay/", pay.PayReportView.as_view(), name="pay-report"),
    path("pay/csv/", asks_purpose(pay.PayDownloadView.as_view(file_format="csv"), "csv"), name="pay-report-csv"),
    path("pay/xlsx/", asks_purpose(pay.PayDownloadView.as_view(file_format="xlsx"), "xlsx"), name="pay-report-xlsx"),
    path("pay/rates/", pay.PayRateListView.as_view(), name="pay-rate-list"),
    path("pay/rates/new/", pay.PayRateCreateView.as_view(), name="pay-rate-create"),
    path("pay/rates/<int:pk>/edit/", pay.PayRateUpdateView.as_view(), name="pay-rate-update"),
    path("safety-concerns/", safety.SafetyConcernListView.as_view(), name="safety-concern-list"),
    path("safety-concerns/new/", safety.SafetyConcernCreateView.as_view(), name="safety-concern-create"),
    path("safety-concerns/<int:pk>/", safety.SafetyConcernDetailView.as_view(), name="safety-concern-detail"),
    path("safety-concerns/<int:pk>/referral/", safety.ReferralStepView.as_view(), name="safety-concern-referral"),
    path(
        "safety-concerns/<int:pk>/self-report/", safety.SelfReportStepView.as_view(), name="safety-concern-self-report"
    ),
    path(
        "safety-concerns/<int:pk>/participant-told/",
        safety.ParticipantToldStepView.as_view(),
        name="safety-concern-participant-told",
    ),
    path(
        "safety-concerns/<int:pk>/caseworker-informed/",
        safety.CoordinatorInformedStepView.as_view(),
        name="safety-concern-caseworker-informed",
    ),
]
