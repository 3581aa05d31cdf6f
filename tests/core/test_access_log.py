"""Every page that shows a family's record is in the access log (issue 15, part 6): one row per family
shown, all in one INSERT, with the page's path; a refused opening writes nothing.

What counts as showing a family's record: a page about one family, one of its cases or one of its
forms (the family's own page and edit page, matching and closing its case, a new referral, a re-entry,
the activity form's page and edit page, a safety concern, the new-concern form opened for a case), a
supervision session's families discussed, and the family list when it is searched by a name or a DHS
case number (each family on the page of results). Browsing the list without search words, filtering
it by site or status, and pick-lists of open cases in a form are the user's caseload, not an opening
of a record, and write nothing."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from parentpartner import audit
from parentpartner.models import AccessLogEntry, Role
from tests.factories import AssignmentFactory, SupervisionSessionFactory
from tests.proofs import NARROWEST_FIRST, PAGES, expected_status, target_object, url_for

# The matrix pages about one family (or one of its cases or forms) and how to reach the family from
# the page's row: each opening writes exactly one access row for that family, with the page's path.
ONE_FAMILY_PAGES = {
    "mentoring:family-detail": lambda family: family,
    "mentoring:family-update": lambda family: family,
    "mentoring:referral-create": lambda family: family,
    "mentoring:case-match": lambda case: case.family,
    "mentoring:case-close": lambda case: case.family,
    "mentoring:activity-form-detail": lambda form: form.assignment.case.family,
    "mentoring:activity-form-update": lambda form: form.assignment.case.family,
    "mentoring:safety-concern-detail": lambda concern: concern.case.family,
    "reporting:reentry-create": lambda family: family,
}


def _matrix_page(name):
    return next(page for page in PAGES if page.name == name)


def _narrowest_viewer(page):
    return next(role for role in NARROWEST_FIRST if expected_status(page, role, "own") == 200)


def _access_rows():
    return list(AccessLogEntry.objects.order_by("pk").values_list("user", "family", "path"))


def _inserts_into_the_access_log(queries):
    table = AccessLogEntry._meta.db_table
    return [q["sql"] for q in queries.captured_queries if q["sql"].startswith(f'INSERT INTO "{table}"')]


@pytest.mark.parametrize("name", ONE_FAMILY_PAGES)
def test_every_page_about_one_family_writes_one_access_row_and_a_refused_one_none(login, world, name):
    """The family edit page, the match and close pages of its case, a new referral, a re-entry and the
    activity form being edited show the family's name and more: one row each, with the page's path. The
    same role opening the page of another area's family is refused (404) and writes nothing."""
    page = _matrix_page(name)
    role = _narrowest_viewer(page)
    user = world.users[role]
    client = login(user)
    own = target_object(world, page, "own")
    url = url_for(page, own)
    assert client.get(url).status_code == 200
    assert _access_rows() == [(user.pk, ONE_FAMILY_PAGES[name](own).pk, url)]
    other = target_object(world, page, "other_area")
    assert client.get(url_for(page, other)).status_code in (403, 404)
    assert len(_access_rows()) == 1


def _families_at(site, *numbers):
    return [AssignmentFactory(case__family__site=site, case__family__dhs_case_number=n).case.family for n in numbers]


