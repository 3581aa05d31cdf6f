"""The weekly supervision log (R-SUP-1) and clinical support sessions (R-SUP-2)."""

from django import forms

from mentoring.forms.families import case_label
from mentoring.models import Case, ClinicalSupportFormat, ClinicalSupportSession, SupervisionSession
from parentpartner.forms import DATE, VersionedModelForm, paired, past_date
from parentpartner.models import ParentPartner, PartnerStatus, Site
from parentpartner.roles import Role


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
        self.fields["cases"].label_from_instance = case_label
        self.fields["cases"].help_text = "The families of this Parent Partner that you reviewed together."

    def clean_held_on(self):
        return past_date(self.cleaned_data["held_on"])

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
        if not self.instance.pk and user.role == Role.CLINICIAN:
            self.fields["clinician"].initial = user.get_full_name()

    def clean_held_on(self):
        return past_date(self.cleaned_data["held_on"])

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
