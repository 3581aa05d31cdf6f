"""Every URL x every role x scope: out of scope 404, wrong role 403, anonymous to the login page,
and a refused POST changes no row.

The expectations below are the specification, written independently of parentpartner.access:
a new view must be added to PAGES or `test_every_url_is_in_the_matrix` fails.
"""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from parentpartner.models import ParentPartner, Role, Site

STATE = {Role.STATEWIDE_COORDINATOR, Role.CONTRACT_MANAGER}
AREA = {Role.SERVICE_AREA_COORDINATOR, Role.DHS_LIAISON}
SITE = {Role.SITE_COORDINATOR, Role.CLINICIAN}
STAFF = STATE | AREA | SITE
ALL_ROLES = list(Role)

# Which of the three targets (a row at the user's own site a1, at a2 in the same area, at b1 in
# another area) each role's scope reaches.
IN_SCOPE = {
    **{role: {"own", "same_area", "other_area"} for role in STATE},
    **{role: {"own", "same_area"} for role in AREA},
    **{role: {"own"} for role in SITE},
    Role.PARENT_PARTNER: {"own"},
    Role.SYSTEM_ADMINISTRATOR: set(),
}
TARGETS = {"own": "a1", "same_area": "a2", "other_area": "b1"}


def site_data(world, site):
    return {
        "name": f"{site.name} renamed",
        "service_area": site.service_area_id,
        "counties": list(site.counties.values_list("pk", flat=True)),
        "is_active": "on",
        "version": site.version,
    }


def partner_data(world, partner):
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


def new_site_data(world, _):
    return {"name": "Brand new site", "service_area": world.area_a.pk, "is_active": "on"}


def new_partner_data(world, _):
    return {
        **partner_data(world, world.pp_a1),
        "first_name": "Newly",
        "last_name": "Enrolled",
        "role": "ppit",
        "role_started_on": "2026-01-05",
    }


@dataclass
class Page:
    name: str
    roles: set  # the roles that may use the page
    kind: str | None = None  # "site" or "partner": the page is about one row
    post: Callable | None = None  # valid form data, for the POST half of the matrix


PAGES = [
    Page("home", set(ALL_ROLES)),
    Page("parentpartner:site-list", STAFF),
    Page("parentpartner:site-create", {Role.STATEWIDE_COORDINATOR}, post=new_site_data),
    Page("parentpartner:site-detail", STAFF, "site"),
    Page("parentpartner:site-update", {Role.STATEWIDE_COORDINATOR, Role.SERVICE_AREA_COORDINATOR}, "site", site_data),
    Page("parentpartner:parent-partner-list", STAFF),
    Page(
        "parentpartner:parent-partner-create",
        {Role.SITE_COORDINATOR, Role.SERVICE_AREA_COORDINATOR, Role.STATEWIDE_COORDINATOR},
        post=new_partner_data,
    ),
    Page("parentpartner:parent-partner-detail", STAFF | {Role.PARENT_PARTNER}, "partner"),
    Page(
        "parentpartner:parent-partner-update",
        {Role.SITE_COORDINATOR, Role.SERVICE_AREA_COORDINATOR, Role.STATEWIDE_COORDINATOR},
        "partner",
        partner_data,
    ),
]
# Pages with their own tests below (my-profile) or that every visitor may open (the auth pages).
OTHER_URL_NAMES = {
    "parentpartner:my-profile",
    "login",
    "logout",
    "password_change",
    "password_change_done",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
}


def target_object(world, page, target):
    suffix = TARGETS[target]
    return getattr(world, f"site_{suffix}") if page.kind == "site" else getattr(world, f"pp_{suffix}")


def url_for(page, obj):
    return reverse(page.name, args=[obj.pk]) if obj is not None else reverse(page.name)


def expected_status(page, role, target):
    if role not in page.roles:
        return 403
    if page.kind is None or target in IN_SCOPE[role]:
        return 200
    return 404


def _names(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}"


