"""Mentoring's entries in the navigation bar (`parentpartner.navigation`): its pages share one menu so
that the bar fits a laptop screen; it reads "My work" for those who keep no list of families."""

from parentpartner.access import has_permission
from parentpartner.navigation import Menu, NavItem


def _menu_label(user) -> str:
    return "Families" if has_permission(user, "family.list") else "My work"


NAVIGATION = [
    Menu("families", "Families", order=30, alone="link", label_for=_menu_label),
    NavItem("Worklist", "mentoring:worklist", "family.list", menu="families"),
    NavItem("All families", "mentoring:family-list", "family.list", menu="families"),
    NavItem("Safety concerns", "mentoring:safety-concern-list", "safety_concern.view", menu="families"),
    NavItem("Supervision and clinical support", "mentoring:supervision-list", "supervision.view", menu="families"),
    NavItem("Community outreach forms", "mentoring:outreach-form-list", "outreach_form.view", menu="families"),
    NavItem("Time and mileage for pay", "mentoring:pay-report", "pay.view", menu="families"),
]
