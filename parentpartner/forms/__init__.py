"""Forms: the pieces every app's forms are built from (`DATE`, `past_date`, `CrispyForm`, `paired`,
`VersionField`, `VersionedModelForm`: `from parentpartner.forms import X`), and the core's own forms,
one module per feature (`sites`, `people`, `progression`, `lead`, `two_factor`). They take input
only; the rules are in the services."""

import datetime

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def past_date(value, label="This date"):
    """Dates of things that happened: not in the future, not absurdly old."""
    if value is None:
        return value
    if value > timezone.localdate():
        raise forms.ValidationError(f"{label} cannot be in the future.")
    if value < datetime.date(1950, 1, 1):
        raise forms.ValidationError("Enter a date after 1950.")
    return value


class CrispyForm(forms.Form):
    layout: tuple = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.render_unmentioned_fields = True
        if self.layout:
            self.helper.layout = Layout(*self.layout)


def paired(*names):
    """Fields side by side on a wide screen, stacked on a phone."""
    return Row(*(Column(name, css_class="col-md") for name in names))


class VersionField(forms.IntegerField):
    """The hidden version the user started from. Being hidden, an error on it would show nowhere, so an
    unreadable value (tampered, truncated) reads as -1, a version no row has: the save is refused as a
    conflict (409) with its message on top of the form, never silently accepted."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValidationError:
            return -1

    def clean(self, value):
        value = self.to_python(value)
        if value is None and self.required:
            return -1
        self.validate(value)
        self.run_validators(value)
        return value


class VersionedModelForm(forms.ModelForm):
    """Carries the version the user started from, for AuditedSaveMixin's conflict check."""

    version = VersionField()
    layout: tuple = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        self.helper = FormHelper()
        self.helper.form_tag = False
        # Fields not named in the layout (the hidden version, the enrolment role) still render.
        self.helper.render_unmentioned_fields = True
        if self.layout:
            self.helper.layout = Layout(*self.layout)
