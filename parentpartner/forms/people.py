"""A Parent Partner's record: entering a new person (R-ROLE-1, R-ROLE-2), recording someone from the
paper roster (R-ROLE-5), changing a record."""

from dateutil.relativedelta import relativedelta
from django import forms
from django.utils import timezone

from parentpartner.forms import DATE, VersionedModelForm, paired, past_date
from parentpartner.models import County, Language, LivedExperience, ParentPartner, PartnerRole, Site


class ParentPartnerForm(VersionedModelForm):
    layout: tuple = (
        paired("first_name", "last_name"),
        paired("date_of_birth", "phone"),
        "email",
        paired("site", "county"),
        paired("permanency_type", "permanency_date"),
        paired("languages", "lived_experience"),
    )
    languages = forms.MultipleChoiceField(choices=Language.choices, widget=forms.CheckboxSelectMultiple, required=False)
    lived_experience = forms.MultipleChoiceField(
        label="Lived experience (used for matching)",
        choices=LivedExperience.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = ParentPartner
        fields = [
            "first_name",
            "last_name",
            "date_of_birth",
            "email",
            "phone",
            "county",
            "languages",
            "site",
            "lived_experience",
            "permanency_type",
            "permanency_date",
        ]
        widgets = {"permanency_date": DATE, "date_of_birth": DATE}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Only sites the user may see are offered, so a posted id from elsewhere is refused.
        self.fields["site"].queryset = Site.objects.visible_to(user).filter(is_active=True)
        self.fields["county"].queryset = County.objects.all()

    def clean_permanency_date(self):
        return past_date(self.cleaned_data["permanency_date"])

    def clean_date_of_birth(self):
        value = self.cleaned_data.get("date_of_birth")
        if value is not None and (value > timezone.localdate() - relativedelta(years=14) or value.year < 1920):
            raise forms.ValidationError("Enter the person's own date of birth.")
        return value


class ParentPartnerCreateForm(ParentPartnerForm):
    """A new person enters as Parent Partner in Training (R-ROLE-1, R-ROLE-2); later roles come only
    through approvals (R-ROLE-3, R-ROLE-5, R-ROLE-6). The date of birth finds a person entered twice."""

    layout: tuple = (*ParentPartnerForm.layout, "role_started_on")

    role_started_on = forms.DateField(
        label="In training since", widget=DATE, initial=timezone.localdate, help_text="Usually today."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date_of_birth"].required = True

    def clean_role_started_on(self):
        return past_date(self.cleaned_data["role_started_on"])


PAPER_ROLES = [(role.value, role.label) for role in PartnerRole]


class PaperRosterForm(ParentPartnerCreateForm):
    """Someone who already holds a role on the program's paper roster, recorded by the statewide
    coordinator with the original approval (R-ROLE-1, R-ROLE-5)."""

    layout = (
        *ParentPartnerForm.layout,
        paired("role", "role_started_on"),
        paired("approved_on", "approved_by_name"),
        "paper_notes",
    )

    role = forms.ChoiceField(label="Role held", choices=PAPER_ROLES)
    approved_on = forms.DateField(label="Originally approved on", widget=DATE, required=False)
    approved_by_name = forms.CharField(
        label="Originally approved by",
        max_length=120,
        required=False,
        help_text="Who signed the approval on paper, as the record shows.",
    )
    paper_notes = forms.CharField(
        label="Where the paper record is kept",
        max_length=200,
        help_text="Kept with the role history, e.g. the file and the office.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role_started_on"].label = "In this role since"
        self.fields["role_started_on"].help_text = ""

    def clean_approved_on(self):
        return past_date(self.cleaned_data.get("approved_on"))

    def clean(self):
        cleaned = super().clean()
        role = cleaned.get("role")
        approved = cleaned.get("approved_on")
        if role and role != PartnerRole.IN_TRAINING:
            # A role past training was approved on paper: the record must say when and by whom.
            if approved is None:
                self.add_error("approved_on", "Give the date of the original approval.")
            if not (cleaned.get("approved_by_name") or "").strip():
                self.add_error("approved_by_name", "Give who approved it.")
        started = cleaned.get("role_started_on")
        if approved and started and approved > started:
            self.add_error("approved_on", "The approval comes before the role starts.")
        return cleaned
