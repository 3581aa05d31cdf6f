"""Pages of role progression (R-ROLE-1..5): the progression page, accepting into mentoring, pausing,
ending and reinstating, and the Training Verification and Approval form with its signatures. Thin:
the rules are in parentpartner.services.progression and parentpartner.services.door."""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone
from django.views.generic import DetailView, ListView

from parentpartner import records
from parentpartner.access import has_permission
from parentpartner.filters import ApprovalFormFilter
from parentpartner.forms.progression import ApprovalFormStartForm, ReasonForm, SignForm
from parentpartner.models import ApprovalForm, ParentPartner, PartnerRole
from parentpartner.services import door, gates, progression
from parentpartner.viewmixins import CreatesOnceMixin, FilteredListMixin, ScopedMixin, ServiceFormView, history_of_all


class ProgressionView(ScopedMixin, DetailView):
    """The role held, since when, the next role and each requirement's status (R-ROLE-1..6)."""

    permission = "progression.view"
    model = ParentPartner
    template_name = "parentpartner/roles/progression.html"

    def get_queryset(self):
        return super().get_queryset().select_related("site")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        partner, user = self.object, self.request.user
        can_change = has_permission(user, "progression.change")
        forms = list(partner.approval_forms.select_related("started_by"))
        changes = list(partner.status_changes.select_related("recorded_by")[:20])
        context.update(
            state=(state := progression.progression(partner)),
            disqualified=state.disqualified,
            forms=forms,
            status_changes=changes,
            can_accept=can_change and partner.current_role == PartnerRole.IN_TRAINING,
            can_start_form=has_permission(user, "approval_form.start")
            and partner.current_role == PartnerRole.IN_TRAINING_MENTORING
            and not any(f.is_open for f in forms),
            moves=[(move.slug, move.label) for move in progression.status_moves(partner, user)],
        )
        return context


class AcceptIntoMentoringView(ServiceFormView):
    """R-ROLE-3: accept a Parent Partner in Training into mentoring."""

    permission = "progression.change"
    model = ParentPartner
    form_class = ReasonForm
    template_name = "parentpartner/roles/reason_form.html"
    success_message = "Accepted as Parent Partner in Training Mentoring."

    def get_initial(self):
        return {"version": self.object.version}

    def get_context_data(self, **kwargs):
        # Before the user starts: what stands in the way, from the door's own gates (R-ROLE-3).
        blockers = gates.blockers(self.object, gates.Change.ACCEPT_INTO_MENTORING, timezone.localdate())
        return super().get_context_data(title="Accept into mentoring", blockers=blockers, **kwargs)

    def perform(self, form):
        data = form.cleaned_data
        return progression.accept_into_mentoring(
            self.object, user=self.request.user, reason=data["reason"], version=data["version"]
        )

    def get_success_url(self, result=None):
        return self.object.get_absolute_url()


class StatusChangeView(ServiceFormView):
    """Pause, end or reinstate a role with a reason (the recorded path)."""

    permission = "progression.change"
    model = ParentPartner
    form_class = ReasonForm
    template_name = "parentpartner/roles/reason_form.html"

    def dispatch(self, request, *args, **kwargs):
        # The coordinators' moves of door.STANDING; the findings that end a role have no page.
        self.move = door.STANDING.get(kwargs["move"])
        if self.move is None or self.move.permission != self.permission:
            raise Http404("No such change.")
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {"version": self.object.version}

    def label(self):
        return self.move.label

    def get_context_data(self, **kwargs):
        change = gates.Change(self.move.slug)
        # A reinstatement is an approval: the page says first what stands in the way (R-ELIG-2, R-REV-4).
        blockers = gates.blockers(self.object, change, timezone.localdate()) if change.is_approval else []
        return super().get_context_data(title=self.label(), blockers=blockers, **kwargs)

    def perform(self, form):
        self.success_message = f"{self.label()}: recorded."
        data = form.cleaned_data
        return progression.change_status(
            self.object, self.move.slug, user=self.request.user, reason=data["reason"], version=data["version"]
        )


