"""A realistic statewide dataset for the benchmark (`manage.py seed_scale`, issue 9).

Default: 10 years, the 5 service areas and 99 counties of the reference data, 40 sites, 600 Parent
Partners over time with their role histories, 20,000 families, a monthly activity form for every
month of every assignment (about 160,000) with about 8 contacts each (about 1.3 million), and
trainings, approvals, screenings, review cases, safety concerns, supervision and file audits in
proportion. `scale` multiplies sites, people and families.

Everything is written with COPY (bench.copy) or one set-based INSERT ... SELECT; nothing is saved
one row at a time except the file-audit draws, made through the real `reporting.audits.draw` so that
their populations and prefilled checklists are exactly what the application computes.
Logins share the demo's usernames and password (coordinator, areacoordinator, statewide, ...), so
the benchmark logs in the same way on demo and scale data.
"""

import datetime
import random
import time
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import connection
from django.utils import timezone

from bench.copy import Ids, copy_m2m, copy_rows
from parentpartner.dates import anniversary
from parentpartner.models import (
    County,
    LivedExperience,
    ParentPartner,
    PartnerRole,
    PermanencyType,
    Role,
    RoleAssignment,
    ServiceArea,
    Site,
    StatusChange,
    User,
)

PASSWORD = "parent-partner-demo-2026"  # noqa: S105 # nosec B105 - the demo's published password
FIRST = ["Avery", "Brooke", "Carmen", "Dana", "Elena", "Gina", "Hope", "Imani", "Jolene", "Kendra", "Lacey"]
FIRST += ["Marisol", "Nadia", "Opal", "Paige", "Rosa", "Shayla", "Vera", "Wren", "Marcus", "Owen", "Luis"]
LAST = ["Ashdown", "Birchfield", "Calloway", "Dunmore", "Ellery", "Fairbank", "Greaves", "Holloway", "Ingram"]
LAST += ["Jessop", "Kettering", "Lockwood", "Marlow", "Northcott", "Oakley", "Pembrook", "Quill", "Ravensworth"]
LAST += ["Stanfield", "Thorne", "Upton", "Vance", "Whitlock", "Yardley", "Zeller", "Brightwater", "Copperfield"]
EXPERIENCE = [choice.value for choice in LivedExperience]
MENTORING_ROLES = {PartnerRole.IN_TRAINING_MENTORING, PartnerRole.PARENT_PARTNER, PartnerRole.LEAD}


@dataclass
class Options:
    years: int = 10
    sites: int = 40
    partners: int = 600
    families: int = 20000
    audit_months: int = 12
    seed: int = 2026

    @classmethod
    def scaled(cls, scale: float, **overrides):
        base = cls()
        values = {
            "years": base.years,
            "sites": max(2, round(base.sites * scale)),
            "partners": max(8, round(base.partners * scale)),
            "families": max(20, round(base.families * scale)),
            "audit_months": base.audit_months if scale >= 0.5 else 2,
        }
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)


@dataclass
class Partner:
    id: int
    site_id: int
    start: datetime.date
    end: datetime.date | None
    periods: list = field(default_factory=list)  # (role, started_on, ended_on or None)

    def role_on(self, day):
        for role, start, end in self.periods:
            if start <= day and (end is None or day < end):
                return role
        return None

    def mentoring_windows(self):
        """(start, end or None) while the role allows one-on-one mentoring."""
        windows = []
        for role, start, end in self.periods:
            if role in MENTORING_ROLES:
                if windows and windows[-1][1] == start:
                    windows[-1] = (windows[-1][0], end)
                else:
                    windows.append((start, end))
        return windows


class World:
    """What every step of the build shares: the calendar, the random source, ids and the people."""

    def __init__(self, options: Options, log=print):
        self.options = options
        self.rng = random.Random(options.seed)  # noqa: S311 # nosec B311 - fictional data, reproducible on purpose
        self.today = timezone.localdate()
        # A calendar anniversary: on 29 February, replace(year=...) raises for a year without one.
        self.start = anniversary(self.today, years=-options.years)
        self.now = timezone.now()
        self.ids = Ids()
        self.log = log
        self.counts = {}
        self._clock = time.monotonic()

    def done(self, what, count):
        self.counts[what] = self.counts.get(what, 0) + count
        elapsed = time.monotonic() - self._clock
        self._clock = time.monotonic()
        self.log(f"  {what}: {count:,} rows in {elapsed:.1f} s")

    def day_between(self, first, last):
        span = (last - first).days
        return first + datetime.timedelta(days=self.rng.randint(0, max(span, 0)))

    def name(self):
        return self.rng.choice(FIRST), self.rng.choice(LAST)

    def at(self, day):
        """A timestamp at noon UTC on `day`."""
        return datetime.datetime.combine(day, datetime.time(17), tzinfo=datetime.UTC)


