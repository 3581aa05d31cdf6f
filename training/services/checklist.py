"""One person's checklist: the eleven trainings done, due and overdue (R-TRN-1), the shadowing list
(R-ROLE-4), whether they may mentor a family one-on-one yet, and recording a row of it."""

import datetime
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db import transaction
from django.db.models import FilteredRelation, Q
from django.utils import timezone

from parentpartner import records
from parentpartner.dates import anniversary
from parentpartner.models import ParentPartner, PartnerRole, PartnerStatus
from training.models import ShadowingItem, ShadowingRecord, Training, TrainingCompletion
from training.services.deadlines import FIRST_YEAR_YEARS, acceptance_date

# Roles that may mentor a family one-on-one once the pre-mentoring trainings are done (R-ROLE-1..3):
# a Parent Partner in Training only shadows.
MENTORING_ROLES = {PartnerRole.IN_TRAINING_MENTORING, PartnerRole.PARENT_PARTNER, PartnerRole.LEAD}


@dataclass
class ChecklistItem:
    training: Training
    completion: TrainingCompletion | None
    due_on: datetime.date | None  # None: due before mentoring, or no acceptance yet
    overdue: bool

    @property
    def status(self) -> str:
        if self.completion:
            return "Done"
        if self.overdue:
            return "Overdue"
        return "Due"


@dataclass
class Checklist:
    items: list[ChecklistItem]
    accepted_on: datetime.date | None
    shadowing: list[tuple[ShadowingItem, ShadowingRecord | None]] = field(default_factory=list)

    @property
    def done_count(self) -> int:
        return sum(1 for item in self.items if item.completion)

    @property
    def all_done(self) -> bool:
        """R-TRN-1: approval is not complete until every training is done."""
        return all(item.completion for item in self.items)

    @property
    def shadowing_done(self) -> bool:
        """R-ROLE-4: every always-required activity shadowed; an 'where applicable' one shadowed or
        recorded as not applicable."""
        return all(record is not None for _item, record in self.shadowing)

    def done(self, training: Training) -> bool:
        return any(item.completion for item in self.items if item.training.pk == training.pk)

    @property
    def overdue(self) -> list[ChecklistItem]:
        return [item for item in self.items if item.overdue]


def checklist(partner: ParentPartner, today: datetime.date | None = None) -> Checklist:
    """The eleven items for one person: done (when, which session), due (by when), overdue (R-TRN-1)."""
    today = today or timezone.localdate()
    accepted_on = acceptance_date(partner)
    # Each training with this person's completion, if any, joined in the same query (at most one per
    # person and training: training_completion_once); likewise the shadowing items and their records.
    trainings = (
        Training.objects.filter(is_active=True)
        .annotate(done=FilteredRelation("completions", condition=Q(completions__parent_partner=partner)))
        .select_related("done__session__training")  # type: ignore[misc]  # django-stubs: FilteredRelation alias unknown
    )
    items = []
    for training in trainings:
        completion = getattr(training, "done", None)  # not set when the join found no row
        if completion is not None:
            completion.training = training
        due_on = (
            anniversary(accepted_on, years=FIRST_YEAR_YEARS)
            if training.required_within_first_year and accepted_on
            else None
        )
        overdue = completion is None and due_on is not None and due_on < today
        items.append(ChecklistItem(training, completion, due_on, overdue))
    items_with_records = ShadowingItem.objects.annotate(
        record=FilteredRelation("records", condition=Q(records__parent_partner=partner))
    ).select_related("record__veteran")  # type: ignore[misc]  # django-stubs: FilteredRelation alias unknown
    shadowing: list[tuple[ShadowingItem, ShadowingRecord | None]] = []
    for item in items_with_records:
        record = getattr(item, "record", None)
        if record is not None:
            record.item = item
        shadowing.append((item, record))
    return Checklist(items, accepted_on, shadowing)


@dataclass
class Gate:
    allowed: bool
    reasons: list[str]

    def __bool__(self) -> bool:
        return self.allowed


def mentoring_gate(partner: ParentPartner, checklist: Checklist | None = None) -> Gate:
    """May this person mentor a family one-on-one, and if not, why (R-TRN-1, R-ROLE-1..3)?

    Their role must allow it (not a Parent Partner in Training), they must be active, and every
    training required before mentoring must be done. Eligibility reviews are the eligibility app's
    question (`eligibility.services.may_mentor`); matching asks both.
    """
    reasons = []
    if partner.current_role not in MENTORING_ROLES:
        reasons.append(f"A {partner.get_current_role_display()} does not mentor families one-on-one yet.")
    if partner.status != PartnerStatus.ACTIVE:
        reasons.append(f"Their status is {partner.get_status_display().lower()}.")
    missing: Any
    if checklist is not None:  # the page already has the person's checklist: no query
        missing = [item.training for item in checklist.items if item.training.required_before_mentoring]
        missing = [training for training in missing if not checklist.done(training)]
    else:
        missing = Training.objects.filter(is_active=True, required_before_mentoring=True).exclude(
            completions__parent_partner=partner
        )
    names = [training.name for training in missing]
    if names:
        reasons.append("Trainings required before mentoring not done: " + ", ".join(names) + ".")
    return Gate(not reasons, reasons)


# --- recording a row of the checklist ----------------------------------------------------------

Row = TypeVar("Row", TrainingCompletion, ShadowingRecord)


def _record_row(row: Row, *, user: Any) -> Row:
    """Record one row of a person's checklist, asked by its model's clean(), with its history row. The
    person's row is locked first, so that two coordinators recording for the same person are checked
    one after the other (the second sees what the first recorded)."""
    with transaction.atomic():
        records.locked(row.parent_partner)
        row.recorded_by = user
        row.full_clean()
        return records.create(row, user=user)


def record_completion(completion: TrainingCompletion, *, user: Any) -> TrainingCompletion:
    """Record one training for one person outside a session (R-TRN-2), with a history row."""
    return _record_row(completion, user=user)


def record_shadowing(record: ShadowingRecord, *, user: Any) -> ShadowingRecord:
    """Record that a candidate shadowed a veteran, or that an activity does not apply (R-ROLE-4)."""
    return _record_row(record, user=user)
