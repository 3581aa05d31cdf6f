"""The one door for every change of a Parent Partner's role or standing (R-ROLE-1).

Entering a new person, recording someone from the paper roster, accepting into mentoring, approval as
Parent Partner and as Lead, pausing, ending, reinstating, and the effect of a review outcome or of a
recorded disqualifier: each goes through a function here, which asks every gate (`parentpartner.services.gates`,
the core's and the apps' registered ones) and refuses with all the reasons at once. The models refuse
a role or status written any other way (`ParentPartner.save`, `RoleAssignment.save`, their querysets):
the door opens them with `_opened()`, and nothing else does.

Every change runs in one transaction, locks the person's row and checks the version the user started
from where there is one (`parentpartner.records`), and leaves history rows (who, when, what changed).
A person's standing (pause, end, reinstate, and the findings that end a role) is the `STANDING` machine.
"""

import contextlib
import datetime
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Func, Q, QuerySet, Value
from django.db.models.functions import Right
from django.utils import timezone

from parentpartner import audit, records
from parentpartner.models import (
    DOOR_OPEN,
    HistoryEntry,
    ParentPartner,
    PartnerRole,
    PartnerStatus,
    RoleAssignment,
    StatusChange,
)
from parentpartner.services.gates import Change, refuse_if_blocked
from parentpartner.states import Machine, Move


@contextlib.contextmanager
def _opened() -> Iterator[None]:
    token = DOOR_OPEN.set(True)
    try:
        yield
    finally:
        DOOR_OPEN.reset(token)


def _locked(partner: ParentPartner, version: int | None = None) -> ParentPartner:
    """The person's row, locked for the change; `records.Conflict` when it changed since `version`."""
    return records.locked(partner, version, what="record")


def _reason(reason: str | None) -> None:
    if not (reason or "").strip():
        raise ValidationError({"reason": "Give the reason; it is kept with the change."})


# ---------------------------------------------------------------------------------------------------
# Nobody is entered twice (R-ELIG-2: a disqualified person does not come back as a clean record)


def _digits(phone: str) -> str:
    digits = re.sub(r"\D", "", phone or "")
    return digits[-10:]


def matches(
    *,
    first_name: str,
    last_name: str,
    date_of_birth: datetime.date | None = None,
    email: str = "",
    phone: str = "",
    exclude_pk: int | None = None,
) -> QuerySet[ParentPartner]:
    """People already recorded who are probably this person: the same name and date of birth, or the
    same e-mail, or the same phone number. Whatever their site, role or standing."""
    same = Q(pk__in=[])
    if date_of_birth:
        same |= Q(
            first_name__iexact=first_name.strip(), last_name__iexact=last_name.strip(), date_of_birth=date_of_birth
        )
    if (email or "").strip():
        same |= Q(email__iexact=email.strip())
    digits = _digits(phone)
    found = ParentPartner.objects.all()
    if len(digits) >= 7:
        # The phone as entered ("(515) 555-0101", "515.555.0101"), compared on its last ten digits.
        found = found.annotate(
            phone_digits=Right(Func(F("phone"), Value(r"\D"), Value(""), Value("g"), function="regexp_replace"), 10)
        )
        same |= Q(phone_digits=digits)
    found = found.filter(same).select_related("site")
    return found.exclude(pk=exclude_pk) if exclude_pk else found


class Duplicate(ValidationError):
    """A person who matches someone already recorded; `matches` are those records."""

    def __init__(self, message: str, matches: list[ParentPartner]) -> None:
        super().__init__(message, code="duplicate")
        self.matches = matches


def refuse_duplicates(partner: ParentPartner) -> None:
    found = list(
        matches(
            first_name=partner.first_name,
            last_name=partner.last_name,
            date_of_birth=partner.date_of_birth,
            email=partner.email,
            phone=partner.phone,
            exclude_pk=partner.pk,
        )[:3]
    )
    if found:
        raise Duplicate(
            "This person may already be recorded: "
            + "; ".join(f"{p} ({p.get_current_role_display()}, {p.site})" for p in found)
            + ". Open their record instead of entering them again; if they are a different person, "
            "ask the statewide coordinator.",
            found,
        )


# ---------------------------------------------------------------------------------------------------
# Entering people


