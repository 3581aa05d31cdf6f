"""Random client file audits (R-SUP-4): the draw is reproducible from its seed and cannot be redrawn;
the checklist is prefilled from the data; scope and pages."""

import datetime
import random

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from mentoring.models import CaseStatus, FormStatus, SafetyStatus
from parentpartner.models import HistoryEntry, Role
from reporting.models import CheckResult, FileAudit, FileAuditDraw
from reporting.services import file_audits as audits
from tests.factories import (
    ActivityFormFactory,
    AssignmentFactory,
    CaseFactory,
    SafetyConcernFactory,
    SupervisionSessionFactory,
    file_review_at,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
LAST_MONTH = (TODAY.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
LAST_MONTH_END = TODAY.replace(day=1) - datetime.timedelta(days=1)


def families_at(site, count, assigned_on=LAST_MONTH):
    return [AssignmentFactory(case__family__site=site, assigned_on=assigned_on).case.family for _ in range(count)]


def test_r_sup_4_draw_is_reproducible_from_its_seed(world):
    families = families_at(world.site_a1, 9)
    coordinator = world.users[Role.SITE_COORDINATOR]
    made = audits.draw(coordinator, month=LAST_MONTH, sample_size=4, site=world.site_a1)
    # Independently: the population sorted by primary key, then random.Random(seed).sample.
    population = sorted(family.pk for family in families)
    assert made.population == population
    assert made.sample == random.Random(made.seed).sample(population, 4)  # noqa: S311 - the draw is not secret
    assert audits.rerun(made) == {"sample": made.sample, "same_sample": True, "population_unchanged": True}
    assert list(made.audits.order_by("position").values_list("family_id", flat=True)) == made.sample
    assert HistoryEntry.objects.filter(object_repr=str(made)).exists()


def test_r_sup_4_rerun_says_when_todays_population_differs(world):
    families_at(world.site_a1, 3)
    made = audits.draw(world.users[Role.SITE_COORDINATOR], month=LAST_MONTH, sample_size=2, site=world.site_a1)
    families_at(world.site_a1, 1)  # a backdated assignment
    again = audits.rerun(made)
    assert again["same_sample"] and not again["population_unchanged"]


def test_r_sup_4_draw_cannot_be_redrawn_or_edited(world):
    families_at(world.site_a1, 3)
    coordinator = world.users[Role.SITE_COORDINATOR]
    made = audits.draw(coordinator, month=LAST_MONTH, sample_size=1, site=world.site_a1)
    with pytest.raises(ValidationError) as refused:
        audits.draw(coordinator, month=LAST_MONTH, sample_size=2, site=world.site_a1)
    assert "month" in refused.value.message_dict
    made.sample_size = 3
    with pytest.raises(ValueError):
        made.save()
    # The database refuses a second draw written another way.
    with pytest.raises(IntegrityError), transaction.atomic():
        FileAuditDraw.objects.create(
            kind="review",
            month=LAST_MONTH,
            site=world.site_a1,
            population=[1],
            sample_size=1,
            seed=1,
            sample=[1],
            drawn_by=coordinator,
        )
    assert FileAuditDraw.objects.get().sample_size == 1


def test_r_sup_4_sac_draws_the_area_and_other_kinds_scope_separately(world):
    a1 = families_at(world.site_a1, 2)
    a2 = families_at(world.site_a2, 2)
    families_at(world.site_b1, 2)
    sac = world.users[Role.SERVICE_AREA_COORDINATOR]
    made = audits.draw(sac, month=LAST_MONTH, sample_size=4)
    assert made.kind == "audit" and made.service_area == world.area_a and made.site is None
    assert made.population == sorted(f.pk for f in a1 + a2)
    # The coordinator's review of a1 is another kind: both may exist for the month.
    audits.draw(world.users[Role.SITE_COORDINATOR], month=LAST_MONTH, sample_size=1, site=world.site_a1)


def test_r_sup_4_population_is_families_active_in_the_month(world):
    active = families_at(world.site_a1, 1)[0]
    ended_before = AssignmentFactory(
        case__family__site=world.site_a1,
        assigned_on=LAST_MONTH - datetime.timedelta(days=60),
        ended_on=LAST_MONTH - datetime.timedelta(days=1),
        end_reason="case_closed",
        case__status=CaseStatus.CLOSED,
        case__closed_on=LAST_MONTH - datetime.timedelta(days=1),
        case__closed_by="mutual",
        case__outcome="reunified",
    )
    ended_during = AssignmentFactory(
        case__family__site=world.site_a1,
        assigned_on=LAST_MONTH - datetime.timedelta(days=60),
        ended_on=LAST_MONTH + datetime.timedelta(days=3),
        end_reason="lives_close",
    )
    AssignmentFactory(case__family__site=world.site_a1, assigned_on=TODAY.replace(day=1))  # starts after
    assert audits.population(LAST_MONTH, site=world.site_a1) == sorted([active.pk, ended_during.case.family_id])
    assert ended_before.case.family_id not in audits.population(LAST_MONTH, site=world.site_a1)


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"month": TODAY.replace(day=1), "sample_size": 1}, "month"),  # not ended yet
        ({"month": LAST_MONTH, "sample_size": 5}, "sample_size"),  # more than the population
        ({"month": LAST_MONTH - datetime.timedelta(days=400), "sample_size": 1}, "month"),  # nobody active
    ],
)
def test_r_sup_4_bad_draw_is_a_message_on_the_field(world, login, data, field):
    families_at(world.site_a1, 2)
    client = login(world.users[Role.SITE_COORDINATOR])
    response = client.post(
        reverse("reporting:audit-draw-create"),
        {"month": f"{data['month']:%Y-%m}", "sample_size": data["sample_size"], "site": world.site_a1.pk},
    )
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not FileAuditDraw.objects.exists()


