"""The parts of a review case: its review team (R-REV-3) and its behavioural plan (R-REV-2, R-REV-4),
when they may be added, and what a complete team and plan need before protocol E moves on."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from eligibility.models import (
    STOPPING_OUTCOMES,
    Outcome,
    PlanItem,
    PlanItemKind,
    ReviewCase,
    ReviewTeamMember,
    Step,
    TeamRole,
)
from parentpartner import records

TEAM_STEPS = (Step.RECOMMENDED, Step.MANAGEMENT_APPROVED, Step.TEAM_FORMED, Step.MEETING_SCHEDULED, Step.PLAN_AGREED)


def team_gaps(case: ReviewCase) -> list[str]:
    """R-REV-3: the statewide coordinator or appointee and a content expert, plus a DHS representative
    when a DHS assessment is involved. (The Parent Partner is always a member.)"""
    present = set(case.team.values_list("team_role", flat=True))
    needed = [TeamRole.STATEWIDE, TeamRole.CONTENT_EXPERT] + ([TeamRole.DHS] if case.dhs_assessment_involved else [])
    return [str(role.label) for role in needed if role not in present]


def plan_gaps(case: ReviewCase) -> list[str]:
    """R-REV-2: the plan has time frames and assigned responsibilities (every item has a due date and
    someone responsible), behavioural changes and crisis planning."""
    kinds = set(case.plan_items.values_list("kind", flat=True))
    needed = [PlanItemKind.BEHAVIOURAL_CHANGE, PlanItemKind.CRISIS_PLAN]
    return [str(kind.label) for kind in needed if kind not in kinds]


@transaction.atomic
def add_team_member(member: ReviewTeamMember, *, user: Any) -> ReviewTeamMember:
    """R-REV-3: members are named once management has the recommendation, until the outcome."""
    # Locked: the case cannot move to another step while the member is added.
    case = records.locked(member.case)
    if case.step not in TEAM_STEPS:
        raise ValidationError(
            "Review team members are added after the recommendation to the management team and before the outcome.",
            code="step",
        )
    member.added_by = user
    return records.create(member, user=user)


def plan_is_open(case: ReviewCase) -> bool:
    """The plan is made at the review team meeting and kept while the case is open, and after an
    outcome for oversight or with a plan to resume or be reinstated (R-REV-4), until reinstatement."""
    if case.meeting_on is None:
        return False
    if case.is_open:
        return True
    return case.outcome in (Outcome.OVERSIGHT, *STOPPING_OUTCOMES) and case.reinstated_on is None


@transaction.atomic
def add_plan_item(item: PlanItem, *, user: Any) -> PlanItem:
    """R-REV-2: an item of the behavioural plan, while the plan is open (`plan_is_open`)."""
    # Locked: the case cannot close or move on while the item is added.
    case = records.locked(item.case)
    if not plan_is_open(case):
        raise ValidationError(
            "Plan items are added once the review team meeting is scheduled, and while the plan is followed.",
            code="step",
        )
    item.created_by = user
    return records.create(item, user=user)
