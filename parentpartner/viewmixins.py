"""The pieces every page is built from: a declared permission, a scoped queryset, audited and
conflict-safe saves, filtered and paginated lists."""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured, PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import FormView

from parentpartner import audit, records, submissions
from parentpartner.access import has_permission
from parentpartner.models import HistoryEntry
from parentpartner.states import Machine
from parentpartner.widgets import speed_up_selects


class PermissionMixin(LoginRequiredMixin):
    """Anonymous -> login page; a role without `permission` -> 403 (see parentpartner.access)."""

    permission: str = ""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not self.permission:
            raise ImproperlyConfigured(f"{type(self).__name__} declares no permission.")
        if not has_permission(request.user, self.permission):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def allowed_to_look_up(view, request) -> bool:
    """Whether a view that finds its object in `dispatch` may look it up now: the method is allowed
    (405 first), the user is logged in and holds the permission (login page, then 403), and only then
    the scope (404), as on every page."""
    return (
        request.method.lower() in view.http_method_names
        and request.user.is_authenticated
        and has_permission(request.user, view.permission)
    )


class ScopedMixin(PermissionMixin):
    """Objects come from `Model.objects.visible_to(user)` only: out of scope -> 404."""

    model: Any = None

    def get_queryset(self):
        return self.model.objects.visible_to(self.request.user)


class FilteredListMixin:
    """A django-filter FilterSet over the already scoped queryset, paginated. Put it before
    ScopedMixin; views shape their rows (joins, annotations, default order) in `list_queryset`."""

    filterset_class: Any = None
    paginate_by: int | None = settings.PAGE_SIZE

    def list_queryset(self, queryset):
        return queryset

    def get_queryset(self):
        self.filterset = self.filterset_class(
            self.request.GET or None, queryset=self.list_queryset(super().get_queryset()), request=self.request
        )
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        speed_up_selects(self.filterset.form)
        context["filter"] = self.filterset
        query = self.request.GET.copy()
        query.pop("page", None)
        context["query_without_page"] = query.urlencode()
        return context


class CreatesOnceMixin:
    """Creation pages: a retried submission never creates a duplicate (issue 15).

    The form carries a one-time token (`{% submission_token %}`; form_page.html draws it when the view
    has `creates_once`). A POST with a token runs in one transaction that also records (user, token) ->
    what it created and where it led (`parentpartner.submissions`); a second POST with the same token
    (the browser resending after a cut connection, a double click, even one racing the first: it waits
    on the unique index) creates nothing and is led to what the first made. A POST without a token is
    a first submission. Put it first among the bases: it wraps the view's `dispatch`.
    """

    creates_once = True

    def dispatch(self, request, *args, **kwargs):
        # Around dispatch, not post: several creation views write their own `post`. A retry is led to
        # what the same login made before, whatever this page would now say to it.
        token = submissions.posted_token(request) if request.method == "POST" else None
        if token is None or not request.user.is_authenticated:
            return super().dispatch(request, *args, **kwargs)
        first = submissions.earlier(request.user, token)
        if first is not None:
            return self.already_saved(first)
        try:
            with transaction.atomic(), submissions.collecting() as made:
                response = super().dispatch(request, *args, **kwargs)
                if response.status_code in (301, 302, 303):
                    submissions.remember(request.user, token, made, response["Location"])
        except IntegrityError:
            first = submissions.earlier(request.user, token)
            if first is None:
                raise
            return self.already_saved(first)
        return response

    def already_saved(self, first):
        # What this submission's own run said ("Saved ...") is void: reading the messages drops them.
        for _message in messages.get_messages(self.request):
            pass
        messages.info(self.request, submissions.ALREADY_SAVED)
        return redirect(first.url)


