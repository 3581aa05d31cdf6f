"""A password an administrator set is temporary (parentpartner.services.logins): until the user has
chosen their own, every page sends them to the password change. `User.set_password` lowers the flag
when the user sets one themselves (password change, reset by e-mail)."""

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

OPEN_WITH_TEMPORARY_PASSWORD = {
    "password_change",
    "password_change_done",
    "logout",
    "parentpartner:two-factor-enrol",
    "parentpartner:two-factor-verify",
    "parentpartner:two-factor-backup-codes",
}


class PasswordChangeRequiredMiddleware:
    """Sends a user whose password an administrator set to the password change page, until they have
    chosen their own (`User.set_password` lowers the flag). Runs after the two-step login's middleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not getattr(user, "must_change_password", False):
            return None
        if request.resolver_match and request.resolver_match.view_name in OPEN_WITH_TEMPORARY_PASSWORD:
            return None
        return redirect("password_change")
