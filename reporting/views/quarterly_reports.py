"""Pages of the quarterly report (R-SUP-5): choosing a quarter and scope, the report, the records
behind each figure, and its CSV and Excel downloads (all through `download_quarterly_report`)."""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView

from mentoring.models.cases import CSC_CAPACITY_PER_AREA
from parentpartner.access import has_permission
from parentpartner.services.exports import asks_purpose
from parentpartner.spreadsheets import as_csv
from parentpartner.viewmixins import PermissionMixin
from reporting.forms.quarterly_reports import QuarterlyChoiceForm
from reporting.services.quarterly_reports import export
from reporting.services.quarterly_reports.figures import sections
from reporting.services.quarterly_reports.report import (
    BadScope,
    Figure,
    Period,
    ReportScope,
    Section,
    compute,
    figures_of,
    may_open,
    records,
)
from reporting.services.quarters import Quarter


class QuarterlyChooseView(PermissionMixin, TemplateView):
    """The quarter and the scope; defaults: the last complete quarter and the user's own scope."""

    permission = "quarterly_report.view"
    template_name = "reporting/quarterly_choose.html"

    def get(self, request, *args, **kwargs):
        if "quarter" in request.GET or "scope" in request.GET:
            form = QuarterlyChoiceForm(request.GET, user=request.user)
            if form.is_valid():
                return redirect(_report_url(form.cleaned_data["quarter"], form.cleaned_data["scope"]))
        else:
            form = QuarterlyChoiceForm(user=request.user)
        return self.render_to_response(self.get_context_data(form=form))


def _report_url(quarter: Quarter, scope_key: str, name: str = "quarterly-report", *extra: str) -> str:
    return reverse(f"reporting:{name}", args=[str(quarter), scope_key, *extra])


class QuarterlyMixin(PermissionMixin):
    """Reads the quarter and scope of the URL: malformed -> the chooser with a message (400); a scope
    the user may not report on or that does not exist -> 404, like any row out of scope."""

    permission = "quarterly_report.view"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated or not has_permission(request.user, self.permission):
            return super().dispatch(request, *args, **kwargs)
        quarter = Quarter.parse(kwargs["quarter"])
        problem = None
        try:
            scope = ReportScope.lookup(request.user, kwargs["scope"])
        except BadScope as error:
            problem, scope = str(error), None
        if quarter is None:
            problem = f"“{kwargs['quarter'][:20]}” is not a quarter: write it like 2026-Q3."
        elif quarter.start > timezone.localdate():
            problem = f"{quarter} has not started yet: choose a quarter up to the current one."
        if problem:
            form = QuarterlyChoiceForm(user=request.user)
            context = {"form": form, "problem": problem}
            return render(request, "reporting/quarterly_choose.html", context, status=400)
        if scope is None:
            raise Http404("No such site or service area in your scope.")
        self.period = Period(quarter, timezone.localdate())
        self.scope = scope
        self.sections = sections(self.period)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "period": self.period,
            "quarter": self.period.quarter,
            "scope": self.scope,
            "report_url": _report_url(self.period.quarter, self.scope.key),
        }


class QuarterlyReportView(QuarterlyMixin, TemplateView):
    template_name = "reporting/quarterly_report.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        values = compute(self.sections, self.period, self.scope)
        user = self.request.user
        rows = []
        for section in self.sections:
            items = []
            for item in section.items:
                link = None
                if isinstance(item, Figure) and may_open(user, item):
                    link = _report_url(self.period.quarter, self.scope.key, "quarterly-records", item.key)
                items.append({"item": item, "value": values[item.key], "link": link})
            rows.append({"section": section, "items": items})
        areas = self.scope.areas
        return {
            **context,
            "rows": rows,
            "csc_cap": CSC_CAPACITY_PER_AREA * (areas or 1),
            "csc_cap_note": (
                f"the cap of {CSC_CAPACITY_PER_AREA} is for the whole {self.scope.site.service_area} service area"
                if self.scope.site
                else f"{CSC_CAPACITY_PER_AREA} per service area" + (f" × {areas}" if areas > 1 else "")
            ),
            "csc_open": values["csc_open"],
            "can_download": has_permission(user, "quarterly_report.download"),
            "download_csv": _report_url(self.period.quarter, self.scope.key, "quarterly-download", "csv"),
            "download_xlsx": _report_url(self.period.quarter, self.scope.key, "quarterly-download", "xlsx"),
            "print_url": _report_url(self.period.quarter, self.scope.key, "quarterly-print"),
        }


class QuarterlyPrintView(QuarterlyReportView):
    """The report laid out for paper, reached through the export purpose form (parentpartner.services.exports)
    like the downloads: printing takes the figures out of the application too."""

    permission = "quarterly_report.download"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "print_view": True}


class QuarterlyRecordsView(QuarterlyMixin, TemplateView):
    """The records behind one figure, paginated, scoped by the user's own scope too; a role without the
    permission for that kind of record gets 403."""

    template_name = "reporting/quarterly_records.html"
    paginate_by = 25

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        figure = figures_of(self.sections).get(self.kwargs["figure"])
        if figure is None:
            raise Http404("No such figure in the report.")
        if not may_open(self.request.user, figure):
            raise PermissionDenied
        section = next(s for s in self.sections if figure in s.items)
        page = Paginator(records(figure, self.period, self.scope, self.request.user), self.paginate_by).get_page(
            self.request.GET.get("page")
        )
        base = figure.base
        lines = [
            {"title": base.title(obj), "link": base.link(obj), "cells": [show(obj) for _h, show in base.columns]}
            for obj in page.object_list
        ]
        return {
            **context,
            "figure": figure,
            "section": section,
            "headings": [heading for heading, _show in base.columns],
            "lines": lines,
            "page_obj": page,
            "paginator": page.paginator,
            "is_paginated": page.has_other_pages(),
        }


class QuarterlyDownloadView(QuarterlyMixin, TemplateView):
    """CSV and Excel downloads of the report: every export goes through `download_quarterly_report`."""

    permission = "quarterly_report.download"

    def get(self, request, *args, **kwargs):
        return download_quarterly_report(request, self.period, self.scope, self.sections, kwargs["fmt"])


_DOWNLOADS = {fmt: asks_purpose(QuarterlyDownloadView.as_view(), fmt) for fmt in ("csv", "xlsx")}


class QuarterlyDownload:
    """The download URL: each format behind the export purpose form, logged (parentpartner.services.exports).
    An object rather than a function so that the mark below is a declared attribute."""

    # Each format it dispatches to is wrapped; the URL check of parentpartner.services.exports reads this mark.
    asks_purpose = "csv, xlsx"

    def __call__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        return _DOWNLOADS[kwargs["fmt"]](request, *args, **kwargs)


quarterly_download = QuarterlyDownload()


quarterly_print = asks_purpose(QuarterlyPrintView.as_view(), "print")


def download_quarterly_report(
    request: HttpRequest, period: Period, scope: ReportScope, report_sections: Iterable[Section], fmt: str
) -> HttpResponse:
    """The one place a quarterly report leaves the application as a file (CSV or Excel)."""
    values = compute(report_sections, period, scope)
    lines = export.table(report_sections, values, period, scope)
    name = f"quarterly-report-{period.quarter}-{scope.key}"
    if fmt == "xlsx":
        response = HttpResponse(
            export.as_xlsx_report(lines, period),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    else:
        response = HttpResponse(as_csv(lines), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response
