"""The monthly activity form's life (R-FAM-7): draft -> submitted -> approved, or returned with a
comment; approved forms are locked, and a correction re-opens one with its reason kept."""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone

from mentoring import services
from mentoring.models import ActivityForm, Assignment, FormStatus
from mentoring.models.activity import EXPECTED_HOURS_PER_MONTH
from parentpartner import audit
from parentpartner.access import has_permission
from parentpartner.models import HistoryEntry, Role


def totals(form: ActivityForm) -> dict:
    """Hours and miles of one form, summed by the database, with the program's expectation of 7-10
    hours per family per month (R-ROLE-7)."""
    row = form.contacts.aggregate(minutes=Sum("minutes"), miles=Sum("miles"), count=Count("pk"))
    hours = Decimal(row["minutes"] or 0) / 60
    low, high = EXPECTED_HOURS_PER_MONTH
    if hours < low:
        flag = f"Below the expected {low}–{high} hours for a family this month."
    elif hours > high:
        flag = f"Above the expected {low}–{high} hours for a family this month."
    else:
        flag = ""
    return {
        "hours": hours.quantize(Decimal("0.01")),
        "miles": row["miles"] or Decimal(0),
        "count": row["count"],
        "flag": flag,
    }


def may_edit(user, form: ActivityForm) -> bool:
    """Coordinators enter forms (the main path); a Parent Partner with a login drafts their own."""
    if form.status not in (FormStatus.DRAFT, FormStatus.RETURNED):
        return False
    if user.role == Role.PARENT_PARTNER:
        return form.assignment.parent_partner_id == user.parent_partner_id
    return has_permission(user, "activity_form.edit")


@transaction.atomic
def start(assignment: Assignment, month: datetime.date, *, user) -> ActivityForm:
    """The form of this assignment for this month, created as a draft the first time."""
    month = services.month_start(month)
    today = timezone.localdate()
    if month > today:
        raise ValidationError("A form cannot be started for a month that has not begun.")
    if month < services.month_start(assignment.assigned_on):
        raise ValidationError("The Parent Partner was not assigned to this family yet in that month.")
    if assignment.ended_on and month > assignment.ended_on:
        raise ValidationError("The assignment had ended before that month.")
    form, created = ActivityForm.objects.get_or_create(
        assignment=assignment, month=month, defaults={"created_by": user}
    )
    if created:
        audit.record(user, form, HistoryEntry.Action.CREATE)
    return form


def _transition(form, user, allowed_from, to, version, **changes):
    locked = ActivityForm.objects.select_for_update().get(pk=form.pk)
    if version is not None and locked.version != version:
        raise ValidationError("Someone else changed this form after you opened it. Reload it and try again.")
    if locked.status not in allowed_from:
        raise ValidationError(f"A form that is {locked.get_status_display().lower()} cannot be changed that way.")
    before = audit.snapshot(locked)
    locked.status = to
    for key, value in changes.items():
        setattr(locked, key, value)
    locked.version += 1
    locked.save()
    audit.record(user, locked, HistoryEntry.Action.UPDATE, before)
    return locked


@transaction.atomic
def submit(form, *, user, version=None):
    if not may_edit(user, form):
        raise PermissionDenied
    return _transition(
        form,
        user,
        (FormStatus.DRAFT, FormStatus.RETURNED),
        FormStatus.SUBMITTED,
        version,
        submitted_at=timezone.now(),
        submitted_by=user,
    )


@transaction.atomic
def approve(form, *, user, version=None):
    """Approved forms are locked and count for pay (R-ROLE-7)."""
    if not has_permission(user, "activity_form.review"):
        raise PermissionDenied
    return _transition(
        form,
        user,
        (FormStatus.SUBMITTED,),
        FormStatus.APPROVED,
        version,
        approved_at=timezone.now(),
        approved_by=user,
    )


@transaction.atomic
def return_form(form, *, user, comment: str, version=None):
    if not has_permission(user, "activity_form.review"):
        raise PermissionDenied
    if not comment.strip():
        raise ValidationError({"comment": "Say what needs changing when returning a form."})
    return _transition(form, user, (FormStatus.SUBMITTED,), FormStatus.RETURNED, version, return_comment=comment)


@transaction.atomic
def reopen_for_correction(form, *, user, reason: str, version=None):
    """An approved form is corrected only through this step, with the reason kept."""
    if not has_permission(user, "activity_form.review"):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError({"reason": "Give the reason for the correction."})
    return _transition(
        form,
        user,
        (FormStatus.APPROVED,),
        FormStatus.DRAFT,
        version,
        correction_reason=reason,
        approved_at=None,
        approved_by=None,
    )
