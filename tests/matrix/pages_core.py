"""The core's pages in the permission matrix (see tests/matrix/test_permissions.py)."""

from django.utils import timezone

from parentpartner.dates import anniversary
from parentpartner.models import LoginChangeRequest, Role, User
from parentpartner.services import logins
from tests import factories as f
from tests.matrix import ALL_ROLES, COORDINATORS, STAFF, Page, partner_at, site_at


def site_data(world, site, *_):
    return {
        "name": f"{site.name} renamed",
        "service_area": site.service_area_id,
        "counties": list(site.counties.values_list("pk", flat=True)),
        "is_active": "on",
        "version": site.version,
    }


def partner_data(world, partner, *_):
    return {
        "first_name": "Renamed",
        "last_name": partner.last_name,
        "email": partner.email,
        "lived_experience": partner.lived_experience,
        "county": partner.county_id,
        "site": partner.site_id,
        "languages": ["en"],
        "permanency_type": partner.permanency_type,
        "permanency_date": partner.permanency_date.isoformat(),
        "status": partner.status,
        "version": partner.version,
    }


def new_site_data(world, *_):
    return {"name": "Brand new site", "service_area": world.area_a.pk, "is_active": "on"}


def new_partner_data(world, *_):
    return {
        **partner_data(world, world.pp_a1),
        "first_name": "Newly",
        "last_name": "Enrolled",
        "email": "newly.enrolled@example.org",
        "phone": "",
        "date_of_birth": "1990-04-02",
        # Reunified a year ago: past the six months a Parent Partner in Training needs (R-ROLE-2).
        "permanency_date": anniversary(timezone.localdate(), years=-1).isoformat(),
        "role_started_on": timezone.localdate().isoformat(),
    }


def paper_partner_data(world, *_):
    return {
        **new_partner_data(world),
        "first_name": "Paper",
        "last_name": "Roster",
        "email": "paper.roster@example.org",
        "role": "pp",
        "permanency_date": "2020-01-15",
        "role_started_on": "2023-03-01",
        "approved_on": "2023-02-20",
        "approved_by_name": "The contract manager of the time",
        "paper_notes": "Roster binder, Des Moines office",
    }


def login_change_at(world, suffix):
    """A waiting request, filed by another system administrator, to make a coordinator of the site
    the service area coordinator of its area: the statewide coordinator confirms it."""
    site = site_at(world, suffix)
    other_admin, _ = User.objects.get_or_create(username="sysadmin2", defaults={"role": Role.SYSTEM_ADMINISTRATOR})
    coordinator = f.UserFactory(role=Role.SITE_COORDINATOR, sites=[site])
    wanted = {"role": Role.SERVICE_AREA_COORDINATOR, "service_area": site.service_area_id}
    return logins.change_login(other_admin, coordinator, wanted)


PAGES = [
    Page("home", set(ALL_ROLES)),
    Page("parentpartner:site-list", STAFF),
    Page("parentpartner:site-create", {Role.STATEWIDE_COORDINATOR}, post=new_site_data),
    Page("parentpartner:site-detail", STAFF, site_at),
    Page("parentpartner:site-update", {Role.STATEWIDE_COORDINATOR, Role.SERVICE_AREA_COORDINATOR}, site_at, site_data),
    Page("parentpartner:parent-partner-list", STAFF),
    Page("parentpartner:parent-partner-create", COORDINATORS, post=new_partner_data),
    Page("parentpartner:parent-partner-record-from-paper", {Role.STATEWIDE_COORDINATOR}, post=paper_partner_data),
    Page("parentpartner:parent-partner-detail", STAFF | {Role.PARENT_PARTNER}, partner_at),
    Page("parentpartner:parent-partner-update", COORDINATORS, partner_at, partner_data),
    Page("parentpartner:access-log", {Role.STATEWIDE_COORDINATOR, Role.SERVICE_AREA_COORDINATOR}),
    Page("parentpartner:export-log", {Role.STATEWIDE_COORDINATOR}),
    # Four eyes on logins (tests/core/test_logins.py has the rules): the system administrator files,
    # the statewide coordinator confirms staff logins; only those two see the waiting requests.
    Page("parentpartner:login-change-waiting", {Role.SYSTEM_ADMINISTRATOR, Role.STATEWIDE_COORDINATOR}),
    Page(
        "parentpartner:login-change-decide",
        {Role.SYSTEM_ADMINISTRATOR, Role.STATEWIDE_COORDINATOR},
        login_change_at,
        lambda *_: {"decision": "confirm"},
        watch=(LoginChangeRequest, User),
        post_only=True,
    ),
    Page("parentpartner:login-change-history", {Role.STATEWIDE_COORDINATOR}),
    Page("parentpartner:notification-list", set(ALL_ROLES)),
    # Two-step login (tests/core/test_two_factor.py has the flow): every login enrols and sees its codes.
    # Enrolment is one of the pages open before the second step (two_factor.OPEN_BEFORE_VERIFICATION).
    Page("parentpartner:two-factor-enrol", set(ALL_ROLES)),
    Page("parentpartner:two-factor-backup-codes", set(ALL_ROLES)),
]
# Pages with their own tests below (my-profile) or that every visitor may open (the auth pages).
OTHER_URL_NAMES = {
    "parentpartner:my-profile",
    # Open before the second step; redirects once verified or when not enrolled: tests/core/test_two_factor.py.
    "parentpartner:two-factor-verify",
    "login",
    "logout",
    "password_change",
    "password_change_done",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
}
