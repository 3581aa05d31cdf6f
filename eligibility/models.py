"""Eligibility screening (R-ELIG-1, R-ELIG-2) and eligibility review cases (protocol E, R-REV-1..4).

The rules that read and change these rows live in `eligibility.services`; who sees which rows is
decided in `parentpartner.access`, which the `visible_to` queryset methods here call.
"""

from django.db import models
from django.db.models import Q
from django.urls import reverse

from parentpartner.models import ParentPartner, PartnerRole, User


class Criterion(models.TextChoices):
    """The criteria of R-ELIG-1, each checked with evidence. Two are also dates that the rules read
    against today: the reunification or permanency date (on the Parent Partner) and "substance free
    since" (on the screening)."""

    CONFIDENTIALITY = "confidentiality", "Maintains confidentiality about the parents mentored"
    PERMANENCY = "permanency", "Date of reunification or permanency resolution verified"
    STABLE_FAMILY = "stable_family", "Healthy, stable family; no current child welfare involvement for safety issues"
    NO_FOUNDED_ABUSE = "no_founded_abuse", "No founded child abuse report since taking a Parent Partner role"
    FLEXIBILITY = "flexibility", "Flexibility to attend state and local meetings and trainings"
    SUBSTANCE_FREE = "substance_free", "Substance free (alcohol included), where substance abuse was an issue"
    CRIMINAL_CONVICTIONS = "criminal_convictions", "Any criminal convictions evaluated under the eligibility protocol"
    TRAINING_AND_SUPERVISION = (
        "training_supervision",
        "Takes part in mandated training and supervision, clinical support included",
    )
    APPROPRIATE_BEHAVIOUR = "behaviour", "Agrees to behave in a way that reflects well on the program"
    SHARES_EXPERIENCE = "shares_experience", "Agrees to share their experience as a learning tool"


class ScreeningStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", "In progress"
    # R-ELIG-2: an absolute disqualifier ends the screening for good.
    DISQUALIFIED = "disqualified", "Ended: disqualified"


class DhsReviewResult(models.TextChoices):
    NO_CONCERNS = "no_concerns", "No current or ongoing concerns"
    CONCERNS = "concerns", "Current or ongoing concerns"


class CheckResult(models.TextChoices):
    MET = "met", "Met"
    NOT_MET = "not_met", "Not met"


class DisqualifierKind(models.TextChoices):
    """The absolute disqualifiers of R-ELIG-2."""

    FOUNDED_SEXUAL_ABUSE = "founded_sexual_abuse", "Founded sexual abuse"
    SEX_ABUSE_REGISTRY = "sex_abuse_registry", "Listed on the sex abuse registry"
    CHILD_DEATH_CONVICTION = "child_death_conviction", "Convicted in the death of a child"


def _scoped(function_name):
    def visible_to(self, user):
        from parentpartner import access

        return getattr(access, function_name)(user, self)

    return visible_to


class EligibilityRecordQuerySet(models.QuerySet):
    visible_to = _scoped("eligibility_records_visible_to")


