"""Admin edits of reference data are on the record (issue 15, parentpartner.adminhistory): sites,
counties (their editable list too), service areas and the training catalogue leave a history row with
the values before and after and who made the change."""

import pytest
from django.urls import reverse

from parentpartner.models import HistoryEntry, Role, ServiceArea, Site
from tests.factories import CountyFactory
from tests.training.test_training import training
from training.models import Training

pytestmark = pytest.mark.django_db


def _value(field_value):
    if isinstance(field_value, bool):
        return "on" if field_value else None
    if isinstance(field_value, list | tuple):
        return [str(item) for item in field_value]
    return field_value


def change_form_data(response, **changes):
    """What the admin's change form would send back unchanged, with `changes` applied."""
    form = response.context["adminform"].form
    data = {}
    for name in form.fields:
        value = _value(form[name].value())
        if value is not None:
            data[name] = value
    for name, value in changes.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    return {**data, "_save": "Save"}


def changelist_data(response, changes):
    """What the changelist's editable columns would send back, with `changes` ({pk: {field: value}})."""
    formset = response.context["cl"].formset
    data = {f"{formset.prefix}-{key}": value for key, value in formset.management_form.initial.items()}
    for form in formset.forms:
        row = {name: _value(form[name].value()) for name in form.fields}
        row.update(changes.get(form.instance.pk, {}))
        data.update({f"{form.prefix}-{name}": value for name, value in row.items() if value is not None})
    return {**data, "_save": "Save"}


def history(obj):
    return HistoryEntry.objects.filter(
        content_type__model=obj._meta.model_name, object_id=str(obj.pk), action="update"
    ).order_by("pk")


def test_an_admin_edit_of_a_site_records_before_and_after_with_its_counties(login, world):
    site = world.site_a1
    old_county = site.counties.get()
    new_county = CountyFactory(name="Addedcounty", service_area=world.area_a)
    user = world.users[Role.STATEWIDE_COORDINATOR]
    client = login(user)
    url = reverse("admin:parentpartner_site_change", args=[site.pk])
    data = change_form_data(client.get(url), name="Site A1 renamed", counties=[old_county.pk, new_county.pk])
    assert client.post(url, data).status_code == 302
    entry = history(site).get()
    assert entry.user == user
    assert entry.changes == {
        "name": ["Site A1", "Site A1 renamed"],
        "counties": [str(old_county), ", ".join(sorted([str(old_county), str(new_county)]))],
    }
    site.refresh_from_db()
    assert site.version == 2  # a page opened before the admin edit is now stale


def test_a_site_created_in_the_admin_is_recorded(login, world):
    client = login(world.users[Role.SYSTEM_ADMINISTRATOR])
    county = CountyFactory(name="Newsitecounty", service_area=world.area_b)
    data = {"name": "Admin site", "service_area": world.area_b.pk, "counties": [county.pk], "is_active": "on"}
    assert client.post(reverse("admin:parentpartner_site_add"), {**data, "_save": "Save"}).status_code == 302
    site = Site.objects.get(name="Admin site")
    entry = HistoryEntry.objects.get(content_type__model="site", object_id=str(site.pk), action="create")
    assert entry.user == world.users[Role.SYSTEM_ADMINISTRATOR]
    assert entry.changes["counties"] == ["", str(county)]


def test_the_county_lists_editable_area_is_recorded_and_a_move_across_sites_refused(login, world):
    """R-ORG-1: a county moved to another area in the editable list is recorded; a county a site of
    its old area covers is not moved: the list says which site covers it."""
    free = CountyFactory(name="Freecounty", service_area=world.area_a)
    covered = world.site_a1.counties.get()
    user = world.users[Role.STATEWIDE_COORDINATOR]
    client = login(user)
    changelist = reverse("admin:parentpartner_county_changelist")
    listed = client.get(changelist, {"service_area__id__exact": world.area_a.pk})
    data = changelist_data(listed, {free.pk: {"service_area": world.area_b.pk}})
    assert client.post(changelist + f"?service_area__id__exact={world.area_a.pk}", data).status_code == 302
    free.refresh_from_db()
    assert free.service_area == world.area_b
    entry = history(free).get()
    assert (entry.user, entry.changes) == (user, {"service area": ["Area A", "Area B"]})

    listed = client.get(changelist, {"service_area__id__exact": world.area_a.pk})
    data = changelist_data(listed, {covered.pk: {"service_area": world.area_b.pk}})
    refused = client.post(changelist + f"?service_area__id__exact={world.area_a.pk}", data)
    assert refused.status_code == 200
    assert "is covered by Site A1, outside the Area B service area" in refused.content.decode()
    covered.refresh_from_db()
    assert covered.service_area == world.area_a and not history(covered).exists()


def test_a_service_area_renamed_in_the_admin_is_recorded(login, world):
    client = login(world.users[Role.SYSTEM_ADMINISTRATOR])
    url = reverse("admin:parentpartner_servicearea_change", args=[world.area_b.pk])
    assert client.post(url, change_form_data(client.get(url), name="Area B renamed")).status_code == 302
    assert ServiceArea.objects.get(pk=world.area_b.pk).name == "Area B renamed"
    assert history(world.area_b).get().changes == {"name": ["Area B", "Area B renamed"]}


def test_r_trn_1_the_training_catalogue_edited_in_the_admin_is_recorded(login, world):
    """The change form (minimum hours) and the list's editable "active" column."""
    mental_health = training(8)
    user = world.users[Role.STATEWIDE_COORDINATOR]
    client = login(user)
    url = reverse("admin:training_training_change", args=[mental_health.pk])
    assert client.post(url, change_form_data(client.get(url), minimum_hours="3.00")).status_code == 302
    entry = history(mental_health).get()
    # Only what changed: the objectives, some with commas, come back whole (one per line).
    assert entry.user == user and list(entry.changes) == ["minimum hours"]
    assert Training.objects.get(pk=mental_health.pk).objectives == mental_health.objectives
    assert any("," in objective for objective in mental_health.objectives)
    assert entry.changes["minimum hours"][1] == "3.00"

    changelist = reverse("admin:training_training_changelist")
    data = changelist_data(client.get(changelist), {mental_health.pk: {"is_active": None}})
    assert client.post(changelist, data).status_code == 302
    assert not Training.objects.get(pk=mental_health.pk).is_active
    assert history(mental_health).last().changes == {"active": ["Yes", "No"]}
    # Only the row that changed is recorded.
    assert HistoryEntry.objects.filter(content_type__model="training").count() == 2