# ---------------------------------------------------------------------------------------------------
# Training Verification and Approval form (R-ROLE-5)


class ApprovalFormListView(FilteredListMixin, ScopedMixin, ListView):
    permission = "approval_form.list"
    model = ApprovalForm
    filterset_class = ApprovalFormFilter
    template_name = "parentpartner/roles/approvalform_list.html"

    def list_queryset(self, queryset):
        return queryset.select_related("parent_partner__site")


class ApprovalFormCreateView(CreatesOnceMixin, ServiceFormView):
    permission = "approval_form.start"
    model = ParentPartner
    form_class = ApprovalFormStartForm
    template_name = "parentpartner/roles/approvalform_start.html"
    success_message = "Form started."

    def get_context_data(self, **kwargs):
        return super().get_context_data(state=progression.progression(self.object), **kwargs)

    def perform(self, form):
        data = form.cleaned_data
        return progression.start_form(self.object, user=self.request.user, commits=data["commits"], notes=data["notes"])

    def get_success_url(self, result=None):
        return result.get_absolute_url()


class ApprovalFormDetailView(ScopedMixin, DetailView):
    permission = "approval_form.view"
    model = ApprovalForm
    template_name = "parentpartner/roles/approvalform_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("parent_partner__site", "started_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form, user = self.object, self.request.user
        signatures = list(form.signatures.select_related("signed_by"))
        context.update(
            signatures=signatures,
            actions=[
                (move.slug, move.options.get("paper", False))
                for move in progression.SIGNING.available(form, user)
                if progression.refusal(form, user, on_paper=move.options.get("paper", False)) is None
            ],
            history=history_of_all(user, [form, *signatures]),
        )
        return context


class ApprovalFormPrintView(ApprovalFormDetailView):
    """The form as a clean page to print and file (R-ROLE-5)."""

    template_name = "parentpartner/roles/approvalform_print.html"


class SignView(ServiceFormView):
    """Sign, or return with a reason, re-entering one's own password (R-ROLE-5). The signer is always
    the logged-in user; the order and "not about themselves" are progression's refusals."""

    model = ApprovalForm
    form_class = SignForm
    template_name = "parentpartner/roles/sign.html"

    def dispatch(self, request, *args, **kwargs):
        self.move = progression.SIGNING.get(kwargs["signer"])
        if self.move is None:
            raise Http404("No such signer.")
        self.signer, self.permission = self.move.options["signer"], self.move.permission
        self.paper = self.move.options.get("paper", False)
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return super().get_queryset().select_related("parent_partner__site")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "paper": self.paper}

    def get_initial(self):
        return {"version": self.object.version}

    def get_context_data(self, **kwargs):
        refusal = progression.refusal(self.object, self.request.user, on_paper=self.paper)
        if refusal is None:
            refusal = progression.SIGNING.refusal(self.object, self.move)
        return super().get_context_data(
            signer=self.signer,
            paper=self.paper,
            refusal=refusal,
            state=progression.progression(self.object.parent_partner),
            **kwargs,
        )

    def perform(self, form):
        data, user = form.cleaned_data, self.request.user
        if data["version"] is not None and data["version"] != self.object.version:
            # Someone signed or returned it since this page was opened: a conflict (409), told as such.
            raise records.Conflict("form")
        if refusal := progression.SIGNING.refusal(self.object, self.move):
            raise ValidationError(refusal)
        if data["decision"] == "return":
            self.success_message = "The form is returned."
            return progression.return_form(
                self.object,
                user=user,
                password=data["password"],
                code=data.get("code", ""),
                reason=data["reason"],
                version=data["version"],
                request=self.request,
            )
        self.success_message = "Signed."
        return progression.sign(
            self.object,
            user=user,
            password=data["password"],
            code=data.get("code", ""),
            version=data["version"],
            on_paper=self.paper,
            witness_note=data.get("witness_note", ""),
            request=self.request,
        )
