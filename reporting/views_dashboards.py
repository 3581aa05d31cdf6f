"""Pages of the dashboards, the outcomes (R-OUT-1), the meetings (R-ORG-4, R-SUP-3) and re-entries
into care. Thin: the figures come from reporting.dashboards, reporting.outcomes, reporting.meetings."""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import CreateView, DetailView, ListView, TemplateView, UpdateView

from mentoring.models import Case, Family
from parentpartner import access, audit
from parentpartner.access import Scope, ScopeKind, has_permission
from parentpartner.models import HistoryEntry, Role, ServiceArea, Site
from parentpartner.viewmixins import AuditedSaveMixin, HistoryMixin, PermissionMixin, ScopedMixin
from reporting import dashboards, meetings, outcomes
from reporting.forms_meetings import MeetingForm, ReentryForm
from reporting.models_meetings import Meeting, MeetingKind, Reentry
from reporting.quarters import Quarter, current_quarter, last_complete_quarter

DASHBOARDS = {
    Role.SERVICE_AREA_COORDINATOR: ("reporting/dashboard_area.html", dashboards.area_dashboard),
    Role.STATEWIDE_COORDINATOR: ("reporting/dashboard_state.html", dashboards.state_dashboard),
    Role.CONTRACT_MANAGER: ("reporting/dashboard_contract.html", dashboards.contract_dashboard),
}


class DashboardView(PermissionMixin, TemplateView):
    """The role's dashboard: the service area coordinator's, the statewide coordinator's or the
    contract manager's."""

    permission = "dashboard.view"

    def get_template_names(self):
        return [DASHBOARDS[self.request.user.role][0]]

    def get_context_data(self, **kwargs):
        build = DASHBOARDS[self.request.user.role][1]
        return super().get_context_data(
            today=timezone.localdate(),
            can_record_meetings=has_permission(self.request.user, "meeting.record"),
            **build(self.request.user, timezone.localdate()),
            **kwargs,
        )


class OutcomesView(PermissionMixin, TemplateView):
    """R-OUT-1 for the families closed in a chosen quarter, per site and area of the user's scope and
    in all, with the trend over the last 8 quarters."""

    permission = "outcomes.view"
    template_name = "reporting/outcomes.html"

    def get_context_data(self, **kwargs):
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
        if Scope.of(user).kind in (ScopeKind.STATE, ScopeKind.AREA):
            by_area = outcomes.figures(cases, quarter, "area")
            areas = ServiceArea.objects.filter(pk__in=by_area.keys()).order_by("name")
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


class MeetingListView(ScopedMixin, ListView):
    permission = "meeting.view"
    model = Meeting
    template_name = "reporting/meeting_list.html"
    paginate_by = 25

    def get_queryset(self):
        rows = super().get_queryset().select_related("service_area", "coordinator")
        kind = self.request.GET.get("kind")
        if kind in MeetingKind.values:
            rows = rows.filter(kind=kind)
        return rows.order_by("-held_on", "-pk")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            kinds=MeetingKind.choices,
            kind=self.request.GET.get("kind", ""),
            can_record=has_permission(self.request.user, "meeting.record"),
            overdue=meetings.overdue_meetings(self.request.user, timezone.localdate()),
            **kwargs,
        )


class MeetingFormMixin(AuditedSaveMixin):
    model = Meeting
    form_class = MeetingForm
    template_name = "reporting/meeting_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def create(self, form):
        form.instance.recorded_by = self.request.user
        return super().create(form)

    def get_success_url(self):
        return self.object.get_absolute_url()

    def get_context_data(self, **kwargs):
        cancel = self.object.get_absolute_url() if getattr(self, "object", None) else None
        return super().get_context_data(cancel_url=cancel or reverse("reporting:meeting-list"), **kwargs)


class MeetingCreateView(MeetingFormMixin, PermissionMixin, CreateView):
    permission = "meeting.record"

    def get_initial(self):
        initial = {"held_on": timezone.localdate()}
        kind = self.request.GET.get("kind")
        if kind in MeetingKind.values:
            initial["kind"] = kind
        # From an overdue meeting's "Record" link; the form's choices still decide what may be saved.
        for name in ("service_area", "coordinator"):
            if self.request.GET.get(name, "").isdigit():
                initial[name] = int(self.request.GET[name])
        return initial


class MeetingUpdateView(MeetingFormMixin, ScopedMixin, UpdateView):
    permission = "meeting.record"

    def get_queryset(self):
        # The advisory committee is read, not rewritten, by a service area coordinator (404 to them).
        return access.meetings_editable_by(self.request.user, super().get_queryset())


class MeetingDetailView(ScopedMixin, HistoryMixin, DetailView):
    permission = "meeting.view"
    model = Meeting
    template_name = "reporting/meeting_detail.html"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("service_area", "coordinator", "recorded_by")
            .prefetch_related("attendees")
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(can_change=has_permission(self.request.user, "meeting.record"), **kwargs)


class ReentryCreateView(PermissionMixin, CreateView):
    """R-OUT-1: the coordinator records a child's re-entry into care after a reunification. The
    family is looked up in the user's scope (404 outside it)."""

    permission = "reentry.record"
    model = Reentry
    form_class = ReentryForm
    template_name = "reporting/reentry_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and has_permission(request.user, self.permission):
            self.family = get_object_or_404(Family.objects.visible_to(request.user), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "family": self.family}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            family=self.family,
            reentries=self.family.reentries.select_related("recorded_by"),
            cancel_url=self.family.get_absolute_url(),
            **kwargs,
        )

    def form_valid(self, form):
        with transaction.atomic():
            form.instance.family = self.family
            form.instance.recorded_by = self.request.user
            self.object = form.save()
            audit.record(self.request.user, self.object, HistoryEntry.Action.CREATE)
        messages.success(self.request, f"Recorded the re-entry into care of {self.object.reentered_on:%Y-%m-%d}.")
        return redirect(self.family.get_absolute_url())
