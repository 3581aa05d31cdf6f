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
    path("parent-partners/<int:pk>/", views.ParentPartnerDetailView.as_view(), name="parent-partner-detail"),
    path("parent-partners/<int:pk>/edit/", views.ParentPartnerUpdateView.as_view(), name="parent-partner-update"),
]
