"""Forms of a family and its case: the family with its children, the referral (R-FAM-1, R-FAM-8),
reassignment (R-FAM-4) and closing (R-FAM-5)."""

from django import forms
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.utils import timezone

from mentoring.models import Case, CaseOutcome, Child, ClosedBy, EndReason, Family
from parentpartner.forms import DATE, VersionedModelForm, VersionField, paired, past_date
from parentpartner.models import County, LivedExperience, Site


def case_label(case: Case) -> str:
    """A case as the choices name it: the family, and its DHS case number to tell namesakes apart."""
    family = case.family
    return f"{family.parent_last_name}, {family.parent_first_name} (DHS {family.dhs_case_number})"


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


# Quoted: the formset classes are generic only in the stubs.
ChildFormSet: "type[BaseInlineFormSet[Child, Family, forms.ModelForm[Child]]]" = inlineformset_factory(
    Family, Child, fields=["age", "placement"], extra=2, can_delete=True, max_num=15, validate_max=True
)


class ReferralForm(forms.ModelForm):
    """The DHS caseworker's referral with the parent's voluntary consent (R-FAM-1, R-FAM-8)."""

    class Meta:
        model = Case
        fields = ["source", "referred_on", "referred_by", "consent_given", "consent_on"]
        widgets = {"referred_on": DATE, "consent_on": DATE}

    def clean_referred_on(self):
        return past_date(self.cleaned_data["referred_on"])

    def clean_consent_on(self):
        return past_date(self.cleaned_data["consent_on"])

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
        return past_date(self.cleaned_data["closed_on"])
