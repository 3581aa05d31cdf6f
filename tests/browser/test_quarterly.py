"""The quarterly report in Chromium (R-SUP-5): a service area coordinator chooses the report from the
Reports menu, opens the records behind a figure, downloads it as Excel and prints it; axe finds no
WCAG 2.1 AA violation on its pages."""

import io

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from tests.browser.test_browser import SCREENSHOTS, assert_accessible, log_in
from tests.reporting.quarterly_data import QUARTER, build

pytestmark = pytest.mark.browser


def test_area_coordinator_reads_drills_into_downloads_and_prints_the_quarterly_report(page: Page, base_url, world):
    build(world)
    log_in(page, base_url, "sac")
    page.get_by_role("button", name="Reports").click()
    page.get_by_role("link", name="Quarterly reports").click()
    expect(page.get_by_role("heading", name="Quarterly reports")).to_be_visible()
    assert_accessible(page, "quarterly-choose")
    page.get_by_role("button", name="Show the report").click()
    expect(page.get_by_text("Area A service area")).to_be_visible()

    page.goto(f"{base_url}/reporting/quarterly/{QUARTER}/area-{world.area_a.pk}/")
    expect(page.get_by_role("heading", name=f"Quarterly report {QUARTER}")).to_be_visible()
    assert_accessible(page, "quarterly-report")
    page.set_viewport_size({"width": 390, "height": 844})
    assert_accessible(page, "quarterly-report-phone")
    page.set_viewport_size({"width": 1280, "height": 900})

    page.get_by_role("link", name="6: records behind Served (an assignment active in the quarter)").click()
    expect(page.get_by_role("heading", name="Families: Served (an assignment active in the quarter)")).to_be_visible()
    expect(page.locator("tbody tr")).to_have_count(6)
    assert_accessible(page, "quarterly-records")
    page.go_back()

    page.get_by_role("link", name="Download Excel").click()
    expect(page.get_by_role("heading", name="Purpose of this export (Excel)")).to_be_visible()
    page.get_by_label("Reporting to DHS or the contract").check()
    with page.expect_download() as download:
        page.get_by_role("button", name="Export").click()
    sheet = load_workbook(io.BytesIO(open(download.value.path(), "rb").read())).active  # noqa: SIM115
    values = {row[4]: row[5] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert values["Served (an assignment active in the quarter)"] == 6

    page.goto(f"{base_url}/reporting/quarterly/{QUARTER}/area-{world.area_a.pk}/")
    page.get_by_role("link", name="Print").click()
    page.get_by_label("Printing for the paper file").check()
    page.get_by_role("button", name="Export").click()
    expect(page.get_by_role("button", name="Print")).to_be_visible()
    page.emulate_media(media="print")
    expect(page.get_by_role("navigation", name="Main")).to_be_hidden()
    expect(page.get_by_role("link", name="Download Excel")).to_be_hidden()
    expect(page.get_by_role("heading", name="Monthly activity forms")).to_be_visible()
    page.screenshot(path=SCREENSHOTS / "quarterly-report-print.png", full_page=True)
