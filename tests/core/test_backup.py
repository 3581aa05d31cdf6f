"""Backups (issue 8): `make backup` / `make restore` (parentpartner/backup.py) round-trip a seeded
database: every table has the same rows, compared by count and by an md5 of its rows in key order."""

import os
import subprocess  # nosec B404
import sys
from pathlib import Path
from urllib.parse import quote

import psycopg2
import pytest
from django.core.management import call_command
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]

TABLES = "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
PRIMARY_KEY = """
    SELECT a.attname FROM pg_index i
    JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
    WHERE i.indrelid = %s::regclass AND i.indisprimary ORDER BY a.attnum
"""


def connect_args(name):
    settings = connection.settings_dict
    return {
        "dbname": name,
        "user": settings["USER"],
        "password": settings["PASSWORD"],
        "host": settings["HOST"] or settings["OPTIONS"].get("host", ""),
        "port": settings["PORT"] or settings["OPTIONS"].get("port") or None,
    }


def database_url(name):
    args = connect_args(name)
    credentials = f"{quote(args['user'] or '')}:{quote(args['password'] or '')}"
    if str(args["host"]).startswith("/"):
        port = f"&port={args['port']}" if args["port"] else ""
        return f"postgresql://{credentials}@/{name}?host={quote(args['host'])}{port}"
    return f"postgresql://{credentials}@{args['host'] or 'localhost'}:{args['port'] or 5432}/{name}"


def fingerprint(name) -> dict:
    """table -> (row count, md5 of every row as text in primary-key order)."""
    result = {}
    with psycopg2.connect(**connect_args(name)) as db, db.cursor() as cursor:
        cursor.execute(TABLES)
        for (table,) in cursor.fetchall():
            cursor.execute(PRIMARY_KEY, [f'"{table}"'])
            key = ", ".join(f't."{column}"' for (column,) in cursor.fetchall()) or "t::text"
            # Table and column names come from the catalogue, not from input.
            cursor.execute(
                f"SELECT count(*), md5(coalesce(string_agg(t::text, E'\\n' ORDER BY {key}), '')) FROM \"{table}\" t"  # noqa: S608  # nosec B608
            )
            result[table] = cursor.fetchone()
    return result


def run_backup(*args, database):
    environment = {**os.environ, "DATABASE_URL": database_url(database)}
    return subprocess.run(  # noqa: S603
        [sys.executable, "-m", "parentpartner.backup", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )


def admin_execute(sql):
    admin = psycopg2.connect(**connect_args("postgres"))
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(sql)
    admin.close()


@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_round_trip_a_seeded_database(tmp_path):
    call_command("seed_demo", verbosity=0)
    source = connection.settings_dict["NAME"]
    restored = f"{source}_restored"
    connection.close()  # everything seeded is committed; pg_dump sees it

    file = Path(run_backup("dump", "--dir", str(tmp_path), database=source).stdout.strip())
    assert file.parent == tmp_path and file.suffix == ".dump" and file.stat().st_size > 0
    assert oct(file.stat().st_mode & 0o777) == "0o600"

    admin_execute(f'DROP DATABASE IF EXISTS "{restored}"')
    admin_execute(f'CREATE DATABASE "{restored}"')
    try:
        run_backup("restore", str(file), "--yes", database=restored)
        before, after = fingerprint(source), fingerprint(restored)
    finally:
        admin_execute(f'DROP DATABASE IF EXISTS "{restored}"')

    assert set(before) == set(after)
    assert sum(count for count, _ in before.values()) > 500  # the demo data is there
    assert before["parentpartner_parentpartner"][0] > 10
    different = {table: (before[table], after[table]) for table in before if before[table] != after[table]}
    assert not different


def test_restore_asks_for_confirmation(tmp_path, db):
    file = tmp_path / "some.dump"
    file.write_bytes(b"not used")
    environment = {**os.environ, "DATABASE_URL": database_url(connection.settings_dict["NAME"])}
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "parentpartner.backup", "restore", str(file)],
        cwd=ROOT,
        env=environment,
        input="not-the-name\n",
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "Not restored." in result.stdout
