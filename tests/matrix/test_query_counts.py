"""The number of queries of every page does not grow with the data (issue 9).

Every GET page of the permission matrix (tests/matrix/pages_*.py), for a login that may use it: add rows
around it and count the queries, then add more (a dozen history entries on the row itself, its own children where
it has some, and more people, families, forms, contacts and sessions in scope) and count again. The
two counts (with one and with nine of each) must be equal: a page that loads related rows one by one
(an N+1) fails here.
Savepoints are not counted: they come from the test's transaction, not from the page.
"""

import datetime
import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Model
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from mentoring.models import ActivityForm, ClinicalSupportSession, Family, SupervisionSession
from parentpartner.models import AccessLogEntry, LeadCase, Role
from tests import factories as f
from tests.matrix.test_permissions import PAGES, target_object, url_for

SAVEPOINT = re.compile(r"^(RELEASE |ROLLBACK TO )?SAVEPOINT ")
PREFERRED = [Role.STATEWIDE_COORDINATOR, Role.SITE_COORDINATOR, Role.SERVICE_AREA_COORDINATOR, Role.PARENT_PARTNER]
GET_PAGES = [page for page in PAGES if not page.post_only]


def login_for(page):
    return next((role for role in PREFERRED if role in page.roles), sorted(page.roles)[0] if page.roles else None)


def count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response.status_code, [q["sql"] for q in queries.captured_queries if not SAVEPOINT.match(q["sql"])]


def grow_children(obj, n):
    """More of the row's own children, where the page lists them."""
    if isinstance(obj, ActivityForm):
        f.ContactFactory.create_batch(n, form=obj)
    elif isinstance(obj, ClinicalSupportSession):
        obj.attendees.add(*f.ParentPartnerFactory.create_batch(n, site=obj.site))
    elif isinstance(obj, SupervisionSession):
        obj.cases.add(*[f.AssignmentFactory(parent_partner=obj.parent_partner).case for _ in range(n)])
    elif isinstance(obj, Family):
        f.ChildFactory.create_batch(n, family=obj)
    elif isinstance(obj, LeadCase):
        pass  # steps are written by the Lead case flow; covered by its history entries below
    elif obj.__class__.__name__ == "ReviewCase":
        f.CaseStepFactory.create_batch(n, case=obj)
    elif obj.__class__.__name__ == "TrainingSession":
        for partner in f.ParentPartnerFactory.create_batch(n, site=obj.site):
            f.TrainingCompletionFactory(parent_partner=partner, training=obj.training, session=obj)


def grow_scope(world, n):
    """More of everything at site a1 (in every login's scope)."""
    site = world.site_a1
    partners = f.ParentPartnerFactory.create_batch(n, site=site, current_role="pp")
    month = timezone.localdate().replace(day=1)
    for partner in partners[: max(1, n // 2)]:
        assignment = f.AssignmentFactory(case__family__site=site, parent_partner=partner)
        form = f.ActivityFormFactory(assignment=assignment, month=month)
        f.ContactFactory.create_batch(2, form=form)
        f.SupervisionSessionFactory(parent_partner=partner, held_on=month - datetime.timedelta(days=3))
    f.ClinicalSupportSessionFactory(site=site, attendees=partners)


@pytest.mark.parametrize("page", GET_PAGES, ids=lambda p: p.name)
def test_query_count_does_not_grow_with_the_data(client, world, page):
    role = login_for(page)
    if role is None:
        pytest.skip("no role uses this page")
    obj = target_object(world, page, "own") if page.target else None
    client.force_login(world.users[role])
    url = url_for(page, obj)
    grow(world, obj, 1)  # one of everything first: a list going from empty to one row may add a query
    client.get(url)  # warm the per-process caches (content types) once
    status, before = count(client, url)
    grow(world, obj, 8)
    status_after, after = count(client, url)
    assert status == status_after
    assert len(after) == len(before), "\n".join(["before:", *before, "after:", *after])


def grow(world, obj, n):
    if isinstance(obj, Model):
        kind = ContentType.objects.get_for_model(obj)
        f.HistoryEntryFactory.create_batch(n, content_type=kind, object_id=str(obj.pk), object_repr=str(obj))
        grow_children(obj, n)
    grow_scope(world, n)


def stop_every_way(world, n):
    """n Parent Partners at a1 and a2 for each way of no longer mentoring, with one or two current
    families each (R-REV-4, R-ELIG-2)."""
    from eligibility.models import Outcome
    from tests.mentoring.test_reassignments import (
        disqualified,
        family_of,
        role_ended,
        stopped_by_review,
        under_open_review,
    )

    today = timezone.localdate()
    for i in range(n):
        site = world.site_a1 if i % 2 == 0 else world.site_a2
        for partner in [
            disqualified(site, "Dina", f"Disqualified{i}"),
            role_ended(site, "Edie", f"Ended{i}", today),
            stopped_by_review(site, "Nell", f"Noteligible{i}", Outcome.NO_LONGER_ELIGIBLE, today),
            stopped_by_review(site, "Stan", f"Stopped{i}", Outcome.STOP_MENTORING, today),
            under_open_review(site, "Rhea", f"Reviewed{i}", today),
        ]:
            for j in range(1 + i % 2):
                family_of(site, partner, f"Family{i}x{j}")


@pytest.mark.parametrize(
    ("role", "url_name"),
    [
        (Role.SITE_COORDINATOR, "mentoring:worklist"),
        (Role.SERVICE_AREA_COORDINATOR, "mentoring:worklist"),
        (Role.SERVICE_AREA_COORDINATOR, "reporting:dashboard"),
        (Role.SITE_COORDINATOR, "home"),
    ],
)
def test_families_to_reassign_now_take_a_fixed_number_of_queries_r_rev_4_r_elig_2(client, world, role, url_name):
    """The urgent rows are two queries (the rows with their flags, then the review cases that stop
    mentoring) whatever their number; the home page counts them inside its one count query."""
    from django.urls import reverse

    client.force_login(world.users[role])
    url = reverse(url_name)
    stop_every_way(world, 1)
    client.get(url)
    status, before = count(client, url)
    stop_every_way(world, 6)
    status_after, after = count(client, url)
    assert status == status_after == 200
    response = client.get(url)
    if "urgent" in (response.context or {}):
        assert len(response.context["urgent"]) > 5
    assert len(after) == len(before), "\n".join(["before:", *before, "after:", *after])


def test_family_list_searched_by_dhs_number_logs_in_a_fixed_number_of_queries(client, world):
    """Issue 15: a searched family list writes one access row per family shown in ONE INSERT, so the
    page takes as many queries with nine families found as with one."""

    def families(start, n):
        for i in range(start, start + n):
            f.AssignmentFactory(case__family__site=world.site_a1, case__family__dhs_case_number=f"DHS-424{i:02}")

    client.force_login(world.users[Role.SITE_COORDINATOR])
    url = reverse("mentoring:family-list") + "?search=DHS-424"
    families(0, 1)
    client.get(url)
    status, before = count(client, url)
    families(1, 8)
    status_after, after = count(client, url)
    assert status == status_after == 200
    assert AccessLogEntry.objects.filter(path=url).count() == 1 + 1 + 9
    assert len(after) == len(before), "\n".join(["before:", *before, "after:", *after])
