"""Training rules: the checklist, the mentoring gate, deadlines and BABF trainer standing."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import (
    Avg,
    Count,
    DateField,
    F,
    FilteredRelation,
    Func,
    Min,
    OuterRef,
    Q,
    Subquery,
)
from django.utils import timezone

from parentpartner import audit
from parentpartner.dates import anniversary, long_date
from parentpartner.models import HistoryEntry, ParentPartner, PartnerRole, PartnerStatus, RoleAssignment
from parentpartner.subqueries import count_in_query
from training.models import (
    SessionFormat,
    ShadowingItem,
    ShadowingRecord,
    Trainer,
    TrainerApproval,
    TrainerKind,
    Training,
    TrainingCompletion,
    TrainingSession,
)

# R-TRN-1 "within one year of acceptance" and R-TRN-4 "observed a BABF within two years", "annual
# Train-the-Trainer": calendar anniversaries (parentpartner.dates), never 365 or 730 days.
FIRST_YEAR_YEARS = 1
OBSERVED_BABF_YEARS = 2
TRAIN_THE_TRAINER_YEARS = 1
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


class YearsAfter(Func):
    """A date `years` calendar years after a date expression, computed by PostgreSQL: adding an
    interval of years keeps the day of the month or takes the month's last day (29 February + 1 year
    is 28 February), as `parentpartner.dates.anniversary` does in Python."""

    template = "CAST((%(expressions)s + make_interval(years => %(years)d)) AS date)"
    output_field = DateField()

    def __init__(self, expression, *, years: int):
        super().__init__(expression, years=int(years))


def first_year_due(accepted_on):
    """R-TRN-1: the day trainings 7-11 are due, one calendar year after acceptance, as an expression."""
    return YearsAfter(accepted_on, years=FIRST_YEAR_YEARS)


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
        due_on = (
            anniversary(accepted_on, years=FIRST_YEAR_YEARS)
            if training.required_within_first_year and accepted_on
            else None
        )
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


# --- who may take part: outcomes of eligibility take effect in training (R-ELIG-2, R-REV-4) -----------


def taking_part_refusal(partner) -> str | None:
    """Why `partner` may not be the veteran shadowed (R-ROLE-4) or a BABF co-trainer or trainer
    (R-TRN-3, R-TRN-4) now, or None. Their status must be active and `eligibility.services.may_mentor`
    must allow them: no absolute disqualifier (R-ELIG-2), no open review case that stops mentoring,
    no "stop mentoring" or "no longer eligible" outcome that is not reinstated (R-REV-4). Plain words
    for the page, without the eligibility app's record numbers."""
    from eligibility.services import may_mentor

    if partner.status != PartnerStatus.ACTIVE:
        return f"their status is {partner.get_status_display().lower()}"
    answer = may_mentor(partner)
    if answer.allowed:
        return None
    if answer.case is None:
        return "an absolute disqualifier is recorded for them"
    if answer.case.is_open:
        return f"a review case opened on {long_date(answer.case.opened_on)} stops them mentoring while it is open"
    return (
        f"a review case ended on {long_date(answer.case.closed_on)} with the outcome "
        f"“{answer.case.get_outcome_display().lower()}”, and no reinstatement is recorded"
    )


def taking_part(partners):
    """The queryset form of `taking_part_refusal`, for the choices a form offers: active people whom
    eligibility lets mentor now. No query of its own."""
    from eligibility.services import who_may_mentor

    return who_may_mentor(partners.filter(status=PartnerStatus.ACTIVE))


def is_disqualified(partner) -> bool:
    """R-ELIG-2: an absolute disqualifier is recorded for `partner`."""
    from eligibility.models import Disqualifier

    return Disqualifier.objects.filter(record__parent_partner=partner).exists()


# --- what may be recorded: one place for pages, services and demo data -------------------------


