"""Scale data, part three: trainings, approvals, screenings, review cases, Lead cases, coordinator
certifications, history entries, and file audits (drawn through the application's own service)."""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError

from bench.copy import copy_rows, execute
from bench.scale import MENTORING_ROLES, World
from eligibility.models import (
    CaseStep,
    Criterion,
    CriterionCheck,
    EligibilityRecord,
    PlanItem,
    ReviewCase,
    ReviewTeamMember,
)
from mentoring.models import Family
from parentpartner.dates import first_of_month, next_month
from parentpartner.models import (
    ApprovalForm,
    CoordinatorCertification,
    LeadCase,
    LeadStep,
    ParentPartner,
    PartnerRole,
    Role,
    Signature,
    User,
)
from training.models import (
    ShadowingItem,
    ShadowingRecord,
    Trainer,
    TrainerApproval,
    Training,
    TrainingCompletion,
    TrainingSession,
)

DAY = datetime.timedelta(days=1)


def build_training(world: World):
    """Each site gives each training once a year; each Parent Partner completes them during their
    first year, at their site's session of that year when there is one."""
    rng = world.rng
    trainings = list(Training.objects.order_by("number"))
    sessions, completions, shadowing = [], [], []
    by_site_year = {}
    for site_id in world.sites:
        for year in range(world.start.year - 2, world.today.year + 1):
            for training in trainings:
                held = datetime.date(year, rng.randint(1, 12), rng.randint(1, 28))
                if held >= world.today:
                    continue
                pk = world.ids.take(TrainingSession)
                by_site_year[site_id, training.pk, year] = (pk, held)
                sessions.append(
                    (pk, training.pk, site_id, held, "3.00", "group", "Site office", "Certified trainer", False,
                     None, "4.50", world.coordinator[site_id], world.at(held), 1)
                )  # fmt: skip
    for partner in world.partners:
        limit = min(partner.end or world.today, world.today)
        for training in trainings:
            done = partner.start + datetime.timedelta(days=rng.randint(10, 330))
            if done >= limit:
                continue
            session = by_site_year.get((partner.site_id, training.pk, done.year))
            if session and session[1] < limit:
                completions.append(
                    (
                        world.ids.take(TrainingCompletion),
                        partner.id,
                        training.pk,
                        session[1],
                        session[0],
                        "",
                        None,
                        world.at(session[1]),
                    )
                )
            else:
                completions.append(
                    (
                        world.ids.take(TrainingCompletion),
                        partner.id,
                        training.pk,
                        done,
                        None,
                        "Outside provider certificate",
                        None,
                        world.at(done),
                    )
                )
        became_pp = next((start for role, start, _ in partner.periods if role == PartnerRole.PARENT_PARTNER), None)
        veterans = [p.id for p in world.partners_by_site[partner.site_id] if p.id != partner.id]
        if became_pp and veterans:
            for item in ShadowingItem.objects.all() if not hasattr(world, "items") else world.items:
                day = became_pp - datetime.timedelta(days=rng.randint(10, 90))
                shadowing.append(
                    (
                        world.ids.take(ShadowingRecord),
                        partner.id,
                        item.pk,
                        "shadowed",
                        day,
                        rng.choice(veterans),
                        "",
                        None,
                        world.at(day),
                    )
                )
            world.items = getattr(world, "items", None) or list(ShadowingItem.objects.all())
    trainers, approvals = [], []
    veterans = [p for p in world.partners if p.end is None and p.periods[-1][0] in MENTORING_ROLES][:8]
    for n, person in enumerate([*veterans, *[None] * 4]):
        pk = world.ids.take(Trainer)
        kind = "parent_partner" if person else "professional"
        name = "" if person else f"Trainer {n + 1}"
        trainers.append((pk, kind, person.id if person else None, name, "DHS", world.start, n % 2 == 0, world.now, 1))
        approvals.append(
            (world.ids.take(TrainerApproval), pk, "trainer", world.start + DAY, world.statewide, world.now)
        )
    fields = ["id", "kind", "parent_partner_id", "name", "organisation", "observed_babf_on", "willing_to_coach"]
    world.done("BABF trainers", copy_rows(Trainer, fields + ["created_at", "version"], trainers))
    fields = ["id", "trainer_id", "kind", "approved_on", "approved_by_id", "recorded_at"]
    world.done("trainer approvals", copy_rows(TrainerApproval, fields, approvals))
    fields = ["id", "training_id", "site_id", "held_on", "hours", "format", "location", "trainer_names"]
    fields += ["follows_state_curriculum", "co_trainers_evaluated_satisfactory", "average_rating", "created_by_id"]
    fields += ["created_at", "version"]
    world.done("training sessions", copy_rows(TrainingSession, fields, sessions))
    fields = [
        "id",
        "parent_partner_id",
        "training_id",
        "completed_on",
        "session_id",
        "evidence",
        "recorded_by_id",
        "recorded_at",
    ]
    world.done("training completions", copy_rows(TrainingCompletion, fields, completions))
    fields = ["id", "parent_partner_id", "item_id", "outcome", "shadowed_on", "veteran_id", "notes", "recorded_by_id"]
    world.done("shadowing records", copy_rows(ShadowingRecord, fields + ["recorded_at"], shadowing))


