import django_filters
from django.db.models import Q

from eligibility.models import ReviewCase, ScreeningStatus, Step
from parentpartner.models import ParentPartner, PartnerRole, Site

NOT_STARTED = "not_started"


def search_names(queryset, prefix, value):
    for word in value.split():
        queryset = queryset.filter(
            Q(**{f"{prefix}first_name__icontains": word}) | Q(**{f"{prefix}last_name__icontains": word})
        )
    return queryset


class ScreeningFilter(django_filters.FilterSet):
    """The screening list is a list of Parent Partners, so that those not yet screened show too."""

    search = django_filters.CharFilter(method="filter_search", label="Name")
    site = django_filters.ModelChoiceFilter(queryset=Site.objects.none(), empty_label="Any")
    current_role = django_filters.ChoiceFilter(choices=PartnerRole.choices, label="Role", empty_label="Any")
    screening = django_filters.ChoiceFilter(
        choices=[(NOT_STARTED, "Not started"), *ScreeningStatus.choices],
        method="filter_screening",
        label="Screening",
        empty_label="Any",
    )
    ordering = django_filters.OrderingFilter(
        fields=(("last_name", "name"), ("site__name", "site"), ("current_role", "role")),
        label="Sort by",
        empty_label="Name",
    )

    class Meta:
        model = ParentPartner
        fields = ["search", "site", "current_role", "screening"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        self.filters["site"].queryset = Site.objects.visible_to(request.user)

    def filter_search(self, queryset, name, value):
        return search_names(queryset, "", value)

    def filter_screening(self, queryset, name, value):
        if value == NOT_STARTED:
            return queryset.filter(eligibility_record__isnull=True)
        return queryset.filter(eligibility_record__status=value)


class ReviewCaseFilter(django_filters.FilterSet):
    search = django_filters.CharFilter(method="filter_search", label="Parent Partner")
    state = django_filters.ChoiceFilter(
        choices=[("open", "Open"), ("closed", "Closed")],
        method="filter_state",
        label="Open or closed",
        empty_label="Any",
    )
    step = django_filters.ChoiceFilter(choices=Step.choices, empty_label="Any")
    site = django_filters.ModelChoiceFilter(
        queryset=Site.objects.none(), field_name="parent_partner__site", empty_label="Any"
    )
    ordering = django_filters.OrderingFilter(
        fields=(("opened_on", "opened"), ("parent_partner__last_name", "name"), ("step", "step")),
        label="Sort by",
        empty_label="Newest first",
    )

    class Meta:
        model = ReviewCase
        fields = ["search", "state", "step", "site"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        self.filters["site"].queryset = Site.objects.visible_to(request.user)

    def filter_search(self, queryset, name, value):
        return search_names(queryset, "parent_partner__", value)

    def filter_state(self, queryset, name, value):
        return queryset.filter(step=Step.CLOSED) if value == "closed" else queryset.exclude(step=Step.CLOSED)
