"""The mentoring app's sections of the home and Parent Partner pages (see parentpartner.panels).
Counts come from the database in a fixed number of queries."""

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from mentoring.models import Assignment, Case, CaseStatus, FormStatus, OutreachForm, SafetyConcern
from mentoring.services import cases, reassignments, supervision
from parentpartner.access import has_permission
from parentpartner.models import ParentPartner
from parentpartner.panels import Panel
from parentpartner.roles import Role
from parentpartner.subqueries import count_many


def home_panels(user: Any) -> list[Panel]:
    support = _support_panel(user)
    return _family_panels(user) + ([support] if support is not None else [])


def _family_panels(user: Any) -> list[Panel]:
    """Coordinators: what waits for them (R-FAM-3, R-FAM-7), first the families to reassign now
    (R-REV-4, R-ELIG-2). A Parent Partner: their families."""
    if has_permission(user, "family.list"):
        today = timezone.localdate()
        visible = Case.objects.visible_to(user)
        assignments = Assignment.objects.filter(case__in=visible)
        last_month, missing = cases.last_month_missing_forms(assignments, today)
        counts = count_many(
            awaiting=visible.filter(status=CaseStatus.AWAITING_ASSIGNMENT),
            overdue=cases.overdue_first_contacts(assignments, today),
            missing=missing,
            urgent=reassignments.urgent_assignments(assignments),
        )
        return [Panel("mentoring/panel_home.html", {**counts, "last_month": last_month})]
    if user.parent_partner_id and has_permission(user, "family.view"):
        return [Panel("mentoring/panel_partner.html", {"assignments": current_assignments(user.parent_partner_id)})]
    return []


def parent_partner_panels(user: Any, partner: ParentPartner) -> list[Panel]:
    if not has_permission(user, "family.list"):
        return []
    return [Panel("mentoring/panel_partner.html", {"assignments": current_assignments(partner.pk)})]


def current_assignments(partner_id: int) -> QuerySet:
    return (
        Assignment.objects.filter(parent_partner_id=partner_id, ended_on__isnull=True)
        .select_related("case__family")
        .order_by("case__family__parent_last_name")
    )


OPEN_CONCERNS_SHOWN = 10


def _support_panel(user: Any) -> Panel | None:
    """R-SUP-1, R-SUP-2 flags and the outreach forms to review for coordinators; open safety concerns
    with steps not done (R-SAFE-1..3) for coordinators, and a Parent Partner's own."""
    context: dict[str, Any] = {"flags": None, "outreach_to_review": None, "concerns": None}
    if has_permission(user, "supervision.record"):
        context["flags"] = supervision.flag_counts(ParentPartner.objects.visible_to(user))
    counted: dict[str, QuerySet] = {}
    if has_permission(user, "outreach_form.review"):
        counted["outreach_to_review"] = OutreachForm.objects.visible_to(user).filter(status=FormStatus.SUBMITTED)
    open_concerns = SafetyConcern.objects.visible_to(user).open()
    if has_permission(user, "safety_concern.coordinate") or user.role == Role.PARENT_PARTNER:
        counted["open_concern_count"] = open_concerns
    context.update(count_many(**counted) if counted else {})
    if "open_concern_count" in counted:
        context["concerns"] = list(
            open_concerns.select_related("case__family", "parent_partner").order_by("known_on", "pk")[
                :OPEN_CONCERNS_SHOWN
            ]
        )
    if all(value is None for value in (context["flags"], context["outreach_to_review"], context["concerns"])):
        return None
    return Panel("mentoring/panel_support_home.html", context)
