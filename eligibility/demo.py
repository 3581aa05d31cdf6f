"""Demo data of the eligibility app, called by `manage.py seed_demo` after the core demo data. Idempotent:
a person's screening is made once (one per person), and a review case only when that person has none.
Everything goes through `eligibility.services`, so the steps, history and rules are the real ones."""

import datetime

from eligibility.models import (
    CheckResult,
    Criterion,
    CriterionCheck,
    DhsReviewResult,
    EligibilityRecord,
    Ground,
    Outcome,
    PlanItem,
    PlanItemKind,
    ReviewCase,
    ReviewTeamMember,
    ScreeningStatus,
    TeamRole,
)
from eligibility.services.review_cases import PROTOCOL_E, advance, open_case
from eligibility.services.review_parts import add_plan_item, add_team_member
from eligibility.services.screening import record_check, record_disqualifier, start_screening
from parentpartner import demo as core_demo
from parentpartner.models import PartnerStatus

SCREENED = 36  # the first people of the demo list get a screening
HOME_SITE = "Des Moines Parent Partners"


def load(demo):
    """`demo` carries what the core made: demo.sites (name -> Site), demo.partners (list), demo.users
    (username -> User), demo.today and demo.rng (a seeded random.Random)."""
    coordinator = demo.users["coordinator"]
    for index, partner in enumerate(demo.partners[:SCREENED]):
        if not EligibilityRecord.objects.filter(parent_partner=partner).exists():
            screen(partner, index, coordinator, demo.today)
    home = [p for p in demo.partners if p.site.name == HOME_SITE and p.status == PartnerStatus.ACTIVE]
    login = demo.users.get("parentpartner")
    own = login.parent_partner if login else None
    others = [p for p in home if p != own and not has_disqualifier(p)]
    for partner, story in zip([own, *others], CASE_STORIES, strict=False):
        if partner is not None and not ReviewCase.objects.filter(parent_partner=partner).exists():
            story(partner, demo)


def has_disqualifier(partner):
    return EligibilityRecord.objects.filter(parent_partner=partner, status=ScreeningStatus.DISQUALIFIED).exists()


def days(today, n):
    return today - datetime.timedelta(days=n)


def screen(partner, index, user, today):
    """Most people are screened in full; some are still waiting for a date or a check; one has a DHS
    concern; two have an absolute disqualifier (R-ELIG-2)."""
    recent_recovery = index % 9 == 3
    record = start_screening(
        EligibilityRecord(
            parent_partner=partner,
            substance_abuse_issue=index % 3 == 0,
            substance_free_since=days(today, 200 if recent_recovery else 900 + index * 11),
            dhs_reviewed_on=None if index % 7 == 6 else days(today, 60 + index),
            dhs_review_result=(
                "" if index % 7 == 6 else DhsReviewResult.CONCERNS if index == 10 else DhsReviewResult.NO_CONCERNS
            ),
            dhs_review_notes="Open assessment for a household member." if index == 10 else "",
        ),
        user=user,
    )
    unchecked = {Criterion.FLEXIBILITY, Criterion.SHARES_EXPERIENCE} if index % 5 == 3 else set()
    for criterion in Criterion:
        if criterion in unchecked:
            continue
        record_check(
            record,
            criterion,
            user=user,
            result=CheckResult.NOT_MET if (index == 13 and criterion == Criterion.STABLE_FAMILY) else CheckResult.MET,
            evidence=EVIDENCE.get(criterion, "Discussed at the screening interview; agreed in writing."),
            checked_on=days(today, 30 + index),
        )
    if index in (9, 27):
        record_disqualifier(
            record,
            user=user,
            kind="sex_abuse_registry" if index == 9 else "founded_sexual_abuse",
            evidence="Confirmed by the DHS central registry check.",
            found_on=days(today, 20),
        )


EVIDENCE = {
    Criterion.PERMANENCY: "Court order closing the CINA case seen.",
    Criterion.NO_FOUNDED_ABUSE: "Central registry check: no founded report.",
    Criterion.CRIMINAL_CONVICTIONS: "Background check: no convictions.",
    Criterion.SUBSTANCE_FREE: "Letter from the treatment provider; clean tests.",
}


def walk(case, demo, slugs_and_results):
    """Take the steps in order, a week apart, ending about a week ago."""
    users = demo.users
    when = days(demo.today, 7 * (len(slugs_and_results) + 1))
    for slug, result in slugs_and_results:
        when += datetime.timedelta(days=7)
        transition = PROTOCOL_E[slug]
        user = users["coordinator"] if transition.permission == "review_case.local_step" else users["statewide"]
        if slug == "review-team":
            for name, role in TEAM:
                add_team_member(ReviewTeamMember(case=case, name=name, team_role=role), user=user)
        if slug == "plan":
            for kind, text, who, due in PLAN:
                item = add_plan_item(
                    PlanItem(case=case, kind=kind, description=text, responsible=who, due_on=days(demo.today, -due)),
                    user=user,
                )
                if due < -5:
                    PlanItem.objects.filter(pk=item.pk).update(done_on=days(demo.today, -due - 2))
        case = advance(
            case,
            slug,
            user=user,
            result=result,
            held_on=when,
            notes=NOTES.get(slug, "Recorded at the meeting."),
            meeting_on=when + datetime.timedelta(days=5) if slug == "meeting" else None,
        )
    return case


