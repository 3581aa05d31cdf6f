"""Data for the quarterly report tests (R-SUP-5): one "unit" of records around the quarter 2025-Q3
(1 July - 30 September 2025) at a site, with rows just outside the quarter that must not count.

UNIT is what one unit adds to each figure, counted by hand from the rows below (independently of
reporting.quarterly). The tests put 1 unit at site a1, 2 at a2 and 3 at b1, so a site, an area and
the state each have their own expected numbers: 1x, 3x and 6x.
"""

import datetime
from decimal import Decimal

from mentoring.models import CaseStatus, SafetyStatus
from parentpartner.models import PartnerRole
from reporting.services.quarters import Quarter
from tests.factories import (
    ActivityFormFactory,
    AssignmentFactory,
    CaseFactory,
    ClinicalSupportSessionFactory,
    ContactFactory,
    OutreachActivityFactory,
    OutreachFormFactory,
    ParentPartnerFactory,
    ReviewCaseFactory,
    RoleAssignmentFactory,
    SafetyConcernFactory,
    SupervisionSessionFactory,
    TrainingCompletionFactory,
    UserFactory,
    training,
)

QUARTER = Quarter(2025, 3)
D = datetime.date
JUL, AUG, SEP, JUN, OCT = D(2025, 7, 1), D(2025, 8, 1), D(2025, 9, 1), D(2025, 6, 1), D(2025, 10, 1)

UNIT = {
    # Parent Partners by role: X (in training, then mentoring from 1 August), Y (joined 1 September),
    # Z (accepted into mentoring in 2024, no first-year training: overdue), W (ended on 10 September).
    "role_start_ppit": 1,
    "role_start_ppit_mentoring": 1,
    "role_start_pp": 1,
    "role_start_lead": 0,
    "role_start_all": 3,
    "role_end_ppit": 1,
    "role_end_ppit_mentoring": 2,
    "role_end_pp": 0,
    "role_end_all": 3,
    "role_joined": 1,
    "role_change_ppit_mentoring": 1,
    "role_change_pp": 0,
    "role_left": 1,
    # Families: case 1 (referred 10 July, assigned 11 July, closed 20 September, reunified), case 2
    # (referred and assigned 30 June, still open), case 3 (referred 1 October), case 4 (CSC, referred
    # 5 August, awaiting assignment), case 5 (closed 30 June).
    "referred": 2,
    "referred_csc": 1,
    "assigned": 1,
    "served": 2,
    "closed": 1,
    "closed_reunified": 1,
    "closed_tpr": 0,
    "csc_open": 1,
    "csc_served": 0,
    "assignments_made": 1,
    "first_contact_on_time": 1,
    "first_contact_late": 0,
    # Contacts: two in July on case 1, one on 30 June and one on 1 October on case 2.
    "contacts": 2,
    "method_phone": 1,
    "method_face_to_face": 1,
    "activity_court": 1,
    "activity_home_visit": 1,
    "contact_hours": Decimal("2.50"),
    "contact_miles": Decimal("15.0"),
    "outreach_activities": 1,
    "outreach_hours": Decimal("2.00"),
    "outreach_miles": Decimal("5.0"),
    # Forms: cases 1 and 2 were active in July, August and September. Case 1: July approved, August
    # submitted, September draft; case 2: July approved (and June, October outside).
    "forms_expected": 6,
    "forms_submitted": 3,
    "forms_approved": 2,
    "forms_missing": 3,
    # Training: Z completed BABF on 15 July (and Mandatory Reporter on 30 June, outside).
    "trainings_completed": 1,
    "trainings_completed_people": 1,
    "trainings_overdue": 1,
    # Support: case 1's Parent Partner supervised every week and at clinical support every month;
    # case 2's supervised once, never at clinical support.
    "serving_partners": 2,
    "supervised_weekly": 1,
    "unsupervised": 0,
    "clinical_monthly": 1,
    "no_clinical": 1,
    # Safety: referral path known 20 July (open), self-report known 1 August (closed 3 August), one
    # known 29 June still open.
    "concerns_raised": 2,
    "concerns_referral": 1,
    "concerns_self_report": 1,
    "concerns_coordinator": 0,
    "concerns_open_end": 2,
    "concerns_open_now": 1,
    # Review cases: opened 5 July and closed 1 September (resolved); opened 1 June, open; opened 2 October.
    "reviews_opened": 1,
    "reviews_closed": 1,
    "reviews_closed_resolved": 1,
    "reviews_open_end": 1,
}


def role_rows(site):
    x = ParentPartnerFactory(site=site, current_role=PartnerRole.IN_TRAINING_MENTORING, role_history=False)
    RoleAssignmentFactory(parent_partner=x, role=PartnerRole.IN_TRAINING, started_on=D(2025, 1, 1), ended_on=AUG)
    RoleAssignmentFactory(parent_partner=x, role=PartnerRole.IN_TRAINING_MENTORING, started_on=AUG)
    y = ParentPartnerFactory(site=site, current_role=PartnerRole.IN_TRAINING, role_history=False)
    RoleAssignmentFactory(parent_partner=y, role=PartnerRole.IN_TRAINING, started_on=SEP)
    z = ParentPartnerFactory(site=site, current_role=PartnerRole.IN_TRAINING_MENTORING, role_history=False)
    RoleAssignmentFactory(parent_partner=z, role=PartnerRole.IN_TRAINING_MENTORING, started_on=D(2024, 3, 1))
    TrainingCompletionFactory(parent_partner=z, training=training(1), completed_on=D(2025, 7, 15))
    TrainingCompletionFactory(parent_partner=z, training=training(2), completed_on=D(2025, 6, 30))
    w = ParentPartnerFactory(site=site, current_role=PartnerRole.PARENT_PARTNER, role_history=False, status="inactive")
    RoleAssignmentFactory(
        parent_partner=w, role=PartnerRole.PARENT_PARTNER, started_on=D(2024, 1, 1), ended_on=D(2025, 9, 10)
    )
    return x, y, z


