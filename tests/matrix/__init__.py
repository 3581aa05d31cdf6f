"""The permission matrix's vocabulary, shared by every app's page list (tests/matrix/pages_*.py).

The expectations are the specification, written independently of parentpartner.access.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from parentpartner.models import ParentPartner, Role, Site

STATE = {Role.STATEWIDE_COORDINATOR, Role.CONTRACT_MANAGER}
AREA = {Role.SERVICE_AREA_COORDINATOR, Role.DHS_LIAISON}
SITE = {Role.SITE_COORDINATOR, Role.CLINICIAN}
STAFF = STATE | AREA | SITE
COORDINATORS = {Role.SITE_COORDINATOR, Role.SERVICE_AREA_COORDINATOR, Role.STATEWIDE_COORDINATOR}
ALL_ROLES = list(Role)

# Which of the three targets (a row about the user's own site a1 and its Parent Partner, a row at a2
# in the same area, a row at b1 in another area) each role's scope reaches. The Parent Partner login
# of the world is the Parent Partner of site a1, so "own" is also their own record.
IN_SCOPE = {
    **{role: {"own", "same_area", "other_area"} for role in STATE},
    **{role: {"own", "same_area"} for role in AREA},
    **{role: {"own"} for role in SITE},
    Role.PARENT_PARTNER: {"own"},
    Role.SYSTEM_ADMINISTRATOR: set(),
}
TARGETS = {"own": "a1", "same_area": "a2", "other_area": "b1"}


def site_at(world, suffix):
    return getattr(world, f"site_{suffix}")


def partner_at(world, suffix):
    return getattr(world, f"pp_{suffix}")


@dataclass
class Page:
    name: str
    roles: set  # the roles that may use the page
    # For a page about one row: (world, "a1" | "a2" | "b1") -> the row there, made on demand.
    target: Callable | None = None
    # Valid form data (world, row, user) -> dict, for the POST half of the matrix.
    post: Callable | None = None
    # Models whose rows a refused POST must leave untouched.
    watch: tuple = field(default=(Site, ParentPartner))
    # URL arguments from the row; by default its primary key.
    args: Callable = lambda obj: [obj.pk]  # noqa: E731
    # The roles that see the row only when it is their own (e.g. a Parent Partner and their case).
    own_only: set = field(default_factory=set)
    # Rows that serve the whole state (e.g. BABF trainers): every role with the permission sees all.
    unscoped: bool = False
    # A page that only takes POST answers GET with 405 for the roles that may use it.
    post_only: bool = False
    # What an allowed POST answers: a redirect, or 200 for an export sent after its purpose form.
    post_status: int = 302


def export_purpose(*_):
    """The purpose form of an export (parentpartner.services.exports)."""
    return {"purpose": "payment", "purpose_detail": "Monthly invoice"}