def length_refusal(training, hours) -> str | None:
    """R-TRN-2: trainings with a minimum length (two hours for 2-11) are refused when shorter."""
    if training.minimum_hours is not None and hours is not None and hours < training.minimum_hours:
        minimum = format(training.minimum_hours.normalize(), "f")
        return f"{training.name} must last at least {minimum} hours."
    return None


def completion_refusals(completion) -> dict[str, list[str]]:
    """What refuses recording `completion`, by field. A training recorded for one person, not through
    a session, carries its length, at least the training's minimum (R-TRN-2); BABF is only ever
    recorded through a session with its two co-trainers (R-TRN-3)."""
    errors: dict[str, list[str]] = {}
    if completion.session_id is not None or completion.training_id is None:
        return errors
    training = completion.training
    if training.co_trainers_required:
        errors["training"] = [f"{training.name} is recorded through a session with its two co-trainers."]
    elif completion.hours is None:
        errors["hours"] = ["Enter how long the training lasted."]
    elif reason := length_refusal(training, completion.hours):
        errors["hours"] = [reason]
    return errors


def shadowing_refusals(record) -> dict[str, list[str]]:
    """What refuses recording `record`, by field (R-ROLE-4): a shadowed activity has its date and a
    veteran, an approved Parent Partner or Lead who may take part now (R-REV-4, R-ELIG-2), not the
    candidate; only an 'where applicable' activity may be marked not applicable; and nothing is
    recorded for a candidate with an absolute disqualifier (R-ELIG-2)."""
    errors: dict[str, list[str]] = {}
    partner, item = record.parent_partner, record.item if record.item_id else None
    if record.parent_partner_id and is_disqualified(partner):
        errors["__all__"] = [
            f"No shadowing can be recorded for {partner}: an absolute disqualifier is recorded for them."
        ]
        return errors
    if record.outcome == record.Outcome.SHADOWED:
        if not record.shadowed_on:
            errors["shadowed_on"] = ["Enter the date of the shadowing."]
        if not record.veteran_id:
            errors["veteran"] = ["Choose the veteran Parent Partner who was shadowed."]
        else:
            veteran = record.veteran
            if veteran.pk == record.parent_partner_id:
                errors["veteran"] = ["The candidate cannot be their own veteran."]
            elif veteran.current_role not in (PartnerRole.PARENT_PARTNER, PartnerRole.LEAD):
                errors["veteran"] = [f"{veteran} is not an approved Parent Partner or Lead Parent Partner."]
            elif reason := taking_part_refusal(veteran):
                errors["veteran"] = [f"{veteran} cannot be the veteran shadowed now: {reason}."]
    if record.outcome == record.Outcome.NOT_APPLICABLE and item and item.always_required:
        errors["outcome"] = [f"{item.name} is required of every candidate; it cannot be marked not applicable."]
    return errors


