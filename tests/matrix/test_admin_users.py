"""The admin's user pages in the permission matrix, for every role (issue 15): only the system
administrator manages logins there; the statewide coordinator, who enters the admin for reference
data, is refused (403); every other login is sent to the admin's login page; anonymous too. A refused
POST changes no login, files no request and writes no history."""

from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import reverse

from parentpartner.models import HistoryEntry, LoginChangeRequest, Notification, Role, User
from tests import factories as f
from tests.core.test_logins import NEW_PASSWORD, change_form
from tests.matrix import ALL_ROLES


@dataclass
class AdminPage:
    name: str
    needs_target: bool = True
    post: Any = None  # (world, target) -> form data; None: a GET-only page
    url_name: str = ""

    def url(self, target):
        name = self.url_name or self.name
        return reverse(f"admin:{name}", args=[target.pk] if self.needs_target else [])


PAGES = [
    AdminPage("parentpartner_user_changelist", needs_target=False),
    AdminPage(
        "parentpartner_user_add",
        needs_target=False,
        post=lambda world, target: {
            "username": "brandnew",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
            "role": Role.CLINICIAN,
        },
    ),
    AdminPage("parentpartner_user_change", post=lambda world, target: change_form(target, first_name="Renamed")),
    AdminPage("parentpartner_user_history"),
    AdminPage(
        "auth_user_password_change", post=lambda world, target: {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    ),
    AdminPage(
        "actions",
        needs_target=False,
        url_name="parentpartner_user_changelist",
        post=lambda world, target: {"action": "reset_two_factor", "_selected_action": [target.pk]},
    ),
]


def snapshot():
    return (
        sorted(User.objects.values_list(), key=repr),
        HistoryEntry.objects.count(),
        LoginChangeRequest.objects.count(),
        Notification.objects.count(),
    )


def expected_get(role):
    if role == Role.SYSTEM_ADMINISTRATOR:
        return 200
    return 403 if role == Role.STATEWIDE_COORDINATOR else 302


@pytest.mark.parametrize("role", [*ALL_ROLES, None], ids=lambda role: role or "anonymous")
@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
def test_admin_user_pages_for_every_role(client, world, page, role):
    target = world.users[Role.CLINICIAN]
    if role is not None:
        client.force_login(world.users[role])
    url = page.url(target)
    if page.name != "actions":
        response = client.get(url)
        expected = expected_get(role) if role is not None else 302
        assert response.status_code == expected, (page.name, role)
        if expected == 302:
            assert response.url.startswith(reverse("admin:login"))
    if page.post is None:
        return
    before = snapshot()
    response = client.post(url, page.post(world, target))
    if role == Role.SYSTEM_ADMINISTRATOR:
        assert response.status_code == 302, response.content[:3000]
        assert snapshot() != before
    else:
        assert response.status_code == (403 if role == Role.STATEWIDE_COORDINATOR else 302), (page.name, role)
        assert snapshot() == before, (page.name, role)


def test_what_the_system_administrator_sees_holds_no_case_data(client, world):
    """The README's claim: the admin shows logins and reference data; of the program's records only
    the name of the Parent Partner record a Parent Partner's login is linked to, and no page to look
    the records up. No family, case or form reaches the system administrator."""
    family = f.FamilyFactory(site=world.site_a1, parent_first_name="Zebulon", parent_last_name="Quartermain")
    client.force_login(world.users[Role.SYSTEM_ADMINISTRATOR])
    pages = [
        reverse("home"),
        reverse("admin:index"),
        reverse("admin:parentpartner_user_changelist"),
        reverse("admin:parentpartner_site_changelist"),
        reverse("admin:parentpartner_county_changelist"),
        reverse("admin:parentpartner_servicearea_changelist"),
        reverse("admin:training_training_changelist"),
        reverse("parentpartner:login-change-waiting"),
        reverse("parentpartner:notification-list"),
        *(reverse("admin:parentpartner_user_change", args=[user.pk]) for user in world.users.values()),
    ]
    for url in pages:
        page = client.get(url).content.decode()
        assert "Quartermain" not in page and family.dhs_case_number not in page, url
        assert world.pp_a2.last_name not in page, url
    linked = client.get(reverse("admin:parentpartner_user_change", args=[world.users[Role.PARENT_PARTNER].pk]))
    assert world.pp_a1.last_name in linked.content.decode()
    # No admin page lists the Parent Partner records to pick from.
    assert 'id="lookup_id_parent_partner"' not in linked.content.decode()
