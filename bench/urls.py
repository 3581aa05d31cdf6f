"""Bench-only URLconf: the application's URLs, the bench admin site and the floor view. Used only by
`bench.run` (ROOT_URLCONF override); never by production settings."""

from django.urls import path

from bench.admin import site
from bench.floor import floor_view
from parentpartner.urls import urlpatterns as app_urlpatterns

urlpatterns = [
    path("bench-admin/", site.urls),
    path("bench-floor/<slug:key>/", floor_view, name="bench-floor"),
    *app_urlpatterns,
]
