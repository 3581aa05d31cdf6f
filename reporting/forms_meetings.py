"""Forms of the meetings (R-ORG-4, R-SUP-3) and of a re-entry into care (R-OUT-1)."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone

from mentoring.models import CaseOutcome, CaseStatus
from parentpartner.access import Scope, ScopeKind
from parentpartner.forms import VersionedModelForm, paired
from parentpartner.models import Role, ServiceArea, User
from reporting.models_meetings import Meeting, MeetingKind, Reentry


class DateInput(forms.DateInput):
    input_type = "date"


class MeetingForm(VersionedModelForm):
    """A meeting held. A service area coordinator records their own area's meetings; the statewide
    coordinator any area's and the statewide advisory committee's."""

    layout = (
        paired("kind", "held_on"),
        paired("service_area", "coordinator"),
        "attendees",
        "other_attendees",
        "notes",
    )

    class Meta:
        model = Meeting
        fields = ["kind", "held_on", "service_area", "coordinator", "attendees", "other_attendees", "notes"]
        widgets = {
            "held_on": DateInput,
            "attendees": forms.CheckboxSelectMultiple,
            "notes": forms.Textarea(attrs={"rows": 6}),
        }
        help_texts = {
            "service_area": "Empty for the statewide advisory committee.",
            "coordinator": "For the supervision of a site coordinator only.",
            "attendees": "People with a login; tick everyone who came.",
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        scope = Scope.of(user)
        areas = ServiceArea.objects.order_by("name")
        coordinators = User.objects.filter(role=Role.SITE_COORDINATOR, is_active=True)
        if scope.kind is ScopeKind.AREA:
            areas = areas.filter(pk=scope.area_id)
            coordinators = coordinators.filter(sites__service_area=scope.area_id)
            self.fields["kind"].choices = [c for c in MeetingKind.choices if c[0] != MeetingKind.ADVISORY_COMMITTEE]
            self.fields["service_area"].required = True
            self.fields["service_area"].empty_label = None
        attendees = User.objects.filter(is_active=True).exclude(role=Role.SYSTEM_ADMINISTRATOR)
        if scope.kind is ScopeKind.AREA:
            # The area's people and the state roles: a SAC does not pick from every login in the state.
            attendees = attendees.filter(
                Q(service_area=scope.area_id)
                | Q(sites__service_area=scope.area_id)
                | Q(parent_partner__site__service_area=scope.area_id)
                | Q(role__in=[Role.STATEWIDE_COORDINATOR, Role.CONTRACT_MANAGER])
            )
        self.fields["service_area"].queryset = areas
        self.fields["coordinator"].queryset = coordinators.distinct().order_by("last_name", "first_name")
        self.fields["attendees"].queryset = attendees.distinct().order_by("last_name", "first_name", "username")

    def clean_held_on(self):
        held_on = self.cleaned_data["held_on"]
        if held_on > timezone.localdate():
            raise ValidationError("Record a meeting once it has been held.")
        return held_on

    def clean(self):
        cleaned = super().clean()
        kind, area, coordinator = cleaned.get("kind"), cleaned.get("service_area"), cleaned.get("coordinator")
        if kind == MeetingKind.ADVISORY_COMMITTEE and area is not None:
            self.add_error("service_area", "The statewide advisory committee is not held for one service area.")
        if kind and kind != MeetingKind.ADVISORY_COMMITTEE and area is None and "service_area" not in self.errors:
            self.add_error("service_area", "Choose the service area this meeting was held for.")
        if kind == MeetingKind.COORDINATOR_SUPERVISION:
            if coordinator is None:
                self.add_error("coordinator", "Choose the site coordinator who was supervised.")
            elif area is not None and not coordinator.sites.filter(service_area=area).exists():
                self.add_error("coordinator", "This coordinator has no site in that service area.")
        elif coordinator is not None:
            self.add_error("coordinator", "Only the supervision of a site coordinator names a coordinator.")
        return cleaned


class ReentryForm(forms.ModelForm):
    """R-OUT-1: a child of the family re-entered care, after a reunification."""

    class Meta:
        model = Reentry
        fields = ["reentered_on", "note"]
        widgets = {"reentered_on": DateInput}

    def __init__(self, *args, family, **kwargs):
        super().__init__(*args, **kwargs)
        self.family = family
        from crispy_forms.helper import FormHelper

        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_reentered_on(self):
        day = self.cleaned_data["reentered_on"]
        if day > timezone.localdate():
            raise ValidationError("A re-entry is recorded once it has happened.")
        reunified = self.family.cases.filter(
            status=CaseStatus.CLOSED, outcome=CaseOutcome.REUNIFIED, closed_on__lt=day
        ).exists()
        if not reunified:
            raise ValidationError("A re-entry is recorded after a reunification: the family has none before that date.")
        return day
