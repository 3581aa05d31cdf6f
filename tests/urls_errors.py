"""The project's URLs plus views that fail, for tests/core/test_security.py's error-page tests."""

from django.core.exceptions import SuspiciousOperation
from django.urls import path

from parentpartner.urls import handler500  # noqa: F401
from parentpartner.urls import urlpatterns as project_urls


def fails(request):
    raise RuntimeError("internal detail: SELECT secret FROM parentpartner_family")


def suspicious(request):
    raise SuspiciousOperation("internal detail of a bad request")


urlpatterns = [path("fails/", fails), path("suspicious/", suspicious), *project_urls]
