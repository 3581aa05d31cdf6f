"""Families and cases: referral, matching, assignment, reassignment, closing (R-FAM-1..5, R-FAM-8)."""

import django_filters
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views.generic import DetailView, FormView, ListView, TemplateView

from mentoring import reassignments, services
from mentoring.forms import ChildFormSet, CloseCaseForm, FamilyForm, ReassignForm, ReferralForm
from mentoring.models import ActivityForm, Assignment, Case, CaseStatus, Family, ReferralSource
from parentpartner import audit
from parentpartner.access import has_permission
from parentpartner.models import HistoryEntry, ParentPartner, Site
from parentpartner.viewmixins import (
    CONFLICT_MESSAGE,
    FilteredListMixin,
    HistoryMixin,
    LogsFamilyAccess,
    PermissionMixin,
    ScopedMixin,
    allowed_to_look_up,
    show_errors,
)


class FamilyFilter(django_filters.FilterSet):
    search = django_filters.CharFilter(method="filter_search", label="Parent or DHS case number")
    site = django_filters.ModelChoiceFilter(queryset=Site.objects.none(), empty_label="Any")
    status = django_filters.ChoiceFilter(
        choices=CaseStatus.choices, field_name="open_status", label="Case", empty_label="Any"
    )
    source = django_filters.ChoiceFilter(
        choices=ReferralSource.choices, field_name="open_source", label="Referral", empty_label="Any"
    )

    class Meta:
        model = Family
        fields = ["search", "site", "status", "source"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        self.filters["site"].queryset = Site.objects.visible_to(request.user)

    def filter_search(self, queryset, name, value):
        for word in value.split():
            queryset = queryset.filter(
                Q(parent_first_name__icontains=word)
                | Q(parent_last_name__icontains=word)
                | Q(dhs_case_number__icontains=word)
            )
        return queryset


def with_current_case(queryset):
    """Annotate each family with its latest case's status and source and its current Parent Partner,
    in the list query itself."""
    from django.db.models import OuterRef, Subquery

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
            month = services.month_start(timezone.localdate())
            while month >= services.month_start(current.assigned_on) and len(months) < 12:
                months.append((month, existing.get(month)))
                month = services.previous_month(month)
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


class FamilySaveView(ScopedMixin, TemplateView):
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
        return self.render_to_response(self.context(family, family_form, children, referral))

    def context(self, family, family_form, children, referral, **extra):
        return self.get_context_data(object=family, form=family_form, children=children, referral=referral, **extra)

    def post(self, request, *args, **kwargs):
        family, family_form, children, referral = self.forms(request.POST)
        valid = family_form.is_valid() & children.is_valid() & (referral is None or referral.is_valid())
        if not valid:
            return self.render_to_response(self.context(family, family_form, children, referral), status=200)
        try:
            with transaction.atomic():
                saved = self.save(family, family_form, children, referral)
        except ValidationError as error:
            show_errors(referral if referral is not None else family_form, error)
            return self.render_to_response(self.context(family, family_form, children, referral))
        except StaleEdit:
            family_form.add_error(None, CONFLICT_MESSAGE)
            return self.render_to_response(self.context(family, family_form, children, referral), status=409)
        messages.success(request, f"Saved {saved}.")
        return redirect(saved)

    def save(self, family, family_form, children, referral):
        user = self.request.user
        if family is None:
            family = family_form.save()
            children.instance = family
            children.save()
            audit.record(user, family, HistoryEntry.Action.CREATE, after=family_snapshot(family))
            case = referral.save(commit=False)
            case.family = family
            services.open_case(case, [form.instance for form in children.forms if form.instance.pk], user=user)
            return family
        current = Family.objects.select_for_update().get(pk=family.pk)
        if family_form.cleaned_data.get("version") != current.version:
            raise StaleEdit
        before = family_snapshot(current)
        family.version = current.version + 1
        family = family_form.save()
        children.save()
        audit.record(user, family, HistoryEntry.Action.UPDATE, before, after=family_snapshot(family))
        return family


def family_snapshot(family):
    """The family's fields and its children, so a change to the children is in the history too."""
    values = audit.snapshot(family)
    values["children"] = ", ".join(str(child) for child in family.children.all())
    return values


class StaleEdit(Exception):
    pass


class CaseMixin(PermissionMixin):
    """Pages about one case: looked up through the user's scope (out of scope -> 404)."""

    def dispatch(self, request, *args, **kwargs):
        if allowed_to_look_up(self, request):
            self.case = get_object_or_404(
                Case.objects.visible_to(request.user).select_related("family__site__service_area", "family__county"),
                pk=kwargs["pk"],
            )
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(case=self.case, family=self.case.family, **kwargs)


class ReferralCreateView(PermissionMixin, FormView):
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

    def get_context_data(self, **kwargs):
        return super().get_context_data(family=self.family, **kwargs)

    def form_valid(self, form):
        case = form.save(commit=False)
        case.family = self.family
        if self.family.cases.exclude(status=CaseStatus.CLOSED).exists():
            form.add_error(None, "This family already has an open case.")
            return self.form_invalid(form)
        try:
            services.open_case(case, list(self.family.children.all()), user=self.request.user)
        except ValidationError as error:
            show_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, "Referral recorded.")
        return redirect(self.family)


