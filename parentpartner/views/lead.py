"""Pages of the Lead Parent Partner case (R-ROLE-6) and coordinator certification (R-ROLE-8). Thin: the
rules are in parentpartner.services.lead."""

from django.urls import reverse
from django.utils import timezone
from django.views.generic import DetailView, ListView

from parentpartner.access import has_permission
from parentpartner.filters import LeadCaseFilter
from parentpartner.forms.lead import CertificationForm, LeadCaseForm, LeadStepForm, LetterForm
from parentpartner.models import CoordinatorCertification, LeadCase, LeadStage, LetterOfInterest, Site
from parentpartner.params import query_number
from parentpartner.services import lead
from parentpartner.viewmixins import (
    CreatesOnceMixin,
    FilteredListMixin,
    ScopedMixin,
    ServiceFormView,
    StepView,
    history_of_all,
)


class LeadCaseListView(FilteredListMixin, ScopedMixin, ListView):
    permission = "lead_case.view"
    model = LeadCase
    filterset_class = LeadCaseFilter
    template_name = "parentpartner/roles/leadcase_list.html"

    def list_queryset(self, queryset):
        return queryset.select_related("site", "recommended__parent_partner")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if has_permission(self.request.user, "lead_case.open"):
            context["own_sites"] = Site.objects.visible_to(self.request.user).filter(is_active=True)
        return context


class LeadCaseCreateView(CreatesOnceMixin, ServiceFormView):
    """R-ROLE-6 step 1: the coordinator's request, with the figures prefilled from the database."""

    permission = "lead_case.open"
    model = Site
    form_class = LeadCaseForm
    template_name = "parentpartner/roles/leadcase_form.html"
    success_message = "Lead Parent Partner case opened."

    def get_initial(self):
        return lead.site_figures(self.object)

    def perform(self, form):
        data = form.cleaned_data
        return lead.open_case(
            self.object,
            user=self.request.user,
            reason=data["reason"],
            partner_count=data["partner_count"],
            families_served=data["families_served"],
        )

    def get_success_url(self, result=None):
        return result.get_absolute_url()


class LeadCaseDetailView(ScopedMixin, DetailView):
    permission = "lead_case.view"
    model = LeadCase
    template_name = "parentpartner/roles/leadcase_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("site", "requested_by", "recommended__parent_partner")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        case, user = self.object, self.request.user
        steps = list(case.steps.select_related("recorded_by"))
        letters = list(case.letters.select_related("parent_partner", "recorded_by"))
        context.update(
            steps=steps,
            letters=letters,
            actions=lead.STEPS.available(case, user),
            can_add_letter=case.stage == LeadStage.LETTERS and has_permission(user, "lead_case.open"),
            history=history_of_all(user, [case, *letters]),
        )
        return context


class LetterCreateView(CreatesOnceMixin, ServiceFormView):
    permission = "lead_case.open"
    model = LeadCase
    form_class = LetterForm
    template_name = "parentpartner/roles/letter_form.html"
    success_message = "Letter of interest recorded."

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": LetterOfInterest(case=self.object)}

    def perform(self, form):
        return lead.add_letter(form.save(commit=False), user=self.request.user)


class LeadStepView(StepView):
    """One step of R-ROLE-6 (a move of `lead.STEPS`); a step the case is not at is refused with the reason."""

    machine = lead.STEPS
    model = LeadCase
    form_class = LeadStepForm
    template_name = "parentpartner/roles/leadstep_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "case": self.object}

    def get_context_data(self, **kwargs):
        case = self.object
        # Before the user starts: why the recommended person cannot go ahead (R-ROLE-6, R-ELIG-2, R-REV-4).
        person_blockers = []
        if self.transition.slug in lead.PERSON_STEPS and case.recommended_id:
            person_blockers = lead.lead_blockers(case.recommended.parent_partner, timezone.localdate())
        return super().get_context_data(
            candidate=case.recommended.parent_partner if case.recommended_id else None,
            person_blockers=person_blockers,
            **kwargs,
        )

    def take(self, data):
        return lead.advance(
            self.object,
            self.transition.slug,
            user=self.request.user,
            result=data["result"],
            held_on=data["held_on"],
            notes=data["notes"],
            version=data["version"],
            letter=data.get("letter"),
            forms_attached=data.get("forms_attached", False),
            password=data.get("password", ""),
            code=data.get("code", ""),
            request=self.request,
        )


# ---------------------------------------------------------------------------------------------------
# Coordinator certification (R-ROLE-8)


class CertificationListView(ScopedMixin, ListView):
    """Every site coordinator with their two trainings; those missing one first (R-ROLE-8)."""

    permission = "certification.manage"
    model = CoordinatorCertification
    template_name = "parentpartner/roles/certification_list.html"
    paginate_by = 25

    def get_queryset(self):
        missing = self.request.GET.get("missing") == "1"
        rows = lead.coordinators_missing_certification if missing else lead.coordinators_with_certification
        return rows(self.request.user).prefetch_related("sites").order_by("last_name", "first_name", "pk")

    def get_context_data(self, **kwargs):
        return super().get_context_data(missing_only=self.request.GET.get("missing") == "1", **kwargs)


class CertificationCreateView(CreatesOnceMixin, ServiceFormView):
    permission = "certification.manage"
    model = CoordinatorCertification
    form_class = CertificationForm
    template_name = "parentpartner/roles/certification_form.html"
    success_message = "Certification recorded."

    def get_object(self):
        return None

    def get_initial(self):
        return {"coordinator": query_number(self.request, "coordinator"), "kind": self.request.GET.get("kind")}

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", self.get_form())
        return {"form": kwargs["form"], "view": self, "cancel_url": reverse("parentpartner:certification-list")}

    def perform(self, form):
        return lead.record_certification(form.save(commit=False), user=self.request.user)

    def get_success_url(self, result=None):
        return reverse("parentpartner:certification-list")
