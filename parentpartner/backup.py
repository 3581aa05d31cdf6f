"""Back up and restore the database with pg_dump / pg_restore (`make backup`, `make restore FILE=...`).

    python -m parentpartner.backup dump [--dir backups] [--allow-unpatched-pg-dump]
    python -m parentpartner.backup restore FILE [--yes]

The database is the one the application uses, as its owner: DATABASE_OWNER_URL, else DATABASE_URL,
else the embedded PostgreSQL in .pgdata/ (parentpartner.env.owner_database_config). Runs without
Django settings, so it needs no SECRET_KEY. Connection details go to pg_dump through libpq's
environment (PGPASSWORD...), never on a command line that `ps` would show. The binaries run from an
argument list of our own, never through a shell (hence the `nosec` on subprocess).

Which pg_dump: one whose major version is at least the server's and whose release has the fix for
CVE-2024-7348 (a race during pg_dump that lets a role able to create objects run SQL as the role
dumping; fixed in 12.20, 13.16, 14.13, 15.8, 16.4 and from 17.0). Looked for in PG_BIN, the
`pgserver` wheel (16.2: not fixed), PATH and /usr/lib/postgresql/*/bin. If none fits, the dump is
refused with the reason; `--allow-unpatched-pg-dump` overrides that for the embedded development
database only, with a warning.

The file is created by this module with mode 0600 before pg_dump starts and handed to it as its
output, so it is never readable by others, not even while pg_dump writes it. The sessions' data
(django_session: live session keys) is left out; see README, "Backups", for what else is kept and why.
"""

import argparse
import os
import re
import shutil
import subprocess  # nosec B404
import sys
import warnings
from datetime import UTC, datetime
from pathlib import Path

import psycopg2
from dj_database_url import DBConfig

from parentpartner.env import owner_database_config

BASE_DIR = Path(__file__).resolve().parent.parent
DEFAULT_DIR = BASE_DIR / "backups"
# The first minor release of each major with the fix for CVE-2024-7348; every 17 and later has it.
CVE_2024_7348_FIXED = {12: 20, 13: 16, 14: 13, 15: 8, 16: 4}
# Table data never dumped: live session keys (a restore logs everyone out, which is harmless).
EXCLUDED_TABLE_DATA = ["django_session"]
Version = tuple[int, int]


class BackupRefused(Exception):
    """A backup or restore that must not run; the message says why and what to do."""


def has_cve_2024_7348_fix(version: Version) -> bool:
    major, minor = version
    return major >= 17 or minor >= CVE_2024_7348_FIXED.get(major, 10**6)


def candidates(name: str) -> list[str]:
    """Every `name` binary on this machine, in order of preference: PG_BIN, the pgserver wheel, PATH,
    Debian's /usr/lib/postgresql/<major>/bin."""
    folders = [os.environ.get("PG_BIN", "")]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # platformdirs on a server without XDG_RUNTIME_DIR; harmless
            import pgserver

        folders.append(str(Path(pgserver.__file__).parent / "pginstall" / "bin"))
    except ImportError:
        pass
    found = [str(Path(folder) / name) for folder in folders if folder and (Path(folder) / name).exists()]
    on_path = shutil.which(name)
    found += [on_path] if on_path else []
    found += sorted(str(path) for path in Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))
    return list(dict.fromkeys(found))


