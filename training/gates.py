"""The training app's gate on role changes (registered in `TrainingConfig.ready()`; asked by
`parentpartner.services.door`): approval as a Parent Partner needs all eleven trainings (R-TRN-1) and the
shadowing of a veteran Parent Partner (R-ROLE-4)."""

import datetime

from parentpartner.models import ParentPartner
from parentpartner.services.gates import Change, Requirement
from training.services import checklist


def gate(partner: ParentPartner, change: Change, today: datetime.date | None) -> list[Requirement]:
    if partner.pk is None or change != Change.APPROVE_PARENT_PARTNER:
        return []
    trainings = checklist(partner, today)
    return [
        Requirement(
            "Trainings",
            trainings.all_done,
            [f"{trainings.done_count} of {len(trainings.items)} done."]
            + [f"Not done: {item.training}." for item in trainings.items if not item.completion],
            rule="R-TRN-1, R-ROLE-4",
        ),
        Requirement(
            "Shadowing a veteran Parent Partner",
            trainings.shadowing_done,
            [f"Not shadowed yet: {item}." for item, record in trainings.shadowing if record is None],
            rule="R-ROLE-4",
        ),
    ]
