"""The form choosing a quarterly report (R-SUP-5): the quarter and the scope the user may report on."""

from typing import Any, cast

from django import forms
from django.utils import timezone

from reporting.services.quarterly_reports.report import ReportScope, default_quarter, scope_choices
from reporting.services.quarters import Quarter, current_quarter

QUARTERS_OFFERED = 12  # three years back, the current quarter included


class QuarterlyChoiceForm(forms.Form):
    quarter = forms.ChoiceField(help_text="The current quarter is reported to date.")
    scope = forms.ChoiceField(label="Site, service area or state")

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        quarters = current_quarter(today).last(QUARTERS_OFFERED)[::-1]
        # Declared above as choice fields.
        quarter, scope = cast(forms.ChoiceField, self.fields["quarter"]), cast(forms.ChoiceField, self.fields["scope"])
        quarter.choices = [(str(q), f"{q} ({q.label})") for q in quarters]
        quarter.initial = str(default_quarter(today))
        scope.choices = scope_choices(user)
        scope.initial = ReportScope.default_for(user)

    def clean_quarter(self) -> Quarter:
        quarter = Quarter.parse(self.cleaned_data["quarter"])
        if quarter is None:
            raise forms.ValidationError("Choose a quarter from the list, written like 2026-Q3.")
        return quarter
