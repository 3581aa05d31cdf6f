"""Community outreach forms (R-FAM-7): the lines and the review states, each change audited.

Draft or returned -> submitted (by the Parent Partner or the coordinator entering it) -> approved
(locked) or returned with a comment (coordinators, activity_form-style review); an approved form is
re-opened for a correction with its reason kept on the form and in its history. Approved forms count
for pay (R-ROLE-7, mentoring.pay).
"""

from django.core.exceptions import ValidationError
from django.db import transaction

from mentoring import review_flow
from mentoring.models import OutreachForm
from parentpartner import audit
from parentpartner.models import HistoryEntry


def create(partner, month, user) -> OutreachForm:
    """A new draft; one form per Parent Partner per month (mentoring_outreachform_one_per_month)."""
    if OutreachForm.objects.filter(parent_partner=partner, month=month).exists():
        raise ValidationError(f"{partner} already has a community outreach form for {month:%B %Y}.")
    with transaction.atomic():
        form = OutreachForm.objects.create(parent_partner=partner, month=month, created_by=user)
        audit.record(user, form, HistoryEntry.Action.CREATE)
    return form


def save_lines(form, user, formset, version) -> OutreachForm:
    """Save the edited lines of a draft or returned form; the change is kept in the form's history."""
    with transaction.atomic():
        current = review_flow.locked(form, version)
        if not current.is_editable:
            raise ValidationError(f"This form is {current.get_status_display().lower()}: its lines cannot change now.")
        before = [str(line) for line in current.activities.all()]
        formset.instance = current
        formset.save()
        after = [str(line) for line in current.activities.all()]
        current.version += 1
        current.save(update_fields=["version"])
        removed = [line for line in before if line not in after]
        added = [line for line in after if line not in before]
        audit.record_change(user, current, {"Outreach activities": ["; ".join(removed), "; ".join(added)]})
    return current


def submit(form, user, version=None) -> OutreachForm:
    def has_lines(current):
        if not current.activities.exists():
            raise ValidationError("Add at least one outreach activity before submitting the form.")

    return review_flow.submit(form, user, version, check=has_lines)


def return_to_partner(form, user, comment, version=None) -> OutreachForm:
    return review_flow.return_form(form, user, comment, version)


def approve(form, user, version=None) -> OutreachForm:
    return review_flow.approve(form, user, version)


def reopen_for_correction(form, user, reason, version=None) -> OutreachForm:
    """An approved form is locked; a correction re-opens it as a draft and keeps the reason."""
    return review_flow.reopen_for_correction(form, user, reason, version)