def build_organisation(world: World):
    """Sites spread over the five areas, each covering some of its area's counties; one coordinator
    per site, a service area coordinator and a DHS liaison per area, a clinician per two sites, the
    statewide logins."""
    areas = list(ServiceArea.objects.order_by("pk"))
    counties = {area.pk: list(County.objects.filter(service_area=area).order_by("pk")) for area in areas}
    world.areas = [area.pk for area in areas]
    world.sites, world.site_area, world.site_counties = [], {}, {}
    site_rows, county_rows = [], []
    for n in range(world.options.sites):
        area = areas[n % len(areas)]
        site_id = world.ids.take(Site)
        index = n // len(areas)
        per_area = -(-world.options.sites // len(areas))
        own = counties[area.pk][index::per_area] or counties[area.pk][:1]
        site_rows.append((site_id, f"Scale site {n + 1:02d} ({area.name})", area.pk, "", "515-555-0100", True, 1))
        world.sites.append(site_id)
        world.site_area[site_id] = area.pk
        world.site_counties[site_id] = [c.pk for c in own]
        county_rows += [(site_id, c.pk) for c in own]
    world.done(
        "sites",
        copy_rows(Site, ["id", "name", "service_area_id", "address", "phone", "is_active", "version"], site_rows),
    )
    copy_m2m(Site.counties.through, ["site_id", "county_id"], county_rows)

    password = make_password(PASSWORD)
    users, user_sites = [], []
    world.coordinator, world.clinician, world.area_coordinator = {}, {}, {}

    def add(username, role, area=None, partner=None):
        pk = world.ids.take(User)
        first, last = world.name()
        staff = role in (Role.SYSTEM_ADMINISTRATOR, Role.STATEWIDE_COORDINATOR)
        users.append(
            (
                pk,
                password,
                False,
                username,
                first,
                last,
                f"{username}@example.org",
                staff,
                True,
                world.now,
                role,
                area,
                partner,
                0,
            )
        )
        return pk

    for n, site_id in enumerate(world.sites):
        pk = add("coordinator" if n == 0 else f"coordinator{n + 1}", Role.SITE_COORDINATOR)
        world.coordinator[site_id] = pk
        user_sites.append((pk, site_id))
        if n % 2 == 0:
            clinician = add("clinician" if n == 0 else f"clinician{n // 2 + 1}", Role.CLINICIAN)
            for other in world.sites[n : n + 2]:
                world.clinician[other] = clinician
                user_sites.append((clinician, other))
    # The demo's Des Moines logins cover the first site's area.
    first_area = world.site_area[world.sites[0]]
    for n, area_id in enumerate([first_area] + [a for a in world.areas if a != first_area]):
        world.area_coordinator[area_id] = add(
            "areacoordinator" if n == 0 else f"areacoordinator{n + 1}", Role.SERVICE_AREA_COORDINATOR, area_id
        )
        add("liaison" if n == 0 else f"liaison{n + 1}", Role.DHS_LIAISON, area_id)
    world.statewide = add("statewide", Role.STATEWIDE_COORDINATOR)
    world.contract_manager = add("contractmanager", Role.CONTRACT_MANAGER)
    add("sysadmin", Role.SYSTEM_ADMINISTRATOR)
    world.user_rows, world.user_sites, world.add_user = users, user_sites, add


USER_FIELDS = ["id", "password", "is_superuser", "username", "first_name", "last_name", "email", "is_staff"]
USER_FIELDS += ["is_active", "date_joined", "role", "service_area_id", "parent_partner_id", "session_epoch"]


def _periods(world: World, start, end):
    """A role history from `start`: in training, in training mentoring, Parent Partner, sometimes Lead,
    cut at `end`. Consecutive, never overlapping (the exclusion constraint)."""
    rng = world.rng
    plan = [
        (PartnerRole.IN_TRAINING, rng.randint(150, 240)),
        (PartnerRole.IN_TRAINING_MENTORING, rng.randint(180, 420)),
    ]
    plan.append((PartnerRole.PARENT_PARTNER, rng.randint(700, 1500) if rng.random() < 0.15 else 10**5))
    plan.append((PartnerRole.LEAD, 10**5))
    periods, day = [], start
    limit = end or world.today
    for role, days in plan:
        if day >= limit:
            break
        until = day + datetime.timedelta(days=days)
        if until >= limit:
            periods.append((role, day, end))
            break
        periods.append((role, day, until))
        day = until
    return periods


def build_partners(world: World):
    """Parent Partners over time at every site, a few there from the start; some left, some paused."""
    rng, options = world.rng, world.options
    world.partners, world.partners_by_site = [], {site: [] for site in world.sites}
    per_site = max(3, options.partners // len(world.sites))
    early = world.start - datetime.timedelta(days=700)
    for site_id in world.sites:
        for n in range(per_site):
            founder = n < 3
            start = (
                world.day_between(early, early + datetime.timedelta(days=200))
                if founder
                else world.day_between(early, world.today - datetime.timedelta(days=120))
            )
            end = None
            if not founder or rng.random() < 0.3:
                tenure = rng.randint(500, 3000)
                candidate = start + datetime.timedelta(days=tenure)
                end = candidate if candidate < world.today - datetime.timedelta(days=10) else None
            partner = Partner(world.ids.take(ParentPartner), site_id, start, end)
            partner.periods = _periods(world, start, end)
            world.partners.append(partner)
            world.partners_by_site[site_id].append(partner)
    rows, history, changes = [], [], []
    for p in world.partners:
        first, last = world.name()
        county = rng.choice(world.site_counties[p.site_id])
        experience = sorted(rng.sample(EXPERIENCE, rng.randint(1, 3)))
        status = "inactive" if p.end else ("paused" if rng.random() < 0.03 else "active")
        permanency = p.start - datetime.timedelta(days=rng.randint(400, 1500))
        rows.append(
            (p.id, first, last, f"pp{p.id}@example.org", "515-555-0101", county, ["en"] if rng.random() < 0.9 else ["en", "es"],
             p.site_id, p.periods[-1][0], experience, rng.choice(list(PermanencyType)).value, permanency, status,
             world.at(p.start), world.at(p.start), 1)
        )  # fmt: skip
        coordinator = world.coordinator[p.site_id]
        for role, started, ended in p.periods:
            reason = "Started in the program" if started == p.start else "Progressed"
            history.append(
                (world.ids.take(RoleAssignment), p.id, role, started, ended, reason, coordinator, world.at(started))
            )
        if p.end:
            changes.append(
                (
                    world.ids.take(StatusChange),
                    p.id,
                    "active",
                    "inactive",
                    p.end,
                    "Moved on",
                    coordinator,
                    world.at(p.end),
                )
            )
    fields = ["id", "first_name", "last_name", "email", "phone", "county_id", "languages", "site_id", "current_role"]
    fields += [
        "lived_experience",
        "permanency_type",
        "permanency_date",
        "status",
        "created_at",
        "updated_at",
        "version",
    ]
    world.done("parent partners", copy_rows(ParentPartner, fields, rows))
    fields = ["id", "parent_partner_id", "role", "started_on", "ended_on", "reason", "recorded_by_id", "recorded_at"]
    world.done("role assignments", copy_rows(RoleAssignment, fields, history))
    fields = ["id", "parent_partner_id", "from_status", "to_status", "on", "reason", "recorded_by_id", "recorded_at"]
    world.done("status changes", copy_rows(StatusChange, fields, changes))
    # A Parent Partner login for the first current Parent Partner of each site ("parentpartner" at the first).
    for n, site_id in enumerate(world.sites):
        current = [p for p in world.partners_by_site[site_id] if p.end is None and p.periods[-1][0] in MENTORING_ROLES]
        if current:
            world.add_user(
                "parentpartner" if n == 0 else f"parentpartner{n + 1}", Role.PARENT_PARTNER, None, current[0].id
            )
    world.done("logins", copy_rows(User, USER_FIELDS, world.user_rows))
    copy_m2m(User.sites.through, ["user_id", "site_id"], world.user_sites)


def pick_mentor(world: World, site_id, day):
    """A Parent Partner of the site who may mentor on `day`, and the end of that window."""
    options = []
    for partner in world.partners_by_site[site_id]:
        for start, end in partner.mentoring_windows():
            if start <= day and (end is None or day < end):
                options.append((partner, end))
    if options:
        return world.rng.choice(options)
    partner = world.rng.choice(world.partners_by_site[site_id])
    return partner, None


def analyze():
    """VACUUM (ANALYZE), not ANALYZE alone: the planner's statistics, and the visibility map that
    autovacuum keeps on a production database, without which a COUNT(*) cannot be an index-only scan
    (a list's count over 118,000 supervision sessions then reads the whole table)."""
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")
