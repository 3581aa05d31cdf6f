"""Two database roles (issue 15): `manage.py grant_runtime_role` gives the web and worker processes a
role that owns nothing. Connected as that role (to this test database), the application works, and
the record cannot be rewritten: no DISABLE TRIGGER, no TRUNCATE of a log, no UPDATE or DELETE of a
history row, no ALTER, no CREATE, no forged link in the history's hash chain.

Roles are cluster-wide and pytest-xdist runs workers side by side, so each run names its role after
its worker and process, and drops it at the end."""

import io
import os

import psycopg2
import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse
from psycopg2 import errors

from mentoring.models import Family
from parentpartner import audit
from parentpartner.models import AccessLogEntry, HistoryChainLink, HistoryEntry, Role, ServiceArea
from tests.matrix.pages_mentoring import family_data

pytestmark = pytest.mark.django_db(transaction=True)

LOGS = ["parentpartner_historyentry", "parentpartner_accesslogentry", "parentpartner_exportlog"]
CHAIN = ["parentpartner_historychainlink", "parentpartner_historychainpending"]
PASSWORD = "runtime-role-test-password-4217"  # noqa: S105  # a throwaway role of the test database


def role_name():
    return f"pp_runtime_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}_{os.getpid()}"


def drop_role(name):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [name])
        if cursor.fetchone():
            quoted = connection.ops.quote_name(name)
            cursor.execute(f"DROP OWNED BY {quoted}")
            cursor.execute(f"DROP ROLE {quoted}")


@pytest.fixture
def runtime_role(monkeypatch):
    name = role_name()
    drop_role(name)  # left over from an interrupted run
    monkeypatch.setenv("PP_TEST_RUNTIME_PASSWORD", PASSWORD)
    out = io.StringIO()
    call_command("grant_runtime_role", name, "--password-from-env", "PP_TEST_RUNTIME_PASSWORD", stdout=out)
    assert "read and insert only on 3 append-only logs" in out.getvalue()
    yield name
    with connection.cursor() as cursor:
        cursor.execute("RESET ROLE")
    drop_role(name)


@pytest.fixture
def as_runtime(runtime_role):
    """A separate psycopg2 connection logged in as the runtime role, with its password."""
    settings = connection.settings_dict
    db = psycopg2.connect(
        dbname=settings["NAME"],
        user=runtime_role,
        password=PASSWORD,
        host=settings["HOST"] or settings["OPTIONS"].get("host", ""),
        port=settings["PORT"] or None,
    )
    db.autocommit = True
    yield db
    db.close()


def refused(db, sql, params=()):
    with pytest.raises(errors.InsufficientPrivilege), db.cursor() as cursor:
        cursor.execute(sql, params)


def a_history_row():
    return audit.record(None, ServiceArea.objects.create(name="Area with history"), HistoryEntry.Action.CREATE)


@pytest.mark.parametrize("table", LOGS + CHAIN)
def test_the_runtime_role_cannot_switch_off_a_trigger(as_runtime, table):
    refused(as_runtime, f"ALTER TABLE {table} DISABLE TRIGGER ALL")
    refused(as_runtime, f"ALTER TABLE {table} DISABLE TRIGGER USER")


@pytest.mark.parametrize("table", LOGS + CHAIN)
def test_the_runtime_role_cannot_truncate_a_log(as_runtime, table):
    refused(as_runtime, f"TRUNCATE {table}")  # noqa: S608


def test_the_runtime_role_cannot_update_or_delete_a_history_row(as_runtime):
    entry = a_history_row()
    refused(as_runtime, "UPDATE parentpartner_historyentry SET changes = '{}' WHERE id = %s", [entry.pk])
    refused(as_runtime, "DELETE FROM parentpartner_historyentry WHERE id = %s", [entry.pk])
    refused(as_runtime, "UPDATE parentpartner_historychainlink SET entry_hash = 'forged'")
    refused(as_runtime, "DELETE FROM parentpartner_accesslogentry")
    refused(as_runtime, "DELETE FROM parentpartner_exportlog")
    assert HistoryEntry.objects.get(pk=entry.pk).changes == entry.changes