def session_refusals(session) -> dict[str, list[str]]:
    """What refuses saving `session`, by field: its length (R-TRN-2), its trainer named (R-TRN-2), BABF
    by two approved co-trainers, a Parent Partner and a child welfare professional, on the state
    curriculum, in person (R-TRN-3), and a trainer applicant co-training with a Master Trainer
    (R-TRN-4). A Parent Partner co-trainer or applicant must be able to take part now (R-REV-4,
    R-ELIG-2); that is asked when they are put on the session, not of a session held before."""
    errors: dict[str, list[str]] = {}

    def refuse(name, message):
        errors.setdefault(name, []).append(message)

    if not session.training_id:
        return errors
    training = session.training
    if reason := length_refusal(training, session.hours):
        refuse("hours", reason)
    saved = TrainingSession.objects.filter(pk=session.pk).first() if session.pk else None

    def newly_set(name):
        return getattr(session, f"{name}_id") and getattr(saved, f"{name}_id", None) != getattr(session, f"{name}_id")

    if not training.co_trainers_required:
        if not session.trainer_names:
            refuse("trainer_names", "Name the qualified person who gave the training.")
        if session.trainee_id:
            refuse("trainee", "Only a BABF is co-trained by a trainer applicant.")
        return errors
    pair = (
        ("parent_partner_trainer", TrainerKind.PARENT_PARTNER, "an approved Parent Partner co-trainer"),
        ("professional_trainer", TrainerKind.PROFESSIONAL, "an approved child welfare professional co-trainer"),
    )
    for name, kind, what in pair:
        trainer = getattr(session, name) if getattr(session, f"{name}_id") else None
        if trainer is None:
            refuse(name, f"{training.name} needs {what}.")
        elif not approved_trainers(kind).filter(pk=trainer.pk).exists():
            refuse(name, f"{trainer} is not {what}.")
        elif newly_set(name) and (reason := trainer_refusal(trainer)):
            refuse(name, f"{trainer} cannot co-train now: {reason}.")
    if not session.follows_state_curriculum:
        refuse("follows_state_curriculum", f"{training.name} must follow the state curriculum.")
    if session.format in (SessionFormat.MEDIA, SessionFormat.OUTSIDE):
        refuse("format", f"{training.name} is given in person by its two co-trainers.")
    if session.trainee_id:
        _trainee_refusals(session, refuse, newly_set("trainee"))
    elif session.trainee_evaluated_satisfactory is not None:
        refuse("trainee_evaluated_satisfactory", "Record this evaluation only with a trainer applicant.")
    return errors


def _trainee_refusals(session, refuse, newly_set):
    """R-TRN-4: an applicant who has both prior approvals co-trains a BABF with a Master Trainer."""
    trainee = session.trainee
    kinds = set(trainee.approvals.values_list("kind", flat=True))
    co_trainer_ids = {session.parent_partner_trainer_id, session.professional_trainer_id} - {None}
    if trainee.pk in co_trainer_ids:
        refuse("trainee", f"{trainee} is already one of the two co-trainers.")
    elif TrainerApproval.Kind.TRAINER in kinds:
        refuse("trainee", f"{trainee} is already an approved trainer.")
    elif not {TrainerApproval.Kind.PRIOR_STATEWIDE, TrainerApproval.Kind.PRIOR_CONTRACT_MANAGER} <= kinds:
        refuse(
            "trainee",
            f"{trainee} needs the prior approval of the statewide coordinator and of the DHS contract manager "
            "before co-training.",
        )
    elif not master_trainer_ids().filter(trainer__in=co_trainer_ids).exists():
        refuse("trainee", "An applicant co-trains with a Master Trainer: one of the two co-trainers must be one.")
    elif newly_set and (reason := trainer_refusal(trainee)):
        refuse("trainee", f"{trainee} cannot co-train now: {reason}.")


@transaction.atomic
def record_completion(completion: TrainingCompletion, *, user) -> TrainingCompletion:
    """Record one training for one person outside a session (R-TRN-2), with a history row."""
    ParentPartner.objects.select_for_update().get(pk=completion.parent_partner_id)
    completion.recorded_by = user
    completion.full_clean()
    completion.save()
    audit.record(user, completion, HistoryEntry.Action.CREATE)
    return completion


@transaction.atomic
def record_shadowing(record: ShadowingRecord, *, user) -> ShadowingRecord:
    """Record that a candidate shadowed a veteran, or that an activity does not apply (R-ROLE-4)."""
    ParentPartner.objects.select_for_update().get(pk=record.parent_partner_id)
    record.recorded_by = user
    record.full_clean()
    record.save()
    audit.record(user, record, HistoryEntry.Action.CREATE)
    return record


