"""Pages of the program outcomes (R-OUT-1): the outcome figures of a quarter, and the coordinator's
record of a child's re-entry into care. Thin: the figures come from reporting.services.outcomes."""

from typing import Any

from django.contrib import messages
from django.forms import ModelForm
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views.generic import CreateView, TemplateView

from mentoring.models import Case, Family
from parentpartner import records
from parentpartner.access import has_permission, sees_by_area
from parentpartner.models import ServiceArea, Site
from parentpartner.viewmixins import CreatesOnceMixin, LogsFamilyAccess, PermissionMixin
from reporting.forms.outcomes import ReentryForm
from reporting.models import Reentry
from reporting.services import outcomes
from reporting.services.quarters import Quarter, current_quarter, last_complete_quarter


class OutcomesView(PermissionMixin, TemplateView):
    """R-OUT-1 for the families closed in a chosen quarter, per site and area of the user's scope and
    in all, with the trend over the last 8 quarters."""

    permission = "outcomes.view"
    template_name = "reporting/outcomes.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user, today = self.request.user, timezone.localdate()
        latest = current_quarter(today)
        quarter = Quarter.parse(self.request.GET.get("quarter")) or last_complete_quarter(today)
        invalid = "quarter" in self.request.GET and Quarter.parse(self.request.GET["quarter"]) is None
        quarter = min(quarter, latest)
        cases = Case.objects.visible_to(user)
        by_site = outcomes.figures(cases, quarter, "site")
        sites = Site.objects.visible_to(user).select_related("service_area").order_by("service_area__name", "name")
        site_rows = [(site, by_site[site.pk]) for site in sites if site.pk in by_site]
        area_rows = []
        if sees_by_area(user):
            by_area = outcomes.figures(cases, quarter, "area")
            areas = ServiceArea.objects.filter(pk__in=[pk for pk in by_area if pk is not None]).order_by("name")
            area_rows = [(area, by_area[area.pk]) for area in areas]
        trend = outcomes.trend(cases, quarter.last(8))
        return super().get_context_data(
            quarter=quarter,
            invalid_quarter=invalid,
            choices=[str(q) for q in sorted(set(latest.last(12)) | {quarter}, reverse=True)],
            total_rows=[("All in your view", outcomes.figures(cases, quarter)[None])],
            site_rows=site_rows,
            area_rows=area_rows,
            trend=trend,
            chart=outcomes.chart_data(trend),
            **kwargs,
        )


class ReentryCreateView(CreatesOnceMixin, LogsFamilyAccess, PermissionMixin, CreateView):
    """R-OUT-1: the coordinator records a child's re-entry into care after a reunification. The
    family is looked up in the user's scope (404 outside it)."""

    permission = "reentry.record"
    model = Reentry
    form_class = ReentryForm
    template_name = "reporting/reentry_form.html"

    def dispatch(self, request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated and has_permission(request.user, self.permission):
            self.family = get_object_or_404(Family.objects.visible_to(request.user), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "family": self.family}

    def families_shown(self) -> Any:
        return self.family

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            family=self.family,
            reentries=self.family.reentries.select_related("recorded_by"),
            cancel_url=self.family.get_absolute_url(),
            **kwargs,
        )

    def form_valid(self, form: ModelForm) -> HttpResponse:
        form.instance.family = self.family
        form.instance.recorded_by = self.request.user
        self.object = records.create(form.save(commit=False), user=self.request.user)
        messages.success(self.request, f"Recorded the re-entry into care of {self.object.reentered_on:%Y-%m-%d}.")
        return redirect(self.family.get_absolute_url())
