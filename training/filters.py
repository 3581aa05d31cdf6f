import django_filters

from parentpartner.forms import DATE
from parentpartner.models import Site
from training.models import Trainer, TrainerKind, Training, TrainingSession


class TrainingSessionFilter(django_filters.FilterSet):
    training = django_filters.ModelChoiceFilter(queryset=Training.objects.all(), empty_label="Any")
    site = django_filters.ModelChoiceFilter(queryset=Site.objects.none(), empty_label="Any")
    held_after = django_filters.DateFilter(
        field_name="held_on",
        lookup_expr="gte",
        label="From",
        widget=DATE,
    )
    held_before = django_filters.DateFilter(
        field_name="held_on",
        lookup_expr="lte",
        label="Until",
        widget=DATE,
    )

    class Meta:
        model = TrainingSession
        fields = ["training", "site", "held_after", "held_before"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        self.filters["site"].queryset = Site.objects.visible_to(request.user)


class TrainerFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=TrainerKind.choices, empty_label="Any")

    class Meta:
        model = Trainer
        fields = ["kind"]