def test_r_sup_4_coordinator_cannot_draw_another_site(world, login):
    families_at(world.site_a2, 2)
    response = login(world.users[Role.SITE_COORDINATOR]).post(
        reverse("reporting:audit-draw-create"),
        {"month": f"{LAST_MONTH:%Y-%m}", "sample_size": 1, "site": world.site_a2.pk},
    )
    assert response.status_code == 200 and "site" in response.context["form"].errors
    with pytest.raises(ValidationError):
        audits.draw(world.users[Role.SITE_COORDINATOR], month=LAST_MONTH, sample_size=1, site=world.site_a2)
    assert not FileAuditDraw.objects.exists()


def test_r_sup_4_draw_page_draws_and_shows_the_rerun(world, login):
    families_at(world.site_a1, 3)
    client = login(world.users[Role.SITE_COORDINATOR])
    response = client.post(
        reverse("reporting:audit-draw-create"),
        {"month": f"{LAST_MONTH:%Y-%m}", "sample_size": 2, "site": world.site_a1.pk},
    )
    made = FileAuditDraw.objects.get()
    assert response.url == made.get_absolute_url()
    page = client.get(made.get_absolute_url() + "?rerun=1")
    assert page.context["rerun"]["same_sample"]
    assert b"the same 2 files" in page.content


# --- the checklist, prefilled: built independently of reporting.audits ------------------------------


def test_r_sup_4_checklist_all_met(world):
    assignment = AssignmentFactory(
        case__family__site=world.site_a1,
        case__referred_on=LAST_MONTH - datetime.timedelta(days=30),
        parent_partner=world.pp_a1,
        assigned_on=LAST_MONTH - datetime.timedelta(days=20),
    )
    # Forms for the month of assignment and the audited month, both approved.
    for month in {assignment.assigned_on.replace(day=1), LAST_MONTH}:
        ActivityFormFactory(assignment=assignment, month=month, status=FormStatus.APPROVED)
    SupervisionSessionFactory(parent_partner=world.pp_a1, held_on=LAST_MONTH + datetime.timedelta(days=5))
    values = audits.prefill(assignment.case.family, LAST_MONTH)
    assert values["forms_check"] == CheckResult.MET
    assert values["first_contact_check"] == CheckResult.MET
    assert values["consent_check"] == CheckResult.MET
    assert values["safety_check"] == CheckResult.NOT_APPLICABLE
    assert values["supervision_check"] == CheckResult.MET


