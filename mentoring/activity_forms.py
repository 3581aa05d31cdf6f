"""The monthly activity form (R-FAM-7): its totals, who may edit it, and its review cycle (shared with
outreach forms in mentoring.review_flow) with this form's permission checks."""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone

from mentoring import reassignments, review_flow, services
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
    """The form of this assignment for this month, created as a draft the first time. Every path
    that starts a form now goes through here (the pages, for the coordinator and the Parent Partner
    themselves). No new form is started while the Parent Partner may no longer mentor (R-REV-4,
    R-ELIG-2), not even for a month before the stop: forms already started stay readable, and the
    coordinator records that month after a reinstatement."""
    month = services.month_start(month)
    today = timezone.localdate()
    if month > today:
        raise ValidationError("A form cannot be started for a month that has not begun.")
    if month < services.month_start(assignment.assigned_on):
        raise ValidationError("The Parent Partner was not assigned to this family yet in that month.")
    if assignment.ended_on and month > assignment.ended_on:
        raise ValidationError("The assignment had ended before that month.")
    if not ActivityForm.objects.filter(assignment=assignment, month=month).exists():
        refuse_if_may_not_mentor(assignment.parent_partner, user=user)
    form, created = ActivityForm.objects.get_or_create(
        assignment=assignment, month=month, defaults={"created_by": user}
    )
    if created:
        audit.record(user, form, HistoryEntry.Action.CREATE)
    return form


def refuse_if_may_not_mentor(partner, *, user) -> None:
    """R-REV-4, R-ELIG-2: no new monthly activity form for a Parent Partner who may no longer mentor."""
    reason = reassignments.stop_reason(partner)
    if reason is None:
        return
    if getattr(user, "parent_partner_id", None) == partner.pk:
        raise ValidationError(
            f"You cannot start a new monthly activity form: you may no longer mentor. {reason} "
            "Your forms already entered stay readable; your coordinator will talk with you about what comes next.",
            code="may_not_mentor",
        )
    raise ValidationError(
        f"No new monthly activity form can be started for {partner}: they may no longer mentor. {reason} "
        "Their forms already entered stay readable. Reassign the family to another Parent Partner.",
        code="may_not_mentor",
    )


@transaction.atomic
def save_lines(form: ActivityForm, formset, *, user) -> None:
    """Save the changed lines of a valid contact formset, each with its history row, then keep the
    assignment's first contact (R-FAM-3). Each line's date was checked inside the assignment by
    `Contact.clean` (R-FAM-7); `Contact.save` checks it again for any other caller."""
    removed = set()
    for contact_form in formset.forms:
        # The page sends every line back; only the changed ones are written (and recorded).
        deleted = contact_form in formset.deleted_forms
        if not contact_form.has_changed() and not deleted:
            continue
        contact = contact_form.instance
        if contact.pk:
            # The date this line had before: if it held the first contact, the first contact may move.
            removed.add(contact_form.initial.get("contacted_on"))
        if deleted:
            if contact.pk:
                before = audit.snapshot(contact)
                audit.record(user, contact, HistoryEntry.Action.DELETE, before)
                contact.delete()
            continue
        if contact.pk:
            before = audit.snapshot(type(contact).objects.get(pk=contact.pk))
            contact_form.save()
            audit.record(user, contact, HistoryEntry.Action.UPDATE, before)
        else:
            contact.form = formset.instance
            contact_form.save()
            audit.record(user, contact, HistoryEntry.Action.CREATE)
    services.sync_first_contact(formset.instance.assignment, user, removed=removed)


def check_lines(contacts) -> None:
    """R-FAM-7 for lines written in bulk (demo data): each one inside its assignment, or nothing."""
    for contact in contacts:
        problem = contact.date_problem()
        if problem:
            raise ValidationError({"contacted_on": problem})


@transaction.atomic
def submit(form, *, user, version=None):
    if not may_edit(user, form):
        raise PermissionDenied
    return review_flow.submit(form, user, version)


NO_PROHIBITED_ACTIVITY_REFUSAL = (
    "Confirm that no line of this form is babysitting, transporting children or supervising a visit "
    "before approving it. If one is, return the form with a comment instead."
)


@transaction.atomic
def approve(form, *, user, version=None, confirmed_no_prohibited_activity=False):
    """R-FAM-6: the coordinator approving the form confirms that no line is babysitting,
    transporting children or supervising a visit, whatever activity the line names; the approval
    is refused without it, and the confirmation is recorded on the form and in its history."""
    if not has_permission(user, "activity_form.review"):
        raise PermissionDenied
    if not confirmed_no_prohibited_activity:
        raise ValidationError({"confirm_no_prohibited_activity": NO_PROHIBITED_ACTIVITY_REFUSAL})
    return review_flow.approve(form, user, version, confirmed_no_prohibited_activity=True)


@transaction.atomic
def return_form(form, *, user, comment: str, version=None):
    if not has_permission(user, "activity_form.review"):
        raise PermissionDenied
    return review_flow.return_form(form, user, comment, version)


@transaction.atomic
def reopen_for_correction(form, *, user, reason: str, version=None):
    if not has_permission(user, "activity_form.review"):
        raise PermissionDenied
    return review_flow.reopen_for_correction(form, user, reason, version)
