from django.urls import path

from eligibility.views.review_cases import (
    PlanItemCreateView,
    PlanItemUpdateView,
    ReviewCaseCreateView,
    ReviewCaseDetailView,
    ReviewCaseListView,
    ReviewCaseMentoringView,
    ReviewCaseStepView,
    ReviewTeamMemberCreateView,
)
from eligibility.views.screening import (
    CriterionCheckView,
    DisqualifierCreateView,
    ScreeningCreateView,
    ScreeningDetailView,
    ScreeningListView,
    ScreeningUpdateView,
)

app_name = "eligibility"

urlpatterns = [
    path("screenings/", ScreeningListView.as_view(), name="record-list"),
    path("parent-partners/<int:pk>/screening/new/", ScreeningCreateView.as_view(), name="record-create"),
    path("screenings/<int:pk>/", ScreeningDetailView.as_view(), name="record-detail"),
    path("screenings/<int:pk>/edit/", ScreeningUpdateView.as_view(), name="record-update"),
    path("screenings/<int:pk>/criteria/<slug:criterion>/", CriterionCheckView.as_view(), name="criterion-check"),
    path("screenings/<int:pk>/disqualifier/", DisqualifierCreateView.as_view(), name="disqualifier-create"),
    path("review-cases/", ReviewCaseListView.as_view(), name="case-list"),
    path("parent-partners/<int:pk>/review-cases/new/", ReviewCaseCreateView.as_view(), name="case-create"),
    path("review-cases/<int:pk>/", ReviewCaseDetailView.as_view(), name="case-detail"),
    path("review-cases/<int:pk>/mentoring/", ReviewCaseMentoringView.as_view(), name="case-mentoring"),
    path("review-cases/<int:pk>/team/new/", ReviewTeamMemberCreateView.as_view(), name="team-member-create"),
    path("review-cases/<int:pk>/plan/new/", PlanItemCreateView.as_view(), name="plan-item-create"),
    path("plan-items/<int:pk>/edit/", PlanItemUpdateView.as_view(), name="plan-item-update"),
    # Last: the step's slug would otherwise shadow the fixed paths above.
    path("review-cases/<int:pk>/steps/<slug:transition>/", ReviewCaseStepView.as_view(), name="case-step"),
]
