"""Panels that the apps add to shared pages, so each app keeps its own queries and templates.

An app's `panels.py` may define `home_panels(user)` (the role's home page) and
`parent_partner_panels(user, partner)` (a Parent Partner's page), each returning a list of `Panel`.
A panel's queries must not grow with the data: aggregate in the database.
"""

import importlib
from dataclasses import dataclass, field
from typing import Any

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
    for app in PANEL_APPS:
        name = PANEL_MODULES.get(app, f"{app}.panels")
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as error:
            if error.name != name:
                raise
            continue
        function = getattr(module, function_name, None)
        if function is not None:
            panels.extend(function(*args))
    return panels


def home_panels(user: Any) -> list[Panel]:
    return _collect("home_panels", user)


def parent_partner_panels(user: Any, partner: Any) -> list[Panel]:
    return _collect("parent_partner_panels", user, partner)