@transaction.atomic
def enter(
    partner: ParentPartner,
    *,
    user: Any,
    started_on: datetime.date | None = None,
    today: datetime.date | None = None,
) -> ParentPartner:
    """A new person enters as Parent Partner in Training (R-ROLE-1), once the time since reunification
    or permanency allows it (R-ROLE-2), and only if nobody recorded already matches them."""
    today = today or timezone.localdate()
    started_on = started_on or today
    if started_on > today:
        raise ValidationError({"role_started_on": "This date cannot be in the future."})
    refuse_duplicates(partner)
    partner.current_role = PartnerRole.IN_TRAINING
    partner.status = PartnerStatus.ACTIVE
    refuse_if_blocked(partner, Change.ENTER, started_on)
    with _opened():
        partner.save()
        row = RoleAssignment.objects.create(
            parent_partner=partner,
            role=PartnerRole.IN_TRAINING,
            started_on=started_on,
            reason="Entered",
            recorded_by=user,
        )
    audit.record(user, partner, HistoryEntry.Action.CREATE)
    audit.record(user, row, HistoryEntry.Action.CREATE)
    return partner


@dataclass(frozen=True)
class PaperRole:
    """One role of a person's history as the paper roster shows it (the last one may be open)."""

    role: str
    started_on: datetime.date
    ended_on: datetime.date | None = None


@transaction.atomic
def record_from_paper(
    partner: ParentPartner,
    *,
    user: Any,
    roles: list[PaperRole],
    approved_on: datetime.date | None = None,
    approved_by_name: str = "",
    notes: str = "",
    status: str | None = None,
    role: str | None = None,
) -> ParentPartner:
    """Someone who already holds a role in the program on the paper roster (R-ROLE-1, R-ROLE-5): the
    roles with their dates, and the date and approver of the original approval, marked as recorded
    from paper, audited. A new person matching a record is refused (R-ELIG-2: nobody is entered
    twice). The statewide coordinator's page is the path for people; the demo roster and the test
    fixtures, which record past histories, use it too, adding rows to a person already recorded.
    The role held is the open row's (or `role`, for a person whose rows follow)."""
    open_rows = [paper for paper in roles if paper.ended_on is None]
    held = open_rows[-1].role if open_rows else role
    adding = partner.pk is None
    if adding:
        if held is None:
            raise ValidationError({"role": "Give the role they hold."})
        refuse_duplicates(partner)
        partner.status = status or PartnerStatus.ACTIVE
    else:
        partner = _locked(partner)
        if status:
            partner.status = status
        partner.version += 1
    if held:
        partner.current_role = held
    rows = []
    with _opened():
        partner.save()
        for paper in roles:
            approval = paper.ended_on is None
            rows.append(
                RoleAssignment.objects.create(
                    parent_partner=partner,
                    role=paper.role,
                    started_on=paper.started_on,
                    ended_on=paper.ended_on,
                    reason=notes or "Recorded from the paper roster",
                    recorded_by=user,
                    from_paper=True,
                    approved_on=approved_on if approval else None,
                    approved_by_name=approved_by_name if approval else "",
                )
            )
    if user is not None:
        if adding:
            audit.record(user, partner, HistoryEntry.Action.CREATE)
        for row in rows:
            audit.record(user, row, HistoryEntry.Action.CREATE)
    return partner


# ---------------------------------------------------------------------------------------------------
# Promotions (R-ROLE-3, R-ROLE-5, R-ROLE-6)


def _change_role(partner: ParentPartner, *, role: str, on: datetime.date, user: Any, reason: str) -> RoleAssignment:
    """Close the open role row and open a new one from `on` (R-ROLE-1: one role at a time, every
    change recorded with dates). `partner` is locked by the caller."""
    before = audit.snapshot(partner)
    with _opened():
        audit.update_each(
            user, RoleAssignment.objects.filter(parent_partner=partner, ended_on__isnull=True), ended_on=on
        )
        row = RoleAssignment.objects.create(
            parent_partner=partner, role=role, started_on=on, reason=reason, recorded_by=user
        )
        audit.record(user, row, HistoryEntry.Action.CREATE)
        partner.current_role = role
        records.save(partner, user=user, before=before, update_fields=["current_role", "updated_at"])
    return row


@transaction.atomic
def promote(
    partner: ParentPartner,
    change: Change,
    *,
    user: Any,
    reason: str,
    on: datetime.date | None = None,
    version: int | None = None,
) -> RoleAssignment:
    """Accept into mentoring, approve as Parent Partner or as Lead: every gate is asked again at this
    moment (R-ROLE-3, R-ROLE-5, R-ROLE-6, R-ELIG-1, R-ELIG-2, R-REV-4) and the role changes from `on`."""
    if change.role is None or change == Change.ENTER:
        raise ValueError(f"{change} is not a promotion")
    on = on or timezone.localdate()
    _reason(reason)
    partner = _locked(partner, version)
    refuse_if_blocked(partner, change, on)
    return _change_role(partner, role=change.role, on=on, user=user, reason=reason)


