from django.urls import path

from eligibility import views

app_name = "eligibility"

urlpatterns = [
    path("screenings/", views.ScreeningListView.as_view(), name="record-list"),
    path("parent-partners/<int:pk>/screening/new/", views.ScreeningCreateView.as_view(), name="record-create"),
    path("screenings/<int:pk>/", views.ScreeningDetailView.as_view(), name="record-detail"),
    path("screenings/<int:pk>/edit/", views.ScreeningUpdateView.as_view(), name="record-update"),
    path("screenings/<int:pk>/criteria/<slug:criterion>/", views.CriterionCheckView.as_view(), name="criterion-check"),
    path("screenings/<int:pk>/disqualifier/", views.DisqualifierCreateView.as_view(), name="disqualifier-create"),
    path("review-cases/", views.ReviewCaseListView.as_view(), name="case-list"),
    path("parent-partners/<int:pk>/review-cases/new/", views.ReviewCaseCreateView.as_view(), name="case-create"),
    path("review-cases/<int:pk>/", views.ReviewCaseDetailView.as_view(), name="case-detail"),
    path("review-cases/<int:pk>/mentoring/", views.ReviewCaseMentoringView.as_view(), name="case-mentoring"),
    path("review-cases/<int:pk>/team/new/", views.ReviewTeamMemberCreateView.as_view(), name="team-member-create"),
    path("review-cases/<int:pk>/plan/new/", views.PlanItemCreateView.as_view(), name="plan-item-create"),
    path("plan-items/<int:pk>/edit/", views.PlanItemUpdateView.as_view(), name="plan-item-update"),
    # Last: the step's slug would otherwise shadow the fixed paths above.
    path("review-cases/<int:pk>/steps/<slug:transition>/", views.ReviewCaseStepView.as_view(), name="case-step"),
]
