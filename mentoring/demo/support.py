"""Demo data for community outreach, supervision, clinical support, pay and safety concerns, at the
Des Moines site (the demo coordinator's) and Ames (the demo clinician's other site).

Idempotent: nothing is added once an outreach form exists. It brings its own fictional families,
cases and approved activity forms (DHS numbers DEMO-SUP-*) so that its pages are full whatever the
rest of the mentoring demo holds. Steps of safety concerns go through mentoring.services.safety so
that their history is the real one.
"""

import datetime
from decimal import Decimal
from typing import Any

from mentoring.models import (
    ActivityForm,
    Assignment,
    Case,
    CaseStatus,
    ClinicalSupportFormat,
    ClinicalSupportSession,
    Contact,
    Family,
    FormStatus,
    OutreachActivity,
    OutreachForm,
    OutreachKind,
    PayRate,
    RateKind,
    SupervisionSession,
)
from mentoring.services import safety
from parentpartner import records
from parentpartner.dates import first_of_month, previous_month
from parentpartner.models import PartnerRole, PartnerStatus

DAY = datetime.timedelta(days=1)
MENTORS = (PartnerRole.IN_TRAINING_MENTORING, PartnerRole.PARENT_PARTNER, PartnerRole.LEAD)
# Invented parents (checked against the source documents).
PARENTS = [
    ("Tamsin", "Brightwater"),
    ("Delphine", "Coldbrook"),
    ("Rowan", "Fennimore"),
    ("Odessa", "Hollowell"),
    ("Perrin", "Kestrel"),
    ("Lucinda", "Marchetti"),
    ("Sable", "Northcott"),
    ("Wren", "Ravensworth"),
]


def load(demo: Any) -> None:
    _rates(demo)
    if OutreachForm.objects.exists():
        return
    today = demo.today
    coordinator, clinician = demo.users["coordinator"], demo.users["clinician"]
    login_partner = demo.users["parentpartner"].parent_partner
    des_moines, ames = demo.sites["Des Moines Parent Partners"], demo.sites["Ames Parent Partners"]
    mentors = [
        p
        for p in demo.partners
        if p.site_id in (des_moines.pk, ames.pk) and p.current_role in MENTORS and p.status == PartnerStatus.ACTIVE
    ]
    mentors.sort(key=lambda p: (p.pk != login_partner.pk, p.site_id != des_moines.pk, p.pk))
    assignments = _families(demo, mentors, coordinator)
    last_month = previous_month(first_of_month(today))
    _activity_forms(demo, assignments, last_month, coordinator)
    _outreach(demo, mentors, last_month, coordinator)
    _supervision(demo, assignments, coordinator, clinician, des_moines, ames)
    _safety(demo, assignments, coordinator, login_partner)


def _rates(demo):
    """Pay rates set by the statewide coordinator (R-ROLE-7): the hourly rate rises on the 15th of last
    month, so the pay page shows a change in the middle of the month it pays; mileage at this year's
    rate. Invented figures."""
    statewide = demo.users["statewide"]
    last_month = previous_month(first_of_month(demo.today))
    start = datetime.date(demo.today.year - 2, 1, 1)
    rates = [
        (RateKind.HOURLY, Decimal("15.00"), start, "Contract start"),
        (RateKind.HOURLY, Decimal("16.50"), last_month + 14 * DAY, "New contract year"),
        (RateKind.MILEAGE, Decimal("0.625"), start, "Contract start"),
        (RateKind.MILEAGE, Decimal("0.700"), datetime.date(demo.today.year, 1, 1), "This year's mileage rate"),
    ]
    for kind, amount, day, note in rates:
        if not PayRate.objects.filter(kind=kind, effective_from=day).exists():
            records.create(
                PayRate(kind=kind, effective_from=day, amount=amount, note=note, recorded_by=statewide), user=statewide
            )


