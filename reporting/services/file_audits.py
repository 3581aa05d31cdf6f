"""Random client file audits (R-SUP-4): drawing the sample, re-running a draw, prefilling each file's
checklist from the data, and the reviewer's findings and sign-off.

The draw is deterministic: the population is sorted by primary key and `random.Random(seed).sample`
picks `sample_size` of it. The seed is chosen by the system (not typed by the reviewer, who could
otherwise try seeds until the sample suits) and kept with the draw.

Families with a monthly activity form of the month entered and approved by the same person (no second
look) are drawn first, up to the sample size, and kept with the draw (`priority`), so that the draw
stays reproducible; the rest is drawn as before from the others.
"""

import datetime
import random
import secrets
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.contrib.postgres.expressions import ArraySubquery
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Max, Min, OuterRef, Q, QuerySet
from django.utils import timezone

from mentoring.models import ActivityForm, Assignment, Family, FormStatus, SafetyConcern, SupervisionSession
from mentoring.models.safety import OPEN_STATUSES
from parentpartner import audit, records
from parentpartner.access import draws_file_audits, draws_file_reviews, sees_site, service_areas_visible_to
from parentpartner.dates import anniversary, first_of_month, last_day, next_month, previous_month
from parentpartner.models import ServiceArea, Site
from reporting.models import CHECKS, AuditKind, CheckResult, FileAudit, FileAuditDraw

SEED_BOUND = 2**31  # Seeds fit an ordinary integer, easy to read out and type into Python.


def kind_for(user: Any) -> str | None:
    """R-SUP-4: a site coordinator draws file reviews, a service area coordinator file audits
    (parentpartner.access decides who draws which)."""
    if draws_file_reviews(user):
        return AuditKind.FILE_REVIEW
    if draws_file_audits(user):
        return AuditKind.FILE_AUDIT
    return None


def active_assignments(month: datetime.date) -> QuerySet:
    """Assignments that ran on at least one day of `month`."""
    return Assignment.objects.filter(assigned_on__lte=last_day(month)).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=month)
    )


def population(month: datetime.date, *, site: Site | None = None, area: ServiceArea | None = None) -> list[int]:
    """R-SUP-4: primary keys, ascending, of the families of the site or area with an assignment
    active in `month`."""
    families = Family.objects.filter(pk__in=active_assignments(month).values("case__family"))
    families = families.filter(site=site) if site is not None else families.filter(site__service_area=area)
    return list(families.order_by("pk").values_list("pk", flat=True))


def self_approved_families(month: datetime.date, population_ids: Iterable[int]) -> list[int]:
    """R-SUP-4: primary keys, ascending, of the families among `population_ids` with an activity form of
    `month` approved by the person who created or submitted it. One query."""
    one_person = Q(approved_by=F("created_by")) | Q(approved_by=F("submitted_by"))
    forms = ActivityForm.objects.filter(
        one_person, month=month, status=FormStatus.APPROVED, assignment__case__family__in=list(population_ids)
    )
    return sorted(set(forms.values_list("assignment__case__family_id", flat=True)))


def sample_of(population_ids: Iterable[int], size: int, seed: int, first: Iterable[int] = ()) -> list[int]:
    """The draw itself: anyone can repeat it with the same inputs. The families `first` (those of the
    population) come first, drawn in random order or, when there are more than `size`, `size` of them
    at random; the others fill the rest of the sample. Without `first` this is exactly
    `random.Random(seed).sample(sorted(population), size)`, the draw of earlier records."""
    # The draw must be repeatable by anyone from the same inputs; it protects no secret (nosec).
    generator = random.Random(seed)  # noqa: S311  # nosec B311
    population = sorted(set(population_ids))
    chosen = set(first) & set(population)
    priority = [pk for pk in population if pk in chosen]
    if len(priority) >= size:
        return generator.sample(priority, size)
    rest = [pk for pk in population if pk not in chosen]
    return generator.sample(priority, len(priority)) + generator.sample(rest, size - len(priority))


