"""The review cycle shared by monthly activity forms and community outreach forms (R-FAM-7):
draft -> submitted -> approved, or returned with a comment; approved forms are locked, and a
correction re-opens one as a draft with its reason kept. Who may take which step is the caller's
question (mentoring.activity_forms, mentoring.outreach)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from mentoring.models import FormStatus
from parentpartner import audit
from parentpartner.models import HistoryEntry

STALE_MESSAGE = "Someone else changed this form after you opened it. Reload it and try again."
EDITABLE = (FormStatus.DRAFT, FormStatus.RETURNED)
REFUSED = {
    FormStatus.SUBMITTED: "Only a draft or returned form can be submitted",
    FormStatus.APPROVED: "Only a submitted form can be approved",
    FormStatus.RETURNED: "Only a submitted form can be returned",
    FormStatus.DRAFT: "Only an approved form is re-opened for a correction",
}


def locked(form, version=None):
    """The form's row, locked for a change; refused when someone changed it since `version`."""
    current = type(form).objects.select_for_update().get(pk=form.pk)
    if version is not None and version != current.version:
        raise ValidationError(STALE_MESSAGE)
    return current


@transaction.atomic
def transition(form, user, version, allowed_from, to, check=None, **changes):
    current = locked(form, version)
    if current.status not in allowed_from:
        raise ValidationError(f"{REFUSED[to]}; this one is {current.get_status_display().lower()}.")
    if check is not None:
        check(current)
    before = audit.snapshot(current)
    current.status = to
    for name, value in changes.items():
        setattr(current, name, value)
    current.version += 1
    current.save()
    audit.record(user, current, HistoryEntry.Action.UPDATE, before)
    return current


def submit(form, user, version=None, check=None):
    return transition(
        form, user, version, EDITABLE, FormStatus.SUBMITTED, check, submitted_at=timezone.now(), submitted_by=user
    )


def approve(form, user, version=None, check=None, **changes):
    """Approved forms are locked and count for pay (R-ROLE-7). `changes`: what the approval records
    besides who and when (a monthly activity form's R-FAM-6 confirmation)."""
    return transition(
        form,
        user,
        version,
        (FormStatus.SUBMITTED,),
        FormStatus.APPROVED,
        check,
        approved_at=timezone.now(),
        approved_by=user,
        **changes,
    )


def return_form(form, user, comment, version=None):
    if not comment.strip():
        raise ValidationError({"comment": "Say what needs to change when returning a form."})
    return transition(form, user, version, (FormStatus.SUBMITTED,), FormStatus.RETURNED, return_comment=comment.strip())


def reopen_for_correction(form, user, reason, version=None):
    """An approved form is corrected only through this step, with the reason kept."""
    if not reason.strip():
        raise ValidationError({"reason": "Give the reason for the correction."})
    return transition(
        form,
        user,
        version,
        (FormStatus.APPROVED,),
        FormStatus.DRAFT,
        correction_reason=reason.strip(),
        approved_at=None,
        approved_by=None,
        **extra_resets(form),
    )


def extra_resets(form) -> dict:
    """What an approval confirmed is asked again after a correction (R-FAM-6 on activity forms)."""
    return {"confirmed_no_prohibited_activity": False} if hasattr(form, "confirmed_no_prohibited_activity") else {}
