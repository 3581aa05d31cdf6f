"""Four eyes on logins and every login change on the record (issue 15; parentpartner.services.logins).

The paths are the admin's own pages (change form, add form, password page, actions) and the pages
"Login changes waiting" / "Login changes" / "Notifications", used as a person would use them.
"""

import socket

import pytest
from aiosmtpd.controller import Controller
from axes.models import AccessAttempt
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from parentpartner.models import HistoryEntry, LoginChangeRequest, LoginChangeState, Notification, Role, User
from parentpartner.services import logins
from tests import factories as f
from tests.factories import PASSWORD

POWERFUL = [
    Role.STATEWIDE_COORDINATOR,
    Role.CONTRACT_MANAGER,
    Role.SERVICE_AREA_COORDINATOR,
    Role.DHS_LIAISON,
    Role.SYSTEM_ADMINISTRATOR,
]
NEW_PASSWORD = "a-temporary-long-passphrase-41"


def change_url(user):
    return reverse("admin:parentpartner_user_change", args=[user.pk])


def change_form(user, **changes):
    """The admin change form of `user` as the page fills it, with `changes` (is_active=None: unticked)."""
    joined = timezone.localtime(user.date_joined)
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email or "",
        "role": user.role,
        "sites": [site.pk for site in user.sites.all()],
        "service_area": user.service_area_id or "",
        "parent_partner": user.parent_partner_id or "",
        "is_active": "on" if user.is_active else None,
        "date_joined_0": joined.date().isoformat(),
        "date_joined_1": joined.strftime("%H:%M:%S"),
        "last_login_0": "",
        "last_login_1": "",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def admin_client(world):
    client = Client()
    client.force_login(world.users[Role.SYSTEM_ADMINISTRATOR])
    return client


def client_of(user):
    client = Client()
    client.force_login(user)
    return client


def user_history(user):
    return HistoryEntry.objects.filter(content_type=ContentType.objects.get_for_model(User), object_id=str(user.pk))


def decide(user, change, decision="confirm"):
    url = reverse("parentpartner:login-change-decide", args=[change.pk])
    return client_of(user).post(url, {"decision": decision}, follow=True)


def second_administrator():
    return f.UserFactory(username="sysadmin2", role=Role.SYSTEM_ADMINISTRATOR)


# --- A system administrator cannot change their own login ------------------------------------------


@pytest.mark.parametrize(
    "changes",
    [
        {"role": Role.STATEWIDE_COORDINATOR},
        {"role": Role.CONTRACT_MANAGER},
        {"is_active": None},
    ],
    ids=["statewide", "contract-manager", "deactivate"],
)
def test_system_administrator_cannot_raise_or_change_their_own_login(world, changes):
    admin = world.users[Role.SYSTEM_ADMINISTRATOR]
    response = admin_client(world).post(change_url(admin), change_form(admin, **changes))
    assert response.status_code == 200
    assert "You cannot change your own role, scope or activation" in response.content.decode()
    admin.refresh_from_db()
    assert admin.role == Role.SYSTEM_ADMINISTRATOR and admin.is_active
    assert not LoginChangeRequest.objects.exists()
    assert not user_history(admin).exists()


def test_the_service_refuses_a_change_to_ones_own_login_whatever_the_path(world):
    admin = world.users[Role.SYSTEM_ADMINISTRATOR]
    with pytest.raises(logins.LoginChangeRefused):
        logins.change_login(admin, admin, {"role": Role.STATEWIDE_COORDINATOR})
    admin.refresh_from_db()
    assert admin.role == Role.SYSTEM_ADMINISTRATOR


# --- Powerful changes wait for a second person ------------------------------------------------------


