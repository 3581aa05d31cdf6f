"""Scale data, part two: families, their cases and assignments, the monthly activity forms and their
contacts (set-based SQL), safety concerns, supervision, clinical support and outreach."""

import datetime

from bench.copy import copy_m2m, copy_rows, execute
from bench.scale import LAST, World, pick_mentor
from mentoring.models import (
    ActivityForm,
    Assignment,
    Case,
    Child,
    ClinicalSupportSession,
    Contact,
    Family,
    OutreachActivity,
    OutreachForm,
    SafetyConcern,
    StateHoliday,
    SupervisionSession,
)
from mentoring.models.cases import CaseOutcome
from mentoring.services.workdays import add_working_days
from parentpartner.dates import first_of_month, next_month

DAY = datetime.timedelta(days=1)


def build_families(world: World):
    rng = world.rng
    families, children, cases, assignments = [], [], [], []
    world.family_site = {}
    world.holidays = set(StateHoliday.objects.values_list("date", flat=True))
    last_referral = world.today - datetime.timedelta(days=3)
    per_site = max(1, world.options.families // len(world.sites))
    for site_id in world.sites:
        coordinator = world.coordinator[site_id]
        for _ in range(per_site):
            family_id = world.ids.take(Family)
            world.family_site[family_id] = site_id
            referred = world.day_between(world.start, last_referral)
            first, last = world.name()
            families.append(
                (family_id, first, rng.choice(LAST) if rng.random() < 0.3 else last, site_id,
                 rng.choice(world.site_counties[site_id]), f"DHS-{family_id:07d}", "Casey Worker", "515-555-0110", "",
                 sorted(rng.sample(["substance_abuse", "mental_health", "domestic_violence", "homelessness"], rng.randint(1, 2))),
                 "en" if rng.random() < 0.9 else "es", rng.random() < 0.1, world.at(referred), 1)
            )  # fmt: skip
            for _ in range(rng.randint(1, 3)):
                children.append(
                    (
                        world.ids.take(Child),
                        family_id,
                        rng.randint(0, 17),
                        rng.choice(["in_home", "foster_care", "kinship_care"]),
                    )
                )
            day = referred
            while day < last_referral:
                day = _case(world, family_id, site_id, coordinator, day, cases, assignments)
                if day is None or rng.random() > 0.12:
                    break
                day += datetime.timedelta(days=rng.randint(60, 360))
    fields = [
        "id",
        "parent_first_name",
        "parent_last_name",
        "site_id",
        "county_id",
        "dhs_case_number",
        "caseworker_name",
    ]
    fields += [
        "caseworker_phone",
        "caseworker_email",
        "needs",
        "language",
        "noncustodial_parent",
        "created_at",
        "version",
    ]
    world.done("families", copy_rows(Family, fields, families))
    world.done("children", copy_rows(Child, ["id", "family_id", "age", "placement"], children))
    fields = ["id", "family_id", "source", "referred_on", "referred_by", "consent_given", "consent_on", "status"]
    fields += [
        "closed_on",
        "closed_by",
        "outcome",
        "closing_note",
        "reentry_on",
        "created_by_id",
        "created_at",
        "version",
    ]
    world.done("cases", copy_rows(Case, fields, cases))
    fields = ["id", "case_id", "parent_partner_id", "assigned_on", "assigned_by_id", "assigned_at", "match_reasons"]
    fields += ["first_contact_due", "first_contact_on", "ended_on", "end_reason", "end_note"]
    world.done("assignments", copy_rows(Assignment, fields, assignments))


def _case(world, family_id, site_id, coordinator, referred, cases, assignments):
    """One case from referral: assigned within days, mentored for months, closed unless still running.
    Returns the closing day (None while open)."""
    rng = world.rng
    case_id = world.ids.take(Case)
    source = "csc" if rng.random() < 0.2 else "traditional"
    closes = referred + datetime.timedelta(days=rng.randint(60, 330))
    closed = closes < world.today - DAY
    assigned = referred + datetime.timedelta(days=rng.randint(1, 10))
    status = "closed" if closed else ("active" if assigned < world.today else "awaiting")
    outcome = rng.choice([o.value for o in CaseOutcome if o != "placement_avoided"]) if closed else ""
    if closed and source == "csc":
        outcome = "placement_avoided"
    cases.append(
        (case_id, family_id, source, referred, "Casey Worker", True, referred, status, closes if closed else None,
         rng.choice(["mutual", "participant"]) if closed else "", outcome, "", None, coordinator, world.at(referred), 1)
    )  # fmt: skip
    if status == "awaiting":
        return None
    end = closes if closed else None
    day = min(assigned, closes - DAY)
    while True:
        partner, window_end = pick_mentor(world, site_id, day)
        seg_end, reason = end, "case_closed" if closed else ""
        if window_end is not None and (end is None or window_end < end) and window_end > day:
            seg_end, reason = window_end, "mentoring_stopped"
        elif rng.random() < 0.06 and (end or world.today) - day > datetime.timedelta(days=60):
            seg_end, reason = day + datetime.timedelta(days=rng.randint(20, 50)), "knows_family"
        due = add_working_days(day, 2, world.holidays)
        contact = (
            None
            if (seg_end is None and rng.random() < 0.01)
            else day + datetime.timedelta(days=rng.choice([1, 1, 2, 2, 3, 5]))
        )
        if contact is not None and seg_end is not None and contact > seg_end:
            contact = seg_end
        assignments.append(
            (world.ids.take(Assignment), case_id, partner.id, day, coordinator, world.at(day), "Shared experience", due,
             contact, seg_end, reason, "")
        )  # fmt: skip
        if seg_end is None or seg_end == end:
            return end
        day = seg_end


def build_forms_and_contacts(world: World):
    """A form for every month of every assignment (up to the current month) and 4-12 contacts in each,
    dated inside both the month and the assignment. Older months approved; last month partly waiting
    for review; this month in draft."""
    this_month = first_of_month(world.today)
    last_month = first_of_month(this_month - DAY)
    execute("SELECT setseed(%s)", [world.options.seed / 10**6])
    count = execute(
        """
        INSERT INTO mentoring_activityform (month, status, return_comment, correction_reason, submitted_at,
            submitted_by_id, approved_at, approved_by_id, created_by_id, created_at, version, assignment_id,
            confirmed_no_prohibited_activity)
        SELECT m.month,
               CASE WHEN m.month = %(this)s THEN 'draft'
                    WHEN m.month = %(last)s AND random() < 0.4 THEN 'submitted' ELSE 'approved' END,
               '', '', NULL, NULL, NULL, NULL, a.assigned_by_id, m.month + interval '1 day', 1, a.id,
               false
        FROM mentoring_assignment a
        CROSS JOIN LATERAL generate_series(date_trunc('month', a.assigned_on),
                                           date_trunc('month', LEAST(COALESCE(a.ended_on, %(today)s), %(today)s)),
                                           interval '1 month') AS m(month)
        ORDER BY a.id, m.month
        """,
        {"this": this_month, "last": last_month, "today": world.today},
    )
    execute(
        """
        UPDATE mentoring_activityform f SET
            submitted_at = f.month + interval '1 month 2 days', submitted_by_id = f.created_by_id,
            approved_at = CASE WHEN f.status = 'approved' THEN f.month + interval '1 month 5 days' END,
            approved_by_id = CASE WHEN f.status = 'approved' THEN f.created_by_id END,
            confirmed_no_prohibited_activity = (f.status = 'approved')
        WHERE f.status <> 'draft'
        """
    )
    world.done("activity forms", count)
    count = execute(
        """
        INSERT INTO mentoring_contact (form_id, contacted_on, method, activity, minutes, miles, note)
        SELECT f.id,
               lo + floor(random() * (hi - lo + 1))::int,
               (ARRAY['face_to_face','face_to_face','phone','phone','text','email','video'])[1 + floor(random() * 7)::int],
               (ARRAY['home_visit','court','ftdm','caseworker_meeting','treatment','visitation_support','resources',
                      'encouragement','other'])[1 + floor(random() * 9)::int],
               15 + floor(random() * 100)::int, round((random() * 40)::numeric, 1), ''
        FROM (
            SELECT f.id, GREATEST(f.month, a.assigned_on) AS lo,
                   LEAST((f.month + interval '1 month - 1 day')::date, COALESCE(a.ended_on, %(today)s), %(today)s) AS hi
            FROM mentoring_activityform f JOIN mentoring_assignment a ON a.id = f.assignment_id
        ) f
        CROSS JOIN LATERAL generate_series(1, 4 + (f.id * 7919 %% 9)) AS n
        WHERE f.hi >= f.lo
        """,
        {"today": world.today},
    )
    world.done("contacts", count)
    # R-FAM-3: the first contact is the earliest contact on the assignment's forms, as the application
    # keeps it (mentoring.services.sync_first_contact); otherwise the first save of any form would
    # "correct" it and do more work than on real data. The freshly copied tables get their statistics
    # first: without them the planner may nest loops over every contact for every assignment (minutes
    # on a server whose autovacuum has not run yet, as the embedded PostgreSQL of `make test`).
    execute("ANALYZE mentoring_assignment, mentoring_activityform, mentoring_contact")
    count = execute(
        """UPDATE mentoring_assignment a SET first_contact_on = m.first
           FROM (SELECT f.assignment_id, MIN(c.contacted_on) AS first FROM mentoring_activityform f
                 JOIN mentoring_contact c ON c.form_id = f.id GROUP BY f.assignment_id) m
           WHERE m.assignment_id = a.id AND a.first_contact_on IS DISTINCT FROM m.first"""
    )
    world.done("first contacts made consistent", count)


def build_safety(world: World):
    """About one contact in 450 raised a safety concern; those of the last month are still open."""
    rows = []
    recent = world.today - datetime.timedelta(days=30)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT c.id, c.contacted_on, a.case_id, a.parent_partner_id, fam.site_id
               FROM mentoring_contact c JOIN mentoring_activityform f ON f.id = c.form_id
               JOIN mentoring_assignment a ON a.id = f.assignment_id JOIN mentoring_case k ON k.id = a.case_id
               JOIN mentoring_family fam ON fam.id = k.family_id WHERE c.id % 450 = 0"""
        )
        found = cursor.fetchall()
    for contact_id, on, case_id, partner_id, site_id in found:
        coordinator = world.coordinator[site_id]
        child = world.rng.random() < 0.35
        is_open = on >= recent
        if child:
            status = "awaiting_referral" if is_open else "referral_made"
            referral = (None, None, "") if is_open else (on + DAY, coordinator, f"INT-{contact_id}")
            informed = ("", None, None)
            told = (None, None)
        else:
            status = "awaiting_self_report" if is_open else "caseworker_informed"
            referral, told = (None, None, ""), (None, None)
            informed = ("", None, None) if is_open else ("participant", on + 2 * DAY, coordinator)
        rows.append(
            (world.ids.take(SafetyConcern), case_id, contact_id, partner_id, on, world.rng.choice(["observed", "told"]),
             world.rng.choice(["substance_use", "child_safety", "case_plan"]), "Noted during the visit.", child, False,
             status, coordinator, world.at(on), *referral, *told, *informed, None if is_open else world.at(on + 3 * DAY), 1)
        )  # fmt: skip
    fields = ["id", "case_id", "contact_id", "parent_partner_id", "known_on", "how_known", "kind", "description"]
    fields += ["child_present", "imminent_danger", "status", "raised_by_id", "raised_at", "referral_made_on"]
    fields += [
        "referral_coordinator_id",
        "referral_reference",
        "participant_told_on",
        "participant_told_recorded_by_id",
    ]
    fields += [
        "caseworker_informed_by",
        "caseworker_informed_on",
        "caseworker_informed_recorded_by_id",
        "closed_at",
        "version",
    ]
    world.done("safety concerns", copy_rows(SafetyConcern, fields, rows))


def build_support(world: World):
    """Weekly supervision of every Parent Partner while they mentor (the cases discussed for the last
    two years), monthly group clinical support per site, outreach forms in about a third of months."""
    rng = world.rng
    sessions, clinical, attendees, outreach, activities = [], [], [], [], []
    this_month = first_of_month(world.today)
    for partner in world.partners:
        coordinator = world.coordinator[partner.site_id]
        for start, end in partner.mentoring_windows():
            day, stop = start + datetime.timedelta(days=rng.randint(0, 6)), min(end or world.today, world.today)
            while day < stop:
                sessions.append(
                    (world.ids.take(SupervisionSession), partner.id, coordinator, day, "", world.at(day), 1)
                )
                day += datetime.timedelta(days=7 if rng.random() < 0.85 else 14)
            month = next_month(first_of_month(start))
            while month < first_of_month(stop):
                if rng.random() < 0.33:
                    form_id = world.ids.take(OutreachForm)
                    approved = month < first_of_month(this_month - DAY)
                    status = "approved" if approved else "submitted"
                    submitted = world.at(next_month(month))
                    outreach.append(
                        (form_id, partner.id, month, status, "", "", submitted, coordinator,
                         submitted if approved else None, coordinator if approved else None, coordinator, world.at(month), 1)
                    )  # fmt: skip
                    for _ in range(rng.randint(1, 2)):
                        held = month + datetime.timedelta(days=rng.randint(0, 27))
                        activities.append(
                            (
                                world.ids.take(OutreachActivity),
                                form_id,
                                held,
                                "committee",
                                "County child welfare committee",
                                "1.50",
                                "12.0",
                            )
                        )
                month = next_month(month)
    for site_id in world.sites:
        month = first_of_month(world.start)
        while month < this_month:
            held = month + datetime.timedelta(days=rng.randint(5, 25))
            session_id = world.ids.take(ClinicalSupportSession)
            clinical.append(
                (session_id, site_id, held, "Dr. Lee Harmon", "group", world.clinician[site_id], world.at(held), 1)
            )
            for partner in world.partners_by_site[site_id]:
                if partner.start <= held and (partner.end is None or held < partner.end) and rng.random() < 0.8:
                    attendees.append((session_id, partner.id))
            month = next_month(month)
    fields = ["id", "parent_partner_id", "coordinator_id", "held_on", "notes", "created_at", "version"]
    world.done("supervision sessions", copy_rows(SupervisionSession, fields, sessions))
    count = execute(
        """INSERT INTO mentoring_supervisionsession_cases (supervisionsession_id, case_id)
           SELECT s.id, a.case_id FROM mentoring_supervisionsession s
           JOIN mentoring_assignment a ON a.parent_partner_id = s.parent_partner_id AND a.assigned_on <= s.held_on
                AND (a.ended_on IS NULL OR a.ended_on > s.held_on)
           WHERE s.held_on >= %s""",
        [world.today - datetime.timedelta(days=730)],
    )
    world.done("supervision cases discussed", count)
    fields = ["id", "site_id", "held_on", "clinician", "format", "recorded_by_id", "created_at", "version"]
    world.done("clinical support sessions", copy_rows(ClinicalSupportSession, fields, clinical))
    through = ClinicalSupportSession.attendees.through
    world.done(
        "clinical support attendees", copy_m2m(through, ["clinicalsupportsession_id", "parentpartner_id"], attendees)
    )
    fields = ["id", "parent_partner_id", "month", "status", "return_comment", "correction_reason", "submitted_at"]
    fields += ["submitted_by_id", "approved_at", "approved_by_id", "created_by_id", "created_at", "version"]
    world.done("outreach forms", copy_rows(OutreachForm, fields, outreach))
    fields = ["id", "form_id", "held_on", "kind", "description", "hours", "miles"]
    world.done("outreach activities", copy_rows(OutreachActivity, fields, activities))


__all__ = ["build_families", "build_forms_and_contacts", "build_safety", "build_support", "ActivityForm", "Contact"]
