"""A service area coordinator opens their dashboard from the Reports menu in Chromium: the charts are
drawn from the app's own Chart.js with their figures in tables, the pages pass axe, and a meeting
recorded from the overdue list stops being overdue (R-SUP-3)."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from reporting.models import Meeting, MeetingKind
from tests.browser.test_browser import assert_accessible, log_in
from tests.factories import AssignmentFactory

pytestmark = pytest.mark.browser


def wait_until(page: Page, condition: str, tries=50) -> bool:
    for _ in range(tries):
        if page.evaluate(condition):
            return True
        page.wait_for_timeout(200)
    return False


def test_sac_dashboard_charts_outcomes_and_meetings(page: Page, base_url, world):
    today = timezone.localdate()
    for site in (world.site_a1, world.site_a2):
        AssignmentFactory(case__family__site=site, assigned_on=today - datetime.timedelta(days=100))
    refused = []
    page.on(
        "console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None
    )
    log_in(page, base_url, "sac")
    page.get_by_role("button", name="Reports").click()
    page.get_by_role("link", name="Dashboard", exact=True).click()
    expect(page.get_by_role("heading", name="Area A service area")).to_be_visible()
    expect(page.get_by_role("heading", name="By site")).to_be_visible()
    # Both charts drawn by static/js/charts.js, each with its table of figures.
    expect(page.locator("canvas[data-chart]")).to_have_count(2)
    assert wait_until(page, "typeof window.Chart === 'function'")
    drawn = page.evaluate("[...document.querySelectorAll('canvas[data-chart]')].map(c => !!window.Chart.getChart(c))")
    assert drawn == [True, True]
    expect(page.get_by_role("table", name="Families referred and cases closed")).to_be_visible()
    assert_accessible(page, "dashboard-service-area")
    assert refused == []  # Chart.js and charts.js run under script-src 'self' and style-src 'self'

    page.set_viewport_size({"width": 390, "height": 844})
    # No sideways scrolling of the page (wide tables scroll in their own box); Chart.js follows the
    # new width on its next resize observation.
    # (wait_for_function would evaluate a string, which the Content-Security-Policy forbids.)
    assert wait_until(page, "document.documentElement.scrollWidth <= 390")
    assert_accessible(page, "dashboard-service-area-phone")
    page.set_viewport_size({"width": 1280, "height": 900})

    row = page.get_by_role("row").filter(has_text="Supervision of a site coordinator")
    row.get_by_role("link", name="Record").click()
    expect(page.get_by_role("heading", name="Record a meeting")).to_be_visible()
    assert_accessible(page, "meeting-form")
    # The link chose the kind, the area and the coordinator.
    expect(page.get_by_label("Site coordinator supervised")).to_have_value(str(world.users["site_coordinator"].pk))
    page.get_by_label("Notes").fill("Caseloads and the training plan.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Supervision of a site coordinator")).to_be_visible()
    assert_accessible(page, "meeting-detail")
    assert Meeting.objects.get().kind == MeetingKind.COORDINATOR_SUPERVISION

    page.get_by_role("link", name="All meetings").click()
    overdue = page.get_by_role("table", name="Required meetings that are overdue")
    expect(overdue.get_by_role("cell", name="Steering committee", exact=True)).to_have_count(1)
    expect(overdue.get_by_role("cell", name="Supervision of a site coordinator", exact=True)).to_have_count(0)
    assert_accessible(page, "meeting-list")

    page.get_by_role("button", name="Reports").click()
    page.get_by_role("link", name="Outcomes", exact=True).click()
    expect(page.get_by_role("heading", name="Outcomes of the cases closed in")).to_be_visible()
    assert_accessible(page, "outcomes")
