import datetime
import functools
import os
import zoneinfo

import pytest
import time_machine
from django.conf import settings

from parentpartner.models import Role
from tests.factories import ParentPartnerFactory, ServiceAreaFactory, SiteFactory, UserFactory

# Playwright's sync API runs an event loop in the test thread; Django's ORM would refuse to run there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def test_today_travel(value):
    """The clock of a run under `TEST_TODAY` (see README, "Tests on awkward dates").

    `TEST_TODAY=2028-02-29` puts the whole run on that day at 21:00 in the program's time zone
    (America/Chicago), when the UTC date is already the next day, so a test or a page that takes "today"
    from UTC instead of local time fails too. `TEST_TODAY=2028-02-29T09:30` picks the hour. The clock
    ticks on from there (sessions, lockouts and one-time codes measure real seconds)."""
    local = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    moment = datetime.datetime.fromisoformat(value)
    if len(value) == len("2028-02-29"):
        moment = moment.replace(hour=21)
    return time_machine.travel(moment.replace(tzinfo=local), tick=True)


# Started here, when pytest loads this file and before it imports any test module: the modules' own
# `TODAY = timezone.localdate()` must already see the travelled day. PostgreSQL's now() is not moved;
# the application takes every date from Python, none from the database (grep for now() / CURRENT_DATE).
_travel = test_today_travel(os.environ["TEST_TODAY"]) if os.environ.get("TEST_TODAY") else None
if _travel:
    _travel.start()


def pytest_report_header(config):
    if _travel:
        return f"TEST_TODAY: the clock starts at {datetime.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}"


def pytest_unconfigure(config):
    if _travel:
        _travel.stop()


class World:
    """Two service areas; area A has sites a1 and a2, area B has b1. One Parent Partner per site, and
    one login per role scoped to site a1 / area A (the state roles see everything)."""

    def __init__(self):
        self.area_a = ServiceAreaFactory(name="Area A")
        self.area_b = ServiceAreaFactory(name="Area B")
        self.site_a1 = SiteFactory(name="Site A1", service_area=self.area_a)
        self.site_a2 = SiteFactory(name="Site A2", service_area=self.area_a)
        self.site_b1 = SiteFactory(name="Site B1", service_area=self.area_b)
        self.pp_a1 = ParentPartnerFactory(site=self.site_a1, first_name="Ada", last_name="Alpha")
        self.pp_a2 = ParentPartnerFactory(site=self.site_a2, first_name="Bea", last_name="Beta")
        self.pp_b1 = ParentPartnerFactory(site=self.site_b1, first_name="Cy", last_name="Gamma")
        self.users = {
            Role.SITE_COORDINATOR: UserFactory(
                username="coordinator", role=Role.SITE_COORDINATOR, sites=[self.site_a1]
            ),
            Role.CLINICIAN: UserFactory(username="clinician", role=Role.CLINICIAN, sites=[self.site_a1]),
            Role.SERVICE_AREA_COORDINATOR: UserFactory(
                username="sac", role=Role.SERVICE_AREA_COORDINATOR, service_area=self.area_a
            ),
            Role.DHS_LIAISON: UserFactory(username="liaison", role=Role.DHS_LIAISON, service_area=self.area_a),
            Role.STATEWIDE_COORDINATOR: UserFactory(username="statewide", role=Role.STATEWIDE_COORDINATOR),
            Role.CONTRACT_MANAGER: UserFactory(username="contractmanager", role=Role.CONTRACT_MANAGER),
            Role.PARENT_PARTNER: UserFactory(username="pp", role=Role.PARENT_PARTNER, parent_partner=self.pp_a1),
            Role.SYSTEM_ADMINISTRATOR: UserFactory(username="sysadmin", role=Role.SYSTEM_ADMINISTRATOR),
        }


def ensure_reference_data():
    """The rows the migrations load (counties, the training catalogue, Iowa's state holidays). A test
    that ran against the live server or in a transaction flushed them; put them back for the tests
    that follow. True when they were all there already."""
    from mentoring.models import StateHoliday
    from mentoring.services.workdays import iowa_state_holidays
    from parentpartner.data import iowa_counties
    from parentpartner.models import County, ServiceArea
    from training.data import catalogue as catalogue_data
    from training.models import ShadowingItem, Training

    present = True
    if not County.objects.exists():
        present = False
        iowa_counties.load(ServiceArea, County)
    if not Training.objects.exists():
        present = False
        catalogue_data.load(Training, ShadowingItem)
    if not StateHoliday.objects.exists():
        present = False
        StateHoliday.objects.bulk_create(
            StateHoliday(date=date, name=name) for year in range(2020, 2041) for date, name in iowa_state_holidays(year)
        )
    return present


