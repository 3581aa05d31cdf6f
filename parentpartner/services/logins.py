"""Changes to logins: four eyes for the powerful ones, and every change on the record (issue 15).

Every path that changes a login passes here: the admin's user forms and actions
(`parentpartner.admin.UserAdmin`), the password an administrator sets, and the confirmation page.
The demo data creates logins directly but never changes an existing login's role.

- A system administrator cannot change their own login's role, scope or activation.
- Powerful changes wait for a second person (a LoginChangeRequest) and take effect only when they
  confirm: giving a login a state-wide role, an area role or the system administrator's role (new
  logins with one are created deactivated and wait for their activation), creating any login (every
  role but the system administrator's sees case data, and an administrator who knows a new login's
  first password could enrol their own authenticator on it), setting the password of a state-wide
  login (the system administrator's included: whoever holds it could confirm in their name),
  resetting the two-step login of any login (with a password they set, the reset would let an
  administrator in as that person), and reactivating a login. The statewide coordinator
  confirms for every login but their own; another system administrator confirms for the statewide
  coordinator's own login. The requester never confirms their own request, nor anyone a change to
  their own login.
- Every change is a history row (`parentpartner.audit`, the same append-only history as case data)
  with old and new values, by whom and when (a password as the fact, never its value), and the person
  concerned is told in the app and by e-mail (`parentpartner.services.notifications.notify`).
A password set by an administrator is temporary (`parentpartner.services.temporary_passwords`).
"""

from typing import Any

from axes.utils import reset as reset_failed_logins
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from parentpartner import audit
from parentpartner.dates import long_date
from parentpartner.models import (
    HistoryEntry,
    LoginChangeRequest,
    LoginChangeState,
    ParentPartner,
    ServiceArea,
    Site,
    User,
)
from parentpartner.roles import Role
from parentpartner.services.notifications import notify

# Roles whose grant waits for a second person: the state-wide roles, the area roles, and the system
# administrator's (who files these requests and confirms those for the statewide coordinator's login).
POWERFUL_ROLES = {
    Role.STATEWIDE_COORDINATOR,
    Role.CONTRACT_MANAGER,
    Role.SERVICE_AREA_COORDINATOR,
    Role.DHS_LIAISON,
    Role.SYSTEM_ADMINISTRATOR,
}
# Logins whose password or two-step reset waits: whoever takes one over sees the whole state or
# confirms the others' requests.
STATE_WIDE_ROLES = {Role.STATEWIDE_COORDINATOR, Role.CONTRACT_MANAGER, Role.SYSTEM_ADMINISTRATOR}

SCOPE_FIELDS = ("role", "service_area", "sites", "parent_partner")
LOGIN_FIELDS = (*SCOPE_FIELDS, "is_active")
PERSON_FIELDS = {"username": "Username", "first_name": "First name", "last_name": "Last name", "email": "E-mail"}

SET_BY_ADMINISTRATOR = "Set by an administrator (temporary: to be changed at the next login)"
TWO_FACTOR_RESET = "Reset: enrols again at the next login"
OWN_CHANGE = "You cannot change your own role, scope or activation: another system administrator does it."


class LoginChangeRefused(Exception):
    """A change this person may not make; the message says why, in the user's words."""


# ---------------------------------------------------------------------------------------------------
# What a login holds, as stored and as a person reads it


def login_values(user: User) -> dict[str, Any]:
    """The role, scope and activation of a login as stored (ids for related rows)."""
    return {
        "role": user.role,
        "service_area": user.service_area_id,
        "sites": sorted(user.sites.values_list("pk", flat=True)) if user.pk else [],
        "parent_partner": user.parent_partner_id,
        "is_active": user.is_active,
    }


def wanted_values(cleaned_data: dict[str, Any]) -> dict[str, Any]:
    """The login fields of a submitted admin form, in the shape of `login_values`."""
    wanted: dict[str, Any] = {}
    if "role" in cleaned_data:
        wanted["role"] = cleaned_data["role"]
    for name in ("service_area", "parent_partner"):
        if name in cleaned_data:
            wanted[name] = cleaned_data[name].pk if cleaned_data[name] is not None else None
    if "sites" in cleaned_data:
        wanted["sites"] = sorted(site.pk for site in cleaned_data["sites"])
    if "is_active" in cleaned_data:
        wanted["is_active"] = bool(cleaned_data["is_active"])
    return wanted


