"""The hash chain over the history (issue 15, migration 0009): every path that writes history rows is
sealed when its transaction commits, concurrent writers included, and `manage.py verify_history`
finds a history row changed or deleted by a database superuser, a row slipped in outside the chain,
and, against a head hash kept outside the database, a chain recomputed after a rewrite."""

import io
import threading
import time

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from parentpartner import audit
from parentpartner.management.commands.verify_history import CANONICAL, GENESIS, entry_hash
from parentpartner.models import HistoryChainLink, HistoryEntry, ServiceArea, User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def verify(*args):
    out = io.StringIO()
    call_command("verify_history", *args, stdout=out)
    return out.getvalue()


def head():
    return HistoryChainLink.objects.order_by("-pk").values_list("entry_hash", flat=True).first()


def write_history_every_way(user):
    """One committed transaction per way the application writes history."""
    with transaction.atomic():
        area = ServiceArea.objects.create(name="Chained area")
        audit.record(user, area, HistoryEntry.Action.CREATE)
    with transaction.atomic():
        audit.record_change(user, area, {"Counties": ["", "Polk, Story"]})
    with transaction.atomic():
        audit.create_all(user, [ServiceArea(name=f"Bulk area {n}") for n in range(3)])
    with transaction.atomic():
        audit.create_each(user, [ServiceArea(name="One by one area")])
    with transaction.atomic():
        audit.update_each(user, ServiceArea.objects.filter(name="Bulk area 0"), name="Renamed ÿ “area”")
    with transaction.atomic():
        audit.delete_each(user, ServiceArea.objects.filter(name="One by one area"))
    with transaction.atomic(), connection.cursor() as cursor:
        # Raw SQL is sealed too: the chain is the database's, not the ORM's.
        cursor.execute(
            "INSERT INTO parentpartner_historyentry (content_type_id, object_id, object_repr, action, changes, at)"
            " VALUES (%s, '0', 'raw', 'update', '{\"Note\": [\"a\", \"b\"]}', now())",
            [ContentType.objects.get_for_model(ServiceArea).pk],
        )


def test_every_way_of_writing_history_is_chained_and_verifies():
    user = UserFactory()
    write_history_every_way(user)
    entries = HistoryEntry.objects.count()
    assert entries >= 9
    links = list(HistoryChainLink.objects.order_by("pk"))
    assert sorted(link.entry_id for link in links) == sorted(HistoryEntry.objects.values_list("pk", flat=True))
    assert links[0].previous_hash == GENESIS
    assert all(later.previous_hash == earlier.entry_hash for earlier, later in zip(links, links[1:], strict=False))

    output = verify()
    assert f"History chain intact: {entries} entries." in output
    assert f"Head hash (keep it outside the database): {head()}" in output


def test_a_rolled_back_transaction_leaves_no_link():
    UserFactory()
    with pytest.raises(RuntimeError), transaction.atomic():
        audit.record(None, ServiceArea.objects.create(name="Never"), HistoryEntry.Action.CREATE)
        raise RuntimeError
    assert not HistoryChainLink.objects.exists()
    verify()


def test_concurrent_writers_keep_one_unbroken_chain():
    """Two threads commit history rows at the same time: one chain, in commit order, no fork."""
    errors = []

    def writer(name):
        try:
            for n in range(8):
                with transaction.atomic():
                    area = ServiceArea.objects.create(name=f"{name} {n}")
                    audit.record(None, area, HistoryEntry.Action.CREATE)
                    audit.record_change(None, area, {"Note": ["", name]})
        except Exception as error:  # reported below, with the thread's name
            errors.append(f"{name}: {error!r}")
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(name,)) for name in ("left", "right")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert HistoryEntry.objects.count() == HistoryChainLink.objects.count() == 32
    assert "History chain intact: 32 entries." in verify()


def test_the_chain_lock_waits_for_no_row_lock_so_no_deadlock():
    """The chain's lock is taken after every foreign-key check of the committing transaction. Here the
    first to commit (left) wrote a history row and then one that points at a login which the other
    (right) holds FOR UPDATE; left's commit waits for right's row lock, then right commits. Were the
    chain locked before left's foreign-key checks, right would wait for left's chain lock: a deadlock."""
    held = UserFactory(username="held")
    locked, go = threading.Event(), threading.Event()
    errors, pids = [], {}

    def right():
        try:
            with transaction.atomic():
                connection.cursor().execute("SET LOCAL lock_timeout = '20s'")
                User.objects.select_for_update().get(pk=held.pk)
                audit.record_change(None, held, {"Note": ["", "right"]})
                locked.set()
                go.wait(timeout=30)
        except Exception as error:
            errors.append(f"right: {error!r}")
        finally:
            locked.set()
            connection.close()

    def left():
        try:
            locked.wait(timeout=30)
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '20s'")
                cursor.execute("SELECT pg_backend_pid()")
                pids["left"] = cursor.fetchone()[0]
                audit.record_change(None, held, {"Note": ["", "left, no login"]})
                audit.record_change(held, held, {"Note": ["", "left, by the held login"]})
        except Exception as error:
            errors.append(f"left: {error!r}")
        finally:
            connection.close()

    threads = [threading.Thread(target=right), threading.Thread(target=left)]
    for thread in threads:
        thread.start()
    waiting = False
    for _ in range(200):  # until left's commit waits for right's row lock (at most 10 s)
        with connection.cursor() as cursor:
            cursor.execute("SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", [pids.get("left", 0)])
            row = cursor.fetchone()
        if row and row[0] == "Lock":
            waiting = True
            break
        time.sleep(0.05)
    time.sleep(1.5)  # past deadlock_timeout (1 s): a deadlock would have been found by now
    go.set()
    for thread in threads:
        thread.join(timeout=60)
    assert waiting
    assert errors == []
    assert HistoryEntry.objects.count() == HistoryChainLink.objects.count() == 3
    assert "History chain intact: 3 entries." in verify()


