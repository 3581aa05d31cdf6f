"""Every password check counts (issue 15, part 3): a wrong password or two-step code on the pages that
re-ask for them (signing and returning the Training Verification and Approval form, R-ROLE-5; the
contract manager's Lead decisions, R-ROLE-6; the password change) counts towards the same django-axes
lockout as the login page. After five the login is locked for 15 minutes: these pages and the login
page refuse even the right password (429) and say so. The sign page gives one message for a wrong
password and for a right password with a wrong code."""

import time
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from parentpartner.models import FormState, LeadStage, Role, Signature
from parentpartner.services import two_factor
from tests.factories import PASSWORD, ApprovalFormFactory, LeadCaseFactory, candidate

WARNING = "After 5 wrong tries your login is locked for 15 minutes"
NEW_PASSWORD = "a-brand-new-passphrase-19"
OTHER_ADDRESS = "10.0.9.9"


@pytest.fixture
def required(settings):
    settings.TWO_FACTOR_REQUIRED = True


def fresh_code(device):
    """The authenticator's next code: the login used the current one, and a code is accepted once."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + device.step
    return f"{totp.token():06d}"


def wrong_code(device):
    return "000000" if fresh_code(device) != "000000" else "111111"


def verified_client(user):
    """Logged in through the login page with the password and a code, as a user would."""
    device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    client = Client()
    assert client.post(reverse("login"), {"username": user.username, "password": PASSWORD}).status_code == 302
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    assert (
        client.post(reverse("parentpartner:two-factor-verify"), {"otp_token": f"{totp.token():06d}"}).status_code == 302
    )
    return client, device


def login_page(username, password, address=OTHER_ADDRESS):
    return Client().post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def fifteen_minutes_later():
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=15, seconds=1))


@dataclass
class Page:
    """A page that re-asks for the password: who uses it, where, what it posts, and whether it acted."""

    user: Any
    url: str
    fields: dict
    acted: Any
    asks_code: bool = True

    def data(self, password, code=""):
        secret = {"old_password": password} if "new_password1" in self.fields else {"password": password}
        return {**self.fields, **secret, **({"code": code} if self.asks_code else {})}


def statewide_form(world):
    return ApprovalFormFactory(parent_partner=candidate(world.site_a1), state=FormState.AWAITING_STATEWIDE)


def page(name, world):
    statewide = world.users[Role.STATEWIDE_COORDINATOR]
    if name in ("sign", "return"):
        form = statewide_form(world)
        fields = {"decision": name, "version": form.version}
        if name == "return":
            fields["reason"] = "The shadowing dates do not match the paper file."
        url = reverse("parentpartner:approval-form-sign", args=[form.pk, "statewide"])
        return Page(statewide, url, fields, lambda: Signature.objects.filter(form=form).exists())
    if name == "lead-decision":
        case = LeadCaseFactory(site=world.site_a1, stage=LeadStage.INITIAL_APPROVAL)
        fields = {"result": "approved", "held_on": timezone.localdate(), "notes": "", "version": case.version}
        url = reverse("parentpartner:lead-case-step", args=[case.pk, "initial-decision"])

        def decided():
            case.refresh_from_db()
            return case.stage != LeadStage.INITIAL_APPROVAL

        return Page(world.users[Role.CONTRACT_MANAGER], url, fields, decided)

    def changed():
        statewide.refresh_from_db()
        return statewide.check_password(NEW_PASSWORD)

    fields = {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    return Page(statewide, reverse("password_change"), fields, changed, asks_code=False)


PAGES = ["sign", "return", "lead-decision", "password-change"]


@pytest.mark.parametrize("name", PAGES)
def test_five_wrong_passwords_lock_the_login_like_the_login_page_r_role_5_r_role_6(world, required, name):
    """R-ROLE-5 (sign, return), R-ROLE-6 (the contract manager's decision) and the password change."""
    target = page(name, world)
    client, device = verified_client(target.user)
    assert WARNING in client.get(target.url).content.decode()  # said before the lockout

    for _ in range(4):
        response = client.post(target.url, target.data("not-my-password", fresh_code(device)))
        assert response.status_code == 200
        assert WARNING in response.content.decode()
    fifth = client.post(target.url, target.data("not-my-password", fresh_code(device)))
    assert fifth.status_code == 429
    assert "Too many wrong passwords or codes" in fifth.content.decode()
    assert "locked for 15 minutes" in fifth.content.decode()
    failures = AccessFailureLog.objects.filter(username=target.user.username)
    assert failures.count() == 5 and set(failures.values_list("path_info", flat=True)) == {target.url}

    # Locked: the right password is refused on the page and on the login page, from any address.
    refused = client.post(target.url, target.data(PASSWORD, fresh_code(device)))
    assert refused.status_code == 429 and not target.acted()
    at_login = login_page(target.user.username, PASSWORD)
    assert at_login.status_code == 429 and b"Too many failed logins" in at_login.content

    # Fifteen minutes later the page takes the right password again.
    fifteen_minutes_later()
    assert client.post(target.url, target.data(PASSWORD, fresh_code(device))).status_code == 302
    assert target.acted()


@pytest.mark.parametrize("name", ["sign", "return", "lead-decision"])
def test_five_wrong_codes_after_the_right_password_lock_the_login_r_role_5_r_role_6(world, required, name):
    target = page(name, world)
    client, device = verified_client(target.user)
    statuses = [client.post(target.url, target.data(PASSWORD, wrong_code(device))).status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 200, 429]
    assert not target.acted()
    assert AccessFailureLog.objects.filter(username=target.user.username).count() == 5
    assert login_page(target.user.username, PASSWORD).status_code == 429


def test_four_wrong_tries_on_the_sign_page_do_not_lock_r_role_5(world, required):
    target = page("sign", world)
    client, device = verified_client(target.user)
    for _ in range(2):
        client.post(target.url, target.data("not-my-password", fresh_code(device)))
        client.post(target.url, target.data(PASSWORD, wrong_code(device)))
    device.refresh_from_db()
    device.throttle_reset()  # django-otp's own back-off after the wrong codes
    assert client.post(target.url, target.data(PASSWORD, fresh_code(device))).status_code == 302
    assert target.acted()


def test_failures_on_the_login_page_and_the_sign_page_add_up_r_role_5(world, required):
    """One count: three wrong passwords at the login page (another address) and two on the sign page."""
    target = page("sign", world)
    client, device = verified_client(target.user)
    for _ in range(3):
        assert login_page(target.user.username, "not-my-password").status_code == 200
    assert client.post(target.url, target.data("not-my-password", fresh_code(device))).status_code == 200
    assert client.post(target.url, target.data("not-my-password", fresh_code(device))).status_code == 429
    assert login_page(target.user.username, PASSWORD).status_code == 429


def test_sign_page_gives_one_message_for_a_wrong_password_or_a_wrong_code_r_role_5(world, required):
    target = page("sign", world)
    client, device = verified_client(target.user)
    wrong_password = client.post(target.url, target.data("not-my-password", fresh_code(device)))
    wrong_code_only = client.post(target.url, target.data(PASSWORD, wrong_code(device)))
    expected = {"password": ["That password or code is not right."]}
    assert wrong_password.context["form"].errors == expected
    assert wrong_code_only.context["form"].errors == expected
    assert "already used" not in wrong_code_only.content.decode()
    assert AccessFailureLog.objects.filter(username=target.user.username).count() == 2  # each counted
    assert not target.acted()


def test_with_two_step_login_off_the_sign_page_counts_wrong_passwords_r_role_5(login, world):
    target = page("sign", world)
    client = login(target.user)
    data = {**target.fields, "password": "not-my-password"}
    statuses = [client.post(target.url, data).status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 200, 429]
    assert login_page(target.user.username, PASSWORD).status_code == 429


def test_a_locked_login_is_refused_before_a_backup_code_is_spent_r_role_5(world, required):
    target = page("sign", world)
    client, device = verified_client(target.user)
    backup = two_factor.new_backup_codes(target.user)[0]
    for _ in range(5):
        client.post(target.url, target.data("not-my-password", wrong_code(device)))
    assert client.post(target.url, target.data(PASSWORD, backup)).status_code == 429
    assert StaticToken.objects.filter(device__user=target.user, token=backup).exists()
    assert not target.acted()


def test_failed_tries_keep_no_password_code_or_case_note_in_the_lockout_records(world, required):
    """axes keeps each failed request's form data (shown in the admin): secrets and free text are masked."""
    target = page("return", world)
    client, device = verified_client(target.user)
    code = wrong_code(device)
    client.post(target.url, target.data("a-guessed-password-77", code))
    client.post(target.url, target.data(PASSWORD, code))
    stored = " ".join(AccessAttempt.objects.values_list("post_data", flat=True))
    assert "decision=return" in stored  # the form data is there,
    for secret in ("a-guessed-password-77", PASSWORD, code, "shadowing dates"):
        assert secret not in stored  # but not these
