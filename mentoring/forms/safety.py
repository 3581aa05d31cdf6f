"""Safety concerns (R-SAFE-1..3): raising one, and the form of each protocol D step."""

from django import forms
from django.utils import timezone

from mentoring.forms.families import case_label
from mentoring.models import ActivityForm, Case, CaseStatus, Contact, HowKnown, SafetyConcern
from parentpartner.forms import DATE, VersionField, past_date
from parentpartner.models import ParentPartner
from parentpartner.params import whole_number
from parentpartner.roles import Role


class SafetyConcernForm(forms.ModelForm):
    """R-SAFE-1: what was observed or told, about which family, and whether a child was present or is
    in imminent danger (which decides the path, R-SAFE-2 / R-SAFE-3)."""

    class Meta:
        model = SafetyConcern
        fields = [
            "case",
            "parent_partner",
            "contact",
            "known_on",
            "how_known",
            "kind",
            "description",
            "child_present",
            "imminent_danger",
        ]
        widgets = {
            "known_on": DATE,
            "description": forms.Textarea(attrs={"rows": 4}),
            "how_known": forms.RadioSelect,
            "child_present": forms.RadioSelect(choices=[(True, "Yes"), (False, "No")]),
            "imminent_danger": forms.RadioSelect(choices=[(True, "Yes"), (False, "No")]),
        }
        labels = {
            "case": "Family",
            "child_present": "Was a child present?",
            "imminent_danger": "Is a child in imminent danger?",
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        # A Parent Partner raises concerns about the families assigned to them now (cases_visible_to).
        cases = Case.objects.visible_to(user).exclude(status=CaseStatus.CLOSED).select_related("family")
        self.fields["case"].queryset = cases.order_by("family__parent_last_name", "pk")
        self.fields["how_known"].choices = HowKnown.choices  # radio buttons without an empty one
        self.fields["case"].label_from_instance = case_label
        for name in ("child_present", "imminent_danger"):
            self.fields[name] = forms.TypedChoiceField(
                label=self.fields[name].label,
                choices=[(True, "Yes"), (False, "No")],
                coerce=lambda value: value in (True, "True", "true", "1"),
                widget=forms.RadioSelect,
            )
        partners = ParentPartner.objects.visible_to(user)
        self.fields["parent_partner"].queryset = partners
        self.fields["parent_partner"].required = False
        if user.role == Role.PARENT_PARTNER:
            del self.fields["parent_partner"]
        else:
            self.fields["parent_partner"].help_text = "Who observed it or was told; empty: the family's Parent Partner."
        case_id = whole_number(str(self.data.get("case") or self.initial.get("case") or ""))
        contacts = Contact.objects.none()
        if case_id is not None:
            forms_of_case = ActivityForm.objects.visible_to(user).filter(assignment__case_id=case_id)
            contacts = Contact.objects.filter(form__in=forms_of_case).select_related("form")
        self.fields["contact"].queryset = contacts
        self.fields["contact"].label_from_instance = lambda c: (
            f"{c.contacted_on:%Y-%m-%d} {c.get_method_display()}, {c.get_activity_display()}"
        )
        self.fields["contact"].help_text = "The contact of a monthly activity form where it came up, if any."

    def clean_known_on(self):
        return past_date(self.cleaned_data["known_on"])

    def clean(self):
        cleaned = super().clean()
        case = cleaned.get("case")
        if case is None:
            return cleaned
        if self.user.role == Role.PARENT_PARTNER:
            cleaned["parent_partner"] = self.user.parent_partner
        elif not cleaned.get("parent_partner"):
            current = case.assignments.filter(ended_on__isnull=True).select_related("parent_partner").first()
            if current is None:
                self.add_error("parent_partner", "This family has no Parent Partner now: choose who reported it.")
            else:
                cleaned["parent_partner"] = current.parent_partner
        partner = cleaned.get("parent_partner")
        if partner and not case.assignments.filter(parent_partner=partner).exists():
            self.add_error("parent_partner", f"{partner} has never been the Parent Partner of this family.")
        contact = cleaned.get("contact")
        if contact and contact.form.assignment.case_id != case.pk:
            self.add_error("contact", "That contact is about another family.")
        return cleaned


class StepForm(forms.Form):
    version = VersionField()
    date_label = "Date"

    def __init__(self, *args, concern, **kwargs):
        super().__init__(*args, **kwargs)
        self.concern = concern
        self.fields["on"] = forms.DateField(label=self.date_label, widget=DATE, initial=timezone.localdate)
        self.fields["version"].initial = concern.version

    def clean_on(self):
        value = past_date(self.cleaned_data["on"])
        if value < self.concern.known_on:
            raise forms.ValidationError(
                f"This cannot be before the concern was known ({self.concern.known_on:%Y-%m-%d})."
            )
        return value


class ReferralStepForm(StepForm):
    date_label = "Referral made on"
    reference = forms.CharField(
        label="Intake reference (optional)",
        max_length=60,
        required=False,
        help_text="The hotline's reference, if given.",
    )


class SelfReportStepForm(StepForm):
    date_label = "Participant self-reported on"
    confirmed = forms.BooleanField(
        label="I confirmed that the participant told the caseworker (with the participant or the caseworker).",
        error_messages={"required": "A self-report counts once it is confirmed."},
    )


class ParticipantToldStepForm(StepForm):
    date_label = "Participant told on"


class CoordinatorInformedStepForm(StepForm):
    date_label = "Caseworker informed on"
