"""Training demo data: trainers at every standing, BABF and other sessions, and people at every stage
of the checklist, some overdue. Idempotent: nothing is added once trainers exist."""

import datetime
from typing import Any

from parentpartner import demo as core_demo
from parentpartner.models import ParentPartner, PartnerRole
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
    TrainTheTrainerAttendance,
)

DAY = datetime.timedelta(days=1)


def load(demo: Any) -> None:
    if Trainer.objects.exists():
        return
    statewide, contract_manager = demo.users["statewide"], demo.users["contractmanager"]
    coordinator = demo.users["coordinator"]
    today, rng = demo.today, demo.rng
    veterans = [p for p in demo.partners if p.current_role in (PartnerRole.PARENT_PARTNER, PartnerRole.LEAD)]

    def trainer(kind, approvals, partner=None, name="", organisation="", coach=False):
        t = Trainer.objects.create(
            kind=kind,
            parent_partner=partner,
            name=name,
            organisation=organisation,
            observed_babf_on=today - 200 * DAY,
            willing_to_coach=coach,
        )
        for kind_, days_ago in approvals:
            approver = contract_manager if kind_ == TrainerApproval.Kind.PRIOR_CONTRACT_MANAGER else statewide
            TrainerApproval.objects.create(
                trainer=t, kind=kind_, approved_on=today - days_ago * DAY, approved_by=approver
            )
        TrainTheTrainerAttendance.objects.create(trainer=t, attended_on=today - rng.randint(30, 300) * DAY)
        return t

    K = TrainerApproval.Kind
    full = [(K.PRIOR_STATEWIDE, 1500), (K.PRIOR_CONTRACT_MANAGER, 1490), (K.TRAINER, 1200)]
    master_pp = trainer(TrainerKind.PARENT_PARTNER, [*full, (K.MASTER_TRAINER, 600)], partner=veterans[0], coach=True)
    master_pro = trainer(
        TrainerKind.PROFESSIONAL,
        [*full, (K.MASTER_TRAINER, 700)],
        name="Dr. Wilhelmina Harrow",
        organisation="Polk County Family Services",
        coach=True,
    )
    approved_pp = trainer(TrainerKind.PARENT_PARTNER, full, partner=veterans[1])
    approved_pro = trainer(TrainerKind.PROFESSIONAL, full, name="Theo Brandvold", organisation="Child Welfare Partners")
    applicant = trainer(
        TrainerKind.PARENT_PARTNER, [(K.PRIOR_STATEWIDE, 90), (K.PRIOR_CONTRACT_MANAGER, 80)], partner=veterans[2]
    )

    trainings = {t.number: t for t in Training.objects.all()}
    sessions = {}
    for index, site in enumerate(demo.sites.values()):
        pair = (master_pp, approved_pro) if index % 2 else (approved_pp, master_pro)
        for number, training in trainings.items():
            held_on = today - rng.randint(20, 900) * DAY
            session = TrainingSession.objects.create(
                training=training,
                site=site,
                held_on=held_on,
                hours=6 if training.co_trainers_required else 2.5,
                format=SessionFormat.GROUP,
                location=f"{site.name} office",
                trainer_names="" if training.co_trainers_required else "Program training staff",
                parent_partner_trainer=pair[0] if training.co_trainers_required else None,
                professional_trainer=pair[1] if training.co_trainers_required else None,
                follows_state_curriculum=training.co_trainers_required,
                co_trainers_evaluated_satisfactory=True if training.co_trainers_required else None,
                average_rating=rng.choice([3.8, 4.2, 4.5, 4.7]) if training.co_trainers_required else None,
                created_by=coordinator,
            )
            sessions[(site.pk, number)] = session

    # The applicant has co-trained two BABFs with a Master Trainer, who evaluated them satisfactory:
    # ready for the statewide coordinator to approve (R-TRN-4).
    site = demo.sites["Des Moines Parent Partners"]
    for days_ago in (60, 20):
        TrainingSession.objects.create(
            training=trainings[1],
            site=site,
            held_on=today - days_ago * DAY,
            hours=6,
            format=SessionFormat.GROUP,
            location="Des Moines office",
            parent_partner_trainer=approved_pp,
            professional_trainer=master_pro,
            follows_state_curriculum=True,
            co_trainers_evaluated_satisfactory=True,
            average_rating=4.4,
            trainee=applicant,
            trainee_evaluated_satisfactory=True,
            created_by=coordinator,
        )

    items = list(ShadowingItem.objects.all())
    for index, partner in enumerate(demo.partners):
        role = partner.current_role
        if role == PartnerRole.IN_TRAINING:
            numbers = list(range(1, 1 + index % 7))  # somewhere in the first six
        elif role == PartnerRole.IN_TRAINING_MENTORING:
            numbers = list(range(1, 7)) + list(range(7, 7 + index % 5))  # some first-year ones missing
        else:
            numbers = list(range(1, 12))
        for number in numbers:
            session = sessions[(partner.site_id, number)]
            TrainingCompletion.objects.get_or_create(
                parent_partner=partner,
                training=trainings[number],
                defaults={"completed_on": session.held_on, "session": session, "recorded_by": coordinator},
            )
        shadowed = items if role in (PartnerRole.PARENT_PARTNER, PartnerRole.LEAD) else items[: index % 4]
        for item in shadowed:
            veteran = next(v for v in veterans if v.pk != partner.pk)
            if item.always_required or index % 2:
                ShadowingRecord.objects.get_or_create(
                    parent_partner=partner,
                    item=item,
                    defaults={
                        "shadowed_on": today - rng.randint(200, 800) * DAY,
                        "veteran": veteran,
                        "recorded_by": coordinator,
                    },
                )
            else:
                ShadowingRecord.objects.get_or_create(
                    parent_partner=partner,
                    item=item,
                    defaults={
                        "outcome": ShadowingRecord.Outcome.NOT_APPLICABLE,
                        "notes": "No such court in the county",
                        "recorded_by": coordinator,
                    },
                )


def make_ready_for_approval(partner: ParentPartner, veteran: ParentPartner, demo: Any) -> bool:
    """A demo candidate's eleven trainings and shadowing, for parentpartner.demo (R-TRN-1, R-ROLE-4)."""
    coordinator = demo.users["coordinator"]
    day = demo.today - datetime.timedelta(days=30)
    for training in Training.objects.filter(is_active=True).exclude(completions__parent_partner=partner):
        TrainingCompletion.objects.create(
            parent_partner=partner,
            training=training,
            completed_on=day,
            hours=training.minimum_hours or 3,
            evidence="Outside provider certificate",
            recorded_by=coordinator,
        )
    for item in ShadowingItem.objects.exclude(records__parent_partner=partner):
        ShadowingRecord.objects.create(
            parent_partner=partner, item=item, shadowed_on=day, veteran=veteran, recorded_by=coordinator
        )
    return True


if make_ready_for_approval not in core_demo.READY_STEPS:
    core_demo.READY_STEPS.append(make_ready_for_approval)
