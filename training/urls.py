from django.urls import path

from training import views

app_name = "training"

urlpatterns = [
    path("", views.OverviewView.as_view(), name="overview"),
    path("parent-partners/<int:pk>/", views.ChecklistView.as_view(), name="checklist"),
    path("parent-partners/<int:pk>/completions/new/", views.CompletionCreateView.as_view(), name="completion-create"),
    path("parent-partners/<int:pk>/shadowing/new/", views.ShadowingCreateView.as_view(), name="shadowing-create"),
    path("sessions/", views.SessionListView.as_view(), name="session-list"),
    path("sessions/new/", views.SessionCreateView.as_view(), name="session-create"),
    path("sessions/<int:pk>/", views.SessionDetailView.as_view(), name="session-detail"),
    path("sessions/<int:pk>/edit/", views.SessionUpdateView.as_view(), name="session-update"),
    path("trainers/", views.TrainerListView.as_view(), name="trainer-list"),
    path("trainers/new/", views.TrainerCreateView.as_view(), name="trainer-create"),
    path("trainers/<int:pk>/", views.TrainerDetailView.as_view(), name="trainer-detail"),
    path("trainers/<int:pk>/edit/", views.TrainerUpdateView.as_view(), name="trainer-update"),
    path("trainers/<int:pk>/approve/", views.TrainerApproveView.as_view(), name="trainer-approve"),
    path("trainers/<int:pk>/train-the-trainer/", views.TrainTheTrainerView.as_view(), name="trainer-train-the-trainer"),
]