def build_approvals(world: World):
    """An approved Training Verification and Approval form, signed four times, for everyone who became
    a Parent Partner; an open one waiting for the statewide coordinator for some current candidates."""
    forms, signatures = [], []
    partner_login = {row[12]: row[0] for row in world.user_rows if row[12]}
    for partner in world.partners:
        coordinator = world.coordinator[partner.site_id]
        became_pp = next((start for role, start, _ in partner.periods if role == PartnerRole.PARENT_PARTNER), None)
        current = partner.periods[-1]
        if became_pp:
            state, started, decided = "approved", became_pp - datetime.timedelta(days=30), became_pp
            signers = ["coordinator", "candidate", "statewide", "contract_manager"]
        elif partner.end is None and current[0] == PartnerRole.IN_TRAINING_MENTORING and world.rng.random() < 0.4:
            state, started, decided = "awaiting_statewide", world.today - datetime.timedelta(days=10), None
            signers = ["coordinator", "candidate"]
        else:
            continue
        pk = world.ids.take(ApprovalForm)
        forms.append(
            (
                pk,
                partner.id,
                state,
                True,
                "Verified against the checklist.",
                [],
                coordinator,
                world.at(started),
                decided,
                "",
                1,
            )
        )
        for n, signer in enumerate(signers):
            by = {"statewide": world.statewide, "contract_manager": world.contract_manager}.get(signer, coordinator)
            on_paper = signer == "candidate" and partner.id not in partner_login
            if signer == "candidate" and not on_paper:
                by = partner_login[partner.id]
            signatures.append(
                (world.ids.take(Signature), pk, signer, "signed", by, world.at(started + n * 5 * DAY), on_paper,
                 "Signed in front of the coordinator" if on_paper else "", "", {})
            )  # fmt: skip
    fields = ["id", "parent_partner_id", "state", "commits_one_year_two_families", "coordinator_notes", "unmet"]
    fields += ["started_by_id", "started_at", "decided_on", "return_reason", "version"]
    world.done("approval forms", copy_rows(ApprovalForm, fields, forms))
    fields = ["id", "form_id", "signer_role", "decision", "signed_by_id", "signed_at", "on_paper", "witness_note"]
    world.done("signatures", copy_rows(Signature, fields + ["reason", "snapshot"], signatures))


