"""How the core asks the apps without importing them: each app may have a module of a known name
(`<app>.panels`, `<app>.navigation`) that the core's registries find by convention, as Django finds
`<app>.admin`. The core's own contribution may live elsewhere (`modules`' overrides)."""

import importlib
from collections.abc import Iterable, Mapping
from types import ModuleType


def app_modules(apps: Iterable[str], suffix: str, overrides: Mapping[str, str] | None = None) -> list[ModuleType]:
    """`<app>.<suffix>` of each app that has one, in the order of `apps`; a module that exists but fails
    to import raises as usual."""
    found = []
    for app in apps:
        name = (overrides or {}).get(app, f"{app}.{suffix}")
        try:
            found.append(importlib.import_module(name))
        except ModuleNotFoundError as error:
            if error.name != name:
                raise
    return found
