from django import forms
from django.db.models import Q
from django.utils import timezone

from parentpartner.forms import DATE, VersionedModelForm, paired, past_date
from parentpartner.models import ParentPartner, PartnerRole, PartnerStatus, Site
from training import services
from training.models import (
    ShadowingItem,
    ShadowingRecord,
    Trainer,
    TrainerKind,
    Training,
    TrainingCompletion,
    TrainingSession,
)


class CompletionForm(forms.ModelForm):
    """One training recorded on its own, e.g. an outside training that meets the objectives (R-TRN-2).
    What may be recorded is `training.services.completion_refusals`, asked by the model's clean."""

    class Meta:
        model = TrainingCompletion
        fields = ["training", "completed_on", "hours", "evidence"]
        widgets = {"completed_on": DATE}
        labels = {"evidence": "Evidence (certificate, provider, topic)", "hours": "Length (hours)"}

    def __init__(self, *args, partner, **kwargs):
        super().__init__(*args, **kwargs)
        self.partner = self.instance.parent_partner = partner
        self.fields["training"].queryset = Training.objects.filter(is_active=True).exclude(
            completions__parent_partner=partner
        )
        self.fields["evidence"].required = True

    def clean_completed_on(self):
        return past_date(self.cleaned_data["completed_on"])


class ShadowingForm(forms.ModelForm):
    """R-ROLE-4: the candidate shadowed a veteran Parent Partner, or an 'if applicable' activity does
    not apply to them. What may be recorded is `training.services.shadowing_refusals`."""

    class Meta:
        model = ShadowingRecord
        fields = ["item", "outcome", "shadowed_on", "veteran", "notes"]
        widgets = {"shadowed_on": DATE}
        labels = {"item": "Activity"}

    def __init__(self, *args, partner, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.partner = self.instance.parent_partner = partner
        self.fields["item"].queryset = ShadowingItem.objects.exclude(records__parent_partner=partner)
        # A veteran is an approved Parent Partner or Lead in the user's scope, not the candidate, whom
        # eligibility lets mentor now (R-REV-4, R-ELIG-2).
        self.fields["veteran"].queryset = services.taking_part(
            ParentPartner.objects.visible_to(user)
            .filter(current_role__in=[PartnerRole.PARENT_PARTNER, PartnerRole.LEAD])
            .exclude(pk=partner.pk)
        )

    def clean_shadowed_on(self):
        return past_date(self.cleaned_data["shadowed_on"])


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
        paired("trainee", "trainee_evaluated_satisfactory"),
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
            "trainee",
            "trainee_evaluated_satisfactory",
        ]
        widgets = {
            "held_on": DATE,
            "co_trainers_evaluated_satisfactory": forms.NullBooleanSelect,
            "trainee_evaluated_satisfactory": forms.NullBooleanSelect,
        }
        help_texts = {
            "parent_partner_trainer": "BABF only: an approved trainer who is a Parent Partner.",
            "professional_trainer": "BABF only: an approved trainer who is a child welfare professional.",
            "trainer_names": "Other trainings: the qualified person who gave it.",
            "trainee": "BABF only: a trainer applicant co-training with a Master Trainer, one of the two co-trainers.",
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = Site.objects.visible_to(user).filter(is_active=True)
        self.fields["training"].queryset = Training.objects.filter(is_active=True)
        # Offered: who may co-train now (R-TRN-3, R-TRN-4, R-REV-4, R-ELIG-2), and whoever the session
        # already has, so that a session held before can still be corrected.
        offered = {
            "parent_partner_trainer": services.approved_trainers(TrainerKind.PARENT_PARTNER),
            "professional_trainer": services.approved_trainers(TrainerKind.PROFESSIONAL),
            "trainee": services.trainer_applicants(),
        }
        for name, trainers in offered.items():
            current = getattr(self.instance, f"{name}_id")
            self.fields[name].queryset = Trainer.objects.filter(
                Q(pk__in=services.trainers_taking_part(trainers).values("pk")) | Q(pk=current)
            ).select_related("parent_partner")
        self.fields["attendees"].queryset = (
            ParentPartner.objects.visible_to(user).exclude(status=PartnerStatus.INACTIVE).select_related("site")
        )
        self.fields["attendees"].label_from_instance = lambda p: f"{p.last_name}, {p.first_name} ({p.site.name})"
        if self.instance.pk:
            self.fields["attendees"].initial = list(self.instance.completions.values_list("parent_partner", flat=True))

    def clean(self):
        # The length, the trainers and the co-trainers are the model's clean
        # (`training.services.session_refusals`); attendance is this form's own question.
        cleaned = super().clean()
        if cleaned.get("attendees") and cleaned.get("held_on") and cleaned["held_on"] > timezone.localdate():
            self.add_error("attendees", "Attendance can be recorded once the session has taken place.")
        return cleaned


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
        return past_date(self.cleaned_data["observed_babf_on"])

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
        return past_date(self.cleaned_data["attended_on"])
