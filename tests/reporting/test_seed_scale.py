"""seed_scale (issue 9) at a tiny scale: every constraint holds (the database would refuse otherwise),
the rows are consistent with each other, and the benchmark's pages render on them."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from bench.pages import PAGES
from mentoring.models import ActivityForm, Contact, Family
from parentpartner.models import ParentPartner, User
from parentpartner.services import door


@pytest.fixture
def scale_data(db):
    call_command("seed_scale", scale=0.02, years=3, audit_months=1, no_analyze=True, verbosity=0)


def scalar(sql, params=None):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


def test_seed_scale_builds_consistent_rows(scale_data):
    assert Family.objects.count() >= 20
    assert ActivityForm.objects.count() > Family.objects.count()
    assert Contact.objects.count() >= 4 * ActivityForm.objects.count()
    # Every form's month lies within its assignment, every contact within its form's month and assignment.
    # Today is the program's (Python's clock, local time), not PostgreSQL's current_date (UTC, and not moved
    # by TEST_TODAY).
    today = {"today": timezone.localdate()}
    assert not scalar(
        """SELECT count(*) FROM mentoring_activityform f JOIN mentoring_assignment a ON a.id = f.assignment_id
           WHERE f.month < date_trunc('month', a.assigned_on) OR f.month > COALESCE(a.ended_on, %(today)s)""",
        today,
    )
    assert not scalar(
        """SELECT count(*) FROM mentoring_contact c JOIN mentoring_activityform f ON f.id = c.form_id
           JOIN mentoring_assignment a ON a.id = f.assignment_id
           WHERE c.contacted_on < GREATEST(f.month, a.assigned_on) OR c.contacted_on >= f.month + interval '1 month'
              OR c.contacted_on > COALESCE(a.ended_on, %(today)s)""",
        today,
    )
    # The current role is the open row of the role history; one open assignment per open case.
    assert not scalar(
        """SELECT count(*) FROM parentpartner_parentpartner p LEFT JOIN parentpartner_roleassignment r
           ON r.parent_partner_id = p.id AND r.ended_on IS NULL
           WHERE p.status <> 'inactive' AND (r.id IS NULL OR r.role <> p.current_role)"""
    )
    assert not scalar(
        """SELECT count(*) FROM mentoring_case k WHERE k.status = 'active' AND NOT EXISTS
           (SELECT 1 FROM mentoring_assignment a WHERE a.case_id = k.id AND a.ended_on IS NULL)"""
    )
    # R-FAM-3: the first contact is the earliest contact on the assignment's forms, as the app keeps it.
    assert not scalar(
        """SELECT count(*) FROM mentoring_assignment a JOIN (SELECT f.assignment_id, MIN(c.contacted_on) AS first
           FROM mentoring_activityform f JOIN mentoring_contact c ON c.form_id = f.id GROUP BY 1) m
           ON m.assignment_id = a.id WHERE a.first_contact_on IS DISTINCT FROM m.first"""
    )
    # Sequences were moved past the copied ids: the application can add rows.
    with door._opened():
        ParentPartner.objects.create(
            **{f: getattr(ParentPartner.objects.first(), f) for f in ("first_name", "last_name", "permanency_date")},
            county_id=ParentPartner.objects.first().county_id,
            site_id=ParentPartner.objects.first().site_id,
            current_role="ppit",
            permanency_type="reunified",
        )


def test_seed_scale_builds_reporting_and_log_rows(scale_data):
    """Issue 7/8 data: meetings of every kind with attendees, re-entries within 12 months of a
    reunification (about 8%), access and export log rows."""
    from parentpartner.models import AccessLogEntry, ExportLog
    from reporting.models import Meeting, MeetingKind, Reentry

    kinds = set(Meeting.objects.values_list("kind", flat=True))
    assert kinds == set(MeetingKind.values)
    assert not Meeting.objects.filter(attendees__isnull=True).exists()
    # Each site coordinator supervised about every two weeks: many more than an area's steering committees.
    steering_per_area = Meeting.objects.filter(kind="steering").count() / 5  # the five service areas
    per_coordinator = Meeting.objects.filter(kind="supervision").values("coordinator").annotate(n=Count("pk"))
    assert per_coordinator and all(row["n"] > 5 * steering_per_area for row in per_coordinator)
    reentries = Reentry.objects.count()
    reunified = scalar("SELECT count(*) FROM mentoring_case WHERE outcome = 'reunified'")
    assert 0 < reentries <= 0.2 * reunified
    # Each re-entry follows a reunification of its family by at most 12 months.
    assert not scalar(
        """SELECT count(*) FROM reporting_reentry r WHERE NOT EXISTS (SELECT 1 FROM mentoring_case k
           WHERE k.family_id = r.family_id AND k.outcome = 'reunified'
             AND r.reentered_on > k.closed_on AND r.reentered_on <= k.closed_on + interval '12 months')"""
    )
    assert AccessLogEntry.objects.exists()
    assert ExportLog.objects.filter(what="mentoring:pay-report-xlsx").exists()


def test_seed_scale_refuses_a_filled_database(scale_data):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("seed_scale", scale=0.02, verbosity=0)


def test_benchmark_pages_render_on_scale_data(scale_data, client):
    """Every GET page of the benchmark answers as the benchmark expects, for every login it names."""
    for page in PAGES:
        if page.method != "GET":
            continue
        for username in page.roles:
            user = User.objects.get(username=username)
            client.force_login(user)
            url = reverse(page.name, args=page.args(user) if page.args else None)
            params = page.params(user) if callable(page.params) else page.params
            response = client.get(url, params or {})
            assert response.status_code in page.expect, (page.key, username, response.status_code)
