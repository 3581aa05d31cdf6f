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
    if has_permission(user, "family.list"):
        links.append(("Families", "mentoring:worklist"))
    if has_permission(user, "training.view"):
        links.append(("Training", "training:overview"))
    if has_permission(user, "eligibility.list"):
        links.append(("Eligibility", "eligibility:record-list"))
    if has_permission(user, "approval_form.list"):
        links.append(("Approvals", "parentpartner:approval-form-list"))
    if has_permission(user, "lead_case.view"):
        links.append(("Lead cases", "parentpartner:lead-case-list"))
    if has_permission(user, "certification.manage"):
        links.append(("Certification", "parentpartner:certification-list"))
    if user.role in (Role.SYSTEM_ADMINISTRATOR, Role.STATEWIDE_COORDINATOR):
        links.append(("Administration", "admin:index"))
    return {"nav_links": links}
