"""Forms for community outreach, supervision, clinical support, the pay report and safety concerns.
Bad input (future dates, dates outside the form's month, negative or absurd hours and miles) is a
message on the field, never a 500."""

import datetime
from decimal import Decimal

from django import forms
from django.utils import timezone

from mentoring.models import (
    ActivityForm,
    Case,
    ClinicalSupportFormat,
    ClinicalSupportSession,
    Contact,
    HowKnown,
    OutreachActivity,
    OutreachForm,
    PayRate,
    RateKind,
    SafetyConcern,
    SupervisionSession,
)
from mentoring.models.outreach import MAX_HOURS_PER_LINE, MAX_MILES_PER_LINE
from mentoring.models.pay import MAX_MILEAGE_RATE
from parentpartner.dates import first_of_month, last_day, long_date, parse_month
from parentpartner.forms import VersionedModelForm, VersionField, paired
from parentpartner.models import ParentPartner, PartnerStatus, Site

DATE = forms.DateInput(attrs={"type": "date"})
MONTH = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")
EARLIEST = datetime.date(2000, 1, 1)


def not_in_future(value, label="This date"):
    if value and value > timezone.localdate():
        raise forms.ValidationError(f"{label} cannot be in the future.")
    if value and value < EARLIEST:
        raise forms.ValidationError(f"{label} is too far in the past; check the year.")
    return value


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


# --- community outreach (R-FAM-7) -------------------------------------------------------------


class OutreachFormCreateForm(forms.ModelForm):
    month = MonthField(help_text="The month the outreach took place.")

    class Meta:
        model = OutreachForm
        fields = ["parent_partner", "month"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        partners = ParentPartner.objects.visible_to(user).exclude(status=PartnerStatus.INACTIVE)
        self.fields["parent_partner"].queryset = partners.select_related("site")
        if user.parent_partner_id and user.role == "parent_partner":
            # Their own record is the one choice.
            self.fields["parent_partner"].initial = user.parent_partner_id

    def clean_month(self):
        month = self.cleaned_data["month"]
        if month > first_of_month(timezone.localdate()):
            raise forms.ValidationError("A form covers a month that has begun; this one is in the future.")
        return not_in_future(month, "The month")

    def clean(self):
        cleaned = super().clean()
        partner, month = cleaned.get("parent_partner"), cleaned.get("month")
        if partner and month and OutreachForm.objects.filter(parent_partner=partner, month=month).exists():
            self.add_error("month", f"{partner} already has a community outreach form for {month:%B %Y}.")
        return cleaned

    def validate_unique(self):
        # Checked in clean() with a message that names the person and the month.
        pass


class OutreachActivityForm(forms.ModelForm):
    class Meta:
        model = OutreachActivity
        fields = ["held_on", "kind", "description", "hours", "miles"]
        widgets = {"held_on": DATE, "description": forms.TextInput(attrs={"size": 30})}

    def __init__(self, *args, month=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.month = month
        self.fields["hours"].widget.attrs.update(min="0.25", max=str(MAX_HOURS_PER_LINE), step="0.25")
        self.fields["miles"].widget.attrs.update(min="0", max=str(MAX_MILES_PER_LINE), step="0.1")
        self.fields["miles"].required = False
        # An empty extra line stays unchanged (and ignored) unless something is typed in it.
        self.fields["miles"].initial = None
        for name, field in self.fields.items():
            if name in self.Meta.fields:
                css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
                field.widget.attrs["class"] = f"{css} {css}-sm"

    def clean_held_on(self):
        value = not_in_future(self.cleaned_data["held_on"])
        if self.month and not (self.month <= value <= last_day(self.month)):
            raise forms.ValidationError(f"The date must be in {self.month:%B %Y}, the month of this form.")
        return value

    def clean_hours(self):
        value = self.cleaned_data["hours"]
        if value is not None and value <= 0:
            raise forms.ValidationError("Hours must be more than zero.")
        if value is not None and value > MAX_HOURS_PER_LINE:
            raise forms.ValidationError(f"No more than {MAX_HOURS_PER_LINE} hours on one line.")
        return value

    def clean_miles(self):
        value = self.cleaned_data.get("miles")
        if value is None:
            return Decimal(0)
        if value < 0:
            raise forms.ValidationError("Miles cannot be negative.")
        if value > MAX_MILES_PER_LINE:
            raise forms.ValidationError(f"No more than {MAX_MILES_PER_LINE} miles on one line.")
        return value


OutreachActivityFormSet = forms.inlineformset_factory(
    OutreachForm, OutreachActivity, form=OutreachActivityForm, extra=3, can_delete=True, max_num=60
)


class CommentForm(forms.Form):
    """Return with a comment, or re-open for a correction with its reason; the version guards against
    acting on a form someone changed meanwhile."""

    text = forms.CharField(max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2}))
    version = VersionField()


# --- supervision and clinical support (R-SUP-1, R-SUP-2) ----------------------------------------


