"""Demo data for the quarterly report (R-SUP-5), at the demo coordinator's site (Des Moines): what the
rest of the demo leaves empty in the last complete quarter and the current one. Families referred,
assigned, served and closed inside the last quarter (one from a Child Safety Conference), their
approved monthly forms and contacts, a community outreach form, weekly supervision and monthly
clinical support through both quarters, safety concerns on both protocol D paths, eligibility review
cases, a Parent Partner who joined and changed role, and file audits of the quarter with a sign-off.

Idempotent: nothing is added once a family with a DEMO-QTR DHS number exists. All people are invented.
"""

import datetime
from typing import Any, cast

from django.utils import timezone

from eligibility.models import Outcome, ReviewCase, Step
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
    ReferralSource,
    SafetyConcern,
    SupervisionSession,
)
from mentoring.services import cases as services
from mentoring.services import safety
from parentpartner.dates import last_day
from parentpartner.models import ParentPartner, PartnerRole, PartnerStatus, PermanencyType, Site, User
from parentpartner.services import door
from reporting.models import FileAudit, FileAuditDraw
from reporting.services import file_audits as audits
from reporting.services.quarters import Quarter, last_complete_quarter

DAY = datetime.timedelta(days=1)
MENTORS = (PartnerRole.IN_TRAINING_MENTORING, PartnerRole.PARENT_PARTNER, PartnerRole.LEAD)
SEED = 20260930
# Invented parents (checked against the source documents).
FAMILIES = [
    ("Juniper", "Ashgrove", ReferralSource.TRADITIONAL),
    ("Marlow", "Quillfeather", ReferralSource.CHILD_SAFETY_CONFERENCE),
    ("Ellery", "Vantongeren", ReferralSource.TRADITIONAL),
]


