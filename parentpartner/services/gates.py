"""What stands in the way of a change of a Parent Partner's role or standing: the gates.

Every change of role or standing goes through `parentpartner.services.door`, which asks `requirements()` here
for the change. The core contributes the gates it owns (R-ROLE-1: active, roles in order; R-ROLE-2,
R-ROLE-3: time since reunification; R-ROLE-6: two years as a Parent Partner). The other apps
contribute theirs by registering a function in their `AppConfig.ready()` (training: the trainings and
shadowing, R-TRN-1, R-ROLE-4; eligibility: criteria, disqualifiers, open review cases and outcomes in
force, R-ELIG-1, R-ELIG-2, R-REV-4), so that this package never imports them and no door can forget
one: a page that shows "why not" and the change itself read the same list.

A gate is `gate(partner, change, today) -> list[Requirement]`: the requirements it checks for that
change, met or not (the progression page lists them all; the door refuses on the unmet ones).
"""

import datetime
import enum
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import F, Sum
from django.db.models.functions import Coalesce

from parentpartner.dates import anniversary, long_date, reached, whole_years_and_days
from parentpartner.models import ParentPartner, PartnerRole, PartnerStatus, PermanencyType, RoleAssignment

LEAD_YEARS = 2


class Change(enum.StrEnum):
    """The changes of a Parent Partner's role or standing (R-ROLE-1). Each names the role it leads to,
    where it leads to one."""

    ENTER = "enter"  # a new person, as Parent Partner in Training (R-ROLE-2)
    RECORD_FROM_PAPER = "record_from_paper"  # someone who already holds a role on the paper roster
    ACCEPT_INTO_MENTORING = "accept_into_mentoring"  # R-ROLE-3
    APPROVE_PARENT_PARTNER = "approve_parent_partner"  # R-ROLE-5, at every signature
    APPROVE_LEAD = "approve_lead"  # R-ROLE-6, at every step that names the person
    PAUSE = "pause"
    END = "end"
    REINSTATE = "reinstate"
    END_BY_REVIEW = "end_by_review"  # R-REV-4 c: found no longer eligible
    END_BY_DISQUALIFIER = "end_by_disqualifier"  # R-ELIG-2

    @property
    def role(self) -> PartnerRole | None:
        return {
            Change.ENTER: PartnerRole.IN_TRAINING,
            Change.ACCEPT_INTO_MENTORING: PartnerRole.IN_TRAINING_MENTORING,
            Change.APPROVE_PARENT_PARTNER: PartnerRole.PARENT_PARTNER,
            Change.APPROVE_LEAD: PartnerRole.LEAD,
        }.get(self)

    @property
    def is_approval(self) -> bool:
        """Changes that let a person do more, so that every eligibility gate applies (R-ELIG-2)."""
        return self in APPROVALS


APPROVALS = {
    Change.ACCEPT_INTO_MENTORING,
    Change.APPROVE_PARENT_PARTNER,
    Change.APPROVE_LEAD,
    Change.REINSTATE,
}
# The role a person must hold for each promotion (R-ROLE-1: roles are not skipped).
FROM_ROLE = {
    Change.ACCEPT_INTO_MENTORING: PartnerRole.IN_TRAINING,
    Change.APPROVE_PARENT_PARTNER: PartnerRole.IN_TRAINING_MENTORING,
    Change.APPROVE_LEAD: PartnerRole.PARENT_PARTNER,
}


@dataclass
class Requirement:
    label: str
    met: bool
    details: list[str] = field(default_factory=list)
    # The rule it checks, for the code and tests that cite it; never shown on a page.
    rule: str = ""

    @property
    def sentence(self) -> str:
        return f"{self.label}: {' '.join(self.details) or 'not met'}"


Gate = Callable[[object, Change, datetime.date], list[Requirement]]
# gate(partners, change, today) -> {pk: [Requirement]}: the same answers for a list, in a fixed number
# of queries (the letter-of-interest list asks it of every Parent Partner of a site).
ManyGate = Callable[[list, Change, datetime.date], dict]
_GATES: list[tuple[Gate, ManyGate | None]] = []


def register(gate: Gate, many: ManyGate | None = None) -> Gate:
    """An app adds its gate, once, from its AppConfig.ready(), with its list form where it has one."""
    if gate not in registered():
        _GATES.append((gate, many))
    return gate


def registered() -> list[Gate]:
    return [gate for gate, _many in _GATES]


def requirements(partner: ParentPartner, change: Change, today: datetime.date) -> list[Requirement]:
    """Every requirement of `change` for `partner` on `today`: the core's, then each app's."""
    found = core_gate(partner, change, today)
    for gate, _many in _GATES:
        found.extend(gate(partner, change, today))
    return found


def blockers(partner: ParentPartner, change: Change, today: datetime.date) -> list[str]:
    """The unmet requirements, as sentences a coordinator reads; empty when nothing blocks."""
    return [r.sentence for r in requirements(partner, change, today) if not r.met]


