"""Community outreach forms (R-FAM-7): a new form for a month, its lines, and the comment of a review
step. Bad input (future dates, dates outside the form's month, negative or absurd hours and miles) is a
message on the field, never a 500."""

from decimal import Decimal

from django import forms
from django.utils import timezone

from mentoring.forms.months import MonthField
from mentoring.models import OutreachActivity, OutreachForm
from mentoring.models.outreach import MAX_HOURS_PER_LINE, MAX_MILES_PER_LINE
from parentpartner.dates import first_of_month, last_day
from parentpartner.forms import DATE, VersionField, past_date
from parentpartner.models import ParentPartner, PartnerStatus
from parentpartner.roles import Role


class OutreachFormCreateForm(forms.ModelForm):
    month = MonthField(help_text="The month the outreach took place.")

    class Meta:
        model = OutreachForm
        fields = ["parent_partner", "month"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        partners = ParentPartner.objects.visible_to(user).exclude(status=PartnerStatus.INACTIVE)
        self.fields["parent_partner"].queryset = partners.select_related("site")
        if user.parent_partner_id and user.role == Role.PARENT_PARTNER:
            # Their own record is the one choice.
            self.fields["parent_partner"].initial = user.parent_partner_id

    def clean_month(self):
        month = self.cleaned_data["month"]
        if month > first_of_month(timezone.localdate()):
            raise forms.ValidationError("A form covers a month that has begun; this one is in the future.")
        return past_date(month, "The month")

    def clean(self):
        cleaned = super().clean()
        partner, month = cleaned.get("parent_partner"), cleaned.get("month")
        if partner and month and OutreachForm.objects.filter(parent_partner=partner, month=month).exists():
            self.add_error("month", f"{partner} already has a community outreach form for {month:%B %Y}.")
        return cleaned

    def validate_unique(self):
        # Checked in clean() with a message that names the person and the month.
        pass


class OutreachActivityForm(forms.ModelForm):
    class Meta:
        model = OutreachActivity
        fields = ["held_on", "kind", "description", "hours", "miles"]
        widgets = {"held_on": DATE, "description": forms.TextInput(attrs={"size": 30})}

    def __init__(self, *args, month=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.month = month
        self.fields["hours"].widget.attrs.update(min="0.25", max=str(MAX_HOURS_PER_LINE), step="0.25")
        self.fields["miles"].widget.attrs.update(min="0", max=str(MAX_MILES_PER_LINE), step="0.1")
        self.fields["miles"].required = False
        # An empty extra line stays unchanged (and ignored) unless something is typed in it.
        self.fields["miles"].initial = None
        for name, field in self.fields.items():
            if name in self.Meta.fields:
                css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
                field.widget.attrs["class"] = f"{css} {css}-sm"

    def clean_held_on(self):
        value = past_date(self.cleaned_data["held_on"])
        if self.month and not (self.month <= value <= last_day(self.month)):
            raise forms.ValidationError(f"The date must be in {self.month:%B %Y}, the month of this form.")
        return value

    def clean_hours(self):
        value = self.cleaned_data["hours"]
        if value is not None and value <= 0:
            raise forms.ValidationError("Hours must be more than zero.")
        if value is not None and value > MAX_HOURS_PER_LINE:
            raise forms.ValidationError(f"No more than {MAX_HOURS_PER_LINE} hours on one line.")
        return value

    def clean_miles(self):
        value = self.cleaned_data.get("miles")
        if value is None:
            return Decimal(0)
        if value < 0:
            raise forms.ValidationError("Miles cannot be negative.")
        if value > MAX_MILES_PER_LINE:
            raise forms.ValidationError(f"No more than {MAX_MILES_PER_LINE} miles on one line.")
        return value


OutreachActivityFormSet = forms.inlineformset_factory(
    OutreachForm, OutreachActivity, form=OutreachActivityForm, extra=3, can_delete=True, max_num=60
)


class CommentForm(forms.Form):
    """Return with a comment, or re-open for a correction with its reason; the version guards against
    acting on a form someone changed meanwhile."""

    text = forms.CharField(max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2}))
    version = VersionField()
