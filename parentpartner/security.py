"""Request-level protections: the client's address behind a proxy (for django-axes), password checks
that count towards the login's lockout, the password-reset mail limits, the absolute session lifetime,
the security headers Django does not set itself, the plain 500 page, and the plain 503 page while the
database is unreachable.

What each guarantees, and the test that proves it, is listed in the README's "Security" section.
"""

import hashlib
import logging
import secrets
import sys
import time
import unicodedata
from collections.abc import Callable
from typing import Any

import psycopg2
from django import db
from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.core.cache import caches
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.template import loader
from django.utils.cache import add_never_cache_headers
from django.views import defaults

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


def lockout_warning() -> str:
    """What every page that checks a password says before the lockout (django-axes' settings)."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return f"After {settings.AXES_FAILURE_LIMIT} wrong tries your login is locked for {minutes} minutes."


def password_is_right(request: HttpRequest | None, user: Any, password: str) -> bool:
    """The logged-in user's own password, checked as the login page checks it: Django's `authenticate`
    runs django-axes' backend first, which refuses while the username or the address is locked (and
    marks the request, so that AxesMiddleware answers with the lockout page, 429), and a wrong password
    sends `user_login_failed`, which axes counts in the same AccessAttempt and AccessFailureLog rows as
    a failed login. Without a request (the demo data, a script) there is no address to count: only the
    password is compared."""
    if request is None:
        return bool(password) and user.check_password(password)
    found = authenticate(request, username=user.get_username(), password=password)
    return found is not None and found.pk == user.pk


def count_failure(request: HttpRequest | None, user: Any) -> None:
    """A wrong second factor (a two-step login code) after a right password counts like a wrong
    password: the same signal the login page sends, so axes counts it and locks at the same limit."""
    if request is not None:
        user_login_failed.send(sender=__name__, credentials={"username": user.get_username()}, request=request)


def _take_slot(kind: str, value: str, limit: int) -> bool:
    """One of `limit` slots of `kind` for `value`, each taken for RESET_MAIL_LIMIT_WINDOW from the
    moment it is taken: so no window of that length holds more than `limit` requests. The database
    cache's `add` inserts the slot's row or finds it taken (its key is the primary key), so two web
    processes cannot both take the same free slot. The value is hashed: the table holds no address."""
    cache = caches[settings.RESET_MAIL_LIMIT_CACHE]
    digest = hashlib.sha256(f"{kind}:{value}".encode()).hexdigest()
    window = int(settings.RESET_MAIL_LIMIT_WINDOW.total_seconds())
    return any(cache.add(f"reset:{kind}:{digest}:{slot}", 1, timeout=window) for slot in range(limit))


def password_reset_mail_allowed(request: HttpRequest, email: str) -> bool:
    """At most RESET_MAIL_LIMIT_PER_CLIENT reset mails an hour asked from one client address, and
    at most RESET_MAIL_LIMIT_PER_ADDRESS to one e-mail address, whether or not a login has it (so
    the limit tells nothing about the address). A client over its limit takes no slot of the address."""
    client, address = client_ip(request), unicodedata.normalize("NFKC", email).casefold().strip()
    allowed = _take_slot("client", client, settings.RESET_MAIL_LIMIT_PER_CLIENT) and _take_slot(
        "address", address, settings.RESET_MAIL_LIMIT_PER_ADDRESS
    )
    if not allowed:
        logger.warning("Password reset mail limit reached (client %s); no mail sent", client)
    return allowed


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
    exception, so a user can quote it and an administrator can find the error. An unreachable database
    is the 503 page instead (DatabaseOutageMiddleware)."""
    error = sys.exc_info()[1]
    if database_outage(error):
        return unavailable(request, error)
    reference = secrets.token_hex(6)
    logger.error("Server error, reference %s, on %s %s", reference, request.method, request.path, exc_info=True)
    template = loader.get_template("500.html")
    return HttpResponseServerError(template.render({"reference": reference}))


# The database server is down, restarting, refusing connections or cut the connection: Django's wrapped
# errors, and psycopg2's own for anything raised outside Django's wrapper.
OUTAGE_ERRORS = (db.OperationalError, db.InterfaceError, psycopg2.OperationalError, psycopg2.InterfaceError)
RETRY_AFTER_SECONDS = 30
_VIEW_ANSWERED = "_parentpartner_view_answered"


def database_outage(error: BaseException | None) -> bool:
    """Whether `error`, or an error it was raised from, means the database could not be reached (the
    session store turns a failed save into SessionInterrupted, raised from the OperationalError)."""
    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, OUTAGE_ERRORS):
            return True
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return False


class DatabaseOutageMiddleware:
    """While the database is unreachable every page answers the plain 503 page (`unavailable`), never a
    500 or a 400. Last in MIDDLEWARE, so it is the first to see an exception from a view. Django turns
    an exception of any *other* middleware into a response at that middleware's own boundary, so a
    failed session load (the first look at `request.user`) or save reaches only the error handlers:
    `server_error` and `bad_request` below ask `database_outage` too. This middleware also notes that
    the view has answered: a failure after that (the session saved after a creation had committed) may
    follow a saved change, and the page says so. Django drops the broken connection itself: an error
    marks it (`errors_occurred`), the end of the request closes it when unusable, and
    CONN_HEALTH_CHECKS (parentpartner.env) checks a reused one before the next request's first query,
    so the app serves again as soon as the database is back, without a restart."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        setattr(request, _VIEW_ANSWERED, True)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        return unavailable(request, exception) if database_outage(exception) else None


def unavailable(request: HttpRequest, error: BaseException | None) -> HttpResponse:
    """The plain 503 page, with Retry-After and a reference id logged with the exception. Rendered
    without the request's context (no user, no menu): nothing on it may need the database."""
    reference = secrets.token_hex(6)
    logger.error(
        "Database unavailable, reference %s, on %s %s", reference, request.method, request.path, exc_info=error
    )
    sent = request.method not in ("GET", "HEAD", "OPTIONS")
    context = {"reference": reference, "sent": sent, "after_answer": sent and getattr(request, _VIEW_ANSWERED, False)}
    response = HttpResponse(loader.get_template("503.html").render(context), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """The 400 page, except when the "bad request" is a session that could not be saved because the
    database went away: that is the 503 page (after a creation: "it may have been saved, check")."""
    if database_outage(exception):
        return unavailable(request, exception)
    return defaults.bad_request(request, exception)
