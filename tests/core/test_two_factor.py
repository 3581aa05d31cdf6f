"""Two-factor authentication (issue 8): TOTP with backup codes for every login when
TWO_FACTOR_REQUIRED is on, enrolment, backup codes that work once, and signatures that re-ask for a
fresh code. tests/settings.py turns the setting off; these tests turn it on."""

import re
import time

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from parentpartner.models import FormState, LeadStage, LoginChangeRequest, Role, Signature
from parentpartner.services import lead, progression, two_factor
from tests.factories import PASSWORD, ApprovalFormFactory, LeadCaseFactory, candidate

ENROL = reverse("parentpartner:two-factor-enrol")
VERIFY = reverse("parentpartner:two-factor-verify")
BACKUP_CODES = reverse("parentpartner:two-factor-backup-codes")


@pytest.fixture
def required(settings):
    settings.TWO_FACTOR_REQUIRED = True


def code(device, steps_ahead=0):
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():06d}"


def enrolled(user):
    device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    return device, two_factor.new_backup_codes(user)


def password_login(client, user):
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return response


def verified_client(user, device):
    client = Client()
    password_login(client, user)
    assert client.post(VERIFY, {"otp_token": code(device)}).status_code == 302
    return client


def test_enrolment_scan_confirm_see_backup_codes_once_then_in(client, world, required):
    user = world.users[Role.SITE_COORDINATOR]
    password_login(client, user)
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response.url.startswith(ENROL)

    page = client.get(ENROL)
    assert page.status_code == 200
    assert b'src="data:image/svg+xml;base64,' in page.content
    secret = re.search(rb'id="two-factor-secret">([A-Z2-7 ]+)<', page.content).group(1).decode()
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert secret.replace(" ", "") in device.config_url
    assert client.get(ENROL).content.count(secret.encode()) == 1  # a reload keeps the same secret

    wrong = client.post(ENROL, {"otp_token": "000000" if code(device) != "000000" else "111111"})
    assert wrong.status_code == 200 and b"That code is not right" in wrong.content
    device.throttle_reset()

    confirmed = client.post(ENROL, {"otp_token": code(device)})
    assert confirmed.url == BACKUP_CODES
    codes_page = client.get(BACKUP_CODES)
    codes = [c.decode() for c in re.findall(rb'<code class="fs-5">([a-z2-7]{8})</code>', codes_page.content)]
    assert len(codes) == 10
    assert set(codes) == set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
    assert not re.findall(rb'<code class="fs-5">', client.get(BACKUP_CODES).content)  # shown once
    assert client.get(reverse("home")).status_code == 200


def test_enrolled_user_enters_a_code_after_the_password(client, world, required):
    user = world.users[Role.CLINICIAN]
    device, _ = enrolled(user)
    password_login(client, user)
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response.url.startswith(VERIFY)
    assert client.get(ENROL).url == VERIFY  # enrolment is not offered again

    refused = client.post(VERIFY, {"otp_token": "12345"})
    assert b"That code is not right" in refused.content
    assert client.get(reverse("home")).status_code == 302

    ok = client.post(VERIFY, {"otp_token": code(device), "next": reverse("parentpartner:site-list")})
    assert ok.url == reverse("parentpartner:site-list")
    assert client.get(reverse("home")).status_code == 200


def test_wrong_codes_are_throttled(client, world, required):
    user = world.users[Role.CLINICIAN]
    device, _ = enrolled(user)
    password_login(client, user)
    client.post(VERIFY, {"otp_token": "000000" if code(device) != "000000" else "111111"})
    # Straight after a wrong code, even the right one waits (django-otp's exponential back-off).
    assert client.post(VERIFY, {"otp_token": code(device)}).status_code == 200
    device.refresh_from_db()
    device.throttle_reset()
    assert client.post(VERIFY, {"otp_token": code(device)}).status_code == 302


def test_a_backup_code_works_once(world, required):
    user = world.users[Role.CLINICIAN]
    _, codes = enrolled(user)
    first = Client()
    password_login(first, user)
    assert first.post(VERIFY, {"otp_token": codes[0].upper()}).status_code == 302
    assert first.get(reverse("home")).status_code == 200

    second = Client()
    password_login(second, user)
    again = second.post(VERIFY, {"otp_token": codes[0]})
    assert again.status_code == 200 and b"already used" in again.content
    StaticDevice.objects.get(user=user).throttle_reset()  # a wrong code throttles the next one
    assert second.post(VERIFY, {"otp_token": codes[1]}).status_code == 302


