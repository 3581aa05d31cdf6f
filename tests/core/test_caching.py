"""`Cache-Control: no-store` on every page the application makes (issue 15, part 7): a page with a
family's record must not stay in the browser's cache, or a proxy's, after the session ended. Proved over
every page of the permission matrix, as a role allowed to open it and as one refused, and on the
login page, a redirect and a 404; static files keep their caching."""

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from parentpartner.models import Role
from tests.matrix.test_permissions import PAGES
from tests.proofs import NARROWEST_FIRST, expected_status, target_object, url_for


def stores_nothing(response):
    directives = {part.strip() for part in response.get("Cache-Control", "").split(",")}
    return "no-store" in directives


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_every_page_of_the_matrix_is_sent_with_no_store(login, world, page):
    """As the narrowest role allowed to open the page and as the first role refused (403): both
    answers carry `no-store`, whatever their status."""
    obj = target_object(world, page, "own") if page.target else None
    url = url_for(page, obj)
    allowed = next(role for role in NARROWEST_FIRST if expected_status(page, role, "own") == 200)
    refused = next((role for role in NARROWEST_FIRST if expected_status(page, role, "own") == 403), None)
    for role in filter(None, [allowed, refused]):
        response = login(world.users[role]).get(url)
        assert response.status_code < 500, (page.name, role)
        assert stores_nothing(response), (page.name, role, response.get("Cache-Control"))


def test_login_page_redirects_and_errors_are_sent_with_no_store(client, login, world):
    assert stores_nothing(client.get(reverse("login")))
    assert stores_nothing(client.get(reverse("mentoring:family-list")))  # anonymous: to the login page
    staff = login(world.users[Role.STATEWIDE_COORDINATOR])
    missing = staff.get(reverse("mentoring:family-detail", args=[987654321]))
    assert missing.status_code == 404 and stores_nothing(missing)


def test_static_files_keep_their_caching(login, world):
    """Stylesheets and scripts hold no case data: they stay cacheable, even for a logged-in user."""
    assert finders.find("css/app.css")
    client = login(world.users[Role.SITE_COORDINATOR])
    response = client.get("/static/css/app.css")
    assert response.status_code == 200
    assert not stores_nothing(response)
    assert "max-age" in response.get("Cache-Control", "")
