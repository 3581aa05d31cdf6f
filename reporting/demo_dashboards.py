"""Demo data for the dashboards, outcomes and meetings, called from reporting.demo. Idempotent: nothing
is added once meetings exist. All names are invented.

- Families closed in each of the last 8 quarters with every outcome, so that the outcome trend
  (R-OUT-1) shows something; some reunified families with a re-entry into care within 12 months.
- Meetings (R-ORG-4, R-SUP-3): the demo service area's steering committee and liaison meetings up to
  date, the supervision of one coordinator overdue, other areas without meetings (overdue), and a
  statewide advisory committee held last spring.
"""

import datetime

from mentoring.models import Assignment, Case, CaseOutcome, CaseStatus, Child, Family, ReferralSource
from mentoring.services import cases as services
from parentpartner.models import PartnerRole, PartnerStatus, Role, User
from reporting.models_meetings import Meeting, MeetingKind, Reentry
from reporting.quarters import current_quarter

DAY = datetime.timedelta(days=1)
PARENTS = [
    ("Talia", "Brandvold"),
    ("Marcus", "Eikenberry"),
    ("Renee", "Sobieski"),
    ("Dwayne", "Hollister"),
    ("Celeste", "Moravec"),
    ("Trent", "Aldaco"),
    ("Yesenia", "Kowalczyk"),
    ("Brody", "Fairweather"),
]
# Outcomes of traditional cases, in turn: mostly reunified, some TPR and other plans.
TRADITIONAL_OUTCOMES = [
    CaseOutcome.REUNIFIED,
    CaseOutcome.REUNIFIED,
    CaseOutcome.TPR,
    CaseOutcome.REUNIFIED,
    CaseOutcome.OTHER_PERMANENCY,
    CaseOutcome.REUNIFIED,
    CaseOutcome.WITHDREW,
]


def load(demo):
    if Meeting.objects.exists():
        return
    _closed_families(demo)
    _meetings(demo)


def _mentors(demo):
    by_site = {}
    for partner in demo.partners:
        if partner.status == PartnerStatus.ACTIVE and partner.current_role in (
            PartnerRole.PARENT_PARTNER,
            PartnerRole.LEAD,
        ):
            by_site.setdefault(partner.site_id, []).append(partner)
    return by_site


def _closed_families(demo):
    """One to three families closed per quarter at each site that has mentors, over 8 quarters."""
    today, rng = demo.today, demo.rng
    coordinator = demo.users["coordinator"]
    mentors = _mentors(demo)
    sites = [site for site in demo.sites.values() if site.pk in mentors]
    index = 0
    for quarter in current_quarter(today).last(8):
        for site in [site for site in sites for _ in range(rng.randint(1, 3))]:
            first, last = PARENTS[index % len(PARENTS)]
            index += 1
            csc = index % 5 == 0
            closed_on = min(quarter.start + rng.randint(0, 85) * DAY, today - DAY)
            assigned_on = closed_on - rng.randint(60, 300) * DAY
            referred_on = assigned_on - rng.randint(1, 5) * DAY
            family = Family.objects.create(
                parent_first_name=first,
                parent_last_name=f"{last}-{index}",
                site=site,
                county=site.counties.order_by("name")[index % max(1, site.counties.count())],
                dhs_case_number=f"DHS-{260000 + index}",
                caseworker_name="Avery Caseworker",
                needs=["substance_abuse"] if index % 2 else ["mental_health"],
            )
            Child.objects.create(family=family, age=3 + index % 9, placement="in_home" if csc else "foster_care")
            case = Case.objects.create(
                family=family,
                source=ReferralSource.CHILD_SAFETY_CONFERENCE if csc else ReferralSource.TRADITIONAL,
                referred_on=referred_on,
                referred_by="Avery Caseworker",
                consent_given=True,
                consent_on=referred_on,
                status=CaseStatus.ACTIVE,
                created_by=coordinator,
            )
            partner = mentors[site.pk][index % len(mentors[site.pk])]
            Assignment.objects.create(
                case=case,
                parent_partner=partner,
                assigned_on=assigned_on,
                assigned_by=coordinator,
                first_contact_due=services.first_contact_due(assigned_on),
                first_contact_on=assigned_on + DAY,
            )
            if csc:
                outcome = CaseOutcome.PLACEMENT_AVOIDED if index % 3 else CaseOutcome.OTHER
            else:
                outcome = TRADITIONAL_OUTCOMES[index % len(TRADITIONAL_OUTCOMES)]
            services.close_case(case, user=coordinator, closed_by="mutual", outcome=outcome, on=closed_on)
            if outcome == CaseOutcome.REUNIFIED and index % 4 == 1 and closed_on + 40 * DAY < today:
                Reentry.objects.create(
                    family=family,
                    reentered_on=closed_on + rng.randint(20, 40) * DAY,
                    note="A child came back into foster care after a relapse.",
                    recorded_by=coordinator,
                )


def _meetings(demo):
    """The demo area's meetings kept up, except the supervision of its coordinator; the other areas'
    left unrecorded, so that the dashboards show overdue meetings."""
    today = demo.today
    sac = demo.users["areacoordinator"]
    statewide = demo.users["statewide"]
    liaison = demo.users["liaison"]
    coordinator = demo.users["coordinator"]
    area = sac.service_area
    for weeks_ago in (2, 15, 28):
        steering = Meeting.objects.create(
            kind=MeetingKind.STEERING_COMMITTEE,
            held_on=today - weeks_ago * 7 * DAY,
            service_area=area,
            other_attendees="Pastor Lena Dietrich (community member), Judge's clerk Omar Faizi",
            notes="Referrals from the juvenile court; the Child Safety Conference pilot's first months.",
            recorded_by=sac,
        )
        steering.attendees.set([sac, liaison, coordinator])
    for days_ago in (12, 40, 70):
        meeting = Meeting.objects.create(
            kind=MeetingKind.LIAISON_MEETING,
            held_on=today - days_ago * DAY,
            service_area=area,
            notes="Referral numbers, caseworker feedback, two families waiting for a Parent Partner.",
            recorded_by=sac,
        )
        meeting.attendees.set([sac, liaison])
    supervision = Meeting.objects.create(
        kind=MeetingKind.COORDINATOR_SUPERVISION,
        held_on=today - 23 * DAY,
        service_area=area,
        coordinator=coordinator,
        notes="Caseloads, monthly forms missing at one site, training plan for the new Parent Partners.",
        recorded_by=sac,
    )
    supervision.attendees.set([sac, coordinator])
    other = User.objects.filter(role=Role.SITE_COORDINATOR).exclude(pk=coordinator.pk).first()
    if other is not None and other.sites.exists():
        Meeting.objects.create(
            kind=MeetingKind.COORDINATOR_SUPERVISION,
            held_on=today - 5 * DAY,
            service_area=other.sites.first().service_area,
            coordinator=other,
            notes="Covered by the statewide coordinator while the area's coordinator post is open.",
            recorded_by=statewide,
        ).attendees.set([statewide, other])
    advisory = Meeting.objects.create(
        kind=MeetingKind.ADVISORY_COMMITTEE,
        held_on=today - 150 * DAY,
        other_attendees="Parent Partners from each program: Dana Ruiz, Lee Whitcomb, Toni Abernathy",
        notes="Program fidelity review; recruiting Parent Partners in rural counties.",
        recorded_by=statewide,
    )
    advisory.attendees.set([statewide, sac, liaison, coordinator])