def build_eligibility(world: World):
    """A screening with all ten criteria checked for everyone; review cases for about one in twenty,
    most closed, the recent ones open."""
    rng = world.rng
    records, checks, cases, steps, team, plan = [], [], [], [], [], []
    for partner in world.partners:
        coordinator = world.coordinator[partner.site_id]
        record = world.ids.take(EligibilityRecord)
        records.append(
            (
                record,
                partner.id,
                "in_progress",
                False,
                None,
                partner.start,
                "no_concerns",
                "",
                "",
                None,
                coordinator,
                world.at(partner.start),
                world.at(partner.start),
                1,
            )
        )
        for criterion in Criterion:
            checks.append(
                (
                    world.ids.take(CriterionCheck),
                    record,
                    criterion.value,
                    "met",
                    "Seen and confirmed.",
                    partner.start,
                    coordinator,
                    1,
                )
            )
        mentoring = [start for role, start, _ in partner.periods if role in MENTORING_ROLES]
        first_of_site = not cases and partner.site_id == world.sites[0]  # at least one, even at a tiny scale
        if not mentoring or (rng.random() > 0.05 and not first_of_site):
            continue
        opened = world.day_between(mentoring[0], min(partner.end or world.today, world.today))
        is_open = opened > world.today - datetime.timedelta(days=120)
        case = world.ids.take(ReviewCase)
        closed = None if is_open else opened + datetime.timedelta(days=rng.randint(20, 90))
        cases.append(
            (case, partner.id, partner.role_on(opened) or PartnerRole.PARENT_PARTNER, "performance", "Missed meetings.", True,
             False, True, "opened" if is_open else "closed", "" if is_open else rng.choice(["resolved", "oversight", "not_valid"]),
             None, opened, coordinator, closed, None, None, world.at(opened), 1)
        )  # fmt: skip
        steps.append(
            (
                world.ids.take(CaseStep),
                case,
                "Opened",
                "opened",
                "",
                opened,
                "Concern raised.",
                coordinator,
                world.at(opened),
            )
        )
        if closed:
            steps.append(
                (
                    world.ids.take(CaseStep),
                    case,
                    "Closed",
                    "closed",
                    cases[-1][9],
                    closed,
                    "Decided.",
                    coordinator,
                    world.at(closed),
                )
            )
        team.append(
            (
                world.ids.take(ReviewTeamMember),
                case,
                "Statewide coordinator",
                "statewide",
                coordinator,
                world.at(opened),
            )
        )
        plan.append(
            (
                world.ids.take(PlanItem),
                case,
                "support",
                "Weekly check-in",
                "Coordinator",
                opened + 30 * DAY,
                closed,
                coordinator,
                world.at(opened),
                1,
            )
        )
    fields = ["id", "parent_partner_id", "status", "substance_abuse_issue", "substance_free_since", "dhs_reviewed_on"]
    fields += [
        "dhs_review_result",
        "dhs_review_notes",
        "notes",
        "ended_on",
        "created_by_id",
        "created_at",
        "updated_at",
        "version",
    ]
    world.done("screenings", copy_rows(EligibilityRecord, fields, records))
    fields = ["id", "record_id", "criterion", "result", "evidence", "checked_on", "checked_by_id", "version"]
    world.done("criterion checks", copy_rows(CriterionCheck, fields, checks))
    fields = [
        "id",
        "parent_partner_id",
        "partner_role",
        "ground",
        "concern",
        "wishes_to_continue",
        "dhs_assessment_involved",
    ]
    fields += ["may_mentor_while_open", "step", "outcome", "meeting_on", "opened_on", "opened_by_id", "closed_on"]
    fields += ["reinstated_on", "reinstated_by_id", "created_at", "version"]
    world.done("review cases", copy_rows(ReviewCase, fields, cases))
    fields = ["id", "case_id", "action", "step", "outcome", "held_on", "notes", "recorded_by_id", "recorded_at"]
    world.done("review case steps", copy_rows(CaseStep, fields, steps))
    fields = ["id", "case_id", "name", "team_role", "added_by_id", "created_at"]
    world.done("review team members", copy_rows(ReviewTeamMember, fields, team))
    fields = ["id", "case_id", "kind", "description", "responsible", "due_on", "done_on", "created_by_id", "created_at"]
    world.done("plan items", copy_rows(PlanItem, fields + ["version"], plan))


