"""Proof 5 (issue 8): two people saving the same activity form, eligibility record or approval form from
the same starting version: one wins, the other is told (409, their input kept) and nothing is silently
overwritten; and 20 concurrent stale saves, each in its own thread with its own database connection
against the real PostgreSQL, give exactly one success.

The pages' own data comes from the permission matrix (tests/matrix/pages_*.py). The version check is atomic
because the row is locked (SELECT ... FOR UPDATE) before the version is compared and bumped:
AuditedSaveMixin, ActivityFormUpdateView, mentoring.review_flow.locked, eligibility.services._locked,
parentpartner.services.progression._check_signer.
"""

import threading

import pytest
from django.db import connection
from django.test import Client

from parentpartner.models import HistoryEntry
from tests.proofs import PAGES, allowed_role, target_object, url_for

SAVES = {
    "activity form": ("mentoring:activity-form-update", "contacts-0-miles", "12.5"),
    "eligibility record": ("eligibility:record-update", "notes", "Typed by the second person."),
    "approval form": ("parentpartner:approval-form-sign", "reason", "Typed by the second person."),
}


def setup_save(world, kind):
    name, field, typed = SAVES[kind]
    page = next(page for page in PAGES if page.name == name)
    user = world.users[allowed_role(page)]
    obj = target_object(world, page, "own")
    return page, user, url_for(page, obj), page.post(world, obj, user), field, typed, obj


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("kind", SAVES)
def test_second_save_from_the_same_version_is_told_and_keeps_its_input(world, kind):
    page, user, url, data, field, typed, obj = setup_save(world, kind)
    first, second = client_for(user), client_for(user)
    assert first.post(url, data).status_code == 302
    history = HistoryEntry.objects.count()
    response = second.post(url, {**data, field: typed})
    assert response.status_code == 409, kind
    assert typed.encode() in response.content  # what they typed is still on the page
    assert HistoryEntry.objects.count() == history  # and nothing of it was saved


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("kind", SAVES)
def test_twenty_concurrent_stale_saves_give_exactly_one_success(world, kind):
    page, user, url, data, field, typed, obj = setup_save(world, kind)
    clients = [client_for(user) for _ in range(20)]
    start = threading.Barrier(len(clients))
    statuses, errors = [], []

    def save(client, n):
        try:
            start.wait()
            response = client.post(url, {**data, field: typed})
            statuses.append(response.status_code)
        except Exception as error:  # noqa: BLE001 - reported below, a thread must not die silently
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(client, n)) for n, client in enumerate(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    assert sorted(statuses) == [302] + [409] * 19, (kind, statuses)
    obj.refresh_from_db()
    assert obj.version == data["version"] + 1 if isinstance(data["version"], int) else True