def readable(values: dict[str, Any]) -> dict[str, str]:
    """Login values as the history and the notifications show them: names, not ids."""
    shown: dict[str, str] = {}
    if "role" in values:
        shown["Role"] = Role(values["role"]).label if values["role"] else ""
    if "service_area" in values:
        area = ServiceArea.objects.filter(pk=values["service_area"]).first() if values["service_area"] else None
        shown["Service area"] = str(area) if area else ""
    if "sites" in values:
        shown["Sites"] = ", ".join(sorted(str(site) for site in Site.objects.filter(pk__in=values["sites"])))
    if "parent_partner" in values:
        partner = (
            ParentPartner.objects.filter(pk=values["parent_partner"]).first() if values["parent_partner"] else None
        )
        shown["Parent Partner record"] = str(partner) if partner else ""
    if "is_active" in values:
        shown["Active"] = audit.readable(bool(values["is_active"]))
    return shown


def person_values(user: User) -> dict[str, str]:
    return {label: str(getattr(user, name)) for name, label in PERSON_FIELDS.items()}


def login_snapshot(user: User) -> dict[str, str]:
    """A login as its creation row shows it (never the password, only whether one was set)."""
    return {
        **person_values(user),
        **readable(login_values(user)),
        "Password": SET_BY_ADMINISTRATOR if user.has_usable_password() else "",
    }


def _diff(before: dict[str, str], after: dict[str, str]) -> dict[str, list[str]]:
    return {key: [before.get(key, ""), value] for key, value in after.items() if before.get(key, "") != value}


def describe(changes: dict[str, list[str]]) -> str:
    """ "Role: Site coordinator → Service area coordinator; Sites: ..." for messages."""
    return "; ".join(f"{label}: {old or '(none)'} → {new or '(none)'}" for label, (old, new) in changes.items())


def _by_on(by: User) -> str:
    return f"by {by} on {long_date(timezone.localdate())}"


# ---------------------------------------------------------------------------------------------------
# The four-eyes rule


def confirmer_role(user: User) -> Role:
    """Who confirms a powerful change to `user`'s login: another system administrator for the
    statewide coordinator's own login, the statewide coordinator for every other."""
    return Role.SYSTEM_ADMINISTRATOR if user.role == Role.STATEWIDE_COORDINATOR else Role.STATEWIDE_COORDINATOR


def may_decide(by: Any, request: LoginChangeRequest) -> bool:
    """A waiting request is decided by an active holder of its confirmer role who neither asked for
    it nor is the person whose login it changes."""
    return (
        request.state == LoginChangeState.WAITING
        and by.is_active
        and by.role == request.confirmer_role
        and by.pk not in (request.requested_by_id, request.user_id)
    )


def own_change_refusal(by: Any, user: User, wanted: dict[str, Any]) -> str | None:
    """The reason a change is refused outright: nobody changes their own role, scope or activation."""
    if by.pk != user.pk:
        return None
    current = login_values(user)
    if any(name in wanted and wanted[name] != current[name] for name in LOGIN_FIELDS):
        return OWN_CHANGE
    return None


def _scope_is_powerful(before: dict[str, Any], wanted: dict[str, Any]) -> bool:
    role = wanted.get("role", before["role"])
    return role in POWERFUL_ROLES and (
        role != before["role"] or wanted.get("service_area", before["service_area"]) != before["service_area"]
    )


def _request_snapshot(request: LoginChangeRequest) -> dict[str, str]:
    return {
        "Login": str(request.user),
        "Asked for by": str(request.requested_by),
        "Change": describe(request.summary),
        "Confirmed by": Role(request.confirmer_role).label,
        "State": request.get_state_display(),
        "Decided by": str(request.decided_by) if request.decided_by else "",
    }


def _file(
    by: User, user: User, new_values: dict[str, Any], summary: dict[str, list[str]], password_hash: str | None = None
) -> LoginChangeRequest:
    # The same change asked for again while it waits (a resent form, a second click) is the same
    # request: one row for the confirmer, not two. A new password is always a new request.
    if password_hash is None:
        same = LoginChangeRequest.objects.filter(
            user=user, state=LoginChangeState.WAITING, new_values=new_values, password_hash__in=("",)
        ).first()
        if same is not None:
            return same
    request = LoginChangeRequest.objects.create(
        user=user,
        requested_by=by,
        confirmer_role=confirmer_role(user),
        new_values=new_values,
        summary=summary,
        password_hash=password_hash or "",
    )
    audit.record(by, request, HistoryEntry.Action.CREATE, after=_request_snapshot(request))
    what = describe(summary)
    waiting = reverse("parentpartner:login-change-waiting")
    notify(
        user,
        f"A change to your login was asked for {_by_on(by)} ({what}). It takes effect only when a second "
        "person confirms it.",
    )
    for confirmer in User.objects.filter(role=request.confirmer_role, is_active=True).exclude(pk__in=[by.pk, user.pk]):
        notify(confirmer, f"{by} asks to change the login of {user} ({what}): please confirm or refuse.", waiting)
    return request


