"""Demo data of role progression (R-ROLE-5, R-ROLE-6, R-ROLE-8), loaded by `parentpartner.demo.seed` after
the other apps. Idempotent: forms and cases are made only when none exist. Everything goes
through parentpartner.services.progression and parentpartner.services.lead, so signatures, steps and
history are the real ones."""

import datetime

from django.core.exceptions import ValidationError

from parentpartner.demo import DEMO_PASSWORD, READY_STEPS
from parentpartner.models import (
    ApprovalForm,
    CoordinatorCertification,
    LeadCase,
    LetterOfInterest,
    ParentPartner,
    PartnerRole,
)
from parentpartner.services import lead, progression

HOME_SITE = "Des Moines Parent Partners"
SECOND_SITE = "Council Bluffs Parent Partners"


def load(demo):
    users = demo.users
    signers = [None, None, users["statewide"], users["contractmanager"]]
    if not ApprovalForm.objects.exists():
        forms_at_every_step(demo, signers)
    if not LeadCase.objects.exists():
        lead_case_in_progress(demo)
    if not CoordinatorCertification.objects.exists():
        CoordinatorCertification.objects.create(
            coordinator=users["coordinator"],
            kind="family_support_supervision",
            completed_on=demo.today - datetime.timedelta(days=400),
            verified_on=demo.today - datetime.timedelta(days=380),
            evidence="Course certificate",
            recorded_by=users["statewide"],
        )


def forms_at_every_step(demo, signers):
    """One form per signing step (signatures recorded through the real path), plus a returned one.
    The candidate signs on paper, recorded by their coordinator, as demo candidates have no login."""
    coordinators = {HOME_SITE: demo.users["coordinator"], SECOND_SITE: demo.users["coordinator2"]}
    # Fresh from the database: the other apps' demo data paused some people and opened review cases.
    candidates = list(
        ParentPartner.objects.filter(
            site__name__in=coordinators, current_role=PartnerRole.IN_TRAINING_MENTORING, status="active"
        )
        .exclude(review_cases__isnull=False)
        .select_related("site")
        .order_by("pk")
    )
    password = DEMO_PASSWORD
    for steps, partner in zip([0, 1, 2, 3, 4, -1], candidates, strict=False):
        coordinator = coordinators[partner.site.name]
        veteran = next(
            p
            for p in sorted(demo.partners, key=lambda p: p.site_id != partner.site_id)
            if p.current_role in (PartnerRole.PARENT_PARTNER, PartnerRole.LEAD)
        )
        make_ready(partner, veteran, demo)
        form = progression.start_form(
            partner, user=coordinator, commits=True, notes="Trainings and shadowing verified."
        )
        if steps == -1:
            progression.return_form(form, user=coordinator, password=password, reason="Shadowing dates to check.")
            continue
        for index in range(steps):
            form.refresh_from_db()
            user = coordinator if index in (0, 1) else signers[index]
            try:
                progression.sign(
                    form, user=user, password=password, on_paper=index == 1, witness_note="Signed at the office."
                )
            except ValidationError:
                break  # the demo person does not meet every requirement: the form stays, listing them


def make_ready(partner, veteran, demo):
    """Complete a demo candidate's screening, trainings and shadowing, so that their form can be
    signed step by step. Rows are only added where missing (the other apps' demo data come first)."""
    for step in READY_STEPS:
        if step(partner, veteran, demo) is False:
            return


def lead_case_in_progress(demo):
    """A Lead case with letters received, waiting for the coordinator's recommendation."""
    users = demo.users
    site = demo.sites[HOME_SITE]
    figures = lead.site_figures(site)
    case = lead.open_case(
        site, user=users["coordinator"], reason="The site has grown; new Parent Partners need coaching.", **figures
    )
    step = {"held_on": demo.today, "notes": "Discussed."}
    lead.advance(case, "notify-statewide", user=users["areacoordinator"], result="done", **step)
    lead.advance(case, "ask-initial-approval", user=users["statewide"], result="done", **step)
    lead.advance(
        case, "initial-decision", user=users["contractmanager"], result="approved", password=DEMO_PASSWORD, **step
    )
    for partner in [p for p in demo.partners if p.site == site and p.current_role == PartnerRole.PARENT_PARTNER][:2]:
        if lead.letter_refusal(partner, demo.today) is None:
            lead.add_letter(
                LetterOfInterest(
                    case=case,
                    parent_partner=partner,
                    received_on=demo.today,
                    years_in_program=3,
                    qualifications="Mentored many families; co-leads the support group.",
                    education="Community college courses in human services.",
                    trainings_and_committees="All trainings; local steering committee.",
                ),
                user=users["coordinator"],
            )
