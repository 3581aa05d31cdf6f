"""Proof 2 (issue 8): object ids swapped in URLs and in form fields (selects, hidden fields), and extra
fields posted, change nothing outside the user's scope. Systematic over every POST page of the
permission matrix (tests/matrix/pages_*.py), as the narrowest role that may use it.

URLs: the matrix already posts to the rows of another site and another area (404, no row changed).
Here the body: each field holding an id is replaced in turn by the id of a row in another area (its
site, its Parent Partner, its row of the page's kind, a coordinator there), and fields the form does
not have are added (site, status, version, created_by, ...). Whatever the answer, the rows the user
may not see are exactly as before, and no new row appears outside their scope.
"""

import re

import pytest
from django.db import transaction
from django.urls import reverse

from parentpartner.models import Role
from tests.factories import UserFactory
from tests.proofs import FORM_PAGES, allowed_role, target_object, url_for


def outside_scope(page, user):
    """Every watched row the user may not see, as it is now (models without a scope of their own are
    covered by their parent's rows)."""
    rows = {}
    for model in page.watch:
        manager = model.objects
        if not hasattr(manager.all(), "visible_to"):
            continue
        visible = manager.all().visible_to(user).values("pk")
        rows[model.__name__] = sorted(manager.exclude(pk__in=visible).values_list(), key=repr)
    return rows


def foreign_ids(world, page):
    """Ids of rows in the other area, one per kind a form may point at."""
    other_user = UserFactory(username="coordinator-b", role=Role.SITE_COORDINATOR, sites=[world.site_b1])
    ids = {world.site_b1.pk, world.pp_b1.pk, other_user.pk}
    if page.target:
        ids.add(target_object(world, page, "other_area").pk)
    return sorted(ids)


def _is_id(value):
    return isinstance(value, int) and not isinstance(value, bool) or (isinstance(value, str) and value.isdigit())


def _post_in_savepoint(client, url, data):
    """Post and roll back, so each attempt starts from the same rows."""
    with transaction.atomic():
        response = client.post(url, data)
        transaction.set_rollback(True)
    return response


@pytest.mark.parametrize("page", FORM_PAGES, ids=lambda p: p.name)
def test_swapped_ids_in_form_fields_change_nothing_outside_scope(login, world, page):
    role = allowed_role(page)
    user = world.users[role]
    client = login(user)
    obj = target_object(world, page, "own") if page.target else None
    url = url_for(page, obj)
    data = page.post(world, obj, user)
    others = foreign_ids(world, page)
    swapped_fields = [name for name, value in data.items() if _is_id(value) or isinstance(value, list)]
    for name in swapped_fields:
        for foreign in others:
            before = outside_scope(page, user)
            with transaction.atomic():
                value = [foreign] if isinstance(data[name], list) else foreign
                response = client.post(url, {**data, name: value})
                after = outside_scope(page, user)
                transaction.set_rollback(True)
            assert response.status_code < 500, (page.name, name, foreign)
            assert after == before, (page.name, role, name, foreign)


EXTRA_FIELDS = (
    "site",
    "status",
    "created_by",
    "recorded_by",
    "raised_by",
    "submitted_by",
    "approved_by",
    "parent_partner",
    "family",
    "assignment",
    "case",
    "version",
    "id",
)


@pytest.mark.parametrize("page", FORM_PAGES, ids=lambda p: p.name)
def test_extra_fields_posted_change_nothing_outside_scope(login, world, page):
    """Fields the form does not have (site, status, created_by, ...) are ignored: the rows outside the
    user's scope are unchanged, and the page's own row ends as it does without them."""
    role = allowed_role(page)
    user = world.users[role]
    client = login(user)
    obj = target_object(world, page, "own") if page.target else None
    url = url_for(page, obj)
    data = page.post(world, obj, user)
    foreign = foreign_ids(world, page)[-1]
    on_page = set() if page.post_only else set(re.findall(r'name="([^"]+)"', client.get(url).content.decode()))
    extras = {name: foreign for name in EXTRA_FIELDS if name not in data and name not in on_page}
    extras.update(
        {
            f"{prefix}-{name}": foreign
            for name in EXTRA_FIELDS
            for prefix in _prefixes(data)
            if f"{prefix}-{name}" not in on_page
        }
    )
    if "status" in extras:
        extras["status"] = "approved"
    before = outside_scope(page, user)

    def own_row():
        if obj is None:
            return None
        fresh = type(obj).objects.filter(pk=obj.pk).values().first()
        return {key: value for key, value in (fresh or {}).items() if not key.endswith("_at")}

    with transaction.atomic():
        plain = client.post(url, data)
        plain_row = own_row()
        transaction.set_rollback(True)
    with transaction.atomic():
        response = client.post(url, {**data, **{k: v for k, v in extras.items() if k not in data}})
        extra_row = own_row()
        after = outside_scope(page, user)
        transaction.set_rollback(True)
    assert response.status_code == plain.status_code, page.name
    assert after == before, (page.name, role)
    assert extra_row == plain_row, page.name


def _prefixes(data):
    return {key.split("-")[0] for key in data if "-" in key and not key.split("-")[1].isdigit()}


def test_a_contact_line_id_of_another_areas_form_is_not_edited_or_deleted(login, world):
    """The hidden id of a formset line, swapped for a line of a form in another area: that line is
    neither changed nor deleted (the formset only reaches its own form's lines)."""
    from mentoring.models import Contact
    from tests.factories import ContactFactory
    from tests.matrix.pages_mentoring import contacts_data, draft_form_at

    mine, theirs = draft_form_at(world, "a1"), draft_form_at(world, "b1")
    foreign_line = ContactFactory(form=theirs, contacted_on=theirs.month, minutes=45)
    before = Contact.objects.filter(pk=foreign_line.pk).values().get()
    data = {
        **contacts_data(world, mine),
        "contacts-INITIAL_FORMS": "1",
        "contacts-0-id": foreign_line.pk,
        "contacts-0-minutes": "90",
    }
    client = login(world.users[Role.PARENT_PARTNER])
    for extra in ({}, {"contacts-0-DELETE": "on"}):
        response = client.post(url_for_form(mine), {**data, **extra})
        assert response.status_code < 500
        assert Contact.objects.filter(pk=foreign_line.pk).values().get() == before


def test_a_child_id_of_another_family_is_not_edited(login, world):
    from mentoring.models import Child
    from tests.factories import ChildFactory
    from tests.matrix.pages_mentoring import family_at, family_data

    mine, theirs = family_at(world, "a1"), family_at(world, "b1")
    foreign_child = ChildFactory(family=theirs, age=9)
    before = Child.objects.filter(pk=foreign_child.pk).values().get()
    data = {**family_data(world, mine), "children-INITIAL_FORMS": "1", "children-0-id": foreign_child.pk}
    response = login(world.users[Role.SITE_COORDINATOR]).post(reverse("mentoring:family-update", args=[mine.pk]), data)
    assert response.status_code < 500
    assert Child.objects.filter(pk=foreign_child.pk).values().get() == before


def url_for_form(form):
    return reverse("mentoring:activity-form-update", args=[form.pk])