def test_a_totp_code_is_not_accepted_twice(world, required):
    user = world.users[Role.CLINICIAN]
    device, _ = enrolled(user)
    first = Client()
    password_login(first, user)
    used = code(device)
    assert first.post(VERIFY, {"otp_token": used}).status_code == 302
    second = Client()
    password_login(second, user)
    assert second.post(VERIFY, {"otp_token": used}).status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        reverse("home"),
        reverse("parentpartner:site-list"),
        reverse("password_change"),
        reverse("admin:index"),
        BACKUP_CODES,
    ],
)
def test_nothing_but_the_second_step_is_reachable_before_it(client, world, required, url):
    """Only enrolment, the code page and logout (two_factor.OPEN_BEFORE_VERIFICATION)."""
    user = world.users[Role.STATEWIDE_COORDINATOR]
    enrolled(user)
    password_login(client, user)
    response = client.get(url)
    assert response.status_code == 302 and response.url.startswith(VERIFY)
    assert client.post(reverse("logout")).status_code == 302


def test_pages_before_verification_hide_the_navigation(client, world, required):
    password_login(client, world.users[Role.STATEWIDE_COORDINATOR])
    page = client.get(ENROL)
    assert b'id="main-nav"' not in page.content
    assert b"Log out instead" in page.content


def test_with_the_setting_off_the_password_is_enough(client, world):
    password_login(client, world.users[Role.CLINICIAN])
    assert client.get(reverse("home")).status_code == 200


# --- Signatures re-ask for a code (R-ROLE-5 with issue 8) -------------------------------------------


def statewide_form(world):
    return ApprovalFormFactory(parent_partner=candidate(world.site_a1), state=FormState.AWAITING_STATEWIDE)


def test_signature_needs_a_fresh_code_when_two_factor_is_on_r_role_5(world, required):
    statewide = world.users[Role.STATEWIDE_COORDINATOR]
    device, codes = enrolled(statewide)
    form = statewide_form(world)
    with pytest.raises(ValidationError, match="code is not right") as no_code:
        progression.sign(form, user=statewide, password=PASSWORD)
    with pytest.raises(ValidationError, match="password or code is not right") as wrong_password:
        progression.sign(form, user=statewide, password="wrong", code=code(device))
    # One message for either: the page does not tell a right password with a wrong code apart.
    assert no_code.value.message_dict == wrong_password.value.message_dict
    assert not Signature.objects.exists()
    device.throttle_reset()
    progression.sign(form, user=statewide, password=PASSWORD, code=code(device))
    assert Signature.objects.get().signed_by == statewide


def test_returning_a_form_needs_a_code_too_and_a_backup_code_serves_once_r_role_5(world, required):
    statewide = world.users[Role.STATEWIDE_COORDINATOR]
    _, codes = enrolled(statewide)
    form = statewide_form(world)
    progression.return_form(form, user=statewide, password=PASSWORD, reason="Missing page.", code=codes[0])
    other = statewide_form(world)
    with pytest.raises(ValidationError, match="password or code is not right"):
        progression.return_form(other, user=statewide, password=PASSWORD, reason="Again.", code=codes[0])
    other.refresh_from_db()
    assert other.state == FormState.AWAITING_STATEWIDE


def test_contract_managers_lead_decision_is_signed_with_a_fresh_code_r_role_6(world, required):
    manager = world.users[Role.CONTRACT_MANAGER]
    device, _ = enrolled(manager)
    case = LeadCaseFactory(site=world.site_a1, stage=LeadStage.INITIAL_APPROVAL)
    decide = dict(user=manager, result="approved", held_on=timezone.localdate(), notes="")
    with pytest.raises(ValidationError, match="code is not right"):
        lead.advance(case, "initial-decision", password=PASSWORD, **decide)
    case.refresh_from_db()
    assert case.stage == LeadStage.INITIAL_APPROVAL and not case.steps.exists()
    device.throttle_reset()
    lead.advance(case, "initial-decision", password=PASSWORD, code=code(device), **decide)
    case.refresh_from_db()
    assert case.stage == LeadStage.LETTERS


