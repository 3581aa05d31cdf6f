"""Exports ask for a purpose and are logged: who exported what (the page, its filters), in which format,
when, why, and how many rows.

Wrapping an export view is one line in its urls.py:

    path("pay/csv/", exports.asks_purpose(PayDownloadView.as_view(), "csv"), name="pay-report-csv"),

`asks_purpose(view, file_format)` works with any view that answers GET with the file (CSV, Excel) or
the printable page ("print"): class-based `as_view()` or a plain function. The wrapped view keeps
its own checks, in the usual order (anonymous -> login, wrong role -> 403, out of scope -> 404): it
runs first, and only a successful answer is held back. Then
- GET shows a small form (purpose choices + details), posting back to the same URL and query string;
- POST with a valid purpose writes one ExportLog row and sends the file, `Cache-Control: no-store`;
- POST with an invalid purpose re-shows the form with the message; nothing is logged or sent.
On POST the wrapped view is called as a GET (it reads its filters from the query string, which the
form keeps); CSRF is checked by the middleware before, as for every POST.
A view may set `response.export_row_count`; otherwise the rows of a CSV are counted.
"""

import functools
from collections.abc import Callable
from typing import Any, Protocol, cast

from django import forms
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render

from parentpartner.models import ExportLog, ExportPurpose

FORMATS = {"csv": "CSV", "xlsx": "Excel", "print": "print view"}


class ExportPurposeForm(forms.Form):
    purpose = forms.ChoiceField(choices=ExportPurpose.choices, widget=forms.RadioSelect, label="Purpose of this export")
    purpose_detail = forms.CharField(
        label="Details", max_length=300, required=False, help_text="Required when the purpose is Other."
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        if cleaned.get("purpose") == ExportPurpose.OTHER and not cleaned.get("purpose_detail", "").strip():
            self.add_error("purpose_detail", "Say what the export is for.")
        return cleaned


def _row_count(response: HttpResponseBase, file_format: str) -> int | None:
    count = getattr(response, "export_row_count", None)
    # A streaming response (StreamingHttpResponse, FileResponse) has no `content` to count.
    if count is None and file_format == "csv" and isinstance(response, HttpResponse):
        count = max(response.content.count(b"\n") - 1, 0)
    return count


def _params(request: HttpRequest) -> dict[str, Any]:
    match = request.resolver_match
    return {
        "query": {key: request.GET.getlist(key) for key in request.GET},
        "args": {key: str(value) for key, value in (match.kwargs if match else {}).items()},
    }


class ExportView(Protocol):
    """A view wrapped by `asks_purpose`: it says its format (the permission matrix test reads it)."""

    asks_purpose: str

    def __call__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase: ...


def asks_purpose(view: Callable[..., HttpResponseBase], file_format: str) -> ExportView:
    """The export `view`, behind a purpose form and logged (see the module's docstring)."""
    if file_format not in FORMATS:
        raise ValueError(f"Unknown export format {file_format!r}.")

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        asked = request.method == "POST"
        data = request.POST if asked else None  # read while the method is still POST
        if asked:
            request.method = "GET"
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and not getattr(response, "is_rendered", True):
            response = response.render()
        if response.status_code != 200:
            return response
        form = ExportPurposeForm(data)
        match = request.resolver_match
        if match is None:
            raise ImproperlyConfigured("An export is reached through the URLconf, where `asks_purpose` wraps it.")
        if not asked or not form.is_valid():
            if asked:
                request.method = "POST"
            context = {"form": form, "file_format": FORMATS[file_format], "what": match.view_name}
            return render(request, "parentpartner/export_purpose.html", context)
        if not request.user.is_authenticated:  # not reached: every export view answers 200 to a login only
            raise PermissionDenied
        with transaction.atomic():
            ExportLog.objects.create(
                user=request.user,
                what=match.view_name,
                path=request.get_full_path()[:300],
                params=_params(request),
                file_format=file_format,
                purpose=form.cleaned_data["purpose"],
                purpose_detail=form.cleaned_data["purpose_detail"],
                row_count=_row_count(response, file_format),
            )
        response["Cache-Control"] = "no-store"
        return response

    exported = cast(ExportView, wrapped)
    exported.asks_purpose = file_format
    return exported
