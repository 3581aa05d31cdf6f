"""The code form of two-step login (enrolment and the second step)."""

from django import forms


class CodeForm(forms.Form):
    otp_token = forms.CharField(
        label="Code",
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}),
    )