# ---------------------------------------------------------------------------------------------------
# The changes


@transaction.atomic
def create_login(by: User, user: User) -> LoginChangeRequest | None:
    """A new login, saved here (its sites set afterwards count as its first change). A password set by
    the administrator is temporary. Every new login starts deactivated and its activation waits for a
    second person: whoever knows its first password and has no second person's confirmation could
    otherwise enrol their own authenticator and read the case data of its scope."""
    waits = user.is_active
    if waits:
        user.is_active = False
    user.must_change_password = user.has_usable_password()
    user.save()
    audit.record(by, user, HistoryEntry.Action.CREATE, after=login_snapshot(user))
    notify(user, f"Your login was created {_by_on(by)}.")
    if not waits:
        return None
    return _file(by, user, {"is_active": True}, {"Active": ["No", "Yes"], "Role": ["", Role(user.role).label]})


@transaction.atomic
def save_login(by: User, user: User, wanted: dict[str, Any]) -> LoginChangeRequest | None:
    """The admin's change form: `user` carries the submitted values. The name and e-mail are saved
    at once; role, scope and activation go through `change_login`."""
    refusal = own_change_refusal(by, user, wanted)
    if refusal:
        raise LoginChangeRefused(refusal)
    stored = User.objects.select_for_update().get(pk=user.pk)
    for name in ("role", "service_area_id", "parent_partner_id", "is_active"):
        setattr(user, name, getattr(stored, name))
    user.save()
    changes = _diff(person_values(stored), person_values(user))
    if changes:
        audit.record_change(by, user, changes)
        notify(user, f"Your login's details were changed {_by_on(by)}: {describe(changes)}.", also_to=stored.email)
    return change_login(by, user, wanted)


@transaction.atomic
def change_login(by: User, user: User, wanted: dict[str, Any]) -> LoginChangeRequest | None:
    """Role, scope and activation: the harmless part (a role that is not powerful, a deactivation) is
    applied at once; the powerful part (see the module) is filed as a request, returned."""
    refusal = own_change_refusal(by, user, wanted)
    if refusal:
        raise LoginChangeRefused(refusal)
    user = User.objects.select_for_update().get(pk=user.pk)
    before = login_values(user)
    applied: dict[str, Any] = {}
    waiting: dict[str, Any] = {}
    scope = {name: wanted[name] for name in SCOPE_FIELDS if name in wanted and wanted[name] != before[name]}
    if scope:
        (waiting if _scope_is_powerful(before, wanted) else applied).update(scope)
    if "is_active" in wanted and wanted["is_active"] != before["is_active"]:
        (waiting if wanted["is_active"] else applied)["is_active"] = wanted["is_active"]
    if applied:
        _apply(by, user, applied)
    if not waiting:
        return None
    return _file(by, user, waiting, _diff(readable(before), readable({**before, **waiting})))


def _apply(by: User, user: User, values: dict[str, Any], asked_by: User | None = None) -> None:
    before = readable(login_values(user))
    for name, value in values.items():
        if name == "sites":
            user.sites.set(value)
        elif name in ("service_area", "parent_partner"):
            setattr(user, f"{name}_id", value)
        else:
            setattr(user, name, value)
    user.save()
    changes = _diff(before, readable(login_values(user)))
    if asked_by is not None:
        changes["Asked for by"] = ["", str(asked_by)]
    audit.record_change(by, user, changes)
    what = "deactivated" if values.get("is_active") is False else "changed"
    notify(user, f"Your login's role, scope or activation was {what} {_by_on(by)}: {describe(changes)}.")


