"""Eligibility review cases (protocol E, R-REV-1..4): the case, each step taken, the review team and
the behavioural plan.

The rules that move a case live in `eligibility.services.review_cases` (the steps as a
`parentpartner.states.Machine`); who sees which rows is decided in `parentpartner.access`, which the
`visible_to` queryset methods here call.
"""

import datetime
from typing import Any, Self

from django.db import models
from django.db.models import Q
from django.urls import reverse

from parentpartner import access
from parentpartner.models import ParentPartner, PartnerRole, User


class Ground(models.TextChoices):
    """Why a review case is opened (R-REV-1)."""

    CRITERIA = "criteria", "Failure to meet eligibility criteria"
    PERFORMANCE = "performance", "Performance or personal issues"


class Step(models.TextChoices):
    """Where a review case stands, in the order of R-REV-2. `eligibility.services.review_cases.PROTOCOL_E`
    says which step may follow which."""

    OPENED = "opened", "Opened: validity meeting to hold"
    VALIDITY_CONFIRMED = "validity_confirmed", "Concern valid: discussion with the clinician to hold"
    STATEWIDE_NOTIFIED = "statewide_notified", "Statewide coordinator notified: review to make"
    RECOMMENDED = "recommended", "Recommended to the management team: approval awaited"
    MANAGEMENT_APPROVED = "management_approved", "Approved by management: review team to form"
    TEAM_FORMED = "team_formed", "Review team formed: meeting to schedule"
    MEETING_SCHEDULED = "meeting_scheduled", "Meeting scheduled: behavioural plan to make"
    PLAN_AGREED = "plan_agreed", "Behavioural plan agreed: outcome to decide"
    CLOSED = "closed", "Closed"


OPEN_STEPS = [step for step in Step if step != Step.CLOSED]


class Outcome(models.TextChoices):
    """How a case closed: at the validity meeting, at the discussion, by the person withdrawing, or
    with one of the outcomes of R-REV-4."""

    NOT_VALID = "not_valid", "Concern not valid enough to continue"
    RESOLVED = "resolved", "Does not affect eligibility: continues as before"
    WITHDRAWN = "withdrawn", "The Parent Partner no longer wishes to continue in the role"
    OVERSIGHT = "oversight", "Continues in the role with additional oversight or assistance"
    STOP_MENTORING = "stop_mentoring", "May not mentor; other activities continue, with a plan to resume"
    NO_LONGER_ELIGIBLE = "no_longer_eligible", "No longer eligible for the role; possible reinstatement plan"


# R-REV-4 b and c: the outcomes after which the person may not mentor until reinstated.
STOPPING_OUTCOMES = [Outcome.STOP_MENTORING, Outcome.NO_LONGER_ELIGIBLE]


class ReviewCaseQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> Self:
        """The cases `user` may see: personnel matters, see parentpartner.access."""
        return access.review_cases_visible_to(user, self)

    def open(self) -> Self:
        return self.exclude(step=Step.CLOSED)

    def no_longer_eligible(self) -> Self:
        """Cases that ended "no longer eligible" with no reinstatement recorded (R-REV-4 c)."""
        return self.filter(outcome=Outcome.NO_LONGER_ELIGIBLE, reinstated_on__isnull=True)

    def stopping_mentoring(self) -> Self:
        """Cases that stop the person mentoring now (R-REV-4 b, c, or the coordinator's choice while open)."""
        return self.filter(
            Q(step__in=OPEN_STEPS, may_mentor_while_open=False)
            | Q(step=Step.CLOSED, outcome__in=STOPPING_OUTCOMES, reinstated_on__isnull=True)
        )


