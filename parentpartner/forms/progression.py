"""Forms of role progression (R-ROLE-1..5, R-ROLE-7). They take input only; the rules are in
parentpartner.services.progression."""

from django import forms

from parentpartner import security
from parentpartner.forms import CrispyForm, VersionField
from parentpartner.services import two_factor

SIGNING_HELP = "Your own password: signing asks for it again."


class ReasonForm(CrispyForm):
    """Accepting into mentoring, pausing, ending, reinstating: always with a reason."""

    reason = forms.CharField(max_length=300, widget=forms.Textarea(attrs={"rows": 3}))
    version = VersionField()


class ApprovalFormStartForm(CrispyForm):
    commits = forms.BooleanField(
        label="The candidate commits to at least one year and at least two families, about 7-10 hours a "
        "month per family (R-ROLE-7)",
        required=False,
    )
    notes = forms.CharField(
        label="Coordinator's verification notes",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        required=False,
        help_text="What you verified: trainings, shadowing, skills shown.",
    )


class SignForm(CrispyForm):
    """Sign or return, with the signer's own password (R-ROLE-5)."""

    decision = forms.ChoiceField(
        label="Your decision",
        choices=[("sign", "Sign"), ("return", "Return it with a reason")],
        widget=forms.RadioSelect,
        initial="sign",
    )
    reason = forms.CharField(
        label="Reason for returning", widget=forms.Textarea(attrs={"rows": 3}), max_length=4000, required=False
    )
    witness_note = forms.CharField(
        label="Witness note",
        max_length=300,
        help_text="Who witnessed the candidate's paper signature, when, and where the paper is kept.",
    )
    password = forms.CharField(label="Your password", widget=forms.PasswordInput, help_text=SIGNING_HELP)
    code = forms.CharField(
        label="Code from your authenticator app",
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code"}),
        help_text="A signature asks for a fresh two-step login code (or one of your backup codes).",
    )
    version = VersionField()

    def __init__(self, *args, paper=False, **kwargs):
        super().__init__(*args, **kwargs)
        # Wrong passwords and codes count towards the login's lockout: the page says so beforehand.
        self.fields["password"].help_text = f"{SIGNING_HELP} {security.lockout_warning()}"
        if not two_factor.required():
            del self.fields["code"]
        if not paper:
            del self.fields["witness_note"]
        else:
            # A paper signature is recorded, not returned: the coordinator returns at their own turn.
            self.fields["decision"].choices = [("sign", "Record the paper signature")]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "return" and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", "Say why you return the form.")
        return cleaned
