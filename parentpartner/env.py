"""Typed readers for environment variables that fail loudly on a bad value.

A mistyped setting in production must stop the process at start-up with a message that names the
variable, never fall back silently to a default.
"""

import os
import warnings
from pathlib import Path
from typing import overload
from urllib.parse import quote

import dj_database_url
from dj_database_url import DBConfig
from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be one of 1/0, true/false, yes/no, on/off; got {raw!r}.")


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number; got {raw!r}.") from None


@overload
def env_str(name: str, default: str) -> str: ...
@overload
def env_str(name: str, default: None = None) -> str | None: ...
def env_str(name: str, default: str | None = None) -> str | None:
    return os.environ.get(name, default)


def database_config(base_dir: Path, variable: str = "DATABASE_URL") -> DBConfig:
    """The one PostgreSQL database: DATABASE_URL, or an embedded server in the checkout.

    Never SQLite: JSON, array and range fields and exclusion constraints must behave the same in
    development, CI and production. `variable`: the environment variable to read the URL from.
    """
    url = os.environ.get(variable, "").strip()
    if not url:
        url = embedded_database_url(base_dir / ".pgdata", os.environ.get("EMBEDDED_DATABASE_ROLE", "").strip())
    if not url.startswith(("postgres://", "postgresql://", "pgsql://")):
        raise ImproperlyConfigured(f"DATABASE_URL must point at PostgreSQL; got scheme of {url.split(':')[0]!r}.")
    config = dj_database_url.parse(url, conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60))
    config["CONN_HEALTH_CHECKS"] = True
    config["ATOMIC_REQUESTS"] = False
    # No JIT: this app runs short queries whose planned cost can still cross jit_above_cost (the pay
    # export's correlated sums at ten years of data spent seconds compiling, issue 9). No parallel
    # workers either: on a small server shared by many requests, a worker started for one report
    # competes with the other requests; at ten years of data the area quarterly report's p95 fell from
    # 122-171 ms to 117 ms and the statewide report's median stayed at 152-157 ms (issue 9).
    options = config.setdefault("OPTIONS", {})
    options["options"] = f"{options.get('options', '')} -c jit=off -c max_parallel_workers_per_gather=0".strip()
    return config


def owner_database_config(base_dir: Path) -> DBConfig:
    """The database as its owner role, for what the runtime role may not do (backups and restores;
    `migrate` and `grant_runtime_role` are run with DATABASE_URL set to the owner's URL):
    DATABASE_OWNER_URL when set, else as `database_config` (one role, or the embedded superuser)."""
    if os.environ.get("DATABASE_OWNER_URL", "").strip():
        return database_config(base_dir, "DATABASE_OWNER_URL")
    return database_config(base_dir)


def embedded_database_url(pgdata: Path, role: str = "") -> str:
    """Start (or reuse) a PostgreSQL 16 server from the `pgserver` wheel on a unix socket in pgdata.

    The server is left running between commands (cleanup_mode=None) so that `migrate`, `seed_demo`
    and `runserver` share it without a restart each; `make db-stop` stops it. `role`: log in as this
    role instead of the server's superuser (`make run` serves as the runtime role, EMBEDDED_DATABASE_ROLE).
    """
    with warnings.catch_warnings():
        # platformdirs warns about XDG_RUNTIME_DIR on servers without a login session; harmless here.
        warnings.simplefilter("ignore")
        # Imported only when no DATABASE_URL is set: the embedded server is a development convenience.
        import pgserver

        server = pgserver.get_server(pgdata, cleanup_mode=None)
    uri = server.get_uri()
    if role:
        # postgresql://postgres:@/postgres?host=... : only the user part changes (trust on the socket).
        scheme, rest = uri.split("://", 1)
        uri = f"{scheme}://{quote(role)}@{rest.split('@', 1)[1]}"
    return uri
