"""Pages for eligibility screening (R-ELIG-1, R-ELIG-2). Thin: every rule is in
`eligibility.services.screening`; scope and permission come from `parentpartner.access` via the mixins."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.views.generic import DetailView, ListView, UpdateView

from eligibility import forms
from eligibility.filters import ScreeningFilter
from eligibility.models import Criterion, EligibilityRecord, ReviewCase
from eligibility.services import screening
from eligibility.services.queries import load_checks, record_or_none, with_eligibility_rows
from parentpartner.access import has_permission
from parentpartner.links import detail_urls
from parentpartner.models import ParentPartner, PartnerRole
from parentpartner.viewmixins import (
    AuditedSaveMixin,
    CreatesOnceMixin,
    FilteredListMixin,
    ScopedMixin,
    ServiceFormView,
    history_of_all,
)


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
                screening.evaluate(partner, partner.current_role, record, partner.no_longer_eligible_cases, today),
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
        substance_issue = screening.substance_abuse_was_an_issue(partner, record)
        context["criteria"] = [
            (criterion, checks.get(criterion), criterion != Criterion.SUBSTANCE_FREE or substance_issue)
            for criterion in Criterion
        ]
        cases = list(ReviewCase.objects.filter(parent_partner=partner).no_longer_eligible())
        answers = [screening.evaluate(partner, role, record, cases, today) for role in PartnerRole]
        current = next(answer for answer in answers if answer.role == partner.current_role)
        # Most of what is missing is the same for every role; each row lists only its own extra.
        context["current"] = current
        context["by_role"] = [(a, [m for m in a.missing if m not in current.missing]) for a in answers]
        context["can_change"] = has_permission(user, "eligibility.change") and not record.is_disqualified
        context["can_disqualify"] = has_permission(user, "eligibility.change")
        context["history"] = history_of_all(user, [record, *record.checks.all(), *record.disqualifiers.all()])
        return context


class ScreeningCreateView(CreatesOnceMixin, ServiceFormView):
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
        return {"substance_abuse_issue": screening.substance_abuse_was_an_issue(self.object, None)}

    def perform(self, form):
        return screening.start_screening(form.save(commit=False), user=self.request.user)

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
        return screening.record_check(
            self.object,
            self.criterion,
            user=self.request.user,
            result=data["result"],
            evidence=data["evidence"],
            checked_on=data["checked_on"],
            version=data["version"],
        )


class DisqualifierCreateView(CreatesOnceMixin, ServiceFormView):
    """R-ELIG-2: record an absolute disqualifier, which ends the screening."""

    permission = "eligibility.change"
    model = EligibilityRecord
    form_class = forms.DisqualifierForm
    template_name = "eligibility/disqualifier_form.html"
    success_message = "Disqualifier recorded; the screening has ended."

    def perform(self, form):
        return screening.record_disqualifier(self.object, user=self.request.user, **form.cleaned_data)
