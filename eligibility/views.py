"""Pages for screening (R-ELIG-1, R-ELIG-2) and review cases (R-REV-1..4). Thin: every rule is in
`eligibility.services`; scope and permission come from `parentpartner.access` via the mixins."""

import datetime
from typing import NamedTuple

from django.contrib import messages
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.views.generic import DetailView, ListView, UpdateView

from eligibility import forms, services
from eligibility.filters import ReviewCaseFilter, ScreeningFilter
from eligibility.models import (
    Criterion,
    CriterionCheck,
    Disqualifier,
    EligibilityRecord,
    Outcome,
    PlanItem,
    ReviewCase,
    ReviewTeamMember,
)
from parentpartner.access import has_permission
from parentpartner.links import detail_urls
from parentpartner.models import ParentPartner, PartnerRole
from parentpartner.viewmixins import (
    AuditedSaveMixin,
    FilteredListMixin,
    ScopedMixin,
    ServiceFormView,
    history_of_all,
)

# ---------------------------------------------------------------------------------------------------
# Screening


def with_eligibility_rows(queryset):
    """The people of a screening page with their record (one join) and their review cases that ended
    "no longer eligible" without reinstatement; `load_checks` adds the checks and disqualifiers."""
    return queryset.select_related("eligibility_record").prefetch_related(
        Prefetch(
            "review_cases",
            queryset=ReviewCase.objects.filter(outcome=Outcome.NO_LONGER_ELIGIBLE, reinstated_on__isnull=True),
            to_attr="no_longer_eligible_cases",
        ),
    )


class PageCheck(NamedTuple):
    """What `services.evaluate` reads of a criterion check."""

    criterion: str
    result: str
    checked_on: datetime.date


def load_checks(partners):
    """What `services.evaluate` reads of the page's checks and disqualifiers, set on each record as
    `page_checks` and `page_disqualifiers` (`services.loaded`): one query each, as a prefetch would
    make, but the checks as tuples of the columns evaluate reads instead of model instances each tied
    back to its record (the screening list at scale: rows and their checks 5.2 -> 3.3 ms, issue 9).
    No record on the page, no query (as a prefetch)."""
    records = {record.pk: record for partner in partners if (record := record_or_none(partner)) is not None}
    if not records:
        return
    for record in records.values():
        record.page_checks, record.page_disqualifiers = [], []
    checks = CriterionCheck.objects.filter(record_id__in=records).order_by("record", "criterion")
    for record_id, *check in checks.values_list("record_id", "criterion", "result", "checked_on"):
        records[record_id].page_checks.append(PageCheck(*check))
    disqualifiers = Disqualifier.objects.filter(record_id__in=records).order_by("record", "found_on", "pk")
    for record_id, kind in disqualifiers.values_list("record_id", "kind"):
        records[record_id].page_disqualifiers.append(Disqualifier(record_id=record_id, kind=kind))


def record_or_none(partner):
    try:
        return partner.eligibility_record
    except EligibilityRecord.DoesNotExist:
        return None