def unit(site, month_of_audit=None):
    """One unit of records at `site`."""
    x, y, z = role_rows(site)
    family = {"family__site": site}
    # Case 1.
    case1 = CaseFactory(
        **family,
        referred_on=D(2025, 7, 10),
        status=CaseStatus.CLOSED,
        closed_on=D(2025, 9, 20),
        closed_by="mutual",
        outcome="reunified",
    )
    a1 = AssignmentFactory(
        case=case1,
        assigned_on=D(2025, 7, 11),
        first_contact_due=D(2025, 7, 15),
        first_contact_on=D(2025, 7, 14),
        ended_on=D(2025, 9, 20),
        end_reason="case_closed",
    )
    # Case 2: assigned before the quarter, first contact late (not counted: made before the quarter).
    a2 = AssignmentFactory(
        case__family__site=site,
        case__referred_on=D(2025, 6, 30),
        assigned_on=D(2025, 6, 30),
        first_contact_due=D(2025, 7, 2),
        first_contact_on=D(2025, 7, 5),
    )
    # Case 3: after the quarter.
    AssignmentFactory(case__family__site=site, case__referred_on=OCT, assigned_on=OCT)
    # Case 4: a Child Safety Conference referral awaiting assignment.
    CaseFactory(**family, source="csc", referred_on=D(2025, 8, 5))
    # Case 5: closed the day before the quarter.
    case5 = CaseFactory(
        **family,
        referred_on=D(2025, 5, 1),
        status=CaseStatus.CLOSED,
        closed_on=D(2025, 6, 30),
        closed_by="participant",
        outcome="tpr",
    )
    AssignmentFactory(case=case5, assigned_on=D(2025, 5, 2), ended_on=D(2025, 6, 30), end_reason="case_closed")

    # Monthly forms and contacts.
    july = ActivityFormFactory(assignment=a1, month=JUL, status="approved")
    ActivityFormFactory(assignment=a1, month=AUG, status="submitted")
    ActivityFormFactory(assignment=a1, month=SEP, status="draft")
    ActivityFormFactory(assignment=a2, month=JUL, status="approved")
    june = ActivityFormFactory(assignment=a2, month=JUN, status="approved")
    october = ActivityFormFactory(assignment=a2, month=OCT, status="approved")
    # On the 12th: a contact falls inside its assignment (assigned on the 11th, R-FAM-7).
    ContactFactory(form=july, contacted_on=D(2025, 7, 12), method="phone", activity="court", minutes=60, miles=10)
    ContactFactory(
        form=july, contacted_on=D(2025, 7, 20), method="face_to_face", activity="home_visit", minutes=90, miles=5
    )
    ContactFactory(form=june, contacted_on=D(2025, 6, 30), minutes=120, miles=40)
    ContactFactory(form=october, contacted_on=OCT, minutes=120, miles=40)
    outreach = OutreachFormFactory(parent_partner=a1.parent_partner, month=JUL, status="approved")
    OutreachActivityFactory(form=outreach, held_on=D(2025, 7, 10), hours=2, miles=5)
    OutreachActivityFactory(
        form=OutreachFormFactory(parent_partner=a1.parent_partner, month=JUN), held_on=D(2025, 6, 30), hours=3, miles=9
    )

    # Supervision: every Tuesday of the quarter's weeks (7 July - 30 September) for case 1's partner.
    day = D(2025, 7, 8)
    while day <= D(2025, 9, 30):
        SupervisionSessionFactory(parent_partner=a1.parent_partner, held_on=day)
        day += datetime.timedelta(days=7)
    SupervisionSessionFactory(parent_partner=a2.parent_partner, held_on=D(2025, 8, 12))
    for month in (JUL, AUG, SEP):
        ClinicalSupportSessionFactory(
            site=site, held_on=month + datetime.timedelta(days=9), attendees=[a1.parent_partner]
        )

    # Safety concerns.
    SafetyConcernFactory(case=case1, parent_partner=a1.parent_partner, known_on=D(2025, 7, 20), child_present=True)
    coordinator = UserFactory(role="site_coordinator", sites=[site])
    SafetyConcernFactory(
        case=a2.case,
        parent_partner=a2.parent_partner,
        known_on=D(2025, 8, 1),
        status=SafetyStatus.CASEWORKER_INFORMED,
        caseworker_informed_by="participant",
        caseworker_informed_on=D(2025, 8, 3),
        caseworker_informed_recorded_by=coordinator,
        closed_at=datetime.datetime(2025, 8, 3, 15, tzinfo=datetime.UTC),
    )
    SafetyConcernFactory(case=a2.case, parent_partner=a2.parent_partner, known_on=D(2025, 6, 29))

    # Eligibility review cases.
    ReviewCaseFactory(
        parent_partner=x, opened_on=D(2025, 7, 5), step="closed", outcome="resolved", closed_on=D(2025, 9, 1)
    )
    ReviewCaseFactory(parent_partner=y, opened_on=D(2025, 6, 1))
    ReviewCaseFactory(parent_partner=z, opened_on=D(2025, 10, 2))
    return a1, a2


def build(world):
    """1 unit at a1, 2 at a2, 3 at b1."""
    for site, count in ((world.site_a1, 1), (world.site_a2, 2), (world.site_b1, 3)):
        for _ in range(count):
            unit(site)


def expected(multiplier):
    return {key: value * multiplier for key, value in UNIT.items()}
