"""The quarterly report's figures (R-SUP-5), each declared once as (base, Q filter, Count or Sum); see
`report` for how they are computed and drilled into. The bases are in `bases`.

Definitions where the issue is silent (also shown on the page as notes):
- Parent Partners by role: the role row held on the quarter's first day and on its last day (or
  today for the current quarter); a person is counted at the site they belong to now. A role change
  is a role row starting in the quarter after an earlier one; a person whose first row starts in the
  quarter joined; one whose row ended in the quarter with none after left.
- Families referred: cases referred in the quarter. Assigned: cases whose first Parent Partner was
  assigned in the quarter (a reassignment does not count again). Served: cases with an assignment
  active on at least one day of the quarter. Closed: cases closed in the quarter, by outcome.
- Child Safety Conference families against the cap (R-FAM-8): CSC cases referred and not closed at
  the end of the quarter, as the referral check counts them; the cap is 50 per service area.
- First contacts (R-FAM-3): assignments made in the quarter; on time when the first contact was made
  on or before its due date, the second working day after the assignment, computed when assigned
  (mentoring.workdays, state holidays excluded). Late: made after it, or not made by the due date.
- Contacts: every contact dated in the quarter on a monthly activity form, whatever the form's
  state; hours and miles are theirs. Community outreach lines are counted apart.
- Monthly forms (R-FAM-7): one expected per assignment and month of the quarter in which the
  assignment was active, for months that have ended. Submitted: that form was submitted or
  approved; approved: approved; missing: no form, or one still a draft or returned.
- Trainings overdue (R-TRN-1): people holding a role at the quarter's end, accepted into mentoring
  more than a year before it, with a first-year training not completed before it.
- Supervision (R-SUP-1) and clinical support (R-SUP-2): for the Parent Partners who served a family
  in the quarter, supervision in every week (Mondays) of the quarter, and clinical support attended
  in every month of it; someone who served only part of the quarter is still measured against all
  of it.
- Safety concerns (R-SAFE-1..3): raised (known) in the quarter, by protocol D path; open at the end
  of the quarter (known before its end, not closed by then).
- File audits (R-SUP-4): draws of the quarter's months for the site (its file reviews) or the area
  (its file audits and its sites' reviews), and their files' checklists.
"""

from collections.abc import Callable
from typing import Any

from django.db.models import Count, F, Q, Sum

from mentoring.models import CaseOutcome, ContactActivity, ContactMethod, ReferralSource
from parentpartner.models import PartnerRole
from reporting.services.quarterly_reports.bases import ASSIGNMENTS, CASES, CONTACTS, OUTREACH, ROLE_ROWS, month_keys
from reporting.services.quarterly_reports.oversight_figures import oversight_sections
from reporting.services.quarterly_reports.report import Figure, Period, Ratio, Section


def _sum_of_months(period: Period, flag: str | None = None, present: bool = True) -> Callable[[Q], Any]:
    """A figure over assignment-months: the sum, over the ended months of the period, of the
    assignments active in the month (with `flag`: whose form of the month is, or is not, `flag`)."""

    def value(_q: Q) -> Any:
        terms = [Count("pk", filter=_month_q(active, kind, flag, present)) for active, kind in month_keys(period)]
        return sum(terms[1:], terms[0]) if terms else Count("pk", filter=Q(pk__in=[]))

    return value


def _month_q(active: str, kind: str, flag: str | None, present: bool) -> Q:
    q = Q(**{active: True})
    return q & Q(**{kind.format(flag=flag): present}) if flag else q


def _months_q(period: Period, flag: str | None = None, present: bool = True) -> Q:
    """The drill-down of an assignment-month figure: assignments with at least one such month."""
    q = Q(pk__in=[])
    for active, kind in month_keys(period):
        q |= _month_q(active, kind, flag, present)
    return q


def _roles(prefix: str, label: str, condition: Q) -> tuple[Figure, ...]:
    return tuple(
        Figure(f"{prefix}_{role.value}", f"{label}: {role.label}", ROLE_ROWS, condition & Q(role=role))
        for role in PartnerRole
    )


