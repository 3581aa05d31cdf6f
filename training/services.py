"""Training rules: the checklist, the mentoring gate, deadlines and BABF trainer standing."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.db.models import (
    Avg,
    Count,
    DateField,
    ExpressionWrapper,
    F,
    FilteredRelation,
    Min,
    OuterRef,
    Q,
    Subquery,
)
from django.utils import timezone

from parentpartner import audit
from parentpartner.models import HistoryEntry, PartnerRole, PartnerStatus, RoleAssignment
from parentpartner.subqueries import count_in_query
from training.models import (
    ShadowingItem,
    ShadowingRecord,
    Trainer,
    TrainerApproval,
    Training,
    TrainingCompletion,
    TrainingSession,
)

FIRST_YEAR = datetime.timedelta(days=365)
# Roles that may mentor a family one-on-one once the pre-mentoring trainings are done (R-ROLE-1..3):
# a Parent Partner in Training only shadows.
MENTORING_ROLES = {PartnerRole.IN_TRAINING_MENTORING, PartnerRole.PARENT_PARTNER, PartnerRole.LEAD}


def acceptance_date(partner) -> datetime.date | None:
    """When the person was accepted, i.e. first became PP in Training Mentoring (R-ROLE-3): the start
    of the one-year deadline for the first-year trainings (R-TRN-1)."""
    prefetched = getattr(partner, "_prefetched_objects_cache", {}).get("role_history")
    if prefetched is not None:  # the Parent Partner page loads the history anyway
        return min((r.started_on for r in prefetched if r.role == PartnerRole.IN_TRAINING_MENTORING), default=None)
    return partner.role_history.filter(role=PartnerRole.IN_TRAINING_MENTORING).aggregate(first=Min("started_on"))[
        "first"
    ]


def acceptance_subquery():
    """The same date as a subquery, for annotating many Parent Partners in one query."""
    return Subquery(
        RoleAssignment.objects.filter(parent_partner=OuterRef("pk"), role=PartnerRole.IN_TRAINING_MENTORING)
        .order_by("started_on")
        .values("started_on")[:1]
    )


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

    def done(self, training) -> bool:
        return any(item.completion for item in self.items if item.training.pk == training.pk)

    @property
    def overdue(self) -> list[ChecklistItem]:
        return [item for item in self.items if item.overdue]


def checklist(partner, today=None) -> Checklist:
    """The eleven items for one person: done (when, which session), due (by when), overdue (R-TRN-1)."""
    today = today or timezone.localdate()
    accepted_on = acceptance_date(partner)
    # Each training with this person's completion, if any, joined in the same query (at most one per
    # person and training: training_completion_once); likewise the shadowing items and their records.
    trainings = (
        Training.objects.filter(is_active=True)
        .annotate(done=FilteredRelation("completions", condition=Q(completions__parent_partner=partner)))
        .select_related("done__session__training")
    )
    items = []
    for training in trainings:
        completion = getattr(training, "done", None)  # not set when the join found no row
        if completion is not None:
            completion.training = training
        due_on = accepted_on + FIRST_YEAR if training.required_within_first_year and accepted_on else None
        overdue = completion is None and due_on is not None and due_on < today
        items.append(ChecklistItem(training, completion, due_on, overdue))
    items_with_records = ShadowingItem.objects.annotate(
        record=FilteredRelation("records", condition=Q(records__parent_partner=partner))
    ).select_related("record__veteran")
    shadowing = []
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

    def __bool__(self):
        return self.allowed


def mentoring_gate(partner, checklist: "Checklist | None" = None) -> Gate:
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


def with_first_year_deadline(partners):
    """Annotate `accepted_on`, `due_on` and `first_year_missing` (first-year trainings not done),
    all computed by the database."""
    # Counted inside the same query, not in a query of its own each time (issue 9: home page budget).
    required = count_in_query(Training.objects.filter(is_active=True, required_within_first_year=True))
    return partners.annotate(
        accepted_on=acceptance_subquery(),
        due_on=ExpressionWrapper(F("accepted_on") + FIRST_YEAR, output_field=DateField()),
        first_year_done=Count(
            "training_completions",
            filter=Q(
                training_completions__training__is_active=True,
                training_completions__training__required_within_first_year=True,
            ),
            distinct=True,
        ),
    ).annotate(first_year_missing=required - F("first_year_done"))


def overdue_partners(partners, today=None):
    """Active people whose one-year deadline has passed with first-year trainings missing (R-TRN-1)."""
    today = today or timezone.localdate()
    return (
        with_first_year_deadline(partners.filter(status=PartnerStatus.ACTIVE))
        .filter(due_on__lt=today, first_year_missing__gt=0)
        .order_by("due_on")
    )


def due_soon_partners(partners, today=None, days=30):
    """Active people whose one-year deadline falls in the next `days` days with trainings missing."""
    today = today or timezone.localdate()
    return (
        with_first_year_deadline(partners.filter(status=PartnerStatus.ACTIVE))
        .filter(due_on__gte=today, due_on__lte=today + datetime.timedelta(days=days), first_year_missing__gt=0)
        .order_by("due_on")
    )


def trainings_to_schedule(partners):
    """For each training, how many active people in `partners` still need it: what to schedule next."""
    active = partners.filter(status=PartnerStatus.ACTIVE)
    total = active.count()
    done = dict(
        TrainingCompletion.objects.filter(parent_partner__in=active)
        .values_list("training")
        .annotate(n=Count("pk"))
        .values_list("training", "n")
    )
    rows = [(training, total - done.get(training.pk, 0)) for training in Training.objects.filter(is_active=True)]
    return sorted(rows, key=lambda row: (-row[1], row[0].number))


@transaction.atomic
def record_attendance(session: TrainingSession, attendees, user) -> list[TrainingCompletion]:
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
        completion = TrainingCompletion.objects.create(
            parent_partner=partner,
            training=session.training,
            completed_on=session.held_on,
            session=session,
            recorded_by=user,
        )
        audit.record(user, completion, HistoryEntry.Action.CREATE)
        created.append(completion)
    return created


# --- BABF trainers (R-TRN-4) ---------------------------------------------------------------


@dataclass
class Criterion:
    label: str
    met: bool
    detail: str = ""


@dataclass
class Standing:
    status: str  # "Applicant", "Approved trainer", "Master Trainer"
    trainer_criteria: list[Criterion]
    master_criteria: list[Criterion]

    @property
    def may_approve_trainer(self) -> bool:
        return self.status == "Applicant" and all(c.met for c in self.trainer_criteria)

    @property
    def may_approve_master(self) -> bool:
        return self.status == "Approved trainer" and all(c.met for c in self.master_criteria)


def master_trainer_ids():
    return TrainerApproval.objects.filter(kind=TrainerApproval.Kind.MASTER_TRAINER).values("trainer")


def standing(trainer: Trainer, today=None) -> Standing:
    """Where a trainer stands against R-TRN-4, from the data where it exists (sessions co-trained with
    a Master Trainer, sessions facilitated since approval, average ratings, Train-the-Trainer) and from
    recorded approvals where it does not."""
    today = today or timezone.localdate()
    approvals = {a.kind: a for a in trainer.approvals.all()}
    prior = (
        TrainerApproval.Kind.PRIOR_STATEWIDE in approvals and TrainerApproval.Kind.PRIOR_CONTRACT_MANAGER in approvals
    )
    babf_sessions = TrainingSession.objects.filter(training__co_trainers_required=True).filter(
        Q(parent_partner_trainer=trainer) | Q(professional_trainer=trainer)
    )
    # Co-trained with a Master Trainer: the other co-trainer of the session is a Master Trainer.
    masters = master_trainer_ids()
    with_master = babf_sessions.filter(
        Q(parent_partner_trainer=trainer, professional_trainer__in=masters)
        | Q(professional_trainer=trainer, parent_partner_trainer__in=masters)
    )
    satisfactory = with_master.filter(co_trainers_evaluated_satisfactory=True).count()
    last_train_the_trainer = trainer.train_the_trainer.order_by("-attended_on").first()
    attended_this_year = last_train_the_trainer is not None and (
        today - last_train_the_trainer.attended_on
    ) <= datetime.timedelta(days=366)
    observed_recently = trainer.observed_babf_on is not None and (
        today - trainer.observed_babf_on
    ) <= datetime.timedelta(days=2 * 365 + 1)

    trainer_criteria = [
        Criterion("Prior approval by the statewide coordinator and the DHS contract manager", prior),
        Criterion(
            "Observed a BABF within the last two years",
            observed_recently,
            f"last on {trainer.observed_babf_on}" if trainer.observed_babf_on else "not recorded",
        ),
        Criterion(
            "Co-trained at least two complete BABFs with a Master Trainer, evaluated satisfactory",
            satisfactory >= 2,
            f"{satisfactory} so far",
        ),
        Criterion(
            "Attends the annual Train-the-Trainer",
            attended_this_year,
            f"last on {last_train_the_trainer.attended_on}" if last_train_the_trainer else "never recorded",
        ),
    ]

    approved = approvals.get(TrainerApproval.Kind.TRAINER)
    if approved:
        since = babf_sessions.filter(held_on__gte=approved.approved_on)
        facilitated = since.count()
        rating = since.aggregate(avg=Avg("average_rating"))["avg"]
    else:
        facilitated, rating = 0, None
    master_criteria = [
        Criterion("Is an approved BABF trainer", approved is not None),
        Criterion("Facilitated at least four BABFs since approval", facilitated >= 4, f"{facilitated} so far"),
        Criterion(
            "Average participant rating of at least 4",
            rating is not None and rating >= Decimal(4),
            f"{rating:.2f}" if rating is not None else "no ratings yet",
        ),
        Criterion("Willing and able to coach and mentor trainees", trainer.willing_to_coach),
        Criterion("Attends the annual Train-the-Trainer", attended_this_year),
        Criterion("Prior approval by the statewide coordinator and the DHS contract manager", prior),
    ]
    if TrainerApproval.Kind.MASTER_TRAINER in approvals:
        status = "Master Trainer"
    elif approved:
        status = "Approved trainer"
    else:
        status = "Applicant"
    return Standing(status, trainer_criteria, master_criteria)


def approved_trainers(kind: str):
    """Approved trainers (or Master Trainers) of one kind, for choosing BABF co-trainers (R-TRN-3)."""
    return Trainer.objects.filter(
        kind=kind,
        approvals__kind__in=[TrainerApproval.Kind.TRAINER, TrainerApproval.Kind.MASTER_TRAINER],
    ).distinct()
