"""Forms of the Lead Parent Partner case (R-ROLE-6) and coordinator certification (R-ROLE-8). They take
input only; the rules are in parentpartner.services.lead."""

import copy

from django import forms
from django.utils import timezone

from parentpartner import security
from parentpartner.forms import DATE, CrispyForm, VersionedModelForm, VersionField, paired, past_date
from parentpartner.forms.progression import SignForm
from parentpartner.models import CoordinatorCertification, LeadCase, LetterOfInterest, ParentPartner, Role, User
from parentpartner.services import lead, two_factor
from parentpartner.services.lead import RESULT_LABELS


class LeadCaseForm(VersionedModelForm):
    layout = ("reason", paired("partner_count", "families_served"))

    class Meta:
        model = LeadCase
        fields = ["reason", "partner_count", "families_served"]
        widgets = {"reason": forms.Textarea(attrs={"rows": 4})}


class LetterForm(VersionedModelForm):
    layout = (
        paired("parent_partner", "received_on"),
        "years_in_program",
        "qualifications",
        "education",
        "trainings_and_committees",
    )

    class Meta:
        model = LetterOfInterest
        fields = [
            "parent_partner",
            "received_on",
            "years_in_program",
            "qualifications",
            "education",
            "trainings_and_committees",
        ]
        widgets = {
            "received_on": DATE,
            "qualifications": forms.Textarea(attrs={"rows": 3}),
            "education": forms.Textarea(attrs={"rows": 2}),
            "trainings_and_committees": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        # R-ROLE-6: only people who could be made Lead now are offered (the door's whole gate).
        offered = lead.candidates_for_lead(self.instance.case.site, timezone.localdate())
        self.fields["parent_partner"].queryset = ParentPartner.objects.filter(pk__in=[p.pk for p in offered])
        self.fields["received_on"].initial = timezone.localdate

    def clean_received_on(self):
        return past_date(self.cleaned_data["received_on"])


class LeadStepForm(CrispyForm):
    result = forms.ChoiceField(widget=forms.RadioSelect)
    letter = forms.ModelChoiceField(label="Recommended Parent Partner", queryset=LetterOfInterest.objects.none())
    forms_attached = forms.BooleanField(
        label="The Lead PP Approval Form and the Contractor Approval Log are submitted with it", required=False
    )
    held_on = forms.DateField(label="Date", widget=DATE, initial=timezone.localdate)
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), max_length=4000, required=False)
    version = VersionField()

    def __init__(self, *args, transition, case, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(key, RESULT_LABELS[key]) for key in transition.results]
        self.fields["result"].choices = choices
        if len(choices) == 1:
            self.fields["result"].widget = forms.HiddenInput()
            self.fields["result"].initial = choices[0][0]
        if transition.slug == "recommend":
            self.fields["letter"].queryset = case.letters.select_related("parent_partner")
            self.fields["letter"].label_from_instance = lambda letter: str(letter.parent_partner)
        else:
            del self.fields["letter"]
        if transition.slug != "submit-approval-form":
            del self.fields["forms_attached"]
        if transition.signed:
            self.fields["password"] = forms.CharField(
                label="Your password",
                widget=forms.PasswordInput,
                help_text=f"The decision is your signature. {security.lockout_warning()}",
            )
            if two_factor.required():
                self.fields["code"] = copy.deepcopy(SignForm.base_fields["code"])

    def clean_held_on(self):
        return past_date(self.cleaned_data["held_on"])


class CertificationForm(VersionedModelForm):
    layout = ("coordinator", "kind", paired("completed_on", "verified_on"), "evidence")

    class Meta:
        model = CoordinatorCertification
        fields = ["coordinator", "kind", "completed_on", "verified_on", "evidence"]
        widgets = {"completed_on": DATE, "verified_on": DATE}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coordinator"].queryset = User.objects.filter(role=Role.SITE_COORDINATOR, is_active=True)

    def clean_completed_on(self):
        return past_date(self.cleaned_data["completed_on"])

    def clean_verified_on(self):
        return past_date(self.cleaned_data["verified_on"])
