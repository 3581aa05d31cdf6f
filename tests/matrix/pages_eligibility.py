"""The eligibility app's pages in the permission matrix (see tests/matrix/test_permissions.py).

Who may do what, written from the issue and R-REV-2, independently of parentpartner.access:
staff read screenings, a Parent Partner their own; coordinators record them. Review cases are seen by
the coordinator, service area coordinator and clinician of the site, the statewide coordinator, the
contract manager, and the person themselves; not by the DHS liaison. The site coordinator opens a
case; the coordinator or service area coordinator records the first two steps; the statewide
coordinator the rest.
"""

import datetime

from django.utils import timezone

from eligibility.models import (
    CriterionCheck,
    EligibilityRecord,
    Outcome,
    PlanItem,
    ReviewCase,
    ReviewTeamMember,
    Step,
)
from parentpartner.models import Role
from tests.factories import EligibilityRecordFactory, PlanItemFactory, ReviewCaseFactory
from tests.matrix import COORDINATORS, STAFF, Page, partner_at

CASE_READERS = {
    Role.SITE_COORDINATOR,
    Role.SERVICE_AREA_COORDINATOR,
    Role.CLINICIAN,
    Role.STATEWIDE_COORDINATOR,
    Role.CONTRACT_MANAGER,
}
LOCAL = {Role.SITE_COORDINATOR, Role.SERVICE_AREA_COORDINATOR}
STATEWIDE = {Role.STATEWIDE_COORDINATOR}
WATCH = (EligibilityRecord, ReviewCase, PlanItem, ReviewTeamMember)


def today():
    return timezone.localdate().isoformat()


def days_ago(days):
    return (timezone.localdate() - datetime.timedelta(days=days)).isoformat()


def record_at(world, suffix):
    partner = partner_at(world, suffix)
    return EligibilityRecord.objects.filter(parent_partner=partner).first() or EligibilityRecordFactory(
        parent_partner=partner
    )


def case_at(step, **extra):
    def target(world, suffix):
        partner = partner_at(world, suffix)
        meeting = {"meeting_on": days_ago(40)} if step in (Step.MEETING_SCHEDULED, Step.PLAN_AGREED) else {}
        return ReviewCaseFactory(parent_partner=partner, step=step, **meeting, **extra)

    return target


def case_with_complete_parts(step):
    """A case at `step` whose team (R-REV-3) or plan (R-REV-2) is complete, so the next step may be taken."""

    def target(world, suffix):
        case = case_at(step)(world, suffix)
        if step == Step.MANAGEMENT_APPROVED:
            for role in ("statewide", "content_expert"):
                ReviewTeamMember.objects.create(
                    case=case, name=f"Member {role}", team_role=role, added_by=case.opened_by
                )
        if step == Step.MEETING_SCHEDULED:
            for kind in ("behavioural_change", "crisis_plan"):
                PlanItemFactory(case=case, kind=kind)
        return case

    return target


def plan_item_at(world, suffix):
    return PlanItemFactory(case=case_at(Step.MEETING_SCHEDULED)(world, suffix))


def step_data(result, **extra):
    return lambda world, case, *_: {
        "result": result,
        "held_on": today(),
        "notes": "Met and agreed.",
        "version": case.version,
        **extra,
    }


def step_page(slug, roles, step, result, target=None, **extra):
    return Page(
        "eligibility:case-step",
        roles,
        target or case_at(step),
        step_data(result, **extra),
        watch=WATCH,
        args=lambda case, slug=slug: [case.pk, slug],
    )


def record_data(world, record, *_):
    return {
        "substance_abuse_issue": "on",
        "substance_free_since": days_ago(800),
        "notes": "Seen.",
        "version": record.version,
    }


