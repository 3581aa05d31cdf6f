import os

import pytest

from parentpartner.models import Role
from tests.factories import ParentPartnerFactory, ServiceAreaFactory, SiteFactory, UserFactory

# Playwright's sync API runs an event loop in the test thread; Django's ORM would refuse to run there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


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
    that follow."""
    from mentoring.models import StateHoliday
    from mentoring.workdays import iowa_state_holidays
    from parentpartner.data import iowa_counties
    from parentpartner.models import County, ServiceArea
    from training import catalogue_data
    from training.models import ShadowingItem, Training

    if not County.objects.exists():
        iowa_counties.load(ServiceArea, County)
    if not Training.objects.exists():
        catalogue_data.load(Training, ShadowingItem)
    if not StateHoliday.objects.exists():
        StateHoliday.objects.bulk_create(
            StateHoliday(date=date, name=name) for year in range(2020, 2041) for date, name in iowa_state_holidays(year)
        )


@pytest.fixture(autouse=True)
def _reference_data(request):
    marker = request.node.get_closest_marker("django_db")
    fixtures = set(request.fixturenames)
    if not marker and not fixtures & {"db", "transactional_db", "live_server"}:
        return
    transactional = "live_server" in fixtures or "transactional_db" in fixtures
    transactional = transactional or bool(marker and marker.kwargs.get("transaction"))
    request.getfixturevalue("transactional_db" if transactional else "db")
    ensure_reference_data()


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