def test_r_sup_4_checklist_finds_the_gaps(world):
    case = CaseFactory(family__site=world.site_a1, status=CaseStatus.ACTIVE, consent_on=LAST_MONTH_END)
    assignment = AssignmentFactory(
        case=case,
        parent_partner=world.pp_a1,
        assigned_on=LAST_MONTH,
        first_contact_due=LAST_MONTH + datetime.timedelta(days=2),
        first_contact_on=LAST_MONTH + datetime.timedelta(days=6),
    )
    ActivityFormFactory(assignment=assignment, month=LAST_MONTH, status=FormStatus.SUBMITTED)
    SafetyConcernFactory(case=case, parent_partner=world.pp_a1, known_on=LAST_MONTH + datetime.timedelta(days=3))
    # Supervised, but the month before: not in the audited month.
    SupervisionSessionFactory(parent_partner=world.pp_a1, held_on=LAST_MONTH - datetime.timedelta(days=1))
    values = audits.prefill(case.family, LAST_MONTH)
    assert values["forms_check"] == CheckResult.NOT_MET and f"{LAST_MONTH:%B %Y}" in values["forms_note"]
    assert values["first_contact_check"] == CheckResult.NOT_MET
    assert values["consent_check"] == CheckResult.NOT_MET  # consent recorded after the assignment
    assert values["safety_check"] == CheckResult.NOT_MET
    assert values["supervision_check"] == CheckResult.NOT_MET


def test_r_sup_4_closed_concern_is_followed_through(world):
    assignment = AssignmentFactory(case__family__site=world.site_a1, assigned_on=LAST_MONTH)
    SafetyConcernFactory(
        case=assignment.case,
        parent_partner=assignment.parent_partner,
        known_on=LAST_MONTH,
        status=SafetyStatus.CASEWORKER_INFORMED,
        caseworker_informed_by="participant",
        caseworker_informed_on=LAST_MONTH,
        caseworker_informed_recorded_by=world.users[Role.SITE_COORDINATOR],
    )
    assert audits.prefill(assignment.case.family, LAST_MONTH)["safety_check"] == CheckResult.MET


# --- sign-off ------------------------------------------------------------------------------------


def review(row, **changes):
    data = {
        "version": row.version,
        "forms_check": "met",
        "first_contact_check": "met",
        "consent_check": "met",
        "safety_check": "na",
        "supervision_check": "met",
        "findings": "",
        "corrective_actions": "",
    }
    return {**data, **changes}


