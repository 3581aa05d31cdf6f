from parentpartner.access import has_permission
from parentpartner.models import Role


def navigation(request):
    """The navigation links this user may follow; the templates show nothing else."""
    user = request.user
    if not user.is_authenticated:
        return {"nav_links": []}
    links = [("Home", "home")]
    if has_permission(user, "site.view"):
        links.append(("Sites", "parentpartner:site-list"))
    if has_permission(user, "parent_partner.list"):
        links.append(("Parent Partners", "parentpartner:parent-partner-list"))
    elif user.role == Role.PARENT_PARTNER and user.parent_partner_id:
        links.append(("My profile", "parentpartner:my-profile"))
    # The mentoring pages share one menu so that the bar fits a laptop screen.
    families = [
        (label, url_name)
        for label, url_name, permission in (
            ("Worklist", "mentoring:worklist", "family.list"),
            ("All families", "mentoring:family-list", "family.list"),
            ("Safety concerns", "mentoring:safety-concern-list", "safety_concern.view"),
            ("Supervision and clinical support", "mentoring:supervision-list", "supervision.view"),
            ("Community outreach forms", "mentoring:outreach-form-list", "outreach_form.view"),
            ("Time and mileage for pay", "mentoring:pay-report", "pay.view"),
        )
        if has_permission(user, permission)
    ]
    if len(families) > 1:
        links.append(("Families" if has_permission(user, "family.list") else "My work", families))
    elif families:
        links.append((families[0][0], families[0][1]))
    if has_permission(user, "training.view"):
        links.append(("Training", "training:overview"))
    if has_permission(user, "eligibility.list"):
        links.append(("Eligibility", "eligibility:record-list"))
    approvals = [
        (label, url_name)
        for label, url_name, permission in (
            ("Approval forms", "parentpartner:approval-form-list", "approval_form.list"),
            ("Lead Parent Partner cases", "parentpartner:lead-case-list", "lead_case.view"),
            ("Coordinator certification", "parentpartner:certification-list", "certification.manage"),
        )
        if has_permission(user, permission)
    ]
    if approvals:
        links.append(("Approvals", approvals))
    reports = [
        (label, url_name)
        for label, url_name, permission in (
            ("Dashboard", "reporting:dashboard", "dashboard.view"),
            ("Quarterly reports", "reporting:quarterly-choose", "quarterly_report.view"),
            ("Outcomes", "reporting:outcomes", "outcomes.view"),
            ("Meetings", "reporting:meeting-list", "meeting.view"),
            ("Random file audits", "reporting:audit-draw-list", "file_audit.view"),
        )
        if has_permission(user, permission)
    ]
    if len(reports) > 1:
        links.append(("Reports", reports))
    elif reports:
        links.append(reports[0])
    logs = [
        (label, url_name)
        for label, url_name, permission in (
            ("Access log", "parentpartner:access-log", "access_log.view"),
            ("Export log", "parentpartner:export-log", "export_log.view"),
        )
        if has_permission(user, permission)
    ]
    # The logs and the admin site share one menu where both apply, so the bar fits a laptop's width.
    if user.role in (Role.SYSTEM_ADMINISTRATOR, Role.STATEWIDE_COORDINATOR):
        links.append(
            ("Administration", [*logs, ("Admin site", "admin:index")]) if logs else ("Administration", "admin:index")
        )
    elif logs:
        links.append(("Logs", logs))
    return {"nav_links": links}