def draw(
    user: Any, *, month: datetime.date, sample_size: int, site: Site | None = None, seed: int | None = None
) -> FileAuditDraw:
    """Draw the month's sample for the user's scope (R-SUP-4) and prefill a checklist per file.

    A site coordinator draws a file review of `site` (one of theirs); a service area coordinator a
    file audit of their area. Refused, with a message on the field: a month that has not ended, a
    second draw for the same month and scope, an empty population, a sample larger than it.
    """
    kind = kind_for(user)
    area = None
    if kind == AuditKind.FILE_REVIEW:
        if site is None or not sees_site(user, site.pk, Site.objects.all()):
            raise ValidationError({"site": "Choose one of your sites."})
    elif kind == AuditKind.FILE_AUDIT:
        # Only a service area coordinator draws file audits: their scope is their area.
        site, area = None, user.service_area
    else:
        raise ValidationError("Only a site coordinator or a service area coordinator draws files to audit.")
    month = first_of_month(month)
    if next_month(month) > first_of_month(timezone.localdate()):
        raise ValidationError({"month": "Choose a month that has ended: its files are not complete yet."})
    if sample_size < 1:
        raise ValidationError({"sample_size": "Draw at least one file."})
    with transaction.atomic():
        ids = population(month, site=site, area=area)
        if not ids:
            raise ValidationError({"month": f"No family had an active assignment in {month:%B %Y} here."})
        if sample_size > len(ids):
            raise ValidationError(
                {
                    "sample_size": f"Only {len(ids)} famil{'y' if len(ids) == 1 else 'ies'} to draw from: "
                    f"choose at most {len(ids)}."
                }
            )
        seed = secrets.randbelow(SEED_BOUND) if seed is None else seed
        first = self_approved_families(month, ids)
        picked = sample_of(ids, sample_size, seed, first)
        try:
            with transaction.atomic():
                made = FileAuditDraw.objects.create(
                    kind=kind,
                    month=month,
                    site=site,
                    service_area=area,
                    population=ids,
                    sample_size=sample_size,
                    seed=seed,
                    sample=picked,
                    priority=first,
                    drawn_by=user,
                )
        except IntegrityError as error:
            # The month and scope were drawn already (the unique constraints say so; looked up only
            # then, so that a draw costs no query for it), perhaps by someone else a moment ago.
            existing = FileAuditDraw.objects.filter(kind=kind, month=month, site=site, service_area=area).first()
            when = f" on {existing.drawn_at:%d %B %Y}" if existing else ""
            raise ValidationError(
                {"month": f"The files of {month:%B %Y} were already drawn{when}; a draw cannot be made again."}
            ) from error
        # The sample's checklists: prefilled, saved and recorded in the history in a fixed number of
        # queries, whatever the sample size.
        families = Family.objects.in_bulk(picked)
        checks = prefill_many(list(families.values()), month)
        rows = [
            FileAudit(draw=made, family=families[pk], position=position, **checks[pk])
            for position, pk in enumerate(picked, start=1)
        ]
        audit.create_all(user, rows, recorded_with=[made])
    return made


def rerun(made: FileAuditDraw) -> dict[str, Any]:
    """Repeat a draw from what it recorded: the same files must come out (R-SUP-4). Also says whether
    the population computed from today's data still matches the recorded one (a backdated
    assignment would change it; the recorded population is what the draw used)."""
    again = sample_of(made.population, made.sample_size, made.seed, made.priority)
    current = population(made.month, site=made.site, area=made.service_area)
    return {
        "sample": again,
        "same_sample": again == list(made.sample),
        "population_unchanged": current == list(made.population),
    }


# --- months never drawn ------------------------------------------------------------------------------

# How far back a month never drawn is still listed: the year before the current month. Older months
# are past the monthly cycle R-SUP-4 asks for, and the list would otherwise only grow.
OVERDUE_LOOKBACK_MONTHS = 12


@dataclass(frozen=True)
class OverdueDraw:
    kind: str
    scope_name: str
    month: datetime.date


