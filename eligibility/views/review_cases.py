"""Pages for eligibility review cases, protocol E (R-REV-1..4). Thin: every rule is in
`eligibility.services.review_cases` and `review_parts`; scope and permission come from
`parentpartner.access` via the mixins."""

from typing import Any

from django.utils import timezone
from django.views.generic import DetailView, ListView, UpdateView

from eligibility import forms
from eligibility.filters import ReviewCaseFilter
from eligibility.models import PlanItem, ReviewCase, ReviewTeamMember
from eligibility.services import review_cases, review_parts
from parentpartner.access import has_permission
from parentpartner.models import ParentPartner
from parentpartner.viewmixins import (
    AuditedSaveMixin,
    CreatesOnceMixin,
    FilteredListMixin,
    ScopedMixin,
    ServiceFormView,
    StepView,
    history_of_all,
)


class ReviewCaseListView(FilteredListMixin, ScopedMixin, ListView):
    permission = "review_case.list"
    model = ReviewCase
    filterset_class = ReviewCaseFilter
    template_name = "eligibility/reviewcase_list.html"

    def list_queryset(self, queryset):
        return queryset.select_related("parent_partner__site")


class ReviewCaseCreateView(CreatesOnceMixin, ServiceFormView):
    """R-REV-1: the coordinator opens a case about one of their Parent Partners."""

    permission = "review_case.open"
    model = ParentPartner
    form_class = forms.ReviewCaseForm
    template_name = "eligibility/reviewcase_form.html"
    success_message = "Review case opened."

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": ReviewCase(parent_partner=self.object)}

    def perform(self, form):
        return review_cases.open_case(form.save(commit=False), user=self.request.user)

    def get_success_url(self, result=None):
        return result.get_absolute_url()


class ReviewCaseDetailView(ScopedMixin, DetailView):
    permission = "review_case.view"
    model = ReviewCase
    template_name = "eligibility/reviewcase_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("parent_partner__site", "opened_by", "reinstated_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        case, user = self.object, self.request.user
        steps = list(case.steps.select_related("recorded_by"))
        team = list(case.team.all())
        plan = list(case.plan_items.all())
        context.update(
            steps=steps,
            team=team,
            plan=plan,
            today=timezone.localdate(),
            actions=review_cases.PROTOCOL_E.available(case, user),
            can_set_mentoring=case.is_open and has_permission(user, "review_case.open"),
            can_add_team=case.step in review_parts.TEAM_STEPS and has_permission(user, "review_case.statewide_step"),
            can_plan=review_parts.plan_is_open(case) and has_permission(user, "review_case.plan"),
            can_edit_plan=has_permission(user, "review_case.plan"),
            history=history_of_all(user, [case, *team, *plan]),
        )
        return context


class ReviewCaseStepView(StepView):
    """One step of protocol E (R-REV-2..4). A step the case is not at is refused with the reason."""

    machine = review_cases.PROTOCOL_E
    model = ReviewCase
    form_class = forms.StepForm
    template_name = "eligibility/reviewcase_step.html"

    def get_queryset(self):
        return super().get_queryset().select_related("parent_partner")

    def take(self, data: dict[str, Any]) -> ReviewCase:
        return review_cases.advance(
            self.object,
            self.transition.slug,
            user=self.request.user,
            result=data["result"],
            held_on=data["held_on"],
            notes=data["notes"],
            version=data["version"],
            meeting_on=data.get("meeting_on"),
        )


class ReviewCaseMentoringView(ServiceFormView):
    """The coordinator's choice whether the person may mentor while the case is open."""

    permission = "review_case.open"
    model = ReviewCase
    form_class = forms.MentoringForm
    template_name = "eligibility/reviewcase_mentoring.html"
    success_message = "Mentoring decision recorded."

    def get_initial(self):
        return {"may_mentor_while_open": self.object.may_mentor_while_open, "version": self.object.version}

    def perform(self, form):
        return review_cases.set_mentoring_while_open(self.object, user=self.request.user, **form.cleaned_data)


class ReviewTeamMemberCreateView(CreatesOnceMixin, ServiceFormView):
    """R-REV-3: the statewide coordinator names the review team's members."""

    permission = "review_case.statewide_step"
    model = ReviewCase
    form_class = forms.ReviewTeamMemberForm
    template_name = "eligibility/reviewteammember_form.html"
    success_message = "Review team member added."

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": ReviewTeamMember(case=self.object)}

    def perform(self, form):
        return review_parts.add_team_member(form.save(commit=False), user=self.request.user)


class PlanItemCreateView(CreatesOnceMixin, ServiceFormView):
    """R-REV-2: an item of the behavioural plan, with its time frame and who is responsible."""

    permission = "review_case.plan"
    model = ReviewCase
    form_class = forms.PlanItemForm
    template_name = "eligibility/planitem_form.html"
    success_message = "Plan item added."

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": PlanItem(case=self.object)}

    def perform(self, form):
        return review_parts.add_plan_item(form.save(commit=False), user=self.request.user)


class PlanItemUpdateView(ScopedMixin, AuditedSaveMixin, UpdateView):
    """Keep a plan item current and mark it done; two people editing it cannot overwrite each other."""

    permission = "review_case.plan"
    model = PlanItem
    form_class = forms.PlanItemForm
    template_name = "eligibility/planitem_form.html"

    def get_queryset(self):
        return super().get_queryset().select_related("case__parent_partner")

    def get_context_data(self, **kwargs):
        return super().get_context_data(case=self.object.case, cancel_url=self.object.case.get_absolute_url(), **kwargs)

    def get_success_url(self):
        return self.object.get_absolute_url()
