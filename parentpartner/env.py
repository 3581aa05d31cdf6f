"""Typed readers for environment variables that fail loudly on a bad value, and the database they name
(or the embedded development PostgreSQL: starting it, and stopping it for `make db-stop`).

A mistyped setting in production must stop the process at start-up with a message that names the
variable, never fall back silently to a default.

    python -m parentpartner.env db-stop [PGDATA]    # make db-stop
"""

import os
import re
import subprocess  # nosec B404
import sys
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


class EmbeddedDatabaseError(Exception):
    """The embedded PostgreSQL could not be stopped; the message says why."""


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, another user's (the `pgserver` user when run as root)
        return True
    return True


def _is_postgres(pid: int) -> bool:
    """Whether process `pid` is a running PostgreSQL server (not a zombie nobody reaped, nor another
    program that got a recycled id). Without /proc (macOS) a live process is taken for the server."""
    if not Path("/proc/self").exists():
        return True
    try:
        name = Path(f"/proc/{pid}/comm").read_text().strip()
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return name.startswith("postgres") and state not in ("Z", "X")


def stop_embedded_database(pgdata: Path) -> str:
    """Stop the embedded PostgreSQL in `pgdata` (pg_ctl stop -m fast, waiting), or say why not.

    Does not go through `pgserver.get_server`, which stops the server only when no other process is
    listed as using it in `.handle_pids.json`: a `make run` ended by a signal leaves its id there, and
    the server ran on. Here the server's own `postmaster.pid` decides: absent, nothing runs; naming a
    process that is gone (or is no PostgreSQL), it is stale and removed; else pg_ctl stops the server.
    Raises EmbeddedDatabaseError when pg_ctl fails."""
    pid_file = pgdata / "postmaster.pid"
    if not pgdata.is_dir():
        return f"No embedded PostgreSQL in {pgdata}: nothing to stop."
    handles = pgdata / ".handle_pids.json"
    if not pid_file.exists():
        handles.unlink(missing_ok=True)
        return f"The embedded PostgreSQL in {pgdata} is not running."
    first_line = (pid_file.read_text().splitlines() or [""])[0].strip()
    pid = int(first_line) if re.fullmatch(r"[0-9]+", first_line) else 0
    if pid <= 0 or not _process_alive(pid) or not _is_postgres(pid):
        pid_file.unlink()
        handles.unlink(missing_ok=True)
        return (
            f"The embedded PostgreSQL in {pgdata} is not running; "
            f"removed its stale postmaster.pid (process {pid} is gone)."
        )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # platformdirs on a server without XDG_RUNTIME_DIR; harmless
        import pgserver
    pg_ctl = Path(pgserver.__file__).parent / "pginstall" / "bin" / "pg_ctl"
    # As root, pgserver runs the server as its own system user, and pg_ctl refuses to run as root.
    user = "pgserver" if hasattr(os, "geteuid") and os.geteuid() == 0 else None
    # Our own argument list: the wheel's pg_ctl, fixed options and the data folder (nosec).
    result = subprocess.run(  # noqa: S603  # nosec B603
        [str(pg_ctl), "-D", str(pgdata.resolve()), "stop", "-m", "fast", "-w", "-t", "60"],
        user=user,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip()
        raise EmbeddedDatabaseError(f"Could not stop the embedded PostgreSQL (process {pid}) in {pgdata}: {detail}")
    handles.unlink(missing_ok=True)
    return f"Stopped the embedded PostgreSQL (process {pid}) in {pgdata}."


def main(argv: list[str]) -> int:
    if argv[:1] != ["db-stop"] or len(argv) > 2:
        print("Usage: python -m parentpartner.env db-stop [PGDATA]", file=sys.stderr)
        return 2
    pgdata = Path(argv[1] if len(argv) > 1 else Path(__file__).resolve().parent.parent / ".pgdata")
    try:
        print(stop_embedded_database(pgdata))
    except EmbeddedDatabaseError as error:
        print(error, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
