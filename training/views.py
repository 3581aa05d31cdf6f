from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Model, Q
from django.forms import ModelForm
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views.generic import CreateView, DetailView, FormView, ListView, TemplateView, UpdateView

from parentpartner.access import has_permission
from parentpartner.models import ParentPartner, Site
from parentpartner.params import query_number
from parentpartner.subqueries import count_of
from parentpartner.viewmixins import (
    AuditedSaveMixin,
    CreatesOnceMixin,
    FilteredListMixin,
    HistoryMixin,
    PermissionMixin,
    ScopedMixin,
    allowed_to_look_up,
    show_errors,
)
from training import services
from training.filters import TrainerFilter, TrainingSessionFilter
from training.forms import CompletionForm, ShadowingForm, TrainerForm, TrainingSessionForm, TrainTheTrainerForm
from training.models import Trainer, TrainerApproval, TrainingCompletion, TrainingSession


class PartnerMixin(PermissionMixin):
    """Pages about one Parent Partner: looked up through their scope (out of scope -> 404)."""

    def dispatch(self, request, *args, **kwargs):
        if allowed_to_look_up(self, request):
            self.partner = get_object_or_404(
                ParentPartner.objects.visible_to(request.user).select_related("site"), pk=kwargs["pk"]
            )
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(partner=self.partner, **kwargs)


class ChecklistView(PartnerMixin, TemplateView):
    """The eleven trainings and the shadowing list of one Parent Partner (R-TRN-1, R-ROLE-4)."""

    permission = "training.checklist.view"
    template_name = "training/checklist.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["checklist"] = services.checklist(self.partner)
        context["gate"] = services.mentoring_gate(self.partner)
        context["can_record"] = has_permission(self.request.user, "training.record")
        return context


class RecordOnPartnerMixin(PartnerMixin):
    permission = "training.record"
    template_name: str | None = "training/record_form.html"
    title = ""

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "partner": self.partner}

    record: Callable[..., Model]  # the service that records the row: services.record_completion or record_shadowing

    def form_valid(self, form):
        try:
            record = self.record(form.save(commit=False), user=self.request.user)
        except ValidationError as error:
            # Refused between the form's check and the save (another user changed something): the
            # form is shown again with the reason, nothing typed is lost.
            show_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"Recorded for {self.partner}: {record}.")
        return redirect("training:checklist", self.partner.pk)

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=self.title, **kwargs)


class CompletionCreateView(CreatesOnceMixin, RecordOnPartnerMixin, CreateView):
    form_class = CompletionForm
    title = "Record a completed training"
    record = staticmethod(services.record_completion)


class ShadowingCreateView(CreatesOnceMixin, RecordOnPartnerMixin, CreateView):
    form_class = ShadowingForm
    title = "Record shadowing"
    record = staticmethod(services.record_shadowing)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}


class OverviewView(PermissionMixin, TemplateView):
    """For coordinators: who is overdue, what falls due in the next 30 days, and which trainings to
    schedule next (R-TRN-1)."""

    permission = "training.view"
    template_name = "training/overview.html"
    LIMIT = 50

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        sites = Site.objects.visible_to(self.request.user).filter(is_active=True)
        partners = ParentPartner.objects.visible_to(self.request.user)
        site_id = query_number(self.request, "site")
        chosen = sites.filter(pk=site_id).first() if site_id is not None else None
        if chosen:
            partners = partners.filter(site=chosen)
        overdue = services.overdue_partners(partners).select_related("site")
        due_soon = services.due_soon_partners(partners).select_related("site")
        context.update(
            sites=sites,
            chosen_site=chosen,
            overdue=overdue[: self.LIMIT],
            overdue_count=overdue.count(),
            due_soon=due_soon[: self.LIMIT],
            due_soon_count=due_soon.count(),
            to_schedule=services.trainings_to_schedule(partners),
            today=timezone.localdate(),
        )
        return context


