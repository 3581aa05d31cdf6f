from django import forms
from django.utils import timezone

from parentpartner.forms import VersionedModelForm, paired
from parentpartner.models import ParentPartner, PartnerRole, PartnerStatus, Site
from training import services
from training.models import (
    SessionFormat,
    ShadowingItem,
    ShadowingRecord,
    Trainer,
    TrainerKind,
    Training,
    TrainingCompletion,
    TrainingSession,
)

DATE = forms.DateInput(attrs={"type": "date"})


def not_in_future(value, label="This date"):
    if value and value > timezone.localdate():
        raise forms.ValidationError(f"{label} cannot be in the future.")
    return value


class CompletionForm(forms.ModelForm):
    """One training recorded on its own, e.g. an outside training that meets the objectives (R-TRN-2)."""

    class Meta:
        model = TrainingCompletion
        fields = ["training", "completed_on", "evidence"]
        widgets = {"completed_on": DATE}
        labels = {"evidence": "Evidence (certificate, provider, topic)"}

    def __init__(self, *args, partner, **kwargs):
        super().__init__(*args, **kwargs)
        self.partner = partner
        self.fields["training"].queryset = Training.objects.filter(is_active=True).exclude(
            completions__parent_partner=partner
        )
        self.fields["evidence"].required = True

    def clean_completed_on(self):
        return not_in_future(self.cleaned_data["completed_on"])

    def clean_training(self):
        training = self.cleaned_data["training"]
        if training.co_trainers_required:
            # R-TRN-3: BABF follows the state curriculum with two approved co-trainers; an outside
            # training cannot stand in for it.
            raise forms.ValidationError(f"{training.name} is recorded through a session with its two co-trainers.")
        return training