def _families(demo, mentors, coordinator):
    """Eight families, each with a current assignment to one of the first mentors (two each)."""
    assignments = []
    for index, (first, last) in enumerate(PARENTS):
        partner = mentors[index % min(4, len(mentors))]
        family, _ = Family.objects.get_or_create(
            dhs_case_number=f"DEMO-SUP-{index + 1:03d}",
            defaults={
                "parent_first_name": first,
                "parent_last_name": last,
                "site": partner.site,
                "county": partner.county,
                "caseworker_name": "Alex Caseworker",
                "caseworker_phone": "515-555-0199",
                "needs": partner.lived_experience[:1],
            },
        )
        referred = demo.today - (90 + 10 * index) * DAY
        case = family.cases.exclude(status=CaseStatus.CLOSED).first() or Case.objects.create(
            family=family,
            referred_on=referred,
            referred_by="Alex Caseworker",
            consent_given=True,
            consent_on=referred,
            status=CaseStatus.ACTIVE,
            created_by=coordinator,
        )
        assignment = case.assignments.filter(ended_on__isnull=True).first() or Assignment.objects.create(
            case=case,
            parent_partner=partner,
            assigned_on=referred + 5 * DAY,
            assigned_by=coordinator,
            first_contact_due=referred + 7 * DAY,
            first_contact_on=referred + 6 * DAY,
            match_reasons="Shared lived experience",
        )
        if case.status != CaseStatus.ACTIVE:
            Case.objects.filter(pk=case.pk).update(status=CaseStatus.ACTIVE)
        assignments.append(assignment)
    return assignments


def _activity_forms(demo, assignments, month, coordinator):
    """Last month's monthly activity forms, approved but the last one (still submitted): pay reads them."""
    rng = demo.rng
    for index, assignment in enumerate(assignments):
        form, created = ActivityForm.objects.get_or_create(
            assignment=assignment, month=month, defaults={"created_by": coordinator}
        )
        if not created:
            continue
        for day in (3, 9, 15, 22):
            Contact.objects.create(
                form=form,
                contacted_on=month + (day - 1) * DAY,
                method="face_to_face" if day % 2 else "phone",
                activity="home_visit" if day % 2 else "encouragement",
                minutes=rng.choice([60, 90, 120, 150]),
                miles=Decimal(rng.randint(0, 30)),
            )
        approved = index < len(assignments) - 1
        ActivityForm.objects.filter(pk=form.pk).update(
            status=FormStatus.APPROVED if approved else FormStatus.SUBMITTED,
            submitted_at=demo_now(demo),
            submitted_by=coordinator,
            approved_at=demo_now(demo) if approved else None,
            approved_by=coordinator if approved else None,
            confirmed_no_prohibited_activity=approved,  # R-FAM-6
        )


def demo_now(demo):
    return datetime.datetime.combine(demo.today, datetime.time(12), tzinfo=datetime.UTC)


def _outreach(demo, mentors, last_month, coordinator):
    """Approved, submitted and draft community outreach forms."""
    lines = [
        (OutreachKind.COMMITTEE, "County child welfare committee", "2.00", "12.0"),
        (OutreachKind.SPEAKING, "Program awareness talk at a recovery center", "1.50", "8.5"),
        (OutreachKind.NEW_WORKER_ORIENTATION, "DHS new-worker orientation panel", "3.00", "20.0"),
        (OutreachKind.TRAINING_ATTENDED, "Mental Health training", "2.50", "15.0"),
        (OutreachKind.SUPERVISION, "Weekly supervision with the coordinator", "1.00", "6.0"),
        (OutreachKind.CLINICAL_SUPPORT, "Monthly group clinical support", "1.50", "6.0"),
        (OutreachKind.PROGRAM_MEETING, "Service area steering committee meeting", "2.00", "24.0"),
        (OutreachKind.TRAINING_GIVEN, "Co-trained a session for foster parents", "2.50", "15.0"),
    ]
    this_month = first_of_month(demo.today)
    plans = [
        (mentors[0], last_month, FormStatus.APPROVED),
        (mentors[1], last_month, FormStatus.APPROVED),
        (mentors[2], last_month, FormStatus.SUBMITTED),
        (mentors[0], this_month, FormStatus.DRAFT),
    ]
    for index, (partner, month, status) in enumerate(plans):
        form = OutreachForm.objects.create(parent_partner=partner, month=month, created_by=coordinator)
        chosen = lines if status == FormStatus.APPROVED else lines[index % 2 : index % 2 + 3]
        for offset, (kind, description, hours, miles) in enumerate(chosen[index % 2 :]):
            held_on = min(month + (2 + 3 * offset) * DAY, demo.today)
            OutreachActivity.objects.create(
                form=form, held_on=held_on, kind=kind, description=description, hours=hours, miles=miles
            )
        if status != FormStatus.DRAFT:
            OutreachForm.objects.filter(pk=form.pk).update(
                status=status,
                submitted_at=demo_now(demo),
                submitted_by=coordinator,
                approved_at=demo_now(demo) if status == FormStatus.APPROVED else None,
                approved_by=coordinator if status == FormStatus.APPROVED else None,
            )