def overdue_draws(user: Any, today: datetime.date | None = None) -> list[OverdueDraw]:
    """R-SUP-4: the ended months whose file review (a site coordinator, for each of their active
    sites) or file audit (a service area coordinator, for their area) was never drawn, oldest first.

    A month counts from the later of the first month in which one of the site's (area's) families
    had an assignment (before it there were no files to draw) and `OVERDUE_LOOKBACK_MONTHS` before
    the current month; it counts up to the last month that has ended, and not past the month the
    last assignment ended when none is current. One query, whatever the number of sites and months:
    the sites (area) with their first and last assignment dates and the months drawn."""
    kind = kind_for(user)
    if kind is None:
        return []
    today = today or timezone.localdate()
    this_month = first_of_month(today)
    start = anniversary(this_month, months=-OVERDUE_LOOKBACK_MONTHS)
    units: QuerySet
    if kind == AuditKind.FILE_REVIEW:
        units = Site.objects.visible_to(user).filter(is_active=True)
        path, draw_key = "families__cases__assignments", "site"
    else:  # a service area coordinator (kind_for), scoped to their area
        units = service_areas_visible_to(user, ServiceArea.objects.all())
        path, draw_key = "sites__families__cases__assignments", "service_area"
    draws = FileAuditDraw.objects.filter(kind=kind, month__gte=start, **{draw_key: OuterRef("pk")})
    units = (
        units.annotate(
            first=Min(f"{path}__assigned_on"),
            last_end=Max(f"{path}__ended_on"),
            current=Count(path, filter=Q(**{f"{path}__ended_on__isnull": True})),
            drawn=ArraySubquery(draws.values("month")),
        )
        .filter(first__isnull=False)
        .order_by("name", "pk")
    )
    label = AuditKind(kind).label
    found = []
    for unit in units:
        month = max(start, first_of_month(unit.first))
        end = previous_month(this_month)
        if not unit.current and unit.last_end is not None:
            end = min(end, first_of_month(unit.last_end))
        while month <= end:
            if month not in unit.drawn:
                found.append(OverdueDraw(label, str(unit), month))
            month = next_month(month)
    return sorted(found, key=lambda item: (item.month, item.scope_name))


# --- the checklist, prefilled from the data --------------------------------------------------------


def _months(start: datetime.date, end: datetime.date) -> Iterator[datetime.date]:
    month = first_of_month(start)
    while month <= end:
        yield month
        month = next_month(month)


def _partner_month(partner: Any, month: datetime.date) -> str:
    return f"{partner} {month:%B %Y}"


def prefill(family: Family, month: datetime.date, today: datetime.date | None = None) -> dict[str, str]:
    """The five checks of R-SUP-4 for `family` in `month`, with a note saying what was found."""
    return prefill_many([family], month, today)[family.pk]


def prefill_many(
    families: list[Family], month: datetime.date, today: datetime.date | None = None
) -> dict[int, dict[str, str]]:
    """`prefill` for several families at once, by family primary key: four queries whatever their
    number (assignments, approved forms, safety concerns, supervision), so that a draw's cost does not
    grow with its sample size."""
    today = today or timezone.localdate()
    end = last_day(month)
    family_ids = [family.pk for family in families]
    assignments = list(
        active_assignments(month)
        .filter(case__family__in=family_ids)
        .select_related("case", "parent_partner")
        .order_by("pk")
    )
    approved = set(
        ActivityForm.objects.filter(assignment__in=assignments, status=FormStatus.APPROVED).values_list(
            "assignment_id", "month"
        )
    )
    concerns = list(
        SafetyConcern.objects.filter(case__family__in=family_ids, known_on__lte=end)
        .annotate(family_id=F("case__family_id"))
        .order_by("known_on", "pk")
    )
    supervised = set(
        SupervisionSession.objects.filter(
            parent_partner__in={a.parent_partner_id for a in assignments}, held_on__range=(month, end)
        ).values_list("parent_partner_id", flat=True)
    )
    return {
        pk: _checks(
            [a for a in assignments if a.case.family_id == pk],
            approved,
            [c for c in concerns if c.family_id == pk],
            supervised,
            month,
            today,
        )
        for pk in family_ids
    }


