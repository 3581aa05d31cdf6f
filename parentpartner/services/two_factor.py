"""Two-factor authentication: a TOTP app plus one-time backup codes (django-otp), for every login
when settings.TWO_FACTOR_REQUIRED is on (the production default; `make run`'s demo turns it off).

After the password, a user without a confirmed authenticator enrols (scans the QR code, confirms a
code, sees the backup codes once); a user with one enters a code. Until then TwoFactorMiddleware lets
them reach only the pages in OPEN_BEFORE_VERIFICATION. Signatures ask for a fresh code too
(`verify_code`, called by parentpartner.services.progression.verify_signer).
"""

import base64
import logging
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

import django_otp
import qrcode
import qrcode.image.svg
from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from parentpartner.params import whole_number

logger = logging.getLogger("parentpartner.services.two_factor")

# URL names a logged-in but not yet verified user may open.
OPEN_BEFORE_VERIFICATION = {
    "parentpartner:two-factor-enrol",
    "parentpartner:two-factor-verify",
    "logout",
}


def required() -> bool:
    return settings.TWO_FACTOR_REQUIRED


def is_enrolled(user: Any) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


class TwoFactorMiddleware:
    """Sends a logged-in user who has not passed the second factor to enrolment or to the code page.
    Runs after django_otp's OTPMiddleware, which sets user.is_verified()."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        user = getattr(request, "user", None)
        if not required() or user is None or not user.is_authenticated or user.is_verified():
            return None
        if request.resolver_match and request.resolver_match.view_name in OPEN_BEFORE_VERIFICATION:
            return None
        target = "parentpartner:two-factor-verify" if is_enrolled(user) else "parentpartner:two-factor-enrol"
        return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")


def pending_device(user: Any) -> TOTPDevice:
    """The unconfirmed authenticator being enrolled: the same secret until it is confirmed, so that a
    reload of the page does not invalidate what the user already scanned."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)


def qr_code_data_uri(device: TOTPDevice) -> str:
    """The otpauth:// URL as an SVG QR code (no image library needed), as a data: URI for an <img>."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    return "data:image/svg+xml;base64," + base64.b64encode(image.to_string()).decode("ascii")


def secret_text(device: TOTPDevice) -> str:
    """The secret in base32, in groups of four, for typing into an app by hand."""
    secret = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@transaction.atomic
def confirm_enrolment(request: HttpRequest, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirms the authenticator with a code from it, replaces the backup codes and marks the
    session verified. Returns the new backup codes (to show once), or None if the code is wrong."""
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
    if device.confirmed or not device.verify_token(clean_token(token)):
        logger.warning("Two-factor enrolment code refused for user %s", device.user_id)
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user, confirmed=False).delete()
    codes = new_backup_codes(device.user)
    django_otp.login(request, device)
    logger.info("Two-factor enrolment confirmed for user %s", device.user_id)
    return codes


def new_backup_codes(user: Any) -> list[str]:
    """Replaces the user's backup codes; each works once (django-otp deletes a static token on use)."""
    StaticDevice.objects.filter(user=user).delete()
    static = StaticDevice.objects.create(user=user, name="Backup codes", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(settings.BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=static, token=code) for code in codes)
    return codes


def clean_token(token: str) -> str:
    return "".join((token or "").split()).lower()


def verify_code(user: Any, token: str) -> Any:
    """The user's device that accepts `token` (a 6-digit TOTP code or an unused backup code), or None.
    A TOTP code is accepted once (django-otp remembers the last time step used), a backup code is
    consumed, and wrong codes slow the next attempts down (OTP_*_THROTTLE_FACTOR). The shape of the
    token picks the device, so a backup code never counts as a wrong TOTP code or the reverse."""
    token = clean_token(token)
    if not token:
        return None
    # ASCII digits only: "１２３４５６" (fullwidth) is not a TOTP code and goes to the backup codes, which
    # refuse it, instead of reaching int() inside django-otp.
    model = TOTPDevice if len(token) == 6 and whole_number(token) is not None else StaticDevice
    with transaction.atomic():
        for device in model.objects.devices_for_user(user, confirmed=True).select_for_update():
            if device.verify_token(token):
                return device
    logger.warning("Two-factor code refused for user %s", user.pk)
    return None


def verify(request: HttpRequest, token: str) -> bool:
    """Completes the login's second step with a code."""
    device = verify_code(request.user, token)
    if device is None:
        return False
    django_otp.login(request, device)
    return True