@pytest.mark.parametrize("role", POWERFUL)
def test_a_powerful_role_takes_effect_only_when_the_statewide_coordinator_confirms(world, role):
    clinician = world.users[Role.CLINICIAN]
    area = world.area_a.pk if role in (Role.SERVICE_AREA_COORDINATOR, Role.DHS_LIAISON) else ""
    response = admin_client(world).post(
        change_url(clinician), change_form(clinician, role=role, service_area=area), follow=True
    )
    assert "waits for the statewide coordinator to confirm it" in response.content.decode()
    clinician.refresh_from_db()
    assert clinician.role == Role.CLINICIAN
    change = LoginChangeRequest.objects.get()
    assert (change.user, change.requested_by, change.state) == (
        clinician,
        world.users[Role.SYSTEM_ADMINISTRATOR],
        LoginChangeState.WAITING,
    )
    assert change.new_values["role"] == role

    # The requester cannot confirm their own request; the page says so and nothing changes.
    refused = decide(world.users[Role.SYSTEM_ADMINISTRATOR], change)
    assert "a second person must confirm it" in refused.content.decode()
    clinician.refresh_from_db()
    assert clinician.role == Role.CLINICIAN

    statewide = world.users[Role.STATEWIDE_COORDINATOR]
    confirmed = decide(statewide, change)
    assert confirmed.status_code == 200
    clinician.refresh_from_db()
    assert clinician.role == role
    change.refresh_from_db()
    assert (change.state, change.decided_by) == (LoginChangeState.CONFIRMED, statewide)
    entry = user_history(clinician).get()
    assert entry.user == statewide
    assert entry.changes["Role"] == ["Clinician", Role(role).label]
    assert entry.changes["Asked for by"][1] == str(world.users[Role.SYSTEM_ADMINISTRATOR])
    assert Notification.objects.filter(recipient=clinician, message__contains="Your login's role").exists()


def test_the_same_change_asked_twice_while_it_waits_is_one_request(world):
    admin, clinician = world.users[Role.SYSTEM_ADMINISTRATOR], world.users[Role.CLINICIAN]
    wanted = {"role": Role.DHS_LIAISON, "service_area": world.area_a.pk}
    first = logins.change_login(admin, clinician, wanted)
    assert logins.change_login(admin, clinician, wanted) == first
    assert LoginChangeRequest.objects.filter(user=clinician, state=LoginChangeState.WAITING).count() == 1
    # Once decided, asking again is a new request.
    logins.decide(world.users[Role.STATEWIDE_COORDINATOR], first.pk, confirm=False)
    assert logins.change_login(admin, clinician, wanted) != first


def test_the_confirmer_refuses_and_nothing_changes(world):
    clinician = world.users[Role.CLINICIAN]
    change = logins.change_login(
        world.users[Role.SYSTEM_ADMINISTRATOR], clinician, {"role": Role.CONTRACT_MANAGER, "sites": []}
    )
    decide(world.users[Role.STATEWIDE_COORDINATOR], change, "refuse")
    clinician.refresh_from_db()
    assert clinician.role == Role.CLINICIAN and clinician.sites.exists()
    change.refresh_from_db()
    assert change.state == LoginChangeState.REFUSED
    assert Notification.objects.filter(recipient=clinician, message__contains="was refused").exists()
    assert Notification.objects.filter(
        recipient=world.users[Role.SYSTEM_ADMINISTRATOR], message__contains="was refused"
    ).exists()


def test_a_harmless_role_change_applies_at_once_and_is_recorded(world):
    clinician = world.users[Role.CLINICIAN]
    admin_client(world).post(
        change_url(clinician), change_form(clinician, role=Role.SITE_COORDINATOR, sites=[world.site_a2.pk])
    )
    clinician.refresh_from_db()
    assert clinician.role == Role.SITE_COORDINATOR
    assert list(clinician.sites.all()) == [world.site_a2]
    assert not LoginChangeRequest.objects.exists()
    entry = user_history(clinician).get()
    assert entry.user == world.users[Role.SYSTEM_ADMINISTRATOR]
    assert entry.changes["Role"] == ["Clinician", "Site coordinator"]
    assert entry.changes["Sites"] == [str(world.site_a1), str(world.site_a2)]


def test_reactivation_waits_deactivation_does_not(world):
    clinician = world.users[Role.CLINICIAN]
    client = admin_client(world)
    client.post(change_url(clinician), change_form(clinician, is_active=None))
    clinician.refresh_from_db()
    assert not clinician.is_active
    assert user_history(clinician).get().changes["Active"] == ["Yes", "No"]
    assert Notification.objects.filter(recipient=clinician, message__contains="deactivated").exists()

    client.post(change_url(clinician), change_form(clinician, is_active="on"))
    clinician.refresh_from_db()
    assert not clinician.is_active
    change = LoginChangeRequest.objects.get()
    decide(world.users[Role.STATEWIDE_COORDINATOR], change)
    clinician.refresh_from_db()
    assert clinician.is_active


