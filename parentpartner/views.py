from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.generic import CreateView, DetailView, ListView, UpdateView

from parentpartner import door, panels
from parentpartner.access import Scope, ScopeKind, has_permission
from parentpartner.filters import ParentPartnerFilter, SiteFilter
from parentpartner.forms import PaperRosterForm, ParentPartnerCreateForm, ParentPartnerForm, SiteChangeForm, SiteForm
from parentpartner.models import ParentPartner, PartnerRole, PartnerStatus, Role, RoleAssignment, Site
from parentpartner.viewmixins import AuditedSaveMixin, FilteredListMixin, HistoryMixin, ScopedMixin


@login_required
def home(request):
    """Each role's start page: what is in their scope at a glance. Later issues add their panels."""
    user = request.user
    scope = Scope.of(user)
    context = {"scope": scope, "role_label": user.get_role_display()}
    sites = None
    if scope.kind is ScopeKind.SITES:
        sites = list(Site.objects.filter(pk__in=scope.site_ids).values_list("name", "is_active"))
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


class SiteListView(FilteredListMixin, ScopedMixin, ListView):
    permission = "site.view"
    model = Site
    filterset_class = SiteFilter
    template_name = "parentpartner/site_list.html"

    def list_queryset(self, queryset):
        # Counted by the database in the list query itself, one correlated subquery per count: no
        # join of every Parent Partner with every county of a site to count DISTINCT, and the
        # paginator's COUNT drops the unused subqueries (counts sites only). Issue 9: the list was
        # slower than the admin changelist with the joins.
        def count_of(rows):
            rows = rows.order_by().values("site").annotate(n=Count("*")).values("n")
            return Coalesce(Subquery(rows, output_field=IntegerField()), 0)

        active = ParentPartner.objects.filter(site=OuterRef("pk"), status=PartnerStatus.ACTIVE)
        counties = Site.counties.through.objects.filter(site=OuterRef("pk"))
        return (
            queryset.select_related("service_area")
            .annotate(active_partner_count=count_of(active), county_count=count_of(counties))
            .order_by("name")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_create"] = has_permission(self.request.user, "site.create")
        return context


class SiteDetailView(ScopedMixin, HistoryMixin, DetailView):
    permission = "site.view"
    model = Site
    template_name = "parentpartner/site_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("service_area").prefetch_related("counties")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["can_change"] = has_permission(user, "site.change")
        context["coordinators"] = self.object.staff.filter(role=Role.SITE_COORDINATOR, is_active=True)
        if has_permission(user, "parent_partner.list"):
            partners = ParentPartner.objects.visible_to(user).filter(site=self.object)
            counts = partners.active_counts_by_role()
            context["role_rows"] = [(role.label, counts[role.value]) for role in PartnerRole]
            context["partner_list_url"] = reverse("parentpartner:parent-partner-list") + f"?site={self.object.pk}"
        return context


class SiteCreateView(ScopedMixin, AuditedSaveMixin, CreateView):
    permission = "site.create"
    model = Site
    form_class = SiteForm
    template_name = "parentpartner/site_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_success_url(self):
        return self.object.get_absolute_url()


class SiteUpdateView(ScopedMixin, AuditedSaveMixin, UpdateView):
    permission = "site.change"
    model = Site
    form_class = SiteChangeForm
    template_name = "parentpartner/site_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_success_url(self):
        return self.object.get_absolute_url()


class ParentPartnerListView(FilteredListMixin, ScopedMixin, ListView):
    permission = "parent_partner.list"
    model = ParentPartner
    filterset_class = ParentPartnerFilter
    template_name = "parentpartner/parentpartner_list.html"

    def list_queryset(self, queryset):
        return queryset.select_related("site", "county")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_create"] = has_permission(self.request.user, "parent_partner.change")
        context["can_record_from_paper"] = has_permission(self.request.user, "parent_partner.record_from_paper")
        return context


class ParentPartnerDetailView(ScopedMixin, HistoryMixin, DetailView):
    permission = "parent_partner.view"
    model = ParentPartner
    template_name = "parentpartner/parentpartner_detail.html"

    def get_queryset(self):
        # The role history is prefetched: the page shows it and the training panel reads the
        # acceptance date from it (one query for both).
        history = RoleAssignment.objects.select_related("recorded_by").order_by("-started_on")
        return (
            super()
            .get_queryset()
            .select_related("site__service_area", "county")
            .prefetch_related(Prefetch("role_history", queryset=history))
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["role_history"] = self.object.role_history.all()
        context["panels"] = panels.parent_partner_panels(self.request.user, self.object)
        context["can_change"] = has_permission(self.request.user, "parent_partner.change")
        return context


class ParentPartnerCreateView(ScopedMixin, AuditedSaveMixin, CreateView):
    permission = "parent_partner.change"
    model = ParentPartner
    form_class = ParentPartnerCreateForm
    template_name = "parentpartner/parentpartner_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_initial(self):
        # A coordinator of one site gets it preselected.
        scope = Scope.of(self.request.user)
        if scope.kind is ScopeKind.SITES and len(scope.site_ids) == 1:
            return {"site": next(iter(scope.site_ids))}
        return {}

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ValidationError as error:
            # Refused by the door: a match with someone recorded, or too soon since reunification.
            # The page shows why, with a link to each match the user may open; nothing is saved.
            found = [p.pk for p in getattr(error, "matches", [])]
            visible = ParentPartner.objects.visible_to(self.request.user).select_related("site")
            self.matches = list(visible.filter(pk__in=found))
            if not hasattr(error, "error_dict"):
                # The door's refusal reads as one message: who, then every reason.
                form.add_error(None, " ".join(error.messages))
            if hasattr(error, "error_dict"):
                for field, errors in error.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            return self.form_invalid(form)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            matches=getattr(self, "matches", []),
            can_record_from_paper=has_permission(self.request.user, "parent_partner.record_from_paper"),
            **kwargs,
        )

    def create(self, form):
        started_on = form.cleaned_data["role_started_on"]
        return door.enter(form.save(commit=False), user=self.request.user, started_on=started_on)

    def get_success_url(self):
        return self.object.get_absolute_url()


class PaperRosterCreateView(ParentPartnerCreateView):
    """The statewide coordinator records someone who already holds a role on the paper roster
    (R-ROLE-1, R-ROLE-5), with the original approval; audited and marked as recorded from paper."""

    permission = "parent_partner.record_from_paper"
    form_class = PaperRosterForm
    template_name = "parentpartner/parentpartner_paper_form.html"

    def create(self, form):
        data = form.cleaned_data
        return door.record_from_paper(
            form.save(commit=False),
            user=self.request.user,
            roles=[door.PaperRole(data["role"], data["role_started_on"])],
            approved_on=data.get("approved_on"),
            approved_by_name=data.get("approved_by_name", ""),
            notes=f"Recorded from paper: {data['paper_notes']}",
        )


class ParentPartnerUpdateView(ScopedMixin, AuditedSaveMixin, UpdateView):
    permission = "parent_partner.change"
    model = ParentPartner
    form_class = ParentPartnerForm
    template_name = "parentpartner/parentpartner_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_success_url(self):
        return self.object.get_absolute_url()
