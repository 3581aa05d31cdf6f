"""Community outreach forms (R-FAM-7): the lines and the review states, each change audited.

Draft or returned -> submitted (by the Parent Partner or the coordinator entering it) -> approved
(locked) or returned with a comment (coordinators, activity_form-style review); an approved form is
re-opened for a correction with its reason kept on the form and in its history. Approved forms count
for pay (R-ROLE-7, mentoring.pay).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from mentoring.models import FormStatus, OutreachForm
from parentpartner import audit
from parentpartner.models import HistoryEntry

STALE_MESSAGE = "This form changed after you opened it; look at it again before you do that."


def _locked(form, version):
    """The form's row, locked for the change; refused when someone changed it since `version`."""
    current = OutreachForm.objects.select_for_update().get(pk=form.pk)
    if version is not None and version != current.version:
        raise ValidationError(STALE_MESSAGE)
    return current


def _transition(form, user, version, allowed_from, message, change):
    with transaction.atomic():
        current = _locked(form, version)
        if current.status not in allowed_from:
            raise ValidationError(message.format(status=current.get_status_display().lower()))
        before = audit.snapshot(current)
        change(current)
        current.version += 1
        current.save()
        audit.record(user, current, HistoryEntry.Action.UPDATE, before)
    return current


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
        current = _locked(form, version)
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
    def change(current):
        if not current.activities.exists():
            raise ValidationError("Add at least one outreach activity before submitting the form.")
        current.status = FormStatus.SUBMITTED
        current.submitted_at = timezone.now()
        current.submitted_by = user

    return _transition(
        form,
        user,
        version,
        (FormStatus.DRAFT, FormStatus.RETURNED),
        "Only a draft or returned form can be submitted; this one is {status}.",
        change,
    )


def return_to_partner(form, user, comment, version=None) -> OutreachForm:
    if not comment.strip():
        raise ValidationError("Say what needs to change when returning a form.")

    def change(current):
        current.status = FormStatus.RETURNED
        current.return_comment = comment.strip()

    return _transition(
        form,
        user,
        version,
        (FormStatus.SUBMITTED,),
        "Only a submitted form can be returned; this one is {status}.",
        change,
    )


def approve(form, user, version=None) -> OutreachForm:
    def change(current):
        current.status = FormStatus.APPROVED
        current.approved_at = timezone.now()
        current.approved_by = user

    return _transition(
        form,
        user,
        version,
        (FormStatus.SUBMITTED,),
        "Only a submitted form can be approved; this one is {status}.",
        change,
    )


def reopen_for_correction(form, user, reason, version=None) -> OutreachForm:
    """An approved form is locked; a correction re-opens it as a draft and keeps the reason."""
    if not reason.strip():
        raise ValidationError("Give the reason for the correction.")

    def change(current):
        current.status = FormStatus.DRAFT
        current.correction_reason = reason.strip()
        current.approved_at = None
        current.approved_by = None

    return _transition(
        form,
        user,
        version,
        (FormStatus.APPROVED,),
        "Only an approved form is re-opened for a correction; this one is {status}.",
        change,
    )
