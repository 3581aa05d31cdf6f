"""Review cases, protocol E (R-REV-1..4): opening, the state machine and every refused shortcut,
the review team and the plan, and who recorded each step."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from eligibility import services
from eligibility.models import CaseStep, Outcome, PlanItem, ReviewCase, ReviewTeamMember, Step, TeamRole
from parentpartner.models import HistoryEntry, Role
from tests.factories import PlanItemFactory, ReviewCaseFactory, ReviewTeamMemberFactory, UserFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()

# The one result of each step used to walk a case forward (R-REV-2).
FORWARD = [
    ("validity-meeting", "valid", Step.VALIDITY_CONFIRMED),
    ("discussion", "unresolved", Step.STATEWIDE_NOTIFIED),
    ("recommendation", "recommended", Step.RECOMMENDED),
    ("management-approval", "approved", Step.MANAGEMENT_APPROVED),
    ("review-team", "formed", Step.TEAM_FORMED),
    ("meeting", "scheduled", Step.MEETING_SCHEDULED),
    ("plan", "agreed", Step.PLAN_AGREED),
    ("outcome", Outcome.STOP_MENTORING.value, Step.CLOSED),
]
ALLOWED_FROM = {move.slug: set(move.sources) for move in services.PROTOCOL_E}
# Every (step, transition) pair the state machine must refuse; reinstatement is tested on its own.
SHORTCUTS = [
    (step, slug)
    for slug in services.PROTOCOL_E.moves
    if slug != "reinstatement"
    for step in Step
    if step not in ALLOWED_FROM[slug]
]


def complete_parts(case):
    ReviewTeamMemberFactory(case=case, team_role=TeamRole.STATEWIDE)
    ReviewTeamMemberFactory(case=case, team_role=TeamRole.CONTENT_EXPERT)


def take(case, slug, result, user=None, **extra):
    extra.setdefault("meeting_on", TODAY if slug == "meeting" else None)
    extra.setdefault("held_on", TODAY)
    return services.advance(case, slug, user=user or UserFactory(), result=result, notes=f"{slug} notes", **extra)


def case_at(step, **kwargs):
    closed = {"outcome": Outcome.RESOLVED, "closed_on": TODAY} if step == Step.CLOSED else {}
    meeting = {"meeting_on": TODAY} if step in (Step.MEETING_SCHEDULED, Step.PLAN_AGREED) else {}
    return ReviewCaseFactory(step=step, **closed, **meeting, **kwargs)


# --- R-REV-1 ---------------------------------------------------------------------------------------


def test_r_rev_1_a_case_is_opened_only_for_a_person_who_wishes_to_continue():
    case = ReviewCaseFactory.build(wishes_to_continue=False, parent_partner=ReviewCaseFactory().parent_partner)
    case.parent_partner.review_cases.update(step=Step.CLOSED, outcome=Outcome.RESOLVED, closed_on=TODAY)
    with pytest.raises(ValidationError, match="R-REV-1"):
        services.open_case(case, user=UserFactory())
    with pytest.raises(IntegrityError), transaction.atomic():
        ReviewCaseFactory(wishes_to_continue=False)


def test_r_rev_1_open_case_records_the_role_the_first_step_and_history():
    coordinator = UserFactory()
    existing = ReviewCaseFactory(step=Step.CLOSED, outcome=Outcome.NOT_VALID, closed_on=TODAY)
    partner = existing.parent_partner
    case = services.open_case(
        ReviewCase(
            parent_partner=partner,
            ground="criteria",
            concern="Relapse reported.",
            wishes_to_continue=True,
            may_mentor_while_open=False,
            opened_on=TODAY,
        ),
        user=coordinator,
    )
    assert (case.step, case.partner_role, case.opened_by) == (Step.OPENED, partner.current_role, coordinator)
    assert case.steps.get().notes == "Relapse reported."
    assert HistoryEntry.objects.filter(object_id=str(case.pk), action="create", user=coordinator).exists()


def test_one_open_case_per_person():
    case = ReviewCaseFactory()
    again = ReviewCase(
        parent_partner=case.parent_partner,
        ground="performance",
        concern="Another concern.",
        wishes_to_continue=True,
        may_mentor_while_open=True,
        opened_on=TODAY,
    )
    with pytest.raises(ValidationError, match="already has an open review case"):
        services.open_case(again, user=UserFactory())
    with pytest.raises(IntegrityError), transaction.atomic():
        ReviewCaseFactory(parent_partner=case.parent_partner)


# --- R-REV-2..4: the state machine -------------------------------------------------------------------


def test_r_rev_2_a_case_walks_every_step_to_an_outcome_and_each_step_records_who_when_notes():
    case = ReviewCaseFactory()
    users = []
    for slug, result, expected in FORWARD:
        if slug == "review-team":
            complete_parts(case)
        if slug == "plan":
            PlanItemFactory(case=case, kind="behavioural_change")
            PlanItemFactory(case=case, kind="crisis_plan")
        users.append(UserFactory())
        case = take(case, slug, result, user=users[-1])
        assert case.step == expected
    assert case.outcome == Outcome.STOP_MENTORING and case.closed_on == TODAY
    steps = list(case.steps.all())
    assert [s.recorded_by for s in steps] == users
    assert all(s.held_on == TODAY and s.notes for s in steps)
    assert HistoryEntry.objects.filter(object_id=str(case.pk), action="update").count() == len(FORWARD)


@pytest.mark.parametrize(
    "slug, result, outcome",
    [
        ("validity-meeting", Outcome.NOT_VALID.value, Outcome.NOT_VALID),
        ("discussion", Outcome.RESOLVED.value, Outcome.RESOLVED),
    ],
)
def test_r_rev_2_early_exits_close_the_case(slug, result, outcome):
    case = case_at(next(iter(ALLOWED_FROM[slug])))
    case = take(case, slug, result)
    assert (case.step, case.outcome) == (Step.CLOSED, outcome)


@pytest.mark.parametrize("outcome", [Outcome.OVERSIGHT, Outcome.STOP_MENTORING, Outcome.NO_LONGER_ELIGIBLE])
def test_r_rev_4_each_outcome_closes_the_case(outcome):
    case = take(case_at(Step.PLAN_AGREED), "outcome", outcome.value)
    assert (case.step, case.outcome) == (Step.CLOSED, outcome)


@pytest.mark.parametrize("step", [s for s in Step if s != Step.CLOSED])
def test_r_rev_1_withdrawal_closes_from_any_open_step(step):
    case = take(case_at(step), "withdrawal", Outcome.WITHDRAWN.value)
    assert case.outcome == Outcome.WITHDRAWN


@pytest.mark.parametrize("step, slug", SHORTCUTS, ids=[f"{slug}-from-{step}" for step, slug in SHORTCUTS])
def test_r_rev_2_every_skipped_step_is_refused(step, slug):
    case = case_at(step)
    complete_parts(case) if step == Step.MANAGEMENT_APPROVED else None
    result = next(iter(services.PROTOCOL_E[slug].results))
    with pytest.raises(ValidationError) as error:
        take(case, slug, result)
    assert error.value.code == "step"
    assert ReviewCase.objects.get(pk=case.pk).step == step
    assert not CaseStep.objects.filter(case=case).exists()


def test_there_are_many_refused_shortcuts():
    # 9 steps: each forward step is allowed from exactly one; withdrawal from the 8 open ones.
    assert len(SHORTCUTS) == 8 * 8 + 1


def test_r_rev_2_the_refusal_says_where_the_case_is_and_what_comes_next():
    case = case_at(Step.OPENED)
    with pytest.raises(
        ValidationError, match="“Opened: validity meeting to hold”. The next step is: Record the validity"
    ):
        take(case, "outcome", Outcome.STOP_MENTORING.value)


def test_a_closed_case_takes_no_further_step():
    with pytest.raises(ValidationError, match="no further step"):
        take(case_at(Step.CLOSED), "validity-meeting", "valid")


@pytest.mark.parametrize("outcome", [Outcome.RESOLVED, Outcome.OVERSIGHT, Outcome.NOT_VALID, Outcome.WITHDRAWN])
def test_r_rev_4_reinstatement_only_after_an_outcome_that_stops_mentoring(outcome):
    case = ReviewCaseFactory(step=Step.CLOSED, outcome=outcome, closed_on=TODAY)
    with pytest.raises(ValidationError, match="Only a case that ended with an outcome that stops mentoring"):
        take(case, "reinstatement", "reinstated")


def test_r_rev_4_reinstatement_happens_once():
    case = ReviewCaseFactory(step=Step.CLOSED, outcome=Outcome.STOP_MENTORING, closed_on=TODAY)
    take(case, "reinstatement", "reinstated")
    with pytest.raises(ValidationError):
        take(case, "reinstatement", "reinstated")


def test_a_result_that_the_step_does_not_have_is_refused():
    with pytest.raises(ValidationError) as error:
        take(case_at(Step.OPENED), "validity-meeting", Outcome.STOP_MENTORING.value)
    assert "result" in error.value.error_dict


def test_a_stale_step_is_refused_as_a_conflict():
    case = case_at(Step.OPENED)
    take(case, "validity-meeting", "valid", version=case.version)
    with pytest.raises(ValidationError) as error:
        take(case, "withdrawal", Outcome.WITHDRAWN.value, version=case.version)
    assert error.value.code == "conflict"


@pytest.mark.parametrize("dhs_involved, members, missing", [
    (False, [], "Statewide coordinator or appointee, Content expert"),
    (False, [TeamRole.STATEWIDE], "Content expert"),
    (True, [TeamRole.STATEWIDE, TeamRole.CONTENT_EXPERT], "DHS representative"),
])  # fmt: skip
def test_r_rev_3_the_review_team_needs_its_required_members(dhs_involved, members, missing):
    case = case_at(Step.MANAGEMENT_APPROVED, dhs_assessment_involved=dhs_involved)
    for role in members:
        ReviewTeamMemberFactory(case=case, team_role=role)
    with pytest.raises(ValidationError, match=f"needs: {missing} \\(R-REV-3\\)"):
        take(case, "review-team", "formed")
    ReviewTeamMemberFactory(case=case, team_role=TeamRole.STATEWIDE) if TeamRole.STATEWIDE not in members else None
    ReviewTeamMemberFactory(
        case=case, team_role=TeamRole.CONTENT_EXPERT
    ) if TeamRole.CONTENT_EXPERT not in members else None
    ReviewTeamMemberFactory(case=case, team_role=TeamRole.DHS) if dhs_involved else None
    assert take(case, "review-team", "formed").step == Step.TEAM_FORMED


def test_r_rev_2_the_plan_needs_behavioural_change_and_crisis_planning():
    case = case_at(Step.MEETING_SCHEDULED)
    with pytest.raises(ValidationError, match="Behavioural change, Crisis planning"):
        take(case, "plan", "agreed")
    PlanItemFactory(case=case, kind="behavioural_change")
    with pytest.raises(ValidationError, match="needs an item for: Crisis planning"):
        take(case, "plan", "agreed")
    PlanItemFactory(case=case, kind="crisis_plan")
    assert take(case, "plan", "agreed").step == Step.PLAN_AGREED


def test_scheduling_needs_the_meeting_date():
    with pytest.raises(ValidationError) as error:
        take(case_at(Step.TEAM_FORMED), "meeting", "scheduled", meeting_on=None)
    assert "meeting_on" in error.value.error_dict


@pytest.mark.parametrize("step", [Step.OPENED, Step.STATEWIDE_NOTIFIED, Step.CLOSED])
def test_r_rev_3_team_members_only_once_management_has_the_recommendation(step):
    case = case_at(step)
    with pytest.raises(ValidationError, match="Review team members are added"):
        services.add_team_member(ReviewTeamMember(case=case, name="X", team_role="support"), user=UserFactory())


@pytest.mark.parametrize("step", [Step.OPENED, Step.TEAM_FORMED])
def test_r_rev_2_plan_items_only_once_the_meeting_is_scheduled(step):
    case = case_at(step)
    item = PlanItem(case=case, kind="crisis_plan", description="x", responsible="y", due_on=TODAY)
    with pytest.raises(ValidationError, match="Plan items are added once"):
        services.add_plan_item(item, user=UserFactory())


def test_r_rev_4_a_plan_to_resume_may_be_added_after_the_outcome_until_reinstatement():
    case = take(case_at(Step.PLAN_AGREED), "outcome", Outcome.STOP_MENTORING.value)
    item = PlanItem(case=case, kind="resumption", description="Review in 3 months", responsible="Team", due_on=TODAY)
    assert services.add_plan_item(item, user=UserFactory()).pk
    take(case, "reinstatement", "reinstated")
    with pytest.raises(ValidationError):
        services.add_plan_item(
            PlanItem(case=case, kind="support", description="x", responsible="y", due_on=TODAY), user=None
        )


def test_the_mentoring_choice_is_only_for_open_cases():
    case = case_at(Step.CLOSED)
    with pytest.raises(ValidationError, match="The case is closed"):
        services.set_mentoring_while_open(case, user=UserFactory(), may_mentor_while_open=True, notes="x")


# --- the pages -------------------------------------------------------------------------------------


def step_url(case, slug):
    return reverse("eligibility:case-step", args=[case.pk, slug])


def test_a_skipped_step_posted_anyway_is_shown_on_the_page_and_changes_nothing(login, world):
    case = ReviewCaseFactory(parent_partner=world.pp_a1)
    client = login(world.users[Role.STATEWIDE_COORDINATOR])
    response = client.post(
        step_url(case, "outcome"),
        {"result": "stop_mentoring", "held_on": TODAY.isoformat(), "notes": "Skip ahead", "version": case.version},
    )
    assert response.status_code == 200
    assert "Not possible yet" in response.content.decode()
    assert ReviewCase.objects.get(pk=case.pk).step == Step.OPENED


def test_a_skipped_step_opened_by_link_explains_instead_of_offering_the_form(login, world):
    case = ReviewCaseFactory(parent_partner=world.pp_a1)
    response = login(world.users[Role.STATEWIDE_COORDINATOR]).get(step_url(case, "plan"))
    assert response.status_code == 200
    assert "The next step is: Record the validity meeting" in response.content.decode()
    assert b'type="submit"' not in response.content.split(b"<main")[1]


def test_unknown_step_is_404(login, world):
    case = ReviewCaseFactory(parent_partner=world.pp_a1)
    assert login(world.users[Role.SITE_COORDINATOR]).get(step_url(case, "jump-to-end")).status_code == 404


def test_step_form_bad_input_is_shown_on_the_field(login, world):
    case = ReviewCaseFactory(parent_partner=world.pp_a1)
    future = (TODAY + datetime.timedelta(days=3)).isoformat()
    response = login(world.users[Role.SITE_COORDINATOR]).post(
        step_url(case, "validity-meeting"), {"result": "valid", "held_on": future, "notes": "", "version": case.version}
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "cannot be in the future" in errors["held_on"][0]
    assert "notes" in errors
    assert ReviewCase.objects.get(pk=case.pk).step == Step.OPENED


def test_a_stale_step_form_answers_409(login, world):
    case = ReviewCaseFactory(parent_partner=world.pp_a1)
    data = {"result": "valid", "held_on": TODAY.isoformat(), "notes": "Met.", "version": case.version}
    client = login(world.users[Role.SITE_COORDINATOR])
    assert client.post(step_url(case, "validity-meeting"), data).status_code == 302
    response = client.post(step_url(case, "withdrawal"), {**data, "result": "withdrawn"})
    assert response.status_code == 409
    assert "Someone else saved this case" in response.content.decode()


def test_r_rev_1_the_open_form_refuses_a_person_who_does_not_wish_to_continue(login, world):
    client = login(world.users[Role.SITE_COORDINATOR])
    response = client.post(
        reverse("eligibility:case-create", args=[world.pp_a1.pk]),
        {"ground": "performance", "concern": "x", "opened_on": TODAY.isoformat(), "may_mentor_while_open": "True"},
    )
    assert response.status_code == 200
    assert "R-REV-1" in response.context["form"].errors["wishes_to_continue"][0]
    assert not ReviewCase.objects.exists()


def test_a_second_open_case_is_refused_on_the_form(login, world):
    ReviewCaseFactory(parent_partner=world.pp_a1)
    response = login(world.users[Role.SITE_COORDINATOR]).post(
        reverse("eligibility:case-create", args=[world.pp_a1.pk]),
        {
            "ground": "performance",
            "concern": "x",
            "opened_on": TODAY.isoformat(),
            "wishes_to_continue": "on",
            "may_mentor_while_open": "True",
        },
    )
    assert response.status_code == 200
    assert "already has an open review case" in response.content.decode()
    assert ReviewCase.objects.count() == 1


def test_two_people_editing_a_plan_item_do_not_overwrite_each_other(login, world):
    item = PlanItemFactory(case=case_at(Step.MEETING_SCHEDULED, parent_partner=world.pp_a1))
    url = reverse("eligibility:plan-item-update", args=[item.pk])
    data = {
        "kind": item.kind,
        "description": item.description,
        "responsible": "Coordinator",
        "due_on": item.due_on.isoformat(),
        "version": item.version,
    }
    assert login(world.users[Role.SITE_COORDINATOR]).post(url, data).status_code == 302
    second = login(world.users[Role.SERVICE_AREA_COORDINATOR]).post(url, {**data, "responsible": "Clinician"})
    assert second.status_code == 409
    item.refresh_from_db()
    assert item.responsible == "Coordinator"


# --- R-REV-2: no step before the case was opened (issue 13) ------------------------------------------


def test_r_rev_2_a_step_cannot_be_dated_before_the_case_was_opened(login, world):
    opened = TODAY - datetime.timedelta(days=30)
    case = ReviewCaseFactory(parent_partner=world.pp_a1, opened_on=opened)
    client = login(world.users[Role.SITE_COORDINATOR])
    before = (opened - datetime.timedelta(days=1)).isoformat()
    response = client.post(
        step_url(case, "validity-meeting"),
        {"result": "valid", "held_on": before, "notes": "Met with the SAC.", "version": case.version},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["held_on"] == [
        f"A step cannot be dated before the case was opened on {opened:%b} {opened.day}, {opened.year}."
    ]
    assert "Met with the SAC." in response.content.decode()  # nothing typed is lost
    case.refresh_from_db()
    assert case.step == Step.OPENED and not case.steps.exists()
    assert not HistoryEntry.objects.filter(object_id=str(case.pk), action=HistoryEntry.Action.UPDATE).exists()
    on_the_day = client.post(
        step_url(case, "validity-meeting"),
        {"result": "valid", "held_on": opened.isoformat(), "notes": "Met.", "version": case.version},
    )
    assert on_the_day.status_code == 302
    assert ReviewCase.objects.get(pk=case.pk).steps.get().held_on == opened


@pytest.mark.parametrize("slug, step", [(slug, step) for slug, _result, step in FORWARD] + [("withdrawal", None)])
def test_r_rev_2_no_step_of_the_protocol_is_dated_before_the_case_was_opened(slug, step):
    """Every transition goes through `advance`: each refuses a date before the opening."""
    transition = services.PROTOCOL_E[slug]
    case = case_at(transition.sources[0])
    complete_parts(case)
    PlanItemFactory(case=case, kind="behavioural_change")
    PlanItemFactory(case=case, kind="crisis_plan")
    result = next(iter(transition.results))
    with pytest.raises(ValidationError) as refused:
        take(case, slug, result, held_on=case.opened_on - datetime.timedelta(days=1))
    assert "before the case was opened" in refused.value.message_dict["held_on"][0]
    assert ReviewCase.objects.get(pk=case.pk).step == case.step


def test_r_rev_2_the_review_team_meeting_cannot_be_before_the_case_was_opened():
    case = case_at(Step.TEAM_FORMED)
    with pytest.raises(ValidationError) as refused:
        take(case, "meeting", "scheduled", meeting_on=case.opened_on - datetime.timedelta(days=1))
    assert "The review team meeting cannot be before the case was opened" in refused.value.message_dict["meeting_on"][0]
    assert ReviewCase.objects.get(pk=case.pk).meeting_on is None