class HistoryMixin:
    """Adds the object's audit trail to a detail page for the roles allowed to read it."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if has_permission(self.request.user, "history.view"):
            context["history"] = audit.history_of(self.object)[:50]
        return context


class LogsFamilyAccess:
    """A page showing families' case data: each opening writes one access-log row per family shown
    (who, which family, when, which page), all in one INSERT, through audit.record_access. Put it
    before the DetailView (or any view whose `get` sets `self.object`); a page about a family's part
    names the family in `family_of`, a page showing several families lists them in `families_shown`.
    Only a GET that shows the page is logged: a refused opening (403, 404) raises before it."""

    def family_of(self, obj):
        return obj

    def families_shown(self):
        return self.family_of(self.object)

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        audit.record_access(request, self.families_shown())
        return response


# The one message for a stale save (parentpartner.records), as the record pages word it.
CONFLICT_MESSAGE = records.conflict_message()


class AuditedSaveMixin:
    """Create and update views: every save leaves a history row, and a stale edit is refused.

    A form that carries `version` (see forms.VersionedModelForm) is compared with the row, locked
    for the length of the save, so two people editing the same record cannot overwrite each other
    silently: the second save is refused, shown what the first saved, and keeps what it typed.
    """

    def form_valid(self, form):
        instance = form.instance
        with transaction.atomic():
            if instance.pk is None:
                self.object = self.create(form)
            else:
                # A form without its version is as stale as one with an old version.
                version = form.cleaned_data.get("version")
                try:
                    current = records.locked(instance, -1 if version is None else version)
                except records.Conflict:
                    return self.conflict(form, type(instance).objects.get(pk=instance.pk))
                before = audit.snapshot(current)
                instance.version = current.version + 1
                self.object = form.save()
                audit.record(self.request.user, self.object, HistoryEntry.Action.UPDATE, before)
        messages.success(self.request, f"Saved {self.object}.")
        return redirect(self.get_success_url())

    def create(self, form):
        """Saved with its many-to-many fields (a meeting's attendees) before the creation row, so
        that the history lists them."""
        obj = form.save()
        audit.record(self.request.user, obj, HistoryEntry.Action.CREATE)
        return obj

    def conflict(self, form, current):
        """Re-show the user's input, now based on the saved version, with the other save's values."""
        theirs = audit.snapshot(current)
        data = form.data.copy()
        data["version"] = current.version
        form.data = data
        form.add_error(None, CONFLICT_MESSAGE)
        saved_values = []
        for name, field in form.fields.items():
            if name == "version":
                continue
            try:
                label = str(current._meta.get_field(name).verbose_name)
            except FieldDoesNotExist:
                # A form field that is not a column (e.g. a session's attendees, saved apart).
                continue
            saved_values.append((field.label or label, theirs.get(label, "")))
        context = self.get_context_data(form=form, saved_values=saved_values)
        return self.render_to_response(context, status=409)


def history_of_all(user, objects):
    """The audit trail of a page's record and its parts (checks, plan items...) in one query."""
    if not has_permission(user, "history.view"):
        return None
    condition = Q(pk__in=[])
    for obj in objects:
        content_type = ContentType.objects.get_for_model(obj, for_concrete_model=True)
        condition |= Q(content_type=content_type, object_id=str(obj.pk))
    return HistoryEntry.objects.filter(condition).select_related("user")[:50]


def show_errors(form, error: ValidationError):
    """A service's ValidationError on the form: on its field where the form has one, else on top."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


class ServiceFormView(ScopedMixin, FormView):
    """A form about one scoped object whose valid data goes to a service function (`perform`). What the
    service refuses is shown on the page; a stale form answers 409 like AuditedSaveMixin."""

    success_message = "Saved."

    def get_object(self):
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            result = self.perform(form)
        except ValidationError as error:
            show_errors(form, error)
            status = 409 if getattr(error, "code", None) == "conflict" else 200
            return self.render_to_response(self.get_context_data(form=form), status=status)
        messages.success(self.request, self.success_message)
        return redirect(self.get_success_url(result))

    def get_success_url(self, result=None):
        return self.object.get_absolute_url()

    def get_context_data(self, **kwargs):
        return super().get_context_data(object=self.object, cancel_url=self.object.get_absolute_url(), **kwargs)


class StepView(ServiceFormView):
    """The one page that makes a move of a workflow (`parentpartner.states.Machine`): the move comes
    from the URL (`transition`), its permission is the page's (403 for another role), and a move the
    record's state does not allow is shown with the machine's reason. Subclasses name the `machine`
    and `take` the move with the form's data through their service."""

    machine: Machine

    def dispatch(self, request, *args, **kwargs):
        self.transition = self.machine.get(kwargs["transition"])
        if self.transition is None:
            raise Http404("No such step.")
        self.permission = self.transition.permission
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "transition": self.transition}

    def get_initial(self):
        return {"version": self.object.version}

    def get_context_data(self, **kwargs):
        refusal = self.machine.refusal(self.object, self.transition, self.request.user)
        return super().get_context_data(transition=self.transition, refusal=refusal, **kwargs)

    def perform(self, form):
        self.success_message = f"{self.transition.label}: recorded."
        return self.take(form.cleaned_data)

    def take(self, data):
        raise NotImplementedError