class ShadowingForm(forms.ModelForm):
    """R-ROLE-4: the candidate shadowed a veteran Parent Partner, or an 'if applicable' activity does
    not apply to them."""

    class Meta:
        model = ShadowingRecord
        fields = ["item", "outcome", "shadowed_on", "veteran", "notes"]
        widgets = {"shadowed_on": DATE}
        labels = {"item": "Activity"}

    def __init__(self, *args, partner, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.partner = partner
        self.fields["item"].queryset = ShadowingItem.objects.exclude(records__parent_partner=partner)
        # A veteran is an approved Parent Partner or Lead in the user's scope, not the candidate.
        self.fields["veteran"].queryset = (
            ParentPartner.objects.visible_to(user)
            .filter(current_role__in=[PartnerRole.PARENT_PARTNER, PartnerRole.LEAD], status=PartnerStatus.ACTIVE)
            .exclude(pk=partner.pk)
        )

    def clean_shadowed_on(self):
        return not_in_future(self.cleaned_data["shadowed_on"])

    def clean(self):
        cleaned = super().clean()
        item, outcome = cleaned.get("item"), cleaned.get("outcome")
        if outcome == ShadowingRecord.Outcome.SHADOWED:
            if not cleaned.get("shadowed_on"):
                self.add_error("shadowed_on", "Enter the date of the shadowing.")
            if not cleaned.get("veteran"):
                self.add_error("veteran", "Choose the veteran Parent Partner who was shadowed.")
        if outcome == ShadowingRecord.Outcome.NOT_APPLICABLE and item and item.always_required:
            self.add_error(
                "outcome", f"{item.name} is required of every candidate; it cannot be marked not applicable."
            )
        return cleaned


class TrainingSessionForm(VersionedModelForm):
    attendees = forms.ModelMultipleChoiceField(
        queryset=ParentPartner.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Recording attendance completes the training for each attendee.",
    )

    layout = (
        paired("training", "site"),
        paired("held_on", "hours", "format"),
        paired("location", "trainer_names"),
        paired("parent_partner_trainer", "professional_trainer"),
        "follows_state_curriculum",
        paired("co_trainers_evaluated_satisfactory", "average_rating"),
        "attendees",
    )

    class Meta:
        model = TrainingSession
        fields = [
            "training",
            "site",
            "held_on",
            "hours",
            "format",
            "location",
            "trainer_names",
            "parent_partner_trainer",
            "professional_trainer",
            "follows_state_curriculum",
            "co_trainers_evaluated_satisfactory",
            "average_rating",
        ]
        widgets = {
            "held_on": DATE,
            "co_trainers_evaluated_satisfactory": forms.NullBooleanSelect,
        }
        help_texts = {
            "parent_partner_trainer": "BABF only: an approved trainer who is a Parent Partner.",
            "professional_trainer": "BABF only: an approved trainer who is a child welfare professional.",
            "trainer_names": "Other trainings: the qualified person who gave it.",
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = Site.objects.visible_to(user).filter(is_active=True)
        self.fields["training"].queryset = Training.objects.filter(is_active=True)
        self.fields["parent_partner_trainer"].queryset = services.approved_trainers(TrainerKind.PARENT_PARTNER)
        self.fields["professional_trainer"].queryset = services.approved_trainers(TrainerKind.PROFESSIONAL)
        self.fields["attendees"].queryset = (
            ParentPartner.objects.visible_to(user).exclude(status=PartnerStatus.INACTIVE).select_related("site")
        )
        self.fields["attendees"].label_from_instance = lambda p: f"{p.last_name}, {p.first_name} ({p.site.name})"
        if self.instance.pk:
            self.fields["attendees"].initial = list(self.instance.completions.values_list("parent_partner", flat=True))

    def clean(self):
        cleaned = super().clean()
        training, hours = cleaned.get("training"), cleaned.get("hours")
        if training is None:
            return cleaned
        # R-TRN-2: trainings with a minimum length (two hours for 2-11) are refused when shorter.
        if training.minimum_hours is not None and hours is not None and hours < training.minimum_hours:
            minimum = format(training.minimum_hours.normalize(), "f")
            self.add_error("hours", f"{training.name} must last at least {minimum} hours.")
        if training.co_trainers_required:
            self._clean_co_trainers(cleaned, training)
        elif not cleaned.get("trainer_names"):
            self.add_error("trainer_names", "Name the qualified person who gave the training.")
        if cleaned.get("attendees") and cleaned.get("held_on") and cleaned["held_on"] > timezone.localdate():
            self.add_error("attendees", "Attendance can be recorded once the session has taken place.")
        return cleaned

    def _clean_co_trainers(self, cleaned, training):
        """R-TRN-3: two approved co-trainers, a Parent Partner and a child welfare professional, on the
        state curriculum; never by media or an outside provider (R-TRN-2 allows those for the others)."""
        if not cleaned.get("parent_partner_trainer"):
            self.add_error("parent_partner_trainer", f"{training.name} needs an approved Parent Partner co-trainer.")
        if not cleaned.get("professional_trainer"):
            self.add_error(
                "professional_trainer", f"{training.name} needs an approved child welfare professional co-trainer."
            )
        if not cleaned.get("follows_state_curriculum"):
            self.add_error("follows_state_curriculum", f"{training.name} must follow the state curriculum.")
        if cleaned.get("format") in (SessionFormat.MEDIA, SessionFormat.OUTSIDE):
            self.add_error("format", f"{training.name} is given in person by its two co-trainers.")


class TrainerForm(VersionedModelForm):
    layout = (
        paired("kind", "parent_partner"),
        paired("name", "organisation"),
        paired("observed_babf_on", "willing_to_coach"),
    )

    class Meta:
        model = Trainer
        fields = ["kind", "parent_partner", "name", "organisation", "observed_babf_on", "willing_to_coach"]
        widgets = {"observed_babf_on": DATE}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent_partner"].queryset = ParentPartner.objects.visible_to(user).filter(
            current_role__in=[PartnerRole.PARENT_PARTNER, PartnerRole.LEAD]
        )
        self.fields["parent_partner"].help_text = "For a Parent Partner trainer (an approved Parent Partner or Lead)."

    def clean_observed_babf_on(self):
        return not_in_future(self.cleaned_data["observed_babf_on"])

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind == TrainerKind.PARENT_PARTNER and not cleaned.get("parent_partner"):
            self.add_error("parent_partner", "Choose the Parent Partner.")
        if kind == TrainerKind.PROFESSIONAL:
            if cleaned.get("parent_partner"):
                self.add_error("parent_partner", "A professional trainer is not a Parent Partner record.")
            if not cleaned.get("name"):
                self.add_error("name", "Enter the professional's name.")
        return cleaned


class TrainTheTrainerForm(forms.Form):
    attended_on = forms.DateField(label="Attended Train-the-Trainer on", widget=DATE)

    def clean_attended_on(self):
        return not_in_future(self.cleaned_data["attended_on"])
