"""A site's counties are never cleared silently (issue 15, R-ORG-1: a county lies in one service area).
The site form offers a tick box per county, grouped by area, so a county goes only when unticked; a
county of another area is refused by name, on the site pages and in the admin."""

import re

import pytest
from django.urls import reverse

from parentpartner.models import HistoryEntry, Role
from tests.factories import CountyFactory
from tests.matrix.pages_core import site_data

pytestmark = pytest.mark.django_db


def ticked_counties(page: str) -> set[int]:
    boxes = re.findall(r'<input type="checkbox"[^>]*name="counties"[^>]*>', page)
    return {int(re.search(r'value="(\d+)"', box).group(1)) for box in boxes if " checked" in box}


def test_r_org_1_the_site_form_shows_each_county_ticked_so_a_resubmission_keeps_them(login, world):
    site = world.site_a1
    second = CountyFactory(name="Secondcounty", service_area=world.area_a)
    site.counties.add(second)
    client = login(world.users[Role.STATEWIDE_COORDINATOR])
    page = client.get(reverse("parentpartner:site-update", args=[site.pk])).content.decode()
    covered = set(site.counties.values_list("pk", flat=True))
    assert len(covered) == 2 and ticked_counties(page) == covered
    assert "<strong>Area A</strong>" in page and "<strong>Area B</strong>" in page  # grouped by area
    data = {**site_data(world, site), "counties": sorted(ticked_counties(page))}
    assert client.post(reverse("parentpartner:site-update", args=[site.pk]), data).status_code == 302
    assert set(site.counties.values_list("pk", flat=True)) == covered


def test_r_org_1_moving_a_site_to_another_area_refuses_naming_its_counties_and_keeps_them(login, world):
    site = world.site_a1
    county = site.counties.get()
    client = login(world.users[Role.STATEWIDE_COORDINATOR])
    url = reverse("parentpartner:site-update", args=[site.pk])
    refused = client.post(url, {**site_data(world, site), "service_area": world.area_b.pk})
    assert refused.status_code == 200
    message = refused.context["form"].errors["counties"][0]
    assert f"Not in the Area B service area: {county.name}." in message and "Untick them" in message
    site.refresh_from_db()
    assert site.service_area == world.area_a and list(site.counties.all()) == [county]


def test_r_org_1_a_county_unticked_is_removed_and_the_page_says_which(login, world):
    """Moving the site: the user unticks the old area's county and ticks the new one's; the county goes
    because it was unticked, and the page and the history say so."""
    site = world.site_a1
    old = site.counties.get()
    new = CountyFactory(name="Newareacounty", service_area=world.area_b)
    client = login(world.users[Role.STATEWIDE_COORDINATOR])
    url = reverse("parentpartner:site-update", args=[site.pk])
    data = {**site_data(world, site), "service_area": world.area_b.pk, "counties": [new.pk]}
    page = client.post(url, data, follow=True).content.decode()
    assert f"No longer covered by this site: {old.name}." in page
    site.refresh_from_db()
    assert site.service_area == world.area_b and list(site.counties.all()) == [new]
    entry = HistoryEntry.objects.get(content_type__model="site", object_id=str(site.pk), action="update")
    assert entry.changes["counties"] == [str(old), str(new)]


def test_r_org_1_the_admin_refuses_a_site_with_counties_of_another_area(login, world):
    site = world.site_a1
    county = site.counties.get()
    client = login(world.users[Role.STATEWIDE_COORDINATOR])
    url = reverse("admin:parentpartner_site_change", args=[site.pk])
    data = {
        "name": site.name,
        "service_area": world.area_b.pk,
        "counties": [county.pk],
        "is_active": "on",
        "_save": "Save",
    }
    refused = client.post(url, data)
    assert refused.status_code == 200
    assert f"Not in the Area B service area: {county.name}." in refused.content.decode()
    site.refresh_from_db()
    assert site.service_area == world.area_a and list(site.counties.all()) == [county]