# ---------------------------------------------------------------------------------------------------
# Standing: pause, end, reinstate, and the effect of a review outcome or a disqualifier


def _wrong_status(partner: ParentPartner, move: Move) -> str | None:
    if partner.status in move.sources:
        return None
    return f"{move.label}: not possible while the status is {partner.get_status_display().lower()}."


# A person's standing (R-ROLE-1): the coordinators' moves on the progression page, and the findings that
# end a role whatever the user's role (R-REV-4 c, R-ELIG-2: no permission, never a page of their own).
STANDING = Machine(
    [
        Move(Change.PAUSE, "Pause", (PartnerStatus.ACTIVE,), {"done": PartnerStatus.PAUSED}, "progression.change"),
        Move(
            Change.END,
            "End the role",
            (PartnerStatus.ACTIVE, PartnerStatus.PAUSED),
            {"done": PartnerStatus.INACTIVE},
            "progression.change",
        ),
        Move(
            Change.REINSTATE,
            "Reinstate",
            (PartnerStatus.PAUSED, PartnerStatus.INACTIVE),
            {"done": PartnerStatus.ACTIVE},
            "progression.change",
        ),
        Move(
            Change.END_BY_REVIEW,
            "End the role",
            (PartnerStatus.ACTIVE, PartnerStatus.PAUSED),
            {"done": PartnerStatus.INACTIVE},
        ),
        Move(
            Change.END_BY_DISQUALIFIER,
            "End the role",
            (PartnerStatus.ACTIVE, PartnerStatus.PAUSED),
            {"done": PartnerStatus.INACTIVE},
        ),
    ],
    state="status",
    refuse=_wrong_status,
)
ENDINGS = {Change.END, Change.END_BY_REVIEW, Change.END_BY_DISQUALIFIER}
FINDINGS = {Change.END_BY_REVIEW, Change.END_BY_DISQUALIFIER}


@transaction.atomic
def change_standing(
    partner: ParentPartner,
    change: Change,
    *,
    user: Any,
    reason: str,
    version: int | None = None,
    today: datetime.date | None = None,
) -> StatusChange | None:
    """Pause, end or reinstate, with a reason, recorded like every role change (R-ROLE-1). Ending
    closes the open role row (kept in the history); reinstating is an approval, so every gate is asked
    (R-ELIG-2, R-REV-4) and, after an end, a new row of the same role opens. A review outcome of "no
    longer eligible" (R-REV-4 c) and a recorded disqualifier (R-ELIG-2) end the role at once, whatever
    the user's role; they change nothing for a person whose role has already ended."""
    today = today or timezone.localdate()
    _reason(reason)
    move = STANDING[change]
    partner = _locked(partner, version)
    if refusal := STANDING.refusal(partner, move):
        if change in FINDINGS:
            return None
        raise ValidationError(refusal, code="wrong_status")
    to_status = move.leads_to()
    if change == Change.REINSTATE:
        refuse_if_blocked(partner, change, today)
    before = audit.snapshot(partner)
    open_row = RoleAssignment.objects.select_for_update().filter(parent_partner=partner, ended_on__isnull=True).first()
    with _opened():
        if change in ENDINGS and open_row is not None:
            if open_row.started_on >= today and change == Change.END:
                raise ValidationError("The role started today; it can be ended from tomorrow.", code="too_soon")
            role_before = audit.snapshot(open_row)
            # A role that started today and ends by a finding is recorded as held for its one day.
            open_row.ended_on = max(today, open_row.started_on + datetime.timedelta(days=1))
            open_row.save(update_fields=["ended_on"])
            audit.record(user, open_row, HistoryEntry.Action.UPDATE, role_before)
        if change == Change.REINSTATE and open_row is None:
            row = RoleAssignment.objects.create(
                parent_partner=partner, role=partner.current_role, started_on=today, reason=reason, recorded_by=user
            )
            audit.record(user, row, HistoryEntry.Action.CREATE)
        status_change = StatusChange.objects.create(
            parent_partner=partner,
            from_status=partner.status,
            to_status=to_status,
            on=today,
            reason=reason,
            recorded_by=user,
        )
        audit.record(user, status_change, HistoryEntry.Action.CREATE)
        partner.status = to_status
        records.save(partner, user=user, before=before, update_fields=["status", "updated_at"])
    return status_change
