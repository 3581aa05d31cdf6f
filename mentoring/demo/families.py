"""Mentoring demo data: families at every stage (awaiting a Parent Partner, active with months of
forms in every state, an overdue first contact, a reassignment, a closed case, Child Safety
Conference families), and a Parent Partner found disqualified with a family to reassign. Idempotent:
nothing is added once families exist. All names are invented."""

import datetime
from decimal import Decimal
from typing import Any

from eligibility import services as eligibility
from eligibility.models import EligibilityRecord, ReviewCase
from mentoring.models import (
    ActivityForm,
    Assignment,
    Case,
    CaseStatus,
    Child,
    Contact,
    ContactActivity,
    ContactMethod,
    Family,
    FormStatus,
)
from mentoring.services import activity_forms, cases
from parentpartner.dates import first_of_month, next_month, previous_month
from parentpartner.models import ParentPartner, PartnerRole, PartnerStatus

DAY = datetime.timedelta(days=1)
PARENTS = [
    ("Jessa", "Marchetti"),
    ("Tyrell", "Okafor"),
    ("Brianna", "Lindgren"),
    ("Desiree", "Vasquez-Holt"),
    ("Kayla", "Brennaman"),
    ("Ramon", "Achterberg"),
    ("Shawna", "Pettibone"),
    ("Lydia", "Osterhout"),
    ("Mariah", "Quintanilla"),
    ("Corey", "Wendorf"),
    ("Alexis", "Thibodeaux"),
    ("Nikki", "Van Oort"),
]
NEEDS = [
    ["substance_abuse"],
    ["domestic_violence", "mental_health"],
    ["tpr"],
    ["mental_health"],
    ["substance_abuse", "domestic_violence"],
    ["noncustodial"],
]


def load(demo: Any) -> None:
    if Family.objects.exists():
        return
    today, rng = demo.today, demo.rng
    coordinator = demo.users["coordinator"]
    mentors_by_site: dict[int, list[ParentPartner]] = {}
    for partner in demo.partners:
        if (
            partner.current_role in (PartnerRole.PARENT_PARTNER, PartnerRole.LEAD)
            and partner.status == PartnerStatus.ACTIVE
        ):
            mentors_by_site.setdefault(partner.site_id, []).append(partner)
    index = 0
    for site_number, site in enumerate(demo.sites.values()):
        # A site without its own approved Parent Partner borrows from its service area.
        mentors = mentors_by_site.get(site.pk) or [
            p
            for p in demo.partners
            if p.site.service_area_id == site.service_area_id
            and p.site_id in mentors_by_site
            and p in mentors_by_site[p.site_id]
        ]
        for slot in range(4):
            first, last = PARENTS[index % len(PARENTS)]
            index += 1
            family = Family.objects.create(
                parent_first_name=first,
                parent_last_name=f"{last}" if index <= len(PARENTS) else f"{last}-{index}",
                site=site,
                county=site.counties.first(),
                dhs_case_number=f"DHS-{240000 + index}",
                caseworker_name="Jordan Caseworker",
                caseworker_phone="515-555-0177",
                needs=NEEDS[index % len(NEEDS)],
                noncustodial_parent=index % 5 == 0,
                language="es" if index % 7 == 0 else "en",
            )
            csc = slot == 3 and index % 2 == 0
            for age in (2, 7)[: 1 + index % 2]:
                Child.objects.create(family=family, age=age, placement="in_home" if csc else "foster_care")
            referred = today - rng.randint(20, 240) * DAY
            case = Case.objects.create(
                family=family,
                source="csc" if csc else "traditional",
                referred_on=referred,
                referred_by="Jordan Caseworker",
                consent_given=True,
                consent_on=referred,
                created_by=coordinator,
            )
            if slot == 0 or not mentors:
                continue  # awaiting a Parent Partner
            mentor = mentors[(index + slot) % len(mentors)]
            assigned_on = referred + 3 * DAY
            assignment = Assignment.objects.create(
                case=case,
                parent_partner=mentor,
                assigned_on=assigned_on,
                assigned_by=coordinator,
                first_contact_due=cases.first_contact_due(assigned_on),
                match_reasons="Shared experience",
            )
            case.status = CaseStatus.ACTIVE
            case.save()
            if slot == 1 and assigned_on > today - 10 * DAY:
                continue  # a recent assignment whose first contact is not made yet
            closes = slot == 2 and site_number % 2 == 0
            # A case that closes has no contact after its closing day (R-FAM-7).
            until = today - 5 * DAY if closes else today
            _forms(assignment, today, rng, coordinator, missing_last_month=index % 3 == 0, until=until)
            cases.sync_first_contact(assignment)
            if closes:
                cases.close_case(case, user=coordinator, closed_by="mutual", outcome="reunified", on=today - 5 * DAY)


def disqualified_with_a_family(demo: Any) -> None:
    """R-ELIG-2, R-REV-4: one Des Moines Parent Partner with a family is found disqualified after the
    assignment: the door ends their role and the family tops the worklist as an urgent reassignment."""
    login = demo.users.get("parentpartner")
    assigned = (
        Assignment.objects.filter(
            ended_on__isnull=True,
            parent_partner__status=PartnerStatus.ACTIVE,
            case__family__site__name="Des Moines Parent Partners",
        )
        .exclude(parent_partner_id=getattr(login, "parent_partner_id", None))
        .exclude(parent_partner__in=ReviewCase.objects.values("parent_partner"))
        .select_related("parent_partner")
        .order_by("pk")
        .first()
    )
    if assigned is None:
        return
    partner, coordinator = assigned.parent_partner, demo.users["coordinator"]
    record = EligibilityRecord.objects.filter(parent_partner=partner).first() or eligibility.start_screening(
        EligibilityRecord(parent_partner=partner), user=coordinator
    )
    eligibility.record_disqualifier(
        record,
        user=coordinator,
        kind="founded_sexual_abuse",
        evidence="A founded report received from DHS this week.",
        found_on=demo.today - datetime.timedelta(days=2),
    )


def _forms(assignment, today, rng, coordinator, missing_last_month, until):
    month = first_of_month(assignment.assigned_on)
    this_month = first_of_month(today)
    last_month = previous_month(today)
    contacts = []
    while month <= this_month:
        if month == last_month and missing_last_month:
            month = next_month(month)
            continue
        if month == this_month:
            status = FormStatus.DRAFT
        elif month == last_month:
            status = FormStatus.SUBMITTED
        else:
            status = FormStatus.APPROVED
        form = ActivityForm.objects.create(
            assignment=assignment,
            month=month,
            status=status,
            created_by=coordinator,
            submitted_by=coordinator if status != FormStatus.DRAFT else None,
            approved_by=coordinator if status == FormStatus.APPROVED else None,
            confirmed_no_prohibited_activity=status == FormStatus.APPROVED,  # R-FAM-6
        )
        last_day = min(until, next_month(month) - DAY)
        first_day = max(month, assignment.assigned_on + DAY)
        span = (last_day - first_day).days
        for _ in range(rng.randint(3, 7) if span >= 0 else 0):
            contacts.append(
                Contact(
                    form=form,
                    contacted_on=first_day + rng.randint(0, span) * DAY,
                    method=rng.choice(ContactMethod.values),
                    activity=rng.choice(ContactActivity.values),
                    minutes=rng.choice([30, 45, 60, 90, 120, 150]),
                    miles=Decimal(rng.choice([0, 4, 12, 18, 26])),
                    note="",
                )
            )
        month = next_month(month)
    activity_forms.check_lines(contacts)  # R-FAM-7: the same date check as the page's lines
    Contact.objects.bulk_create(contacts)