def sections(period: Period) -> tuple[Section, ...]:
    """The report's sections for `period` (some filters depend on its dates)."""
    start, end, as_of = period.start, period.end, period.as_of
    in_quarter = {"__gte": start, "__lt": end}

    def during(field: str) -> Q:
        return Q(**{f"{field}{lookup}": day for lookup, day in in_quarter.items()})

    held_on = lambda day: Q(started_on__lte=day) & (Q(ended_on__isnull=True) | Q(ended_on__gt=day))  # noqa: E731
    closed = during("closed_on")
    made = during("assigned_on")
    csc_open = Q(source=ReferralSource.CHILD_SAFETY_CONFERENCE, referred_on__lte=as_of) & (
        Q(closed_on__isnull=True) | Q(closed_on__gt=as_of)
    )
    return (
        Section(
            "partners",
            "Parent Partners by role",
            (
                *_roles("role_start", f"At the start ({start.day} {start:%B})", held_on(start)),
                Figure("role_start_all", "At the start: all roles", ROLE_ROWS, held_on(start)),
                *_roles("role_end", f"At the end ({as_of.day} {as_of:%B})", held_on(as_of)),
                Figure("role_end_all", "At the end: all roles", ROLE_ROWS, held_on(as_of)),
                Figure("role_joined", "Joined the program", ROLE_ROWS, during("started_on") & Q(is_change=False)),
                *(
                    Figure(
                        f"role_change_{role.value}",
                        f"Changed role to {role.label}",
                        ROLE_ROWS,
                        during("started_on") & Q(is_change=True, role=role),
                    )
                    for role in PartnerRole
                ),
                Figure("role_left", "Left the program", ROLE_ROWS, during("ended_on") & Q(has_next=False)),
            ),
            rule="R-ROLE-1",
        ),
        Section(
            "families",
            "Families",
            (
                Figure("referred", "Referred", CASES, during("referred_on")),
                Figure(
                    "referred_csc",
                    "of them from a Child Safety Conference",
                    CASES,
                    during("referred_on") & Q(source=ReferralSource.CHILD_SAFETY_CONFERENCE),
                ),
                Figure("assigned", "Assigned a Parent Partner (first assignment)", CASES, during("first_assigned_on")),
                Figure("served", "Served (an assignment active in the quarter)", CASES, Q(had_assignment=True)),
                Figure("closed", "Closed", CASES, closed),
                *(
                    Figure(f"closed_{outcome.value}", f"Closed: {outcome.label}", CASES, closed & Q(outcome=outcome))
                    for outcome in CaseOutcome
                ),
                Figure("csc_open", "Child Safety Conference families open at the end", CASES, csc_open),
                Figure(
                    "csc_served",
                    "Child Safety Conference families served",
                    CASES,
                    Q(had_assignment=True, source=ReferralSource.CHILD_SAFETY_CONFERENCE),
                ),
            ),
            rule="R-FAM-1, R-FAM-5, R-FAM-8",
        ),
        Section(
            "first_contacts",
            "First contacts within two working days",
            (
                Figure("assignments_made", "Assignments made", ASSIGNMENTS, made),
                Figure(
                    "first_contact_on_time",
                    "First contact on time",
                    ASSIGNMENTS,
                    made & Q(first_contact_on__lte=F("first_contact_due")),
                ),
                Ratio(
                    "first_contact_percent",
                    "First contact on time (percent)",
                    "first_contact_on_time",
                    "assignments_made",
                ),
                Figure(
                    "first_contact_late",
                    "First contact late or not made by its due date",
                    ASSIGNMENTS,
                    made
                    & (
                        Q(first_contact_on__gt=F("first_contact_due"))
                        | Q(first_contact_on__isnull=True, first_contact_due__lt=period.today)
                    ),
                ),
                Figure(
                    "first_contact_pending",
                    "First contact not yet due",
                    ASSIGNMENTS,
                    made & Q(first_contact_on__isnull=True, first_contact_due__gte=period.today),
                ),
            ),
            rule="R-FAM-3",
        ),
        Section(
            "contacts",
            "Contacts, hours and miles",
            (
                Figure("contacts", "Contacts", CONTACTS),
                *(Figure(f"method_{m.value}", f"By method: {m.label}", CONTACTS, Q(method=m)) for m in ContactMethod),
                *(
                    Figure(f"activity_{a.value}", f"By activity: {a.label}", CONTACTS, Q(activity=a))
                    for a in ContactActivity
                ),
                Figure(
                    "contact_hours",
                    "Hours with families",
                    CONTACTS,
                    value=lambda q: Sum("minutes", filter=q),
                    unit="hours",
                    from_minutes=True,
                ),
                Figure(
                    "contact_miles",
                    "Miles for families",
                    CONTACTS,
                    value=lambda q: Sum("miles", filter=q),
                    unit="miles",
                ),
                Figure("outreach_activities", "Community outreach activities", OUTREACH),
                Figure(
                    "outreach_hours",
                    "Community outreach hours",
                    OUTREACH,
                    value=lambda q: Sum("hours", filter=q),
                    unit="hours",
                ),
                Figure(
                    "outreach_miles",
                    "Community outreach miles",
                    OUTREACH,
                    value=lambda q: Sum("miles", filter=q),
                    unit="miles",
                ),
            ),
            rule="R-FAM-6, R-ROLE-7",
        ),
        Section(
            "forms",
            "Monthly activity forms",
            (
                Figure(
                    "forms_expected",
                    "Expected (assignment-months)",
                    ASSIGNMENTS,
                    value=_sum_of_months(period),
                    records=_months_q(period),
                ),
                Figure(
                    "forms_submitted",
                    "Submitted",
                    ASSIGNMENTS,
                    value=_sum_of_months(period, "handed_in"),
                    records=_months_q(period, "handed_in"),
                ),
                Figure(
                    "forms_approved",
                    "Approved",
                    ASSIGNMENTS,
                    value=_sum_of_months(period, "approved"),
                    records=_months_q(period, "approved"),
                ),
                Figure(
                    "forms_missing",
                    "Missing (none, or a draft or returned form)",
                    ASSIGNMENTS,
                    value=_sum_of_months(period, "handed_in", present=False),
                    records=_months_q(period, "handed_in", present=False),
                ),
            ),
            rule="R-FAM-7",
        ),
        *oversight_sections(period, during),
    )
