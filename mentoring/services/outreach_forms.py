"""Community outreach forms (R-FAM-7): the lines and the review states, each change audited.

Draft or returned -> submitted (by the Parent Partner or the coordinator entering it) -> approved
(locked) or returned with a comment (coordinators); an approved form is re-opened for a correction with
its reason kept on the form and in its history (REVIEW, the machine shared with monthly activity
forms). Lines are saved the way activity forms save theirs (mentoring.services.review.changing_lines).
Approved forms count for pay (R-ROLE-7, mentoring.services.pay).
"""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms import BaseInlineFormSet

from mentoring.models import OutreachForm
from mentoring.services import review
from parentpartner import audit, records
from parentpartner.models import ParentPartner

REVIEW = review.machine(submitted_by="outreach_form.edit", reviewed_by="outreach_form.review")


def create(partner: ParentPartner, month: datetime.date, user: Any) -> OutreachForm:
    """A new draft; one form per Parent Partner per month (mentoring_outreachform_one_per_month)."""
    if OutreachForm.objects.filter(parent_partner=partner, month=month).exists():
        raise ValidationError(f"{partner} already has a community outreach form for {month:%B %Y}.")
    return records.create(OutreachForm(parent_partner=partner, month=month, created_by=user), user=user)


def save(
    form: OutreachForm, lines: BaseInlineFormSet, *, user: Any, version: Any, and_submit: bool = False
) -> OutreachForm:
    """Save a valid formset of outreach lines in one transaction; the change is kept in the form's
    history as the lines before and after. Refused (`records.Conflict`) when someone saved the form
    since `version`; submitted too when asked."""
    with transaction.atomic():
        with review.changing_lines(form, version) as current:
            before = [str(line) for line in current.activities.all()]
            lines.instance = current
            lines.save()
            after = [str(line) for line in current.activities.all()]
            removed = [line for line in before if line not in after]
            added = [line for line in after if line not in before]
            audit.record_change(user, current, {"Outreach activities": ["; ".join(removed), "; ".join(added)]})
        if and_submit:
            current = submit(current, user)
    return current


def _has_lines(form: OutreachForm) -> None:
    if not form.activities.exists():
        raise ValidationError("Add at least one outreach activity before submitting the form.")


def submit(form: OutreachForm, user: Any, version: Any = None) -> OutreachForm:
    return review.submit(REVIEW, form, user=user, version=version, check=_has_lines)


def return_to_partner(form: OutreachForm, user: Any, comment: str, version: Any = None) -> OutreachForm:
    return review.return_form(REVIEW, form, user=user, comment=comment, version=version)


def approve(form: OutreachForm, user: Any, version: Any = None) -> OutreachForm:
    return review.approve(REVIEW, form, user=user, version=version)


def reopen_for_correction(form: OutreachForm, user: Any, reason: str, version: Any = None) -> OutreachForm:
    """An approved form is locked; a correction re-opens it as a draft and keeps the reason."""
    return review.reopen_for_correction(REVIEW, form, user=user, reason=reason, version=version)
