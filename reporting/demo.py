"""Demo data of the reporting app, called by `manage.py seed_demo` after the core demo data. Idempotent."""

from django.core.exceptions import ValidationError

from parentpartner.dates import first_of_month, previous_month
from parentpartner.models import ExportLog, Role
from reporting import audits, demo_dashboards, demo_quarterly
from reporting.models import FileAuditDraw

# A fixed seed so that the demo's draws are the same on every machine.
DEMO_SEED = 20261122


def load(demo):
    _file_audits(demo)
    # Closed families across the last 8 quarters, re-entries and meetings.
    demo_dashboards.load(demo)
    _export_log(demo)


def _export_log(demo):
    """Last month's pay report, exported by the contract manager for invoicing: the export log page
    shows a row (and the benchmark counts that page's queries with rows, as on the scale data)."""
    if ExportLog.objects.exists():
        return
    month = previous_month(first_of_month(demo.today))
    ExportLog.objects.create(
        user=demo.users["contractmanager"],
        what="mentoring:pay-report-xlsx",
        path=f"/mentoring/pay/xlsx/?month={month:%Y-%m}",
        params={"month": f"{month:%Y-%m}"},
        file_format="xlsx",
        purpose="payment",
        row_count=len(demo.partners),
    )


def _file_audits(demo):
    """`demo` carries what the core made: demo.sites (name -> Site), demo.partners (list), demo.users
    (username -> User), demo.today and demo.rng (a seeded random.Random).

    Last month's file review of the demo coordinator's first site and file audit of the demo service
    area coordinator's area (R-SUP-4), drawn through reporting.audits; nothing once a draw exists.
    Then the quarterly report's demo data (reporting.demo_quarterly)."""
    if not FileAuditDraw.objects.exists():
        _last_month_draws(demo)
    demo_quarterly.load(demo)


def _last_month_draws(demo):
    month = previous_month(first_of_month(demo.today))
    coordinator = next((u for u in demo.users.values() if u.role == Role.SITE_COORDINATOR), None)
    sac = next((u for u in demo.users.values() if u.role == Role.SERVICE_AREA_COORDINATOR), None)
    if coordinator is not None:
        site = coordinator.sites.order_by("name").first()
        size = min(3, len(audits.population(month, site=site))) if site else 0
        if size:
            audits.draw(coordinator, month=month, sample_size=size, site=site, seed=DEMO_SEED)
    if sac is not None and sac.service_area_id:
        size = min(5, len(audits.population(month, area=sac.service_area)))
        if size:
            try:
                audits.draw(sac, month=month, sample_size=size, seed=DEMO_SEED)
            except ValidationError:
                pass  # nothing to draw in the demo area this month
