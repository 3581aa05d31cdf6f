"""Panels that the apps add to shared pages, so each app keeps its own queries and templates.

An app's `panels.py` may define `home_panels(user)` (the role's home page) and
`parent_partner_panels(user, partner)` (a Parent Partner's page), each returning a list of `Panel`.
A panel's queries must not grow with the data: aggregate in the database.
"""

from dataclasses import dataclass, field
from typing import Any

from parentpartner.contributions import app_modules

PANEL_APPS = ["training", "eligibility", "mentoring", "reporting", "parentpartner"]
# Where an app keeps its panels, when not in `<app>/panels.py` (this package is the registry; the
# core's own panels are its module `progression`).
PANEL_MODULES = {"parentpartner": "parentpartner.panels.progression"}


@dataclass
class Panel:
    template: str
    context: dict = field(default_factory=dict)


def _collect(function_name: str, *args: Any) -> list["Panel"]:
    panels = []
    for module in app_modules(PANEL_APPS, "panels", PANEL_MODULES):
        function = getattr(module, function_name, None)
        if function is not None:
            panels.extend(function(*args))
    return panels


def home_panels(user: Any) -> list[Panel]:
    return _collect("home_panels", user)


def parent_partner_panels(user: Any, partner: Any) -> list[Panel]:
    return _collect("parent_partner_panels", user, partner)