def blockers_for_many(partners: Iterable[ParentPartner], change: Change, today: datetime.date) -> dict[int, list[str]]:
    """`blockers` for each of `partners` (pk -> sentences), in a number of queries that does not grow
    with the list: the core's days as a Parent Partner in one query, each app's gate in its list form."""
    partners = list(partners)
    if change == Change.APPROVE_LEAD:
        days = days_as_parent_partner_of([p.pk for p in partners], today)
        for partner in partners:
            partner._days_as_parent_partner = (today, days.get(partner.pk, 0))
    found = {p.pk: core_gate(p, change, today) for p in partners}
    for gate, many in _GATES:
        answers = many(partners, change, today) if many else {p.pk: gate(p, change, today) for p in partners}
        for pk, requirements_found in answers.items():
            found[pk].extend(requirements_found)
    return {pk: [r.sentence for r in reqs if not r.met] for pk, reqs in found.items()}


def refuse_if_blocked(partner: ParentPartner, change: Change, today: datetime.date) -> None:
    """Refuse with every reason at once, so that the user can see all that is missing."""
    reasons = blockers(partner, change, today)
    if reasons:
        raise ValidationError([f"{partner} cannot go ahead:", *reasons], code="blocked")


# ---------------------------------------------------------------------------------------------------
# The core's own gates


def months_required(permanency_type: str, role: str | None) -> int:
    """R-ROLE-2, R-ROLE-3, R-ELIG-1: reunified 6 months for a Parent Partner in Training, a year for
    the roles that mentor; a year since TPR or another permanency decision for every role."""
    if role == PartnerRole.IN_TRAINING and permanency_type == PermanencyType.REUNIFIED:
        return 6
    return 12


def time_since_permanency(
    permanency_type: str, permanency_date: datetime.date, role: str | None, today: datetime.date
) -> Requirement:
    """R-ROLE-2, R-ROLE-3: the calendar months since reunification or permanency a role needs."""
    months = months_required(permanency_type, role)
    ready_on = anniversary(permanency_date, months=months)
    what = "reunification" if permanency_type == PermanencyType.REUNIFIED else "permanency was resolved"
    happened = "Reunified" if permanency_type == PermanencyType.REUNIFIED else "Permanency resolved"
    span = "one year" if months == 12 else f"{months} months"
    return Requirement(
        f"{span.capitalize()} since {what}",
        today >= ready_on,
        [
            f"{happened} on {long_date(permanency_date)}; {span} {'is' if months == 12 else 'are'} reached on "
            f"{long_date(ready_on)}."
        ],
        rule="R-ROLE-2, R-ROLE-3",
    )


def days_as_parent_partner(partner: ParentPartner, today: datetime.date) -> int:
    """R-ROLE-6: days held as a Parent Partner (every row, the open one counted to today), in one query,
    or none when `progression()` has just read them with the role's start."""
    known = getattr(partner, "_days_as_parent_partner", None)
    if known is not None and known[0] == today:
        return known[1]
    total = RoleAssignment.objects.filter(parent_partner=partner, role=PartnerRole.PARENT_PARTNER).aggregate(
        days=Sum(Coalesce(F("ended_on"), today) - F("started_on"))
    )["days"]
    return total.days if total else 0


def days_as_parent_partner_of(ids: Iterable[int], today: datetime.date) -> dict[int, int]:
    """R-ROLE-6: days held as a Parent Partner for many people, in one grouped query."""
    rows = (
        RoleAssignment.objects.filter(parent_partner__in=ids, role=PartnerRole.PARENT_PARTNER)
        .values("parent_partner")
        .annotate(days=Sum(Coalesce(F("ended_on"), today) - F("started_on")))
    )
    return {row["parent_partner"]: row["days"].days for row in rows}


def years_as_parent_partner(days: int, today: datetime.date) -> Requirement:
    """R-ROLE-6: two calendar years as a Parent Partner. The days held (every row, the open one to
    today) are laid end to end up to today, and two anniversaries must have passed since their start."""
    start = today - datetime.timedelta(days=days)
    years, rest = whole_years_and_days(start, today)
    met = reached(start, today, years=LEAD_YEARS)
    so_far = f"{years} year{'s' if years != 1 else ''} and {rest} day{'s' if rest != 1 else ''} so far"
    return Requirement(
        f"{LEAD_YEARS} years as a Parent Partner",
        met,
        [f"{so_far}." if met else f"{so_far}: less than {LEAD_YEARS} years."],
        rule="R-ROLE-6",
    )


def core_gate(partner: ParentPartner, change: Change, today: datetime.date) -> list[Requirement]:
    found = []
    if change in FROM_ROLE:
        expected = FROM_ROLE[change]
        found.append(
            Requirement(
                f"Holds the role of {expected.label}",
                partner.current_role == expected,
                []
                if partner.current_role == expected
                else [f"The role held is {partner.get_current_role_display()}; roles are not skipped."],
                rule="R-ROLE-1",
            )
        )
    if change in FROM_ROLE:
        found.append(
            Requirement(
                "Active in the program",
                partner.status == PartnerStatus.ACTIVE,
                []
                if partner.status == PartnerStatus.ACTIVE
                else [f"Status is {partner.get_status_display().lower()}."],
                rule="R-ROLE-1",
            )
        )
    if change in (Change.ENTER, Change.ACCEPT_INTO_MENTORING, Change.APPROVE_PARENT_PARTNER):
        found.append(time_since_permanency(partner.permanency_type, partner.permanency_date, change.role, today))
    if change == Change.APPROVE_LEAD:
        found.append(years_as_parent_partner(days_as_parent_partner(partner, today), today))
    return found
