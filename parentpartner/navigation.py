"""The navigation bar, contributed by each app: an app lists its entries in `<app>/navigation.py` as
`NAVIGATION` (found by convention, as `parentpartner.panels` finds panels), and the core shows those the
user may follow, in the order of their `order`. The core contributes its own below.

An entry is a `NavItem` (a link, shown to the holders of its permission) or a `Menu` (a dropdown of the
items that name it). A menu with nothing the user may follow is left out; one whose only entry the user
may follow shows as that link (`alone="link"`) or stays a menu (`alone="menu"`).

`links(user)` answers what `templates/base.html` renders: a list of `(label, url_name)` and
`(label, [(label, url_name), ...])`.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from parentpartner.access import has_permission
from parentpartner.contributions import app_modules
from parentpartner.roles import Role

NAVIGATION_APPS = ["parentpartner", "mentoring", "training", "eligibility", "reporting"]

Link = tuple[str, Any]


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    permission: str | None = None  # None: every logged-in user
    menu: str | None = None  # the `Menu.name` it belongs to; None: on the bar itself
    order: int = 0
    when: Callable[[Any], bool] | None = None  # a further condition, for what a permission cannot say

    def allowed(self, user: Any) -> bool:
        if self.permission is not None and not has_permission(user, self.permission):
            return False
        return self.when is None or bool(self.when(user))


@dataclass(frozen=True)
class Menu:
    name: str
    label: str
    order: int = 0
    alone: str = "link"  # how a menu with one entry for the user shows: "link" or "menu"
    label_for: Callable[[Any], str] | None = None  # a label that depends on the user

    def render(self, user: Any, entries: list[Link]) -> Link | None:
        if not entries:
            return None
        if len(entries) == 1 and self.alone == "link":
            return entries[0]
        return (self.label_for(user) if self.label_for else self.label, entries)


class AdministrationMenu(Menu):
    """The logs and the admin site share one menu where both apply, so the bar fits a laptop's width:
    "Administration" for those who enter the admin (with the logs they may read), "Logs" for the others."""

    def render(self, user: Any, entries: list[Link]) -> Link | None:
        if user.role in (Role.SYSTEM_ADMINISTRATOR, Role.STATEWIDE_COORDINATOR):
            return (
                ("Administration", [*entries, ("Admin site", "admin:index")])
                if entries
                else ("Administration", "admin:index")
            )
        return ("Logs", entries) if entries else None


def _own_record_only(user: Any) -> bool:
    """A Parent Partner's shortcut to their own record, for those who have no list of records."""
    return (
        not has_permission(user, "parent_partner.list")
        and user.role == Role.PARENT_PARTNER
        and bool(user.parent_partner_id)
    )


# The core's own entries.
NAVIGATION: list[NavItem | Menu] = [
    NavItem("Home", "home", order=0),
    NavItem("Sites", "parentpartner:site-list", "site.view", order=10),
    NavItem("Parent Partners", "parentpartner:parent-partner-list", "parent_partner.list", order=20),
    NavItem("My profile", "parentpartner:my-profile", order=21, when=_own_record_only),
    Menu("approvals", "Approvals", order=60, alone="menu"),
    NavItem("Approval forms", "parentpartner:approval-form-list", "approval_form.list", menu="approvals"),
    NavItem("Lead Parent Partner cases", "parentpartner:lead-case-list", "lead_case.view", menu="approvals"),
    NavItem("Coordinator certification", "parentpartner:certification-list", "certification.manage", menu="approvals"),
    AdministrationMenu("administration", "Administration", order=90, alone="menu"),
    NavItem("Access log", "parentpartner:access-log", "access_log.view", menu="administration"),
    NavItem("Export log", "parentpartner:export-log", "export_log.view", menu="administration"),
    NavItem(
        "Login changes waiting", "parentpartner:login-change-waiting", "login_change.waiting", menu="administration"
    ),
    NavItem("Login changes", "parentpartner:login-change-history", "login_change.history", menu="administration"),
]


def registered() -> list[NavItem | Menu]:
    """Every app's entries, in the order of NAVIGATION_APPS (an app without `navigation.py` has none)."""
    found: list[NavItem | Menu] = []
    for module in app_modules(NAVIGATION_APPS, "navigation"):
        found.extend(getattr(module, "NAVIGATION", []))
    return found


def links(user: Any) -> list[Link]:
    """The links this user may follow; the templates show nothing else."""
    if not user.is_authenticated:
        return []
    entries = registered()
    shown: list[tuple[int, Link]] = []
    for entry in entries:
        if isinstance(entry, Menu):
            items = [item for item in entries if isinstance(item, NavItem) and item.menu == entry.name]
            items.sort(key=lambda item: item.order)
            link = entry.render(user, [(item.label, item.url_name) for item in items if item.allowed(user)])
            if link is not None:
                shown.append((entry.order, link))
        elif entry.menu is None and entry.allowed(user):
            shown.append((entry.order, (entry.label, entry.url_name)))
    shown.sort(key=lambda pair: pair[0])
    return [link for _order, link in shown]