# True once a test in a transaction found the reference data committed in this process's test database
# (one per xdist worker): the tests in a transaction that follow need not look again, since each leaves
# the database as it found it. A test that commits (transactional_db, live_server) ends with a flush that
# empties every table; the data is put back, committed, right after it (pytest_runtest_teardown below).
_reference_data_checked = False
_RELOAD_AFTER_FLUSH = pytest.StashKey()


@pytest.fixture(autouse=True)
def _reference_data(request, django_db_blocker):
    global _reference_data_checked
    marker = request.node.get_closest_marker("django_db")
    fixtures = set(request.fixturenames)
    if not marker and not fixtures & {"db", "transactional_db", "live_server"}:
        return
    transactional = "live_server" in fixtures or "transactional_db" in fixtures
    transactional = transactional or bool(marker and marker.kwargs.get("transaction"))
    if not transactional and not _reference_data_checked:
        # First put back (committed, before the test's transaction begins) what a flush took, e.g. at the
        # end of the previous run on a database kept with --reuse-db.
        request.getfixturevalue("django_db_setup")
        from django.db import connection

        if not connection.in_atomic_block:
            with django_db_blocker.unblock():
                ensure_reference_data()
    request.getfixturevalue("transactional_db" if transactional else "db")
    if transactional:
        ensure_reference_data()
        _reference_data_checked = False
        request.node.stash[_RELOAD_AFTER_FLUSH] = django_db_blocker
    elif not _reference_data_checked:
        # Loaded here, it is in this test's transaction only, and the next test looks again.
        _reference_data_checked = ensure_reference_data()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    result = yield
    blocker = item.stash.get(_RELOAD_AFTER_FLUSH, None)
    if blocker is not None and nextitem is not None:
        with blocker.unblock():
            ensure_reference_data()
    return result


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django's test database, then, before it drops it at the end of the run, an end to any other
    connection to it: a live-server request thread of the last browser test can still hold one (seen
    under pytest-xdist: "database test_..._gw0 is being accessed by other users"). The database is
    this process's own (one per xdist worker), so no one else's connection is cut."""
    yield
    from django.db import connection

    # A fresh connection: this process's own may have been cut by a test that takes the database away
    # (tests/core/test_outage.py ends every connection to it).
    connection.close()
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


def _content_types_warmed(assert_queries):
    """The query-count fixtures, counting as a long-running process does: Django caches each content type
    the first time a process looks it up, so a history or audit panel's count must not depend on which
    tests ran before in the same process (with pytest-xdist, the order and the company differ per
    worker: a test that happened to run first in its process counted one query more)."""

    @functools.wraps(assert_queries)
    def counting(*args, **kwargs):
        from django.apps import apps
        from django.contrib.contenttypes.models import ContentType

        ContentType.objects.get_for_models(*apps.get_models())
        return assert_queries(*args, **kwargs)

    return counting


@pytest.fixture
def django_assert_num_queries(django_assert_num_queries):
    return _content_types_warmed(django_assert_num_queries)


@pytest.fixture
def django_assert_max_num_queries(django_assert_max_num_queries):
    return _content_types_warmed(django_assert_max_num_queries)


@pytest.fixture
def clock_on(time_machine):
    """Puts the clock on a given day at noon in the program's time zone, for the rare test that needs a
    kind of day (one with a tomorrow in the same month); the clock ticks on and is restored after."""

    def _clock_on(day):
        time_machine.move_to(datetime.datetime.combine(day, datetime.time(12), zoneinfo.ZoneInfo(settings.TIME_ZONE)))

    return _clock_on


@pytest.fixture
def world(db):
    return World()


@pytest.fixture
def login(client):
    def _login(user):
        client.force_login(user)
        return client

    return _login


CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium (`playwright install` cannot download here), quiet on a closed network."""
    return {
        **browser_type_launch_args,
        "executable_path": os.environ.get("CHROMIUM", "/usr/bin/chromium"),
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session")
def base_url(live_server):
    return live_server.url
