"""Pages of random client file audits (R-SUP-4): the list of draws, the draw form, a draw with its
sample and the re-run check, and each sampled file's checklist with sign-off."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils import timezone
from django.views.generic import DetailView, FormView, ListView, UpdateView

from parentpartner.access import has_permission
from parentpartner.dates import first_of_month, previous_month
from parentpartner.viewmixins import CreatesOnceMixin, HistoryMixin, PermissionMixin, ScopedMixin, show_errors
from reporting.forms.file_audits import DrawForm, FileAuditForm
from reporting.models import FileAudit, FileAuditDraw
from reporting.services import file_audits as audits


class DrawListView(ScopedMixin, ListView):
    permission = "file_audit.view"
    model = FileAuditDraw
    template_name = "reporting/draw_list.html"
    paginate_by = 25

    def get_queryset(self):
        return (
            super().get_queryset().select_related("site", "service_area", "drawn_by").order_by("-month", "kind", "pk")
        )

    def get_context_data(self, **kwargs):
        can_draw = has_permission(self.request.user, "file_audit.draw")
        # R-SUP-4: the months the user should have drawn and did not.
        overdue = audits.overdue_draws(self.request.user) if can_draw else []
        return super().get_context_data(can_draw=can_draw, overdue=overdue, **kwargs)


class DrawCreateView(CreatesOnceMixin, PermissionMixin, FormView):
    permission = "file_audit.draw"
    form_class = DrawForm
    template_name = "reporting/draw_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_initial(self):
        return {"month": previous_month(first_of_month(timezone.localdate())).strftime("%Y-%m")}

    def form_valid(self, form):
        try:
            made = audits.draw(
                self.request.user,
                month=form.cleaned_data["month"],
                sample_size=form.cleaned_data["sample_size"],
                site=form.cleaned_data.get("site"),
            )
        except ValidationError as error:
            show_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request, f"Drew {made.sample_size} of {len(made.population)} files with seed {made.seed}."
        )
        return redirect(made.get_absolute_url())


class DrawDetailView(ScopedMixin, HistoryMixin, DetailView):
    permission = "file_audit.view"
    model = FileAuditDraw
    template_name = "reporting/draw_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("site", "service_area", "drawn_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = self.object.audits.select_related("family__site", "signed_off_by").order_by("position")
        context["audits"] = rows
        if self.request.GET.get("rerun"):
            result = audits.rerun(self.object)
            names = {row.family_id: row.family for row in rows}
            context["rerun"] = {**result, "families": [names.get(pk, pk) for pk in result["sample"]]}
        return context


class FileAuditDetailView(ScopedMixin, HistoryMixin, DetailView):
    permission = "file_audit.view"
    model = FileAudit
    template_name = "reporting/fileaudit_detail.html"

    def get_queryset(self):
        return (
            super().get_queryset().select_related("draw__site", "draw__service_area", "family__site", "signed_off_by")
        )

    def get_context_data(self, **kwargs):
        can_review = has_permission(self.request.user, "file_audit.review") and not self.object.is_signed_off
        return super().get_context_data(can_review=can_review, **kwargs)


class FileAuditUpdateView(ScopedMixin, UpdateView):
    permission = "file_audit.review"
    model = FileAudit
    form_class = FileAuditForm
    template_name = "reporting/fileaudit_form.html"

    def get_queryset(self):
        return super().get_queryset().select_related("draw__site", "draw__service_area", "family__site")

    def form_valid(self, form):
        values = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            saved = audits.save_review(
                self.object,
                self.request.user,
                values=values,
                sign_off=form.cleaned_data["sign_off"],
                version=form.cleaned_data.get("version"),
            )
        except ValidationError as error:
            # A stale checklist (records.Conflict) is shown on the form like the other refusals.
            show_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, "Signed off." if saved.is_signed_off else "Saved the checklist.")
        return redirect(saved.get_absolute_url())