class EligibilityRecord(models.Model):
    """The screening of one Parent Partner against R-ELIG-1, with the DHS review and any R-ELIG-2
    disqualifier. Whether the person is eligible is computed each day by
    `eligibility.services.eligibility_for`, never stored."""

    parent_partner = models.OneToOneField(ParentPartner, on_delete=models.PROTECT, related_name="eligibility_record")
    status = models.CharField(max_length=16, choices=ScreeningStatus.choices, default=ScreeningStatus.IN_PROGRESS)
    substance_abuse_issue = models.BooleanField(
        "substance abuse was an issue", default=False, help_text="Then one year substance free is required."
    )
    substance_free_since = models.DateField(null=True, blank=True, help_text="Alcohol included.")
    dhs_reviewed_on = models.DateField("DHS review date", null=True, blank=True)
    dhs_review_result = models.CharField(
        "DHS review result", max_length=12, choices=DhsReviewResult.choices, blank=True
    )
    dhs_review_notes = models.TextField("DHS review notes", blank=True)
    notes = models.TextField(blank=True)
    ended_on = models.DateField("screening ended on", null=True, blank=True, editable=False)
    created_by = models.ForeignKey(User, null=True, on_delete=models.PROTECT, related_name="+", editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = EligibilityRecordQuerySet.as_manager()

    class Meta:
        ordering = ["parent_partner__last_name", "parent_partner__first_name", "pk"]
        constraints = [
            models.CheckConstraint(
                name="eligibility_eligibilityrecord_disqualified_has_end",
                condition=~Q(status="disqualified") | Q(ended_on__isnull=False),
            ),
            models.CheckConstraint(
                name="eligibility_eligibilityrecord_dhs_result_has_date",
                condition=Q(dhs_review_result="") | Q(dhs_reviewed_on__isnull=False),
            ),
        ]

    def __str__(self):
        return f"Eligibility screening of {self.parent_partner}"

    def get_absolute_url(self):
        return reverse("eligibility:record-detail", args=[self.pk])

    @property
    def is_disqualified(self):
        return self.status == ScreeningStatus.DISQUALIFIED


class CriterionCheck(models.Model):
    """One R-ELIG-1 criterion checked: result, evidence, when and by whom. Re-checking updates the row;
    the history keeps every earlier answer."""

    record = models.ForeignKey(EligibilityRecord, on_delete=models.CASCADE, related_name="checks")
    criterion = models.CharField(max_length=24, choices=Criterion.choices)
    result = models.CharField(max_length=8, choices=CheckResult.choices)
    evidence = models.TextField(help_text="What was seen or heard, and from whom.")
    checked_on = models.DateField("date checked")
    checked_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["record", "criterion"]
        constraints = [
            # Its unique index also serves the screening page's `checks` prefetch by record.
            models.UniqueConstraint(
                fields=["record", "criterion"], name="eligibility_criterioncheck_one_per_criterion"
            ),
        ]

    def __str__(self):
        return f"{self.get_criterion_display()}: {self.get_result_display()}"


class Disqualifier(models.Model):
    """An absolute disqualifier found (R-ELIG-2). Never removed by the application."""

    record = models.ForeignKey(EligibilityRecord, on_delete=models.PROTECT, related_name="disqualifiers")
    kind = models.CharField(max_length=24, choices=DisqualifierKind.choices)
    evidence = models.TextField()
    found_on = models.DateField("date established")
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", editable=False)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["record", "found_on", "pk"]
        constraints = [
            # Its unique index also serves the `disqualifiers` prefetch by record.
            models.UniqueConstraint(fields=["record", "kind"], name="eligibility_disqualifier_one_per_kind"),
        ]

    def __str__(self):
        return self.get_kind_display()


class Ground(models.TextChoices):
    """Why a review case is opened (R-REV-1)."""

    CRITERIA = "criteria", "Failure to meet eligibility criteria"
    PERFORMANCE = "performance", "Performance or personal issues"


class Step(models.TextChoices):
    """Where a review case stands, in the order of R-REV-2. `eligibility.services.TRANSITIONS` says
    which step may follow which."""

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
    visible_to = _scoped("review_cases_visible_to")

    def open(self):
        return self.exclude(step=Step.CLOSED)

    def stopping_mentoring(self):
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

    def __str__(self):
        return f"Review case {self.pk} about {self.parent_partner}"

    def get_absolute_url(self):
        return reverse("eligibility:case-detail", args=[self.pk])

    @property
    def is_open(self):
        return self.step != Step.CLOSED

    @property
    def stops_mentoring(self):
        if self.is_open:
            return not self.may_mentor_while_open
        return self.outcome in STOPPING_OUTCOMES and self.reinstated_on is None

    @property
    def awaits_reinstatement(self):
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

    def __str__(self):
        return f"{self.action} on {self.held_on}"


class TeamRole(models.TextChoices):
    """Members of the review team besides the Parent Partner (R-REV-3)."""

    STATEWIDE = "statewide", "Statewide coordinator or appointee"
    MANAGEMENT_APPROVED = "management_approved", "Member approved by management"
    CONTENT_EXPERT = "content_expert", "Content expert"
    DHS = "dhs", "DHS representative"
    SUPPORT = "support", "Support named by the Parent Partner"


class ReviewTeamMemberQuerySet(models.QuerySet):
    visible_to = _scoped("review_case_parts_visible_to")


class ReviewTeamMember(models.Model):
    """A member of a case's review team (R-REV-3). The Parent Partner is always a member."""

    case = models.ForeignKey(ReviewCase, on_delete=models.CASCADE, related_name="team")
    name = models.CharField(max_length=120)
    team_role = models.CharField("role on the team", max_length=20, choices=TeamRole.choices)
    added_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ReviewTeamMemberQuerySet.as_manager()

    class Meta:
        ordering = ["case", "team_role", "name"]
        constraints = [
            models.UniqueConstraint(fields=["case", "name", "team_role"], name="eligibility_reviewteammember_once"),
        ]

    def __str__(self):
        return f"{self.name} ({self.get_team_role_display()})"


class PlanItemKind(models.TextChoices):
    """The parts of the behavioural plan (R-REV-2); the resumption and reinstatement plans of R-REV-4."""

    BEHAVIOURAL_CHANGE = "behavioural_change", "Behavioural change"
    CRISIS_PLAN = "crisis_plan", "Crisis planning"
    SUPPORT = "support", "Oversight or assistance"
    RESUMPTION = "resumption", "Step towards resuming mentoring or reinstatement"


class PlanItemQuerySet(models.QuerySet):
    visible_to = _scoped("review_case_parts_visible_to")

    def overdue(self, today):
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

    def __str__(self):
        return f"{self.get_kind_display()}: {self.description[:60]}"

    def get_absolute_url(self):
        return reverse("eligibility:case-detail", args=[self.case_id]) + f"#plan-item-{self.pk}"

    def is_overdue(self, today):
        return self.done_on is None and self.due_on < today
