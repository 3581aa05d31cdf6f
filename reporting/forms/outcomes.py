"""The form of a re-entry into care (R-OUT-1)."""

import datetime
from typing import Any

from crispy_forms.helper import FormHelper
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from mentoring.models import CaseOutcome, CaseStatus, Family
from parentpartner.forms import DATE
from reporting.models import Reentry


class ReentryForm(forms.ModelForm):
    """R-OUT-1: a child of the family re-entered care, after a reunification."""

    class Meta:
        model = Reentry
        fields = ["reentered_on", "note"]
        widgets = {"reentered_on": DATE}

    def __init__(self, *args: Any, family: Family, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.family = family
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_reentered_on(self) -> datetime.date:
        day = self.cleaned_data["reentered_on"]
        # Not past_date's wording: the page's tests hold this sentence (tests/reporting/test_outcomes.py).
        if day > timezone.localdate():
            raise ValidationError("A re-entry is recorded once it has happened.")
        reunified = self.family.cases.filter(
            status=CaseStatus.CLOSED, outcome=CaseOutcome.REUNIFIED, closed_on__lt=day
        ).exists()
        if not reunified:
            raise ValidationError("A re-entry is recorded after a reunification: the family has none before that date.")
        return day
