"""The review cycle shared by monthly activity forms and community outreach forms (R-FAM-7), declared
as one state machine per kind of form (`machine`): draft or returned -> submitted -> approved, or
returned with a comment; approved forms are locked and count for pay (R-ROLE-7), and a correction
re-opens one as a draft with its reason kept. Each kind names who may submit and who reviews; a move
its state does not allow is refused with what the form is now.

The lines of a draft change through `changing_lines`, the one way both kinds save them."""

import contextlib
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from mentoring.models import FormStatus
from mentoring.models.activity import ReviewedMonthlyForm
from parentpartner import records
from parentpartner.access import has_permission
from parentpartner.states import Machine, Move

Form = TypeVar("Form", bound=ReviewedMonthlyForm)

EDITABLE = (FormStatus.DRAFT, FormStatus.RETURNED)


def _refusal(form: ReviewedMonthlyForm, move: Move) -> str | None:
    if form.status in move.sources:
        return None
    return f"{move.options['refused']}; this one is {form.get_status_display().lower()}."


def machine(*, submitted_by: str, reviewed_by: str) -> Machine:
    """The review cycle of one kind of form: the permission to submit one and the permission to review."""
    return Machine(
        [
            Move(
                "submit",
                "Submit",
                sources=EDITABLE,
                results={"done": FormStatus.SUBMITTED},
                permission=submitted_by,
                options={"refused": "Only a draft or returned form can be submitted"},
            ),
            Move(
                "approve",
                "Approve",
                sources=(FormStatus.SUBMITTED,),
                results={"done": FormStatus.APPROVED},
                permission=reviewed_by,
                options={"refused": "Only a submitted form can be approved"},
            ),
            Move(
                "return",
                "Return with a comment",
                sources=(FormStatus.SUBMITTED,),
                results={"done": FormStatus.RETURNED},
                permission=reviewed_by,
                options={"refused": "Only a submitted form can be returned"},
            ),
            Move(
                "reopen",
                "Re-open for a correction",
                sources=(FormStatus.APPROVED,),
                results={"done": FormStatus.DRAFT},
                permission=reviewed_by,
                options={"refused": "Only an approved form is re-opened for a correction"},
            ),
        ],
        state="status",
        refuse=_refusal,
    )


def refuse_another_role(cycle: Machine, slug: str, user: Any) -> None:
    """PermissionDenied (403) when `user` may not make this move of the cycle."""
    permission = cycle[slug].permission
    if permission and not has_permission(user, permission):
        raise PermissionDenied


def take(
    cycle: Machine,
    form: Form,
    slug: str,
    *,
    user: Any,
    version: Any = None,
    check: Callable[[Form], None] | None = None,
    **changes: Any,
) -> Form:
    """Make the move `slug` on `form` (its row locked and compared with `version`), after `check` on the
    locked row; `changes`: what the move records besides the status (who and when, a comment)."""
    refuse_another_role(cycle, slug, user)
    move = cycle[slug]
    with records.edit(form, user=user, version=version, what="form") as current:
        cycle.check(current, move)
        if check is not None:
            check(current)
        current.status = move.leads_to()
        for name, value in changes.items():
            setattr(current, name, value)
    return current


def submit(cycle: Machine, form: Form, *, user: Any, version: Any = None, check: Callable | None = None) -> Form:
    return take(
        cycle, form, "submit", user=user, version=version, check=check, submitted_at=timezone.now(), submitted_by=user
    )


def approve(cycle: Machine, form: Form, *, user: Any, version: Any = None, **changes: Any) -> Form:
    """Approved forms are locked and count for pay (R-ROLE-7). `changes`: what the approval records
    besides who and when (a monthly activity form's R-FAM-6 confirmation).

    The person who entered (created or submitted) a form may approve it: a small site may have one
    coordinator, so it is not refused. It is marked instead ("Entered and approved by the same person",
    `ReviewedMonthlyForm.entered_and_approved_by_same_person`) and its family's file goes first into the
    month's random file review and file audit (R-SUP-4, reporting.services.file_audits)."""
    return take(
        cycle, form, "approve", user=user, version=version, approved_at=timezone.now(), approved_by=user, **changes
    )


def return_form(cycle: Machine, form: Form, *, user: Any, comment: str, version: Any = None) -> Form:
    refuse_another_role(cycle, "return", user)
    if not comment.strip():
        raise ValidationError({"comment": "Say what needs to change when returning a form."})
    return take(cycle, form, "return", user=user, version=version, return_comment=comment.strip())


def reopen_for_correction(
    cycle: Machine, form: Form, *, user: Any, reason: str, version: Any = None, **resets: Any
) -> Form:
    """An approved form is corrected only through this step, with the reason kept. `resets`: what an
    approval confirmed that is asked again after the correction (R-FAM-6 on activity forms)."""
    refuse_another_role(cycle, "reopen", user)
    if not reason.strip():
        raise ValidationError({"reason": "Give the reason for the correction."})
    return take(
        cycle,
        form,
        "reopen",
        user=user,
        version=version,
        correction_reason=reason.strip(),
        approved_at=None,
        approved_by=None,
        **resets,
    )


@contextlib.contextmanager
def changing_lines(form: Form, version: Any) -> Iterator[Form]:
    """A monthly form whose lines are about to change: its row locked and compared with the version the
    user started from (`records.Conflict` when someone saved it since; a missing version is stale too),
    refused once submitted or approved. When the block ends, the form's version moves on, so a page
    opened before this save is refused in turn. The lines keep their own history rows (the caller's)."""
    with transaction.atomic():
        current = records.locked(form, "" if version is None else version)
        if not current.is_editable:
            raise ValidationError(f"This form is {current.get_status_display().lower()}: its lines cannot change now.")
        yield current
        # The form's own fields did not change: no history row for it, only the new version.
        current.version += 1
        current.save(update_fields=["version"])
