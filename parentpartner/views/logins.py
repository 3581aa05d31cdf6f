"""Login changes: the requests waiting for a second person (with Confirm and Refuse for the one who
confirms), the record of every login change for the statewide coordinator, and each person's
notifications. The rule is parentpartner.services.logins; these pages only show and ask it."""

from django.conf import settings
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import ListView

from parentpartner.models import HistoryEntry, LoginChangeRequest, Notification, User
from parentpartner.services import logins
from parentpartner.viewmixins import PermissionMixin, ScopedMixin


class LoginChangeWaitingView(ScopedMixin, ListView):
    """The waiting requests the user filed or confirms, newest first."""

    permission = "login_change.waiting"
    model = LoginChangeRequest
    paginate_by = settings.PAGE_SIZE
    template_name = "parentpartner/loginchangerequest_list.html"

    def get_queryset(self):
        return super().get_queryset().waiting().select_related("user", "requested_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["rows"] = [(row, logins.may_decide(self.request.user, row)) for row in context["object_list"]]
        return context


class LoginChangeDecideView(ScopedMixin, View):
    """Confirm or Refuse (POST only); the service says who may."""

    permission = "login_change.decide"
    model = LoginChangeRequest
    http_method_names = ["post"]

    def post(self, request, pk):
        change = get_object_or_404(self.get_queryset(), pk=pk)
        decision = request.POST.get("decision")
        if decision not in ("confirm", "refuse"):
            messages.error(request, "Choose Confirm or Refuse.")
            return HttpResponseRedirect(reverse("parentpartner:login-change-waiting"))
        try:
            logins.decide(request.user, change.pk, confirm=decision == "confirm")
        except logins.LoginChangeRefused as refusal:
            messages.error(request, str(refusal))
        else:
            outcome = "confirmed" if decision == "confirm" else "refused"
            messages.success(request, f"The change to the login of {change.user} was {outcome}.")
        return HttpResponseRedirect(reverse("parentpartner:login-change-waiting"))


class LoginChangeHistoryView(PermissionMixin, ListView):
    """Every change to a login and every request, newest first (the statewide coordinator's)."""

    permission = "login_change.history"
    paginate_by = settings.PAGE_SIZE
    template_name = "parentpartner/login_change_history.html"

    def get_queryset(self):
        kinds = ContentType.objects.get_for_models(User, LoginChangeRequest).values()
        return HistoryEntry.objects.filter(content_type__in=kinds).select_related("user", "content_type")


class NotificationListView(ScopedMixin, ListView):
    """The user's notifications, newest first; opening the page marks them read."""

    permission = "notification.view"
    model = Notification
    paginate_by = settings.PAGE_SIZE
    template_name = "parentpartner/notification_list.html"

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        response.render()
        if request.user.unread_notifications or any(
            row.read_at is None for row in response.context_data["object_list"]
        ):
            Notification.objects.filter(recipient=request.user, read_at__isnull=True).update(read_at=timezone.now())
            User.objects.filter(pk=request.user.pk).update(unread_notifications=0)
        return response