def _checks(
    assignments: list[Assignment],
    approved: set[tuple[int, datetime.date]],
    concerns: list[SafetyConcern],
    supervised: set[int],
    month: datetime.date,
    today: datetime.date,
) -> dict[str, str]:
    end = last_day(month)
    values: dict[str, tuple[str, str]] = {}

    # R-FAM-7: a form for every month of each assignment up to the audited month, approved.
    expected = [
        (a, m) for a in assignments for m in _months(a.assigned_on, min(month, first_of_month(a.ended_on or end)))
    ]
    gaps = [_partner_month(a.parent_partner, m) for a, m in expected if (a.pk, m) not in approved]
    values["forms"] = (
        (CheckResult.NOT_MET, "Missing or not approved: " + "; ".join(gaps))
        if gaps
        else (CheckResult.MET, f"All {len(expected)} monthly forms approved.")
    )

    # R-FAM-3: first contact by the due date (two working days, computed when assigned).
    late = [
        a
        for a in assignments
        if (a.first_contact_on is None and a.first_contact_due < today)
        or (a.first_contact_on is not None and a.first_contact_on > a.first_contact_due)
    ]
    values["first_contact"] = (
        (
            CheckResult.NOT_MET,
            "; ".join(
                f"{a.parent_partner}: due {a.first_contact_due}, "
                + (f"made {a.first_contact_on}" if a.first_contact_on else "not made")
                for a in late
            ),
        )
        if late
        else (CheckResult.MET, "; ".join(f"{a.parent_partner}: made {a.first_contact_on}" for a in assignments))
    )

    # R-FAM-1: voluntary consent recorded no later than the assignment.
    no_consent = [
        a
        for a in assignments
        if not (a.case.consent_given and a.case.consent_on and a.case.consent_on <= a.assigned_on)
    ]
    values["consent"] = (
        (
            CheckResult.NOT_MET,
            "No consent recorded before the assignment of " + ", ".join(str(a.parent_partner) for a in no_consent),
        )
        if no_consent
        else (CheckResult.MET, "; ".join(sorted({f"Consent given on {a.case.consent_on}" for a in assignments})))
    )

    # R-SAFE-1..3: every concern known by the month's end has taken its last protocol D step.
    still_open = [c for c in concerns if c.status in OPEN_STATUSES]
    if not concerns:
        values["safety"] = (CheckResult.NOT_APPLICABLE, "No safety concern recorded.")
    elif still_open:
        values["safety"] = (
            CheckResult.NOT_MET,
            "Still open: " + "; ".join(f"known {c.known_on}, {c.get_status_display()}" for c in still_open),
        )
    else:
        values["safety"] = (
            CheckResult.MET,
            f"{len(concerns)} concern{'s' if len(concerns) != 1 else ''}, all followed through.",
        )

    # R-SUP-1: each Parent Partner on the file was supervised at least once in the month.
    partners = {a.parent_partner_id: a.parent_partner for a in assignments}
    unsupervised = [str(p) for pk, p in partners.items() if pk not in supervised]
    values["supervision"] = (
        (CheckResult.NOT_MET, f"No supervision in {month:%B %Y} of " + ", ".join(unsupervised))
        if unsupervised
        else (CheckResult.MET, f"Supervised in {month:%B %Y}: " + ", ".join(str(p) for p in partners.values()))
    )
    fields = {}
    for name, _question in CHECKS:
        result, note = values[name]
        fields[f"{name}_check"] = result
        fields[f"{name}_note"] = note[:500]
    return fields


# --- the reviewer's part -----------------------------------------------------------------------------


def save_review(row: FileAudit, user: Any, *, values: dict[str, Any], sign_off: bool, version: Any) -> FileAudit:
    """Keep the reviewer's results, findings and corrective actions; with `sign_off`, sign the file
    off, after which it is locked (R-SUP-4). A result marked No needs a corrective action before
    signing; a sign-off needs findings. A stale version is refused (`records.Conflict`)."""
    with records.edit(row, user=user, version=version, what="checklist") as current:
        if current.is_signed_off:
            raise ValidationError(f"This file was signed off on {current.signed_off_at:%d %B %Y}; it cannot change.")
        for key, value in values.items():
            setattr(current, key, value)
        if sign_off:
            errors = {}
            if not current.findings.strip():
                errors["findings"] = "Write the findings before signing off."
            if any(getattr(current, f"{name}_check") == CheckResult.NOT_MET for name, _ in CHECKS) and not (
                current.corrective_actions.strip()
            ):
                errors["corrective_actions"] = "A check answered No needs a corrective action before signing off."
            if errors:
                raise ValidationError(errors)
            current.signed_off_by, current.signed_off_at = user, timezone.now()
    return current
