"""Parent Partners' records: list, detail, entering a new person through the door (R-ROLE-1,
R-ROLE-2, R-ELIG-2), recording someone from the paper roster (R-ROLE-5), changing a record."""

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.views.generic import CreateView, DetailView, ListView, UpdateView

from parentpartner import panels
from parentpartner.access import has_permission, site_ids_of
from parentpartner.filters import ParentPartnerFilter
from parentpartner.forms.people import PaperRosterForm, ParentPartnerCreateForm, ParentPartnerForm
from parentpartner.models import ParentPartner, RoleAssignment
from parentpartner.services import door
from parentpartner.viewmixins import AuditedSaveMixin, CreatesOnceMixin, FilteredListMixin, HistoryMixin, ScopedMixin


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


class ParentPartnerCreateView(CreatesOnceMixin, ScopedMixin, AuditedSaveMixin, CreateView):
    permission = "parent_partner.change"
    model = ParentPartner
    form_class = ParentPartnerCreateForm
    template_name = "parentpartner/parentpartner_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_initial(self):
        # A coordinator of one site gets it preselected.
        site_ids = site_ids_of(self.request.user)
        if site_ids is not None and len(site_ids) == 1:
            return {"site": next(iter(site_ids))}
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
