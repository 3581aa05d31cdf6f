"""The pay report's month and the rates time and mileage are paid at (R-ROLE-7)."""

import datetime
from decimal import Decimal

from django import forms
from django.utils import timezone

from mentoring.forms.months import MonthField
from mentoring.models import PayRate, RateKind
from mentoring.models.pay import MAX_MILEAGE_RATE
from parentpartner.dates import first_of_month, long_date
from parentpartner.forms import DATE, VersionedModelForm

# No rate of the program is older; an earlier year is a typing error.
EARLIEST_RATE = datetime.date(2000, 1, 1)


class PayMonthForm(forms.Form):
    month = MonthField(required=False)

    def clean_month(self):
        month = self.cleaned_data.get("month")
        if month and month > first_of_month(timezone.localdate()):
            raise forms.ValidationError("Choose a month that has begun.")
        return month


class PayRateForm(VersionedModelForm):
    """R-ROLE-7: a rate and the day it is in force from. One rate of a kind per day; a rate ends where
    the next one of its kind begins."""

    class Meta:
        model = PayRate
        fields = ["kind", "amount", "effective_from", "note"]
        widgets = {"effective_from": DATE, "kind": forms.RadioSelect}
        help_texts = {
            "amount": "Dollars, e.g. 16.50 an hour or 0.655 a mile.",
            "effective_from": "The first day it applies: activities from that day on are paid at this rate.",
        }

    def clean_amount(self):
        # As the column keeps it, so that the history compares like with like (16.500 -> 16.750).
        value = self.cleaned_data["amount"]
        return value.quantize(Decimal("0.001")) if value is not None else value

    def clean_effective_from(self):
        value = self.cleaned_data["effective_from"]
        if value and value < EARLIEST_RATE:
            raise forms.ValidationError("This date is too far in the past; check the year.")
        if value and value.year > MonthField.years[1]:
            raise forms.ValidationError("This date is too far in the future; check the year.")
        return value

    def clean(self):
        cleaned = super().clean()
        kind, amount, day = cleaned.get("kind"), cleaned.get("amount"), cleaned.get("effective_from")
        if kind == RateKind.MILEAGE and amount is not None and amount > MAX_MILEAGE_RATE:
            self.add_error("amount", f"A per-mile rate above ${MAX_MILEAGE_RATE} is not plausible; check the amount.")
        if kind and day:
            same_day = PayRate.objects.filter(kind=kind, effective_from=day).exclude(pk=self.instance.pk)
            if same_day.exists():
                self.add_error(
                    "effective_from",
                    f"There is already a rate of this kind from {long_date(day)}; correct that one instead.",
                )
        return cleaned

    def validate_unique(self):
        # Checked in clean() with a message that names the day.
        pass
