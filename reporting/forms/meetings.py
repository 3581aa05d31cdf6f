"""The form of a meeting held (R-ORG-4, R-SUP-3)."""

import datetime
from typing import Any, cast

from django import forms
from django.db.models import Q

from parentpartner.access import area_of
from parentpartner.forms import DATE, VersionedModelForm, paired, past_date
from parentpartner.models import ServiceArea, User
from parentpartner.roles import Role
from reporting.models import Meeting, MeetingKind


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
            "held_on": DATE,
            "attendees": forms.CheckboxSelectMultiple,
            "notes": forms.Textarea(attrs={"rows": 6}),
        }
        help_texts = {
            "service_area": "Empty for the statewide advisory committee.",
            "coordinator": "For the supervision of a site coordinator only.",
            "attendees": "People with a login; tick everyone who came.",
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The model's fields: a choice of kinds, foreign keys and a many-to-many.
        kind = cast(forms.ChoiceField, self.fields["kind"])
        service_area = cast(forms.ModelChoiceField, self.fields["service_area"])
        coordinator = cast(forms.ModelChoiceField, self.fields["coordinator"])
        attendee_field = cast(forms.ModelChoiceField, self.fields["attendees"])
        area = area_of(user)
        areas = ServiceArea.objects.order_by("name")
        coordinators = User.objects.filter(role=Role.SITE_COORDINATOR, is_active=True)
        if area is not None:
            areas = areas.filter(pk=area)
            coordinators = coordinators.filter(sites__service_area=area)
            kind.choices = [c for c in MeetingKind.choices if c[0] != MeetingKind.ADVISORY_COMMITTEE]
            service_area.required = True
            service_area.empty_label = None
        attendees = User.objects.filter(is_active=True).exclude(role=Role.SYSTEM_ADMINISTRATOR)
        if area is not None:
            # The area's people and the state roles: a SAC does not pick from every login in the state.
            attendees = attendees.filter(
                Q(service_area=area)
                | Q(sites__service_area=area)
                | Q(parent_partner__site__service_area=area)
                | Q(role__in=[Role.STATEWIDE_COORDINATOR, Role.CONTRACT_MANAGER])
            )
        service_area.queryset = areas
        coordinator.queryset = coordinators.distinct().order_by("last_name", "first_name")
        attendee_field.queryset = attendees.distinct().order_by("last_name", "first_name", "username")

    def clean_held_on(self) -> datetime.date:
        return past_date(self.cleaned_data["held_on"], "A meeting's date")

    def clean(self) -> dict[str, Any]:
        super().clean()  # a model form's clean returns its cleaned_data
        cleaned = self.cleaned_data
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