PAGES = [
    Page("eligibility:record-list", STAFF),
    Page(
        "eligibility:record-create",
        COORDINATORS,
        partner_at,
        lambda world, partner, *_: {"substance_free_since": days_ago(800)},
        watch=WATCH,
    ),
    Page("eligibility:record-detail", STAFF | {Role.PARENT_PARTNER}, record_at, own_only={Role.PARENT_PARTNER}),
    Page("eligibility:record-update", COORDINATORS, record_at, record_data, watch=WATCH),
    Page(
        "eligibility:criterion-check",
        COORDINATORS,
        record_at,
        lambda world, record, *_: {"result": "met", "evidence": "Agreement signed.", "checked_on": today()},
        watch=WATCH + (CriterionCheck,),
        args=lambda record: [record.pk, "confidentiality"],
    ),
    Page(
        "eligibility:disqualifier-create",
        COORDINATORS,
        record_at,
        lambda world, record, *_: {"kind": "sex_abuse_registry", "evidence": "Registry search.", "found_on": today()},
        watch=WATCH,
    ),
    Page("eligibility:case-list", CASE_READERS),
    Page(
        "eligibility:case-create",
        {Role.SITE_COORDINATOR},
        partner_at,
        lambda world, partner, *_: {
            "ground": "performance",
            "concern": "Missed visits.",
            "opened_on": today(),
            "wishes_to_continue": "on",
            "may_mentor_while_open": "False",
        },
        watch=WATCH,
    ),
    Page(
        "eligibility:case-detail",
        CASE_READERS | {Role.PARENT_PARTNER},
        case_at(Step.OPENED),
        own_only={Role.PARENT_PARTNER},
    ),
    Page(
        "eligibility:case-mentoring",
        {Role.SITE_COORDINATOR},
        case_at(Step.OPENED),
        lambda world, case, *_: {
            "may_mentor_while_open": "False",
            "notes": "Pause while we meet.",
            "version": case.version,
        },
        watch=WATCH,
    ),
    Page(
        "eligibility:team-member-create",
        STATEWIDE,
        case_at(Step.MANAGEMENT_APPROVED),
        lambda world, case, *_: {"name": "A content expert", "team_role": "content_expert"},
        watch=WATCH,
    ),
    Page(
        "eligibility:plan-item-create",
        COORDINATORS,
        case_at(Step.MEETING_SCHEDULED),
        lambda world, case, *_: {
            "kind": "crisis_plan",
            "description": "Calls the clinician.",
            "responsible": "The Parent Partner",
            "due_on": today(),
        },
        watch=WATCH,
    ),
    Page(
        "eligibility:plan-item-update",
        COORDINATORS,
        plan_item_at,
        lambda world, item, *_: {
            "kind": item.kind,
            "description": item.description,
            "responsible": item.responsible,
            "due_on": item.due_on.isoformat(),
            "done_on": today(),
            "version": item.version,
        },
        watch=WATCH,
    ),
    step_page("validity-meeting", LOCAL, Step.OPENED, "valid"),
    step_page("discussion", LOCAL, Step.VALIDITY_CONFIRMED, "unresolved"),
    step_page("recommendation", STATEWIDE, Step.STATEWIDE_NOTIFIED, "recommended"),
    step_page("management-approval", STATEWIDE, Step.RECOMMENDED, "approved"),
    step_page("review-team", STATEWIDE, None, "formed", case_with_complete_parts(Step.MANAGEMENT_APPROVED)),
    step_page("meeting", STATEWIDE, Step.TEAM_FORMED, "scheduled", meeting_on=today()),
    step_page("plan", STATEWIDE, None, "agreed", case_with_complete_parts(Step.MEETING_SCHEDULED)),
    step_page("outcome", STATEWIDE, Step.PLAN_AGREED, Outcome.STOP_MENTORING.value),
    step_page("withdrawal", COORDINATORS, Step.RECOMMENDED, Outcome.WITHDRAWN.value),
    step_page(
        "reinstatement",
        STATEWIDE,
        None,
        "reinstated",
        case_at(Step.CLOSED, outcome=Outcome.STOP_MENTORING, closed_on=days_ago(40)),
    ),
]
