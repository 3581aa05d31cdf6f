"""The monthly activity form (R-FAM-7): its totals, who may edit it, its lines saved the way outreach
forms save theirs (mentoring.services.review.changing_lines), and its review cycle (REVIEW, the
machine shared with outreach forms) with the R-FAM-6 confirmation on approval."""

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Sum
from django.forms import BaseInlineFormSet
from django.utils import timezone

from mentoring.models import ActivityForm, Assignment, Contact, FormStatus
from mentoring.models.activity import EXPECTED_HOURS_PER_MONTH
from mentoring.services import reassignments, review
from mentoring.services.cases import sync_first_contact
from parentpartner import audit, records
from parentpartner.access import has_permission
from parentpartner.dates import first_of_month
from parentpartner.models import HistoryEntry, ParentPartner
from parentpartner.roles import Role

REVIEW = review.machine(submitted_by="activity_form.edit", reviewed_by="activity_form.review")


def totals(form: ActivityForm) -> dict[str, Any]:
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


def may_edit(user: Any, form: ActivityForm) -> bool:
    """Coordinators enter forms (the main path); a Parent Partner with a login drafts their own."""
    if form.status not in (FormStatus.DRAFT, FormStatus.RETURNED):
        return False
    if user.role == Role.PARENT_PARTNER:
        return form.assignment.parent_partner_id == user.parent_partner_id
    return has_permission(user, "activity_form.edit")


@transaction.atomic
def start(assignment: Assignment, month: datetime.date, *, user: Any) -> ActivityForm:
    """The form of this assignment for this month, created as a draft the first time. Every path
    that starts a form now goes through here (the pages, for the coordinator and the Parent Partner
    themselves). No new form is started while the Parent Partner may no longer mentor (R-REV-4,
    R-ELIG-2), not even for a month before the stop: forms already started stay readable, and the
    coordinator records that month after a reinstatement."""
    month = first_of_month(month)
    today = timezone.localdate()
    if month > today:
        raise ValidationError("A form cannot be started for a month that has not begun.")
    if month < first_of_month(assignment.assigned_on):
        raise ValidationError("The Parent Partner was not assigned to this family yet in that month.")
    if assignment.ended_on and month > assignment.ended_on:
        raise ValidationError("The assignment had ended before that month.")
    existing = ActivityForm.objects.filter(assignment=assignment, month=month).first()
    if existing is not None:
        return existing
    refuse_if_may_not_mentor(assignment.parent_partner, user=user)
    return records.create(ActivityForm(assignment=assignment, month=month, created_by=user), user=user)


def refuse_if_may_not_mentor(partner: ParentPartner, *, user: Any) -> None:
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


def save(
    form: ActivityForm, lines: BaseInlineFormSet, *, user: Any, version: Any, and_submit: bool = False
) -> ActivityForm:
    """Save a valid formset of contact lines in one transaction, each changed line with its history row,
    then keep the assignment's first contact (R-FAM-3); submit the form too when asked. Refused
    (`records.Conflict`) when someone saved the form since `version`. Each line's date was checked
    inside the assignment by `Contact.clean` (R-FAM-7); `Contact.save` checks it again for any other
    caller."""
    with transaction.atomic():
        with review.changing_lines(form, version) as current:
            _save_lines(lines, user=user)
        if and_submit:
            current = submit(current, user=user)
    return current


def _save_lines(lines: BaseInlineFormSet, *, user: Any) -> None:
    removed = set()
    for line in lines.forms:
        # The page sends every line back; only the changed ones are written (and recorded).
        deleted = line in lines.deleted_forms
        if not line.has_changed() and not deleted:
            continue
        contact = line.instance
        if contact.pk:
            # The date this line had before: if it held the first contact, the first contact may move.
            removed.add(line.initial.get("contacted_on"))
        if deleted:
            if contact.pk:
                before = audit.snapshot(contact)
                audit.record(user, contact, HistoryEntry.Action.DELETE, before)
                contact.delete()
            continue
        if contact.pk:
            before = audit.snapshot(type(contact).objects.get(pk=contact.pk))
            line.save()
            audit.record(user, contact, HistoryEntry.Action.UPDATE, before)
        else:
            contact.form = lines.instance
            line.save()
            audit.record(user, contact, HistoryEntry.Action.CREATE)
    sync_first_contact(lines.instance.assignment, user, removed=removed)


def check_lines(contacts: Iterable[Contact]) -> None:
    """R-FAM-7 for lines written in bulk (demo data): each one inside its assignment, or nothing."""
    for contact in contacts:
        problem = contact.date_problem()
        if problem:
            raise ValidationError({"contacted_on": problem})


def submit(form: ActivityForm, *, user: Any, version: Any = None) -> ActivityForm:
    if not may_edit(user, form):
        raise PermissionDenied
    return review.submit(REVIEW, form, user=user, version=version)


NO_PROHIBITED_ACTIVITY_REFUSAL = (
    "Confirm that no line of this form is babysitting, transporting children or supervising a visit "
    "before approving it. If one is, return the form with a comment instead."
)


def approve(
    form: ActivityForm, *, user: Any, version: Any = None, confirmed_no_prohibited_activity: bool = False
) -> ActivityForm:
    """R-FAM-6: the coordinator approving the form confirms that no line is babysitting,
    transporting children or supervising a visit, whatever activity the line names; the approval
    is refused without it, and the confirmation is recorded on the form and in its history."""
    review.refuse_another_role(REVIEW, "approve", user)
    if not confirmed_no_prohibited_activity:
        raise ValidationError({"confirm_no_prohibited_activity": NO_PROHIBITED_ACTIVITY_REFUSAL})
    return review.approve(REVIEW, form, user=user, version=version, confirmed_no_prohibited_activity=True)


def return_form(form: ActivityForm, *, user: Any, comment: str, version: Any = None) -> ActivityForm:
    return review.return_form(REVIEW, form, user=user, comment=comment, version=version)


def reopen_for_correction(form: ActivityForm, *, user: Any, reason: str, version: Any = None) -> ActivityForm:
    """The R-FAM-6 confirmation is asked again of the next approval."""
    return review.reopen_for_correction(
        REVIEW, form, user=user, reason=reason, version=version, confirmed_no_prohibited_activity=False
    )
