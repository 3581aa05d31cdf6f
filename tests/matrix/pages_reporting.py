"""The reporting app's pages in the permission matrix (see tests/matrix/test_permissions.py).

Random file audits (R-SUP-4): coordinators and the contract manager read them; the site coordinator
and the service area coordinator draw; any coordinator in scope completes a checklist. The rows are
site file reviews, so that a1 / a2 / b1 are the own site, the same area and another area."""

from django.utils import timezone

from parentpartner.models import ExportLog, Role
from reporting.models import FileAudit, FileAuditDraw
from reporting.services.quarters import last_complete_quarter
from tests.factories import AssignmentFactory, file_review_at
from tests.matrix import COORDINATORS, Page, export_purpose, site_at

VIEW = COORDINATORS | {Role.CONTRACT_MANAGER}
DRAWERS = {Role.SITE_COORDINATOR, Role.SERVICE_AREA_COORDINATOR}
# Quarterly reports (R-SUP-5): coordinators and the contract manager, for a site in their scope.
REPORT = COORDINATORS | {Role.CONTRACT_MANAGER}
QUARTER = str(last_complete_quarter(timezone.localdate()))
LAST_MONTH = (timezone.localdate().replace(day=1) - timezone.timedelta(days=1)).replace(day=1)


def draw_at(world, suffix):
    return file_review_at(site_at(world, suffix), LAST_MONTH)


def file_at(world, suffix):
    return draw_at(world, suffix).audits.first()


def draw_data(world, _row, user):
    # A family active last month at site a1 (in the coordinator's sites and the SAC's area).
    AssignmentFactory(case__family__site=world.site_a1, assigned_on=LAST_MONTH)
    return {"month": f"{LAST_MONTH:%Y-%m}", "sample_size": "1", "site": world.site_a1.pk}


def review_data(_world, row, _user):
    return {
        "version": row.version,
        "forms_check": "met",
        "first_contact_check": "met",
        "consent_check": "met",
        "safety_check": "na",
        "supervision_check": "not_met",
        "findings": "Supervision not logged for the month.",
        "corrective_actions": "",
    }


PAGES = [
    Page("reporting:audit-draw-list", VIEW),
    Page("reporting:audit-draw-create", DRAWERS, post=draw_data, watch=(FileAuditDraw, FileAudit)),
    Page("reporting:audit-draw-detail", VIEW, draw_at),
    Page("reporting:file-audit-detail", VIEW, file_at),
    Page("reporting:file-audit-update", COORDINATORS, file_at, review_data, watch=(FileAudit,)),
    Page("reporting:quarterly-choose", REPORT),
    Page("reporting:quarterly-report", REPORT, site_at, args=lambda site: [QUARTER, f"site-{site.pk}"]),
    Page("reporting:quarterly-records", REPORT, site_at, args=lambda site: [QUARTER, f"site-{site.pk}", "served"]),
    *(
        Page(
            "reporting:quarterly-download",
            REPORT,
            site_at,
            export_purpose,
            watch=(ExportLog,),
            post_status=200,
            args=lambda site, fmt=fmt: [QUARTER, f"site-{site.pk}", fmt],
        )
        for fmt in ("csv", "xlsx")
    ),
    Page(
        "reporting:quarterly-print",
        REPORT,
        site_at,
        export_purpose,
        watch=(ExportLog,),
        post_status=200,
        args=lambda site: [QUARTER, f"site-{site.pk}"],
    ),
]