def _noon(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def load(demo: Any) -> None:
    if Family.objects.filter(dhs_case_number__startswith="DEMO-QTR").exists():
        return
    today = demo.today
    quarter = last_complete_quarter(today)
    coordinator, sac, clinician = demo.users["coordinator"], demo.users["areacoordinator"], demo.users["clinician"]
    site = coordinator.sites.order_by("name").first()
    mentors = list(
        ParentPartner.objects.filter(site=site, current_role__in=MENTORS, status=PartnerStatus.ACTIVE).order_by("pk")
    )
    if site is None or len(mentors) < 2:
        return
    cases = [_family(n, site, mentors[n % len(mentors)], coordinator, quarter) for n in range(2)]
    if quarter.end + 3 * DAY <= today:
        # A family referred and assigned in the current quarter, still served.
        _family(2, site, mentors[-1], coordinator, quarter.next(), today=today)
    _concerns(cases, coordinator, quarter)
    services.close_case(
        cases[0].case, user=coordinator, closed_by="mutual", outcome="reunified", on=quarter.last_day - 3 * DAY
    )
    services.close_case(
        cases[1].case, user=coordinator, closed_by="mutual", outcome="placement_avoided", on=quarter.months[2] + 2 * DAY
    )
    _outreach(mentors[0], quarter, coordinator)
    _support(site, quarter, today, coordinator, clinician)
    _reviews(mentors, quarter, today, coordinator)
    _newcomer(site, quarter, today, coordinator)
    _audits(site, quarter, coordinator, sac)


def _family(
    index: int,
    site: Site,
    mentor: ParentPartner,
    coordinator: User,
    quarter: Quarter,
    today: datetime.date | None = None,
) -> Assignment:
    first, last, source = FAMILIES[index]
    county = site.counties.order_by("name").first()
    if county is None:  # the demo site (Des Moines) covers counties: parentpartner.demo.roster
        raise ValueError(f"The demo site {site} covers no county: parentpartner.demo.roster gives it its counties.")
    family = Family.objects.create(
        parent_first_name=first,
        parent_last_name=last,
        site=site,
        county=county,
        dhs_case_number=f"DEMO-QTR-{index + 1}",
        caseworker_name="Casey Morrow",
    )
    referred = quarter.start + (3 + 7 * index) * DAY if today is None else quarter.start + DAY
    case = Case.objects.create(
        family=family,
        source=source,
        referred_on=referred,
        referred_by="Casey Morrow",
        consent_given=True,
        consent_on=referred,
        status=CaseStatus.ACTIVE,
        created_by=coordinator,
    )
    assigned = referred + 2 * DAY
    due = services.first_contact_due(assigned)
    assignment = Assignment.objects.create(
        case=case,
        parent_partner=mentor,
        assigned_on=assigned,
        assigned_by=coordinator,
        first_contact_due=due,
        # The second family's first contact came late (R-FAM-3).
        first_contact_on=due if index != 1 else due + 2 * DAY,
    )
    months = quarter.months if index == 0 else quarter.months[:2]
    if today is not None:
        months = [month for month in quarter.months if (month + 32 * DAY).replace(day=1) <= today]
    for month in months:
        form = ActivityForm.objects.create(
            assignment=assignment,
            month=month,
            status=FormStatus.APPROVED,
            submitted_at=_noon(last_day(month)),
            submitted_by=coordinator,
            approved_at=_noon(last_day(month)),
            approved_by=coordinator,
            confirmed_no_prohibited_activity=True,  # R-FAM-6
            created_by=coordinator,
        )
        for week, (method, activity) in enumerate(
            [("face_to_face", "home_visit"), ("phone", "encouragement"), ("face_to_face", "court")]
        ):
            day = max(month, assigned) + (3 + 7 * week) * DAY
            Contact.objects.create(
                form=form, contacted_on=day, method=method, activity=activity, minutes=60 + 30 * week, miles=8 * week
            )
    return assignment


def _concerns(assignments: list[Assignment], coordinator: User, quarter: Quarter) -> None:
    """One concern on each protocol D path (R-SAFE-2, R-SAFE-3), both followed through in the quarter."""
    referral = safety.raise_concern(
        coordinator,
        case=assignments[0].case,
        parent_partner=assignments[0].parent_partner,
        known_on=quarter.start + 30 * DAY,
        how_known="observed",
        kind="child_safety",
        description="A toddler was left alone near an open stairwell during the visit.",
        child_present=True,
        imminent_danger=True,
    )
    safety.record_referral(referral, coordinator, made_on=quarter.start + 30 * DAY, reference="Intake 5120")
    told = safety.raise_concern(
        coordinator,
        case=assignments[1].case,
        parent_partner=assignments[1].parent_partner,
        known_on=quarter.start + 40 * DAY,
        how_known="told",
        kind="substance_use",
        description="Said they drank at a party; the children were with their grandmother.",
        child_present=False,
        imminent_danger=False,
    )
    safety.confirm_self_report(told, coordinator, reported_on=quarter.start + 42 * DAY)
    # The steps were recorded now; in the demo story they were taken on the dates above.
    SafetyConcern.objects.filter(pk=referral.pk).update(closed_at=_noon(quarter.start + 30 * DAY))
    SafetyConcern.objects.filter(pk=told.pk).update(closed_at=_noon(quarter.start + 42 * DAY))


def _outreach(mentor: ParentPartner, quarter: Quarter, coordinator: User) -> None:
    month = quarter.months[1]
    form = OutreachForm.objects.create(
        parent_partner=mentor,
        month=month,
        status=FormStatus.APPROVED,
        submitted_at=_noon(last_day(month)),
        submitted_by=coordinator,
        approved_at=_noon(last_day(month)),
        approved_by=coordinator,
        created_by=coordinator,
    )
    OutreachActivity.objects.create(
        form=form,
        held_on=month + 9 * DAY,
        kind=OutreachKind.COMMITTEE,
        description="County steering committee",
        hours="2.00",
        miles="14.0",
    )
    OutreachActivity.objects.create(
        form=form,
        held_on=month + 16 * DAY,
        kind=OutreachKind.SPEAKING,
        description="Talk at a family resource fair",
        hours="1.50",
        miles="6.0",
    )


def _support(site: Site, quarter: Quarter, today: datetime.date, coordinator: User, clinician: User) -> None:
    """Weekly supervision (R-SUP-1) for every Parent Partner serving at the site from the quarter's start to
    today, but one; a monthly group clinical support session (R-SUP-2) for all of them."""
    start = quarter.start
    serving = list(
        ParentPartner.objects.filter(site=site, assignments__assigned_on__lte=today, assignments__ended_on__isnull=True)
        .distinct()
        .order_by("pk")
    ) + list(ParentPartner.objects.filter(site=site, assignments__case__family__dhs_case_number__startswith="DEMO-QTR"))
    serving = list(dict.fromkeys(serving))
    tuesday = start + datetime.timedelta(days=(1 - start.weekday()) % 7)
    for partner in serving[:-1]:
        day = tuesday
        while day <= today:
            SupervisionSession.objects.get_or_create(
                parent_partner=partner,
                held_on=day,
                defaults={"coordinator": coordinator, "notes": "Weekly review of the Parent Partner's cases."},
            )
            day += 7 * DAY
    month = start
    while month <= today:
        held_on = month + 11 * DAY
        if held_on <= today:
            session = ClinicalSupportSession.objects.create(
                site=site,
                held_on=held_on,
                clinician=f"{clinician.first_name} {clinician.last_name}, LMSW",
                format=ClinicalSupportFormat.GROUP,
                recorded_by=clinician,
            )
            session.attendees.set(serving)
        month = (month + 32 * DAY).replace(day=1)


def _reviews(mentors: list[ParentPartner], quarter: Quarter, today: datetime.date, coordinator: User) -> None:
    """An eligibility review case opened and closed in the quarter (R-REV-4), one opened since."""
    free = [p for p in mentors if not p.review_cases.exists()]
    if not free:
        return
    ReviewCase.objects.create(
        parent_partner=free[0],
        partner_role=free[0].current_role,
        ground="performance",
        concern="Missed two court hearings with a family without notice.",
        wishes_to_continue=True,
        may_mentor_while_open=True,
        step=Step.CLOSED,
        outcome=Outcome.RESOLVED,
        opened_on=quarter.start + 20 * DAY,
        opened_by=coordinator,
        closed_on=quarter.start + 45 * DAY,
    )
    if len(free) > 1 and quarter.end + 5 * DAY <= today:
        ReviewCase.objects.create(
            parent_partner=free[1],
            partner_role=free[1].current_role,
            ground="criteria",
            concern="A report of renewed involvement with child welfare.",
            wishes_to_continue=True,
            may_mentor_while_open=False,
            opened_on=quarter.end + 5 * DAY,
            opened_by=coordinator,
        )


def _newcomer(site: Site, quarter: Quarter, today: datetime.date, coordinator: User) -> None:
    """A Parent Partner in Training who joined in the quarter and has since moved on to mentoring."""
    joined = quarter.start + 15 * DAY
    moved = min(quarter.end + 10 * DAY, today)
    door.record_from_paper(
        ParentPartner(
            first_name="Linnea",
            last_name="Thistlewood",
            site=site,
            county=site.counties.order_by("name").first(),
            permanency_type=PermanencyType.REUNIFIED,
            permanency_date=joined - 400 * DAY,
            languages=["en"],
            lived_experience=["substance_abuse"],
        ),
        user=coordinator,
        roles=[
            door.PaperRole(PartnerRole.IN_TRAINING, joined, moved),
            door.PaperRole(PartnerRole.IN_TRAINING_MENTORING, moved),
        ],
        notes="Recorded from the quarter's paper forms (demo)",
    )


def _audits(site: Site, quarter: Quarter, coordinator: User, sac: User) -> None:
    """The first month of the quarter: the site's file review, signed off with a corrective action, and
    the area's file audit (R-SUP-4)."""
    month = quarter.months[0]
    if FileAuditDraw.objects.filter(month=month).exists():
        return
    size = min(3, len(audits.population(month, site=site)))
    if size:
        made = audits.draw(coordinator, month=month, sample_size=size, site=site, seed=SEED)
        # The draw made `size` (at least one) checklists.
        first = cast(FileAudit, made.audits.order_by("position").first())
        audits.save_review(
            first,
            coordinator,
            values={
                "findings": "Forms and contacts in order; one supervision week not logged.",
                "corrective_actions": "Log every weekly supervision the same day.",
            },
            sign_off=True,
            version=first.version,
        )
    if sac.service_area_id and len(audits.population(month, area=sac.service_area)) >= 1:
        size = min(4, len(audits.population(month, area=sac.service_area)))
        audits.draw(sac, month=month, sample_size=size, seed=SEED)