class ReviewCase(models.Model):
    """Protocol E about one Parent Partner (R-REV-1..4): opened by their coordinator, moved step by
    step through `eligibility.services.advance`, each step a `CaseStep` row."""

    parent_partner = models.ForeignKey(ParentPartner, on_delete=models.PROTECT, related_name="review_cases")
    partner_role = models.CharField("role when opened", max_length=20, choices=PartnerRole.choices, editable=False)
    ground = models.CharField(max_length=12, choices=Ground.choices)
    concern = models.TextField("concern raised")
    wishes_to_continue = models.BooleanField("the Parent Partner wishes to continue in the role")
    dhs_assessment_involved = models.BooleanField(
        "a DHS assessment is involved", default=False, help_text="Then DHS has a representative on the review team."
    )
    may_mentor_while_open = models.BooleanField("may keep mentoring while the case is open")
    step = models.CharField(max_length=20, choices=Step.choices, default=Step.OPENED, editable=False)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True, editable=False)
    meeting_on = models.DateField("review team meeting", null=True, blank=True, editable=False)
    opened_on = models.DateField()
    opened_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", editable=False)
    closed_on = models.DateField(null=True, blank=True, editable=False)
    reinstated_on = models.DateField(null=True, blank=True, editable=False)
    reinstated_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ReviewCaseQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_on", "-pk"]
        indexes = [
            # may_mentor / eligibility_for and the Parent Partner page: one person's cases by step.
            models.Index(fields=["parent_partner", "step"], name="elig_case_partner_step_idx"),
            # The review case list: newest first, optionally only the open ones.
            models.Index(fields=["step", "-opened_on"], name="elig_case_step_opened_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                # R-REV-1: only for those who wish to continue in their role.
                name="eligibility_reviewcase_wishes_to_continue",
                condition=Q(wishes_to_continue=True),
                violation_error_message="Protocol E is only for a Parent Partner who wishes to continue (R-REV-1).",
            ),
            models.CheckConstraint(
                name="eligibility_reviewcase_closed_iff_outcome",
                condition=(Q(step="closed") & ~Q(outcome="") & Q(closed_on__isnull=False))
                | (~Q(step="closed") & Q(outcome="") & Q(closed_on__isnull=True)),
            ),
            models.CheckConstraint(
                name="eligibility_reviewcase_reinstated_after_stopping_outcome",
                condition=Q(reinstated_on__isnull=True) | Q(outcome__in=["stop_mentoring", "no_longer_eligible"]),
            ),
            models.UniqueConstraint(
                # One protocol at a time: a new concern is added to the open case.
                fields=["parent_partner"],
                condition=~Q(step="closed"),
                name="eligibility_reviewcase_one_open_per_partner",
                violation_error_message="This Parent Partner already has an open review case: add the concern to it.",
            ),
        ]

    def __str__(self) -> str:
        return f"Review case {self.pk} about {self.parent_partner}"

    def get_absolute_url(self) -> str:
        return reverse("eligibility:case-detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.step != Step.CLOSED

    @property
    def closed_day(self) -> datetime.date:
        """The day a closed case closed: ask it of a closed case only (one with an outcome), whose
        `closed_on` the check constraint eligibility_reviewcase_closed_iff_outcome guarantees."""
        if self.closed_on is None:  # an open case: the caller asked the wrong question
            raise ValueError(f"Review case {self.pk} is open: it has no closing day yet.")
        return self.closed_on

    @property
    def stops_mentoring(self) -> bool:
        if self.is_open:
            return not self.may_mentor_while_open
        return self.outcome in STOPPING_OUTCOMES and self.reinstated_on is None

    @property
    def awaits_reinstatement(self) -> bool:
        return self.outcome in STOPPING_OUTCOMES and self.reinstated_on is None


class CaseStep(models.Model):
    """One step taken in a review case: what, when it happened, notes, who recorded it (R-REV-2)."""

    case = models.ForeignKey(ReviewCase, on_delete=models.CASCADE, related_name="steps")
    action = models.CharField(max_length=200)
    step = models.CharField("step reached", max_length=20, choices=Step.choices)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    held_on = models.DateField("date")
    notes = models.TextField()
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["case", "recorded_at", "pk"]
        indexes = [
            # The case page's timeline: one case's steps in order.
            models.Index(fields=["case", "recorded_at"], name="elig_step_case_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.action} on {self.held_on}"


class TeamRole(models.TextChoices):
    """Members of the review team besides the Parent Partner (R-REV-3)."""

    STATEWIDE = "statewide", "Statewide coordinator or appointee"
    MANAGEMENT_APPROVED = "management_approved", "Member approved by management"
    CONTENT_EXPERT = "content_expert", "Content expert"
    DHS = "dhs", "DHS representative"
    SUPPORT = "support", "Support named by the Parent Partner"


class ReviewCasePartQuerySet(models.QuerySet):
    """Review team members and plan items: seen with their case."""

    def visible_to(self, user: Any) -> Self:
        return access.review_case_parts_visible_to(user, self)


class ReviewTeamMember(models.Model):
    """A member of a case's review team (R-REV-3). The Parent Partner is always a member."""

    case = models.ForeignKey(ReviewCase, on_delete=models.CASCADE, related_name="team")
    name = models.CharField(max_length=120)
    team_role = models.CharField("role on the team", max_length=20, choices=TeamRole.choices)
    added_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ReviewCasePartQuerySet.as_manager()

    class Meta:
        ordering = ["case", "team_role", "name"]
        constraints = [
            models.UniqueConstraint(fields=["case", "name", "team_role"], name="eligibility_reviewteammember_once"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_team_role_display()})"


class PlanItemKind(models.TextChoices):
    """The parts of the behavioural plan (R-REV-2); the resumption and reinstatement plans of R-REV-4."""

    BEHAVIOURAL_CHANGE = "behavioural_change", "Behavioural change"
    CRISIS_PLAN = "crisis_plan", "Crisis planning"
    SUPPORT = "support", "Oversight or assistance"
    RESUMPTION = "resumption", "Step towards resuming mentoring or reinstatement"


class PlanItemQuerySet(ReviewCasePartQuerySet):
    def overdue(self, today: datetime.date) -> Self:
        return self.filter(done_on__isnull=True, due_on__lt=today)


class PlanItem(models.Model):
    """One item of a case's behavioural plan: what, who is responsible, by when (R-REV-2)."""

    case = models.ForeignKey(ReviewCase, on_delete=models.CASCADE, related_name="plan_items")
    kind = models.CharField(max_length=20, choices=PlanItemKind.choices)
    description = models.TextField()
    responsible = models.CharField("assigned to", max_length=120)
    due_on = models.DateField("due")
    done_on = models.DateField("done", null=True, blank=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = PlanItemQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [
            # The overdue plan items panel on the coordinator's and SAC's home: undone items by due date.
            models.Index(fields=["due_on"], condition=Q(done_on__isnull=True), name="elig_plan_undone_due_idx"),
        ]
        constraints = [
            models.CheckConstraint(name="eligibility_planitem_description_not_blank", condition=~Q(description="")),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.description[:60]}"

    def get_absolute_url(self) -> str:
        return reverse("eligibility:case-detail", args=[self.case_id]) + f"#plan-item-{self.pk}"

    def is_overdue(self, today: datetime.date) -> bool:
        return self.done_on is None and self.due_on < today
