"""Role progression's sections of shared pages (see parentpartner.panels): "waiting for my signature"
on the home page (R-ROLE-5 forms, R-ROLE-6 Lead steps, R-ROLE-8 missing certification) and a link to
the progression page on a Parent Partner's page. A fixed number of queries each."""

from typing import Any

from parentpartner.access import has_permission
from parentpartner.models import ParentPartner, Role
from parentpartner.panels import Panel
from parentpartner.services import lead, progression

SHOWN = 10
SIGNERS = {Role.SITE_COORDINATOR, Role.SERVICE_AREA_COORDINATOR, Role.STATEWIDE_COORDINATOR, Role.CONTRACT_MANAGER}


def home_panels(user: Any) -> list[Panel]:
    """Forms and Lead cases whose next step is this user's: two queries (three for the statewide
    coordinator, with the count of coordinators missing certification)."""
    if user.role not in SIGNERS:
        return []
    forms = list(progression.forms_waiting_for(user).select_related("parent_partner").order_by("started_at")[:SHOWN])
    cases = list(lead.cases_waiting_for(user).select_related("site").order_by("requested_on")[:SHOWN])
    context = {"forms": forms, "cases": cases, "count": len(forms) + len(cases)}
    if has_permission(user, "certification.manage"):
        context["missing_certification"] = lead.coordinators_missing_certification(user).count()
    return [Panel("parentpartner/roles/panel_waiting.html", context)]


def parent_partner_panels(user: Any, partner: ParentPartner) -> list[Panel]:
    """The open approval form, if any, and whether it waits for this user: one query."""
    if not has_permission(user, "progression.view"):
        return []
    open_form = partner.approval_forms.open().first()
    my_turn = open_form is not None and progression.refusal(open_form, user) is None
    return [
        Panel(
            "parentpartner/roles/panel_partner.html", {"partner": partner, "open_form": open_form, "my_turn": my_turn}
        )
    ]