def test_lead_decision_page_asks_for_password_and_code(world, required):
    manager = world.users[Role.CONTRACT_MANAGER]
    device, _ = enrolled(manager)
    case = LeadCaseFactory(site=world.site_a1, stage=LeadStage.INITIAL_APPROVAL)
    client = verified_client(manager, device)
    url = reverse("parentpartner:lead-case-step", args=[case.pk, "initial-decision"])
    page = client.get(url)
    assert {"password", "code"} <= set(page.context["form"].fields)
    assert 'name="password"' in page.content.decode() and 'name="code"' in page.content.decode()
    data = {"result": "approved", "held_on": timezone.localdate(), "notes": "", "version": case.version}
    refused = client.post(url, {**data, "password": PASSWORD, "code": "000000"})
    assert refused.status_code == 200 and "code is not right" in refused.content.decode()
    case.refresh_from_db()
    assert case.stage == LeadStage.INITIAL_APPROVAL


def test_sign_page_asks_for_the_code_and_refuses_without_it(world, required):
    statewide = world.users[Role.STATEWIDE_COORDINATOR]
    device, _ = enrolled(statewide)
    client = verified_client(statewide, device)
    form = statewide_form(world)
    url = reverse("parentpartner:approval-form-sign", args=[form.pk, "statewide"])
    assert b'name="code"' in client.get(url).content
    data = {"decision": "sign", "password": PASSWORD, "version": form.version}
    refused = client.post(url, data)
    assert refused.status_code == 200 and not Signature.objects.exists()
    signed = client.post(url, {**data, "code": code(device, steps_ahead=1)})
    assert signed.status_code == 302
    assert Signature.objects.get().signed_by == statewide


def test_sign_page_asks_only_for_the_password_when_two_factor_is_off_r_role_5(login, world):
    client = login(world.users[Role.STATEWIDE_COORDINATOR])
    form = statewide_form(world)
    url = reverse("parentpartner:approval-form-sign", args=[form.pk, "statewide"])
    assert b'name="code"' not in client.get(url).content
    assert client.post(url, {"decision": "sign", "password": PASSWORD, "version": form.version}).status_code == 302
    assert Signature.objects.count() == 1


def test_code_page_sends_the_anonymous_to_login_and_the_verified_on(client, world, required):
    assert client.get(VERIFY).url.startswith(reverse("login"))
    user = world.users[Role.CLINICIAN]
    device, _ = enrolled(user)
    client = verified_client(user, device)
    assert client.get(VERIFY).url == reverse("home")
    assert client.get(f"{VERIFY}?next=https://evil.example.org/").url == reverse("home")


def test_code_page_sends_a_user_without_authenticator_to_enrolment(client, world, required):
    password_login(client, world.users[Role.CLINICIAN])
    assert client.get(VERIFY).url == ENROL


def test_system_administrator_resets_a_lost_authenticator_and_unlocks_a_login(login, world, required):
    from axes.models import AccessAttempt

    user = world.users[Role.CLINICIAN]
    enrolled(user)
    for _ in range(5):
        Client().post(reverse("login"), {"username": user.username, "password": "wrong"}, REMOTE_ADDR="10.9.9.9")
    assert AccessAttempt.objects.filter(username=user.username).exists()
    admin = world.users[Role.SYSTEM_ADMINISTRATOR]
    device = TOTPDevice.objects.create(user=admin, name="Authenticator app", confirmed=True)
    client = verified_client(admin, device)
    changelist = reverse("admin:parentpartner_user_changelist")
    for action in ("reset_two_factor", "unlock_login"):
        response = client.post(changelist, {"action": action, "_selected_action": [user.pk]})
        assert response.status_code == 302
    # The reset waits for the statewide coordinator's confirmation (issue 15: four eyes).
    assert TOTPDevice.objects.filter(user=user).exists()
    statewide = world.users[Role.STATEWIDE_COORDINATOR]
    confirming = verified_client(statewide, TOTPDevice.objects.create(user=statewide, name="App", confirmed=True))
    waiting = LoginChangeRequest.objects.get(user=user)
    decision = reverse("parentpartner:login-change-decide", args=[waiting.pk])
    assert confirming.post(decision, {"decision": "confirm"}).status_code == 302
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert not StaticDevice.objects.filter(user=user).exists()
    assert not AccessAttempt.objects.filter(username=user.username).exists()
    fresh = Client()
    password_login(fresh, user)
    assert fresh.get(reverse("home")).url.startswith(ENROL)
