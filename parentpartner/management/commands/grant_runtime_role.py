"""`manage.py grant_runtime_role ROLE [--password-from-env VARIABLE]`: create or update the database role
the web and worker processes run as, with only the privileges they need (issue 15). Run it as the
owner role (the one that runs `migrate`, DATABASE_URL set to the owner's URL) after every `migrate`:
it grants table by table, so a table added by a migration is covered only once it has run again
(we chose this over ALTER DEFAULT PRIVILEGES: the privileges depend on what the table is, and
a table the command has not seen is refused to the app, loudly, rather than opened to it).

The runtime role owns nothing, so it can neither ALTER a table (DISABLE TRIGGER included) nor TRUNCATE
one; it gets:
- SELECT, INSERT, UPDATE, DELETE on ordinary tables; USAGE, SELECT on sequences;
- SELECT and INSERT only on the append-only logs (history, access log, export log: every table with
  the append-only trigger of migration 0005);
- SELECT only on the history's hash chain (written by the database's own triggers) and on
  django_migrations; nothing on the chain's scratch table;
- USAGE on the schema, never CREATE (CREATE is revoked from PUBLIC, as PostgreSQL 15 does by default).

Idempotent: each run first revokes what the role had on the schema's tables, then grants, then checks
the result and fails if the role could still change the record (a superuser, a member of the owner,
CREATE on the schema, UPDATE/DELETE/TRUNCATE on a log).
"""

import os
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from psycopg2.extensions import encrypt_password

READ_WRITE = "SELECT, INSERT, UPDATE, DELETE"
APPEND_ONLY = "SELECT, INSERT"
READ_ONLY = "SELECT"
# Written only by the database (the chain's triggers) or by `migrate`.
READ_ONLY_TABLES = {"parentpartner_historychainlink", "django_migrations"}
# The chain's scratch table: written only by the SECURITY DEFINER trigger functions.
NO_ACCESS_TABLES = {"parentpartner_historychainpending"}

TABLES = """
    SELECT c.relname, c.relkind,
           EXISTS (SELECT 1 FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid
                   WHERE t.tgrelid = c.oid AND p.proname = 'parentpartner_refuse_log_change') AS append_only
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'v', 'm')
    ORDER BY c.relname
"""
ROLE_ATTRIBUTES = (
    "SELECT rolsuper, rolcreaterole, rolcreatedb, rolbypassrls, rolreplication FROM pg_roles WHERE rolname = %s"
)
OWNED = """
    SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = current_schema() AND pg_get_userbyid(c.relowner) = %s
"""
# Changes to a log table the runtime role must not be able to make.
LOG_CHANGES = ("UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER")


def privileges_for(table: str, kind: str, append_only: bool) -> str | None:
    if table in NO_ACCESS_TABLES:
        return None
    if table in READ_ONLY_TABLES or kind in ("v", "m"):
        return READ_ONLY
    return APPEND_ONLY if append_only else READ_WRITE


