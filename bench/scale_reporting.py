"""Scale data, part four: what the reporting and security issues (7, 8) keep. Meetings (R-ORG-4,
R-SUP-3) over the whole period with a few attendees each, re-entries into care after about 8% of
reunifications (R-OUT-1), and rows of the append-only access and export logs (inserts only; the
trigger of parentpartner migration 0005 refuses updates and deletes, never inserts).

Meetings go in with COPY; re-entries and log rows with set-based INSERT ... SELECT.
"""

import datetime

from bench.copy import copy_m2m, copy_rows, execute
from bench.scale import World
from parentpartner.models import Role, User
from reporting.models import Meeting, MeetingKind

# Intervals of each kind of meeting as held (the rules' maximum is a little longer: reporting.meetings).
STEERING_EVERY, ADVISORY_EVERY, SUPERVISION_EVERY, LIAISON_EVERY = 91, 182, 14, 30
REENTRY_PERCENT = 8


def _days(world, start, every, jitter):
    """Meeting days from `start` to today, about `every` days apart; now and then one comes late."""
    rng, day = world.rng, start + datetime.timedelta(days=world.rng.randint(0, every - 1))
    while day < world.today:
        yield day
        late = rng.randint(1, every // 2) if rng.random() < 0.05 else 0
        day += datetime.timedelta(days=every + rng.randint(-jitter, jitter) + late)


def build_meetings(world: World):
    """Per service area a steering committee quarterly and a meeting with the DHS liaison monthly, the
    SAC's supervision of each site coordinator every two weeks; the advisory committee twice a year."""
    liaison = dict(User.objects.filter(role=Role.DHS_LIAISON).values_list("service_area_id", "pk"))
    coordinators_of = {
        area: [world.coordinator[s] for s in world.sites if world.site_area[s] == area] for area in world.areas
    }
    meetings, attendees = [], []

    def add(kind, day, area, coordinator, recorder, people, others=""):
        pk = world.ids.take(Meeting)
        meetings.append((pk, kind, day, area, coordinator, others, "", recorder, world.at(day), 1))
        attendees.extend((pk, person) for person in dict.fromkeys(people) if person)

    for area in world.areas:
        sac, coordinators = world.area_coordinator[area], coordinators_of[area]
        for day in _days(world, world.start, STEERING_EVERY, 7):
            present = world.rng.sample(coordinators, min(3, len(coordinators)))
            add(MeetingKind.STEERING_COMMITTEE, day, area, None, sac, [sac, liaison.get(area), *present],
                "Community partner, Parent Partner representative")  # fmt: skip
        for day in _days(world, world.start, LIAISON_EVERY, 3):
            add(MeetingKind.LIAISON_MEETING, day, area, None, sac, [sac, liaison.get(area)])
        for coordinator in coordinators:
            for day in _days(world, world.start, SUPERVISION_EVERY, 2):
                add(MeetingKind.COORDINATOR_SUPERVISION, day, area, coordinator, sac, [sac, coordinator])
    sacs = list(world.area_coordinator.values())
    for day in _days(world, world.start, ADVISORY_EVERY, 10):
        add(MeetingKind.ADVISORY_COMMITTEE, day, None, None, world.statewide,
            [world.statewide, world.contract_manager, *world.rng.sample(sacs, min(2, len(sacs)))], "DHS program manager")  # fmt: skip
    fields = ["id", "kind", "held_on", "service_area_id", "coordinator_id", "other_attendees", "notes"]
    world.done("meetings", copy_rows(Meeting, [*fields, "recorded_by_id", "created_at", "version"], meetings))
    world.done("meeting attendees", copy_m2m(Meeting.attendees.through, ["meeting_id", "user_id"], attendees))


def build_reentries(world: World):
    """About 8% of reunified cases see a child re-enter care within 12 months of the closing, recorded
    by the site's coordinator (the pick is a hash of the case id: reproducible, set-based)."""
    count = execute(
        """INSERT INTO reporting_reentry (family_id, reentered_on, note, recorded_by_id, created_at, version)
           SELECT k.family_id, k.closed_on + (1 + (k.id * 37) %% 360)::int, '',
                  (SELECT us.user_id FROM parentpartner_user_sites us JOIN parentpartner_user u ON u.id = us.user_id
                   WHERE us.site_id = f.site_id AND u.role = 'site_coordinator' ORDER BY us.user_id LIMIT 1),
                  (k.closed_on + (1 + (k.id * 37) %% 360)::int)::timestamptz + interval '17 hours', 1
           FROM mentoring_case k JOIN mentoring_family f ON f.id = k.family_id
           WHERE k.outcome = 'reunified' AND k.closed_on IS NOT NULL AND (k.id * 7919) %% 100 < %s
             AND k.closed_on + (1 + (k.id * 37) %% 360)::int < %s""",
        [REENTRY_PERCENT, world.today],
    )
    world.done("re-entries", count)


def build_logs(world: World):
    """The access log: the coordinator opened the family's page when each form of the last year was
    approved, and the form's page; the export log: each coordinator's monthly pay export, the contract
    manager's statewide one, and each SAC's quarterly report download."""
    since = world.today - datetime.timedelta(days=365)
    count = execute(
        """INSERT INTO parentpartner_accesslogentry (user_id, family_id, path, at)
           SELECT COALESCE(f.approved_by_id, f.created_by_id), k.family_id, p.path || k.family_id || '/',
                  COALESCE(f.approved_at, f.created_at) + p.offset_
           FROM mentoring_activityform f JOIN mentoring_assignment a ON a.id = f.assignment_id
           JOIN mentoring_case k ON k.id = a.case_id
           CROSS JOIN (VALUES ('/mentoring/families/', interval '0 minutes'),
                              ('/mentoring/families/', interval '3 days')) AS p(path, offset_)
           WHERE f.month >= %s AND COALESCE(f.approved_by_id, f.created_by_id) IS NOT NULL""",
        [since],
    )
    world.done("access log entries", count)
    count = execute(
        """INSERT INTO parentpartner_exportlog (user_id, what, path, params, file_format, purpose, purpose_detail,
                                                row_count, at)
           SELECT u.id, 'mentoring:pay-report-xlsx', '/mentoring/pay/xlsx/?month=' || to_char(m, 'YYYY-MM'),
                  jsonb_build_object('month', to_char(m, 'YYYY-MM')), 'xlsx', 'payment', '', 12 + u.id %% 20,
                  m + interval '1 month 3 days 15 hours'
           FROM parentpartner_user u
           CROSS JOIN generate_series(date_trunc('month', %s::date), date_trunc('month', %s::date) - interval '1 month',
                                      interval '1 month') AS m
           WHERE u.role IN ('site_coordinator', 'contract_manager')""",
        [world.start, world.today],
    )
    count += execute(
        """INSERT INTO parentpartner_exportlog (user_id, what, path, params, file_format, purpose, purpose_detail,
                                                row_count, at)
           SELECT u.id, 'reporting:quarterly-download', '/reporting/quarterly/', jsonb_build_object('scope',
                  'area-' || u.service_area_id), 'csv', 'reporting', '', NULL, q + interval '3 months 10 days'
           FROM parentpartner_user u
           CROSS JOIN generate_series(date_trunc('quarter', %s::date), date_trunc('quarter', %s::date)
                                      - interval '3 months', interval '3 months') AS q
           WHERE u.role = 'service_area_coordinator'""",
        [world.start, world.today],
    )
    world.done("export log entries", count)
