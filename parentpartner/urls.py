from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from parentpartner import views

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("parentpartner.app_urls")),
    path("mentoring/", include("mentoring.urls")),
    path("training/", include("training.urls")),
    path("eligibility/", include("eligibility.urls")),
    path("reporting/", include("reporting.urls")),
    path("admin/", admin.site.urls),
]

# DEBUG off: a plain page with a reference id that is logged with the exception.
handler500 = "parentpartner.security.server_error"
