"""The account pages Django provides, with this project's forms: the password change counts a wrong
old password towards the login's lockout; the password reset is rate-limited and answers every address
the same way, with its mail sent after the answer (`security`, `forms.accounts`)."""

import logging

from django.contrib.auth import views as auth_views
from django.core.mail import EmailMessage
from django.http import HttpResponseRedirect

from parentpartner import security
from parentpartner.forms.accounts import PasswordChangeForm, PasswordResetForm

logger = logging.getLogger("parentpartner.views.accounts")


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = PasswordChangeForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}


class RedirectThenMail(HttpResponseRedirect):
    """A redirect that sends its mails in close(), which the server calls once the answer has gone out
    (WSGI and ASGI alike): how long the mail server takes is never part of the answer's time."""

    def __init__(self, url: str, mails: list[EmailMessage]) -> None:
        super().__init__(url)
        self.mails = mails

    def close(self) -> None:
        super().close()
        mails, self.mails = self.mails, []
        for mail in mails:
            try:
                mail.send()
            except Exception:
                # As Django's own reset form: the visitor has had their answer; the failure is logged.
                logger.exception("Failed to send a password reset mail")


class PasswordResetView(auth_views.PasswordResetView):
    """The same answer, after the same work, whether a login has the address or not, and whether the
    mail limits allow a mail or not (`security.password_reset_mail_allowed`)."""

    form_class = PasswordResetForm

    def form_valid(self, form):
        allowed = security.password_reset_mail_allowed(self.request, form.cleaned_data["email"])
        answer = super().form_valid(form)  # builds the mails (PasswordResetForm.outgoing), sends none
        return RedirectThenMail(answer["Location"], form.outgoing if allowed else [])
