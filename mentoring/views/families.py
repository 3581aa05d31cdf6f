"""Families: the list, a family's page, entering and editing a family with its children and first
referral, and a new referral after a case closed (R-FAM-1, R-FAM-8)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import OuterRef, Prefetch, QuerySet, Subquery
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views.generic import DetailView, FormView, ListView, TemplateView

from mentoring.filters import FamilyFilter
from mentoring.forms.families import ChildFormSet, FamilyForm, ReassignForm, ReferralForm
from mentoring.models import ActivityForm, Assignment, Case, CaseStatus, Family
from mentoring.services import cases, families, reassignments
from parentpartner import audit
from parentpartner.access import has_permission
from parentpartner.dates import first_of_month, previous_month
from parentpartner.viewmixins import (
    CreatesOnceMixin,
    FilteredListMixin,
    HistoryMixin,
    LogsFamilyAccess,
    PermissionMixin,
    ScopedMixin,
    allowed_to_look_up,
    show_errors,
)


def with_current_case(queryset: QuerySet) -> QuerySet:
    """Annotate each family with its latest case's status and source and its current Parent Partner,
    in the list query itself."""
    latest = Case.objects.filter(family=OuterRef("pk")).order_by("-referred_on", "-pk")
    current = Assignment.objects.filter(case__family=OuterRef("pk"), ended_on__isnull=True)
    return queryset.annotate(
        open_status=Subquery(latest.values("status")[:1]),
        open_source=Subquery(latest.values("source")[:1]),
        partner_first=Subquery(current.values("parent_partner__first_name")[:1]),
        partner_last=Subquery(current.values("parent_partner__last_name")[:1]),
    )


class FamilyListView(FilteredListMixin, ScopedMixin, ListView):
    permission = "family.list"
    model = Family
    filterset_class = FamilyFilter
    template_name = "mentoring/family_list.html"

    def list_queryset(self, queryset):
        return with_current_case(queryset.select_related("site", "county"))

    def get_context_data(self, **kwargs):
        return super().get_context_data(can_create=has_permission(self.request.user, "family.change"), **kwargs)

    def get(self, request, *args, **kwargs):
        """A search by name or DHS case number looks particular families up: each family on the page of
        results is logged as opened (one INSERT). Browsing the caseload (no search words, or only the
        site, case and referral filters) shows the user's own list and is not logged."""
        response = super().get(request, *args, **kwargs)
        if request.GET.get("search", "").strip():
            audit.record_access(request, list(response.context_data["object_list"]))
        return response


class FamilyDetailView(LogsFamilyAccess, ScopedMixin, HistoryMixin, DetailView):
    permission = "family.view"
    model = Family
    template_name = "mentoring/family_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("site__service_area", "county")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        cases = list(
            self.object.cases.visible_to(user).prefetch_related(
                Prefetch(
                    "assignments",
                    queryset=Assignment.objects.select_related("parent_partner", "assigned_by").prefetch_related(
                        Prefetch("activity_forms", queryset=ActivityForm.objects.order_by("-month"))
                    ),
                )
            )
        )
        open_case = next((case for case in cases if case.status != CaseStatus.CLOSED), None)
        current = None
        if open_case:
            current = next((a for a in open_case.assignments.all() if a.ended_on is None), None)
        months = []
        if current:
            existing = {form.month: form for form in current.activity_forms.all()}
            month = first_of_month(timezone.localdate())
            while month >= first_of_month(current.assigned_on) and len(months) < 12:
                months.append((month, existing.get(month)))
                month = previous_month(month)
        context.update(
            cases=cases,
            open_case=open_case,
            current=current,
            months=months,
            children=self.object.children.all(),
            can_change=has_permission(user, "family.change"),
            can_assign=has_permission(user, "case.assign"),
            can_enter_forms=has_permission(user, "activity_form.edit"),
            can_raise_concern=has_permission(user, "safety_concern.raise"),
            reassign_form=ReassignForm(initial={"version": open_case.version}) if open_case else None,
            # R-REV-4, R-ELIG-2: said on the page, before anyone tries to start a form.
            stop_reason=reassignments.stop_reason(current.parent_partner) if current else None,
            today=timezone.localdate(),
        )
        return context


class FamilySaveView(CreatesOnceMixin, ScopedMixin, TemplateView):
    """Create a family with its children and its referral, or edit family and children. One page, one
    transaction: nothing is saved unless everything is valid."""

    permission = "family.change"
    model = Family
    template_name = "mentoring/family_form.html"

    def get_object(self):
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"]) if "pk" in self.kwargs else None

    def forms(self, data=None):
        family = self.get_object()
        user = self.request.user
        family_form = FamilyForm(data, instance=family, user=user, prefix="family")
        children = ChildFormSet(data, instance=family or Family(), prefix="children")
        referral = (
            None if family else ReferralForm(data, prefix="referral", initial={"referred_on": timezone.localdate()})
        )
        return family, family_form, children, referral

    def get(self, request, *args, **kwargs):
        family, family_form, children, referral = self.forms()
        response = self.render_to_response(self.context(family, family_form, children, referral))
        # The edit form shows the family's names, DHS case number, caseworker and children.
        audit.record_access(request, family)
        return response

    def context(self, family, family_form, children, referral, **extra):
        return self.get_context_data(object=family, form=family_form, children=children, referral=referral, **extra)

    def post(self, request, *args, **kwargs):
        family, family_form, children, referral = self.forms(request.POST)
        valid = family_form.is_valid() & children.is_valid() & (referral is None or referral.is_valid())
        if not valid:
            return self.render_to_response(self.context(family, family_form, children, referral), status=200)
        try:
            if family is None:
                saved = families.create(family_form, children, referral, user=request.user)
            else:
                version = family_form.cleaned_data.get("version")
                saved = families.update(family_form, children, user=request.user, version=version)
        except ValidationError as error:
            show_errors(referral if referral is not None else family_form, error)
            status = 409 if getattr(error, "code", None) == "conflict" else 200
            return self.render_to_response(self.context(family, family_form, children, referral), status=status)
        messages.success(request, f"Saved {saved}.")
        return redirect(saved)


class ReferralCreateView(CreatesOnceMixin, LogsFamilyAccess, PermissionMixin, FormView):
    """A new referral for a family whose earlier case closed."""

    permission = "family.change"
    form_class = ReferralForm
    template_name = "mentoring/referral_form.html"

    def dispatch(self, request, *args, **kwargs):
        if allowed_to_look_up(self, request):
            self.family = get_object_or_404(Family.objects.visible_to(request.user), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {"referred_on": timezone.localdate(), "referred_by": self.family.caseworker_name}

    def families_shown(self):
        return self.family

    def get_context_data(self, **kwargs):
        return super().get_context_data(family=self.family, **kwargs)

    def form_valid(self, form):
        case = form.save(commit=False)
        case.family = self.family
        if self.family.cases.exclude(status=CaseStatus.CLOSED).exists():
            form.add_error(None, "This family already has an open case.")
            return self.form_invalid(form)
        try:
            cases.open_case(case, list(self.family.children.all()), user=self.request.user)
        except ValidationError as error:
            show_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, "Referral recorded.")
        return redirect(self.family)
