"""Request-level protections: the client's address behind a proxy (for django-axes), the absolute
session lifetime, the security headers Django does not set itself, and the plain 500 page.

What each guarantees, and the test that proves it, is listed in the README's "Security" section.
"""

import logging
import secrets
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.template import loader
from django.utils.cache import add_never_cache_headers

logger = logging.getLogger("parentpartner.security")

LOGIN_TIME_KEY = "login_time"


def client_ip(request: HttpRequest) -> str:
    """The client's address for lockouts. With TRUSTED_PROXY_COUNT = n reverse proxies in front, each
    appends the address it saw to X-Forwarded-For, so the n-th entry from the right is the one the
    outermost trusted proxy saw; anything further left was sent by the client and may be forged."""
    count = settings.TRUSTED_PROXY_COUNT
    if count > 0:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= count:
            return forwarded[-count]
    return request.META.get("REMOTE_ADDR", "")


@receiver(user_logged_in)
def _remember_login_time(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        request.session[LOGIN_TIME_KEY] = int(time.time())


@receiver(user_logged_out)
def _end_every_session_of_the_user(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    """Logging out ends the user's sessions on every device: the new epoch changes the session hash
    that each of their sessions was stamped with (User.get_session_auth_hash)."""
    if user is not None and user.pk:
        user.end_all_sessions()


class SessionLifetimeMiddleware:
    """Ends a session 12 hours (SESSION_ABSOLUTE_SECONDS) after its login, however active it was.
    The 30-minute idle limit is the cookie's own age (SESSION_COOKIE_AGE, renewed on each request)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            started = request.session.get(LOGIN_TIME_KEY)
            # A session without a login time predates this check: treat it as expired. Not logout(): that
            # would end the user's sessions on their other devices too.
            if started is None or time.time() - started > settings.SESSION_ABSOLUTE_SECONDS:
                request.session.flush()
                request.user = AnonymousUser()
        return self.get_response(request)


class ContentSecurityPolicyMiddleware:
    """Content-Security-Policy (no inline scripts or styles, no framing) and Permissions-Policy on
    every response; Django's SecurityMiddleware sets HSTS, nosniff, Referrer-Policy and COOP, and
    XFrameOptionsMiddleware sets X-Frame-Options: DENY."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class NoStoreMiddleware:
    """`Cache-Control: no-store` (with Django's other never-cache headers) on every response the
    application makes: a page, an export, a redirect or an error, logged in or not, so that no case
    data stays in a browser's or a proxy's cache after the session ended, and no new page can forget
    it. Static files keep their long caching: WhiteNoise answers them before this middleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # An export that already says `no-store` (parentpartner.services.exports) is left as it is.
        if "no-store" not in response.get("Cache-Control", ""):
            add_never_cache_headers(response)
        return response


def server_error(request: HttpRequest) -> HttpResponse:
    """The plain 500 page: no traceback, no settings, only a reference id that is logged with the
    exception, so a user can quote it and an administrator can find the error."""
    reference = secrets.token_hex(6)
    logger.error("Server error, reference %s, on %s %s", reference, request.method, request.path, exc_info=True)
    template = loader.get_template("500.html")
    return HttpResponseServerError(template.render({"reference": reference}))