@transaction.atomic
def set_password(by: User, user: User, raw_password: str) -> LoginChangeRequest | None:
    """A password chosen by an administrator: temporary (changed at the next login); for a
    state-wide login it waits for a second person, as a hash only."""
    if by.pk == user.pk:
        raise LoginChangeRefused("Change your own password on the Change password page.")
    hashed = make_password(raw_password)
    if user.role in STATE_WIDE_ROLES:
        return _file(
            by, user, {"temporary_credentials": True}, {"Password": ["", SET_BY_ADMINISTRATOR]}, password_hash=hashed
        )
    _set_temporary_password(by, user, hashed)
    return None


def _set_temporary_password(by: User, user: User, hashed: str, asked_by: User | None = None) -> None:
    user.password = hashed
    user.must_change_password = True
    user.save(update_fields=["password", "must_change_password"])
    changes = {"Password": ["", SET_BY_ADMINISTRATOR]}
    if asked_by is not None:
        changes["Asked for by"] = ["", str(asked_by)]
    audit.record_change(by, user, changes)
    notify(user, f"Your password was set {_by_on(by)}. Choose your own when you next log in.")


@transaction.atomic
def reset_two_factor(by: User, user: User) -> LoginChangeRequest:
    """A lost phone: the devices go and the user enrols again. It always waits for a second person:
    with a password an administrator set (applied at once for a site-level login), a reset applied at
    once would let that administrator enrol their own phone and log in as the person."""
    return _file(by, user, {"reset_two_factor": True}, {"Two-step login": ["", TWO_FACTOR_RESET]})


def _reset_two_factor(by: User, user: User, asked_by: User | None = None) -> None:
    enrolled = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    user.end_all_sessions()
    changes = {"Two-step login": ["Enrolled" if enrolled else "Not enrolled", TWO_FACTOR_RESET]}
    if asked_by is not None:
        changes["Asked for by"] = ["", str(asked_by)]
    audit.record_change(by, user, changes)
    notify(user, f"Your two-step login was reset {_by_on(by)}: set up your authenticator again when you next log in.")


@transaction.atomic
def clear_lockout(by: User, user: User) -> int:
    """Clears the failed logins that lock `user` out (django-axes); recorded when there were any."""
    cleared = reset_failed_logins(username=user.username)
    if cleared:
        audit.record_change(by, user, {"Failed logins": [f"{cleared} recorded", "Cleared"]})
        notify(user, f"The failed logins recorded against your login were cleared {_by_on(by)}.")
    return cleared


@transaction.atomic
def decide(by: User, pk: int, confirm: bool) -> LoginChangeRequest:
    """Confirms (applies) or refuses a waiting request; see `may_decide` for who may."""
    request = LoginChangeRequest.objects.select_for_update().select_related("user", "requested_by").get(pk=pk)
    if request.state != LoginChangeState.WAITING:
        raise LoginChangeRefused("This change has already been decided.")
    if by.pk == request.requested_by_id:
        raise LoginChangeRefused("You asked for this change: a second person must confirm it.")
    if by.pk == request.user_id:
        raise LoginChangeRefused("A change to your own login is confirmed by someone else.")
    if not may_decide(by, request):
        raise LoginChangeRefused(f"This change is confirmed by the {Role(request.confirmer_role).label.lower()}.")
    before = _request_snapshot(request)
    user = User.objects.select_for_update().get(pk=request.user_id)
    asked_by = request.requested_by
    if confirm:
        values = dict(request.new_values)
        password = values.pop("temporary_credentials", False)
        two_factor = values.pop("reset_two_factor", False)
        if values:
            _apply(by, user, values, asked_by=asked_by)
        if password:
            _set_temporary_password(by, user, request.password_hash, asked_by=asked_by)
        if two_factor:
            _reset_two_factor(by, user, asked_by=asked_by)
    request.state = LoginChangeState.CONFIRMED if confirm else LoginChangeState.REFUSED
    request.decided_by = by
    request.decided_at = timezone.now()
    # Not a password: the waiting hash is wiped once the request is decided (bandit reads it as one).
    request.password_hash = ""  # nosec B105
    request.save()
    audit.record(by, request, HistoryEntry.Action.UPDATE, before=before, after=_request_snapshot(request))
    outcome = "confirmed" if confirm else "refused"
    what = describe(request.summary)
    notify(asked_by, f"Your request to change the login of {user} ({what}) was {outcome} {_by_on(by)}.")
    if not confirm:
        notify(user, f"A change to your login asked for by {asked_by} ({what}) was refused {_by_on(by)}.")
    return request
