"""The quarterly report (R-SUP-5): figures against independently counted data for a site, an area and
the state; drill-downs; downloads; bad input; a fixed number of queries."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from parentpartner import access
from parentpartner.models import ExportLog, Role
from reporting.models import CHECKS, FileAudit
from reporting.services import file_audits as audits
from reporting.services.quarterly_reports.figures import sections
from reporting.services.quarterly_reports.report import (
    BadScope,
    Figure,
    Period,
    ReportScope,
    compute,
    figures_of,
    records,
)
from reporting.services.quarters import Quarter, current_quarter, last_complete_quarter
from tests.factories import AssignmentFactory, SiteFactory, UserFactory, file_review_at
from tests.reporting.quarterly_data import AUG, JUL, JUN, QUARTER, build, expected

pytestmark = pytest.mark.django_db


def period():
    return Period(QUARTER, timezone.localdate())


def figures(scope):
    return compute(sections(period()), period(), scope)


def report_url(scope_key, *extra, name="quarterly-report"):
    return reverse(f"reporting:{name}", args=[str(QUARTER), scope_key, *extra])


@pytest.fixture
def data(world):
    build(world)
    return world


def _check(values, wanted):
    wrong = {key: (values[key], value) for key, value in wanted.items() if values[key] != value}
    assert not wrong, f"figure: (report, expected) {wrong}"


def test_r_sup_5_figures_of_a_site_match_independent_counts(data):
    _check(figures(ReportScope(site=data.site_a1)), expected(1))


def test_r_sup_5_figures_of_an_area_match_independent_counts(data):
    _check(figures(ReportScope(area=data.area_a)), expected(3))
    _check(figures(ReportScope(area=data.area_b)), expected(3))


def test_r_sup_5_figures_of_the_state_match_independent_counts(data):
    values = figures(ReportScope())
    _check(values, expected(6))
    assert values["first_contact_percent"] == 100
    assert values["supervised_weekly_percent"] == 50


def test_r_sup_5_every_count_equals_its_records(data):
    """The same definition gives the figure and the records behind it."""
    user = data.users[Role.STATEWIDE_COORDINATOR]
    scope = ReportScope(area=data.area_a)
    values = figures(scope)
    for figure in figures_of(sections(period())).values():
        if figure.value is None:
            assert records(figure, period(), scope, user).count() == values[figure.key], figure.key


def _draws(world):
    """File reviews of a1 in July and August and of a2 in July (in the quarter), of a1 in June (outside),
    and the area A file audit of July (R-SUP-4); the first a1 file signed off with a corrective action."""
    for site, month in ((world.site_a1, JUL), (world.site_a1, AUG), (world.site_a2, JUL), (world.site_a1, JUN)):
        file_review_at(site, month)
    AssignmentFactory(case__family__site=world.site_a2, assigned_on=JUL)
    audits.draw(world.users[Role.SERVICE_AREA_COORDINATOR], month=JUL, sample_size=2, seed=3)
    first = FileAudit.objects.filter(draw__site=world.site_a1, draw__month=JUL).first()
    audits.save_review(
        first,
        world.users[Role.SITE_COORDINATOR],
        values={"supervision_check": "not_met", "findings": "Supervision missing.", "corrective_actions": "Log it."},
        sign_off=True,
        version=first.version,
    )


def _audit_counts(rows):
    """The audit figures counted in Python from the rows, independently of the report."""
    counts = {
        "audit_draws_review": len({r.draw_id for r in rows if r.draw.kind == "review"}),
        "audit_draws_audit": len({r.draw_id for r in rows if r.draw.kind == "audit"}),
        "audit_files": len(rows),
        "audit_signed_off": sum(1 for r in rows if r.signed_off_at),
        "audit_corrective": sum(1 for r in rows if r.corrective_actions),
    }
    for name, _question in CHECKS:
        for result in ("met", "not_met", "na"):
            counts[f"audit_{name}_{result}"] = sum(1 for r in rows if getattr(r, f"{name}_check") == result)
    return counts


def test_r_sup_4_file_audits_roll_up_into_the_quarterly_report(world):
    _draws(world)
    rows = list(FileAudit.objects.select_related("draw__site"))
    quarter_months = set(QUARTER.months)
    in_quarter = [r for r in rows if r.draw.month in quarter_months]
    site_rows = [r for r in in_quarter if r.draw.site_id == world.site_a1.pk]
    area_rows = [
        r
        for r in in_quarter
        if r.draw.service_area_id == world.area_a.pk or (r.draw.site and r.draw.site.service_area_id == world.area_a.pk)
    ]
    site = figures(ReportScope(site=world.site_a1))
    _check(site, _audit_counts(site_rows))
    assert site["audit_draws_review"] == 2 and site["audit_draws_audit"] == 0 and site["audit_signed_off"] == 1
    area = figures(ReportScope(area=world.area_a))
    _check(area, _audit_counts(area_rows))
    assert area["audit_draws_review"] == 3 and area["audit_draws_audit"] == 1
    _check(figures(ReportScope()), _audit_counts(in_quarter))
    assert figures(ReportScope(site=world.site_b1))["audit_files"] == 0


@pytest.mark.parametrize("role", [Role.STATEWIDE_COORDINATOR, Role.SITE_COORDINATOR])
def test_r_sup_5_report_page_query_count_does_not_grow_with_rows(login, world, role):
    client = login(world.users[role])
    url = report_url("state" if role == Role.STATEWIDE_COORDINATOR else f"site-{world.site_a1.pk}")

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    empty = count()
    build(world)
    full = count()
    build(world)
    # Session and user; for a site, the user's sites (their scope) and the site; one aggregate per
    # base (10); the session's save (savepoint, update, release).
    assert count() == full == empty == (15 if role == Role.STATEWIDE_COORDINATOR else 17)


def test_site_coordinator_defaults_to_the_last_complete_quarter_and_own_site(login, world):
    client = login(world.users[Role.SITE_COORDINATOR])
    response = client.get(reverse("reporting:quarterly-choose"))
    form = response.context["form"]
    assert form["scope"].initial == f"site-{world.site_a1.pk}"
    assert [value for value, _label in form.fields["scope"].choices] == [f"site-{world.site_a1.pk}"]
    default = last_complete_quarter(timezone.localdate())
    assert form["quarter"].initial == str(default)
    # The list offers the last three years, so the choice is made from today (the data's fixed QUARTER,
    # 2025-Q3, leaves the list in mid-2028).
    chosen = client.get(
        reverse("reporting:quarterly-choose"), {"quarter": str(default), "scope": f"site-{world.site_a1.pk}"}
    )
    assert chosen.status_code == 302
    assert chosen.url == reverse("reporting:quarterly-report", args=[str(default), f"site-{world.site_a1.pk}"])


def test_service_area_coordinator_may_choose_the_area_and_its_sites_only(login, world):
    client = login(world.users[Role.SERVICE_AREA_COORDINATOR])
    choices = client.get(reverse("reporting:quarterly-choose")).context["form"].fields["scope"].choices
    assert [v for v, _l in choices] == [
        f"area-{world.area_a.pk}",
        f"site-{world.site_a1.pk}",
        f"site-{world.site_a2.pk}",
    ]
    assert client.get(report_url(f"area-{world.area_a.pk}")).status_code == 200
    assert client.get(report_url(f"area-{world.area_b.pk}")).status_code == 404
    assert client.get(report_url("state")).status_code == 404
    assert client.get(report_url(f"site-{world.site_b1.pk}")).status_code == 404


@pytest.mark.parametrize(
    ("path", "message"),
    [
        (["2025-Q9", "state"], "is not a quarter"),
        (["yesterday", "state"], "is not a quarter"),
        (["2099-Q1", "state"], "has not started yet"),
        (["2025-Q3", "everywhere"], "Choose the state, a service area or a site"),
        (["2025-Q3", "site-abc"], "Choose the state, a service area or a site"),
    ],
)
def test_bad_quarter_or_scope_gives_a_clear_message(login, world, path, message):
    client = login(world.users[Role.STATEWIDE_COORDINATOR])
    for name, extra in (("quarterly-report", []), ("quarterly-records", ["served"]), ("quarterly-download", ["csv"])):
        response = client.get(reverse(f"reporting:{name}", args=[*path, *extra]))
        assert response.status_code == 400
        assert message in response.content.decode()


def test_bad_choice_on_the_form_is_shown_on_the_form(login, world):
    client = login(world.users[Role.STATEWIDE_COORDINATOR])
    response = client.get(reverse("reporting:quarterly-choose"), {"quarter": "2025-Q7", "scope": "nowhere"})
    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"quarter", "scope"}


def test_unknown_site_or_figure_is_not_found(login, world):
    client = login(world.users[Role.STATEWIDE_COORDINATOR])
    assert client.get(report_url("site-999999")).status_code == 404
    assert client.get(report_url("area-999999")).status_code == 404
    assert client.get(report_url("state", "no-such-figure", name="quarterly-records")).status_code == 404


def test_drill_down_lists_the_records_behind_a_figure_within_the_users_scope(login, data):
    client = login(data.users[Role.SERVICE_AREA_COORDINATOR])
    response = client.get(report_url(f"area-{data.area_a.pk}", "served", name="quarterly-records"))
    assert response.status_code == 200
    lines = response.context["lines"]
    assert len(lines) == 2 * 3
    assert all(line["link"].startswith("/mentoring/families/") for line in lines)
    shown = {line["link"] for line in lines}
    from mentoring.models import Case

    in_b = {c.get_absolute_url() for c in Case.objects.filter(family__site=data.site_b1)}
    assert not shown & in_b
    # A second page and a page number that is not a number: no 500.
    assert client.get(response.request["PATH_INFO"], {"page": "x"}).status_code == 200


def test_drill_down_is_paginated(login, data):
    client = login(data.users[Role.STATEWIDE_COORDINATOR])
    response = client.get(report_url("state", "contacts", name="quarterly-records"))
    assert response.context["paginator"].count == 12
    big = client.get(report_url("state", "method_phone", name="quarterly-records"))
    assert big.context["paginator"].count == 6
    assert big.context["is_paginated"] is False


def test_report_links_figures_only_for_roles_allowed_to_see_their_records(login, data, monkeypatch):
    """A site coordinator who may not see review cases (as if the table said so) gets the number but
    no link, and the records page answers 403."""
    monkeypatch.setitem(access.PERMISSIONS, "review_case.view", {Role.STATEWIDE_COORDINATOR})
    client = login(data.users[Role.SITE_COORDINATOR])
    scope = f"site-{data.site_a1.pk}"
    page = client.get(report_url(scope)).content.decode()
    assert report_url(scope, "reviews_opened", name="quarterly-records") not in page
    assert report_url(scope, "referred", name="quarterly-records") in page
    assert client.get(report_url(scope, "reviews_opened", name="quarterly-records")).status_code == 403


def _download(client, scope, fmt):
    """A download asks for its purpose first, then sends the file and logs it (parentpartner.services.exports)."""
    url = report_url(scope, fmt, name="quarterly-download")
    asked = client.get(url)
    assert asked.status_code == 200 and "Purpose of this export" in asked.content.decode()
    assert not asked.has_header("Content-Disposition")
    response = client.post(url, {"purpose": "reporting", "purpose_detail": ""})
    assert response.status_code == 200
    logged = ExportLog.objects.latest("pk")
    assert (logged.what, logged.file_format, logged.purpose) == ("reporting:quarterly-download", fmt, "reporting")
    assert f"quarterly-report-{QUARTER}-{scope}.{fmt}" in response["Content-Disposition"]
    return response


def test_csv_download_has_every_figure(login, data):
    client = login(data.users[Role.STATEWIDE_COORDINATOR])
    response = _download(client, "state", "csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["Quarter", "Period", "Scope", "Section", "Figure", "Value", "Unit"]
    by_figure = {(row[3], row[4]): row for row in rows[1:]}
    assert by_figure[("Families", "Referred")][5] == "12"
    assert by_figure[("Contacts, hours and miles", "Hours with families")][5:] == ["15.00", "hours"]
    assert by_figure[("First contacts within two working days", "First contact on time (percent)")][5] == "100.0"
    assert len(rows) - 1 == sum(len(section.items) for section in sections(period()))


def test_excel_download_opens_with_the_figures_and_no_formula(login, world):
    world.site_a1.name = '=HYPERLINK("http://example.org")'
    world.site_a1.save()
    build(world)
    client = login(world.users[Role.SITE_COORDINATOR])
    response = _download(client, f"site-{world.site_a1.pk}", "xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.title == f"Quarterly report {QUARTER}"
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:5] == ("Quarter", "Period", "Scope", "Section", "Figure")
    values = {row[4]: row[5] for row in rows[1:]}
    assert values["Referred"] == 2
    assert values["Miles for families"] == 15
    # Excel shows the name as typed, as text (parentpartner.spreadsheets.as_xlsx), not a formula.
    assert rows[1][2] == '=HYPERLINK("http://example.org") (Area A service area)'
    assert all(cell.data_type == "s" for cell in sheet["C"][1:])
    csv_text = _download(client, f"site-{world.site_a1.pk}", "csv").content.decode()
    assert ",'=HYPERLINK" in csv_text.replace('"', "")


def test_report_page_shows_sections_and_the_csc_cap(login, data):
    client = login(data.users[Role.SERVICE_AREA_COORDINATOR])
    page = client.get(report_url(f"area-{data.area_a.pk}")).content.decode()
    for title in ("Parent Partners by role", "Monthly activity forms", "Random file audits", "Safety concerns"):
        assert title in page
    assert "Child Safety Conference cap (50 per service area)" in page
    assert 'href="' + report_url(f"area-{data.area_a.pk}", "csv", name="quarterly-download") in page


def test_print_view_asks_for_a_purpose_and_logs_it(login, data):
    client = login(data.users[Role.SERVICE_AREA_COORDINATOR])
    scope = f"area-{data.area_a.pk}"
    page = client.get(report_url(scope)).content.decode()
    assert 'href="' + report_url(scope, name="quarterly-print") in page
    assert "Purpose of this export" in client.get(report_url(scope, name="quarterly-print")).content.decode()
    printed = client.post(report_url(scope, name="quarterly-print"), {"purpose": "filing"})
    assert printed.status_code == 200 and "data-print" in printed.content.decode()
    assert ExportLog.objects.filter(
        what="reporting:quarterly-print", purpose="filing", user__role=Role.SERVICE_AREA_COORDINATOR
    ).exists()


def test_current_quarter_is_reported_to_date(login, world):
    client = login(world.users[Role.STATEWIDE_COORDINATOR])
    quarter = current_quarter(timezone.localdate())
    response = client.get(reverse("reporting:quarterly-report", args=[str(quarter), "state"]))
    assert response.status_code == 200
    assert response.context["period"].as_of == min(timezone.localdate(), quarter.last_day)


def test_period_weeks_and_months():
    import datetime

    done = Period(QUARTER, datetime.date(2025, 11, 1))
    assert len(done.weeks) == 13 and done.weeks[0] == datetime.date(2025, 7, 7)
    assert done.ended_months == QUARTER.months
    running = Period(QUARTER, datetime.date(2025, 8, 15))
    assert running.ended_months == [JUL] and running.started_months == [JUL, AUG]
    assert running.as_of == datetime.date(2025, 8, 15) and running.in_progress


def test_scope_parse_refuses_malformed_values():
    assert ReportScope.parse("state") == ("state", None)
    assert ReportScope.parse(" Site-12 ") == ("site", 12)
    for bad in ("", "site-", "site-1-2", "area-x", "county-3", "site-" + "9" * 20):
        with pytest.raises(BadScope):
            ReportScope.parse(bad)


def test_clinician_and_liaison_do_not_see_quarterly_reports(login, world):
    for role in (Role.CLINICIAN, Role.DHS_LIAISON, Role.PARENT_PARTNER):
        assert login(world.users[role]).get(reverse("reporting:quarterly-choose")).status_code == 403


def test_other_site_in_same_area_for_site_coordinator_is_not_found(login, world):
    client = login(world.users[Role.SITE_COORDINATOR])
    assert client.get(report_url(f"site-{world.site_a2.pk}")).status_code == 404
    assert client.get(report_url(f"area-{world.area_a.pk}")).status_code == 404
    other = SiteFactory(service_area=world.area_a)
    UserFactory(role="site_coordinator", sites=[other])
    assert client.get(report_url(f"site-{other.pk}", "served", name="quarterly-records")).status_code == 404


def test_figures_are_declared_once_with_unique_keys():
    keys = [item.key for section in sections(period()) for item in section.items]
    assert len(keys) == len(set(keys))
    assert all(isinstance(f, Figure) for f in figures_of(sections(period())).values())


@pytest.mark.parametrize(
    "figure",
    [
        "role_start_all",
        "served",
        "forms_missing",
        "contacts",
        "outreach_activities",
        "trainings_completed",
        "serving_partners",
        "concerns_raised",
        "reviews_opened",
        "audit_files",
    ],
)
def test_records_page_query_count_does_not_grow_with_rows(login, world, figure):
    """One figure of each base: the page of records costs the same with one unit of data as with three."""
    client = login(world.users[Role.STATEWIDE_COORDINATOR])
    url = report_url("state", figure, name="quarterly-records")

    def count():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
            assert response.status_code == 200
        return len(queries), response.context["paginator"].count

    build(world)
    if figure == "audit_files":
        file_review_at(world.site_a1, JUL)
    small, rows = count()
    build(world)
    build(world)
    if figure == "audit_files":
        file_review_at(world.site_a2, JUL)
    large, more_rows = count()
    assert more_rows > rows > 0
    assert large == small


def test_the_quarter_is_in_progress_through_its_last_day():
    q3 = Quarter(2026, 3)
    assert Period(q3, datetime.date(2026, 9, 30)).in_progress  # September's forms are not due yet
    assert not Period(q3, datetime.date(2026, 10, 1)).in_progress


def test_before_the_first_monday_nobody_is_counted_for_weekly_supervision_r_sup_1(world):
    """2026-Q3 starts on a Wednesday: on 2 July no week of supervision has started, so a serving Parent
    Partner is neither 'supervised every week' nor 'not supervised at all'."""
    AssignmentFactory(case__family__site=world.site_a1, assigned_on=datetime.date(2026, 6, 1))
    early = Period(Quarter(2026, 3), datetime.date(2026, 7, 2))
    assert early.weeks == []
    values = compute(sections(early), early, ReportScope())
    assert values["serving_partners"] == 1
    assert (values["supervised_weekly"], values["unsupervised"]) == (0, 0)
