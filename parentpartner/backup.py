"""Back up and restore the database with pg_dump / pg_restore (`make backup`, `make restore FILE=...`).

    python -m parentpartner.backup dump [--dir backups]
    python -m parentpartner.backup restore FILE [--yes]

The database is the one the application uses: DATABASE_URL, or the embedded PostgreSQL in .pgdata/
when it is unset (parentpartner.env.database_config). Runs without Django settings, so it needs no
SECRET_KEY. Connection details go to pg_dump through libpq's environment (PGPASSWORD...), never on
a command line that `ps` would show. The binaries are those of the `pgserver` wheel (PostgreSQL 16,
which reads any older server) when it is installed, else the ones on PATH; PG_BIN names another folder.
They run from an argument list of our own, never through a shell (hence the `nosec` on subprocess).
"""

import argparse
import os
import shutil
import subprocess  # nosec B404
import sys
import warnings
from datetime import UTC, datetime
from pathlib import Path

from dj_database_url import DBConfig

from parentpartner.env import database_config

BASE_DIR = Path(__file__).resolve().parent.parent
DEFAULT_DIR = BASE_DIR / "backups"


def binary(name: str) -> str:
    folders = [os.environ.get("PG_BIN", "")]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # platformdirs on a server without XDG_RUNTIME_DIR; harmless
            import pgserver

        folders.append(str(Path(pgserver.__file__).parent / "pginstall" / "bin"))
    except ImportError:
        pass
    for folder in filter(None, folders):
        candidate = Path(folder) / name
        if candidate.exists():
            return str(candidate)
    found = shutil.which(name)
    if not found:
        sys.exit(f"{name} not found: install the PostgreSQL client or set PG_BIN.")
    return found


def libpq_environment(config: DBConfig) -> dict[str, str]:
    host = config.get("HOST") or config.get("OPTIONS", {}).get("host", "")
    env = {**os.environ, "PGHOST": str(host), "PGDATABASE": config["NAME"], "PGUSER": config.get("USER") or ""}
    port = config.get("PORT") or config.get("OPTIONS", {}).get("port")
    if port:
        env["PGPORT"] = str(port)
    if config.get("PASSWORD"):
        env["PGPASSWORD"] = config["PASSWORD"]
    return env


def dump(directory: Path = DEFAULT_DIR) -> Path:
    """A custom-format dump (compressed, restorable table by table) to a new timestamped file."""
    config = database_config(BASE_DIR)
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = directory / f"{config['NAME']}-{stamp}.dump"
    partial = target.with_suffix(".dump.partial")
    command = [binary("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", f"--file={partial}"]
    # An argument list of our own (the binary, fixed options, our file name), never a shell (nosec).
    subprocess.run(command, env=libpq_environment(config), check=True)  # noqa: S603  # nosec B603
    partial.chmod(0o600)
    partial.rename(target)  # a file named .dump is always complete
    return target


def restore(file: Path) -> None:
    """Replaces the objects in the dump (pg_restore --clean) in one transaction: all or nothing."""
    config = database_config(BASE_DIR)
    command = [
        binary("pg_restore"),
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
    restore_parser = commands.add_parser("restore", help="replace the database's contents with a backup")
    restore_parser.add_argument("file", type=Path)
    restore_parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    args = parser.parse_args(argv)

    if args.command == "dump":
        print(dump(args.dir))
        return 0
    if not args.file.is_file():
        parser.error(f"no such backup file: {args.file}")
    name = database_config(BASE_DIR)["NAME"]
    if not args.yes:
        answer = input(f"This replaces the contents of database {name!r} with {args.file}. Type the database name: ")
        if answer.strip() != name:
            print("Not restored.")
            return 1
    restore(args.file)
    print(f"Restored {args.file} into {name}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
