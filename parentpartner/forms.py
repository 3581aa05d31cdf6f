import datetime

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from dateutil.relativedelta import relativedelta
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from parentpartner.models import County, Language, LivedExperience, ParentPartner, PartnerRole, Site

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def past_date(value, label="This date"):
    """Dates of things that happened: not in the future, not absurdly old."""
    if value is None:
        return value
    if value > timezone.localdate():
        raise forms.ValidationError(f"{label} cannot be in the future.")
    if value < datetime.date(1950, 1, 1):
        raise forms.ValidationError("Enter a date after 1950.")
    return value


class CrispyForm(forms.Form):
    layout: tuple = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.render_unmentioned_fields = True
        if self.layout:
            self.helper.layout = Layout(*self.layout)


def paired(*names):
    """Fields side by side on a wide screen, stacked on a phone."""
    return Row(*(Column(name, css_class="col-md") for name in names))


class VersionField(forms.IntegerField):
    """The hidden version the user started from. Being hidden, an error on it would show nowhere, so an
    unreadable value (tampered, truncated) reads as -1, a version no row has: the save is refused as a
    conflict (409) with its message on top of the form, never silently accepted."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValidationError:
            return -1

    def clean(self, value):
        value = self.to_python(value)
        if value is None and self.required:
            return -1
        self.validate(value)
        self.run_validators(value)
        return value


class VersionedModelForm(forms.ModelForm):
    """Carries the version the user started from, for AuditedSaveMixin's conflict check."""

    version = VersionField()
    layout: tuple = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        self.helper = FormHelper()
        self.helper.form_tag = False
        # Fields not named in the layout (the hidden version, the enrolment role) still render.
        self.helper.render_unmentioned_fields = True
        if self.layout:
            self.helper.layout = Layout(*self.layout)


class SiteForm(VersionedModelForm):
    class Meta:
        model = Site
        fields = ["name", "service_area", "counties", "address", "phone", "is_active"]
        widgets = {"counties": forms.SelectMultiple(attrs={"size": 10})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["counties"].queryset = County.objects.select_related("service_area")
        self.fields["counties"].help_text = "Hold Ctrl (Cmd on a Mac) to choose several."

    def clean(self):
        cleaned = super().clean()
        area = cleaned.get("service_area")
        counties = cleaned.get("counties") or []
        outside = [county.name for county in counties if area and county.service_area_id != area.pk]
        if outside:
            self.add_error("counties", f"Not in the {area} service area: {', '.join(outside)}.")
        return cleaned


class SiteChangeForm(SiteForm):
    """A service area coordinator keeps their sites current but cannot move one to another area."""

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None and user.role != "statewide_coordinator":
            self.fields["service_area"].disabled = True


class ParentPartnerForm(VersionedModelForm):
    layout = (
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

    layout = (*ParentPartnerForm.layout, "role_started_on")

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
