"""Time and mileage for pay (R-ROLE-7): a page per month, and CSV and Excel downloads for payment."""

from django.http import HttpResponse
from django.utils import timezone
from django.views.generic import ListView

from mentoring import pay
from mentoring.filters_support import PayFilter
from mentoring.forms_support import PayMonthForm
from mentoring.models import ActivityForm, OutreachForm
from mentoring.months import first_of_month, previous_month
from parentpartner.models import ParentPartner
from parentpartner.viewmixins import FilteredListMixin, ScopedMixin


class PayReportMixin(FilteredListMixin, ScopedMixin):
    """The rows: Parent Partners in scope, filtered, with the month's approved hours and miles."""

    permission = "pay.view"
    model = ParentPartner
    filterset_class = PayFilter

    def month(self):
        """The chosen month; by default last month, the one being paid."""
        if not hasattr(self, "_month"):
            self.month_form = PayMonthForm(self.request.GET or None)
            default = previous_month(first_of_month(timezone.localdate()))
            valid = self.month_form.is_valid() if self.request.GET else False
            self._month = (self.month_form.cleaned_data.get("month") if valid else None) or default
            if not self.request.GET:
                self.month_form = PayMonthForm(initial={"month": default})
        return self._month

    def list_queryset(self, queryset):
        return pay.people(queryset.select_related("site"), self.month()).order_by("last_name", "first_name", "pk")

    def get_queryset(self):
        """The filtered people (kept as `self.people`: counted and totalled without the per-person
        figures), then their figures: grouped in one join for a download of every row, per row for a
        page (pay.figures)."""
        self.people = super().get_queryset()
        return pay.figures(self.people, self.month(), grouped=self.paginate_by is None)

    def get_paginator(self, queryset, *args, **kwargs):
        paginator = super().get_paginator(queryset, *args, **kwargs)
        paginator.count = self.people.count()  # one row per person: the same number, without grouping
        return paginator


class PayReportView(PayReportMixin, ListView):
    template_name = "mentoring/pay_report.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        month, user = self.month(), self.request.user
        context.update(
            month=month,
            month_form=self.month_form,
            totals=pay.totals(self.people, month),
            not_yet_approved=pay.not_yet_approved(
                ActivityForm.objects.visible_to(user), OutreachForm.objects.visible_to(user), month
            ),
            download_query=self.request.GET.urlencode() or f"month={month:%Y-%m}",
        )
        return context


class PayDownloadView(PayReportMixin, ListView):
    """The same rows as the page, all of them (not one page), for payment. Asks for a purpose and is
    logged (parentpartner.exports, in urls_support.py)."""

    paginate_by = None
    file_format = "csv"

    def render_to_response(self, context, **response_kwargs):
        month = self.month()
        lines = pay.table(self.object_list, month)
        name = f"parent-partner-pay-{month:%Y-%m}"
        if self.file_format == "xlsx":
            response = HttpResponse(
                pay.as_xlsx(lines, month),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
        else:
            response = HttpResponse(pay.as_csv(lines), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.{self.file_format}"'
        response["Cache-Control"] = "no-store"
        response.export_row_count = len(lines) - 1
        return response