def test_a_state_wide_logins_password_waits_and_is_temporary_once_confirmed(world):
    manager = world.users[Role.CONTRACT_MANAGER]
    url = reverse("admin:auth_user_password_change", args=[manager.pk])
    response = admin_client(world).post(url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}, follow=True)
    assert "waits for the statewide coordinator" in response.content.decode()
    manager.refresh_from_db()
    assert manager.check_password(PASSWORD) and not manager.must_change_password
    change = LoginChangeRequest.objects.get()
    assert NEW_PASSWORD not in str(change.new_values) + str(change.summary)

    decide(world.users[Role.STATEWIDE_COORDINATOR], change)
    manager.refresh_from_db()
    assert manager.check_password(NEW_PASSWORD) and manager.must_change_password
    change.refresh_from_db()
    assert change.password_hash == ""
    entry = user_history(manager).get()
    assert "Set by an administrator" in entry.changes["Password"][1]
    assert manager.password not in str(entry.changes)


def test_a_staff_password_set_by_an_administrator_must_be_changed_at_the_next_login(world):
    clinician = world.users[Role.CLINICIAN]
    url = reverse("admin:auth_user_password_change", args=[clinician.pk])
    admin_client(world).post(url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    clinician.refresh_from_db()
    assert clinician.check_password(NEW_PASSWORD) and clinician.must_change_password
    assert "Set by an administrator" in user_history(clinician).get().changes["Password"][1]

    client = Client()
    assert (
        client.post(
            reverse("login"), {"username": clinician.username, "password": NEW_PASSWORD}, REMOTE_ADDR="10.1.1.1"
        ).status_code
        == 302
    )
    assert client.get(reverse("home")).url == reverse("password_change")
    assert client.get(reverse("parentpartner:site-list")).url == reverse("password_change")
    chosen = "my-own-chosen-passphrase-93"
    client.post(
        reverse("password_change"),
        {"old_password": NEW_PASSWORD, "new_password1": chosen, "new_password2": chosen},
    )
    clinician.refresh_from_db()
    assert not clinician.must_change_password
    assert client.get(reverse("home")).status_code == 200


@pytest.mark.parametrize("role", [Role.CONTRACT_MANAGER, Role.SITE_COORDINATOR, Role.PARENT_PARTNER])
def test_a_two_step_reset_of_any_login_waits_for_confirmation(world, role):
    """With a password they set and a reset applied at once, an administrator could enrol their own
    phone on anyone's login: every reset waits for a second person."""
    manager = world.users[role]
    TOTPDevice.objects.create(user=manager, name="Authenticator app", confirmed=True)
    changelist = reverse("admin:parentpartner_user_changelist")
    response = admin_client(world).post(
        changelist, {"action": "reset_two_factor", "_selected_action": [manager.pk]}, follow=True
    )
    assert "wait for a second person to confirm" in response.content.decode()
    assert TOTPDevice.objects.filter(user=manager).exists()
    decide(world.users[Role.STATEWIDE_COORDINATOR], LoginChangeRequest.objects.get())
    assert not TOTPDevice.objects.filter(user=manager).exists()
    assert user_history(manager).get().changes["Two-step login"] == ["Enrolled", logins.TWO_FACTOR_RESET]


def test_the_statewide_coordinators_own_login_is_confirmed_by_another_system_administrator(world):
    statewide = world.users[Role.STATEWIDE_COORDINATOR]
    admin = world.users[Role.SYSTEM_ADMINISTRATOR]
    change = logins.set_password(admin, statewide, NEW_PASSWORD)
    assert change is not None and change.confirmer_role == Role.SYSTEM_ADMINISTRATOR
    # The statewide coordinator neither sees nor confirms a change to their own login.
    assert decide(statewide, change).status_code == 404
    with pytest.raises(logins.LoginChangeRefused):
        logins.decide(statewide, change.pk, confirm=True)
    with pytest.raises(logins.LoginChangeRefused):
        logins.decide(admin, change.pk, confirm=True)
    statewide.refresh_from_db()
    assert statewide.check_password(PASSWORD)
    decide(second_administrator(), change)
    statewide.refresh_from_db()
    assert statewide.check_password(NEW_PASSWORD)


def test_every_new_login_starts_deactivated_until_a_second_person_confirms(world):
    """A new login of any role waits: whoever knows its first password could otherwise enrol their own
    authenticator on it and read its scope's case data alone."""
    client = admin_client(world)
    data = {"username": "newmanager", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "email": "n@example.org"}
    client.post(reverse("admin:parentpartner_user_add"), {**data, "role": Role.CONTRACT_MANAGER})
    manager = User.objects.get(username="newmanager")
    assert not manager.is_active and manager.must_change_password
    assert user_history(manager).get().action == HistoryEntry.Action.CREATE
    decide(world.users[Role.STATEWIDE_COORDINATOR], LoginChangeRequest.objects.get(user=manager))
    manager.refresh_from_db()
    assert manager.is_active

    client.post(reverse("admin:parentpartner_user_add"), {**data, "username": "newclinician", "role": Role.CLINICIAN})
    clinician = User.objects.get(username="newclinician")
    assert not clinician.is_active and clinician.must_change_password
    created = user_history(clinician).get()
    assert created.changes["Role"] == ["", "Clinician"]
    assert NEW_PASSWORD not in str(created.changes)
    # Until confirmed, its first password opens nothing: the login page refuses it.
    answer = Client().post(reverse("login"), {"username": "newclinician", "password": NEW_PASSWORD})
    assert answer.status_code == 200 and "_auth_user_id" not in answer.client.session
    decide(world.users[Role.STATEWIDE_COORDINATOR], LoginChangeRequest.objects.get(user=clinician))
    clinician.refresh_from_db()
    assert clinician.is_active


# --- Every change on the record, and the person told -----------------------------------------------


def _created(world):
    user = f.UserFactory.build(username="fresh", role=Role.CLINICIAN, email="fresh@example.org")
    logins.create_login(world.users[Role.SYSTEM_ADMINISTRATOR], user)
    return user


def _scope(world):
    user = world.users[Role.CLINICIAN]
    logins.change_login(world.users[Role.SYSTEM_ADMINISTRATOR], user, {"sites": [world.site_a2.pk]})
    return user


def _details(world):
    user = world.users[Role.CLINICIAN]
    user.email = "new.address@example.org"
    logins.save_login(world.users[Role.SYSTEM_ADMINISTRATOR], user, {})
    return user


def _deactivated(world):
    user = world.users[Role.CLINICIAN]
    logins.change_login(world.users[Role.SYSTEM_ADMINISTRATOR], user, {"is_active": False})
    return user


def _password(world):
    user = world.users[Role.CLINICIAN]
    logins.set_password(world.users[Role.SYSTEM_ADMINISTRATOR], user, NEW_PASSWORD)
    return user


def _two_step(world):
    user = world.users[Role.CLINICIAN]
    change = logins.reset_two_factor(world.users[Role.SYSTEM_ADMINISTRATOR], user)
    logins.decide(world.users[Role.STATEWIDE_COORDINATOR], change.pk, confirm=True)
    return user


def _lockout(world):
    user = world.users[Role.CLINICIAN]
    for _ in range(5):
        Client().post(reverse("login"), {"username": user.username, "password": "wrong"}, REMOTE_ADDR="10.9.9.9")
    assert AccessAttempt.objects.filter(username=user.username).exists()
    logins.clear_lockout(world.users[Role.SYSTEM_ADMINISTRATOR], user)
    return user


def _confirmed(world):
    user = world.users[Role.CLINICIAN]
    change = logins.change_login(world.users[Role.SYSTEM_ADMINISTRATOR], user, {"role": Role.CONTRACT_MANAGER})
    logins.decide(world.users[Role.STATEWIDE_COORDINATOR], change.pk, confirm=True)
    return user


KINDS = [_created, _scope, _details, _deactivated, _password, _two_step, _lockout, _confirmed]


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.__name__.strip("_"))
def test_every_login_change_leaves_a_history_row_a_notification_and_an_email(
    world, kind, mailoutbox, django_capture_on_commit_callbacks
):
    clinician = world.users[Role.CLINICIAN]
    clinician.email = "clinician@example.org"
    clinician.save()
    with django_capture_on_commit_callbacks(execute=True):
        user = kind(world)
    entry = user_history(user).first()
    assert entry is not None and entry.user is not None
    assert entry.changes and all(len(values) == 2 for values in entry.changes.values())
    assert Notification.objects.filter(recipient=user).exists()
    user.refresh_from_db()
    assert user.unread_notifications >= 1
    assert any(user.email in mail.to for mail in mailoutbox)
    # A confirmed request names the confirmer; its history row keeps who asked.
    assert f"by {world.users[Role.SYSTEM_ADMINISTRATOR]}" in mailoutbox[-1].body or kind in (_two_step, _confirmed)


