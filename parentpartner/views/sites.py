"""The site directory (R-ORG-1): list, detail, create, change."""

from django.contrib import messages
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.views.generic import CreateView, DetailView, ListView, UpdateView

from parentpartner.access import has_permission
from parentpartner.filters import SiteFilter
from parentpartner.forms.sites import SiteChangeForm, SiteForm
from parentpartner.models import ParentPartner, PartnerRole, PartnerStatus, Role, Site
from parentpartner.viewmixins import AuditedSaveMixin, CreatesOnceMixin, FilteredListMixin, HistoryMixin, ScopedMixin


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


class SiteCreateView(CreatesOnceMixin, ScopedMixin, AuditedSaveMixin, CreateView):
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

    def form_valid(self, form):
        """A county goes only when the user unticks it (R-ORG-1); the page then says which went."""
        before = list(self.object.counties.order_by("name"))
        response = super().form_valid(form)
        kept = set(form.cleaned_data.get("counties") or [])
        removed = [county.name for county in before if county not in kept]
        if response.status_code == 302 and removed:
            messages.info(self.request, f"No longer covered by this site: {', '.join(removed)}.")
        return response

    def get_success_url(self):
        return self.object.get_absolute_url()