def test_family_list_searched_by_dhs_number_logs_each_family_shown_in_one_insert(login, world):
    """Searching the list by a DHS case number (or a name) looks particular families up: one access row
    per family on the page of results, in one INSERT. Browsing without search words, or filtering by
    site, writes nothing."""
    found = _families_at(world.site_a1, "DHS-55501", "DHS-55502", "DHS-55503")
    _families_at(world.site_a1, "DHS-11111")
    hidden = _families_at(world.site_b1, "DHS-55509")  # another area: not in the coordinator's list
    user = world.users[Role.SITE_COORDINATOR]
    client = login(user)
    url = reverse("mentoring:family-list")
    assert client.get(url).status_code == 200
    assert client.get(url, {"site": world.site_a1.pk}).status_code == 200
    assert client.get(url, {"search": "   "}).status_code == 200
    assert _access_rows() == []
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, {"search": "DHS-555"})
    assert response.status_code == 200
    assert sorted(family.pk for family in response.context["object_list"]) == sorted(f.pk for f in found)
    assert sorted(_access_rows()) == sorted((user.pk, f.pk, f"{url}?search=DHS-555") for f in found)
    assert len(_inserts_into_the_access_log(queries)) == 1
    assert hidden[0].pk not in {row[1] for row in _access_rows()}


def test_family_list_searched_by_name_logs_the_family_found(login, world):
    family = _families_at(world.site_a1, "DHS-1")[0]
    user = world.users[Role.SERVICE_AREA_COORDINATOR]
    response = login(user).get(reverse("mentoring:family-list"), {"search": family.parent_last_name})
    shown = {f.pk for f in response.context["object_list"]}
    assert family.pk in shown
    assert {row[1] for row in _access_rows()} == shown


def _session_with_families(world, count):
    session = SupervisionSessionFactory(parent_partner=world.pp_a1)
    cases = [AssignmentFactory(parent_partner=world.pp_a1, case__family__site=world.site_a1).case for _ in range(count)]
    session.cases.add(*cases)
    return session, [case.family for case in cases]


@pytest.mark.parametrize("name", ["mentoring:supervision-detail", "mentoring:supervision-update"])
def test_supervision_pages_log_every_family_discussed_in_one_insert_r_sup_1(login, world, name):
    """R-SUP-1: the weekly supervision session lists the families discussed (names, DHS case numbers):
    one row per family, one INSERT; another area's session is refused and writes nothing."""
    session, families = _session_with_families(world, 3)
    user = world.users[Role.SITE_COORDINATOR]
    client = login(user)
    url = reverse(name, args=[session.pk])
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert sorted(_access_rows()) == sorted((user.pk, family.pk, url) for family in families)
    assert len(_inserts_into_the_access_log(queries)) == 1
    other = SupervisionSessionFactory(parent_partner=world.pp_b1)
    assert client.get(reverse(name, args=[other.pk])).status_code == 404
    assert len(_access_rows()) == 3


def test_new_safety_concern_form_for_a_case_logs_its_family_r_safe_1(login, world):
    """R-SAFE-1: the form opened from a family's page (`?case=`) names the family: one row. A case out
    of the user's scope, or a malformed number, opens an empty form and writes nothing."""
    mine = AssignmentFactory(parent_partner=world.pp_a1, case__family__site=world.site_a1).case
    other_area = AssignmentFactory(case__family__site=world.site_b1).case
    user = world.users[Role.PARENT_PARTNER]
    client = login(user)
    url = reverse("mentoring:safety-concern-create")
    for case in (other_area.pk, "²", "١٢", ""):
        assert client.get(url, {"case": case}).status_code == 200
    assert _access_rows() == []
    assert client.get(url, {"case": mine.pk}).status_code == 200
    assert _access_rows() == [(user.pk, mine.family.pk, f"{url}?case={mine.pk}")]


def test_record_access_writes_many_families_in_one_insert_and_each_once(rf, world):
    families = [AssignmentFactory().case.family for _ in range(4)]
    request = rf.get("/mentoring/families/?search=x")
    request.user = world.users[Role.STATEWIDE_COORDINATOR]
    with CaptureQueriesContext(connection) as queries:
        audit.record_access(request, [*families, families[0], None])
    assert len(queries.captured_queries) == 1
    assert sorted(row[1] for row in _access_rows()) == sorted(f.pk for f in families)
    with CaptureQueriesContext(connection) as queries:
        audit.record_access(request, [])
        audit.record_access(request, None)
    assert queries.captured_queries == []
