"""Demo data of the random file audits (R-SUP-4): last month's file review of the demo coordinator's
first site and file audit of the demo service area coordinator's area, drawn through
reporting.services.file_audits; nothing once a draw exists."""

from typing import Any

from django.core.exceptions import ValidationError

from parentpartner.dates import first_of_month, previous_month
from parentpartner.roles import Role
from reporting.models import FileAuditDraw
from reporting.services import file_audits as audits

# A fixed seed so that the demo's draws are the same on every machine.
DEMO_SEED = 20261122


def load(demo: Any) -> None:
    if not FileAuditDraw.objects.exists():
        _last_month_draws(demo)


def _last_month_draws(demo: Any) -> None:
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
