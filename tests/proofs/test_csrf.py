"""Proof 3 (issue 8): CSRF is enforced on every state-changing URL. Every POST page of the permission
matrix, posted with valid data by a user allowed to use it but without the CSRF token, answers 403
and changes no row (the same post with the token saves: see test_permissions.test_post_matrix)."""

import pytest
from django.test import Client
from django.urls import reverse

from parentpartner.models import HistoryEntry, Role
from tests.proofs import POST_PAGES, own_post, snapshot


@pytest.mark.parametrize("page", POST_PAGES, ids=lambda p: p.name)
def test_post_without_csrf_token_is_refused_and_changes_nothing(world, page):
    user, url, data = own_post(world, page)
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    before, history = snapshot(page), HistoryEntry.objects.count()
    response = client.post(url, data)
    assert response.status_code == 403, page.name
    assert snapshot(page) == before
    assert HistoryEntry.objects.count() == history


@pytest.mark.parametrize("name", ["logout", "password_change"])
def test_account_posts_without_csrf_token_are_refused(world, name):
    user = world.users[Role.SITE_COORDINATOR]
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    data = {"old_password": "x", "new_password1": "a-long-new-passphrase-1", "new_password2": "a-long-new-passphrase-1"}
    assert client.post(reverse(name), data).status_code == 403
    assert client.get(reverse("home")).status_code == 200  # still logged in, nothing changed


def test_post_with_the_csrf_token_is_accepted(world):
    """The counterpart: the token from the page's form makes the same post go through."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users[Role.STATEWIDE_COORDINATOR])
    url = reverse("parentpartner:site-create")
    client.get(url)
    token = client.cookies["csrftoken"].value
    data = {"name": "Token site", "service_area": world.area_a.pk, "is_active": "on", "csrfmiddlewaretoken": token}
    assert client.post(url, data).status_code == 302
