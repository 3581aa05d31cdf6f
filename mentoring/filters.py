"""List filters of the mentoring pages (families, outreach forms, supervision, clinical support, the pay
report, safety concerns), over querysets already limited to the user's scope."""

import django_filters
from django.db.models import Q

from mentoring.forms.months import MONTH
from mentoring.models import (
    CaseStatus,
    ClinicalSupportFormat,
    ClinicalSupportSession,
    Family,
    FormStatus,
    OutreachForm,
    ReferralSource,
    SafetyConcern,
    SafetyStatus,
    SupervisionSession,
)
from mentoring.models.safety import OPEN_STATUSES
from parentpartner.forms import DATE
from parentpartner.models import ParentPartner, Site


class ScopedSitesMixin:
    """Offer only the sites (and Parent Partners) in the user's scope."""

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        if "site" in self.filters:
            self.filters["site"].queryset = Site.objects.visible_to(request.user)
        if "parent_partner" in self.filters:
            # Only what the choice shows: at ten years a state's list has hundreds of people (issue 9).
            partners = ParentPartner.objects.visible_to(request.user).only("first_name", "last_name")
            self.filters["parent_partner"].queryset = partners


class FamilyFilter(ScopedSitesMixin, django_filters.FilterSet):
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

    def filter_search(self, queryset, name, value):
        for word in value.split():
            queryset = queryset.filter(
                Q(parent_first_name__icontains=word)
                | Q(parent_last_name__icontains=word)
                | Q(dhs_case_number__icontains=word)
            )
        return queryset


class OutreachFormFilter(ScopedSitesMixin, django_filters.FilterSet):
    site = django_filters.ModelChoiceFilter(
        field_name="parent_partner__site", queryset=Site.objects.none(), empty_label="Any"
    )
    status = django_filters.ChoiceFilter(choices=FormStatus.choices, empty_label="Any")
    month = django_filters.DateFilter(label="Month", widget=MONTH, input_formats=["%Y-%m"])

    class Meta:
        model = OutreachForm
        fields = ["site", "status", "month"]


class PartnerNameChoices(django_filters.fields.ModelChoiceIterator):
    """The Parent Partner choices as (pk, name) read with values_list: a state's list has hundreds of
    people at ten years, and building a model instance per option cost the supervision list more than
    its rows (issue 9). The label is ParentPartner.__str__ ("first last"); the order the model's."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        if self.field.null_label is not None:
            yield (self.field.null_value, self.field.null_label)
        for pk, first, last in self.queryset.values_list("pk", "first_name", "last_name"):
            yield (pk, f"{first} {last}")


class PartnerChoiceField(django_filters.fields.ModelChoiceField):
    iterator = PartnerNameChoices


class PartnerChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = PartnerChoiceField


class SupervisionFilter(ScopedSitesMixin, django_filters.FilterSet):
    parent_partner = PartnerChoiceFilter(queryset=ParentPartner.objects.none(), empty_label="Anyone")
    held_after = django_filters.DateFilter(field_name="held_on", lookup_expr="gte", label="From", widget=DATE)
    held_before = django_filters.DateFilter(field_name="held_on", lookup_expr="lte", label="Until", widget=DATE)

    class Meta:
        model = SupervisionSession
        fields = ["parent_partner", "held_after", "held_before"]


class ClinicalSupportFilter(ScopedSitesMixin, django_filters.FilterSet):
    site = django_filters.ModelChoiceFilter(queryset=Site.objects.none(), empty_label="Any")
    format = django_filters.ChoiceFilter(choices=ClinicalSupportFormat.choices, empty_label="Any")
    held_after = django_filters.DateFilter(field_name="held_on", lookup_expr="gte", label="From", widget=DATE)

    class Meta:
        model = ClinicalSupportSession
        fields = ["site", "format", "held_after"]


class SupportFlagFilter(ScopedSitesMixin, django_filters.FilterSet):
    site = django_filters.ModelChoiceFilter(queryset=Site.objects.none(), empty_label="Any")
    flag = django_filters.ChoiceFilter(
        label="Flagged for",
        choices=[("supervision", "Weekly supervision (R-SUP-1)"), ("clinical", "Clinical support (R-SUP-2)")],
        method="filter_flag",
        empty_label="Either",
    )

    class Meta:
        model = ParentPartner
        fields = ["site", "flag"]

    def filter_flag(self, queryset, name, value):
        return (
            queryset.filter(needs_supervision=True)
            if value == "supervision"
            else queryset.filter(needs_clinical_support=True)
        )


class PayFilter(ScopedSitesMixin, django_filters.FilterSet):
    site = django_filters.ModelChoiceFilter(queryset=Site.objects.none(), empty_label="Any")
    search = django_filters.CharFilter(method="filter_search", label="Name")

    class Meta:
        model = ParentPartner
        fields = ["site", "search"]

    def filter_search(self, queryset, name, value):
        for word in value.split():
            queryset = queryset.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word))
        return queryset


class SafetyConcernFilter(ScopedSitesMixin, django_filters.FilterSet):
    site = django_filters.ModelChoiceFilter(
        field_name="case__family__site", queryset=Site.objects.none(), empty_label="Any"
    )
    state = django_filters.ChoiceFilter(
        label="Steps",
        choices=[("open", "Steps not done"), ("done", "All steps done")],
        method="filter_state",
        empty_label="Any",
    )
    status = django_filters.ChoiceFilter(choices=SafetyStatus.choices, empty_label="Any")

    class Meta:
        model = SafetyConcern
        fields = ["site", "state", "status"]

    def filter_state(self, queryset, name, value):
        open_ = Q(status__in=OPEN_STATUSES)
        return queryset.filter(open_) if value == "open" else queryset.exclude(open_)
