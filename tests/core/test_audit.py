"""The audit trail (issue 8, Audit): history rows for every change, bulk ones included, that nothing can
edit or delete; the access log of families' records; exports that ask for a purpose and are logged."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, connection, transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from parentpartner import audit
from parentpartner.models import AccessLogEntry, ExportLog, HistoryEntry, Role, RoleAssignment
from parentpartner.services import door
from tests.factories import AssignmentFactory, HistoryEntryFactory, RoleAssignmentFactory
from tests.proofs import FORM_PAGES, own_post

# --- history rows cannot be changed or deleted -----------------------------------------------------


def _access_row(world):
    return AccessLogEntry.objects.create(
        user=world.users[Role.SITE_COORDINATOR], family=AssignmentFactory().case.family, path="/x/"
    )


def _export_row(world):
    return ExportLog.objects.create(
        user=world.users[Role.SITE_COORDINATOR], what="x", path="/x/", file_format="csv", purpose="payment"
    )


LOGS = {
    "history": lambda world: HistoryEntryFactory(),
    "access": _access_row,
    "export": _export_row,
}


@pytest.mark.parametrize("kind", LOGS)
def test_log_rows_refuse_orm_update_and_delete(world, kind):
    row = LOGS[kind](world)
    with pytest.raises(ValueError):
        row.save()
    with pytest.raises(ValueError):
        row.delete()
    text_field = "object_repr" if kind == "history" else "path"
    with pytest.raises(DatabaseError), transaction.atomic():
        type(row).objects.filter(pk=row.pk).update(**{text_field: "rewritten"})
    with pytest.raises(DatabaseError), transaction.atomic():
        type(row).objects.filter(pk=row.pk).delete()
    assert type(row).objects.filter(pk=row.pk).exists()


@pytest.mark.parametrize("kind", LOGS)
def test_log_rows_refuse_raw_sql_update_and_delete(world, kind):
    """The database trigger, not only the model: a raw UPDATE or DELETE from the application's
    connection fails."""
    row = LOGS[kind](world)
    table = type(row)._meta.db_table
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET at = now() WHERE id = %s", [row.pk])  # noqa: S608
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE id = %s", [row.pk])  # noqa: S608
    assert type(row).objects.filter(pk=row.pk).exists()


def test_history_entries_can_still_be_written(world):
    before = HistoryEntry.objects.count()
    audit.record(world.users[Role.SITE_COORDINATOR], world.site_a1, HistoryEntry.Action.CREATE)
    assert HistoryEntry.objects.count() == before + 1


# --- every change leaves a row, bulk changes included ----------------------------------------------


@pytest.mark.parametrize("page", FORM_PAGES, ids=lambda p: p.name)
def test_every_change_through_a_page_leaves_a_history_row(login, world, page):
    """Each kind of case data (families, assignments, activity forms and contacts, safety concerns,
    review cases, approvals, role changes, eligibility, ...): a saving POST on every page of the
    matrix writes at least one history row, by the user who posted."""
    user, url, data = own_post(world, page)
    last = HistoryEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    response = login(user).post(url, data)
    assert response.status_code == 302, (page.name, response.content[:1500])
    written = HistoryEntry.objects.filter(pk__gt=last)
    assert written.exists(), page.name
    assert set(written.values_list("user", flat=True)) == {user.pk}, page.name


def test_bulk_update_leaves_a_history_row_per_record(world):
    user = world.users[Role.STATEWIDE_COORDINATOR]
    partners = [world.pp_a1, world.pp_a2, world.pp_b1]
    for partner in partners:
        if not RoleAssignment.objects.filter(parent_partner=partner).exists():
            RoleAssignmentFactory(parent_partner=partner, role="pp", started_on=datetime.date(2025, 1, 1))
    open_rows = list(RoleAssignment.objects.filter(parent_partner__in=partners, ended_on__isnull=True))
    assert len(open_rows) >= 2
    with door._opened():  # role rows as the sample of case data; the door is the only writer of them
        changed = audit.update_each(
            user, RoleAssignment.objects.filter(pk__in=[r.pk for r in open_rows]), reason="bulk"
        )
    assert changed == len(open_rows)
    content_type = ContentType.objects.get_for_model(RoleAssignment)
    for row in open_rows:
        entry = HistoryEntry.objects.get(content_type=content_type, object_id=str(row.pk))
        assert entry.user == user and entry.action == HistoryEntry.Action.UPDATE
        assert "bulk" in str(entry.changes)


def test_change_role_records_the_closed_and_the_new_role_rows(world):
    """R-ROLE-1: the bulk close of open role rows is in the history, one row per role row."""
    user = world.users[Role.STATEWIDE_COORDINATOR]
    open_row = RoleAssignment.objects.filter(parent_partner=world.pp_a1, ended_on__isnull=True).first()
    open_row = open_row or RoleAssignmentFactory(
        parent_partner=world.pp_a1, role="pp", started_on=datetime.date(2025, 1, 1)
    )
    on = open_row.started_on + datetime.timedelta(days=1)
    new = door._change_role(world.pp_a1, role="lead", on=on, user=user, reason="Promoted")
    content_type = ContentType.objects.get_for_model(RoleAssignment)
    closed = HistoryEntry.objects.get(content_type=content_type, object_id=str(open_row.pk))
    assert closed.action == HistoryEntry.Action.UPDATE and closed.user == user
    assert HistoryEntry.objects.filter(
        content_type=content_type, object_id=str(new.pk), action=HistoryEntry.Action.CREATE
    ).exists()


def test_bulk_delete_leaves_a_history_row_per_record(world):
    user = world.users[Role.STATEWIDE_COORDINATOR]
    rows = [
        RoleAssignmentFactory(
            parent_partner=world.pp_a2,
            role="pp",
            started_on=datetime.date(2020 + n, 1, 1),
            ended_on=datetime.date(2020 + n, 6, 1),
        )
        for n in range(3)
    ]
    with door._opened():
        assert audit.delete_each(user, RoleAssignment.objects.filter(pk__in=[r.pk for r in rows])) == 3
    content_type = ContentType.objects.get_for_model(RoleAssignment)
    for row in rows:
        entry = HistoryEntry.objects.get(content_type=content_type, object_id=str(row.pk))
        assert entry.action == HistoryEntry.Action.DELETE and entry.changes


def case_models():
    """Case data: every model of the program's apps, and the core's records about Parent Partners;
    not the logins, their devices, reference data or the logs themselves."""
    from django.apps import apps

    # A notification tells a person what was done to their login; it holds no case data (issue 15).
    not_case = {
        "User",
        "ServiceArea",
        "County",
        "HistoryEntry",
        "AccessLogEntry",
        "ExportLog",
        "StateHoliday",
        "Notification",
    }
    models = [
        model
        for label in ("parentpartner", "mentoring", "eligibility", "training", "reporting")
        for model in apps.get_app_config(label).get_models()
    ]
    return {model.__name__ for model in models} - not_case


def test_no_bare_bulk_writes_on_case_data_in_the_code():
    """grep: a queryset .update()/.delete(), bulk_create or bulk_update on a case model skips the
    history; the application uses audit.update_each / delete_each / create_each instead (demo loaders
    excepted: fictional data seeded before anyone logs in; a version bump alone is bookkeeping)."""
    import pathlib
    import re

    names = "|".join(sorted(case_models()))
    pattern = re.compile(rf"\b({names})\.objects\.(.*\.(update|delete)\(|bulk_(create|update)\()")
    root = pathlib.Path(__file__).resolve().parents[2]
    offenders = []
    for app in ["parentpartner", "mentoring", "eligibility", "training", "reporting"]:
        for path in (root / app).rglob("*.py"):
            # Demo loaders are modules or packages named demo.
            if "migrations" in path.parts or "demo" in path.parts or "demo" in path.name or path.name == "audit.py":
                continue
            for number, line in enumerate(path.read_text().splitlines(), 1):
                if pattern.search(line) and "update(version=" not in line:
                    offenders.append(f"{path.relative_to(root)}:{number}: {line.strip()}")
    assert offenders == []
    assert pattern.search("Assignment.objects.filter(pk=1).update(first_contact_on=None)")


@pytest.mark.parametrize("role", list(Role))
def test_detail_pages_show_history_to_the_roles_allowed(login, world, role):
    family = AssignmentFactory(case__family__site=world.site_a1, parent_partner=world.pp_a1).case.family
    audit.record(world.users[Role.SITE_COORDINATOR], family, HistoryEntry.Action.CREATE)
    response = login(world.users[role]).get(family.get_absolute_url())
    if response.status_code != 200:
        return
    staff = role not in (Role.PARENT_PARTNER, Role.SYSTEM_ADMINISTRATOR)
    assert (b"Change history" in response.content) is staff


# --- access log ------------------------------------------------------------------------------------


def _family(world, site):
    return AssignmentFactory(case__family__site=site).case.family


def test_opening_a_family_writes_one_access_row(login, world, django_assert_num_queries):
    family = _family(world, world.site_a1)
    user = world.users[Role.SITE_COORDINATOR]
    client = login(user)
    client.get(family.get_absolute_url())
    entry = AccessLogEntry.objects.get()
    assert (entry.user, entry.family, entry.path) == (user, family, family.get_absolute_url())


def test_a_refused_opening_writes_no_access_row(login, world):
    family = _family(world, world.site_b1)
    assert login(world.users[Role.SITE_COORDINATOR]).get(family.get_absolute_url()).status_code == 404
    assert not AccessLogEntry.objects.exists()


def test_access_log_page_filters_and_scopes(login, world):
    coordinator = world.users[Role.SITE_COORDINATOR]
    mine, other_area = _family(world, world.site_a1), _family(world, world.site_b1)
    for family in (mine, other_area):
        AccessLogEntry.objects.create(user=coordinator, family=family, path=family.get_absolute_url())
    url = reverse("parentpartner:access-log")
    statewide = login(world.users[Role.STATEWIDE_COORDINATOR]).get(url)
    assert statewide.context["paginator"].count == 2
    filtered = login(world.users[Role.STATEWIDE_COORDINATOR]).get(url, {"family": other_area.pk})
    assert [e.family_id for e in filtered.context["object_list"]] == [other_area.pk]
    sac = login(world.users[Role.SERVICE_AREA_COORDINATOR]).get(url)
    assert [e.family_id for e in sac.context["object_list"]] == [mine.pk]
    for family in ("-3", "99999999999999999999", "1e400", "x"):
        bad = login(world.users[Role.STATEWIDE_COORDINATOR]).get(url, {"since": "not a date", "family": family})
        assert bad.status_code == 200


# --- exports ask for a purpose ---------------------------------------------------------------------


def test_export_asks_for_a_purpose_before_sending_and_logs_it(login, world):
    client = login(world.users[Role.CONTRACT_MANAGER])
    url = reverse("mentoring:pay-report-csv") + "?month=2026-01"
    page = client.get(url)
    assert page.status_code == 200 and b"Purpose of this export" in page.content
    assert "text/html" in page["Content-Type"] and not ExportLog.objects.exists()
    refused = client.post(url, {"purpose": "other", "purpose_detail": ""})
    assert refused.status_code == 200 and b"Say what the export is for." in refused.content
    assert not ExportLog.objects.exists()
    sent = client.post(url, {"purpose": "other", "purpose_detail": "Audit by the state"})
    assert sent["Content-Type"].startswith("text/csv") and sent["Cache-Control"] == "no-store"
    log = ExportLog.objects.get()
    assert log.user == world.users[Role.CONTRACT_MANAGER]
    assert (log.what, log.file_format, log.purpose) == ("mentoring:pay-report-csv", "csv", "other")
    assert log.params["query"] == {"month": ["2026-01"]} and log.row_count is not None


def test_export_purpose_is_not_asked_of_those_refused(login, client, world):
    url = reverse("mentoring:pay-report-xlsx")
    assert client.post(url, {"purpose": "payment"}).status_code == 302
    assert login(world.users[Role.CLINICIAN]).post(url, {"purpose": "payment"}).status_code == 403
    assert not ExportLog.objects.exists()


def test_export_log_page_for_the_statewide_coordinator(login, world):
    login(world.users[Role.CONTRACT_MANAGER]).post(reverse("mentoring:pay-report-xlsx"), {"purpose": "reporting"})
    response = login(world.users[Role.STATEWIDE_COORDINATOR]).get(
        reverse("parentpartner:export-log"), {"purpose": "reporting"}
    )
    assert response.context["paginator"].count == 1
    assert login(world.users[Role.SERVICE_AREA_COORDINATOR]).get(reverse("parentpartner:export-log")).status_code == 403


def _patterns(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            if pattern.namespace != "admin":
                yield from _patterns(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", pattern.callback


def test_every_export_url_asks_for_a_purpose():
    """Every URL answering with a file or a print page is wrapped by parentpartner.services.exports: found by
    name (csv, xlsx, excel, print, download) over the whole URL configuration."""
    exports = {
        name: getattr(callback, "asks_purpose", None)
        for name, callback in _patterns(get_resolver().url_patterns)
        if any(word in name for word in ("csv", "xlsx", "excel", "print", "download"))
    }
    assert exports and all(exports.values()), exports