def test_the_runtime_role_cannot_forge_a_chain_link(as_runtime):
    refused(
        as_runtime,
        "INSERT INTO parentpartner_historychainlink (entry_id, previous_hash, entry_hash) VALUES (1, 'a', 'b')",
    )
    refused(as_runtime, "INSERT INTO parentpartner_historychainpending (entry_id) VALUES (1)")


def test_the_runtime_role_cannot_alter_or_create_tables(as_runtime):
    refused(as_runtime, "ALTER TABLE mentoring_family ADD COLUMN secret text")
    refused(as_runtime, "ALTER TABLE parentpartner_historyentry DROP CONSTRAINT IF EXISTS nothing")
    refused(as_runtime, "DROP TABLE parentpartner_exportlog")
    refused(as_runtime, "CREATE TABLE parentpartner_shadow (id int)")
    refused(as_runtime, "CREATE FUNCTION parentpartner_shadow() RETURNS int LANGUAGE sql AS 'SELECT 1'")


def test_the_runtime_role_inserts_history_rows_and_they_are_chained(as_runtime):
    with as_runtime.cursor() as cursor:
        cursor.execute(
            "INSERT INTO parentpartner_historyentry (content_type_id, object_id, object_repr, action, changes, at)"
            " SELECT id, '1', 'by the runtime role', 'update', '{\"Note\": [\"\", \"x\"]}', now()"
            " FROM django_content_type LIMIT 1 RETURNING id"
        )
        entry_id = cursor.fetchone()[0]
    assert HistoryChainLink.objects.filter(entry_id=entry_id).exists()
    call_command("verify_history", stdout=io.StringIO())


def test_the_application_works_as_the_runtime_role(runtime_role, world, login):
    """Sessions, a new family with its children and case, the history, the access log: the pages
    write what they always wrote, logged in to PostgreSQL as the runtime role."""
    client = login(world.users[Role.SITE_COORDINATOR])
    with connection.cursor() as cursor:
        cursor.execute(f"SET ROLE {connection.ops.quote_name(runtime_role)}")
    response = client.post(reverse("mentoring:family-create"), family_data(world))
    family = Family.objects.get(parent_last_name="Newfamily")
    assert response.status_code == 302 and response.url == family.get_absolute_url()
    assert client.get(family.get_absolute_url()).status_code == 200
    updated = {**family_data(world, family), "family-caseworker_name": "Dana Caseworker"}
    assert client.post(reverse("mentoring:family-update", args=[family.pk]), updated).status_code == 302
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        assert cursor.fetchone()[0] == runtime_role  # the pages ran as the runtime role
        cursor.execute("RESET ROLE")
    family.refresh_from_db()
    assert family.caseworker_name == "Dana Caseworker"
    assert HistoryEntry.objects.filter(object_repr__contains="Newfamily").count() >= 2
    assert AccessLogEntry.objects.filter(family=family).exists()
    out = io.StringIO()
    call_command("verify_history", stdout=out)
    assert "History chain intact" in out.getvalue()


def test_the_command_refuses_to_make_the_owner_its_own_runtime_role():
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        owner = cursor.fetchone()[0]
    with pytest.raises(CommandError, match="the role running this command"):
        call_command("grant_runtime_role", owner, stdout=io.StringIO())


def test_the_command_refuses_a_runtime_role_that_may_create_in_the_schema(runtime_role):
    """Through a group it belongs to: the command revokes what it granted itself, and checks the rest."""
    group = f"{runtime_role}_group"
    drop_role(group)
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {group}")
        cursor.execute(f"GRANT CREATE ON SCHEMA public TO {group}")
        cursor.execute(f"GRANT {group} TO {connection.ops.quote_name(runtime_role)}")
    try:
        with pytest.raises(CommandError, match="may create objects in schema"):
            call_command("grant_runtime_role", runtime_role, stdout=io.StringIO())
    finally:
        drop_role(group)
    call_command("grant_runtime_role", runtime_role, stdout=io.StringIO())  # fine again without the group
