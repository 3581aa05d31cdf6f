"""What the proof tests (test_audit, test_proofs_*) share: the matrix's POST pages and, for each, the
role that may use it with the narrowest scope, so that "outside the user's scope" is as large as it
gets."""

from parentpartner.models import Role
from tests.matrix.test_permissions import PAGES, expected_status, snapshot, target_object, url_for  # noqa: F401

NARROWEST_FIRST = [
    Role.PARENT_PARTNER,
    Role.SITE_COORDINATOR,
    Role.CLINICIAN,
    Role.SERVICE_AREA_COORDINATOR,
    Role.DHS_LIAISON,
    Role.STATEWIDE_COORDINATOR,
    Role.CONTRACT_MANAGER,
    Role.SYSTEM_ADMINISTRATOR,
]

POST_PAGES = [page for page in PAGES if page.post]
EXPORT_PAGES = [page for page in POST_PAGES if page.post_status == 200]
FORM_PAGES = [page for page in POST_PAGES if page.post_status != 200]


def allowed_role(page):
    """The narrowest role that may POST to the page about its own row."""
    return next(role for role in NARROWEST_FIRST if expected_status(page, role, "own") == 200)


def own_post(world, page):
    """(user, url, valid data) of an allowed POST on the page's own row."""
    role = allowed_role(page)
    user = world.users[role]
    obj = target_object(world, page, "own") if page.target else None
    return user, url_for(page, obj), page.post(world, obj, user)
