"""The monthly activity form's page (R-FAM-6, R-FAM-7): its contact lines, many at once, and the
review form (submit, approve with the R-FAM-6 confirmation, return, re-open)."""

import datetime

from django import forms
from django.forms import BaseInlineFormSet, inlineformset_factory

from mentoring.models import ActivityForm, Contact
from parentpartner.forms import DATE, VersionField, past_date


class ContactForm(forms.ModelForm):
    class Meta:
        model = Contact
        fields = ["contacted_on", "method", "activity", "minutes", "miles", "note"]
        widgets = {
            "contacted_on": DATE,
            "minutes": forms.NumberInput(attrs={"min": 1, "max": 960, "step": 1}),
            "miles": forms.NumberInput(attrs={"min": 0, "max": 1000, "step": "0.1"}),
            "note": forms.TextInput(),
        }
        error_messages = {
            "minutes": {
                "min_value": "Enter at least 1 minute.",
                "max_value": "More than 16 hours in one contact is not plausible: check the minutes.",
            },
            "miles": {
                "min_value": "Miles cannot be negative.",
                "max_value": "More than 1,000 miles in one contact is not plausible: check the miles.",
            },
        }

    def __init__(self, *args, month: datetime.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.month = month
        # The entry page draws its lines with a plain include (mentoring/includes/contact_cell.html),
        # not crispy's per-field templates, which cost most of the page with a month of lines (issue 9);
        # the Bootstrap classes crispy would add are set here.
        # The check constraints on minutes and miles are the bounds of the field validators, which run
        # anyway; Django would re-check each constraint with a query per line (issue 9: a month's
        # save stays a fixed number of queries). The database still enforces them.
        self.instance.validate_constraints = lambda exclude=None: None
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs["class"] = f"{field.widget.attrs.get('class', '')} {css}".strip()

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                # The id and DELETE fields are added by the formset after __init__: no class yet.
                attrs = self.fields[name].widget.attrs
                attrs["class"] = f"{attrs.get('class', '')} is-invalid".strip()

    def clean_contacted_on(self):
        value = self.cleaned_data["contacted_on"]
        if (value.year, value.month) != (self.month.year, self.month.month):
            raise forms.ValidationError(f"This form covers {self.month:%B %Y}: the date must fall in that month.")
        return past_date(value)


class BaseContactFormSet(BaseInlineFormSet):
    def __init__(self, *args, month, **kwargs):
        self.month = month
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "month": self.month}

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        # Each line checks its date against the form's assignment (Contact.clean, R-FAM-7): the form
        # and its assignment are loaded once for all lines, not once per line (issue 9).
        form.instance.form = self.instance
        return form

    def add_fields(self, form, index):
        """Each line's hidden id is checked against the form's lines already loaded (one query for
        all), not with a query per line as Django's ModelChoiceField does (issue 9)."""
        super().add_fields(form, index)
        field = form.fields.get(self.model._meta.pk.name)
        if field is None:
            return

        def to_python(value):
            if value in field.empty_values:
                return None
            try:
                found = self._existing_object(self.model._meta.pk.to_python(value))
            except forms.ValidationError:
                found = None
            if found is None:
                raise forms.ValidationError(field.error_messages["invalid_choice"], code="invalid_choice")
            return found

        field.to_python = to_python


ContactFormSet = inlineformset_factory(
    ActivityForm,
    Contact,
    form=ContactForm,
    formset=BaseContactFormSet,
    extra=3,
    can_delete=True,
    max_num=200,
    validate_max=True,
)


class ReviewForm(forms.Form):
    comment = forms.CharField(max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2}))
    # R-FAM-6: asked of the approval only (mentoring.services.activity_forms.approve refuses without it).
    confirm_no_prohibited_activity = forms.BooleanField(
        label="I confirm that no line of this form is babysitting, transporting children or supervising a visit, "
        "whatever its activity.",
        required=False,
    )
    version = VersionField(required=True)