def build_leads_and_certifications(world: World):
    cases, steps, certifications = [], [], []
    for n, site_id in enumerate(world.sites):
        coordinator = world.coordinator[site_id]
        requested = world.day_between(world.start, world.today - 200 * DAY)
        is_open = n % 8 == 0
        pk = world.ids.take(LeadCase)
        cases.append(
            (pk, site_id, "with_statewide" if is_open else "declined", "Growing caseload.", 12, 40, world.area_coordinator[world.site_area[site_id]],
             requested, None, None if is_open else requested + 60 * DAY, 1)
        )  # fmt: skip
        steps.append(
            (
                world.ids.take(LeadStep),
                pk,
                "Requested",
                "requested",
                "with_statewide",
                requested,
                "",
                coordinator,
                world.at(requested),
            )
        )
        for kind in ("family_support_supervision", "parent_partner_supervision"):
            certifications.append(
                (
                    world.ids.take(CoordinatorCertification),
                    coordinator,
                    kind,
                    world.start,
                    world.start + DAY,
                    "Certificate",
                    world.statewide,
                    world.now,
                )
            )
    fields = ["id", "site_id", "stage", "reason", "partner_count", "families_served", "requested_by_id", "requested_on"]
    world.done("lead cases", copy_rows(LeadCase, fields + ["recommended_id", "decided_on", "version"], cases))
    fields = ["id", "case_id", "action", "from_stage", "to_stage", "held_on", "notes", "recorded_by_id", "recorded_at"]
    world.done("lead case steps", copy_rows(LeadStep, fields, steps))
    fields = [
        "id",
        "coordinator_id",
        "kind",
        "completed_on",
        "verified_on",
        "evidence",
        "recorded_by_id",
        "recorded_at",
    ]
    world.done("coordinator certifications", copy_rows(CoordinatorCertification, fields, certifications))


def build_history(world: World):
    """A "created" history entry for every family and Parent Partner, as the application writes them."""
    count = 0
    for model, label in (
        (Family, "parent_first_name || ' ' || parent_last_name"),
        (ParentPartner, "first_name || ' ' || last_name"),
    ):
        content_type = ContentType.objects.get_for_model(model)
        site = "site_id"
        # Not injectable: `label` is one of the two constant expressions above, the table a model's own;
        # values go as params.
        sql = (
            "INSERT INTO parentpartner_historyentry"  # noqa: S608
            " (content_type_id, object_id, object_repr, action, changes, user_id, at)"
            f" SELECT %s, t.id::text, {label}, 'create', '{{}}'::jsonb,"  # nosec B608
            " (SELECT us.user_id FROM parentpartner_user_sites us JOIN parentpartner_user u ON u.id = us.user_id"
            f"  WHERE us.site_id = t.{site} AND u.role = 'site_coordinator' LIMIT 1),"
            f" t.created_at FROM {model._meta.db_table} t"
        )
        count += execute(sql, [content_type.pk])
    world.done("history entries", count)


def build_audits(world: World):
    """Each month's file review per site and file audit per area, through reporting.audits.draw."""
    from reporting.services import file_audits as audits

    made = 0
    month = first_of_month(world.today)
    months = []
    for _ in range(world.options.audit_months):
        month = first_of_month(month - DAY)
        months.append(month)
    users = {
        user.pk: user for user in User.objects.filter(role__in=[Role.SITE_COORDINATOR, Role.SERVICE_AREA_COORDINATOR])
    }
    drawers = [(users[world.coordinator[site]], site) for site in world.sites]
    drawers += [(users[world.area_coordinator[area]], None) for area in world.areas]
    from parentpartner.models import Site

    sites = Site.objects.in_bulk(world.sites)
    for month in months:
        for n, (user, site_id) in enumerate(drawers):
            try:
                audits.draw(
                    user,
                    month=month,
                    sample_size=3,
                    site=sites.get(site_id),
                    seed=world.options.seed + n + month.toordinal(),
                )
                made += 1
            except ValidationError:
                pass  # a site without families that month
    world.done("file audit draws", made)
    if months and next_month(months[0]) > first_of_month(world.today):
        raise RuntimeError("seed_scale: a file audit was drawn for a month that has not ended")
