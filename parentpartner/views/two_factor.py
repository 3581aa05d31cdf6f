"""The pages of two-factor authentication: enrol an authenticator app, enter a code after the
password, see the backup codes once. The rules are in parentpartner.services.two_factor."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from parentpartner.forms.two_factor import CodeForm
from parentpartner.services import two_factor

BACKUP_CODES_SESSION_KEY = "two_factor_backup_codes"


def _next_url(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if allowed else "home"


@never_cache
@sensitive_post_parameters("otp_token")
@login_required
def enrol(request):
    """Scan the QR code (or type the secret), confirm one code, then see the backup codes once."""
    user = request.user
    if two_factor.is_enrolled(user):
        return redirect("parentpartner:two-factor-verify")
    device = two_factor.pending_device(user)
    form = CodeForm(request.POST or None)
    form.fields["otp_token"].label = "The 6-digit code your app shows now"
    if request.method == "POST" and form.is_valid():
        codes = two_factor.confirm_enrolment(request, device, form.cleaned_data["otp_token"])
        if codes is not None:
            request.session[BACKUP_CODES_SESSION_KEY] = codes
            return redirect("parentpartner:two-factor-backup-codes")
        form.add_error("otp_token", "That code is not right. Check the time on your phone and enter the newest code.")
    context = {
        "form": form,
        "qr_code": two_factor.qr_code_data_uri(device),
        "secret": two_factor.secret_text(device),
        "next": _next_url(request),
        "hide_navigation": True,
    }
    return render(request, "registration/two_factor_enrol.html", context)


@never_cache
@sensitive_post_parameters("otp_token")
@login_required
def verify(request):
    """The second step of the login: a code from the app, or one of the backup codes."""
    if request.user.is_verified():
        return redirect(_next_url(request))
    if not two_factor.is_enrolled(request.user):
        return redirect("parentpartner:two-factor-enrol")
    form = CodeForm(request.POST or None)
    form.fields["otp_token"].label = "Code from your authenticator app, or a backup code"
    if request.method == "POST" and form.is_valid():
        if two_factor.verify(request, form.cleaned_data["otp_token"]):
            return redirect(_next_url(request))
        form.add_error(
            "otp_token",
            "That code is not right, or it was already used. Wait for the next code in your app and try again.",
        )
    context = {"form": form, "next": _next_url(request), "hide_navigation": True}
    return render(request, "registration/two_factor_verify.html", context)


@never_cache
@login_required
def backup_codes(request):
    """The backup codes, shown once right after enrolment; this page never shows them again."""
    codes = request.session.pop(BACKUP_CODES_SESSION_KEY, None)
    if codes is None:
        messages.info(request, "Your backup codes were shown once, when you set up two-step login.")
    return render(request, "registration/two_factor_backup_codes.html", {"codes": codes})
