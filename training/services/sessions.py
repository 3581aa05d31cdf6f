"""Training sessions: recording who attended completes the training for them (R-TRN-1, R-TRN-2). What
refuses saving a session is the model's clean (`training.models.sessions.session_refusals`)."""

from collections.abc import Iterable
from typing import Any

from django.db import transaction

from parentpartner import records
from parentpartner.models import ParentPartner
from training.models import TrainingCompletion, TrainingSession


@transaction.atomic
def record_attendance(
    session: TrainingSession, attendees: Iterable[ParentPartner], user: Any
) -> list[TrainingCompletion]:
    """Recording attendance completes the training for each attendee who had not done it yet."""
    created = []
    already = set(
        TrainingCompletion.objects.filter(training=session.training, parent_partner__in=attendees).values_list(
            "parent_partner", flat=True
        )
    )
    for partner in attendees:
        if partner.pk in already:
            continue
        completion = TrainingCompletion(
            parent_partner=partner,
            training=session.training,
            completed_on=session.held_on,
            session=session,
            recorded_by=user,
        )
        created.append(records.create(completion, user=user))
    return created