@pytest.mark.parametrize("decision", ["confirm", "refuse"])
def test_requests_filed_and_decided_are_on_the_record(world, decision):
    admin = world.users[Role.SYSTEM_ADMINISTRATOR]
    change = logins.change_login(
        admin, world.users[Role.CLINICIAN], {"role": Role.DHS_LIAISON, "service_area": world.area_a.pk}
    )
    logins.decide(world.users[Role.STATEWIDE_COORDINATOR], change.pk, confirm=decision == "confirm")
    rows = HistoryEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(LoginChangeRequest), object_id=str(change.pk)
    ).order_by("pk")
    assert [(row.action, row.user) for row in rows] == [
        (HistoryEntry.Action.CREATE, admin),
        (HistoryEntry.Action.UPDATE, world.users[Role.STATEWIDE_COORDINATOR]),
    ]
    assert rows[1].changes["State"] == [
        "Waiting for confirmation",
        {"confirm": "Confirmed", "refuse": "Refused"}[decision],
    ]
    # Those who confirm are told a request waits for them.
    assert Notification.objects.filter(
        recipient=world.users[Role.STATEWIDE_COORDINATOR], message__contains="please confirm or refuse"
    ).exists()


# --- The pages --------------------------------------------------------------------------------------


def test_the_waiting_page_offers_confirm_only_to_the_confirmer(world):
    change = logins.change_login(
        world.users[Role.SYSTEM_ADMINISTRATOR], world.users[Role.CLINICIAN], {"role": Role.CONTRACT_MANAGER}
    )
    url = reverse("parentpartner:login-change-waiting")
    confirm = reverse("parentpartner:login-change-decide", args=[change.pk])
    for_requester = admin_client(world).get(url).content.decode()
    for_confirmer = client_of(world.users[Role.STATEWIDE_COORDINATOR]).get(url).content.decode()
    assert "DHS contract manager" in for_requester and confirm not in for_requester
    assert "Waiting for the statewide coordinator" in for_requester
    assert confirm in for_confirmer