class SupervisionSessionForm(VersionedModelForm):
    layout = (paired("parent_partner", "held_on"), "cases", "notes")

    class Meta:
        model = SupervisionSession
        fields = ["parent_partner", "held_on", "cases", "notes"]
        widgets = {"held_on": DATE, "cases": forms.CheckboxSelectMultiple, "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent_partner"].queryset = (
            ParentPartner.objects.visible_to(user).exclude(status=PartnerStatus.INACTIVE).select_related("site")
        )
        # The cases of the Parent Partners in scope that are still open, or were discussed here before.
        cases = Case.objects.visible_to(user).filter(assignments__ended_on__isnull=True)
        if self.instance.pk:
            cases = cases | Case.objects.filter(supervision_sessions=self.instance)
        self.fields["cases"].queryset = cases.select_related("family").distinct().order_by("family__parent_last_name")
        self.fields["cases"].label_from_instance = lambda case: (
            f"{case.family.parent_last_name}, {case.family.parent_first_name} (DHS {case.family.dhs_case_number})"
        )
        self.fields["cases"].help_text = "The families of this Parent Partner that you reviewed together."

    def clean_held_on(self):
        return not_in_future(self.cleaned_data["held_on"])

    def clean(self):
        cleaned = super().clean()
        partner, held_on = cleaned.get("parent_partner"), cleaned.get("held_on")
        cases = cleaned.get("cases") or []
        if partner:
            not_theirs = [c for c in cases if not c.assignments.filter(parent_partner=partner).exists()]
            if not_theirs:
                names = ", ".join(str(c.family) for c in not_theirs)
                self.add_error("cases", f"Not a family of {partner}: {names}.")
        if partner and held_on:
            clash = SupervisionSession.objects.filter(parent_partner=partner, held_on=held_on)
            if clash.exclude(pk=self.instance.pk).exists():
                self.add_error("held_on", f"Supervision of {partner} on {held_on} is already in the log.")
        return cleaned

    def validate_unique(self):
        pass


class ClinicalSupportSessionForm(VersionedModelForm):
    layout = (paired("site", "held_on"), paired("clinician", "format"), "attendees")

    class Meta:
        model = ClinicalSupportSession
        fields = ["site", "held_on", "clinician", "format", "attendees"]
        widgets = {"held_on": DATE, "attendees": forms.CheckboxSelectMultiple}
        help_texts = {"clinician": "The licensed clinician who led the session."}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = Site.objects.visible_to(user).filter(is_active=True)
        self.fields["attendees"].queryset = (
            ParentPartner.objects.visible_to(user).exclude(status=PartnerStatus.INACTIVE).select_related("site")
        )
        self.fields["attendees"].label_from_instance = lambda p: f"{p.last_name}, {p.first_name} ({p.site.name})"
        if not self.instance.pk and user.role == "clinician":
            self.fields["clinician"].initial = user.get_full_name()

    def clean_held_on(self):
        return not_in_future(self.cleaned_data["held_on"])

    def clean(self):
        cleaned = super().clean()
        site, attendees = cleaned.get("site"), cleaned.get("attendees")
        if attendees is not None and not attendees:
            self.add_error("attendees", "Choose who attended.")
        if site and attendees:
            elsewhere = [str(p) for p in attendees if p.site_id != site.pk]
            if elsewhere:
                self.add_error("attendees", f"Not Parent Partners of {site}: {', '.join(elsewhere)}.")
        if cleaned.get("format") == ClinicalSupportFormat.INDIVIDUAL and attendees and len(attendees) != 1:
            self.add_error("attendees", "An individual session has one attendee.")
        return cleaned


# --- pay report (R-ROLE-7) ----------------------------------------------------------------------


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
        if value and value < EARLIEST:
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


def month_from_query(value, default):
    """The month of a query string (YYYY-MM), or `default` when missing or malformed."""
    return parse_month(value) or default


# --- safety concerns (R-SAFE-1..3) --------------------------------------------------------------


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
        cases = Case.objects.visible_to(user).exclude(status="closed").select_related("family")
        self.fields["case"].queryset = cases.order_by("family__parent_last_name", "pk")
        self.fields["how_known"].choices = HowKnown.choices  # radio buttons without an empty one
        self.fields["case"].label_from_instance = lambda case: (
            f"{case.family.parent_last_name}, {case.family.parent_first_name} (DHS {case.family.dhs_case_number})"
        )
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
        if user.role == "parent_partner":
            del self.fields["parent_partner"]
        else:
            self.fields["parent_partner"].help_text = "Who observed it or was told; empty: the family's Parent Partner."
        case_id = self.data.get("case") or self.initial.get("case")
        contacts = Contact.objects.none()
        if case_id and str(case_id).isdigit():
            forms_of_case = ActivityForm.objects.visible_to(user).filter(assignment__case_id=case_id)
            contacts = Contact.objects.filter(form__in=forms_of_case).select_related("form")
        self.fields["contact"].queryset = contacts
        self.fields["contact"].label_from_instance = lambda c: (
            f"{c.contacted_on:%Y-%m-%d} {c.get_method_display()}, {c.get_activity_display()}"
        )
        self.fields["contact"].help_text = "The contact of a monthly activity form where it came up, if any."

    def clean_known_on(self):
        return not_in_future(self.cleaned_data["known_on"])

    def clean(self):
        cleaned = super().clean()
        case = cleaned.get("case")
        if case is None:
            return cleaned
        if self.user.role == "parent_partner":
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
        value = not_in_future(self.cleaned_data["on"])
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
