"""A month as the program's monthly records use it (outreach forms, the pay report, the quarterly
reports): typed with the browser's month picker, kept as its first day."""

from django import forms

from parentpartner.dates import first_of_month

MONTH = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")


class MonthField(forms.DateField):
    """A month typed as YYYY-MM (the browser's month picker) and kept as its first day."""

    widget = MONTH
    input_formats = ["%Y-%m", "%Y-%m-%d"]

    # Program records: no month of the program lies outside these years, and month arithmetic on year
    # 9999 would overflow.
    years = (1990, 2100)

    def to_python(self, value):
        value = super().to_python(value)
        if value and not self.years[0] <= value.year <= self.years[1]:
            raise forms.ValidationError(f"Enter a month between {self.years[0]} and {self.years[1]}.")
        return first_of_month(value) if value else value
