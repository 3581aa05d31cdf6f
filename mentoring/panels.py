from django.utils import timezone

from mentoring import services
from mentoring.models import Assignment, Case, CaseStatus
from parentpartner.access import has_permission
from parentpartner.panels import Panel


def home_panels(user):
    """Coordinators: what waits for them (R-FAM-3, R-FAM-7). A Parent Partner: their families."""
    if has_permission(user, "family.list"):
        today = timezone.localdate()
        cases = Case.objects.visible_to(user)
        assignments = Assignment.objects.filter(case__in=cases)
        return [
            Panel(
                "mentoring/panel_home.html",
                {
                    "awaiting": cases.filter(status=CaseStatus.AWAITING_ASSIGNMENT).count(),
                    "overdue": services.overdue_first_contacts(assignments, today).count(),
                    "missing": services.missing_forms(assignments, services.previous_month(today)).count(),
                    "last_month": services.previous_month(today),
                },
            )
        ]
    if user.parent_partner_id and has_permission(user, "family.view"):
        return [Panel("mentoring/panel_partner.html", {"assignments": current_assignments(user.parent_partner_id)})]
    return []


def parent_partner_panels(user, partner):
    if not has_permission(user, "family.list"):
        return []
    return [Panel("mentoring/panel_partner.html", {"assignments": current_assignments(partner.pk)})]


def current_assignments(partner_id):
    return (
        Assignment.objects.filter(parent_partner_id=partner_id, ended_on__isnull=True)
        .select_related("case__family")
        .order_by("case__family__parent_last_name")
    )