TEAM = [
    ("Statewide coordinator", TeamRole.STATEWIDE),
    ("Substance abuse counselor (content expert)", TeamRole.CONTENT_EXPERT),
    ("Sponsor from recovery group", TeamRole.SUPPORT),
]
# (kind, description, responsible, due in days from today; negative = past)
PLAN = [
    (PlanItemKind.BEHAVIOURAL_CHANGE, "Attends two recovery meetings a week and logs them.", "The Parent Partner", -10),
    (PlanItemKind.CRISIS_PLAN, "Calls the clinician or sponsor before a visit when at risk.", "The Parent Partner", 60),
    (PlanItemKind.SUPPORT, "Weekly check-in about the plan.", "Site coordinator", -3),
    (PlanItemKind.RESUMPTION, "Review whether mentoring can resume.", "Review team", 45),
]
NOTES = {
    "validity-meeting": "Coordinator, service area coordinator and the Parent Partner met; the concern is specific.",
    "discussion": "Discussed with the clinician; the issue needs further attention.",
    "recommendation": "Reviewed; proposed a content expert and recommended a review team.",
    "management-approval": "The management team approved the review team.",
    "review-team": "Team organised.",
    "meeting": "First review team meeting set.",
    "plan": "Plan agreed with time frames, responsibilities, behavioural changes and crisis planning.",
}
FULL = [
    ("validity-meeting", "valid"),
    ("discussion", "unresolved"),
    ("recommendation", "recommended"),
    ("management-approval", "approved"),
    ("review-team", "formed"),
    ("meeting", "scheduled"),
]


def open_demo_case(partner, demo, ground, concern, may_mentor):
    return open_case(
        ReviewCase(
            parent_partner=partner,
            ground=ground,
            concern=concern,
            wishes_to_continue=True,
            may_mentor_while_open=may_mentor,
            opened_on=days(demo.today, 70),
        ),
        user=demo.users["coordinator"],
    )


def plan_in_progress(partner, demo):
    case = open_demo_case(partner, demo, Ground.PERFORMANCE, "Missed several family visits without notice.", True)
    walk(case, demo, [*FULL, ("plan", "agreed")])


def just_opened(partner, demo):
    open_demo_case(partner, demo, Ground.PERFORMANCE, "A participant complained about late replies.", True)


def with_statewide(partner, demo):
    case = open_demo_case(partner, demo, Ground.CRITERIA, "Reported relapse (alcohol).", False)
    walk(case, demo, FULL[:2])


def stopped_mentoring(partner, demo):
    case = open_demo_case(partner, demo, Ground.CRITERIA, "Relapse reported by a caseworker.", False)
    case = walk(case, demo, [*FULL, ("plan", "agreed"), ("outcome", Outcome.STOP_MENTORING.value)])


def resolved(partner, demo):
    case = open_demo_case(partner, demo, Ground.PERFORMANCE, "Boundary concern raised at a team meeting.", True)
    walk(case, demo, [("validity-meeting", "valid"), ("discussion", Outcome.RESOLVED.value)])


def oversight(partner, demo):
    case = open_demo_case(partner, demo, Ground.PERFORMANCE, "Monthly activity forms late three months running.", True)
    walk(case, demo, [*FULL, ("plan", "agreed"), ("outcome", Outcome.OVERSIGHT.value)])


# The Parent Partner demo login gets the first story, so that login sees their own case and plan.
CASE_STORIES = [plan_in_progress, just_opened, with_statewide, stopped_mentoring, resolved, oversight]


def make_ready_for_approval(partner, veteran, demo):
    """A demo candidate's full screening, for parentpartner.demo (R-ELIG-1); False for someone
    under review or disqualified, who is not made ready."""
    coordinator = demo.users["coordinator"]
    day = demo.today - datetime.timedelta(days=30)
    if ReviewCase.objects.filter(parent_partner=partner).exists():
        return False
    record, _ = EligibilityRecord.objects.get_or_create(parent_partner=partner, defaults={"created_by": coordinator})
    if record.disqualifiers.exists():
        return False
    record.dhs_reviewed_on, record.dhs_review_result = day, DhsReviewResult.NO_CONCERNS
    record.substance_free_since = demo.today - datetime.timedelta(days=900)
    record.save()
    for criterion in Criterion:
        CriterionCheck.objects.update_or_create(
            record=record,
            criterion=criterion,
            defaults={
                "result": CheckResult.MET,
                "evidence": "Checked with the candidate and references.",
                "checked_on": day,
                "checked_by": coordinator,
            },
        )
    return True


if make_ready_for_approval not in core_demo.READY_STEPS:
    # First: someone under review or disqualified is not made ready at all.
    core_demo.READY_STEPS.insert(0, make_ready_for_approval)
