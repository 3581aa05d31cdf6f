"""Real Chromium: the lockout message, and two-step login from enrolment to the home page, on pages
that pass axe (WCAG 2.1 AA) under the production Content-Security-Policy."""

import re

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from parentpartner.models import Role
from tests.browser.test_browser import assert_accessible, log_in
from tests.browser.test_eligibility import log_out
from tests.core.test_two_factor import code

pytestmark = pytest.mark.browser


def collect_csp_violations(page: Page) -> list:
    violations = []
    page.on("console", lambda message: "Content Security Policy" in message.text and violations.append(message.text))
    return violations


def test_lockout_message_after_five_wrong_passwords(page: Page, base_url, world):
    user = world.users[Role.CLINICIAN]
    for _ in range(5):
        page.goto(f"{base_url}/accounts/login/")
        page.get_by_label("Username").fill(user.username)
        page.get_by_label("Password").fill("not-the-password")
        page.get_by_role("button", name="Log in").click()
    log_in(page, base_url, user.username)
    expect(page.get_by_role("alert")).to_contain_text("Too many failed logins")
    assert_accessible(page, "login-locked")


def test_two_step_login_enrol_then_verify(page: Page, base_url, world, settings):
    settings.TWO_FACTOR_REQUIRED = True
    violations = collect_csp_violations(page)
    user = world.users[Role.SITE_COORDINATOR]
    log_in(page, base_url, user.username)
    expect(page.get_by_role("heading", name="Set up two-step login")).to_be_visible()
    expect(page.get_by_role("img", name="QR code to scan with your authenticator app")).to_be_visible()
    assert_accessible(page, "two-factor-enrol")

    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert page.locator("#two-factor-secret").inner_text().replace(" ", "") in device.config_url
    page.get_by_label("The 6-digit code your app shows now").fill(code(device))
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", name="Your backup codes")).to_be_visible()
    assert len(re.findall(r"\b[a-z2-7]{8}\b", page.locator("ul.backup-codes").inner_text())) == 10
    assert_accessible(page, "two-factor-backup-codes")
    page.get_by_role("link", name="Continue to your home page").click()
    expect(page.get_by_role("heading", name="Site coordinator home")).to_be_visible()

    log_out(page)
    log_in(page, base_url, user.username)
    expect(page.get_by_role("heading", name="Enter your code")).to_be_visible()
    assert_accessible(page, "two-factor-verify")
    device.refresh_from_db()
    page.get_by_label("Code from your authenticator app, or a backup code").fill(code(device, steps_ahead=1))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Site coordinator home")).to_be_visible()
    assert not violations, violations
