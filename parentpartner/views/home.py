"""Each role's start page and a Parent Partner's shortcut to their own record."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render

from parentpartner import panels
from parentpartner.access import area_of, has_permission, is_statewide, site_ids_of
from parentpartner.models import ParentPartner, PartnerRole, Role, Site


@login_required
def home(request):
    """Each role's start page: what is in their scope at a glance. Later issues add their panels."""
    user = request.user
    context = {"statewide": is_statewide(user), "area": area_of(user), "role_label": user.get_role_display()}
    sites = None
    if (site_ids := site_ids_of(user)) is not None:
        sites = list(Site.objects.filter(pk__in=site_ids).values_list("name", "is_active"))
        context["scope_sites"] = ", ".join(name for name, _active in sites)
    if user.role == Role.PARENT_PARTNER:
        context["partner"] = ParentPartner.objects.visible_to(user).select_related("site", "county").first()
    elif has_permission(user, "parent_partner.list"):
        partners = ParentPartner.objects.visible_to(user)
        counts = partners.active_counts_by_role()
        context["active_partner_count"] = counts["active"]
        context["role_rows"] = [(role.label, counts[role.value], role.value) for role in PartnerRole]
        # A site user's sites were just read; others count theirs.
        context["site_count"] = (
            sum(1 for _name, active in sites if active)
            if sites is not None
            else Site.objects.visible_to(user).filter(is_active=True).count()
        )
    context["panels"] = panels.home_panels(user)
    return render(request, "parentpartner/home.html", context)


@login_required
def my_profile(request):
    """A Parent Partner's shortcut to their own record."""
    if request.user.role != Role.PARENT_PARTNER:
        raise PermissionDenied
    if not request.user.parent_partner_id:
        raise Http404
    return redirect("parentpartner:parent-partner-detail", request.user.parent_partner_id)
