"""The mentoring app's sections of the home page (see parentpartner.panels). Counts come from the
database in a fixed number of queries."""

from mentoring import supervision
from mentoring.models import FormStatus, OutreachForm, SafetyConcern
from parentpartner.access import has_permission
from parentpartner.models import ParentPartner
from parentpartner.panels import Panel

OPEN_CONCERNS_SHOWN = 10


def home_panels(user):
    panels = []
    support = _support_panel(user)
    if support is not None:
        panels.append(support)
    return panels


def _support_panel(user):
    """R-SUP-1, R-SUP-2 flags and the outreach forms to review for coordinators; open safety concerns
    with steps not done (R-SAFE-1..3) for coordinators, and a Parent Partner's own."""
    context = {"flags": None, "outreach_to_review": None, "concerns": None}
    if has_permission(user, "supervision.record"):
        context["flags"] = supervision.flag_counts(ParentPartner.objects.visible_to(user))
    if has_permission(user, "outreach_form.review"):
        context["outreach_to_review"] = (
            OutreachForm.objects.visible_to(user).filter(status=FormStatus.SUBMITTED).count()
        )
    if has_permission(user, "safety_concern.coordinate") or user.role == "parent_partner":
        open_concerns = SafetyConcern.objects.visible_to(user).open()
        context["open_concern_count"] = open_concerns.count()
        context["concerns"] = list(
            open_concerns.select_related("case__family", "parent_partner").order_by("known_on", "pk")[
                :OPEN_CONCERNS_SHOWN
            ]
        )
    if all(value is None for value in (context["flags"], context["outreach_to_review"], context["concerns"])):
        return None
    return Panel("mentoring/panel_support_home.html", context)