def _supervision(demo, assignments, coordinator, clinician, des_moines, ames):
    """Weekly supervision for all but one mentor (flagged, R-SUP-1); monthly group clinical support at
    both sites, with one person left out (flagged, R-SUP-2)."""
    today = demo.today
    partners = list(dict.fromkeys(a.parent_partner for a in assignments))
    for index, partner in enumerate(partners):
        last = today - (2 + index) * DAY if index != len(partners) - 1 else today - 12 * DAY
        cases = [a.case for a in assignments if a.parent_partner_id == partner.pk]
        for week in range(6):
            entry, created = SupervisionSession.objects.get_or_create(
                parent_partner=partner,
                held_on=last - 7 * week * DAY,
                defaults={"coordinator": coordinator, "notes": "Reviewed case plans and upcoming court dates."},
            )
            if created:
                entry.cases.set(cases)
    for site in (des_moines, ames):
        attendees = [p for p in partners if p.site_id == site.pk]
        if site == des_moines and len(attendees) > 1:
            attendees = attendees[:-1]
        for months_ago in range(3):
            session = ClinicalSupportSession.objects.create(
                site=site,
                held_on=today - (5 + 30 * months_ago) * DAY,
                clinician=f"{clinician.first_name} {clinician.last_name}, LMSW",
                format=ClinicalSupportFormat.GROUP,
                recorded_by=clinician,
            )
            session.attendees.set(attendees)
    if partners:
        individual = ClinicalSupportSession.objects.create(
            site=partners[0].site,
            held_on=today - 40 * DAY,
            clinician=f"{clinician.first_name} {clinician.last_name}, LMSW",
            format=ClinicalSupportFormat.INDIVIDUAL,
            recorded_by=clinician,
        )
        individual.attendees.set([partners[0]])


def _safety(demo, assignments, coordinator, login_partner):
    """Concerns at every stage of protocol D; the open ones show on the coordinator's home page."""
    today = demo.today
    parent_partner_user = demo.users["parentpartner"]
    own = [a for a in assignments if a.parent_partner_id == login_partner.pk] or assignments[:1]

    def concern(assignment, user, days_ago, **facts):
        contact = Contact.objects.filter(form__assignment=assignment).first()
        return safety.raise_concern(
            user,
            case=assignment.case,
            parent_partner=assignment.parent_partner,
            contact=contact,
            known_on=today - days_ago * DAY,
            **facts,
        )

    done_referral = concern(
        assignments[2],
        coordinator,
        20,
        how_known="observed",
        kind="child_safety",
        description="Young child left alone in the apartment during the home visit.",
        child_present=True,
        imminent_danger=True,
    )
    safety.record_referral(done_referral, coordinator, made_on=today - 20 * DAY, reference="Intake 4471")
    self_reported = concern(
        assignments[3],
        coordinator,
        15,
        how_known="told",
        kind="substance_use",
        description="Told me about a relapse over the weekend; the children were with their foster family.",
        child_present=False,
        imminent_danger=False,
    )
    safety.confirm_self_report(self_reported, coordinator, reported_on=today - 13 * DAY)
    awaiting_coordinator = concern(
        assignments[1],
        coordinator,
        4,
        how_known="told",
        kind="case_plan",
        description="Has stopped attending the outpatient program required by the case plan.",
        child_present=False,
        imminent_danger=False,
    )
    safety.record_participant_told(awaiting_coordinator, coordinator, told_on=today - 3 * DAY)
    concern(
        own[0],
        parent_partner_user,
        1,
        how_known="observed",
        kind="substance_use",
        description="Smelled strongly of alcohol at the visit; the children are in kinship care.",
        child_present=False,
        imminent_danger=False,
    )
    concern(
        assignments[5],
        coordinator,
        0,
        how_known="observed",
        kind="child_safety",
        description="Unsecured medication within reach of a toddler during the visit.",
        child_present=True,
        imminent_danger=False,
    )