class Command(BaseCommand):
    help = "Create or update the runtime database role and its privileges (run as the owner after migrate)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("role", help="name of the role the web and worker processes log in as")
        parser.add_argument(
            "--password-from-env",
            metavar="VARIABLE",
            help="set the role's password from this environment variable (never on the command line)",
        )

    def handle(self, *args: Any, role: str, password_from_env: str | None = None, **options: Any) -> None:
        password = None
        if password_from_env:
            password = os.environ.get(password_from_env)
            if not password:
                raise CommandError(f"The environment variable {password_from_env} is empty or not set.")
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT current_user, current_database(), current_schema()")
            owner, database, schema = cursor.fetchone()
            if role == owner:
                raise CommandError(f"{role} is the role running this command (the owner); name another role.")
            self._ensure_role(cursor, role, password)
            counts = self._grant(cursor, role, database, schema)
            self._check(cursor, role, owner, schema)
        self.stdout.write(
            f"Role {role}: read and write on {counts[READ_WRITE]} tables, read and insert only on "
            f"{counts[APPEND_ONLY]} append-only logs, read only on {counts[READ_ONLY]}, nothing on "
            f"{counts[None]}; no CREATE, ALTER or TRUNCATE. Run this again after every migrate."
        )

    def _ensure_role(self, cursor: Any, role: str, password: str | None) -> None:
        name = connection.ops.quote_name(role)
        cursor.execute(ROLE_ATTRIBUTES, [role])
        if cursor.fetchone() is None:
            cursor.execute(f"CREATE ROLE {name} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS")
        if password is not None:
            # Sent as the server's own hash (SCRAM or md5), so the password is in no statement log.
            verifier = encrypt_password(password, role, cursor.cursor.connection)
            cursor.execute(f"ALTER ROLE {name} LOGIN PASSWORD %s", [verifier])

    def _grant(self, cursor: Any, role: str, database: str, schema: str) -> dict[str | None, int]:
        quote = connection.ops.quote_name
        name, schema_name = quote(role), quote(schema)
        cursor.execute(f"GRANT CONNECT ON DATABASE {quote(database)} TO {name}")
        cursor.execute(f"GRANT USAGE ON SCHEMA {schema_name} TO {name}")
        # PostgreSQL before 15 lets every role create objects in the public schema.
        cursor.execute(f"REVOKE CREATE ON SCHEMA {schema_name} FROM PUBLIC, {name}")
        cursor.execute(f"REVOKE ALL ON ALL TABLES IN SCHEMA {schema_name} FROM {name}")
        cursor.execute(f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {schema_name} FROM {name}")
        counts: dict[str | None, int] = {READ_WRITE: 0, APPEND_ONLY: 0, READ_ONLY: 0, None: 0}
        cursor.execute(TABLES)
        for table, kind, append_only in cursor.fetchall():
            privileges = privileges_for(table, kind, append_only)
            counts[privileges] += 1
            if privileges:
                cursor.execute(f"GRANT {privileges} ON {schema_name}.{quote(table)} TO {name}")
        cursor.execute(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema_name} TO {name}")
        return counts

    def _check(self, cursor: Any, role: str, owner: str, schema: str) -> None:
        """What the role can do, read back from PostgreSQL: fails loudly where it could change the record."""
        cursor.execute(ROLE_ATTRIBUTES, [role])
        if any(cursor.fetchone()):
            raise CommandError(
                f"{role} is a superuser or may create roles or databases, replicate or bypass row security; "
                f"as a superuser: ALTER ROLE {role} NOSUPERUSER NOCREATEROLE NOCREATEDB NOREPLICATION NOBYPASSRLS."
            )
        cursor.execute("SELECT pg_has_role(%s, %s, 'USAGE')", [role, owner])
        if cursor.fetchone()[0]:
            raise CommandError(f"{role} is a member of the owner role {owner} and so has its privileges.")
        cursor.execute(OWNED, [role])
        owned = [table for (table,) in cursor.fetchall()]
        if owned:
            raise CommandError(f"{role} owns {', '.join(owned)}; the owner role must own every table.")
        cursor.execute("SELECT has_schema_privilege(%s, %s, 'CREATE')", [role, schema])
        if cursor.fetchone()[0]:
            raise CommandError(
                f"{role} may create objects in schema {schema}; as the schema's owner or a superuser: "
                f"REVOKE CREATE ON SCHEMA {schema} FROM PUBLIC."
            )
        cursor.execute(TABLES)
        for table, _kind, append_only in cursor.fetchall():
            if append_only or table in READ_ONLY_TABLES | NO_ACCESS_TABLES:
                for change in LOG_CHANGES:
                    cursor.execute(
                        "SELECT has_table_privilege(%s, %s, %s)",
                        [role, f"{connection.ops.quote_name(schema)}.{connection.ops.quote_name(table)}", change],
                    )
                    if cursor.fetchone()[0]:
                        raise CommandError(f"{role} still has {change} on {table} (granted to PUBLIC?).")
