"""Accounts and sessions (issue 8): lockout after failed logins, password rules and Argon2, the idle
and absolute session limits, and logout / password change ending the user's other sessions."""

import logging
import time
from datetime import timedelta

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from parentpartner.demo import DEMO_PASSWORD
from parentpartner.models import Role
from parentpartner.security import LOGIN_TIME_KEY
from tests.factories import PASSWORD, UserFactory


def log_in(client, username, password, address="10.0.0.1"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def logged_in(client):
    return client.get(reverse("home")).status_code == 200


# --- Lockout --------------------------------------------------------------------------------------


def test_five_failed_logins_lock_the_username_for_fifteen_minutes_from_any_address(client, world, caplog):
    user = world.users[Role.CLINICIAN]
    caplog.set_level(logging.INFO, logger="axes")
    for attempt in range(5):
        response = log_in(client, user.username, "wrong-password-guess", address=f"10.0.1.{attempt}")
        assert response.status_code in (200, 429)
    assert "AXES: New login failure" in caplog.text or "AXES: Repeated login failure" in caplog.text
    assert AccessFailureLog.objects.filter(username=user.username).count() == 5

    # The right password, from yet another address: still locked, with a clear message on the page.
    response = log_in(client, user.username, PASSWORD, address="10.0.9.9")
    assert response.status_code == 429
    assert b"Too many failed logins" in response.content
    assert b"15 minutes" in response.content
    assert not logged_in(client)

    # Fifteen minutes later the lock is gone.
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=15, seconds=1))
    response = log_in(client, user.username, PASSWORD, address="10.0.9.9")
    assert response.status_code == 302
    assert logged_in(client)


def test_four_failed_logins_do_not_lock(client, world):
    user = world.users[Role.CLINICIAN]
    for _ in range(4):
        log_in(client, user.username, "wrong-password-guess")
    assert log_in(client, user.username, PASSWORD).status_code == 302


def test_five_failed_logins_lock_the_address_for_every_username(client, world):
    """Password spraying: one address trying many usernames is locked on its own count."""
    for number in range(5):
        log_in(client, f"nobody-{number}", "wrong-password-guess", address="10.0.2.2")
    response = log_in(client, world.users[Role.STATEWIDE_COORDINATOR].username, PASSWORD, address="10.0.2.2")
    assert response.status_code == 429
    # The same user from another address is not locked: the two counts are separate.
    other = Client()
    assert (
        log_in(other, world.users[Role.STATEWIDE_COORDINATOR].username, PASSWORD, address="10.0.3.3").status_code == 302
    )


def test_behind_a_proxy_the_forwarded_address_is_counted(client, world, settings):
    """With TRUSTED_PROXY_COUNT = 1 the address the proxy saw counts, not the proxy's own; a forged
    left-hand X-Forwarded-For entry does not help."""
    settings.TRUSTED_PROXY_COUNT = 1
    for number in range(5):
        client.post(
            reverse("login"),
            {"username": f"nobody-{number}", "password": "wrong"},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{number}, 203.0.113.7",
        )
    assert AccessAttempt.objects.filter(ip_address="203.0.113.7").exists()
    locked = client.post(
        reverse("login"),
        {"username": world.users[Role.CLINICIAN].username, "password": PASSWORD},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.7",
    )
    assert locked.status_code == 429
    fine = Client().post(
        reverse("login"),
        {"username": world.users[Role.CLINICIAN].username, "password": PASSWORD},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="203.0.113.8",
    )
    assert fine.status_code == 302


def test_lockout_is_configured_explicitly(settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_COOLOFF_TIME == timedelta(minutes=15)
    assert settings.AXES_LOCKOUT_PARAMETERS == ["username", "ip_address"]
    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"


# --- Passwords ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "password",
    [
        "eleven-char",  # too short
        "x" * 129,  # too long
        "password1234",  # common
        "qwerty123456",  # common
    ],
)
def test_weak_passwords_are_refused(db, password):
    with pytest.raises(ValidationError):
        validate_password(password, UserFactory.build(username="someone"))


def test_a_password_like_the_username_is_refused(db):
    user = UserFactory.build(username="margaret.hendricks", first_name="Margaret", last_name="Hendricks")
    with pytest.raises(ValidationError):
        validate_password("margaret.hendricks", user)


@pytest.mark.parametrize(
    "password",
    [
        "twelve chars",  # 12 characters, spaces allowed
        "y" * 11 + "z" * 117,  # 128 characters
        "all lower case words only",  # no composition rules
        "804719265310",  # digits only is not refused for being digits
        DEMO_PASSWORD,
        PASSWORD,
    ],
)
def test_long_uncommon_passwords_pass_without_composition_rules(db, password):
    validate_password(password, UserFactory.build(username="someone"))


def test_production_settings_hash_with_argon2_first():
    """tests/settings.py uses a fast hasher; production (parentpartner/settings.py) must not."""
    from parentpartner import settings as production

    assert production.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    encoded = Argon2PasswordHasher().encode("a-long-test-password-42", Argon2PasswordHasher().salt())
    assert encoded.startswith("argon2$argon2id$")


# --- Sessions -------------------------------------------------------------------------------------


def test_session_expiry_is_renewed_to_thirty_minutes_on_every_request(login, world):
    from django.contrib.sessions.models import Session

    client = login(world.users[Role.CLINICIAN])
    Session.objects.update(expire_date=timezone.now() + timedelta(minutes=5))
    response = client.get(reverse("home"))
    remaining = Session.objects.get().expire_date - timezone.now()
    assert timedelta(minutes=29) < remaining <= timedelta(minutes=30)
    # The cookie itself ends with the browser, and scripts cannot read it.
    assert response.cookies["sessionid"]["max-age"] == ""
    assert response.cookies["sessionid"]["httponly"]


def test_session_ends_after_thirty_idle_minutes(login, world):
    from django.contrib.sessions.models import Session

    client = login(world.users[Role.CLINICIAN])
    assert logged_in(client)
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    assert not logged_in(client)


def _age_session(client, seconds):
    session = client.session
    session[LOGIN_TIME_KEY] = int(time.time()) - seconds
    session.save()


def test_session_ends_twelve_hours_after_login_however_active(login, world):
    client = login(world.users[Role.CLINICIAN])
    _age_session(client, 12 * 60 * 60 - 60)
    assert logged_in(client)
    _age_session(client, 12 * 60 * 60 + 1)
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_logging_out_ends_the_users_other_sessions(world):
    user = world.users[Role.CLINICIAN]
    laptop, phone, colleague = Client(), Client(), Client()
    laptop.force_login(user)
    phone.force_login(user)
    colleague.force_login(world.users[Role.SITE_COORDINATOR])
    assert logged_in(phone)
    laptop.post(reverse("logout"))
    assert not logged_in(laptop)
    assert not logged_in(phone)
    assert logged_in(colleague)


def test_changing_the_password_ends_the_other_sessions_but_not_this_one(world):
    user = world.users[Role.CLINICIAN]
    laptop, phone = Client(), Client()
    laptop.force_login(user)
    phone.force_login(user)
    response = laptop.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "a-brand-new-passphrase-19",
            "new_password2": "a-brand-new-passphrase-19",
        },
    )
    assert response.status_code == 302
    assert logged_in(laptop)
    assert not logged_in(phone)