class SessionListView(FilteredListMixin, ScopedMixin, ListView):
    permission = "training.view"
    model = TrainingSession
    filterset_class = TrainingSessionFilter
    template_name = "training/trainingsession_list.html"

    def list_queryset(self, queryset):
        # GROUP BY drops Meta.ordering: the order is explicit.
        return (
            queryset.select_related("training", "site")
            .annotate(attendee_count=count_of(TrainingCompletion.objects, "session"))
            .order_by("-held_on", "-pk")
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(can_record=has_permission(self.request.user, "training.record"), **kwargs)


class SessionDetailView(ScopedMixin, HistoryMixin, DetailView):
    permission = "training.view"
    model = TrainingSession
    template_name = "training/trainingsession_detail.html"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related(
                "training", "site", "parent_partner_trainer__parent_partner", "professional_trainer__parent_partner"
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["attendees"] = self.object.completions.select_related("parent_partner__site").order_by(
            "parent_partner__last_name", "parent_partner__first_name"
        )
        context["can_record"] = has_permission(self.request.user, "training.record")
        return context


class SaveMixin(ScopedMixin, AuditedSaveMixin):
    """The create and edit pages of a session or a trainer: the form offers what the user may choose
    (it takes the user), and the saved record's page follows."""

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_success_url(self):
        return self.object.get_absolute_url()


class SessionSaveMixin(SaveMixin):
    permission = "training.record"
    model = TrainingSession
    # Quoted: ModelForm is generic in django-stubs only, not at runtime.
    form_class: "type[ModelForm[Any]] | None" = TrainingSessionForm
    template_name: str | None = "training/trainingsession_form.html"

    def form_valid(self, form):
        with transaction.atomic():
            response = super().form_valid(form)
            if self.object is not None and self.object.pk and response.status_code == 302:
                created = services.record_attendance(self.object, form.cleaned_data["attendees"], self.request.user)
                if created:
                    messages.info(self.request, f"{len(created)} training completion(s) recorded.")
        return response

    def create(self, form):
        form.instance.created_by = self.request.user
        return super().create(form)


class SessionCreateView(CreatesOnceMixin, SessionSaveMixin, CreateView):
    def get_initial(self):
        sites = Site.objects.visible_to(self.request.user).filter(is_active=True)[:2]
        return {"site": sites[0].pk} if len(sites) == 1 else {}


class SessionUpdateView(SessionSaveMixin, UpdateView):
    pass


class TrainerListView(FilteredListMixin, ScopedMixin, ListView):
    permission = "training.view"
    model = Trainer
    filterset_class = TrainerFilter
    template_name = "training/trainer_list.html"

    def list_queryset(self, queryset):
        return (
            queryset.select_related("parent_partner")
            .annotate(
                is_master=Count("approvals", filter=Q(approvals__kind=TrainerApproval.Kind.MASTER_TRAINER)),
                is_approved=Count("approvals", filter=Q(approvals__kind=TrainerApproval.Kind.TRAINER)),
            )
            .order_by("name", "parent_partner__last_name", "pk")
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            can_manage=has_permission(self.request.user, "training.trainer.manage"), **kwargs
        )


class TrainerDetailView(ScopedMixin, HistoryMixin, DetailView):
    """A trainer's standing against R-TRN-4 and what is missing."""

    permission = "training.view"
    model = Trainer
    template_name = "training/trainer_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["standing"] = services.standing(self.object)
        context["refusal"] = services.trainer_refusal(self.object)
        context["approvals"] = self.object.approvals.select_related("approved_by")
        context["train_the_trainer"] = self.object.train_the_trainer.all()[:5]
        context["can_manage"] = has_permission(user, "training.trainer.manage")
        context["approval_choices"] = services.approval_kinds_for(
            user, context["standing"], refused=context["refusal"] is not None
        )
        context["attendance_form"] = TrainTheTrainerForm()
        return context


class TrainerSaveMixin(SaveMixin):
    permission = "training.trainer.manage"
    model = Trainer
    # Quoted: ModelForm is generic in django-stubs only, not at runtime.
    form_class: "type[ModelForm[Any]] | None" = TrainerForm
    template_name: str | None = "training/trainer_form.html"


class TrainerCreateView(CreatesOnceMixin, TrainerSaveMixin, CreateView):
    pass


class TrainerUpdateView(TrainerSaveMixin, UpdateView):
    pass


class TrainerApproveView(ScopedMixin, DetailView):
    """POST only: record one approval, if this user may record it now."""

    permission = "training.trainer.approve"
    model = Trainer
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        trainer = self.get_object()
        try:
            approval = services.record_trainer_approval(trainer, request.POST.get("kind"), user=request.user)
        except ValidationError as error:
            if error.code == "not_allowed":
                raise PermissionDenied(error.message) from error
            messages.error(request, error.message)
            return redirect(trainer)
        messages.success(request, f"Recorded: {approval.get_kind_display()}.")
        return redirect(trainer)


class TrainTheTrainerView(CreatesOnceMixin, ScopedMixin, FormView):
    permission = "training.trainer.manage"
    model = Trainer
    form_class = TrainTheTrainerForm
    template_name = "training/record_form.html"
    http_method_names = ["post"]

    def form_valid(self, form):
        trainer = get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])
        attendance = services.record_train_the_trainer(
            trainer, form.cleaned_data["attended_on"], user=self.request.user
        )
        messages.success(self.request, f"Recorded Train-the-Trainer on {attendance.attended_on}.")
        return redirect(trainer)

    def form_invalid(self, form):
        trainer = get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])
        messages.error(self.request, "Train-the-Trainer not recorded: " + " ".join(form.errors["attended_on"]))
        return redirect(trainer)
