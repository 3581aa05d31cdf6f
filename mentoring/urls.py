"""The mentoring pages (app_name "mentoring"): families and cases, monthly activity forms, community
outreach forms, supervision and clinical support, pay, and safety concerns."""

from django.urls import path

from mentoring.views import activity_forms, cases, families, outreach_forms, pay, safety, supervision
from parentpartner.services.exports import asks_purpose

app_name = "mentoring"


def safety_step(route: str, transition: str, name: str):
    """A protocol D step's page: the move of mentoring.services.safety.PROTOCOL it takes."""
    return path(route, safety.SafetyConcernStepView.as_view(), {"transition": transition}, name=name)


urlpatterns = [
    path("", cases.WorklistView.as_view(), name="worklist"),
    path("families/", families.FamilyListView.as_view(), name="family-list"),
    path("families/new/", families.FamilySaveView.as_view(), name="family-create"),
    path("families/<int:pk>/", families.FamilyDetailView.as_view(), name="family-detail"),
    path("families/<int:pk>/edit/", families.FamilySaveView.as_view(), name="family-update"),
    path("families/<int:pk>/referrals/new/", families.ReferralCreateView.as_view(), name="referral-create"),
    path("cases/<int:pk>/match/", cases.MatchView.as_view(), name="case-match"),
    path("cases/<int:pk>/reassign/", cases.ReassignView.as_view(), name="case-reassign"),
    path("cases/<int:pk>/close/", cases.CloseCaseView.as_view(), name="case-close"),
    path("assignments/<int:pk>/forms/", activity_forms.ActivityFormStartView.as_view(), name="activity-form-start"),
    path("activity-forms/<int:pk>/", activity_forms.ActivityFormDetailView.as_view(), name="activity-form-detail"),
    path("activity-forms/<int:pk>/edit/", activity_forms.ActivityFormUpdateView.as_view(), name="activity-form-update"),
    path(
        "activity-forms/<int:pk>/review/", activity_forms.ActivityFormReviewView.as_view(), name="activity-form-review"
    ),
    path("outreach-forms/", outreach_forms.OutreachFormListView.as_view(), name="outreach-form-list"),
    path("outreach-forms/new/", outreach_forms.OutreachFormCreateView.as_view(), name="outreach-form-create"),
    path("outreach-forms/<int:pk>/", outreach_forms.OutreachFormDetailView.as_view(), name="outreach-form-detail"),
    path(
        "outreach-forms/<int:pk>/lines/", outreach_forms.OutreachFormUpdateView.as_view(), name="outreach-form-update"
    ),
    path(
        "outreach-forms/<int:pk>/submit/", outreach_forms.OutreachFormSubmitView.as_view(), name="outreach-form-submit"
    ),
    path(
        "outreach-forms/<int:pk>/review/", outreach_forms.OutreachFormReviewView.as_view(), name="outreach-form-review"
    ),
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
    safety_step("safety-concerns/<int:pk>/referral/", "referral", "safety-concern-referral"),
    safety_step("safety-concerns/<int:pk>/self-report/", "self_report", "safety-concern-self-report"),
    safety_step("safety-concerns/<int:pk>/participant-told/", "participant_told", "safety-concern-participant-told"),
    safety_step(
        "safety-concerns/<int:pk>/caseworker-informed/", "coordinator_informed", "safety-concern-caseworker-informed"
    ),
]