def test_r_sup_4_sign_off_needs_findings_and_a_corrective_action_for_a_no(world, login):
    row = file_review_at(world.site_a1).audits.get()
    client = login(world.users[Role.SITE_COORDINATOR])
    url = reverse("reporting:file-audit-update", args=[row.pk])
    response = client.post(url, review(row, supervision_check="not_met", sign_off="on"))
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"findings", "corrective_actions"}
    response = client.post(
        url,
        review(row, supervision_check="not_met", findings="No log.", corrective_actions="Log weekly.", sign_off="on"),
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.signed_off_by == world.users[Role.SITE_COORDINATOR] and row.signed_off_at is not None
    assert row.supervision_check == CheckResult.NOT_MET
    # Locked once signed off.
    response = client.post(url, review(row, findings="Changed."))
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    row.refresh_from_db()
    assert row.findings == "No log."


def test_r_sup_4_stale_checklist_save_is_refused(world, login):
    row = file_review_at(world.site_a1).audits.get()
    client = login(world.users[Role.SITE_COORDINATOR])
    url = reverse("reporting:file-audit-update", args=[row.pk])
    assert client.post(url, review(row, findings="First.")).status_code == 302
    response = client.post(url, review(row, findings="Second."))  # still the old version
    assert response.status_code == 200
    assert FileAudit.objects.get().findings == "First."


# --- scope and lists -------------------------------------------------------------------------------


def test_r_sup_4_site_coordinator_does_not_see_the_area_audit(world):
    families_at(world.site_a1, 2)
    area_draw = audits.draw(world.users[Role.SERVICE_AREA_COORDINATOR], month=LAST_MONTH, sample_size=1)
    assert not FileAuditDraw.objects.visible_to(world.users[Role.SITE_COORDINATOR]).filter(pk=area_draw.pk).exists()
    assert FileAuditDraw.objects.visible_to(world.users[Role.STATEWIDE_COORDINATOR]).filter(pk=area_draw.pk).exists()


@pytest.mark.parametrize("months", [1, 4])
def test_r_sup_4_draw_list_query_count(world, login, django_assert_num_queries, months):
    for back in range(months):
        month = LAST_MONTH
        for _ in range(back):
            month = (month - datetime.timedelta(days=1)).replace(day=1)
        file_review_at(world.site_a1, month)
    client = login(world.users[Role.SERVICE_AREA_COORDINATOR])
    # 1 session, 2 user, 3 count of draws, 4 the page of draws with site, area and drawer joined,
    # 5 the area's months never drawn (reporting.audits.overdue_draws, R-SUP-4),
    # 6-8 the session's idle-timeout renewal.
    with django_assert_num_queries(8):
        response = client.get(reverse("reporting:audit-draw-list"))
    assert response.status_code == 200
    assert len(response.context["object_list"]) == months


# --- the draw's cost does not grow with its sample (issue 9) -----------------------------------------


def test_r_sup_4_draw_query_count_does_not_grow_with_the_sample(world, login):
    """The checklists of every sampled file are prefilled together (reporting.audits.prefill_many)
    and saved with their history rows in one INSERT each: the same queries for 1 file or 5."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    month_before = (LAST_MONTH - datetime.timedelta(days=1)).replace(day=1)
    for family in families_at(world.site_a1, 5, assigned_on=month_before):
        case = family.cases.get()
        SafetyConcernFactory(case=case, parent_partner=case.assignments.get().parent_partner, known_on=month_before)
    SupervisionSessionFactory(parent_partner=world.pp_a1, held_on=LAST_MONTH + datetime.timedelta(days=3))
    client = login(world.users[Role.SITE_COORDINATOR])
    client.get(reverse("reporting:audit-draw-create"))  # the session's first renewal, before counting
    ContentType.objects.get_for_models(FileAudit, FileAuditDraw)  # cached per process, as in production
    counts = {}
    for month, sample_size in ((month_before, 1), (LAST_MONTH, 5)):
        data = {"month": f"{month:%Y-%m}", "sample_size": sample_size, "site": world.site_a1.pk}
        with CaptureQueriesContext(connection) as queries:
            response = client.post(reverse("reporting:audit-draw-create"), data)
        assert response.status_code == 302
        counts[sample_size] = [q["sql"] for q in queries.captured_queries if "SAVEPOINT" not in q["sql"]]
        made = FileAuditDraw.objects.get(month=month)
        rows = list(made.audits.order_by("position"))
        assert len(rows) == sample_size
        # Every file has its creation row in the history, as one saved alone would.
        created = HistoryEntry.objects.filter(object_id__in=[str(r.pk) for r in rows], action="create")
        assert created.filter(object_repr__startswith="File ").count() == sample_size
    # 1 session, 2 user, 3-4 the user's sites (form), 5 population, 6 insert draw, 7 the sampled
    # families, 8-11 prefill (assignments, forms, concerns, supervision), 12 insert the files, 13 the
    # history rows of the draw and its files, 14 the session's renewal.
    assert len(counts[1]) == len(counts[5]) <= 15, "\n".join(counts[5])


def test_r_sup_4_batched_prefill_matches_one_family_at_a_time(world):
    families = families_at(world.site_a1, 3)
    first_assignment = families[0].cases.get().assignments.get()
    ActivityFormFactory(assignment=first_assignment, month=LAST_MONTH, status=FormStatus.APPROVED)
    SafetyConcernFactory(case=families[1].cases.get(), parent_partner=world.pp_a1, known_on=LAST_MONTH)
    together = audits.prefill_many(families, LAST_MONTH)
    assert together == {family.pk: audits.prefill(family, LAST_MONTH) for family in families}
