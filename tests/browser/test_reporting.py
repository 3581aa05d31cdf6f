"""The reporting issue's walk-through in Chromium: a service area coordinator opens their dashboard,
draws last month's random file audit of the area (R-SUP-4) and downloads the quarterly report of the
area as Excel (R-SUP-5), giving the export's purpose on the way. Each page passes axe."""

import datetime
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from parentpartner.dates import first_of_month, previous_month
from parentpartner.models import ExportLog
from reporting.models import FileAuditDraw
from reporting.services.quarters import last_complete_quarter
from tests.browser.test_browser import assert_accessible, log_in
from tests.factories import AssignmentFactory

pytestmark = pytest.mark.browser


def test_sac_opens_the_dashboard_draws_a_file_audit_and_downloads_the_quarterly_report(page: Page, base_url, world):
    today = timezone.localdate()
    quarter = last_complete_quarter(today)
    # Three families of the area served in the last complete quarter and active last month; one in the
    # other area that must appear nowhere.
    for site in (world.site_a1, world.site_a1, world.site_a2, world.site_b1):
        AssignmentFactory(case__family__site=site, assigned_on=quarter.start + datetime.timedelta(days=10))

    log_in(page, base_url, "sac")
    page.get_by_role("button", name="Reports").click()
    page.get_by_role("link", name="Dashboard", exact=True).click()
    expect(page.get_by_role("heading", name="Area A service area")).to_be_visible()
    assert_accessible(page, "walkthrough-dashboard")

    page.get_by_role("button", name="Reports").click()
    page.get_by_role("link", name="Random file audits").click()
    page.get_by_role("link", name="Draw files for a month").click()
    page.get_by_label("Sample size").fill("2")
    assert_accessible(page, "walkthrough-draw-form")
    page.get_by_role("button", name="Draw").click()
    expect(page.get_by_role("status").filter(has_text="Drew 2 of 3 files")).to_be_visible()
    page.get_by_role("link", name="Re-run the draw").click()
    expect(page.get_by_text("Re-run from the recorded seed and population: the same 2 files")).to_be_visible()
    draw = FileAuditDraw.objects.get()
    assert (draw.month, draw.service_area, draw.sample_size) == (previous_month(first_of_month(today)), world.area_a, 2)
    assert len(draw.population) == 3  # the area's three families, not the other area's
    assert_accessible(page, "walkthrough-draw")

    page.get_by_role("button", name="Reports").click()
    page.get_by_role("link", name="Quarterly reports").click()
    page.get_by_role("button", name="Show the report").click()
    expect(page.get_by_role("heading", name=f"Quarterly report {quarter}")).to_be_visible()
    page.get_by_role("link", name="Download Excel").click()
    expect(page.get_by_role("heading", name="Purpose of this export (Excel)")).to_be_visible()
    page.get_by_label("Reporting to DHS or the contract").check()
    with page.expect_download() as download:
        page.get_by_role("button", name="Export").click()
    assert download.value.suggested_filename == f"quarterly-report-{quarter}-area-{world.area_a.pk}.xlsx"
    with open(download.value.path(), "rb") as file:
        sheet = load_workbook(io.BytesIO(file.read())).active
    values = {row[4]: row[5] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert values["Served (an assignment active in the quarter)"] == 3
    assert ExportLog.objects.get().purpose == "reporting"