def version_of(binary: str) -> Version | None:
    """(major, minor) from `pg_dump --version` ("pg_dump (PostgreSQL) 16.2"); None if it does not run."""
    try:
        # Our own argument list: a binary found above and a fixed option (nosec).
        output = subprocess.run(  # noqa: S603  # nosec B603
            [binary, "--version"], capture_output=True, text=True, timeout=30, check=True
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    match = re.search(r"\(PostgreSQL\) ([0-9]+)(?:\.([0-9]+))?", output)
    return (int(match[1]), int(match[2] or 0)) if match else None


def choose(name: str, server: Version, *, need_fix: bool, allow_unpatched: bool = False) -> str:
    """The binary to run against a server of version `server`: a major at least the server's (the
    closest, then the newest minor), with the CVE-2024-7348 fix when `need_fix`."""
    found = [(binary, version) for binary in candidates(name) if (version := version_of(binary))]
    usable = [(binary, version) for binary, version in found if version[0] >= server[0]]
    fitting = [(binary, version) for binary, version in usable if has_cve_2024_7348_fix(version) or not need_fix]
    if fitting:
        return min(fitting, key=lambda item: (item[1][0], -item[1][1]))[0]
    seen = ", ".join(f"{binary} ({major}.{minor})" for binary, (major, minor) in found) or "none"
    fixed_in = f"{server[0]}.{CVE_2024_7348_FIXED[server[0]]}" if server[0] in CVE_2024_7348_FIXED else "17.0"
    problem = (
        f"No {name} of PostgreSQL {server[0]} or newer with the fix for CVE-2024-7348 was found "
        f"(the server runs {server[0]}.{server[1]}; found: {seen}). Install the PostgreSQL client "
        f"{fixed_in} or newer and set PG_BIN to its bin folder."
        if need_fix
        else f"No {name} of PostgreSQL {server[0]} or newer was found (found: {seen}); set PG_BIN."
    )
    if allow_unpatched and usable:
        binary, (major, minor) = max(usable, key=lambda item: item[1])
        print(f"WARNING: {problem} Using {binary} ({major}.{minor}) anyway, as asked.", file=sys.stderr)
        return binary
    raise BackupRefused(problem)


def connection_parameters(config: DBConfig) -> dict[str, str]:
    parameters = {
        "host": str(config.get("HOST") or config.get("OPTIONS", {}).get("host", "")),
        "dbname": config["NAME"],
        "user": config.get("USER") or "",
    }
    port = config.get("PORT") or config.get("OPTIONS", {}).get("port")
    if port:
        parameters["port"] = str(port)
    if config.get("PASSWORD"):
        parameters["password"] = config["PASSWORD"]
    return parameters


def libpq_environment(config: DBConfig) -> dict[str, str]:
    # The names of libpq's environment variables, no password in the code (nosec).
    names = {"host": "PGHOST", "dbname": "PGDATABASE", "user": "PGUSER", "port": "PGPORT", "password": "PGPASSWORD"}  # nosec B105
    return {**os.environ, **{names[key]: value for key, value in connection_parameters(config).items()}}


def server_version(config: DBConfig) -> Version:
    with psycopg2.connect(**connection_parameters(config)) as connection:
        number = connection.server_version  # e.g. 150019
    connection.close()
    return number // 10000, number % 10000


def uses_embedded_database() -> bool:
    return not any(os.environ.get(name, "").strip() for name in ("DATABASE_URL", "DATABASE_OWNER_URL"))


def dump(directory: Path = DEFAULT_DIR, *, allow_unpatched: bool = False) -> Path:
    """A custom-format dump (compressed, restorable table by table) to a new timestamped file."""
    if allow_unpatched and not uses_embedded_database():
        raise BackupRefused(
            "--allow-unpatched-pg-dump is only for the embedded development database (no DATABASE_URL); "
            "install a PostgreSQL client with the fix for CVE-2024-7348 instead."
        )
    config = owner_database_config(BASE_DIR)
    pg_dump = choose("pg_dump", server_version(config), need_fix=True, allow_unpatched=allow_unpatched)
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = directory / f"{config['NAME']}-{stamp}.dump"
    partial = target.with_suffix(".dump.partial")
    command = [pg_dump, "--format=custom", "--no-owner", "--no-privileges"]
    command += [f"--exclude-table-data={table}" for table in EXCLUDED_TABLE_DATA]
    # Created here, private from the first byte whatever the umask (O_EXCL: never an existing file).
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "wb") as output:
            # An argument list of our own (the binary, fixed options), never a shell (nosec).
            subprocess.run(command, stdout=output, env=libpq_environment(config), check=True)  # noqa: S603  # nosec B603
            output.flush()
            os.fsync(output.fileno())
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    partial.rename(target)  # a file named .dump is always complete
    return target


def restore(file: Path) -> None:
    """Replaces the objects in the dump (pg_restore --clean) in one transaction: all or nothing."""
    config = owner_database_config(BASE_DIR)
    command = [
        choose("pg_restore", server_version(config), need_fix=False),
        "--clean",
        "--if-exists",
        "--no-owner",
        "--no-privileges",
        "--single-transaction",
        "--exit-on-error",
        f"--dbname={config['NAME']}",
        str(file),
    ]
    # An argument list of our own (the binary, fixed options, our file name), never a shell (nosec).
    subprocess.run(command, env=libpq_environment(config), check=True)  # noqa: S603  # nosec B603


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m parentpartner.backup", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    dump_parser = commands.add_parser("dump", help="write a new backup file")
    dump_parser.add_argument("--dir", type=Path, default=DEFAULT_DIR, help="folder for the file (default: backups/)")
    dump_parser.add_argument(
        "--allow-unpatched-pg-dump",
        action="store_true",
        help="embedded development database only: use a pg_dump without the CVE-2024-7348 fix, with a warning",
    )
    restore_parser = commands.add_parser("restore", help="replace the database's contents with a backup")
    restore_parser.add_argument("file", type=Path)
    restore_parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    args = parser.parse_args(argv)

    try:
        if args.command == "dump":
            print(dump(args.dir, allow_unpatched=args.allow_unpatched_pg_dump))
            return 0
        if not args.file.is_file():
            parser.error(f"no such backup file: {args.file}")
        name = owner_database_config(BASE_DIR)["NAME"]
        if not args.yes:
            answer = input(
                f"This replaces the contents of database {name!r} with {args.file}. Type the database name: "
            )
            if answer.strip() != name:
                print("Not restored.")
                return 1
        restore(args.file)
    except BackupRefused as refused:
        print(f"Refused: {refused}", file=sys.stderr)
        return 2
    print(f"Restored {args.file} into {name}. The restored tables grant nothing to the runtime role:")
    print("run `manage.py grant_runtime_role <role>` as the owner again (make run does it).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
