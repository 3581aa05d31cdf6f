from django.urls import path

from mentoring import views, views_forms

app_name = "mentoring"

urlpatterns = [
    path("", views.WorklistView.as_view(), name="worklist"),
    path("families/", views.FamilyListView.as_view(), name="family-list"),
    path("families/new/", views.FamilySaveView.as_view(), name="family-create"),
    path("families/<int:pk>/", views.FamilyDetailView.as_view(), name="family-detail"),
    path("families/<int:pk>/edit/", views.FamilySaveView.as_view(), name="family-update"),
    path("families/<int:pk>/referrals/new/", views.ReferralCreateView.as_view(), name="referral-create"),
    path("cases/<int:pk>/match/", views.MatchView.as_view(), name="case-match"),
    path("cases/<int:pk>/reassign/", views.ReassignView.as_view(), name="case-reassign"),
    path("cases/<int:pk>/close/", views.CloseCaseView.as_view(), name="case-close"),
    path("assignments/<int:pk>/forms/", views_forms.ActivityFormStartView.as_view(), name="activity-form-start"),
    path("activity-forms/<int:pk>/", views_forms.ActivityFormDetailView.as_view(), name="activity-form-detail"),
    path("activity-forms/<int:pk>/edit/", views_forms.ActivityFormUpdateView.as_view(), name="activity-form-update"),
    path("activity-forms/<int:pk>/review/", views_forms.ActivityFormReviewView.as_view(), name="activity-form-review"),
]

# Outreach forms, supervision, clinical support, pay and safety concerns.
from mentoring import urls_support  # noqa: E402

urlpatterns += urls_support.urlpatterns
