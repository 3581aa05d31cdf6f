"""Pages of the meetings the organisation must hold (R-ORG-4, R-SUP-3): the list with the overdue
meetings, a meeting, and recording or editing one. Which are overdue is reporting.services.meetings."""

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.views.generic import CreateView, DetailView, ListView, UpdateView
from django.views.generic.edit import ModelFormMixin

from parentpartner import access
from parentpartner.access import has_permission
from parentpartner.params import query_number
from parentpartner.viewmixins import AuditedSaveMixin, CreatesOnceMixin, HistoryMixin, PermissionMixin, ScopedMixin
from reporting.forms.meetings import MeetingForm
from reporting.models import Meeting, MeetingKind
from reporting.services import meetings


class MeetingListView(ScopedMixin, ListView):
    permission = "meeting.view"
    model = Meeting
    template_name = "reporting/meeting_list.html"
    paginate_by = 25

    def get_queryset(self) -> QuerySet:
        rows = super().get_queryset().select_related("service_area", "coordinator")
        kind = self.request.GET.get("kind")
        if kind in MeetingKind.values:
            rows = rows.filter(kind=kind)
        return rows.order_by("-held_on", "-pk")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            kinds=MeetingKind.choices,
            kind=self.request.GET.get("kind", ""),
            can_record=has_permission(self.request.user, "meeting.record"),
            overdue=meetings.overdue_meetings(self.request.user, timezone.localdate()),
            **kwargs,
        )


class MeetingFormMixin(AuditedSaveMixin, ModelFormMixin):
    """The create and update pages' form. ModelFormMixin is the views' own base (it stays after them in the
    MRO); named here so that `super()` and `self.request` are known."""

    request: HttpRequest  # set by View, which every page using the mixin inherits
    model = Meeting
    form_class = MeetingForm
    template_name: str | None = "reporting/meeting_form.html"

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "user": self.request.user}

    def create(self, form: MeetingForm) -> Meeting:
        form.instance.recorded_by = self.request.user
        return super().create(form)

    def get_success_url(self) -> str:
        return self.object.get_absolute_url()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        cancel = self.object.get_absolute_url() if getattr(self, "object", None) else None
        return super().get_context_data(cancel_url=cancel or reverse("reporting:meeting-list"), **kwargs)


class MeetingCreateView(CreatesOnceMixin, MeetingFormMixin, PermissionMixin, CreateView):
    permission = "meeting.record"

    def get_initial(self) -> dict[str, Any]:
        initial: dict[str, Any] = {"held_on": timezone.localdate()}
        kind = self.request.GET.get("kind")
        if kind in MeetingKind.values:
            initial["kind"] = kind
        # From an overdue meeting's "Record" link; the form's choices still decide what may be saved.
        # Each name written out, so that the fuzzing proof finds it (tests/proofs/test_parameters.py).
        numbers = {
            "service_area": query_number(self.request, "service_area"),
            "coordinator": query_number(self.request, "coordinator"),
        }
        initial.update({name: number for name, number in numbers.items() if number is not None})
        return initial


class MeetingUpdateView(MeetingFormMixin, ScopedMixin, UpdateView):
    permission = "meeting.record"

    def get_queryset(self) -> QuerySet:
        # The advisory committee is read, not rewritten, by a service area coordinator (404 to them).
        return access.meetings_editable_by(self.request.user, super().get_queryset())


class MeetingDetailView(ScopedMixin, HistoryMixin, DetailView):
    permission = "meeting.view"
    model = Meeting
    template_name = "reporting/meeting_detail.html"

    def get_queryset(self) -> QuerySet:
        return (
            super()
            .get_queryset()
            .select_related("service_area", "coordinator", "recorded_by")
            .prefetch_related("attendees")
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(can_change=has_permission(self.request.user, "meeting.record"), **kwargs)
