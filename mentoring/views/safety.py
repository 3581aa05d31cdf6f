"""Safety concerns (protocol D, R-SAFE-1..3): raise one, see the steps, take the next step."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.views.generic import DetailView, FormView, ListView

from mentoring.filters import SafetyConcernFilter
from mentoring.forms.safety import (
    CoordinatorInformedStepForm,
    ParticipantToldStepForm,
    ReferralStepForm,
    SafetyConcernForm,
    SelfReportStepForm,
)
from mentoring.models import Case, SafetyConcern
from mentoring.services import safety
from parentpartner import audit
from parentpartner.access import has_permission
from parentpartner.params import query_number
from parentpartner.viewmixins import (
    CreatesOnceMixin,
    FilteredListMixin,
    HistoryMixin,
    LogsFamilyAccess,
    PermissionMixin,
    ScopedMixin,
)


class SafetyConcernListView(FilteredListMixin, ScopedMixin, ListView):
    permission = "safety_concern.view"
    model = SafetyConcern
    filterset_class = SafetyConcernFilter
    template_name = "mentoring/safetyconcern_list.html"

    def list_queryset(self, queryset):
        return queryset.select_related("case__family__site", "parent_partner").order_by("-known_on", "-pk")

    def get_context_data(self, **kwargs):
        return super().get_context_data(can_raise=has_permission(self.request.user, "safety_concern.raise"), **kwargs)


class SafetyConcernCreateView(CreatesOnceMixin, PermissionMixin, FormView):
    """R-SAFE-1: a Parent Partner (or the coordinator for them) records what was observed or told.
    Linked from a family's page and a contact as `?case=<pk>&contact=<pk>`."""

    permission = "safety_concern.raise"
    form_class = SafetyConcernForm
    template_name = "mentoring/safetyconcern_form.html"

    def get_initial(self):
        # "²", "١٢", tampered: no choice, never a 500. Each name written out, so that the fuzzing proof
        # finds it (tests/proofs/test_parameters.py).
        numbers = {"case": query_number(self.request, "case"), "contact": query_number(self.request, "contact")}
        return {name: number for name, number in numbers.items() if number is not None}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get(self, request, *args, **kwargs):
        """Opened for a case (`?case=`), the form names the family and offers its contacts: the family
        is logged as opened, if it is in the user's scope (else the form opens empty, nothing logged)."""
        response = super().get(request, *args, **kwargs)
        case = query_number(request, "case")
        if case is not None:
            chosen = Case.objects.visible_to(request.user).filter(pk=case).select_related("family").first()
            audit.record_access(request, chosen.family if chosen else None)
        return response

    def form_valid(self, form):
        data = form.cleaned_data
        facts = {
            name: data[name]
            for name in ("known_on", "how_known", "kind", "description", "child_present", "imminent_danger")
        }
        concern = safety.raise_concern(
            self.request.user,
            case=data["case"],
            parent_partner=data["parent_partner"],
            contact=data.get("contact"),
            **facts,
        )
        messages.success(self.request, f"Recorded. {safety.NEXT_STEP[concern.status]}")
        return redirect(concern)


STEP_FORMS = {
    "referral": ReferralStepForm,
    "self_report": SelfReportStepForm,
    "participant_told": ParticipantToldStepForm,
    "coordinator_informed": CoordinatorInformedStepForm,
}


# What each step records, from its form's data (mentoring.services.safety takes the step).
TAKE = {
    "referral": lambda concern, user, data: safety.record_referral(
        concern, user, made_on=data["on"], reference=data["reference"], version=data["version"]
    ),
    "self_report": lambda concern, user, data: safety.confirm_self_report(
        concern, user, reported_on=data["on"], version=data["version"]
    ),
    "participant_told": lambda concern, user, data: safety.record_participant_told(
        concern, user, told_on=data["on"], version=data["version"]
    ),
    "coordinator_informed": lambda concern, user, data: safety.record_coordinator_informed(
        concern, user, informed_on=data["on"], version=data["version"]
    ),
}


def step_forms_for(user, concern, bound=None) -> dict:
    """The forms of the steps this user may take now: the next step of the protocol only, and only
    the steps of their role (safety.PROTOCOL)."""
    moves = safety.PROTOCOL.available(concern, user)
    forms = {move.slug: STEP_FORMS[move.slug](concern=concern, prefix=move.slug) for move in moves}
    if bound is not None:
        forms[bound.prefix] = bound
    return forms


class SafetyConcernDetailView(LogsFamilyAccess, ScopedMixin, HistoryMixin, DetailView):
    permission = "safety_concern.view"
    model = SafetyConcern
    template_name = "mentoring/safetyconcern_detail.html"

    def family_of(self, obj):
        return obj.case.family

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related(
                "case__family__site",
                "parent_partner",
                "raised_by",
                "contact__form",
                "referral_coordinator",
                "participant_told_recorded_by",
                "caseworker_informed_recorded_by",
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["steps"] = safety.steps(self.object)
        context["next_step"] = safety.NEXT_STEP[self.object.status]
        context["step_forms"] = step_forms_for(self.request.user, self.object, kwargs.get("bound"))
        return context


class SafetyConcernStepView(SafetyConcernDetailView):
    """POST only: take one protocol step, the move of safety.PROTOCOL named in the URL (`transition`),
    with the permission of that move (403 for another role). A skipped or repeated step is refused
    with a message that says what the next step is."""

    http_method_names = ["post"]

    def dispatch(self, request, *args, **kwargs):
        self.move = safety.PROTOCOL[kwargs["transition"]]
        self.permission = self.move.permission
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        form = STEP_FORMS[self.move.slug](request.POST, concern=self.object, prefix=self.move.slug)
        if not form.is_valid():
            context = self.get_context_data(object=self.object, bound=form)
            return self.render_to_response(context)
        try:
            TAKE[self.move.slug](self.object, request.user, form.cleaned_data)
        except ValidationError as error:
            messages.error(request, "Not recorded: " + " ".join(error.messages))
            return redirect(self.object)
        messages.success(request, "Recorded.")
        return redirect(self.object)
