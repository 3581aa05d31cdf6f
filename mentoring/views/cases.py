"""A family's case: matching and assigning a Parent Partner (R-FAM-2, R-FAM-3), reassignment
(R-FAM-4), closing (R-FAM-5), and the coordinator's worklist (R-FAM-3, R-FAM-7, R-REV-4, R-ELIG-2)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views.generic import FormView, TemplateView

from mentoring.forms.families import CloseCaseForm, ReassignForm
from mentoring.models import Assignment, Case, CaseStatus
from mentoring.services import cases, matching, reassignments
from parentpartner.models import ParentPartner
from parentpartner.params import whole_number
from parentpartner.viewmixins import (
    CreatesOnceMixin,
    LogsFamilyAccess,
    PermissionMixin,
    ServiceFormView,
    allowed_to_look_up,
)


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


class MatchView(CreatesOnceMixin, LogsFamilyAccess, CaseMixin, TemplateView):
    """R-FAM-2: candidates ranked with their reasons; the excluded ones with why. POST assigns.
    The page shows the family's needs, language and county: its opening is logged."""

    permission = "case.assign"
    template_name = "mentoring/case_match.html"

    def families_shown(self):
        return self.case.family

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        ranked = matching.candidates(self.case, self.request.user)
        context["eligible"] = [c for c in ranked if c.eligible]
        context["excluded"] = [c for c in ranked if not c.eligible]
        context["current"] = self.case.assignments.filter(ended_on__isnull=True).first()
        return context

    def post(self, request, *args, **kwargs):
        chosen = whole_number(request.POST.get("parent_partner", ""))
        partner = None
        if chosen is not None:  # anything else (empty, "²", tampered) is no choice, not a 500
            partner = ParentPartner.objects.visible_to(request.user).filter(pk=chosen).first()
        if partner is None:
            messages.error(request, "Choose a Parent Partner from the list.")
            return redirect("mentoring:case-match", self.case.pk)
        try:
            assignment = cases.assign(self.case, partner, user=request.user, reasons=request.POST.get("reasons", ""))
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
        data = form.cleaned_data
        try:
            cases.end_assignment(
                self.case, user=self.request.user, reason=data["reason"], note=data["note"], version=data["version"]
            )
        except ValidationError as error:
            messages.error(self.request, " ".join(error.messages))
            return redirect(self.case.family)
        messages.success(self.request, "The assignment ended. Choose the next Parent Partner.")
        return redirect("mentoring:case-match", self.case.pk)

    def form_invalid(self, form):
        messages.error(self.request, "Choose the reason for the reassignment.")
        return redirect(self.case.family)


class CloseCaseView(LogsFamilyAccess, ServiceFormView):
    """R-FAM-5: close the case with who closed it and the outcome; a stale form answers 409."""

    permission = "case.assign"
    model = Case
    form_class = CloseCaseForm
    template_name = "mentoring/case_close.html"

    def get_queryset(self):
        return super().get_queryset().select_related("family__site__service_area", "family__county")

    def get_initial(self):
        return {"version": self.object.version, "closed_on": timezone.localdate()}

    def family_of(self, obj):
        return obj.family

    def get_context_data(self, **kwargs):
        return super().get_context_data(case=self.object, family=self.object.family, **kwargs)

    def perform(self, form):
        data = form.cleaned_data
        self.success_message = f"The case of {self.object.family} is closed."
        return cases.close_case(
            self.object,
            user=self.request.user,
            closed_by=data["closed_by"],
            outcome=data["outcome"],
            on=data["closed_on"],
            note=data["note"],
            version=data["version"],
        )


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
        assignments = Assignment.objects.filter(case__in=Case.objects.visible_to(user)).select_related(
            "parent_partner", "case__family__site"
        )
        awaiting = (
            Case.objects.visible_to(user).filter(status=CaseStatus.AWAITING_ASSIGNMENT).select_related("family__site")
        )
        overdue = cases.overdue_first_contacts(assignments, today).order_by("first_contact_due")
        last_month, missing = cases.last_month_missing_forms(assignments, today)
        missing = missing.order_by("case__family__parent_last_name")
        context.update(
            awaiting=awaiting[: self.LIMIT],
            overdue=overdue[: self.LIMIT],
            missing=missing[: self.LIMIT],
            urgent=reassignments.urgent_reassignments(assignments),
            last_month=last_month,
            today=today,
        )
        return context