def test_login_changes_page_lists_every_change_newest_first_in_a_fixed_number_of_queries(
    world, django_assert_num_queries
):
    client = client_of(world.users[Role.STATEWIDE_COORDINATOR])
    url = reverse("parentpartner:login-change-history")
    _scope(world)
    client.get(url)
    with django_assert_num_queries(7) as before:
        client.get(url)
    for kind in (_deactivated, _password, _two_step, _confirmed):
        kind(world)
    # session, user, content types... then count and rows: the same whatever the number of rows.
    with django_assert_num_queries(len(before.captured_queries)):
        response = client.get(url)
    rows = list(response.context["object_list"])
    assert [row.at for row in rows] == sorted((row.at for row in rows), reverse=True)
    page = response.content.decode()
    assert "Set by an administrator" in page and "Clinician" in page


def test_notifications_page_lists_them_and_opening_marks_them_read(world):
    clinician = world.users[Role.CLINICIAN]
    _deactivated(world)
    logins.change_login(world.users[Role.SYSTEM_ADMINISTRATOR], clinician, {"is_active": True})
    client = client_of(world.users[Role.STATEWIDE_COORDINATOR])
    home = client.get(reverse("home")).content.decode()
    assert "unread notifications</span>" in home and "unread)</a>" in home
    response = client.get(reverse("parentpartner:notification-list"))
    assert "please confirm or refuse" in response.content.decode()
    assert not Notification.objects.filter(recipient=world.users[Role.STATEWIDE_COORDINATOR], read_at=None).exists()
    after = client.get(reverse("home")).content.decode()
    assert "unread notifications</span>" not in after and "unread)</a>" not in after
    # Nobody reads another person's notifications.
    assert "please confirm" not in client_of(clinician).get(reverse("parentpartner:notification-list")).content.decode()


class Inbox:
    """An aiosmtpd handler that keeps what it receives."""

    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on 127.0.0.1 on a free port, and the app's mail sent to it over SMTP."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    yield inbox
    controller.stop()


def test_the_person_concerned_gets_a_real_email_when_their_role_is_changed(
    world, smtp_server, django_capture_on_commit_callbacks
):
    """Delivery over SMTP to a real server: the person concerned reads who changed their role and when."""
    clinician = world.users[Role.CLINICIAN]
    clinician.email = "clinician@example.org"
    clinician.save()
    with django_capture_on_commit_callbacks(execute=True):
        admin_client(world).post(change_url(clinician), change_form(clinician, role=Role.SITE_COORDINATOR))
    assert [envelope.rcpt_tos for envelope in smtp_server.envelopes] == [["clinician@example.org"]]
    text = smtp_server.envelopes[0].content.decode()
    assert f"changed by {world.users[Role.SYSTEM_ADMINISTRATOR]} on" in text
    assert "Role: Clinician" in text


def test_a_refused_change_tells_no_one(world, mailoutbox, django_capture_on_commit_callbacks):
    clinician = world.users[Role.CLINICIAN]
    clinician.email = "clinician@example.org"
    clinician.save()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(logins.LoginChangeRefused):
        logins.change_login(clinician, clinician, {"role": Role.SITE_COORDINATOR})
    assert mailoutbox == []
