"""Reporting's entries in the navigation bar (`parentpartner.navigation`): one "Reports" menu, or the one
link a user may follow."""

from parentpartner.navigation import Menu, NavItem

NAVIGATION = [
    Menu("reports", "Reports", order=70, alone="link"),
    NavItem("Dashboard", "reporting:dashboard", "dashboard.view", menu="reports"),
    NavItem("Quarterly reports", "reporting:quarterly-choose", "quarterly_report.view", menu="reports"),
    NavItem("Outcomes", "reporting:outcomes", "outcomes.view", menu="reports"),
    NavItem("Meetings", "reporting:meeting-list", "meeting.view", menu="reports"),
    NavItem("Random file audits", "reporting:audit-draw-list", "file_audit.view", menu="reports"),
]
