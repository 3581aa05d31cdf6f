"""Multi-row operations on Parent Partners, each in one transaction."""

import datetime

from django.db import transaction

from parentpartner import audit
from parentpartner.models import HistoryEntry, ParentPartner, RoleAssignment


@transaction.atomic
def enrol_parent_partner(partner: ParentPartner, *, role: str, started_on: datetime.date, user) -> ParentPartner:
    """Save a new Parent Partner with the first row of their role history (R-ROLE-1)."""
    partner.current_role = role
    partner.save()
    role_row = RoleAssignment.objects.create(
        parent_partner=partner, role=role, started_on=started_on, reason="Enrolled", recorded_by=user
    )
    audit.record(user, partner, HistoryEntry.Action.CREATE)
    audit.record(user, role_row, HistoryEntry.Action.CREATE)
    return partner


@transaction.atomic
def change_role(partner: ParentPartner, *, role: str, on: datetime.date, user, reason: str) -> RoleAssignment:
    """Close the open role row and open a new one from `on` (R-ROLE-1: one role at a time, every
    change recorded with dates). The approval that permits the change is the caller's business
    (R-ROLE-5, R-ROLE-6); this only keeps the history true."""
    partner = ParentPartner.objects.select_for_update().get(pk=partner.pk)
    before = audit.snapshot(partner)
    audit.update_each(user, RoleAssignment.objects.filter(parent_partner=partner, ended_on__isnull=True), ended_on=on)
    assignment = RoleAssignment.objects.create(
        parent_partner=partner, role=role, started_on=on, reason=reason, recorded_by=user
    )
    audit.record(user, assignment, HistoryEntry.Action.CREATE)
    partner.current_role = role
    partner.version += 1
    partner.save(update_fields=["current_role", "version", "updated_at"])
    audit.record(user, partner, HistoryEntry.Action.UPDATE, before)
    return assignment
