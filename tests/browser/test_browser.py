"""Real Chromium against the live server: each role logs in, lands on its home page, and the pages
have no WCAG 2.1 AA violations that axe can find."""

from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from parentpartner.models import Role
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser

WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"

HOME_HEADINGS = {
    Role.SITE_COORDINATOR: "Site coordinator home",
    Role.SERVICE_AREA_COORDINATOR: "Service area coordinator home",
    Role.STATEWIDE_COORDINATOR: "Statewide coordinator home",
    Role.CONTRACT_MANAGER: "DHS contract manager home",
    Role.CLINICIAN: "Clinician home",
    Role.DHS_LIAISON: "DHS liaison home",
    Role.PARENT_PARTNER: "Parent Partner home",
    Role.SYSTEM_ADMINISTRATOR: "System administrator home",
}


def assert_accessible(page: Page, name: str):
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)
    results = Axe().run(page, options=WCAG_21_AA)
    assert results.violations_count == 0, results.generate_report()


def log_in(page: Page, base_url: str, username: str):
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_login_page_is_accessible(page: Page, base_url, world):
    page.goto(f"{base_url}/accounts/login/")
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    assert_accessible(page, "login")


@pytest.mark.parametrize("role", list(Role))
def test_each_role_logs_in_and_sees_its_home_page(page: Page, base_url, world, role):
    user = world.users[role]
    log_in(page, base_url, user.username)
    expect(page.get_by_role("heading", level=1)).to_have_text(HOME_HEADINGS[role])
    expect(page.get_by_role("navigation", name="Main")).to_contain_text(user.get_role_display())
    if role == Role.PARENT_PARTNER:
        expect(page.get_by_text("Welcome, Ada.")).to_be_visible()
    elif role == Role.SITE_COORDINATOR:
        expect(page.get_by_text("Your sites: Site A1.")).to_be_visible()
    assert_accessible(page, f"home-{role.value}")


def test_wrong_password_says_so_and_stays_logged_out(page: Page, base_url, world):
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Username").fill("coordinator")
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("alert")).to_contain_text("enter a correct username and password")
    assert_accessible(page, "login-error")


def test_coordinator_lists_filters_and_edits_a_parent_partner(page: Page, base_url, world):
    log_in(page, base_url, "coordinator")
    page.get_by_role("link", name="Parent Partners").click()
    expect(page.get_by_role("heading", name="Parent Partners")).to_be_visible()
    assert_accessible(page, "parentpartner-list")
    page.get_by_label("Name or email").fill("alpha")
    page.get_by_role("button", name="Filter").click()
    page.get_by_role("link", name="Alpha, Ada").click()
    expect(page.get_by_role("heading", name="Ada Alpha")).to_be_visible()
    assert_accessible(page, "parentpartner-detail")
    page.get_by_role("link", name="Edit details").click()
    assert_accessible(page, "parentpartner-form")
    page.get_by_label("Phone").fill("515-555-0142")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("Saved Ada Alpha")
    expect(page.get_by_text("515-555-0142").first).to_be_visible()
    expect(page.get_by_role("region", name="Change history")).to_contain_text("Phone")


def test_site_pages_are_accessible(page: Page, base_url, world):
    log_in(page, base_url, "statewide")
    page.get_by_role("link", name="Sites").click()
    expect(page.get_by_role("heading", name="Sites")).to_be_visible()
    assert_accessible(page, "site-list")
    page.get_by_role("link", name="Site A1").click()
    assert_accessible(page, "site-detail")
    page.get_by_role("link", name="Edit site").click()
    assert_accessible(page, "site-form")


def test_phone_width_shows_a_menu_button(page: Page, base_url, world):
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, base_url, "coordinator")
    menu = page.get_by_role("button", name="Show navigation")
    expect(menu).to_be_visible()
    menu.click()
    expect(page.get_by_role("link", name="Parent Partners")).to_be_visible()
    assert_accessible(page, "home-phone")
