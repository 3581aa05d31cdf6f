"""The account forms Django provides, changed where a password check must count towards the login's
lockout (the password change) and where the answer must not tell a known address from an unknown one
(the password reset)."""

from typing import Any

from django import forms
from django.contrib.auth import forms as auth_forms
from django.core.mail import EmailMultiAlternatives
from django.template import loader

from parentpartner import security
from parentpartner.models import User


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    """The old password is checked as the login page checks it (`security.password_is_right`): a wrong
    one counts towards the lockout, and a locked login is refused even with the right one."""

    def __init__(self, user, *args, request=None, **kwargs):
        super().__init__(user, *args, **kwargs)
        self.request = request
        self.fields["old_password"].help_text = security.lockout_warning()

    def clean_old_password(self):
        old_password = self.cleaned_data["old_password"]
        if not security.password_is_right(self.request, self.user, old_password):
            raise forms.ValidationError(self.error_messages["password_incorrect"], code="password_incorrect")
        return old_password


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Builds the reset mail but does not send it: the view sends `outgoing` after its answer has gone
    out, so the answer takes as long for every address. For an address no login has, the same mail is
    built for a stand-in (never saved, never sent): the same token and the same templates, so the work
    before the answer is the same too."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.outgoing: list[EmailMultiAlternatives] = []

    def get_users(self, email):
        users = list(super().get_users(email))
        if users:
            return users
        stand_in = User(username="", email=email)
        stand_in.set_unusable_password()
        return [stand_in]

    def send_mail(
        self, subject_template_name, email_template_name, context, from_email, to_email, html_email_template_name=None
    ):
        # As Django's PasswordResetForm.send_mail builds it, without sending.
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        message = EmailMultiAlternatives(subject, body, from_email, [to_email])
        if html_email_template_name is not None:
            message.attach_alternative(loader.render_to_string(html_email_template_name, context), "text/html")
        if context["user"].pk is not None:
            self.outgoing.append(message)
