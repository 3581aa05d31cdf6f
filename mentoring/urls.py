from django.urls import path  # noqa: F401

app_name = "mentoring"

urlpatterns: list = []

from mentoring import urls_support  # noqa: E402

urlpatterns += urls_support.urlpatterns