def test_every_url_is_in_the_matrix():
    covered = {page.name for page in PAGES} | OTHER_URL_NAMES
    assert set(_names(get_resolver().url_patterns)) == covered


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_anonymous_is_sent_to_login(client, world, page):
    obj = target_object(world, page, "own") if page.kind else None
    response = client.get(url_for(page, obj))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("role", ALL_ROLES)
@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_get_matrix(login, world, page, role):
    client = login(world.users[role])
    targets = TARGETS if page.kind else ["own"]
    for target in targets:
        obj = target_object(world, page, target) if page.kind else None
        response = client.get(url_for(page, obj))
        assert response.status_code == expected_status(page, role, target), (page.name, role, target)


def snapshot(world):
    return (
        sorted(Site.objects.values_list("pk", "name", "version")),
        sorted(ParentPartner.objects.values_list("pk", "first_name", "last_name", "version")),
    )


@pytest.mark.parametrize("role", ALL_ROLES)
@pytest.mark.parametrize("page", [p for p in PAGES if p.post], ids=lambda p: p.name)
def test_post_matrix(login, world, page, role):
    """A refused POST changes no row; an allowed one saves and redirects."""
    client = login(world.users[role])
    targets = TARGETS if page.kind else ["own"]
    for target in targets:
        obj = target_object(world, page, target) if page.kind else None
        before = snapshot(world)
        response = client.post(url_for(page, obj), page.post(world, obj))
        status = expected_status(page, role, target)
        if status == 200:
            assert response.status_code == 302, (page.name, role, target, response.content[:2000])
            assert snapshot(world) != before
        else:
            assert response.status_code == status, (page.name, role, target)
            assert snapshot(world) == before, (page.name, role, target)


def test_my_profile_sends_a_parent_partner_to_their_own_record(login, world):
    response = login(world.users[Role.PARENT_PARTNER]).get(reverse("parentpartner:my-profile"))
    assert response.status_code == 302
    assert response.url == world.pp_a1.get_absolute_url()


@pytest.mark.parametrize("role", [r for r in ALL_ROLES if r != Role.PARENT_PARTNER])
def test_my_profile_is_only_for_parent_partners(login, world, role):
    assert login(world.users[role]).get(reverse("parentpartner:my-profile")).status_code == 403


@pytest.mark.parametrize("role", ALL_ROLES)
def test_admin_only_for_system_administrator_and_statewide_coordinator(login, world, role):
    client = login(world.users[role])
    index = client.get(reverse("admin:index"))
    counties = client.get(reverse("admin:parentpartner_county_changelist"))
    users = client.get(reverse("admin:parentpartner_user_changelist"))
    if role in (Role.SYSTEM_ADMINISTRATOR, Role.STATEWIDE_COORDINATOR):
        assert index.status_code == 200
        assert counties.status_code == 200
        assert users.status_code == (200 if role == Role.SYSTEM_ADMINISTRATOR else 403)
    else:
        # Django's admin sends non-staff to its own login page.
        assert index.status_code == 302
        assert counties.status_code == 302


def test_admin_does_not_offer_case_records(login, world):
    response = login(world.users[Role.SYSTEM_ADMINISTRATOR]).get(reverse("admin:index"))
    assert b"Parent partners" not in response.content
    assert b"Counties" in response.content


@pytest.mark.parametrize("name", ["login", "password_reset", "password_reset_done", "password_reset_complete"])
def test_public_auth_pages_open_without_login(client, db, name):
    assert client.get(reverse(name)).status_code == 200


@pytest.mark.parametrize("name", ["password_change", "password_change_done"])
def test_password_change_needs_login(client, world, name):
    assert client.get(reverse(name)).status_code == 302
    client.force_login(world.users[Role.CLINICIAN])
    assert client.get(reverse(name)).status_code == 200


def test_logout_is_post_only_and_ends_the_session(client, world):
    client.force_login(world.users[Role.CLINICIAN])
    assert client.get(reverse("logout")).status_code == 405
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("home")).status_code == 302