class MatchView(CaseMixin, TemplateView):
    """R-FAM-2: candidates ranked with their reasons; the excluded ones with why. POST assigns."""

    permission = "case.assign"
    template_name = "mentoring/case_match.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        ranked = services.candidates(self.case, self.request.user)
        context["eligible"] = [c for c in ranked if c.eligible]
        context["excluded"] = [c for c in ranked if not c.eligible]
        context["current"] = self.case.assignments.filter(ended_on__isnull=True).first()
        return context

    def post(self, request, *args, **kwargs):
        chosen = request.POST.get("parent_partner", "")
        partner = None
        if chosen.isdigit() and len(chosen) < 19:  # anything else (empty, tampered) is no choice, not a 500
            partner = ParentPartner.objects.visible_to(request.user).filter(pk=int(chosen)).first()
        if partner is None:
            messages.error(request, "Choose a Parent Partner from the list.")
            return redirect("mentoring:case-match", self.case.pk)
        try:
            assignment = services.assign(self.case, partner, user=request.user, reasons=request.POST.get("reasons", ""))
        except ValidationError as error:
            messages.error(request, "Not assigned: " + " ".join(error.messages))
            return redirect("mentoring:case-match", self.case.pk)
        messages.success(
            request,
            f"{partner} is assigned to {self.case.family}. "
            f"First contact due by {assignment.first_contact_due:%A, %B %-d}.",
        )
        return redirect(self.case.family)


class ReassignView(CaseMixin, FormView):
    """R-FAM-4: end the current assignment with the reason, then choose another Parent Partner."""

    permission = "case.assign"
    form_class = ReassignForm
    http_method_names = ["post"]

    def form_valid(self, form):
        if form.cleaned_data["version"] != self.case.version:
            messages.error(self.request, CONFLICT_MESSAGE)
            return redirect(self.case.family)
        try:
            services.end_assignment(
                self.case, user=self.request.user, reason=form.cleaned_data["reason"], note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            messages.error(self.request, " ".join(error.messages))
            return redirect(self.case.family)
        messages.success(self.request, "The assignment ended. Choose the next Parent Partner.")
        return redirect("mentoring:case-match", self.case.pk)

    def form_invalid(self, form):
        messages.error(self.request, "Choose the reason for the reassignment.")
        return redirect(self.case.family)


class CloseCaseView(CaseMixin, FormView):
    permission = "case.assign"
    form_class = CloseCaseForm
    template_name = "mentoring/case_close.html"

    def get_initial(self):
        return {"version": self.case.version, "closed_on": timezone.localdate()}

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            services.close_case(
                self.case,
                user=self.request.user,
                closed_by=data["closed_by"],
                outcome=data["outcome"],
                on=data["closed_on"],
                note=data["note"],
                version=data["version"],
            )
        except ValidationError as error:
            show_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"The case of {self.case.family} is closed.")
        return redirect(self.case.family)


class WorklistView(PermissionMixin, TemplateView):
    """What needs the coordinator now: referrals awaiting a Parent Partner, overdue first contacts
    (R-FAM-3), last month's missing forms (R-FAM-7); first of all, the families whose Parent Partner
    may no longer mentor, to reassign now (R-REV-4, R-ELIG-2)."""

    permission = "family.list"
    template_name = "mentoring/worklist.html"
    LIMIT = 50

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        today = timezone.localdate()
        last_month = services.previous_month(today)
        assignments = Assignment.objects.filter(case__in=Case.objects.visible_to(user)).select_related(
            "parent_partner", "case__family__site"
        )
        awaiting = (
            Case.objects.visible_to(user).filter(status=CaseStatus.AWAITING_ASSIGNMENT).select_related("family__site")
        )
        overdue = services.overdue_first_contacts(assignments, today).order_by("first_contact_due")
        missing = services.missing_forms(assignments, last_month).order_by("case__family__parent_last_name")
        context.update(
            awaiting=awaiting[: self.LIMIT],
            overdue=overdue[: self.LIMIT],
            missing=missing[: self.LIMIT],
            urgent=reassignments.urgent_reassignments(assignments),
            last_month=last_month,
            today=today,
        )
        return context