class ScreeningListView(FilteredListMixin, ScopedMixin, ListView):
    """Every Parent Partner in scope with their screening and whether they are eligible for their
    current role today (R-ELIG-1, R-ELIG-2)."""

    permission = "eligibility.list"
    model = ParentPartner
    filterset_class = ScreeningFilter
    template_name = "eligibility/eligibilityrecord_list.html"

    def list_queryset(self, queryset):
        return with_eligibility_rows(queryset.select_related("site"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        partners = context["object_list"]
        load_checks(partners)
        records = [record_or_none(partner) for partner in partners]
        partner_urls = detail_urls("parentpartner:parent-partner-detail", [partner.pk for partner in partners])
        record_urls = detail_urls("eligibility:record-detail", [record.pk for record in records if record])
        context["rows"] = [
            (
                partner,
                record,
                services.evaluate(partner, partner.current_role, record, partner.no_longer_eligible_cases, today),
                partner_urls[partner.pk],
                record_urls[record.pk] if record else None,
            )
            for partner, record in zip(partners, records, strict=True)
        ]
        context["can_open_cases"] = has_permission(self.request.user, "review_case.list")
        return context


class ScreeningDetailView(ScopedMixin, DetailView):
    permission = "eligibility.view"
    model = EligibilityRecord
    template_name = "eligibility/eligibilityrecord_detail.html"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("parent_partner__site", "created_by")
            .prefetch_related("checks__checked_by", "disqualifiers__recorded_by")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        record, partner, user = self.object, self.object.parent_partner, self.request.user
        today = timezone.localdate()
        checks = {check.criterion: check for check in record.checks.all()}
        substance_issue = services.substance_abuse_was_an_issue(partner, record)
        context["criteria"] = [
            (criterion, checks.get(criterion), criterion != "substance_free" or substance_issue)
            for criterion in Criterion
        ]
        cases = list(
            ReviewCase.objects.filter(
                parent_partner=partner, outcome=Outcome.NO_LONGER_ELIGIBLE, reinstated_on__isnull=True
            )
        )
        answers = [services.evaluate(partner, role, record, cases, today) for role in PartnerRole]
        current = next(answer for answer in answers if answer.role == partner.current_role)
        # Most of what is missing is the same for every role; each row lists only its own extra.
        context["current"] = current
        context["by_role"] = [(a, [m for m in a.missing if m not in current.missing]) for a in answers]
        context["can_change"] = has_permission(user, "eligibility.change") and not record.is_disqualified
        context["can_disqualify"] = has_permission(user, "eligibility.change")
        context["history"] = history_of_all(user, [record, *record.checks.all(), *record.disqualifiers.all()])
        return context


class ScreeningCreateView(ServiceFormView):
    """Start the screening of a Parent Partner (R-ELIG-1)."""

    permission = "eligibility.change"
    model = ParentPartner
    form_class = forms.EligibilityRecordForm
    template_name = "eligibility/eligibilityrecord_form.html"
    success_message = "Screening started."

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if (record := record_or_none(self.object)) is not None:
            messages.info(request, f"{self.object} already has a screening.")
            return redirect(record.get_absolute_url())
        return super().get(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": EligibilityRecord(parent_partner=self.object)}

    def get_initial(self):
        return {"substance_abuse_issue": "substance_abuse" in (self.object.lived_experience or [])}

    def perform(self, form):
        return services.start_screening(form.save(commit=False), user=self.request.user)

    def get_success_url(self, result=None):
        return result.get_absolute_url()


class ScreeningUpdateView(ScopedMixin, AuditedSaveMixin, UpdateView):
    permission = "eligibility.change"
    model = EligibilityRecord
    form_class = forms.EligibilityRecordForm
    template_name = "eligibility/eligibilityrecord_form.html"

    def get_queryset(self):
        return super().get_queryset().select_related("parent_partner")

    def get_context_data(self, **kwargs):
        return super().get_context_data(cancel_url=self.object.get_absolute_url(), **kwargs)

    def get_success_url(self):
        return self.object.get_absolute_url()


class CriterionCheckView(ServiceFormView):
    """Record one criterion of R-ELIG-1 with evidence, date and who checked it."""

    permission = "eligibility.change"
    model = EligibilityRecord
    form_class = forms.CriterionCheckForm
    template_name = "eligibility/criterioncheck_form.html"
    success_message = "Criterion recorded."

    def dispatch(self, request, *args, **kwargs):
        if kwargs["criterion"] not in Criterion.values:
            raise Http404("No such criterion.")
        self.criterion = Criterion(kwargs["criterion"])
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        check = self.object.checks.filter(criterion=self.criterion).first()
        if check is None:
            return {}
        return {
            "result": check.result,
            "evidence": check.evidence,
            "checked_on": check.checked_on,
            "version": check.version,
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(criterion=self.criterion, **kwargs)

    def perform(self, form):
        data = form.cleaned_data
        return services.record_check(
            self.object,
            self.criterion,
            user=self.request.user,
            result=data["result"],
            evidence=data["evidence"],
            checked_on=data["checked_on"],
            version=data["version"],
        )


class DisqualifierCreateView(ServiceFormView):
    """R-ELIG-2: record an absolute disqualifier, which ends the screening."""

    permission = "eligibility.change"
    model = EligibilityRecord
    form_class = forms.DisqualifierForm
    template_name = "eligibility/disqualifier_form.html"
    success_message = "Disqualifier recorded; the screening has ended."

    def perform(self, form):
        return services.record_disqualifier(self.object, user=self.request.user, **form.cleaned_data)


# ---------------------------------------------------------------------------------------------------
# Review cases


class ReviewCaseListView(FilteredListMixin, ScopedMixin, ListView):
    permission = "review_case.list"
    model = ReviewCase
    filterset_class = ReviewCaseFilter
    template_name = "eligibility/reviewcase_list.html"

    def list_queryset(self, queryset):
        return queryset.select_related("parent_partner__site")


class ReviewCaseCreateView(ServiceFormView):
    """R-REV-1: the coordinator opens a case about one of their Parent Partners."""

    permission = "review_case.open"
    model = ParentPartner
    form_class = forms.ReviewCaseForm
    template_name = "eligibility/reviewcase_form.html"
    success_message = "Review case opened."

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": ReviewCase(parent_partner=self.object)}

    def perform(self, form):
        return services.open_case(form.save(commit=False), user=self.request.user)

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
            actions=[t for t in services.available_transitions(case) if has_permission(user, t.permission)],
            can_set_mentoring=case.is_open and has_permission(user, "review_case.open"),
            can_add_team=case.step in services.TEAM_STEPS and has_permission(user, "review_case.statewide_step"),
            can_plan=services.plan_is_open(case) and has_permission(user, "review_case.plan"),
            can_edit_plan=has_permission(user, "review_case.plan"),
            history=history_of_all(user, [case, *team, *plan]),
        )
        return context


class ReviewCaseStepView(ServiceFormView):
    """One step of protocol E (R-REV-2..4). A step the case is not at is refused with the reason."""

    model = ReviewCase
    form_class = forms.StepForm
    template_name = "eligibility/reviewcase_step.html"

    def dispatch(self, request, *args, **kwargs):
        self.transition = services.TRANSITIONS.get(kwargs["transition"])
        if self.transition is None:
            raise Http404("No such step.")
        self.permission = self.transition.permission
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return super().get_queryset().select_related("parent_partner")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "transition": self.transition}

    def get_initial(self):
        return {"version": self.object.version}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            transition=self.transition, refusal=services.refusal(self.object, self.transition), **kwargs
        )

    def perform(self, form):
        data = form.cleaned_data
        self.success_message = f"{self.transition.label}: recorded."
        return services.advance(
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
        return services.set_mentoring_while_open(self.object, user=self.request.user, **form.cleaned_data)


class ReviewTeamMemberCreateView(ServiceFormView):
    """R-REV-3: the statewide coordinator names the review team's members."""

    permission = "review_case.statewide_step"
    model = ReviewCase
    form_class = forms.ReviewTeamMemberForm
    template_name = "eligibility/reviewteammember_form.html"
    success_message = "Review team member added."

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": ReviewTeamMember(case=self.object)}

    def perform(self, form):
        return services.add_team_member(form.save(commit=False), user=self.request.user)


class PlanItemCreateView(ServiceFormView):
    """R-REV-2: an item of the behavioural plan, with its time frame and who is responsible."""

    permission = "review_case.plan"
    model = ReviewCase
    form_class = forms.PlanItemForm
    template_name = "eligibility/planitem_form.html"
    success_message = "Plan item added."

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": PlanItem(case=self.object)}

    def perform(self, form):
        return services.add_plan_item(form.save(commit=False), user=self.request.user)


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
