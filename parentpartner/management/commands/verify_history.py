"""`manage.py verify_history [--head HASH]`: recompute the hash chain over the history (migration 0009)
and report the first history entry that does not match, or print the chain's head hash.

The database seals each history row when its transaction commits: a link (entry id, previous hash,
sha256(previous hash + the row's canonical content)). This command walks the links in order, in one
consistent snapshot, and recomputes every hash here in Python, trusting neither the stored hashes nor
the database's functions. It finds:

- a history row changed after it was written (its content no longer gives its hash), even by a
  database superuser who switched the append-only trigger off;
- a history row deleted (a link points at no row);
- a link removed, inserted or changed (a link's previous hash is not the hash before it);
- a history row inserted out of the chain (a row with no link, e.g. written with the triggers off).

Someone who may rewrite every table (a superuser) can also recompute the whole chain after their
change; that is detected only against a head hash kept outside the database: keep the printed head
(e.g. in the nightly backup log, see README) and pass an old one with `--head` to check that the chain
still contains it.
"""

import hashlib
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction

GENESIS = "0" * 64
# The canonical content of a history row, exactly as migration 0009's trigger renders it.
CANONICAL = (
    "jsonb_build_array(h.id, h.content_type_id, h.object_id, h.object_repr, h.action, h.changes, h.user_id, "
    "to_char(h.at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'))::text"
)
# Links with their entries' content, in chain order, a batch at a time (keyset pagination). Built from
# this module's constants only; the values go as query parameters (nosec).
LINKS = (
    f"SELECT l.id, l.entry_id, l.previous_hash, l.entry_hash, CASE WHEN h.id IS NOT NULL THEN {CANONICAL} END "  # noqa: S608  # nosec B608
    "FROM parentpartner_historychainlink l LEFT JOIN parentpartner_historyentry h ON h.id = l.entry_id "
    "WHERE l.id > %s ORDER BY l.id LIMIT %s"
)
UNCHAINED = (
    "SELECT h.id FROM parentpartner_historyentry h WHERE NOT EXISTS "
    "(SELECT 1 FROM parentpartner_historychainlink l WHERE l.entry_id = h.id) ORDER BY h.id LIMIT 1"
)
BATCH = 5000


def entry_hash(previous: str, canonical: str) -> str:
    return hashlib.sha256((previous + canonical).encode("utf-8")).hexdigest()


class ChainBroken(Exception):
    """The first place where the history and its chain disagree, said for the person on duty."""


def verify(head: str | None = None) -> tuple[int, str]:
    """(number of entries, head hash) of an intact chain; raises ChainBroken at the first mismatch.
    `head`: a head hash printed earlier, which the chain must still contain."""
    previous, count, seen_head = GENESIS, 0, head is None
    with transaction.atomic(), connection.cursor() as cursor:
        # One snapshot for the whole walk: entries committed meanwhile are neither half-seen nor unchained.
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        last_id = 0
        while True:
            cursor.execute(LINKS, [last_id, BATCH])
            rows = cursor.fetchall()
            if not rows:
                break
            for link_id, entry_id, stored_previous, stored_hash, canonical in rows:
                _check_link(link_id, entry_id, previous, stored_previous, stored_hash, canonical)
                previous, count, last_id = stored_hash, count + 1, link_id
                seen_head = seen_head or stored_hash == head
        cursor.execute(UNCHAINED)
        unchained = cursor.fetchone()
    if unchained:
        raise ChainBroken(
            f"History entry {unchained[0]} is not in the chain: it was inserted with the chain's trigger "
            "switched off, or its link was removed."
        )
    if not seen_head:
        raise ChainBroken(
            f"The chain does not contain the head hash {head}: the history was rewritten and the chain "
            "recomputed after that hash was recorded (or the hash belongs to another database)."
        )
    return count, previous


def _check_link(
    link_id: int, entry_id: int, previous: str, stored_previous: str, stored_hash: str, canonical: str | None
) -> None:
    if stored_previous != previous:
        raise ChainBroken(
            f"Chain link {link_id} (history entry {entry_id}) does not follow the link before it: "
            "a link was removed, inserted or changed."
        )
    if canonical is None:
        raise ChainBroken(f"History entry {entry_id} was deleted (chain link {link_id} points at no entry).")
    if entry_hash(previous, canonical) != stored_hash:
        raise ChainBroken(
            f"History entry {entry_id} does not match its hash (chain link {link_id}): "
            "it was changed after it was written."
        )


class Command(BaseCommand):
    help = "Verify the hash chain over the history; print the head hash to keep outside the database."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--head", help="a head hash printed earlier; the chain must still contain it")

    def handle(self, *args: Any, head: str | None = None, **options: Any) -> None:
        try:
            count, last = verify(head.strip().lower() if head else None)
        except ChainBroken as broken:
            raise CommandError(f"The history's hash chain is broken. {broken}") from None
        self.stdout.write(f"History chain intact: {count} entries.")
        if head:
            self.stdout.write(f"It contains the head hash given ({head}).")
        self.stdout.write(f"Head hash (keep it outside the database): {last}")
