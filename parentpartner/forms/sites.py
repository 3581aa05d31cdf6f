"""The site directory's form (R-ORG-1)."""

from django import forms

from parentpartner.forms import VersionedModelForm
from parentpartner.models import County, Role, Site


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
        if user is not None and user.role != Role.STATEWIDE_COORDINATOR:
            self.fields["service_area"].disabled = True