def superuser_execute(sql, params=()):
    """As the database superuser (the test runner's login): switch a trigger off, change, switch it on."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_verify_finds_a_history_row_changed_by_a_superuser():
    write_history_every_way(UserFactory())
    verify()
    entry = HistoryEntry.objects.order_by("pk")[3]
    superuser_execute(
        "ALTER TABLE parentpartner_historyentry DISABLE TRIGGER parentpartner_historyentry_append_only;"
        'UPDATE parentpartner_historyentry SET changes = \'{"Name": ["", "forged"]}\' WHERE id = %s;'
        "ALTER TABLE parentpartner_historyentry ENABLE TRIGGER parentpartner_historyentry_append_only;",
        [entry.pk],
    )
    with pytest.raises(CommandError, match=rf"History entry {entry.pk} does not match its hash .* was changed"):
        verify()


def test_verify_finds_a_history_row_deleted_by_a_superuser():
    write_history_every_way(UserFactory())
    entry = HistoryEntry.objects.order_by("pk")[2]
    superuser_execute(
        "ALTER TABLE parentpartner_historyentry DISABLE TRIGGER parentpartner_historyentry_append_only;"
        "DELETE FROM parentpartner_historyentry WHERE id = %s;"
        "ALTER TABLE parentpartner_historyentry ENABLE TRIGGER parentpartner_historyentry_append_only;",
        [entry.pk],
    )
    with pytest.raises(CommandError, match=rf"History entry {entry.pk} was deleted"):
        verify()


def test_verify_finds_a_history_row_and_its_link_deleted_by_a_superuser():
    write_history_every_way(UserFactory())
    entry = HistoryEntry.objects.order_by("pk")[2]
    superuser_execute(
        "SET LOCAL session_replication_role = replica;"  # no trigger fires at all
        "DELETE FROM parentpartner_historyentry WHERE id = %s;"
        "DELETE FROM parentpartner_historychainlink WHERE entry_id = %s;",
        [entry.pk, entry.pk],
    )
    with pytest.raises(CommandError, match=r"does not follow the link before it"):
        verify()


def test_verify_finds_a_history_row_inserted_outside_the_chain():
    write_history_every_way(UserFactory())
    superuser_execute(
        "SET LOCAL session_replication_role = replica;"
        "INSERT INTO parentpartner_historyentry (content_type_id, object_id, object_repr, action, changes, at)"
        " VALUES (%s, '0', 'slipped in', 'create', '{}', now())",
        [ContentType.objects.get_for_model(ServiceArea).pk],
    )
    slipped = HistoryEntry.objects.get(object_repr="slipped in")
    with pytest.raises(CommandError, match=rf"History entry {slipped.pk} is not in the chain"):
        verify()


def test_a_recomputed_chain_is_caught_by_a_head_hash_kept_outside():
    """A superuser rewrites a row and recomputes every link after it: the chain alone verifies again,
    but not against the head hash printed before the rewrite."""
    write_history_every_way(UserFactory())
    kept = head()
    assert f"It contains the head hash given ({kept})" in verify("--head", kept)

    entry = HistoryEntry.objects.order_by("pk")[1]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute("UPDATE parentpartner_historyentry SET object_repr = 'forged' WHERE id = %s", [entry.pk])
        cursor.execute("DELETE FROM parentpartner_historychainlink")
        cursor.execute(f"SELECT h.id, {CANONICAL} FROM parentpartner_historyentry h ORDER BY h.id")  # noqa: S608
        previous = GENESIS
        for entry_id, canonical in cursor.fetchall():
            link = entry_hash(previous, canonical)
            cursor.execute(
                "INSERT INTO parentpartner_historychainlink (entry_id, previous_hash, entry_hash) VALUES (%s, %s, %s)",
                [entry_id, previous, link],
            )
            previous = link

    verify()  # the chain alone cannot tell
    with pytest.raises(CommandError, match=rf"does not contain the head hash {kept}"):
        verify("--head", kept)
