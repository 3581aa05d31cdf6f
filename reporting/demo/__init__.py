"""Demo data of the reporting app, called by `manage.py seed_demo` after the core demo data. Idempotent.

`demo` carries what the core made: demo.sites (name -> Site), demo.partners (list), demo.users
(username -> User), demo.today and demo.rng (a seeded random.Random). One module per part: file
audits, outcomes (closed families and re-entries), meetings, the quarterly report and the export log.
"""

from typing import Any

from reporting.demo import exports, file_audits, meetings, outcomes, quarterly_reports


def load(demo: Any) -> None:
    file_audits.load(demo)
    # The quarterly report's own rows, after the draws of last month (they skip a month drawn already).
    quarterly_reports.load(demo)
    # Closed families across the last 8 quarters with re-entries, then the meetings: once, together.
    if not meetings.any_recorded():
        outcomes.load(demo)
        meetings.load(demo)
    exports.load(demo)
