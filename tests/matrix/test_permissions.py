"""Every URL x every role x scope: out of scope 404, wrong role 403, anonymous to the login page,
and a refused POST changes no row.

The expectations below are the specification, written independently of parentpartner.access:
a new view must be added to PAGES or `test_every_url_is_in_the_matrix` fails.
"""

import importlib

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from parentpartner.models import Role
from tests.matrix import ALL_ROLES, IN_SCOPE, TARGETS
from tests.matrix.pages_core import OTHER_URL_NAMES

# Each app lists its pages in tests/pages_<app>.py.
PAGE_MODULES = [
    "core",
    "training",
    "eligibility",
    "mentoring",
    "reporting",
    "mentoring_support",
    "roles",
    "reporting_dashboards",
]
PAGES = [page for name in PAGE_MODULES for page in importlib.import_module(f"tests.matrix.pages_{name}").PAGES]


def target_object(world, page, target):
    return page.target(world, TARGETS[target])


def url_for(page, obj):
    return reverse(page.name, args=page.args(obj)) if obj is not None else reverse(page.name)


def expected_status(page, role, target):
    if role not in page.roles:
        return 403
    if page.target is None or page.unscoped:
        return 200
    if role in page.own_only:
        return 200 if target == "own" else 404
    return 200 if target in IN_SCOPE[role] else 404


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
    obj = target_object(world, page, "own") if page.target else None
    response = client.get(url_for(page, obj))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("role", ALL_ROLES)
@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_get_matrix(login, world, page, role):
    """R-ORG-1..3: a site coordinator and a clinician reach their sites, a service area coordinator and
    a DHS liaison their area, the statewide coordinator and the contract manager the whole state."""
    client = login(world.users[role])
    targets = TARGETS if page.target else ["own"]
    for target in targets:
        obj = target_object(world, page, target) if page.target else None
        response = client.get(url_for(page, obj))
        expected = expected_status(page, role, target)
        if page.post_only and expected in (200, 404):
            # The method is refused before any lookup, so a GET says nothing about whether the row exists.
            expected = 405
        assert response.status_code == expected, (page.name, role, target)


def snapshot(page):
    return [sorted(model.objects.values_list(), key=repr) for model in page.watch]


@pytest.mark.parametrize("role", ALL_ROLES)
@pytest.mark.parametrize("page", [p for p in PAGES if p.post], ids=lambda p: p.name)
def test_post_matrix(login, world, page, role):
    """A refused POST changes no row; an allowed one saves and redirects."""
    client = login(world.users[role])
    targets = TARGETS if page.target else ["own"]
    for target in targets:
        obj = target_object(world, page, target) if page.target else None
        before = snapshot(page)
        response = client.post(url_for(page, obj), page.post(world, obj, world.users[role]))
        status = expected_status(page, role, target)
        if status == 200:
            assert response.status_code == page.post_status, (page.name, role, target, response.content[:2000])
            assert snapshot(page) != before
        else:
            assert response.status_code == status, (page.name, role, target)
            assert snapshot(page) == before, (page.name, role, target)


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


def test_password_reset_mails_a_link_that_sets_a_new_password(client, world, mailoutbox):
    user = world.users[Role.CLINICIAN]
    user.email = "clinician@example.org"
    user.save()
    client.post(reverse("password_reset"), {"email": "clinician@example.org"})
    assert len(mailoutbox) == 1
    link = next(line for line in mailoutbox[0].body.splitlines() if "/accounts/reset/" in line).strip()
    form_page = client.get(link, follow=True)
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a-fresh-long-passphrase-77", "new_password2": "a-fresh-long-passphrase-77"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("a-fresh-long-passphrase-77")
