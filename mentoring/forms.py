import datetime

from django import forms
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.utils import timezone

from mentoring.models import ActivityForm, Case, CaseOutcome, Child, ClosedBy, Contact, EndReason, Family
from parentpartner.forms import VersionedModelForm, VersionField, paired
from parentpartner.models import County, LivedExperience, Site

DATE = forms.DateInput(attrs={"type": "date"})


def not_in_future(value):
    if value and value > timezone.localdate():
        raise forms.ValidationError("This date cannot be in the future.")
    return value


class FamilyForm(VersionedModelForm):
    needs = forms.MultipleChoiceField(
        label="Needs and lived experience (for matching)",
        choices=LivedExperience.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    layout = (
        paired("parent_first_name", "parent_last_name"),
        paired("site", "county"),
        paired("dhs_case_number", "language"),
        paired("caseworker_name", "caseworker_phone", "caseworker_email"),
        paired("needs", "noncustodial_parent"),
    )

    class Meta:
        model = Family
        fields = [
            "parent_first_name",
            "parent_last_name",
            "site",
            "county",
            "dhs_case_number",
            "caseworker_name",
            "caseworker_phone",
            "caseworker_email",
            "needs",
            "language",
            "noncustodial_parent",
        ]
        labels = {"noncustodial_parent": "The parent is a noncustodial parent"}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = Site.objects.visible_to(user).filter(is_active=True)
        self.fields["county"].queryset = County.objects.all()


ChildFormSet = inlineformset_factory(
    Family, Child, fields=["age", "placement"], extra=2, can_delete=True, max_num=15, validate_max=True
)


class ReferralForm(forms.ModelForm):
    """The DHS caseworker's referral with the parent's voluntary consent (R-FAM-1, R-FAM-8)."""

    class Meta:
        model = Case
        fields = ["source", "referred_on", "referred_by", "consent_given", "consent_on"]
        widgets = {"referred_on": DATE, "consent_on": DATE}

    def clean_referred_on(self):
        return not_in_future(self.cleaned_data["referred_on"])

    def clean_consent_on(self):
        return not_in_future(self.cleaned_data["consent_on"])

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("consent_given") and not cleaned.get("consent_on"):
            self.add_error("consent_on", "Enter the date the parent agreed.")
        if not cleaned.get("consent_given"):
            # R-FAM-1: a parent asks for a Parent Partner voluntarily.
            self.add_error("consent_given", "The parent's voluntary consent is required.")
        return cleaned


class ReassignForm(forms.Form):
    """R-FAM-4: a Parent Partner asks for reassignment on a conflict or concern."""

    reason = forms.ChoiceField(
        choices=[(value, label) for value, label in EndReason.choices if value != EndReason.CASE_CLOSED]
    )
    note = forms.CharField(max_length=300, required=False, widget=forms.Textarea(attrs={"rows": 2}))
    version = VersionField(required=True)


class CloseCaseForm(forms.Form):
    """R-FAM-5."""

    closed_by = forms.ChoiceField(label="Closed by", choices=ClosedBy.choices)
    outcome = forms.ChoiceField(choices=CaseOutcome.choices)
    closed_on = forms.DateField(widget=DATE, initial=timezone.localdate)
    note = forms.CharField(max_length=300, required=False)
    version = VersionField(required=True)

    def clean_closed_on(self):
        return not_in_future(self.cleaned_data["closed_on"])


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
        return not_in_future(value)


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
    # R-FAM-6: asked of the approval only (mentoring.activity_forms.approve refuses without it).
    confirm_no_prohibited_activity = forms.BooleanField(
        label="I confirm that no line of this form is babysitting, transporting children or supervising a visit, "
        "whatever its activity.",
        required=False,
    )
    version = VersionField(required=True)
