"""Community outreach forms (R-FAM-7): list, create, lines, and the review states. The pages only call
mentoring.services.outreach_forms, which saves the lines the way activity forms save theirs."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import DecimalField, Value
from django.shortcuts import redirect
from django.views.generic import CreateView, DetailView, ListView

from mentoring.filters import OutreachFormFilter
from mentoring.forms.outreach_forms import CommentForm, OutreachActivityFormSet, OutreachFormCreateForm
from mentoring.models import FormStatus, OutreachActivity, OutreachForm
from mentoring.services import outreach_forms
from parentpartner.access import has_permission
from parentpartner.subqueries import count_of, sum_of
from parentpartner.viewmixins import CreatesOnceMixin, FilteredListMixin, HistoryMixin, ScopedMixin

ZERO = Value(0, output_field=DecimalField(max_digits=9, decimal_places=2))


def with_totals(queryset):
    """Hours and miles of each form, summed by the database."""
    lines = OutreachActivity.objects
    return queryset.annotate(
        total_hours=sum_of(lines, "form", "hours"),
        total_miles=sum_of(lines, "form", "miles"),
        line_count=count_of(lines, "form"),
    )


class OutreachFormListView(FilteredListMixin, ScopedMixin, ListView):
    permission = "outreach_form.view"
    model = OutreachForm
    filterset_class = OutreachFormFilter
    template_name = "mentoring/outreachform_list.html"

    def list_queryset(self, queryset):
        # GROUP BY drops Meta.ordering: the order is explicit.
        return with_totals(queryset.select_related("parent_partner__site")).order_by(
            "-month", "parent_partner__last_name", "pk"
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(can_edit=has_permission(self.request.user, "outreach_form.edit"), **kwargs)


class OutreachFormCreateView(CreatesOnceMixin, ScopedMixin, CreateView):
    permission = "outreach_form.edit"
    model = OutreachForm
    form_class = OutreachFormCreateForm
    template_name = "mentoring/outreachform_create.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        try:
            self.object = outreach_forms.create(
                form.cleaned_data["parent_partner"], form.cleaned_data["month"], self.request.user
            )
        except ValidationError as error:
            form.add_error("month", error)
            return self.form_invalid(form)
        messages.success(self.request, f"Created {self.object}. Add the outreach activities of the month.")
        return redirect("mentoring:outreach-form-update", self.object.pk)


class OutreachFormDetailView(ScopedMixin, HistoryMixin, DetailView):
    permission = "outreach_form.view"
    model = OutreachForm
    template_name = "mentoring/outreachform_detail.html"

    def get_queryset(self):
        return with_totals(super().get_queryset().select_related("parent_partner__site", "submitted_by", "approved_by"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, form = self.request.user, self.object
        context["activities"] = form.activities.all()
        context["can_edit"] = has_permission(user, "outreach_form.edit") and form.is_editable
        context["can_submit"] = context["can_edit"] and form.line_count > 0
        context["can_review"] = has_permission(user, "outreach_form.review")
        context["comment_form"] = CommentForm(initial={"version": form.version})
        context["status"] = FormStatus
        return context


class OutreachFormUpdateView(ScopedMixin, DetailView):
    """The month's lines, several at once; a submitted or approved form is locked."""

    permission = "outreach_form.edit"
    model = OutreachForm
    template_name = "mentoring/outreachform_lines.html"

    def formset(self):
        return OutreachActivityFormSet(
            self.request.POST if self.request.method == "POST" else None,
            instance=self.object,
            form_kwargs={"month": self.object.month},
            prefix="lines",
        )

    def locked(self):
        status = self.object.get_status_display().lower()
        messages.error(self.request, f"This form is {status}: its lines cannot change now.")
        return redirect(self.object)

    def get_context_data(self, **kwargs):
        # The version the user started from, kept across a re-shown invalid form.
        version = self.request.POST.get("version") if self.request.method == "POST" else None
        return super().get_context_data(version=version or self.object.version, **kwargs)

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if not self.object.is_editable:
            return self.locked()
        return self.render_to_response(self.get_context_data(formset=self.formset()))

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        if not self.object.is_editable:
            return self.locked()
        formset = self.formset()
        if not formset.is_valid():
            return self.render_to_response(self.get_context_data(formset=formset))
        try:
            outreach_forms.save(self.object, formset, user=request.user, version=request.POST.get("version", ""))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            status = 409 if getattr(error, "code", None) == "conflict" else 200
            return self.render_to_response(self.get_context_data(formset=formset), status=status)
        messages.success(request, f"Saved {self.object}.")
        return redirect(self.object)


class OutreachFormActionView(ScopedMixin, DetailView):
    """POST only: submit (the Parent Partner or the coordinator), or a review action (coordinators)."""

    model = OutreachForm
    http_method_names = ["post"]
    actions: dict = {}

    def post(self, request, *args, **kwargs):
        form = self.get_object()
        action = request.POST.get("action", "")
        if action not in self.actions:
            messages.error(request, "Choose what to do with the form.")
            return redirect(form)
        data = CommentForm(request.POST)
        data.is_valid()
        text, version = data.cleaned_data.get("text") or "", data.cleaned_data.get("version")
        try:
            self.actions[action](form, request.user, text, version)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(form)
        messages.success(request, f"{form}: {ACTION_DONE[action]}.")
        return redirect(form)


ACTION_DONE = {
    "submit": "submitted to the coordinator",
    "approve": "approved",
    "return": "returned with your comment",
    "reopen": "re-opened for a correction",
}


class OutreachFormSubmitView(OutreachFormActionView):
    permission = "outreach_form.edit"
    actions = {"submit": lambda form, user, text, version: outreach_forms.submit(form, user, version)}


class OutreachFormReviewView(OutreachFormActionView):
    permission = "outreach_form.review"
    actions = {
        "approve": lambda form, user, text, version: outreach_forms.approve(form, user, version),
        "return": lambda form, user, text, version: outreach_forms.return_to_partner(form, user, text, version),
        "reopen": lambda form, user, text, version: outreach_forms.reopen_for_correction(form, user, text, version),
    }
