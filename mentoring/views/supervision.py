"""The weekly supervision log (R-SUP-1), clinical support sessions (R-SUP-2), and who is overdue."""

from django.forms import ModelForm
from django.utils import timezone
from django.views.generic import CreateView, DetailView, ListView, UpdateView

from mentoring.filters import ClinicalSupportFilter, SupervisionFilter, SupportFlagFilter
from mentoring.forms.supervision import ClinicalSupportSessionForm, SupervisionSessionForm
from mentoring.models import ClinicalSupportSession, SupervisionSession
from mentoring.services import supervision
from parentpartner.access import has_permission
from parentpartner.links import detail_urls
from parentpartner.models import ParentPartner
from parentpartner.params import query_number
from parentpartner.subqueries import count_of
from parentpartner.viewmixins import (
    AuditedSaveMixin,
    CreatesOnceMixin,
    FilteredListMixin,
    HistoryMixin,
    LogsFamilyAccess,
    ScopedMixin,
)


class SupervisionListView(FilteredListMixin, ScopedMixin, ListView):
    permission = "supervision.view"
    model = SupervisionSession
    filterset_class = SupervisionFilter
    template_name = "mentoring/supervisionsession_list.html"

    def list_queryset(self, queryset):
        return (
            queryset.select_related("parent_partner__site", "coordinator")
            .annotate(case_count=count_of(SupervisionSession.cases.through.objects, "supervisionsession"))
            .order_by("-held_on", "-pk")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(can_record=has_permission(self.request.user, "supervision.record"), **kwargs)
        # One reverse() for the page's links (parentpartner.links, issue 9).
        urls = detail_urls("mentoring:supervision-detail", [entry.pk for entry in context["object_list"]])
        context["rows"] = [(entry, urls[entry.pk]) for entry in context["object_list"]]
        return context


class SupervisionDetailView(LogsFamilyAccess, ScopedMixin, HistoryMixin, DetailView):
    """R-SUP-1: the session with the families discussed (names and DHS case numbers): each of them is
    logged as opened."""

    permission = "supervision.view"
    model = SupervisionSession
    template_name = "mentoring/supervisionsession_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("parent_partner__site", "coordinator")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["cases"] = self.cases = list(self.object.cases.select_related("family"))
        context["can_record"] = has_permission(self.request.user, "supervision.record")
        return context

    def families_shown(self):
        return [case.family for case in self.cases]


class SupervisionSaveMixin(ScopedMixin, AuditedSaveMixin):
    permission = "supervision.record"
    model = SupervisionSession
    form_class: type[ModelForm] | None = SupervisionSessionForm
    template_name: str | None = "mentoring/supervisionsession_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_success_url(self):
        return self.object.get_absolute_url()


class SupervisionCreateView(CreatesOnceMixin, SupervisionSaveMixin, CreateView):
    def get_initial(self):
        return {"held_on": timezone.localdate(), "parent_partner": query_number(self.request, "parent_partner")}

    def create(self, form):
        # The log is of the coordinator who held the supervision: the one recording it.
        form.instance.coordinator = self.request.user
        return super().create(form)


class SupervisionUpdateView(LogsFamilyAccess, SupervisionSaveMixin, UpdateView):
    """The edit form shows the families discussed, ticked among the open cases offered (those offered
    are a pick-list of the coordinator's caseload, not an opening of their records)."""

    def families_shown(self):
        return [case.family for case in self.object.cases.select_related("family")]


class ClinicalSupportListView(FilteredListMixin, ScopedMixin, ListView):
    permission = "clinical_support.view"
    model = ClinicalSupportSession
    filterset_class = ClinicalSupportFilter
    template_name = "mentoring/clinicalsupportsession_list.html"

    def list_queryset(self, queryset):
        return (
            queryset.select_related("site")
            .annotate(
                attendee_count=count_of(ClinicalSupportSession.attendees.through.objects, "clinicalsupportsession")
            )
            .order_by("-held_on", "-pk")
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            can_record=has_permission(self.request.user, "clinical_support.record"), **kwargs
        )


class ClinicalSupportDetailView(ScopedMixin, HistoryMixin, DetailView):
    permission = "clinical_support.view"
    model = ClinicalSupportSession
    template_name = "mentoring/clinicalsupportsession_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("site", "recorded_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["attendees"] = self.object.attendees.order_by("last_name", "first_name")
        context["can_record"] = has_permission(self.request.user, "clinical_support.record")
        return context


class ClinicalSupportSaveMixin(ScopedMixin, AuditedSaveMixin):
    permission = "clinical_support.record"
    model = ClinicalSupportSession
    form_class: type[ModelForm] | None = ClinicalSupportSessionForm
    template_name: str | None = "mentoring/clinicalsupportsession_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_success_url(self):
        return self.object.get_absolute_url()


class ClinicalSupportCreateView(CreatesOnceMixin, ClinicalSupportSaveMixin, CreateView):
    def get_initial(self):
        return {"held_on": timezone.localdate()}

    def create(self, form):
        form.instance.recorded_by = self.request.user
        return super().create(form)


class ClinicalSupportUpdateView(ClinicalSupportSaveMixin, UpdateView):
    pass


class SupportFlagListView(FilteredListMixin, ScopedMixin, ListView):
    """R-SUP-1, R-SUP-2: Parent Partners serving families without supervision in the last 7 days or
    clinical support in the last month."""

    permission = "supervision.view"
    model = ParentPartner
    filterset_class = SupportFlagFilter
    template_name = "mentoring/support_flags.html"

    def list_queryset(self, queryset):
        today = timezone.localdate()
        return (
            supervision.flagged(queryset, today)
            .select_related("site")
            .order_by("site__name", "last_name", "first_name", "pk")
        )

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        return super().get_context_data(
            supervision_cutoff=supervision.supervision_cutoff(today),
            clinical_cutoff=supervision.clinical_cutoff(today),
            can_record=has_permission(self.request.user, "supervision.record"),
            **kwargs,
        )
