"""Monthly activity forms: entering contacts, submitting, approving, returning, correcting (R-FAM-7).
The pages only call mentoring.services.activity_forms, which saves and reviews the form."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.views import View
from django.views.generic import DetailView, TemplateView

from mentoring.forms.activity_forms import ContactFormSet, ReviewForm
from mentoring.models import ActivityForm, Assignment, Case
from mentoring.services import activity_forms
from parentpartner import audit, records
from parentpartner.access import has_permission
from parentpartner.dates import parse_month
from parentpartner.viewmixins import CreatesOnceMixin, HistoryMixin, LogsFamilyAccess, PermissionMixin, ScopedMixin


class ActivityFormStartView(CreatesOnceMixin, PermissionMixin, View):
    """POST: open (or create as a draft) the form of an assignment for a month, then edit it."""

    permission = "activity_form.edit"
    http_method_names = ["post"]

    def post(self, request, pk):
        assignment = get_object_or_404(Assignment.objects.filter(case__in=Case.objects.visible_to(request.user)), pk=pk)
        if request.user.parent_partner_id and assignment.parent_partner_id != request.user.parent_partner_id:
            raise PermissionDenied
        month = parse_month(request.POST.get("month"))
        if month is None:
            messages.error(request, "Choose a month.")
            return redirect(assignment.case.family)
        try:
            form = activity_forms.start(assignment, month, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(assignment.case.family)
        if activity_forms.may_edit(request.user, form):
            return redirect("mentoring:activity-form-update", form.pk)
        return redirect(form)


class FormMixin(ScopedMixin):
    model = ActivityForm

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related(
                "assignment__parent_partner", "assignment__case__family__site", "submitted_by", "approved_by"
            )
        )


class ActivityFormDetailView(LogsFamilyAccess, FormMixin, HistoryMixin, DetailView):
    permission = "activity_form.view"
    template_name = "mentoring/activityform_detail.html"

    def family_of(self, obj):
        return obj.assignment.case.family

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context.update(
            contacts=self.object.contacts.all(),
            totals=activity_forms.totals(self.object),
            can_edit=activity_forms.may_edit(user, self.object),
            can_review=has_permission(user, "activity_form.review"),
            can_raise_concern=has_permission(user, "safety_concern.raise"),
            review_form=ReviewForm(initial={"version": self.object.version}),
        )
        return context


class ActivityFormUpdateView(FormMixin, TemplateView):
    """Many contact lines on one page: lines are added in the browser without a reload (static
    js/formset.js), and everything is saved in one transaction or not at all."""

    permission = "activity_form.edit"
    template_name = "mentoring/activityform_form.html"

    def get_object(self):
        form = get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])
        if not activity_forms.may_edit(self.request.user, form):
            raise PermissionDenied("This form is locked or not yours to edit.")
        return form

    def formset(self, form, data=None):
        return ContactFormSet(data, instance=form, month=form.month, prefix="contacts")

    def get(self, request, *args, **kwargs):
        form = self.get_object()
        response = self.render_to_response(self.context(form, self.formset(form)))
        audit.record_access(request, form.assignment.case.family)  # the family's contacts, as on the form's page
        return response

    def context(self, form, formset, version=None, **extra):
        """`version` is the one the user started from: kept across a re-shown invalid form."""
        return self.get_context_data(
            object=form, formset=formset, totals=activity_forms.totals(form), version=version or form.version, **extra
        )

    def post(self, request, *args, **kwargs):
        form = self.get_object()
        formset = self.formset(form, request.POST)
        if not formset.is_valid():
            messages.error(request, "Nothing was saved: correct the lines marked below.")
            return self.render_to_response(self.context(form, formset, version=request.POST.get("version")))
        try:
            saved = activity_forms.save(
                form,
                formset,
                user=request.user,
                version=request.POST.get("version", ""),
                and_submit="submit" in request.POST,
            )
        except records.Conflict as conflict:
            # What they typed stays in the form, now based on the saved version; the other person's
            # lines are listed below it, so nothing is overwritten unseen.
            messages.error(request, " ".join(conflict.messages))
            current = get_object_or_404(self.get_queryset(), pk=form.pk)
            return self.render_to_response(
                self.context(current, formset, version=current.version, saved_contacts=current.contacts.all()),
                status=409,
            )
        if "submit" in request.POST:
            messages.success(request, f"Submitted the form for {saved.month:%B %Y}.")
            return redirect(saved)
        messages.success(request, "Saved as a draft.")
        return redirect("mentoring:activity-form-update", saved.pk)


class ActivityFormReviewView(FormMixin, View):
    """POST: submit; approve, return with a comment, or re-open an approved form for correction. Who
    may do which is checked by mentoring.services.activity_forms."""

    permission = "activity_form.edit"
    http_method_names = ["post"]

    def post(self, request, pk):
        form = get_object_or_404(self.get_queryset(), pk=pk)
        review = ReviewForm(request.POST)
        if not review.is_valid():
            messages.error(request, "The review could not be read; reload the page.")
            return redirect(form)
        version, comment = review.cleaned_data["version"], review.cleaned_data["comment"]
        action = request.POST.get("action")
        try:
            if action == "approve":
                activity_forms.approve(
                    form,
                    user=request.user,
                    version=version,
                    confirmed_no_prohibited_activity=review.cleaned_data["confirm_no_prohibited_activity"],
                )
                messages.success(request, "Approved. The form is now locked.")
            elif action == "return":
                activity_forms.return_form(form, user=request.user, comment=comment, version=version)
                messages.success(request, "Returned with your comment.")
            elif action == "reopen":
                activity_forms.reopen_for_correction(form, user=request.user, reason=comment, version=version)
                messages.success(request, "Re-opened for correction; the reason is kept.")
                return redirect("mentoring:activity-form-update", form.pk)
            elif action == "submit":
                activity_forms.submit(form, user=request.user, version=version)
                messages.success(request, "Submitted.")
            else:
                messages.error(request, "Unknown action.")
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect(form)
