"""Demo data of the outcomes (R-OUT-1): families closed in each of the last 8 quarters with every
outcome, so that the outcome trend shows something, and some reunified families with a re-entry into
care within 12 months. Called with the meetings' demo data, once. All names are invented."""

import datetime
from typing import Any

from mentoring.models import Assignment, Case, CaseOutcome, CaseStatus, Child, Family, ReferralSource
from mentoring.services import cases as services
from parentpartner.models import ParentPartner, PartnerRole, PartnerStatus
from reporting.models import Reentry
from reporting.services.quarters import current_quarter

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


def _mentors(demo: Any) -> dict[int, list[ParentPartner]]:
    by_site: dict[int, list[ParentPartner]] = {}
    for partner in demo.partners:
        if partner.status == PartnerStatus.ACTIVE and partner.current_role in (
            PartnerRole.PARENT_PARTNER,
            PartnerRole.LEAD,
        ):
            by_site.setdefault(partner.site_id, []).append(partner)
    return by_site


def load(demo: Any) -> None:
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
