"""The site directory's form and the admin's forms for sites and counties (R-ORG-1: a county lies in
one service area; a site covers counties of its own area).

A site's counties are never dropped silently. They used to be chosen in a multiple-choice list of all
99 counties, ten rows high: a click without Ctrl (Cmd) replaced the whole choice, so a coordinator
who changed the area and clicked the new area's counties lost the site's other counties without
seeing it. Now each county is a tick box, grouped by service area: a county goes only when the user
unticks it. A county of another area is refused with its name, never removed by the form.
"""

from typing import Any

from django import forms

from parentpartner.forms import VersionedModelForm
from parentpartner.models import County, Role, Site


def counties_by_area() -> list[tuple[str, list[tuple[int, str]]]]:
    """The counties as tick boxes grouped under their service area, in one query."""
    groups: dict[str, list[tuple[int, str]]] = {}
    for county in County.objects.select_related("service_area").order_by("service_area__name", "name"):
        groups.setdefault(str(county.service_area), []).append((county.pk, county.name))
    return list(groups.items())


def refuse_counties_of_another_area(form: forms.BaseForm, cleaned: dict[str, Any]) -> None:
    """R-ORG-1: an error on the counties naming those that lie in another area than the site's."""
    area = cleaned.get("service_area")
    counties = cleaned.get("counties") or []
    outside = [county.name for county in counties if area and county.service_area_id != area.pk]
    if outside:
        form.add_error(
            "counties",
            f"Not in the {area} service area: {', '.join(outside)}. Untick them to remove them from this "
            "site, or keep the site in the area they lie in.",
        )


class SiteForm(VersionedModelForm):
    class Meta:
        model = Site
        fields = ["name", "service_area", "counties", "address", "phone", "is_active"]
        widgets = {"counties": forms.CheckboxSelectMultiple}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        counties = self.fields["counties"]
        counties.queryset = County.objects.select_related("service_area")
        counties.widget.choices = counties_by_area()
        counties.help_text = "Tick each county the site covers; a county stays until you untick it."

    def clean(self):
        cleaned = super().clean()
        refuse_counties_of_another_area(self, cleaned)
        return cleaned


class SiteChangeForm(SiteForm):
    """A service area coordinator keeps their sites current but cannot move one to another area."""

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None and user.role != Role.STATEWIDE_COORDINATOR:
            self.fields["service_area"].disabled = True


class SiteAdminForm(forms.ModelForm):
    """The admin's site form: the same rule on the counties as the site pages."""

    class Meta:
        model = Site
        fields = ["name", "service_area", "counties", "address", "phone", "is_active"]

    def clean(self):
        cleaned = super().clean()
        refuse_counties_of_another_area(self, cleaned)
        return cleaned


class CountyAdminForm(forms.ModelForm):
    """The admin's county form (and its editable list): a county moved to another area while sites of
    its old area cover it is refused, naming them, rather than leaving those sites across two areas."""

    class Meta:
        model = County
        fields = ["name", "service_area"]

    def clean(self):
        cleaned = super().clean()
        area = cleaned.get("service_area")
        if self.instance.pk and area is not None:
            crossing = self.instance.sites.exclude(service_area=area).order_by("name")
            if names := [str(site) for site in crossing]:
                self.add_error(
                    "service_area",
                    f"{self.instance} is covered by {', '.join(names)}, outside the {area} service area: "
                    "remove it from those sites first.",
                )
        return cleaned
