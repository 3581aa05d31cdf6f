"""Time and mileage for pay (R-ROLE-7): a page per month, CSV and Excel downloads for payment, and
the rates the statewide coordinator sets (mentoring.models.pay)."""

from django.forms import ModelForm
from django.http import HttpResponse
from django.utils import timezone
from django.views.generic import CreateView, ListView, UpdateView

from mentoring.filters import PayFilter
from mentoring.forms.pay import PayMonthForm, PayRateForm
from mentoring.models import ActivityForm, OutreachForm, PayRate
from mentoring.services import pay
from parentpartner import spreadsheets
from parentpartner.access import has_permission
from parentpartner.dates import first_of_month, last_day, previous_month
from parentpartner.models import ParentPartner
from parentpartner.viewmixins import (
    AuditedSaveMixin,
    CreatesOnceMixin,
    FilteredListMixin,
    HistoryMixin,
    PermissionMixin,
    ScopedMixin,
    history_of_all,
)


class PayReportMixin(FilteredListMixin, ScopedMixin):
    """The people: Parent Partners in scope, filtered, with approved forms in the month."""

    permission = "pay.view"
    model: type[ParentPartner] | None = ParentPartner
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


class PayReportView(PayReportMixin, ListView):
    """The page: for each Parent Partner of the page, a line per kind of activity and their total; the
    report's totals per kind below. A fixed number of queries (tests/mentoring/test_pay.py)."""

    template_name = "mentoring/pay_report.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        month, user = self.month(), self.request.user
        page = list(context["object_list"])
        by_person = pay.statements([person.pk for person in page], month)
        totals = pay.totals(self.object_list, month)
        context.update(
            month=month,
            month_form=self.month_form,
            rows=[(person, by_person.get(person.pk, pay.Statement())) for person in page],
            totals=totals,
            rates=pay.rates_of(month, last_day(month)),
            can_set_rates=has_permission(user, "pay_rate.change"),
            not_yet_approved=pay.not_yet_approved(
                ActivityForm.objects.visible_to(user), OutreachForm.objects.visible_to(user), month
            ),
            download_query=self.request.GET.urlencode() or f"month={month:%Y-%m}",
        )
        return context


class PayDownloadView(PayReportMixin, ListView):
    """The same people as the page, all of them (not one page), for payment. Asks for a purpose and is
    logged (parentpartner.services.exports, in mentoring/urls.py)."""

    paginate_by = None
    file_format = "csv"

    def render_to_response(self, context, **response_kwargs):
        month = self.month()
        lines = pay.table(self.object_list, month)
        name = f"parent-partner-pay-{month:%Y-%m}"
        if self.file_format == "xlsx":
            response = HttpResponse(
                spreadsheets.as_xlsx(lines, month),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
        else:
            response = HttpResponse(spreadsheets.as_csv(lines), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.{self.file_format}"'
        response["Cache-Control"] = "no-store"
        response.export_row_count = len(lines) - 1
        return response


class PayRateListView(PermissionMixin, ListView):
    """Every rate, each kind newest first, with the history of their changes. Rates are the state's:
    everyone who reads the pay report reads them."""

    permission = "pay.view"
    model = PayRate
    template_name = "mentoring/payrate_list.html"

    def get_queryset(self):
        return PayRate.objects.select_related("recorded_by").order_by("kind", "-effective_from")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        in_force = {}
        for rate in context["object_list"]:
            if rate.effective_from <= today and rate.kind not in in_force:
                in_force[rate.kind] = rate.pk
        context.update(
            in_force=set(in_force.values()),
            can_set_rates=has_permission(self.request.user, "pay_rate.change"),
            history=history_of_all(self.request.user, context["object_list"]),
        )
        return context


class PayRateSaveMixin(PermissionMixin, AuditedSaveMixin):
    """R-ROLE-7: the statewide coordinator sets the rates; every change leaves a history row."""

    permission = "pay_rate.change"
    model = PayRate
    form_class: type[ModelForm] | None = PayRateForm
    template_name: str | None = "mentoring/payrate_form.html"

    def get_queryset(self):
        return PayRate.objects.all()

    def get_success_url(self):
        return self.object.get_absolute_url()


class PayRateCreateView(CreatesOnceMixin, PayRateSaveMixin, CreateView):
    def create(self, form):
        form.instance.recorded_by = self.request.user
        return super().create(form)


class PayRateUpdateView(PayRateSaveMixin, HistoryMixin, UpdateView):
    """A correction of a rate typed wrongly; a new rate from a later date is added instead."""
