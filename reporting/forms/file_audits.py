"""Forms of the random file audits: the draw and a sampled file's checklist (R-SUP-4)."""

from typing import Any, cast

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.html import format_html

from mentoring.forms.months import MonthField
from parentpartner.forms import VersionField
from parentpartner.models import Site
from reporting.models import CHECKS, AuditKind, CheckResult, FileAudit
from reporting.services.file_audits import kind_for


class DrawForm(forms.Form):
    """R-SUP-4: the month and the sample size; a site coordinator also picks one of their sites. The
    seed is not asked for: the system draws one and records it."""

    month = MonthField(help_text="A month that has ended; its files are drawn once.")
    site = forms.ModelChoiceField(queryset=Site.objects.none(), required=False)
    sample_size = forms.IntegerField(min_value=1, max_value=500, initial=5, help_text="How many files to draw.")

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        if kind_for(user) == AuditKind.FILE_REVIEW:
            site = cast(forms.ModelChoiceField, self.fields["site"])  # declared above
            site.queryset = Site.objects.visible_to(user).order_by("name")
            site.required = True
        else:
            del self.fields["site"]


class FileAuditForm(forms.ModelForm):
    """The reviewer confirms or corrects the prefilled checks and writes findings and corrective
    actions; ticking sign-off locks the file."""

    version = VersionField()
    sign_off = forms.BooleanField(
        required=False, label="Sign off this file", help_text="Once signed off, the checklist cannot change."
    )

    class Meta:
        model = FileAudit
        fields = [*(f"{name}_check" for name, _ in CHECKS), "findings", "corrective_actions"]
        widgets = {
            **{f"{name}_check": forms.RadioSelect for name, _ in CHECKS},
            "findings": forms.Textarea(attrs={"rows": 4}),
            "corrective_actions": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version
        for name, _ in CHECKS:
            check = cast(forms.ChoiceField, self.fields[f"{name}_check"])  # the model's field has choices
            check.choices = CheckResult.choices  # radio buttons: no empty choice
            note = getattr(self.instance, f"{name}_note")
            # help_text is rendered as HTML: the note holds case data (names, notes), so it is escaped.
            check.help_text = format_html("From the data when drawn: {}", note) if note else ""
        self.helper = FormHelper()
        self.helper.form_tag = False
