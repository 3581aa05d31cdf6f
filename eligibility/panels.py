"""Eligibility's sections of shared pages (see parentpartner.panels). Each runs a fixed number of
queries, whatever the number of checks, cases or plan items."""

from typing import Any

from django.utils import timezone

from eligibility.models import EligibilityRecord, Outcome, PlanItem, ReviewCase
from eligibility.services.mentoring import mentoring_from
from eligibility.services.screening import evaluate
from parentpartner.access import has_permission
from parentpartner.models import ParentPartner, PartnerRole
from parentpartner.panels import Panel
from parentpartner.roles import Role

OVERDUE_SHOWN = 10


def parent_partner_panels(user: Any, partner: ParentPartner) -> list[Panel]:
    """Eligibility for the current and next role today (R-ELIG-1, R-ELIG-2) and whether the person may
    mentor (R-REV-4): at most four queries (screening, its checks, its disqualifiers, the cases)."""
    if not has_permission(user, "eligibility.view"):
        return []
    today = timezone.localdate()
    record = (
        EligibilityRecord.objects.visible_to(user)
        .filter(parent_partner=partner)
        .prefetch_related("checks", "disqualifiers")
        .first()
    )
    cases = list(ReviewCase.objects.filter(parent_partner=partner).order_by("-opened_on", "-pk"))
    no_longer_eligible = [c for c in cases if c.outcome == Outcome.NO_LONGER_ELIGIBLE and c.reinstated_on is None]
    roles = list(PartnerRole)
    current = PartnerRole(partner.current_role)
    answers = [evaluate(partner, current, record, no_longer_eligible, today)]
    if roles.index(current) + 1 < len(roles):
        answers.append(evaluate(partner, roles[roles.index(current) + 1], record, no_longer_eligible, today))
    sees_cases = has_permission(user, "review_case.view")
    context: dict[str, Any] = {
        "partner": partner,
        "record": record,
        "answers": answers,
        "can_change": has_permission(user, "eligibility.change"),
        "sees_cases": sees_cases,
    }
    if sees_cases:
        context.update(
            mentoring=mentoring_from(record, [c for c in cases if c.stops_mentoring]),
            cases=cases[:5],
            open_case=next((c for c in cases if c.is_open), None),
            can_open_case=has_permission(user, "review_case.open"),
        )
    return [Panel("eligibility/panel_parent_partner.html", context)]


def home_panels(user: Any) -> list[Panel]:
    """Overdue plan items of review cases (R-REV-2) on the coordinator's and the service area
    coordinator's home: two queries (the count and the first rows)."""
    if user.role not in (Role.SITE_COORDINATOR, Role.SERVICE_AREA_COORDINATOR):
        return []
    overdue = PlanItem.objects.visible_to(user).overdue(timezone.localdate())
    items = list(overdue.select_related("case__parent_partner").order_by("due_on", "pk")[:OVERDUE_SHOWN])
    count = len(items) if len(items) < OVERDUE_SHOWN else overdue.count()
    return [Panel("eligibility/panel_overdue_plan_items.html", {"items": items, "count": count})]
