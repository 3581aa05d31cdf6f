from typing import Any

from parentpartner.access import has_permission
from parentpartner.models import ParentPartner
from parentpartner.panels import Panel
from parentpartner.subqueries import count_many
from training import services


def parent_partner_panels(user: Any, partner: ParentPartner) -> list[Panel]:
    if not has_permission(user, "training.checklist.view"):
        return []
    checklist = services.checklist(partner)
    return [
        Panel(
            "training/panel_partner.html",
            {"partner": partner, "checklist": checklist, "gate": services.mentoring_gate(partner, checklist)},
        )
    ]


def home_panels(user: Any) -> list[Panel]:
    if has_permission(user, "training.view"):
        partners = ParentPartner.objects.visible_to(user)
        return [
            Panel(
                "training/panel_home.html",
                count_many(
                    overdue_count=services.overdue_partners(partners),
                    due_soon_count=services.due_soon_partners(partners),
                ),
            )
        ]
    if user.parent_partner_id and has_permission(user, "training.checklist.view"):
        partner = ParentPartner.objects.visible_to(user).first()
        if partner:
            return parent_partner_panels(user, partner)
    return []
