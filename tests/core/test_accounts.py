"""Accounts and sessions (issue 8): lockout after failed logins, password rules and Argon2, the idle
and absolute session limits, and logout / password change ending the user's other sessions; the
password-reset mail limits and its answer that tells nothing about the address (issue 15)."""

import logging
import re
import time
from datetime import timedelta

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from parentpartner.demo import DEMO_PASSWORD
from parentpartner.models import Role
from parentpartner.security import LOGIN_TIME_KEY
from parentpartner.views.accounts import PasswordResetView
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


# --- Password-reset mail (issue 15, part 7) ---------------------------------------------------------

RESET = reverse("password_reset")


def ask_reset(client, email, address="10.0.5.5"):
    return client.post(RESET, {"email": email}, REMOTE_ADDR=address)


def with_address(user, email):
    user.email = email
    user.save()
    return user


def test_reset_mail_at_most_three_an_hour_to_one_address_with_the_same_answer(client, world, mailoutbox, time_machine):
    with_address(world.users[Role.CLINICIAN], "clinician@example.org")
    answers = [ask_reset(client, "Clinician@example.org", address=f"10.0.6.{number}") for number in range(4)]
    assert len(mailoutbox) == 3
    # The fourth is answered exactly as the first: nothing tells that no mail went out.
    assert {(answer.status_code, answer["Location"]) for answer in answers} == {(302, reverse("password_reset_done"))}
    time_machine.move_to(timezone.now() + timedelta(hours=1, seconds=1))
    ask_reset(client, "clinician@example.org", address="10.0.6.9")
    assert len(mailoutbox) == 4


def test_reset_mail_at_most_ten_an_hour_from_one_client_address(client, world, mailoutbox):
    users = [with_address(UserFactory(username=f"reader-{n}"), f"reader-{n}@example.org") for n in range(11)]
    answers = [ask_reset(client, user.email, address="10.0.7.7") for user in users]
    assert len(mailoutbox) == 10
    assert answers[-1].status_code == 302 and answers[-1]["Location"] == answers[0]["Location"]
    # The refused request took nothing from the address's own limit: from elsewhere it gets its mail.
    ask_reset(client, users[-1].email, address="10.0.7.8")
    assert len(mailoutbox) == 11 and mailoutbox[-1].to == [users[-1].email]


def test_unknown_addresses_count_towards_the_address_limit_too(client, world, mailoutbox):
    """Otherwise the limit would tell which addresses have a login."""
    for number in range(3):
        ask_reset(client, "newcomer@example.org", address=f"10.0.8.{number}")
    assert mailoutbox == []
    with_address(world.users[Role.CLINICIAN], "newcomer@example.org")
    ask_reset(client, "newcomer@example.org", address="10.0.8.9")
    assert mailoutbox == []


def test_known_and_unknown_addresses_get_the_same_answer_after_the_same_work(client, world, mailoutbox):
    """No timing: the same queries (same tables, same order) and the same templates rendered (the
    mail is built for a stand-in when no login has the address); only the known address gets a mail."""
    with_address(world.users[Role.CLINICIAN], "clinician@example.org")

    def work(email, address):
        with CaptureQueriesContext(connection) as queries:
            answer = ask_reset(client, email, address=address)
        # The statements without their values (keys, addresses, times, savepoint names).
        shapes = [re.sub(r"'[^']*'|\d+", "?", query["sql"]) for query in queries.captured_queries]
        return answer.status_code, answer["Location"], shapes, [t.name for t in answer.templates]

    known = work("clinician@example.org", "10.0.9.1")
    assert len(mailoutbox) == 1
    unknown = work("nobody-here@example.org", "10.0.9.2")
    assert len(mailoutbox) == 1
    assert known == unknown
    assert "registration/password_reset_email.html" in known[3]


def test_reset_mail_goes_out_after_the_answer(world, mailoutbox):
    """The mail is sent when the server closes the answer it has sent (WSGI's close()), so the mail
    server's time is never part of the answer's."""
    with_address(world.users[Role.CLINICIAN], "clinician@example.org")
    request = RequestFactory().post(RESET, {"email": "clinician@example.org"})
    request._dont_enforce_csrf_checks = True
    answer = PasswordResetView.as_view()(request)
    assert answer.status_code == 302 and mailoutbox == []
    answer.close()
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["clinician@example.org"]


def test_reset_limits_are_kept_in_postgresql_without_the_address(client, world, settings):
    """A table in the app's database: every web process sees the same counts, and they survive a restart."""
    limits = settings.CACHES[settings.RESET_MAIL_LIMIT_CACHE]
    assert limits["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    assert limits["LOCATION"] == "parentpartner_limits_cache"  # the table of migration parentpartner/0007
    ask_reset(client, "someone.private@example.org")
    with connection.cursor() as cursor:
        cursor.execute('SELECT cache_key FROM "parentpartner_limits_cache"')
        keys = [row[0] for row in cursor.fetchall()]
    assert len(keys) == 2  # one slot of the client address, one of the e-mail address
    assert not any("someone" in key or "10.0.5.5" in key for key in keys)
