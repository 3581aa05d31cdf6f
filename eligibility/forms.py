"""The eligibility app's forms: the screening and its checks (R-ELIG-1, R-ELIG-2), and review cases
(protocol E, R-REV-1..4). Dates use the one date widget and checks of `parentpartner.forms`."""

import datetime

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from django import forms
from django.utils import timezone

from eligibility.models import (
    CheckResult,
    DisqualifierKind,
    EligibilityRecord,
    Ground,
    PlanItem,
    ReviewCase,
    ReviewTeamMember,
)
from eligibility.services.review_cases import RESULT_LABELS
from parentpartner.forms import DATE, CrispyForm, VersionedModelForm, VersionField, paired, past_date

YES_NO = [(True, "Yes"), (False, "No")]
EARLIEST = datetime.date(1950, 1, 1)


def not_before_1950(value: datetime.date | None) -> datetime.date | None:
    """A date that may lie ahead (a due date, a meeting) but not absurdly far back; the same lower
    bound as `parentpartner.forms.past_date`."""
    if value and value < EARLIEST:
        raise forms.ValidationError("Enter a date after 1950.")
    return value


def may_mentor_while_open_field() -> forms.TypedChoiceField:
    """The coordinator's choice, when opening a case and later, whether the person may keep mentoring."""
    return forms.TypedChoiceField(
        label="May they keep mentoring while the case is open?",
        choices=YES_NO,
        coerce=lambda value: value in (True, "True"),
        widget=forms.RadioSelect,
    )


class EligibilityRecordForm(VersionedModelForm):
    """The screening's dates and the DHS review (R-ELIG-1)."""

    layout = (
        paired("substance_abuse_issue", "substance_free_since"),
        paired("dhs_reviewed_on", "dhs_review_result"),
        "dhs_review_notes",
        "notes",
    )

    class Meta:
        model = EligibilityRecord
        fields = [
            "substance_abuse_issue",
            "substance_free_since",
            "dhs_reviewed_on",
            "dhs_review_result",
            "dhs_review_notes",
            "notes",
        ]
        widgets = {
            "substance_free_since": DATE,
            "dhs_reviewed_on": DATE,
            "dhs_review_notes": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)

    def clean_substance_free_since(self):
        return past_date(self.cleaned_data["substance_free_since"])

    def clean_dhs_reviewed_on(self):
        return past_date(self.cleaned_data["dhs_reviewed_on"])

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and self.instance.is_disqualified:
            raise forms.ValidationError(
                "The screening ended with an absolute disqualifier (R-ELIG-2); it cannot be changed."
            )
        if cleaned.get("dhs_review_result") and not cleaned.get("dhs_reviewed_on"):
            self.add_error("dhs_reviewed_on", "Enter the date of the DHS review.")
        if cleaned.get("dhs_reviewed_on") and not cleaned.get("dhs_review_result"):
            self.add_error("dhs_review_result", "Enter what the DHS review found.")
        return cleaned


class CriterionCheckForm(CrispyForm):
    layout = (paired("result", "checked_on"), "evidence")

    result = forms.ChoiceField(choices=CheckResult.choices, widget=forms.RadioSelect)
    checked_on = forms.DateField(label="Date checked", widget=DATE, initial=timezone.localdate)
    evidence = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}), max_length=4000, help_text="What was seen or heard, and from whom."
    )
    version = VersionField()

    def clean_checked_on(self):
        return past_date(self.cleaned_data["checked_on"])


class DisqualifierForm(CrispyForm):
    layout = (paired("kind", "found_on"), "evidence")

    kind = forms.ChoiceField(label="Disqualifier", choices=DisqualifierKind.choices, widget=forms.RadioSelect)
    found_on = forms.DateField(label="Date established", widget=DATE)
    evidence = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), max_length=4000)

    def clean_found_on(self):
        return past_date(self.cleaned_data["found_on"])


class ReviewCaseForm(forms.ModelForm):
    """Opening a case (R-REV-1)."""

    wishes_to_continue = forms.BooleanField(label="The Parent Partner wishes to continue in their role", required=False)
    may_mentor_while_open = may_mentor_while_open_field()

    class Meta:
        model = ReviewCase
        fields = [
            "ground",
            "concern",
            "opened_on",
            "wishes_to_continue",
            "dhs_assessment_involved",
            "may_mentor_while_open",
        ]
        widgets = {"opened_on": DATE, "concern": forms.Textarea(attrs={"rows": 4}), "ground": forms.RadioSelect}
        labels = {"opened_on": "Opened on"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A new case's instance has no date, which would override a field initial.
        if self.initial.get("opened_on") is None:
            self.initial["opened_on"] = timezone.localdate()
        self.fields["ground"].choices = Ground.choices
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            "ground",
            "concern",
            paired("opened_on"),
            "wishes_to_continue",
            "dhs_assessment_involved",
            "may_mentor_while_open",
        )

    def clean_opened_on(self):
        return past_date(self.cleaned_data["opened_on"])

    def clean_wishes_to_continue(self):
        if not self.cleaned_data["wishes_to_continue"]:
            raise forms.ValidationError(
                "Protocol E is only for a Parent Partner who wishes to continue in the role (R-REV-1)."
            )
        return True


class StepForm(CrispyForm):
    """One step of protocol E: its result, when it happened, notes."""

    result = forms.ChoiceField(widget=forms.RadioSelect)
    held_on = forms.DateField(label="Date", widget=DATE, initial=timezone.localdate)
    meeting_on = forms.DateField(label="Date of the review team meeting", widget=DATE, required=False)
    notes = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}), max_length=4000, help_text="Who took part, what was decided."
    )
    version = VersionField()

    def __init__(self, *args, transition, **kwargs):
        super().__init__(*args, **kwargs)
        self.transition = transition
        choices = [(key, RESULT_LABELS.get(key, key.capitalize())) for key in transition.results]
        self.fields["result"].choices = choices
        if not transition.has_choice:
            self.fields["result"].widget = forms.HiddenInput()
            self.fields["result"].initial = choices[0][0]
        else:
            self.fields["result"].label = "Result"
        if not transition.options.get("needs_meeting_date"):
            del self.fields["meeting_on"]
        else:
            self.fields["meeting_on"].required = True

    def clean_held_on(self):
        return past_date(self.cleaned_data["held_on"])

    def clean_meeting_on(self):
        return not_before_1950(self.cleaned_data["meeting_on"])


class MentoringForm(CrispyForm):
    may_mentor_while_open = may_mentor_while_open_field()
    notes = forms.CharField(label="Why", widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)
    version = VersionField()


class ReviewTeamMemberForm(forms.ModelForm):
    class Meta:
        model = ReviewTeamMember
        fields = ["name", "team_role"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(paired("name", "team_role"))


class PlanItemForm(VersionedModelForm):
    layout = ("kind", "description", paired("responsible", "due_on"), paired("done_on"))

    class Meta:
        model = PlanItem
        fields = ["kind", "description", "responsible", "due_on", "done_on"]
        widgets = {"due_on": DATE, "done_on": DATE, "description": forms.Textarea(attrs={"rows": 3})}
        labels = {"due_on": "Due (time frame)", "responsible": "Assigned to"}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)

    def clean_done_on(self):
        return past_date(self.cleaned_data["done_on"])

    def clean_due_on(self):
        return not_before_1950(self.cleaned_data["due_on"])