def with_first_year_deadline(partners):
    """Annotate `accepted_on`, `due_on` and `first_year_missing` (first-year trainings not done),
    all computed by the database."""
    # Counted inside the same query, not in a query of its own each time (issue 9: home page budget).
    required = count_in_query(Training.objects.filter(is_active=True, required_within_first_year=True))
    return partners.annotate(
        accepted_on=acceptance_subquery(),
        due_on=first_year_due(F("accepted_on")),
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
    # An applicant recorded on a BABF as the trainee of its two approved co-trainers, one of them a
    # Master Trainer, evaluated satisfactory by them.
    as_trainee = TrainingSession.objects.filter(
        Q(parent_partner_trainer__in=masters) | Q(professional_trainer__in=masters),
        training__co_trainers_required=True,
        trainee=trainer,
        trainee_evaluated_satisfactory=True,
    )
    satisfactory = with_master.filter(co_trainers_evaluated_satisfactory=True).count() + as_trainee.count()
    last_train_the_trainer = trainer.train_the_trainer.order_by("-attended_on").first()
    attended_this_year = last_train_the_trainer is not None and today <= anniversary(
        last_train_the_trainer.attended_on, years=TRAIN_THE_TRAINER_YEARS
    )
    observed_recently = trainer.observed_babf_on is not None and today <= anniversary(
        trainer.observed_babf_on, years=OBSERVED_BABF_YEARS
    )

    trainer_criteria = [
        Criterion("Prior approval by the statewide coordinator and the DHS contract manager", prior),
        Criterion(
            "Observed a BABF within the last two years",
            observed_recently,
            f"last on {long_date(trainer.observed_babf_on)}" if trainer.observed_babf_on else "not recorded",
        ),
        Criterion(
            "Co-trained at least two complete BABFs with a Master Trainer, evaluated satisfactory",
            satisfactory >= 2,
            f"{satisfactory} so far",
        ),
        Criterion(
            "Attends the annual Train-the-Trainer",
            attended_this_year,
            f"last on {long_date(last_train_the_trainer.attended_on)}" if last_train_the_trainer else "never recorded",
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


def trainers_taking_part(trainers):
    """`trainers` without the Parent Partner trainers who may not take part now (`taking_part`):
    the choices for a BABF co-trainer or applicant (R-TRN-3, R-TRN-4, R-REV-4, R-ELIG-2)."""
    return trainers.filter(
        Q(parent_partner__isnull=True) | Q(parent_partner__in=taking_part(ParentPartner.objects.all()))
    )


def trainer_applicants():
    """Trainers not approved yet, with both prior approvals: who may co-train a BABF with a Master
    Trainer (R-TRN-4)."""
    Kind = TrainerApproval.Kind
    return (
        Trainer.objects.exclude(approvals__kind__in=[Kind.TRAINER, Kind.MASTER_TRAINER])
        .filter(approvals__kind=Kind.PRIOR_STATEWIDE)
        .filter(approvals__kind=Kind.PRIOR_CONTRACT_MANAGER)
        .distinct()
    )


def trainer_refusal(trainer) -> str | None:
    """Why a Parent Partner trainer may not co-train or be approved now (`taking_part_refusal`), or
    None; a professional is not a Parent Partner record and is not asked."""
    if not trainer.parent_partner_id:
        return None
    return taking_part_refusal(trainer.parent_partner)


@transaction.atomic
def record_trainer_approval(trainer: Trainer, kind: str, *, user, allowed_kinds) -> TrainerApproval:
    """Record one approval of a trainer (R-TRN-4) that `allowed_kinds` (what this user may record now,
    from the standing) includes. A Parent Partner trainer who may not take part now (R-ELIG-2,
    R-REV-4) gets no approval of any kind."""
    Trainer.objects.select_for_update().get(pk=trainer.pk)
    if reason := trainer_refusal(trainer):
        raise ValidationError(f"No approval can be recorded for {trainer} now: {reason}.", code="standing")
    if kind not in allowed_kinds:
        raise ValidationError("This approval is not yours to record now.", code="not_allowed")
    approval = TrainerApproval.objects.create(
        trainer=trainer, kind=kind, approved_on=timezone.localdate(), approved_by=user
    )
    audit.record(user, approval, HistoryEntry.Action.CREATE)
    return approval
