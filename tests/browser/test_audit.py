"""The audit pages in Chromium: a coordinator opens a family (access log) and downloads the pay report
after giving its purpose (export log); the statewide coordinator reads both logs. Each page passes axe."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_browser import assert_accessible, log_in
from tests.browser.test_eligibility import log_out
from tests.factories import AssignmentFactory

pytestmark = pytest.mark.browser


def test_access_and_export_logs(page: Page, base_url, world):
    family = AssignmentFactory(case__family__site=world.site_a1).case.family
    log_in(page, base_url, "coordinator")
    page.goto(f"{base_url}{family.get_absolute_url()}")
    page.goto(f"{base_url}/mentoring/pay/")
    page.get_by_role("link", name="Download CSV").click()
    expect(page.get_by_role("heading", name="Purpose of this export (CSV)")).to_be_visible()
    assert_accessible(page, "export-purpose-pay")
    page.get_by_label("Other (say which below)").check()
    page.get_by_role("button", name="Export").click()
    expect(page.get_by_text("Say what the export is for.")).to_be_visible()
    page.get_by_label("Payment or invoicing").check()
    with page.expect_download() as download:
        page.get_by_role("button", name="Export").click()
    assert download.value.suggested_filename.endswith(".csv")
    log_out(page)

    log_in(page, base_url, "statewide")
    page.goto(f"{base_url}/access-log/")
    expect(page.get_by_role("cell", name=family.get_absolute_url())).to_be_visible()
    assert_accessible(page, "access-log")
    page.goto(f"{base_url}/export-log/")
    expect(page.get_by_role("cell", name="Payment or invoicing")).to_be_visible()
    assert_accessible(page, "export-log")
